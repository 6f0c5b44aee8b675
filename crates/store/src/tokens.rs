//! Personal API tokens. The token is shown once at creation; only its hash is stored.

use sqlx::Row;

use domain::UserId;

use crate::users::{SessionUser, token_hash};
use crate::{Actor, Result, Store, StoreError, now_ms, on_db};

/// A token as its owner sees it (never the secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
    /// When it stops working (milliseconds since the epoch).
    pub expires_at: Option<i64>,
}

/// How long a new token works: a quarter of a year, then its owner makes another.
pub const TOKEN_DAYS: i64 = 90;

/// Prefix that makes a tiendo token recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "td_";

impl Store {
    /// Creates a token for `user`, working for [`TOKEN_DAYS`], and returns its secret,
    /// shown once.
    pub async fn create_token(&self, actor: &Actor, user: UserId, name: &str) -> Result<String> {
        let name = vn::text::clean(name);
        if name.is_empty() {
            return Err(StoreError::Refused(
                "Tên mã truy cập: cần một tên để nhận ra, ví dụ “Bảng tính tổng hợp”.".into(),
            ));
        }
        let secret = format!("{TOKEN_PREFIX}{}", crate::users::random_token());
        let mut tx = self.begin().await?;
        let id: i64 = crate::on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(user.0).bind(&name).bind(token_hash(&secret)).bind(now_ms()).bind(now_ms() + TOKEN_DAYS * 24 * 3600 * 1000)
            .fetch_one(c).await?.try_get(0)?);
        let after = serde_json::json!({"name": name}).to_string();
        tx.audit(actor, "create", "api_token", &id.to_string(), None, Some(after)).await?;
        tx.commit().await?;
        Ok(secret)
    }

    pub async fn list_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, name, created_at, last_used_at, revoked, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY id")
                .bind(user.0).fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    revoked: r.try_get::<i64, _>("revoked")? != 0,
                    expires_at: r.try_get("expires_at")?,
                }))
                .collect()
        })
    }

    /// Revokes one of the user's own tokens.
    pub async fn revoke_token(&self, actor: &Actor, user: UserId, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = crate::on_tx!(&mut tx, c => sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND user_id = $2")
            .bind(id).bind(user.0).execute(c).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound("mã truy cập"));
        }
        tx.audit(actor, "revoke", "api_token", &id.to_string(), None, None).await?;
        tx.commit().await
    }

    /// The user behind a live token, noting its use.
    pub async fn token_user(&self, secret: &str) -> Result<Option<SessionUser>> {
        let hash = token_hash(secret);
        let found: Option<(i64, i64)> = on_db!(&self.db, p => {
            sqlx::query(
                "SELECT t.id, t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_hash = $1 AND t.revoked = 0 AND u.disabled = 0
                   AND (t.expires_at IS NULL OR t.expires_at > $2)")
                .bind(&hash).bind(now_ms()).fetch_optional(p).await?
                .map(|r| -> Result<(i64, i64)> { Ok((r.try_get(0)?, r.try_get(1)?)) })
                .transpose()?
        });
        let Some((id, user)) = found else {
            return Ok(None);
        };
        on_db!(&self.db, p => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now_ms()).bind(id).execute(p).await?.rows_affected());
        self.session_user_by_id(UserId(user)).await
    }
}
