//! Inspection and supervision cases: recorded whole with their recommendations as tasks,
//! and read back by the inspecting body for its lists and period counts.

use chrono::NaiveDate;
use sqlx::Row;
use vn::text::clean_nonempty;

use domain::OrgId;
use domain::inspections::{Action, Discipline, Mode, Subject};

use crate::tasks::{NewTask, Origin, day};
use crate::{Actor, Result, Store, StoreError, now_ms, on_db, on_tx};

#[derive(Clone, Debug, PartialEq)]
pub struct NewInspection {
    /// The body that inspects (a committee or its inspection commission).
    pub org: OrgId,
    pub action: Action,
    pub mode: Mode,
    pub subject: Subject,
    /// The organisation inspected, or the member's organisation.
    pub subject_org: Option<OrgId>,
    pub member_name: String,
    pub decision: String,
    pub team: String,
    pub started_on: NaiveDate,
    pub findings: String,
    pub conclusion: String,
    pub discipline: Option<Discipline>,
    pub recommendations: Vec<NewTask>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InspectionRow {
    pub id: i64,
    pub org: OrgId,
    pub action: Action,
    pub mode: Mode,
    pub subject: Subject,
    pub subject_org: Option<OrgId>,
    pub member_name: Option<String>,
    pub decision: Option<String>,
    pub started_on: NaiveDate,
    pub conclusion: Option<String>,
    pub discipline: Option<Discipline>,
}

/// One line of an annual plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanLine {
    pub action: Action,
    pub mode: Mode,
    pub subject: Subject,
    pub planned: i64,
}

impl Store {
    /// Sets how many cases of a kind the body plans for a year (0 removes the line).
    pub async fn set_inspection_plan(&self, actor: &Actor, org: OrgId, year: i32, line: PlanLine) -> Result<()> {
        if line.planned < 0 {
            return Err(StoreError::Refused("Số kế hoạch: không được âm.".into()));
        }
        let key = (org.0, year, line.action.code(), line.mode.code(), line.subject.code());
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "DELETE FROM inspection_plans WHERE org_id = $1 AND year = $2 AND action = $3 AND mode = $4 AND subject = $5")
            .bind(key.0).bind(key.1).bind(key.2).bind(key.3).bind(key.4).execute(c).await?.rows_affected());
        if line.planned > 0 {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO inspection_plans (org_id, year, action, mode, subject, planned) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(key.0).bind(key.1).bind(key.2).bind(key.3).bind(key.4).bind(line.planned).execute(c).await?.rows_affected());
        }
        let after = serde_json::json!({"year": year, "action": key.2, "mode": key.3, "subject": key.4, "planned": line.planned});
        tx.audit(actor, "update", "inspection_plan", &org.0.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A body's plan for a year.
    pub async fn inspection_plan(&self, org: OrgId, year: i32) -> Result<Vec<PlanLine>> {
        let sql = "SELECT action, mode, subject, planned FROM inspection_plans WHERE org_id = $1 AND year = $2
                   ORDER BY action, mode, subject";
        let bad = |code: &str| StoreError::Corrupt(format!("kế hoạch kiểm tra “{code}”"));
        let out = on_db!(&self.db, p => {
            let mut out = Vec::new();
            for r in sqlx::query(sql).bind(org.0).bind(year).fetch_all(p).await? {
                let (a, m, s): (String, String, String) = (r.try_get("action")?, r.try_get("mode")?, r.try_get("subject")?);
                out.push(PlanLine {
                    action: Action::from_code(&a).ok_or_else(|| bad(&a))?,
                    mode: Mode::from_code(&m).ok_or_else(|| bad(&m))?,
                    subject: Subject::from_code(&s).ok_or_else(|| bad(&s))?,
                    planned: r.try_get("planned")?,
                });
            }
            out
        });
        Ok(out)
    }

    /// Writes a case and a task per recommendation, all or nothing, with an audit row.
    pub async fn record_inspection(&self, actor: &Actor, i: &NewInspection) -> Result<i64> {
        if let Some(d) = i.discipline.filter(|d| !d.applies_to(i.subject)) {
            let why = format!("Hình thức kỷ luật: “{}” không áp dụng cho {}.", d.label(), i.subject.label());
            return Err(StoreError::Refused(why));
        }
        if i.subject == Subject::Member && clean_nonempty(&i.member_name).is_none() {
            return Err(StoreError::Refused("Họ tên đảng viên: chưa nhập.".into()));
        }
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO inspections (org_id, action, mode, subject, subject_org_id, member_name, decision, team,
                                      started_on, findings, conclusion, discipline, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
            .bind(i.org.0).bind(i.action.code()).bind(i.mode.code()).bind(i.subject.code())
            .bind(i.subject_org.map(|o| o.0)).bind(clean_nonempty(&i.member_name)).bind(clean_nonempty(&i.decision)).bind(clean_nonempty(&i.team))
            .bind(i.started_on.to_string()).bind(clean_nonempty(&i.findings)).bind(clean_nonempty(&i.conclusion))
            .bind(i.discipline.map(|d| d.code())).bind(actor.user.map(|u| u.0)).bind(now_ms())
            .fetch_one(c).await?.try_get(0)?);
        tx.insert_tasks(i.org, Origin::Inspection(id), &i.recommendations).await?;
        let after = serde_json::json!({
            "action": i.action.code(), "mode": i.mode.code(), "subject": i.subject.code(),
            "discipline": i.discipline.map(|d| d.code()), "tasks": i.recommendations.len(),
        });
        tx.audit(actor, "create", "inspection", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The cases a body recorded that started within `from..=to`, oldest first.
    pub async fn list_inspections(&self, org: OrgId, from: NaiveDate, to: NaiveDate) -> Result<Vec<InspectionRow>> {
        let sql = "SELECT id, org_id, action, mode, subject, subject_org_id, member_name, decision, started_on,
                          conclusion, discipline
                   FROM inspections WHERE org_id = $1 AND started_on >= $2 AND started_on <= $3
                   ORDER BY started_on, id";
        let bad = |what: &str, code: &str| StoreError::Corrupt(format!("{what} “{code}”"));
        let out = on_db!(&self.db, p => {
            let rows = sqlx::query(sql).bind(org.0).bind(from.to_string()).bind(to.to_string()).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let (a, m, s): (String, String, String) = (r.try_get("action")?, r.try_get("mode")?, r.try_get("subject")?);
                let discipline: Option<String> = r.try_get("discipline")?;
                out.push(InspectionRow {
                    id: r.try_get("id")?,
                    org: OrgId(r.try_get("org_id")?),
                    action: Action::from_code(&a).ok_or_else(|| bad("action", &a))?,
                    mode: Mode::from_code(&m).ok_or_else(|| bad("mode", &m))?,
                    subject: Subject::from_code(&s).ok_or_else(|| bad("subject", &s))?,
                    subject_org: r.try_get::<Option<i64>, _>("subject_org_id")?.map(OrgId),
                    member_name: r.try_get("member_name")?,
                    decision: r.try_get("decision")?,
                    started_on: day(r.try_get("started_on")?).ok_or_else(|| bad("started_on", "?"))?,
                    conclusion: r.try_get("conclusion")?,
                    discipline: match discipline {
                        Some(d) => Some(Discipline::from_code(&d).ok_or_else(|| bad("discipline", &d))?),
                        None => None,
                    },
                });
            }
            out
        });
        Ok(out)
    }
}
