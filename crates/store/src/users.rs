//! Users, their role grants, passwords (argon2id) and login sessions. Sessions live in
//! the database so any tiendo process can serve any request; only a hash of the
//! session token is stored.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sqlx::Row;

use domain::access::{Role, RoleGrant};
use domain::{OrgId, UserId};

use crate::{Actor, Result, Store, StoreError, Tx, now_ms, on_db, on_tx};

/// A role grant row, whichever engine read it.
macro_rules! grant_row {
    ($r:expr) => {{
        let r = $r;
        let role: String = r.try_get("role")?;
        let day = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        Ok::<RoleGrant, StoreError>(RoleGrant {
            user: UserId(r.try_get("user_id")?),
            role: Role::from_code(&role).ok_or_else(|| StoreError::Corrupt(format!("vai trò {role}")))?,
            org: OrgId(r.try_get("org_id")?),
            valid_from: day(r.try_get("valid_from")?),
            valid_to: day(r.try_get("valid_to")?),
        })
    }};
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
}

/// The user behind a session, with the roles they hold.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: User,
    pub grants: Vec<RoleGrant>,
}

/// A fresh random token, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 accepts any password").to_string()
}

/// A valid hash of no real password, so that an unknown user name costs the same time
/// as a wrong password and does not reveal which accounts exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("tiendo-dummy-password"))
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

impl Tx {
    pub async fn create_user(
        &mut self,
        actor: &Actor,
        username: &str,
        display_name: &str,
        password: &str,
    ) -> Result<UserId> {
        let username = vn::nfc(username.trim());
        let display_name = vn::text::clean(display_name);
        let hash = hash_password(password);
        let id: i64 = on_tx!(self, c => sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(&username).bind(&display_name).bind(&hash).bind(now_ms())
            .fetch_one(c).await
            .map_err(|e| StoreError::unique(e, "users_username_key", "tên đăng nhập"))?
            .try_get(0)?);
        let after = serde_json::json!({"username": username, "display_name": display_name}).to_string();
        self.audit(actor, "create", "user", &id.to_string(), None, Some(after)).await?;
        Ok(UserId(id))
    }

    pub async fn set_password(&mut self, actor: &Actor, user: UserId, password: &str) -> Result<()> {
        let hash = hash_password(password);
        on_tx!(self, c => sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash).bind(user.0).execute(c).await?.rows_affected());
        self.audit(actor, "set_password", "user", &user.to_string(), None, None).await
    }

    pub async fn grant_role(&mut self, actor: &Actor, user: UserId, role: Role, org: OrgId) -> Result<()> {
        on_tx!(self, c => sqlx::query("INSERT INTO role_grants (user_id, role, org_id) VALUES ($1, $2, $3)")
            .bind(user.0).bind(role.code()).bind(org.0).execute(c).await?.rows_affected());
        let after = serde_json::json!({"role": role.code(), "org": org.0}).to_string();
        self.audit(actor, "grant", "user", &user.to_string(), None, Some(after)).await
    }
}

impl Store {
    pub async fn find_user_by_name(&self, username: &str) -> Result<Option<User>> {
        let username = vn::nfc(username.trim());
        on_db!(&self.db, p => {
            let row = sqlx::query("SELECT id, username, display_name, disabled FROM users WHERE username = $1")
                .bind(username).fetch_optional(p).await?;
            row.map(|r| -> Result<User> {
                Ok(User {
                    id: UserId(r.try_get("id")?),
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    disabled: r.try_get::<i64, _>("disabled")? != 0,
                })
            }).transpose()
        })
    }

    /// Checks a user name and password; `None` for an unknown name, a wrong password or
    /// a disabled account, in the same time.
    pub async fn verify_login(&self, username: &str, password: &str) -> Result<Option<User>> {
        let username = vn::nfc(username.trim());
        let row: Option<(i64, String)> = on_db!(&self.db, p => {
            sqlx::query("SELECT id, password_hash FROM users WHERE username = $1 AND disabled = 0")
                .bind(&username).fetch_optional(p).await?
                .map(|r| -> Result<(i64, String)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
                .transpose()?
        });
        let hash = row.as_ref().map(|(_, h)| h.clone()).unwrap_or_else(|| dummy_hash().to_string());
        let ok = tokio::task::spawn_blocking({
            let password = password.to_string();
            move || verify(&password, &hash)
        })
        .await
        .unwrap_or(false);
        if !ok || row.is_none() {
            return Ok(None);
        }
        self.find_user_by_name(&username).await
    }

    pub async fn grants_of(&self, user: UserId) -> Result<Vec<RoleGrant>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT user_id, role, org_id, valid_from, valid_to FROM role_grants WHERE user_id = $1")
                .bind(user.0).fetch_all(p).await?.into_iter().map(|r| grant_row!(r)).collect()
        })
    }

    /// Every role grant of every account, in one read: for jobs that ask the access policy
    /// about many people at once.
    pub async fn all_grants(&self) -> Result<Vec<RoleGrant>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT user_id, role, org_id, valid_from, valid_to FROM role_grants ORDER BY user_id, id")
                .fetch_all(p).await?.into_iter().map(|r| grant_row!(r)).collect()
        })
    }

    /// Opens a session for `user` and returns the token for the cookie.
    pub async fn create_session(&self, actor: &Actor, user: UserId) -> Result<String> {
        let token = random_token();
        let now = now_ms();
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash(&token)).bind(user.0).bind(now).bind(now).execute(c).await?.rows_affected());
        tx.audit(actor, "login", "user", &user.to_string(), None, None).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The user of a live session, refreshing its idle timer; `None` when the token is
    /// unknown, idle longer than `idle_ms`, or the account is disabled.
    pub async fn session_user(&self, token: &str, idle_ms: i64) -> Result<Option<SessionUser>> {
        let hash = token_hash(token);
        let now = now_ms();
        let found: Option<(i64, i64)> = on_db!(&self.db, p => {
            sqlx::query(
                "SELECT s.user_id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND u.disabled = 0")
                .bind(&hash).fetch_optional(p).await?
                .map(|r| -> Result<(i64, i64)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
                .transpose()?
        });
        let Some((user_id, last_seen)) = found else {
            return Ok(None);
        };
        if now - last_seen > idle_ms {
            self.delete_session(token).await?;
            return Ok(None);
        }
        if now - last_seen > 60_000 {
            on_db!(&self.db, p => sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now).bind(&hash).execute(p).await?.rows_affected());
        }
        self.session_user_by_id(UserId(user_id)).await
    }

    /// The user `id` with the roles they hold.
    pub(crate) async fn session_user_by_id(&self, id: UserId) -> Result<Option<SessionUser>> {
        let user_id = id.0;
        let user = on_db!(&self.db, p => {
            let r = sqlx::query("SELECT id, username, display_name, disabled FROM users WHERE id = $1")
                .bind(user_id).fetch_one(p).await?;
            User {
                id: UserId(r.try_get("id")?),
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                disabled: r.try_get::<i64, _>("disabled")? != 0,
            }
        });
        let grants = self.grants_of(user.id).await?;
        Ok(Some(SessionUser { user, grants }))
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        on_db!(&self.db, p => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token)).execute(p).await?.rows_affected());
        Ok(())
    }
}
