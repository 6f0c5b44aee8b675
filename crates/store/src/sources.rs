//! Texts read with "Nhập từ văn bản" and what their confirmed facts produced: meetings,
//! document references, tasks and figures, all written in one transaction with the
//! text they came from.

use chrono::NaiveDate;
use sqlx::Row;

use domain::{Decimal, OrgId, TargetId};

use crate::{Actor, FigureChange, Result, Store, StoreError, now_ms, on_db, on_tx};

/// One confirmed fact, as the record it becomes.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceItem {
    Meeting {
        kind: String,
        held_on: Option<NaiveDate>,
        title: String,
        /// Who chaired, as the text says it ("Bí thư Thành ủy Nguyễn Văn Tuấn").
        chair: Option<String>,
    },
    DocumentRef {
        doc_type: String,
        number: Option<vn::DocumentNumber>,
        issued_on: Option<NaiveDate>,
        issuer: Option<String>,
    },
    Task {
        body: String,
        assignee: Option<String>,
        /// The unit of the tree the assignee names, when it names one.
        assignee_org: Option<OrgId>,
        due_on: Option<NaiveDate>,
    },
    Figure {
        target: TargetId,
        period: String,
        value: Decimal,
    },
}

/// A text to keep, with the facts the user confirmed (as JSON, for the record).
pub struct NewSource {
    pub org: OrgId,
    pub title: String,
    pub body: String,
    pub facts: serde_json::Value,
    pub items: Vec<SourceItem>,
}

/// What recording a text wrote.
#[derive(Debug, Default)]
pub struct Recorded {
    pub source: i64,
    /// The text was kept before: what is new was added to it, nothing doubled.
    pub updated: bool,
    pub meetings: usize,
    pub document_refs: usize,
    pub tasks: usize,
    pub figures: Vec<FigureChange>,
}

/// A kept text and the records it produced, for its page.
#[derive(Clone, Debug)]
pub struct SourceView {
    pub id: i64,
    pub org: OrgId,
    pub title: String,
    pub body: String,
    pub created_at: i64,
    /// (kind label, description) of every record made from the text.
    pub records: Vec<(String, String)>,
}

impl Store {
    /// Keeps the text and writes every confirmed item, all or nothing. The same text read
    /// in again updates the one kept: its meeting takes the confirmed kind, date, name
    /// and chair, items it does not yet have are added, none is doubled.
    pub async fn record_source(&self, actor: &Actor, s: &NewSource) -> Result<Recorded> {
        // Kept trimmed: the same text read in again is recognised however it was pasted.
        let body = vn::nfc(s.body.trim());
        if body.is_empty() {
            return Err(StoreError::Refused("Văn bản: chưa có nội dung.".into()));
        }
        let now = now_ms();
        let mut tx = self.begin().await?;
        // The same text read in again is recognised, never kept twice.
        let kept: Option<i64> = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT id FROM sources WHERE org_id = $1 AND body = $2 ORDER BY id LIMIT 1")
            .bind(s.org.0).bind(&body).fetch_optional(c).await?);
        let source: i64 = match kept {
            Some(id) => id,
            None => on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO sources (org_id, title, body, facts, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(s.org.0).bind(vn::text::clean(&s.title)).bind(&body).bind(s.facts.to_string())
                .bind(actor.user.map(|u| u.0)).bind(now)
                .fetch_one(c).await?.try_get(0)?),
        };
        let mut out = Recorded { source, updated: kept.is_some(), ..Recorded::default() };
        // Tasks read with a meeting are that meeting's conclusions; a text kept before
        // keeps its meeting.
        let mut meeting: Option<i64> = match kept {
            Some(id) => on_tx!(&mut tx, c => sqlx::query_scalar(
                "SELECT id FROM meetings WHERE source_id = $1 ORDER BY id LIMIT 1").bind(id).fetch_optional(c).await?),
            None => None,
        };
        for item in &s.items {
            match item {
                SourceItem::Meeting { kind, held_on, title, chair } if meeting.is_some() && kept.is_some() => {
                    let chair = chair.as_deref().and_then(vn::text::clean_nonempty);
                    on_tx!(&mut tx, c => sqlx::query(
                        "UPDATE meetings SET kind = $1, held_on = $2, title = $3, chair = COALESCE($4, chair) WHERE id = $5")
                        .bind(kind).bind(held_on.map(|d| d.to_string())).bind(vn::text::clean(title)).bind(chair)
                        .bind(meeting).execute(c).await?.rows_affected());
                }
                SourceItem::Meeting { kind, held_on, title, chair } => {
                    let chair = chair.as_deref().and_then(vn::text::clean_nonempty);
                    let id: i64 = on_tx!(&mut tx, c => sqlx::query(
                        "INSERT INTO meetings (org_id, kind, held_on, title, chair, source_id, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                        .bind(s.org.0).bind(kind).bind(held_on.map(|d| d.to_string())).bind(vn::text::clean(title))
                        .bind(chair).bind(source).bind(now).fetch_one(c).await?.try_get(0)?);
                    meeting = meeting.or(Some(id));
                    out.meetings += 1;
                }
                SourceItem::DocumentRef { doc_type, number, .. }
                    if kept.is_some()
                        && {
                            let key = number.as_ref().map(|n| n.key()).unwrap_or_default();
                            let n: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
                            "SELECT COUNT(*) FROM document_refs WHERE source_id = $1 AND doc_type = $2 AND COALESCE(number_key, '') = $3")
                            .bind(source).bind(doc_type).bind(&key).fetch_one(c).await?);
                            n > 0
                        } => {}
                SourceItem::DocumentRef { doc_type, number, issued_on, issuer } => {
                    on_tx!(&mut tx, c => sqlx::query(
                        "INSERT INTO document_refs (org_id, doc_type, number_raw, number_key, issued_on, issuer, source_id)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(s.org.0).bind(doc_type)
                        .bind(number.as_ref().map(|n| n.canonical())).bind(number.as_ref().map(|n| n.key()))
                        .bind(issued_on.map(|d| d.to_string())).bind(issuer.as_deref().map(vn::text::clean))
                        .bind(source).execute(c).await?.rows_affected());
                    out.document_refs += 1;
                }
                SourceItem::Task { body, .. }
                    if kept.is_some() && {
                        let n: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
                            "SELECT COUNT(*) FROM tasks WHERE source_id = $1 AND body = $2")
                            .bind(source).bind(vn::text::clean(body)).fetch_one(c).await?);
                        n > 0
                    } => {}
                SourceItem::Task { body, assignee, assignee_org, due_on } => {
                    on_tx!(&mut tx, c => sqlx::query(
                        "INSERT INTO tasks (org_id, body, assignee, assignee_org_id, due_on, source_id, created_at, meeting_id)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                        .bind(s.org.0).bind(vn::text::clean(body)).bind(assignee.as_deref().map(vn::text::clean))
                        .bind(assignee_org.map(|o| o.0))
                        .bind(due_on.map(|d| d.to_string())).bind(source).bind(now).bind(meeting)
                        .execute(c).await?.rows_affected());
                    out.tasks += 1;
                }
                SourceItem::Figure { target, period, value } => {
                    let (org, doc) = tx.target_owner(*target).await?;
                    tx.ensure_editable(org, doc, period).await?;
                    let changes = tx.write_figures(actor, period, &[(*target, Some(*value)).into()]).await?;
                    out.figures.extend(changes);
                }
            }
        }
        let after = serde_json::json!({
            "meetings": out.meetings, "document_refs": out.document_refs, "tasks": out.tasks, "figures": out.figures.len(),
        });
        let action = if out.updated { "update" } else { "create" };
        tx.audit(actor, action, "source", &source.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// The text of `org` kept with exactly this body, if any: (id, when).
    pub async fn source_with_body(&self, org: OrgId, body: &str) -> Result<Option<(i64, i64)>> {
        let body = vn::nfc(body.trim());
        Ok(on_db!(&self.db, p => sqlx::query_as(
            "SELECT id, created_at FROM sources WHERE org_id = $1 AND body = $2 ORDER BY id LIMIT 1")
            .bind(org.0).bind(&body).fetch_optional(p).await?))
    }

    /// The texts kept for an organisation, newest first: (id, title, created_at).
    pub async fn list_sources(&self, org: OrgId) -> Result<Vec<(i64, String, i64)>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, title, created_at FROM sources WHERE org_id = $1 ORDER BY id DESC LIMIT 50")
                .bind(org.0).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok((r.try_get("id")?, r.try_get("title")?, r.try_get("created_at")?)))
                .collect()
        })
    }

    pub async fn source(&self, id: i64) -> Result<SourceView> {
        let head: Option<(i64, String, String, i64)> = on_db!(&self.db, p => sqlx::query(
            "SELECT org_id, title, body, created_at FROM sources WHERE id = $1")
            .bind(id).fetch_optional(p).await?
            .map(|r| Ok::<_, StoreError>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).transpose()?);
        let (org, title, body, created_at) = head.ok_or(StoreError::NotFound("văn bản"))?;
        let text = |r: Option<String>| r.unwrap_or_default();
        let mut records: Vec<(String, String)> = Vec::new();
        let rows: Vec<(String, Option<String>, String)> = on_db!(&self.db, p => sqlx::query(
            "SELECT kind, held_on, title FROM meetings WHERE source_id = $1 ORDER BY id")
            .bind(id).fetch_all(p).await?.into_iter()
            .map(|r| Ok::<_, StoreError>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_>>()?);
        for (kind, held, title) in rows {
            records.push(("Cuộc họp".into(), format!("{kind} · {} · {title}", text(held))));
        }
        let rows: Vec<(String, Option<String>, Option<String>)> = on_db!(&self.db, p => sqlx::query(
            "SELECT doc_type, number_raw, issued_on FROM document_refs WHERE source_id = $1 ORDER BY id")
            .bind(id).fetch_all(p).await?.into_iter()
            .map(|r| Ok::<_, StoreError>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_>>()?);
        for (t, n, d) in rows {
            records.push(("Văn bản dẫn chiếu".into(), format!("{t} {} {}", text(n), text(d)).trim().to_string()));
        }
        let rows: Vec<(String, Option<String>, Option<String>)> = on_db!(&self.db, p => sqlx::query(
            "SELECT body, assignee, due_on FROM tasks WHERE source_id = $1 ORDER BY id")
            .bind(id).fetch_all(p).await?.into_iter()
            .map(|r| Ok::<_, StoreError>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_>>()?);
        for (b, a, d) in rows {
            let due = d.map(|d| format!(" (hạn {d})")).unwrap_or_default();
            records.push(("Nhiệm vụ".into(), format!("{}: {b}{due}", a.unwrap_or_else(|| "chưa rõ đơn vị".into()))));
        }
        Ok(SourceView { id, org: OrgId(org), title, body, created_at, records })
    }

    /// Counts of records made from texts: (meetings, document references, tasks).
    pub async fn source_counts(&self) -> Result<(i64, i64, i64)> {
        let n: (i64, i64, i64) = on_db!(&self.db, p => {
            let r = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM meetings), (SELECT COUNT(*) FROM document_refs), (SELECT COUNT(*) FROM tasks)")
                .fetch_one(p).await?;
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)
        });
        Ok(n)
    }
}
