//! Reminders of tasks due soon or overdue, as a durable queue: enqueueing is idempotent
//! (one row per task, kind, person and channel), a worker claims a batch under a lease —
//! with `FOR UPDATE SKIP LOCKED` on PostgreSQL, under SQLite's single writer — and marks
//! each one sent, so no two processes send the same reminder and a restart does not send
//! it again. In-app notifications are written when their reminder is marked sent.

use chrono::NaiveDate;
use sqlx::Row;

use domain::UserId;

use crate::tasks::day;
use crate::{Db, Result, Store, on_db, on_tx};

/// A reminder to enqueue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReminder {
    pub task: i64,
    /// "due_soon" or "overdue".
    pub kind: &'static str,
    pub user: UserId,
    /// "app" or "email".
    pub channel: &'static str,
}

/// A claimed reminder with what its message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    pub id: i64,
    pub task: i64,
    pub kind: String,
    pub channel: String,
    pub user: UserId,
    pub display_name: String,
    pub email: Option<String>,
    pub body: String,
    pub assignee: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// The unit whose task list shows the task.
    pub org: i64,
}

/// A notification shown in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub text: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// Attempts after which a reminder that keeps failing is left for a person to look at.
const MAX_ATTEMPTS: i64 = 5;

impl Store {
    /// Enqueues reminders; those already enqueued are left as they are. Returns how many are new.
    pub async fn enqueue_reminders(&self, reminders: &[NewReminder], now: i64) -> Result<u64> {
        let mut tx = self.begin().await?;
        let mut added = 0;
        for r in reminders {
            added += on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO reminders (task_id, kind, user_id, channel, created_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (task_id, kind, user_id, channel) DO NOTHING")
                .bind(r.task).bind(r.kind).bind(r.user.0).bind(r.channel).bind(now)
                .execute(c).await?.rows_affected());
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Claims up to `limit` unsent reminders for `worker`: those never claimed, and those
    /// whose claim is older than `lease_ms` (a worker that died holding them).
    pub async fn claim_reminders(&self, worker: &str, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<Claimed>> {
        let pick = "SELECT id FROM reminders WHERE sent_at IS NULL AND attempts < $5
                    AND (claimed_at IS NULL OR claimed_at < $3) ORDER BY id LIMIT $4";
        let sql = sqlx::AssertSqlSafe(match self.db {
            Db::Pg(_) => format!(
                "UPDATE reminders SET claimed_by = $1, claimed_at = $2, attempts = attempts + 1
                 WHERE id IN ({pick} FOR UPDATE SKIP LOCKED)"
            ),
            Db::Sqlite(_) => format!(
                "UPDATE reminders SET claimed_by = $1, claimed_at = $2, attempts = attempts + 1 WHERE id IN ({pick})"
            ),
        });
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(sql).bind(worker).bind(now).bind(now - lease_ms).bind(limit).bind(MAX_ATTEMPTS)
            .execute(c).await?.rows_affected());
        tx.commit().await?;
        let sql = "SELECT r.id, r.task_id, r.kind, r.channel, r.user_id, u.display_name, u.email, t.body, t.assignee,
                          t.due_on, COALESCE(t.assignee_org_id, t.org_id) AS shown_in
                   FROM reminders r JOIN users u ON u.id = r.user_id JOIN tasks t ON t.id = r.task_id
                   WHERE r.claimed_by = $1 AND r.claimed_at = $2 AND r.sent_at IS NULL ORDER BY r.id";
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(worker).bind(now).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(Claimed {
                    id: r.try_get("id")?,
                    task: r.try_get("task_id")?,
                    kind: r.try_get("kind")?,
                    channel: r.try_get("channel")?,
                    user: UserId(r.try_get("user_id")?),
                    display_name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                    body: r.try_get("body")?,
                    assignee: r.try_get("assignee")?,
                    due_on: day(r.try_get("due_on")?),
                    org: r.try_get("shown_in")?,
                }))
                .collect()
        })
    }

    /// Marks a claimed reminder sent, with its in-app notification when there is one.
    /// Returns false when the claim was lost (another worker took it over after the lease).
    pub async fn mark_reminder_sent(
        &self,
        id: i64,
        worker: &str,
        now: i64,
        notice: Option<(&str, &str)>,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let changed = on_tx!(&mut tx, c => sqlx::query(
            "UPDATE reminders SET sent_at = $1 WHERE id = $2 AND claimed_by = $3 AND sent_at IS NULL")
            .bind(now).bind(id).bind(worker).execute(c).await?.rows_affected());
        if changed == 1
            && let Some((text, link)) = notice
        {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO notifications (user_id, text, link, created_at)
                 SELECT user_id, $1, $2, $3 FROM reminders WHERE id = $4")
                .bind(text).bind(link).bind(now).bind(id).execute(c).await?.rows_affected());
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    /// Renews the claims `worker` still holds: its heartbeat while it delivers, so a live
    /// worker keeps a short lease and a dead one loses it soon.
    pub async fn renew_claims(&self, worker: &str, now: i64) -> Result<u64> {
        Ok(on_db!(&self.db, p => sqlx::query(
            "UPDATE reminders SET claimed_at = $1 WHERE claimed_by = $2 AND sent_at IS NULL")
            .bind(now).bind(worker).execute(p).await?.rows_affected()))
    }

    /// Gives back every claim `worker` still holds, as it stops: the attempt it counted
    /// is given back too, since nothing was tried.
    pub async fn release_claims(&self, worker: &str) -> Result<u64> {
        Ok(on_db!(&self.db, p => sqlx::query(
            "UPDATE reminders SET claimed_by = NULL, claimed_at = NULL, attempts = attempts - 1
             WHERE claimed_by = $1 AND sent_at IS NULL")
            .bind(worker).execute(p).await?.rows_affected()))
    }

    /// Gives a claimed reminder back after a failure, keeping the error for the log.
    pub async fn release_reminder(&self, id: i64, worker: &str, error: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE reminders SET claimed_by = NULL, claimed_at = NULL, last_error = $1 WHERE id = $2 AND claimed_by = $3")
            .bind(error).bind(id).bind(worker).execute(c).await?.rows_affected());
        tx.commit().await?;
        Ok(())
    }

    /// (enqueued, sent) counts, for the command line and tests.
    pub async fn reminder_counts(&self) -> Result<(i64, i64)> {
        let sql = "SELECT COUNT(*) AS n, COUNT(sent_at) AS sent FROM reminders";
        on_db!(&self.db, p => {
            let r = sqlx::query(sql).fetch_one(p).await?;
            Ok((r.try_get("n")?, r.try_get("sent")?))
        })
    }

    /// A user's latest notifications, newest first.
    pub async fn notifications(&self, user: UserId, limit: i64) -> Result<Vec<Notification>> {
        let sql = "SELECT id, text, link, created_at, read_at FROM notifications WHERE user_id = $1
                   ORDER BY id DESC LIMIT $2";
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(user.0).bind(limit).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(Notification {
                    id: r.try_get("id")?,
                    text: r.try_get("text")?,
                    link: r.try_get("link")?,
                    created_at: r.try_get("created_at")?,
                    read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
                }))
                .collect()
        })
    }
}
