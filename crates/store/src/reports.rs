//! Reporting schedules and each unit's report for a period, moved through its cycle in
//! one transaction with its audit row. Figures of a report that is submitted or
//! accepted cannot be written.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sqlx::Row;

use domain::reporting::{ReportStatus, ReportStep, Schedule, is_late, next_status};
use domain::{Decimal, DocumentId, OrgId, Period, TargetId, UserId};

use crate::{Actor, FigureChange, FigureWrite, Result, Store, StoreError, Tx, now_ms, on_db, on_tx};

/// A unit's report for one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub org: OrgId,
    pub document: DocumentId,
    pub period: String,
    pub status: ReportStatus,
    pub submitted_at: Option<i64>,
    pub submitted_by: Option<UserId>,
    pub reviewed_at: Option<i64>,
    pub reason: Option<String>,
    pub late: bool,
}

/// Figures of one unit's resolution for one grain period.
#[derive(Clone, Debug)]
pub struct FigureGroup {
    pub org: OrgId,
    pub document: DocumentId,
    pub period: String,
    pub entries: Vec<(TargetId, Option<Decimal>)>,
    /// Comments on some of the values, kept in their history.
    pub notes: Vec<(TargetId, String)>,
}

/// The largest import whose stored values are read ahead of the writer, all at once.
const READ_AHEAD_UP_TO: usize = 2_000_000;

/// Which report: a unit, its resolution and a grain period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportRef {
    pub org: OrgId,
    pub document: DocumentId,
    pub period: Period,
}

impl Report {
    fn draft(org: OrgId, document: DocumentId, period: &str) -> Report {
        Report {
            org,
            document,
            period: period.to_string(),
            status: ReportStatus::Draft,
            submitted_at: None,
            submitted_by: None,
            reviewed_at: None,
            reason: None,
            late: false,
        }
    }
}

const REPORT_COLUMNS: &str =
    "org_id, document_id, period, status, submitted_at, submitted_by, reviewed_at, reason, late";

fn report_from<R: Row>(r: &R) -> Result<Report>
where
    for<'c> &'c str: sqlx::ColumnIndex<R>,
    i64: for<'q> sqlx::Decode<'q, R::Database> + sqlx::Type<R::Database>,
    String: for<'q> sqlx::Decode<'q, R::Database> + sqlx::Type<R::Database>,
{
    let status: String = r.try_get("status")?;
    Ok(Report {
        org: OrgId(r.try_get("org_id")?),
        document: DocumentId(r.try_get("document_id")?),
        period: r.try_get("period")?,
        status: ReportStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("trạng thái báo cáo {status}")))?,
        submitted_at: r.try_get("submitted_at")?,
        submitted_by: r.try_get::<Option<i64>, _>("submitted_by")?.map(UserId),
        reviewed_at: r.try_get("reviewed_at")?,
        reason: r.try_get("reason")?,
        late: r.try_get::<i64, _>("late")? != 0,
    })
}

/// The refusal of a write into a submitted or accepted report.
fn locked(report: &Report) -> StoreError {
    let period = Period::parse(&report.period).map(|p| p.label()).unwrap_or_else(|_| report.period.clone());
    StoreError::Refused(format!(
        "Báo cáo kỳ {period} của đơn vị số {} {}: số liệu đã khóa. Cần được trả lại hoặc mở khóa trước khi sửa.",
        report.org.0,
        report.status.label().to_lowercase()
    ))
}

impl Tx {
    async fn report(&mut self, org: OrgId, doc: DocumentId, period: &str) -> Result<Report> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE org_id = $1 AND document_id = $2 AND period = $3"
        ));
        let found = on_tx!(self, c => sqlx::query(sql).bind(org.0).bind(doc.0).bind(period)
            .fetch_optional(c).await?.map(|r| report_from(&r)).transpose()?);
        Ok(found.unwrap_or_else(|| Report::draft(org, doc, period)))
    }

    /// Holds the units' reports still until this transaction ends: every writer of a
    /// unit's figures and every step of its reports takes this lock before reading a
    /// report's status, so a submit can never slip between the check and the write.
    /// `orgs` are sorted, so two writers never wait on each other in a circle. On SQLite
    /// the write transaction already holds the database (`BEGIN IMMEDIATE`).
    async fn lock_reports_of(&mut self, orgs: &[OrgId]) -> Result<()> {
        if let crate::TxConn::Pg(t) = &mut self.conn {
            let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
            sqlx::query("SELECT id FROM orgs WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
                .bind(ids)
                .fetch_all(&mut **t)
                .await?;
        }
        Ok(())
    }

    /// Refuses figures of a report that is submitted or accepted, under the unit's lock.
    pub async fn ensure_editable(&mut self, org: OrgId, doc: DocumentId, period: &str) -> Result<()> {
        self.lock_reports_of(&[org]).await?;
        let report = self.report(org, doc, period).await?;
        if report.status.editable() { Ok(()) } else { Err(locked(&report)) }
    }

    /// The unit and resolution a target belongs to.
    pub async fn target_owner(&mut self, target: TargetId) -> Result<(OrgId, DocumentId)> {
        let row: Option<(i64, i64)> = on_tx!(self, c => sqlx::query("SELECT org_id, document_id FROM targets WHERE id = $1")
            .bind(target.0).fetch_optional(c).await?
            .map(|r| -> Result<(i64, i64)> { Ok((r.try_get(0)?, r.try_get(1)?)) }).transpose()?);
        let (org, doc) = row.ok_or(StoreError::NotFound("chỉ tiêu"))?;
        Ok((OrgId(org), DocumentId(doc)))
    }
}

impl Store {
    pub async fn schedule(&self, doc: DocumentId) -> Result<Schedule> {
        let row: Option<(i64, i64)> = on_db!(&self.db, p => {
            sqlx::query("SELECT cutoff_day, due_days FROM schedules WHERE document_id = $1")
                .bind(doc.0).fetch_optional(p).await?
                .map(|r| -> Result<(i64, i64)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
                .transpose()?
        });
        Ok(row.map(|(c, d)| Schedule { cutoff_day: c as u32, due_days: d as u32 }).unwrap_or_default())
    }

    pub async fn put_schedule(&self, actor: &Actor, doc: DocumentId, s: Schedule) -> Result<()> {
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO schedules (document_id, cutoff_day, due_days) VALUES ($1, $2, $3)
             ON CONFLICT (document_id) DO UPDATE SET cutoff_day = excluded.cutoff_day, due_days = excluded.due_days")
            .bind(doc.0).bind(i64::from(s.cutoff_day)).bind(i64::from(s.due_days)).execute(c).await?.rows_affected());
        let after = serde_json::json!({"cutoff_day": s.cutoff_day, "due_days": s.due_days}).to_string();
        tx.audit(actor, "set", "schedule", &doc.to_string(), None, Some(after)).await?;
        tx.commit().await
    }

    /// The report of `org` for `period` of resolution `doc` (a draft when none is stored).
    pub async fn report(&self, org: OrgId, doc: DocumentId, period: &str) -> Result<Report> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE org_id = $1 AND document_id = $2 AND period = $3"
        ));
        let found = on_db!(&self.db, p => sqlx::query(sql).bind(org.0).bind(doc.0).bind(period)
            .fetch_optional(p).await?.map(|r| report_from(&r)).transpose()?);
        Ok(found.unwrap_or_else(|| Report::draft(org, doc, period)))
    }

    /// The stored reports of one period, for a dashboard's report column and counts.
    pub async fn list_reports_of(&self, period: &str) -> Result<Vec<Report>> {
        let sql =
            sqlx::AssertSqlSafe(format!("SELECT {REPORT_COLUMNS} FROM reports WHERE period = $1 ORDER BY org_id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(period).fetch_all(p).await?.iter().map(report_from).collect()
        })
    }

    /// Every stored report, for summaries and inboxes.
    pub async fn list_reports(&self) -> Result<Vec<Report>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {REPORT_COLUMNS} FROM reports ORDER BY period, org_id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).fetch_all(p).await?.iter().map(report_from).collect()
        })
    }

    /// Moves a report one step through its cycle on `today`; a refused step says why.
    pub async fn step_report(
        &self,
        actor: &Actor,
        at: ReportRef,
        step: ReportStep,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Report> {
        let reason = reason.map(vn::text::clean).filter(|r| !r.is_empty());
        if step.needs_reason() && reason.is_none() {
            return Err(StoreError::Refused("Lý do: cần ghi lý do để đơn vị biết phải làm gì.".into()));
        }
        let ReportRef { org, document: doc, period } = at;
        let schedule = self.schedule(doc).await?;
        let code = period.code();
        let mut tx = self.begin().await?;
        tx.lock_reports_of(&[org]).await?;
        let before = tx.report(org, doc, &code).await?;
        let status = next_status(before.status, step).map_err(StoreError::Refused)?;
        let now = now_ms();
        let mut after = before.clone();
        after.status = status;
        match step {
            ReportStep::Submit => {
                after.submitted_at = Some(now);
                after.submitted_by = actor.user;
                after.late = is_late(&schedule, period, today);
            }
            ReportStep::Accept | ReportStep::Return => after.reviewed_at = Some(now),
            ReportStep::Unlock => {}
        }
        if reason.is_some() {
            after.reason = reason.clone();
        }
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO reports (org_id, document_id, period, status, submitted_at, submitted_by, reviewed_at, reviewed_by, reason, late, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (org_id, document_id, period) DO UPDATE SET status = excluded.status,
               submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by, reviewed_at = excluded.reviewed_at,
               reviewed_by = excluded.reviewed_by, reason = excluded.reason, late = excluded.late, updated_at = excluded.updated_at")
            .bind(org.0).bind(doc.0).bind(&code).bind(status.code())
            .bind(after.submitted_at).bind(after.submitted_by.map(|u| u.0))
            .bind(after.reviewed_at).bind(if step == ReportStep::Submit { None } else { actor.user.map(|u| u.0) })
            .bind(after.reason.clone()).bind(i64::from(after.late)).bind(now)
            .execute(c).await?.rows_affected());
        let json =
            |r: &Report| serde_json::json!({"status": r.status.code(), "reason": r.reason, "late": r.late}).to_string();
        tx.audit(
            actor,
            step.code(),
            "report",
            &format!("{}/{}/{code}", org.0, doc.0),
            Some(json(&before)),
            Some(json(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Writes figures of several units and periods (an imported file) in one
    /// transaction: all or nothing, each group refused when its report is locked.
    /// Returns how many values changed; `progress` hears how many values each period
    /// wrote, so a command line can show how far a national import has come.
    pub async fn write_figure_groups(
        &self,
        actor: &Actor,
        groups: &[FigureGroup],
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<usize> {
        let mut by_period: BTreeMap<&str, Vec<&FigureGroup>> = BTreeMap::new();
        for g in groups {
            by_period.entry(g.period.as_str()).or_default().push(g);
        }
        let total: usize = groups.iter().map(|g| g.entries.len()).sum();
        // Reading ahead holds every stored value at once: for the largest imports the
        // values are read inside the writer, a period at a time, in bounded memory.
        let ahead = if total <= READ_AHEAD_UP_TO {
            let wanted: Vec<(&str, Vec<TargetId>)> = by_period
                .iter()
                .map(|(&p, gs)| (p, gs.iter().flat_map(|g| g.entries.iter().map(|e| e.0)).collect()))
                .collect();
            self.read_ahead(&wanted).await?
        } else {
            None
        };
        let mut tx = self.begin().await?;
        let mut known = match ahead {
            Some(ahead) => ahead.inside(&mut tx).await?,
            None => None,
        };
        let mut orgs: Vec<OrgId> = groups.iter().map(|g| g.org).collect();
        orgs.sort();
        orgs.dedup();
        tx.lock_reports_of(&orgs).await?;
        // Each period's locked reports are read once, then every group is checked.
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE period = $1");
        let mut changed = 0;
        for (period, groups) in by_period {
            let stored: HashMap<(OrgId, DocumentId), Report> = on_tx!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(period).fetch_all(c).await?
                .iter().map(|r| report_from(r).map(|r| ((r.org, r.document), r))).collect::<Result<_>>()?);
            let mut writes: Vec<FigureWrite> = Vec::new();
            for g in groups {
                if let Some(report) = stored.get(&(g.org, g.document)).filter(|r| !r.status.editable()) {
                    return Err(locked(report));
                }
                writes.extend(g.entries.iter().map(|&(target, value)| FigureWrite {
                    target,
                    value,
                    expected: None,
                    note: g.notes.iter().find(|(t, _)| *t == target).map(|(_, n)| n.clone()),
                }));
            }
            // One write per period, whatever the number of units: a few statements per
            // chunk of values rather than per unit.
            let stored = known.as_mut().and_then(|k| k.remove(period));
            changed += tx.write_figures_over(actor, period, &writes, stored).await?.len();
            progress(writes.len());
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Writes a unit's figures for a period of its resolution, refusing when its report
    /// is submitted or accepted (checked inside the same transaction).
    pub async fn write_unit_figures(
        &self,
        actor: &Actor,
        org: OrgId,
        doc: DocumentId,
        period: &str,
        entries: &[FigureWrite],
    ) -> Result<Vec<FigureChange>> {
        let mut tx = self.begin().await?;
        tx.ensure_editable(org, doc, period).await?;
        let changes = tx.write_figures(actor, period, entries).await?;
        tx.commit().await?;
        Ok(changes)
    }
}
