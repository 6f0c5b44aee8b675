//! Meetings recorded by hand — a working session with a lower unit, a plenum, a review —
//! with their chair, the unit they concerned, the difficulties raised, and conclusions
//! that become tasks for named units, all written in one transaction.

use chrono::NaiveDate;
use sqlx::Row;
use vn::text::clean_nonempty;

use domain::OrgId;

use crate::tasks::{COLUMNS, NewTask, Origin, TaskRow, day, task_row};
use crate::{Actor, Result, Store, StoreError, now_ms, on_db, on_tx};

#[derive(Clone, Debug, PartialEq)]
pub struct NewMeeting {
    /// The unit that held it.
    pub org: OrgId,
    pub kind: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub chair: String,
    pub concerns: Option<OrgId>,
    pub difficulties: String,
    pub conclusions: Vec<NewTask>,
    /// The chair from the register, when chosen there.
    pub chair_person: Option<i64>,
    pub attendees: Vec<i64>,
    /// Documents discussed, as written.
    pub documents: String,
    /// Figures reported, as written.
    pub figures: String,
    /// Explanations given: (department, what it explained).
    pub explanations: Vec<(String, String)>,
}

/// A meeting with the tasks its conclusions gave, for its page.
#[derive(Clone, Debug)]
pub struct MeetingView {
    pub id: i64,
    pub org: OrgId,
    pub kind: String,
    pub held_on: Option<NaiveDate>,
    pub title: String,
    pub chair: Option<String>,
    pub concerns: Option<OrgId>,
    pub difficulties: Option<String>,
    pub source: Option<i64>,
    pub tasks: Vec<TaskRow>,
    pub documents: Option<String>,
    pub figures: Option<String>,
    /// Attendees' names as the register has them.
    pub attendees: Vec<String>,
    /// The same attendees' ids in the register, and the chair's when chosen there.
    pub attendee_ids: Vec<i64>,
    pub chair_person: Option<i64>,
    pub explanations: Vec<(String, String)>,
}

impl Store {
    /// Writes a meeting and one task per conclusion, all or nothing, with an audit row.
    pub async fn record_meeting(&self, actor: &Actor, m: &NewMeeting) -> Result<i64> {
        let title = vn::text::clean(&m.title);
        if title.is_empty() {
            return Err(StoreError::Refused("Tên cuộc họp: chưa nhập.".into()));
        }
        let now = now_ms();
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO meetings (org_id, kind, held_on, title, chair, concerns_org_id, difficulties, created_by, created_at,
                                   chair_person_id, documents, figures)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id")
            .bind(m.org.0).bind(&m.kind).bind(m.held_on.to_string()).bind(&title)
            .bind(clean_nonempty(&m.chair))
            .bind(m.concerns.map(|o| o.0))
            .bind(clean_nonempty(&m.difficulties))
            .bind(actor.user.map(|u| u.0)).bind(now)
            .bind(m.chair_person).bind(clean_nonempty(&m.documents)).bind(clean_nonempty(&m.figures))
            .fetch_one(c).await?.try_get(0)?);
        tx.write_meeting_parts(id, m).await?;
        tx.insert_tasks(m.org, Origin::Meeting(id), &m.conclusions).await?;
        let after = serde_json::json!({"kind": m.kind, "held_on": m.held_on.to_string(), "title": title, "tasks": m.conclusions.len()});
        tx.audit(actor, "create", "meeting", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a saved meeting: its heading, chair, attendees, documents, figures and
    /// explanations are replaced; new conclusions become tasks beside those it gave
    /// (which keep their own history). One transaction, with before and after audited.
    pub async fn update_meeting(&self, actor: &Actor, id: i64, m: &NewMeeting) -> Result<()> {
        let title = vn::text::clean(&m.title);
        if title.is_empty() {
            return Err(StoreError::Refused("Tên cuộc họp: chưa nhập.".into()));
        }
        let before = self.meeting(id).await?;
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE meetings SET kind = $1, held_on = $2, title = $3, chair = $4, concerns_org_id = $5, difficulties = $6,
                                 chair_person_id = $7, documents = $8, figures = $9 WHERE id = $10")
            .bind(&m.kind).bind(m.held_on.to_string()).bind(&title)
            .bind(clean_nonempty(&m.chair))
            .bind(m.concerns.map(|o| o.0))
            .bind(clean_nonempty(&m.difficulties))
            .bind(m.chair_person).bind(clean_nonempty(&m.documents)).bind(clean_nonempty(&m.figures)).bind(id)
            .execute(c).await?.rows_affected());
        for table in ["meeting_attendees", "meeting_explanations"] {
            let sql = sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE meeting_id = $1"));
            on_tx!(&mut tx, c => sqlx::query(sql).bind(id).execute(c).await?.rows_affected());
        }
        tx.write_meeting_parts(id, m).await?;
        tx.insert_tasks(m.org, Origin::Meeting(id), &m.conclusions).await?;
        let was = serde_json::json!({"kind": before.kind, "held_on": before.held_on.map(|d| d.to_string()), "title": before.title});
        let now = serde_json::json!({"kind": m.kind, "held_on": m.held_on.to_string(), "title": title, "tasks_added": m.conclusions.len()});
        tx.audit(actor, "update", "meeting", &id.to_string(), Some(was.to_string()), Some(now.to_string())).await?;
        tx.commit().await
    }

    /// Every meeting, for the search box: (id, unit, unit concerned, held_on, title).
    pub async fn all_meetings(&self) -> Result<Vec<(i64, OrgId, Option<OrgId>, Option<NaiveDate>, String)>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, org_id, concerns_org_id, held_on, title FROM meetings ORDER BY id")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| Ok((
                    r.try_get("id")?,
                    OrgId(r.try_get("org_id")?),
                    r.try_get::<Option<i64>, _>("concerns_org_id")?.map(OrgId),
                    day(r.try_get("held_on")?),
                    r.try_get("title")?,
                )))
                .collect()
        })
    }

    /// The meetings a unit held or that concerned it, newest first: (id, kind, held_on, title).
    pub async fn list_meetings(&self, org: OrgId) -> Result<Vec<(i64, String, Option<NaiveDate>, String)>> {
        let sql = "SELECT id, kind, held_on, title FROM meetings WHERE org_id = $1 OR concerns_org_id = $1
                   ORDER BY held_on DESC, id DESC";
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(org.0).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok((r.try_get("id")?, r.try_get("kind")?, day(r.try_get("held_on")?), r.try_get("title")?)))
                .collect()
        })
    }

    pub async fn meeting(&self, id: i64) -> Result<MeetingView> {
        let sql = "SELECT id, org_id, kind, held_on, title, chair, concerns_org_id, difficulties, source_id, documents, figures,
                          chair_person_id FROM meetings WHERE id = $1";
        let found: Option<MeetingView> = on_db!(&self.db, p => match sqlx::query(sql).bind(id).fetch_optional(p).await? {
            Some(r) => Some(MeetingView {
                id: r.try_get("id")?,
                org: OrgId(r.try_get("org_id")?),
                kind: r.try_get("kind")?,
                held_on: day(r.try_get("held_on")?),
                title: r.try_get("title")?,
                chair: r.try_get("chair")?,
                concerns: r.try_get::<Option<i64>, _>("concerns_org_id")?.map(OrgId),
                difficulties: r.try_get("difficulties")?,
                source: r.try_get("source_id")?,
                tasks: Vec::new(),
                documents: r.try_get("documents")?,
                figures: r.try_get("figures")?,
                attendees: Vec::new(),
                attendee_ids: Vec::new(),
                chair_person: r.try_get("chair_person_id")?,
                explanations: Vec::new(),
            }),
            None => None,
        });
        let mut view = found.ok_or(StoreError::NotFound("cuộc họp"))?;
        let sql = sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE meeting_id = $1 ORDER BY id"));
        view.tasks = on_db!(&self.db, p => {
            sqlx::query(sql).bind(id).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(task_row!(r)))
                .collect::<Result<Vec<_>>>()?
        });
        let sql = "SELECT pe.id, pe.full_name FROM meeting_attendees a JOIN people pe ON pe.id = a.person_id
                   WHERE a.meeting_id = $1 ORDER BY pe.id";
        let attendees: Vec<(i64, String)> = on_db!(&self.db, p => sqlx::query_as(sql).bind(id).fetch_all(p).await?);
        (view.attendee_ids, view.attendees) = attendees.into_iter().unzip();
        let sql = "SELECT department, content FROM meeting_explanations WHERE meeting_id = $1 ORDER BY id";
        view.explanations = on_db!(&self.db, p => {
            sqlx::query(sql).bind(id).fetch_all(p).await?.into_iter()
                .map(|r| Ok((r.try_get("department")?, r.try_get("content")?))).collect::<Result<Vec<_>>>()?
        });
        Ok(view)
    }
}

impl crate::Tx {
    /// A meeting's attendees and explanations, written with it.
    async fn write_meeting_parts(&mut self, id: i64, m: &NewMeeting) -> Result<()> {
        for person in &m.attendees {
            on_tx!(self, c => sqlx::query(
                "INSERT INTO meeting_attendees (meeting_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id).bind(person).execute(c).await?.rows_affected());
        }
        for (department, content) in &m.explanations {
            on_tx!(self, c => sqlx::query(
                "INSERT INTO meeting_explanations (meeting_id, department, content) VALUES ($1, $2, $3)")
                .bind(id).bind(vn::text::clean(department)).bind(vn::text::clean(content)).execute(c).await?.rows_affected());
        }
        Ok(())
    }
}
