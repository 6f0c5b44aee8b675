//! Units over time: earlier versions, the lineage of changes, and applying a checked
//! restructuring plan in the caller's transaction.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::Row;

use domain::restructuring::{Plan, Unit};
use domain::units::{EventKind, UnitEvent, UnitVersion};
use domain::{OrgId, TargetId};

use crate::tasks::day;
use crate::{Actor, Change, Result, Store, StoreError, Tx, on_db, on_tx};

/// A unit's newest version as its row holds it.
struct Current {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    name: String,
    kind: String,
    parent: Option<OrgId>,
    code: Option<String>,
}

/// What a new version changes; `None` keeps the current value.
struct Versioned<'a> {
    name: Option<&'a str>,
    code: Option<&'a str>,
    parent: Option<OrgId>,
}

impl Tx {
    async fn current(&mut self, org: OrgId) -> Result<Current> {
        type Row = (Option<String>, Option<String>, String, String, Option<i64>, Option<String>);
        let (from, to, name, kind, parent, code) = on_tx!(self, c => sqlx::query_as::<_, Row>(
            "SELECT valid_from, valid_to, name, kind, parent_id, code FROM orgs WHERE id = $1")
            .bind(org.0).fetch_optional(c).await?)
        .ok_or(StoreError::NotFound("tổ chức"))?;
        Ok(Current { from: day(from), to: day(to), name, kind, parent: parent.map(OrgId), code })
    }

    /// Gives a unit a new name, code or parent from `on`; the old state becomes a version
    /// that ended that day. A second change on the same day amends the version it opened.
    async fn new_version(&mut self, actor: &Actor, org: OrgId, on: NaiveDate, change: Versioned<'_>) -> Result<()> {
        let cur = self.current(org).await?;
        if cur.to.is_some_and(|t| t <= on) || cur.from.is_some_and(|f| f > on) {
            return Err(StoreError::Refused(format!("“{}” không còn hiệu lực vào ngày này.", cur.name)));
        }
        if cur.from != Some(on) {
            on_tx!(self, c => sqlx::query(
                "INSERT INTO org_versions (org_id, valid_from, valid_to, name, kind, parent_id, code) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(org.0).bind(cur.from.map(|d| d.to_string())).bind(on.to_string()).bind(&cur.name).bind(&cur.kind).bind(cur.parent.map(|p| p.0))
                .bind(&cur.code).execute(c).await?.rows_affected());
        }
        let name = change.name.map(vn::text::clean).unwrap_or(cur.name.clone());
        let parent = change.parent.or(cur.parent);
        let code = change.code.map(vn::text::clean).or(cur.code.clone());
        on_tx!(self, c => sqlx::query(
            "UPDATE orgs SET name = $1, name_folded = $2, parent_id = $3, code = $4, valid_from = $5 WHERE id = $6")
            .bind(&name).bind(vn::fold(&name)).bind(parent.map(|p| p.0)).bind(&code).bind(on.to_string()).bind(org.0)
            .execute(c).await?.rows_affected());
        let before = json!({"name": cur.name, "parent": cur.parent.map(|p| p.0), "code": cur.code}).to_string();
        let after =
            json!({"name": name, "parent": parent.map(|p| p.0), "code": code, "from": on.to_string()}).to_string();
        self.audit(actor, "update", "org", &org.0.to_string(), Some(before), Some(after)).await
    }

    async fn end_unit(&mut self, actor: &Actor, org: OrgId, on: NaiveDate, successor: Option<OrgId>) -> Result<()> {
        let cur = self.current(org).await?;
        if cur.to.is_some() || cur.from.is_some_and(|f| f >= on) {
            return Err(StoreError::Refused(format!("“{}” không còn hiệu lực vào ngày này.", cur.name)));
        }
        on_tx!(self, c => sqlx::query("UPDATE orgs SET valid_to = $1, successor_id = $2 WHERE id = $3")
            .bind(on.to_string()).bind(successor.map(|s| s.0)).bind(org.0).execute(c).await?.rows_affected());
        let after = json!({"to": on.to_string(), "successor": successor.map(|s| s.0)}).to_string();
        self.audit(actor, "end", "org", &org.0.to_string(), None, Some(after)).await
    }

    async fn record_event(&mut self, actor: &Actor, e: &UnitEvent) -> Result<()> {
        let id: i64 = on_tx!(self, c => sqlx::query(
            "INSERT INTO org_events (kind, org_id, into_id, share, effective, decision) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(e.kind.code()).bind(e.org.0).bind(e.into.map(|i| i.0)).bind(e.share.map(i64::from))
            .bind(e.on.to_string()).bind(&e.decision).fetch_one(c).await?.try_get(0)?);
        let after = json!({"kind": e.kind.code(), "org": e.org.0, "into": e.into.map(|i| i.0),
                           "share": e.share, "on": e.on.to_string(), "decision": e.decision})
        .to_string();
        self.audit(actor, "create", "org_event", &id.to_string(), None, Some(after)).await
    }

    /// Applies a checked plan: founds its new units, then each step in order, each with
    /// its event and audit rows. Returns the ids given to the founded units.
    pub async fn apply_plan(&mut self, actor: &Actor, plan: &Plan) -> Result<Vec<OrgId>> {
        let mut founded: Vec<OrgId> = Vec::with_capacity(plan.founded.len());
        let id = |u: Unit, founded: &[OrgId]| match u {
            Unit::Existing(id) => Ok(id),
            Unit::New(n) => founded.get(n).copied().ok_or(StoreError::NotFound("đơn vị mới")),
        };
        for n in &plan.founded {
            let parent = n.parent.map(|p| id(p, &founded)).transpose()?;
            let name = vn::text::clean(&n.name);
            let new: i64 = on_tx!(self, c => sqlx::query(
                "INSERT INTO orgs (parent_id, name, name_folded, kind, valid_from, code, position) VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id")
                .bind(parent.map(|p| p.0)).bind(&name).bind(vn::fold(&name)).bind(&n.kind).bind(n.on.to_string()).bind(&n.code)
                .fetch_one(c).await?.try_get(0)?);
            let after = json!({"name": name, "kind": n.kind, "parent": parent.map(|p| p.0), "from": n.on.to_string()})
                .to_string();
            self.audit(actor, "create", "org", &new.to_string(), None, Some(after)).await?;
            founded.push(OrgId(new));
            let event = UnitEvent {
                kind: EventKind::Founded,
                org: OrgId(new),
                into: None,
                share: None,
                on: n.on,
                decision: n.decision.clone(),
            };
            self.record_event(actor, &event).await?;
        }
        for s in &plan.steps {
            let org = id(s.unit, &founded)?;
            let into = s.into.map(|u| id(u, &founded)).transpose()?;
            match s.kind {
                EventKind::Founded => continue,
                EventKind::Renamed => {
                    let change = Versioned { name: s.name.as_deref(), code: s.code.as_deref(), parent: None };
                    self.new_version(actor, org, s.on, change).await?
                }
                EventKind::Moved => {
                    let parent = s.parent.map(|u| id(u, &founded)).transpose()?;
                    self.new_version(actor, org, s.on, Versioned { name: None, code: None, parent }).await?
                }
                EventKind::Merged => self.end_unit(actor, org, s.on, into).await?,
                EventKind::Dissolved => self.end_unit(actor, org, s.on, None).await?,
                // A split has a row per part; the first ends the unit.
                EventKind::Split => {
                    if self.current(org).await?.to != Some(s.on) {
                        self.end_unit(actor, org, s.on, None).await?
                    }
                }
            }
            let event = UnitEvent { kind: s.kind, org, into, share: s.share, on: s.on, decision: s.decision.clone() };
            self.record_event(actor, &event).await?;
        }
        self.log(Change::Structure { what: "cơ cấu tổ chức" });
        Ok(founded)
    }

    /// Records that `target` continues `predecessor` (a target of an earlier term).
    pub async fn link_predecessor(&mut self, actor: &Actor, target: TargetId, predecessor: TargetId) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO target_predecessors (target_id, predecessor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(target.0).bind(predecessor.0).execute(c).await?.rows_affected());
        let after = json!({"predecessor": predecessor.0}).to_string();
        self.audit(actor, "link", "target", &target.0.to_string(), None, Some(after)).await?;
        self.log(Change::Structure { what: "chỉ tiêu" });
        Ok(())
    }
}

impl Store {
    /// Every version of every unit: the earlier ones and each unit's newest.
    pub async fn list_unit_versions(&self) -> Result<Vec<UnitVersion>> {
        let mut out: Vec<UnitVersion> = self.list_orgs().await?.iter().map(UnitVersion::of).collect();
        type Row = (i64, Option<String>, String, String, String, Option<i64>, Option<String>);
        let rows = on_db!(&self.db, p => sqlx::query_as::<_, Row>(
            "SELECT org_id, valid_from, valid_to, name, kind, parent_id, code FROM org_versions ORDER BY org_id, valid_to")
            .fetch_all(p).await?);
        for (org, from, to, name, kind, parent, code) in rows {
            let (from, to, parent) = (day(from), day(Some(to)), parent.map(OrgId));
            out.push(UnitVersion { org: OrgId(org), from, to, name, kind, parent, code });
        }
        Ok(out)
    }

    /// The lineage, oldest first.
    pub async fn list_unit_events(&self) -> Result<Vec<UnitEvent>> {
        type Row = (String, i64, Option<i64>, Option<i64>, String, String);
        let rows = on_db!(&self.db, p => sqlx::query_as::<_, Row>(
            "SELECT kind, org_id, into_id, share, effective, decision FROM org_events ORDER BY effective, id")
            .fetch_all(p).await?);
        rows.into_iter()
            .map(|(kind, org, into, share, on, decision)| {
                Ok(UnitEvent {
                    kind: EventKind::from_code(&kind).ok_or(StoreError::NotFound("loại thay đổi"))?,
                    org: OrgId(org),
                    into: into.map(OrgId),
                    share: share.map(|s| s as u32),
                    on: day(Some(on)).ok_or(StoreError::NotFound("ngày hiệu lực"))?,
                    decision,
                })
            })
            .collect()
    }

    /// Each target with the earlier-term targets it continues.
    pub async fn list_target_predecessors(&self) -> Result<Vec<(TargetId, TargetId)>> {
        let rows = on_db!(&self.db, p => sqlx::query_as::<_, (i64, i64)>(
            "SELECT target_id, predecessor_id FROM target_predecessors ORDER BY target_id, predecessor_id")
            .fetch_all(p).await?);
        Ok(rows.into_iter().map(|(t, p)| (TargetId(t), TargetId(p))).collect())
    }
}
