//! Tasks given to units by a meeting's conclusions or a text's: listing them for the unit
//! that gave them and the unit they fall to, and what that unit reported — progress with
//! evidence, a deadline extended with its reason, completion on a day.

use chrono::NaiveDate;
use sqlx::Row;
use vn::text::clean_nonempty;

use domain::OrgId;

use crate::{Actor, Result, Store, StoreError, Tx, now_ms, on_db, on_tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRow {
    pub id: i64,
    pub org: OrgId,
    pub body: String,
    pub assignee: Option<String>,
    /// The unit in the tree the task falls to, when it is known.
    pub assignee_org: Option<OrgId>,
    pub coordinating: Option<String>,
    pub expected: Option<String>,
    pub meeting: Option<i64>,
    /// The task this one was forwarded from.
    pub parent: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub done_note: Option<String>,
    pub source: Option<i64>,
    /// The day the unit reported it done, while the giver has not yet accepted it.
    pub claimed_on: Option<NaiveDate>,
}

/// An evidence file to keep with a task.
#[derive(Clone, Debug)]
pub struct NewFile {
    pub name: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// An evidence file kept with a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFile {
    pub id: i64,
    pub task: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

impl From<(i64, i64, String, String, i64, i64)> for TaskFile {
    fn from((id, task, name, content_type, size, created_at): (i64, i64, String, String, i64, i64)) -> TaskFile {
        TaskFile { id, task, name, content_type, size, created_at }
    }
}

pub(crate) fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(crate) const COLUMNS: &str = "SELECT id, org_id, body, assignee, assignee_org_id, coordinating, expected, meeting_id, parent_task_id, due_on, done_on,\n     done_note, source_id, claimed_on FROM tasks";

/// A task row, whichever engine read it.
macro_rules! task_row {
    ($r:expr) => {
        TaskRow {
            id: $r.try_get("id")?,
            org: OrgId($r.try_get("org_id")?),
            body: $r.try_get("body")?,
            assignee: $r.try_get("assignee")?,
            assignee_org: $r.try_get::<Option<i64>, _>("assignee_org_id")?.map(OrgId),
            coordinating: $r.try_get("coordinating")?,
            expected: $r.try_get("expected")?,
            meeting: $r.try_get("meeting_id")?,
            parent: $r.try_get("parent_task_id")?,
            due_on: day($r.try_get("due_on")?),
            done_on: day($r.try_get("done_on")?),
            done_note: $r.try_get("done_note")?,
            source: $r.try_get("source_id")?,
            claimed_on: day($r.try_get("claimed_on")?),
        }
    };
}
pub(crate) use task_row;

/// A conclusion or a recommendation, as the task it gives a unit.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTask {
    pub body: String,
    pub assignee: OrgId,
    pub assignee_name: String,
    /// Units that coordinate, as written.
    pub coordinating: String,
    /// The result expected.
    pub expected: String,
    pub due_on: Option<NaiveDate>,
}

/// What gave a task: a meeting's conclusion or an inspection case's recommendation.
pub(crate) enum Origin {
    Meeting(i64),
    Inspection(i64),
}

impl Tx {
    /// Writes the tasks `org` gave, inside this transaction.
    pub(crate) async fn insert_tasks(&mut self, org: OrgId, origin: Origin, tasks: &[NewTask]) -> Result<()> {
        let (meeting, inspection) = match origin {
            Origin::Meeting(m) => (Some(m), None),
            Origin::Inspection(i) => (None, Some(i)),
        };
        for t in tasks {
            on_tx!(self, c => sqlx::query(
                "INSERT INTO tasks (org_id, body, assignee, assignee_org_id, due_on, meeting_id, inspection_id, created_at,
                                    coordinating, expected)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .bind(org.0).bind(vn::text::clean_lines(&t.body)).bind(&t.assignee_name).bind(t.assignee.0)
                .bind(t.due_on.map(|d| d.to_string())).bind(meeting).bind(inspection).bind(now_ms())
                .bind(clean_nonempty(&t.coordinating)).bind(clean_nonempty(&t.expected))
                .execute(c).await?.rows_affected());
        }
        Ok(())
    }
}

/// One thing a unit reported on a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskUpdate {
    /// "progress", "extended" or "done".
    pub kind: String,
    pub note: String,
    /// The day done, or the new deadline.
    pub on_day: Option<NaiveDate>,
    pub user: Option<String>,
    pub created_at: i64,
}

impl Store {
    /// The tasks a unit gave and the tasks given to it, oldest first.
    pub async fn list_tasks(&self, org: OrgId) -> Result<Vec<TaskRow>> {
        let sql = sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE org_id = $1 OR assignee_org_id = $1 ORDER BY id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(org.0).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(task_row!(r)))
                .collect()
        })
    }

    /// Every task, for the search box (a province keeps thousands, not millions).
    pub async fn all_tasks(&self) -> Result<Vec<TaskRow>> {
        let sql = sqlx::AssertSqlSafe(format!("{COLUMNS} ORDER BY id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(task_row!(r)))
                .collect()
        })
    }

    /// Open tasks with a deadline and a unit in the tree: those a reminder can be about.
    pub async fn open_assigned_tasks(&self) -> Result<Vec<TaskRow>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{COLUMNS} WHERE done_on IS NULL AND due_on IS NOT NULL AND assignee_org_id IS NOT NULL ORDER BY id"
        ));
        on_db!(&self.db, p => {
            sqlx::query(sql).fetch_all(p).await?.into_iter().map(|r| Ok(task_row!(r))).collect()
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

    /// Records the day a task was done and the note, closing it at once (the unit that
    /// gave it reports it), with the evidence files and an audit row.
    pub async fn finish_task(
        &self,
        actor: &Actor,
        id: i64,
        done_on: NaiveDate,
        note: &str,
        files: &[NewFile],
    ) -> Result<()> {
        self.update_task(actor, id, "done", note, Some(done_on), files).await
    }

    /// The unit a task fell to reports it done on `day`, with its evidence: the task
    /// waits for the giver to accept it or send it back.
    pub async fn claim_task(
        &self,
        actor: &Actor,
        id: i64,
        day: NaiveDate,
        note: &str,
        files: &[NewFile],
    ) -> Result<()> {
        self.update_task(actor, id, "claimed", note, Some(day), files).await
    }

    /// The giver accepts a task reported done: it is done on `accepted_on`.
    pub async fn accept_task(&self, actor: &Actor, id: i64, accepted_on: NaiveDate, note: &str) -> Result<()> {
        self.update_task(actor, id, "accepted", note, Some(accepted_on), &[]).await
    }

    /// The giver sends a task reported done back, with the reason: it is open again.
    pub async fn send_back_task(&self, actor: &Actor, id: i64, reason: &str) -> Result<()> {
        if vn::text::clean(reason).is_empty() {
            return Err(StoreError::Refused("Lý do trả lại: chưa nhập.".into()));
        }
        self.update_task(actor, id, "sent_back", reason, None, &[]).await
    }

    /// The evidence files of a task, oldest first (without their bodies).
    pub async fn task_files(&self, task: i64) -> Result<Vec<TaskFile>> {
        let rows: Vec<(i64, i64, String, String, i64, i64)> = on_db!(&self.db, p => {
            sqlx::query_as("SELECT id, task_id, name, content_type, size, created_at FROM task_files WHERE task_id = $1 ORDER BY id")
                .bind(task).fetch_all(p).await?
        });
        Ok(rows.into_iter().map(TaskFile::from).collect())
    }

    /// One evidence file with its body.
    pub async fn task_file(&self, id: i64) -> Result<(TaskFile, Vec<u8>)> {
        type Row = (i64, i64, String, String, i64, i64, Vec<u8>);
        let row: Option<Row> = on_db!(&self.db, p => {
            sqlx::query_as("SELECT id, task_id, name, content_type, size, created_at, body FROM task_files WHERE id = $1")
                .bind(id).fetch_optional(p).await?
        });
        let (id, task, name, content_type, size, created_at, body) =
            row.ok_or(StoreError::NotFound("tệp minh chứng"))?;
        Ok((TaskFile::from((id, task, name, content_type, size, created_at)), body))
    }

    /// Forwards a task to a lower unit: a new task the assignee gives, pointing back to
    /// this one, and a "forwarded" row in this task's history.
    pub async fn forward_task(&self, actor: &Actor, id: i64, to: &NewTask) -> Result<i64> {
        let parent = self.task(id).await?;
        let Some(from) = parent.assignee_org else {
            return Err(StoreError::Refused("Nhiệm vụ chưa giao cho đơn vị nào trong cây tổ chức.".into()));
        };
        if parent.done_on.is_some() {
            return Err(StoreError::Refused("Nhiệm vụ đã báo hoàn thành.".into()));
        }
        let mut tx = self.begin().await?;
        let child: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO tasks (org_id, body, assignee, assignee_org_id, due_on, parent_task_id, created_at, expected)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(from.0).bind(vn::text::clean_lines(&to.body)).bind(&to.assignee_name).bind(to.assignee.0)
            .bind(to.due_on.map(|d| d.to_string())).bind(id).bind(now_ms()).bind(parent.expected.clone())
            .fetch_one(c).await?.try_get(0)?);
        let note = format!("Chuyển cho {}", to.assignee_name);
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO task_updates (task_id, kind, note, on_day, user_id, created_at) VALUES ($1, 'forwarded', $2, $3, $4, $5)")
            .bind(id).bind(&note).bind(to.due_on.map(|d| d.to_string())).bind(actor.user.map(|u| u.0)).bind(now_ms())
            .execute(c).await?.rows_affected());
        let after = serde_json::json!({"forwarded_to": to.assignee.0, "task": child});
        tx.audit(actor, "update", "task", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(child)
    }

    /// Records progress on a task, with the evidence the unit gives.
    pub async fn report_progress(&self, actor: &Actor, id: i64, note: &str) -> Result<()> {
        if vn::text::clean(note).is_empty() {
            return Err(StoreError::Refused("Tiến độ: chưa nhập nội dung.".into()));
        }
        self.update_task(actor, id, "progress", note, None, &[]).await
    }

    /// Moves a task's deadline, with the reason; the first deadline stays in the history.
    pub async fn extend_task(&self, actor: &Actor, id: i64, due_on: NaiveDate, reason: &str) -> Result<()> {
        if vn::text::clean(reason).is_empty() {
            return Err(StoreError::Refused("Lý do gia hạn: chưa nhập.".into()));
        }
        self.update_task(actor, id, "extended", reason, Some(due_on), &[]).await
    }

    /// One update: the task row changes (done day, claimed day, or deadline) together
    /// with its history row, its evidence files and an audit row, in one transaction.
    async fn update_task(
        &self,
        actor: &Actor,
        id: i64,
        kind: &str,
        note: &str,
        on_day: Option<NaiveDate>,
        files: &[NewFile],
    ) -> Result<()> {
        let before = self.task(id).await?;
        if before.done_on.is_some() && kind != "progress" {
            return Err(StoreError::Refused("Nhiệm vụ đã báo hoàn thành.".into()));
        }
        // Reporting done waits for the giver's answer; only a claim can be answered.
        match (kind, before.claimed_on) {
            ("claimed", Some(_)) => {
                return Err(StoreError::Refused("Nhiệm vụ đã báo hoàn thành, đang chờ đơn vị giao xác nhận.".into()));
            }
            ("accepted" | "sent_back", None) => {
                return Err(StoreError::Refused("Nhiệm vụ chưa được báo hoàn thành.".into()));
            }
            _ => {}
        }
        let note = vn::text::clean(note);
        let day = on_day.map(|d| d.to_string());
        let mut tx = self.begin().await?;
        match kind {
            "done" => on_tx!(&mut tx, c => sqlx::query("UPDATE tasks SET done_on = $1, done_note = $2 WHERE id = $3")
                .bind(&day).bind(&note).bind(id).execute(c).await?.rows_affected()),
            "extended" => on_tx!(&mut tx, c => sqlx::query("UPDATE tasks SET due_on = $1 WHERE id = $2")
                .bind(&day).bind(id).execute(c).await?.rows_affected()),
            "claimed" => {
                on_tx!(&mut tx, c => sqlx::query("UPDATE tasks SET claimed_on = $1, done_note = $2 WHERE id = $3")
                .bind(&day).bind(&note).bind(id).execute(c).await?.rows_affected())
            }
            "accepted" => {
                on_tx!(&mut tx, c => sqlx::query("UPDATE tasks SET done_on = $1, claimed_on = NULL WHERE id = $2")
                .bind(&day).bind(id).execute(c).await?.rows_affected())
            }
            "sent_back" => on_tx!(&mut tx, c => sqlx::query("UPDATE tasks SET claimed_on = NULL WHERE id = $1")
                .bind(id).execute(c).await?.rows_affected()),
            _ => 0,
        };
        for f in files {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO task_files (task_id, name, content_type, size, body, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(id).bind(vn::text::clean(&f.name)).bind(f.content_type).bind(f.body.len() as i64).bind(&f.body)
                .bind(actor.user.map(|u| u.0)).bind(now_ms())
                .execute(c).await?.rows_affected());
        }
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO task_updates (task_id, kind, note, on_day, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id).bind(kind).bind(&note).bind(&day).bind(actor.user.map(|u| u.0)).bind(now_ms())
            .execute(c).await?.rows_affected());
        let b = serde_json::json!({"due_on": before.due_on.map(|d| d.to_string()), "done_on": before.done_on.map(|d| d.to_string())});
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        let a = serde_json::json!({"kind": kind, "on_day": day, "note": note, "files": names});
        tx.audit(actor, "update", "task", &id.to_string(), Some(b.to_string()), Some(a.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What was reported on a task, oldest first, with who reported it.
    pub async fn task_updates(&self, id: i64) -> Result<Vec<TaskUpdate>> {
        Ok(self.updates_where("u.task_id = $1", id).await?.into_iter().map(|(_, u)| u).collect())
    }

    /// What was reported on every task a unit gave or was given: (task id, update).
    pub async fn list_task_updates(&self, org: OrgId) -> Result<Vec<(i64, TaskUpdate)>> {
        self.updates_where("t.org_id = $1 OR t.assignee_org_id = $1", org.0).await
    }

    async fn updates_where(&self, condition: &str, key: i64) -> Result<Vec<(i64, TaskUpdate)>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT u.task_id, u.kind, u.note, u.on_day, us.display_name, u.created_at FROM task_updates u
             JOIN tasks t ON t.id = u.task_id LEFT JOIN users us ON us.id = u.user_id WHERE {condition} ORDER BY u.id"
        ));
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(key).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok((r.try_get("task_id")?, TaskUpdate {
                    kind: r.try_get("kind")?,
                    note: r.try_get("note")?,
                    on_day: day(r.try_get("on_day")?),
                    user: r.try_get("display_name")?,
                    created_at: r.try_get("created_at")?,
                })))
                .collect()
        })
    }
}
