//! Account administration and protection: listing, disabling, closing every session of a
//! user, and the failed-login counters behind the growing delay.

use sqlx::Row;

use domain::UserId;

use crate::{Actor, Result, Store, User, now_ms, on_db};

impl Store {
    /// Every account, by user name.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, username, display_name, disabled FROM users ORDER BY username")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(User {
                    id: UserId(r.try_get("id")?),
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    disabled: r.try_get::<i64, _>("disabled")? != 0,
                }))
                .collect()
        })
    }

    /// Disables or enables an account; disabling also closes its sessions.
    pub async fn set_disabled(&self, actor: &Actor, user: UserId, disabled: bool) -> Result<()> {
        let mut tx = self.begin().await?;
        crate::on_tx!(&mut tx, c => sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled)).bind(user.0).execute(c).await?.rows_affected());
        if disabled {
            crate::on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user.0).execute(c).await?.rows_affected());
        }
        let after = serde_json::json!({ "disabled": disabled }).to_string();
        tx.audit(actor, if disabled { "disable" } else { "enable" }, "user", &user.to_string(), None, Some(after))
            .await?;
        tx.commit().await
    }

    /// Closes every session of `user` ("đăng xuất khỏi mọi thiết bị").
    pub async fn delete_sessions_of(&self, actor: &Actor, user: UserId) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = crate::on_tx!(&mut tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.0).execute(c).await?.rows_affected());
        tx.audit(actor, "logout_all", "user", &user.to_string(), None, None).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Failures so far and the time of the last, for each key that has any.
    pub async fn login_failures(&self, keys: &[String]) -> Result<Vec<(i64, i64)>> {
        let mut out = Vec::new();
        for key in keys {
            let row: Option<(i64, i64)> = on_db!(&self.db, p => {
                sqlx::query("SELECT failures, last_at FROM login_failures WHERE key = $1")
                    .bind(key).fetch_optional(p).await?
                    .map(|r| -> Result<(i64, i64)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
                    .transpose()?
            });
            out.extend(row);
        }
        Ok(out)
    }

    /// Counts a failed login against each key, with an audit entry.
    pub async fn record_login_failure(&self, actor: &Actor, username: &str, keys: &[String]) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = now_ms();
        for key in keys {
            crate::on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO login_failures (key, failures, last_at) VALUES ($1, 1, $2)
                 ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_at = excluded.last_at")
                .bind(key).bind(now).execute(c).await?.rows_affected());
        }
        let after = serde_json::json!({ "username": username }).to_string();
        tx.audit(actor, "login_failed", "user", username, None, Some(after)).await?;
        tx.commit().await
    }

    pub async fn clear_login_failures(&self, keys: &[String]) -> Result<()> {
        for key in keys {
            on_db!(&self.db, p => sqlx::query("DELETE FROM login_failures WHERE key = $1")
                .bind(key).execute(p).await?.rows_affected());
        }
        Ok(())
    }
}
