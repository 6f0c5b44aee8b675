//! Tasks given to units (from a conclusion read in a text, for now): listing them and
//! recording that one is done, with the unit's note.

use chrono::NaiveDate;
use sqlx::Row;

use domain::OrgId;

use crate::{Actor, Result, Store, StoreError, on_db, on_tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRow {
    pub id: i64,
    pub org: OrgId,
    pub body: String,
    pub assignee: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub done_note: Option<String>,
    pub source: Option<i64>,
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl Store {
    /// The tasks a unit gave, oldest first.
    pub async fn list_tasks(&self, org: OrgId) -> Result<Vec<TaskRow>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, org_id, body, assignee, due_on, done_on, done_note, source_id FROM tasks WHERE org_id = $1 ORDER BY id")
                .bind(org.0).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(TaskRow {
                    id: r.try_get("id")?,
                    org: OrgId(r.try_get("org_id")?),
                    body: r.try_get("body")?,
                    assignee: r.try_get("assignee")?,
                    due_on: day(r.try_get("due_on")?),
                    done_on: day(r.try_get("done_on")?),
                    done_note: r.try_get("done_note")?,
                    source: r.try_get("source_id")?,
                }))
                .collect()
        })
    }

    pub async fn task(&self, id: i64) -> Result<TaskRow> {
        let org: Option<i64> = on_db!(&self.db, p => sqlx::query("SELECT org_id FROM tasks WHERE id = $1")
            .bind(id).fetch_optional(p).await?.map(|r| r.try_get::<i64, _>(0)).transpose()?);
        let org = org.ok_or(StoreError::NotFound("nhiệm vụ"))?;
        let all = self.list_tasks(OrgId(org)).await?;
        all.into_iter().find(|t| t.id == id).ok_or(StoreError::NotFound("nhiệm vụ"))
    }

    /// Records the day a task was done and the unit's note, with an audit row.
    pub async fn finish_task(&self, actor: &Actor, id: i64, done_on: NaiveDate, note: &str) -> Result<()> {
        let before = self.task(id).await?;
        let note = vn::text::clean(note);
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query("UPDATE tasks SET done_on = $1, done_note = $2 WHERE id = $3")
            .bind(done_on.to_string()).bind(&note).bind(id).execute(c).await?.rows_affected());
        let b = serde_json::json!({"done_on": before.done_on.map(|d| d.to_string())}).to_string();
        let a = serde_json::json!({"done_on": done_on.to_string(), "note": note}).to_string();
        tx.audit(actor, "update", "task", &id.to_string(), Some(b), Some(a)).await?;
        tx.commit().await?;
        Ok(())
    }
}
