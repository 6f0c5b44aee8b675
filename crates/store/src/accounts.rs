//! Account administration and protection: listing, disabling, closing every session of a
//! user, the failed-login counters behind the growing delay, and the work e-mail reminders
//! are sent to.

use sqlx::Row;

use domain::UserId;

use crate::{Actor, Result, Store, StoreError, User, on_db, on_tx};

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
        let n = tx.end_credentials(actor, user, None).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Counts a login attempt against every key before its password is checked, in one
    /// transaction, so concurrent attempts cannot all slip under the limit. `hard` keys
    /// refuse while their delay runs (nothing is counted then); `soft` keys only slow the
    /// attempt. Answers `Ok(wait)` (milliseconds to wait before checking, from soft keys)
    /// or `Err(wait)` (refused; try again after that many milliseconds).
    pub async fn claim_login_attempt(
        &self,
        hard: &[String],
        soft: &[String],
        delay: impl Fn(i64) -> i64,
        now: i64,
    ) -> Result<std::result::Result<i64, i64>> {
        let mut tx = self.begin().await?;
        let pg = tx.is_pg();
        let mut waits = Vec::new();
        for key in hard.iter().chain(soft) {
            let sql = if pg {
                "SELECT failures, last_at FROM login_failures WHERE key = $1 FOR UPDATE"
            } else {
                "SELECT failures, last_at FROM login_failures WHERE key = $1"
            };
            if pg {
                crate::on_tx!(&mut tx, c => sqlx::query(
                    "INSERT INTO login_failures (key, failures, last_at) VALUES ($1, 0, 0) ON CONFLICT (key) DO NOTHING")
                    .bind(key).execute(c).await?.rows_affected());
            }
            let row: Option<(i64, i64)> = crate::on_tx!(&mut tx, c => sqlx::query(sql)
                .bind(key).fetch_optional(c).await?
                .map(|r| -> Result<(i64, i64)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
                .transpose()?);
            waits.push(row.map_or(0, |(failures, last)| (last + delay(failures) - now).max(0)));
        }
        let hard_wait = waits[..hard.len()].iter().copied().max().unwrap_or(0);
        if hard_wait > 0 {
            return Ok(Err(hard_wait));
        }
        for key in hard.iter().chain(soft) {
            crate::on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO login_failures (key, failures, last_at) VALUES ($1, 1, $2)
                 ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_at = excluded.last_at")
                .bind(key).bind(now).execute(c).await?.rows_affected());
        }
        tx.commit().await?;
        Ok(Ok(waits[hard.len()..].iter().copied().max().unwrap_or(0)))
    }

    /// The audit row of a failed login (the attempt itself was counted when claimed).
    pub async fn audit_login(&self, actor: &Actor, action: &str, username: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let after = serde_json::json!({ "username": username }).to_string();
        tx.audit(actor, action, "user", username, None, Some(after)).await?;
        tx.commit().await
    }

    pub async fn clear_login_failures(&self, keys: &[String]) -> Result<()> {
        for key in keys {
            on_db!(&self.db, p => sqlx::query("DELETE FROM login_failures WHERE key = $1")
                .bind(key).execute(p).await?.rows_affected());
        }
        Ok(())
    }

    /// The work e-mail of an account, if it has one.
    pub async fn user_email(&self, user: UserId) -> Result<Option<String>> {
        on_db!(&self.db, p => {
            let r = sqlx::query("SELECT email FROM users WHERE id = $1").bind(user.0).fetch_optional(p).await?;
            Ok(match r { Some(r) => r.try_get("email")?, None => None })
        })
    }

    /// Sets (or clears) the work e-mail reminders go to, checking its form.
    pub async fn set_user_email(&self, actor: &Actor, user: UserId, email: &str) -> Result<()> {
        let email = email.trim();
        let valid = email.is_empty()
            || (email.split('@').count() == 2
                && email.split('@').all(|p| !p.is_empty())
                && email.contains('.')
                && !email.contains(char::is_whitespace));
        if !valid {
            return Err(StoreError::Refused(format!("Thư điện tử: “{email}” không đúng dạng ten@don-vi.gov.vn.")));
        }
        let value = Some(email.to_string()).filter(|e| !e.is_empty());
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query("UPDATE users SET email = $1 WHERE id = $2")
            .bind(&value).bind(user.0).execute(c).await?.rows_affected());
        let after = serde_json::json!({"email": value});
        tx.audit(actor, "update", "user", &user.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The accounts that gave a work e-mail.
    pub async fn users_with_email(&self) -> Result<Vec<UserId>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id FROM users WHERE email IS NOT NULL ORDER BY id")
                .fetch_all(p).await?.into_iter().map(|r| Ok(UserId(r.try_get("id")?))).collect()
        })
    }
}

impl crate::Tx {
    /// Ends every session of `user` but the one whose secret is `keep`, and revokes every
    /// API token: what a password change, a reset or "log out everywhere" must do, so no
    /// old credential outlives it. Answers how many sessions ended.
    pub async fn end_credentials(&mut self, actor: &Actor, user: UserId, keep: Option<&str>) -> Result<u64> {
        let keep = keep.map(crate::users::token_hash).unwrap_or_default();
        let n = crate::on_tx!(self, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.0).bind(&keep).execute(c).await?.rows_affected());
        crate::on_tx!(self, c => sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1 AND revoked = 0")
            .bind(user.0).execute(c).await?.rows_affected());
        self.audit(actor, "logout_all", "user", &user.to_string(), None, None).await?;
        Ok(n)
    }
}
