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

const COLUMNS: &str = "SELECT id, org_id, body, assignee, due_on, done_on, done_note, source_id FROM tasks";

/// A task row, whichever engine read it.
macro_rules! task_row {
    ($r:expr) => {
        TaskRow {
            id: $r.try_get("id")?,
            org: OrgId($r.try_get("org_id")?),
            body: $r.try_get("body")?,
            assignee: $r.try_get("assignee")?,
            due_on: day($r.try_get("due_on")?),
            done_on: day($r.try_get("done_on")?),
            done_note: $r.try_get("done_note")?,
            source: $r.try_get("source_id")?,
        }
    };
}

impl Store {
    /// The tasks a unit gave, oldest first.
    pub async fn list_tasks(&self, org: OrgId) -> Result<Vec<TaskRow>> {
        let sql = sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE org_id = $1 ORDER BY id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(org.0).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(task_row!(r)))
                .collect()
        })
    }

    pub async fn task(&self, id: i64) -> Result<TaskRow> {
        let sql = sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE id = $1"));
        let row: Option<TaskRow> = on_db!(&self.db, p => match sqlx::query(sql).bind(id).fetch_optional(p).await? {
            Some(r) => Some(task_row!(r)),
            None => None,
        });
        row.ok_or(StoreError::NotFound("nhiệm vụ"))
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
