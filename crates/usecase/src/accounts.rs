//! Signing in and out, one's own account (e-mail, password, tokens, sessions), and the
//! administration of accounts and their roles.

use domain::access::{Action, Role};
use domain::{OrgId, UserId};
use store::{Actor, ApiToken, User};

use crate::{Caller, Ctx, Error, FieldError, Result};

/// How a login attempt ended.
pub enum Login {
    /// Signed in: the new session's secret.
    Session(String),
    /// Too many failures: try again in this many seconds.
    Wait(i64),
    /// Wrong user name or password.
    Wrong,
}

/// At most this many password checks run at once: each holds about 19 MB (argon2id).
static CHECKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Checks a password and opens a session. Every attempt is counted before the password
/// is checked, three ways: the account from this address refuses while its growing
/// delay runs (the one who guesses is stopped); the account from anywhere, and the
/// address for any account, only slow the attempt (by at most two seconds unless the
/// policy says otherwise), so neither a neighbour behind the same address nor someone
/// guessing at another's account can lock its owner out. Refusals and slowed attempts
/// are audited.
pub async fn login(ctx: &Ctx, username: &str, password: &str, addr: Option<String>) -> Result<Login> {
    let name = vn::fold(username.trim());
    let hard = vec![format!("pair:{name}|{}", addr.as_deref().unwrap_or("-"))];
    let mut soft = vec![format!("user:{name}")];
    soft.extend(addr.as_ref().map(|a| format!("addr:{a}")));
    let actor = Actor { user: None, addr: addr.clone() };
    let now = store::now_ms();
    let policy = ctx.login;
    let slow = match ctx.store.claim_login_attempt(&hard, &soft, |n| policy.delay_ms(n), now).await? {
        Err(wait) => {
            ctx.store.audit_login(&actor, "login_throttled", username).await?;
            return Ok(Login::Wait((wait + 999) / 1000));
        }
        Ok(wait) => wait.min(policy.max_slowdown_ms),
    };
    if slow > 0 {
        ctx.store.audit_login(&actor, "login_slowed", username).await?;
        tokio::time::sleep(std::time::Duration::from_millis(slow as u64)).await;
    }
    let found = {
        let _turn = CHECKING.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
        ctx.store.verify_login(username, password).await?
    };
    let Some(user) = found else {
        ctx.store.audit_login(&actor, "login_failed", username).await?;
        return Ok(Login::Wrong);
    };
    ctx.store.clear_login_failures(&[hard, soft].concat()).await?;
    let actor = Actor { user: Some(user.id), addr };
    Ok(Login::Session(ctx.store.create_session(&actor, user.id).await?))
}

/// The caller behind a session secret, if it is open and was used within `idle_ms`.
pub async fn session(ctx: &Ctx, secret: &str, idle_ms: i64, addr: Option<String>) -> Result<Option<Caller>> {
    let found = ctx.store.session_user(secret, idle_ms).await?;
    Ok(found.map(|s| Caller { session: Some(secret.to_string()), ..ctx.caller(s.user, s.grants, addr) }))
}

/// The caller behind a personal API token, if it is valid.
pub async fn token(ctx: &Ctx, secret: &str) -> Result<Option<Caller>> {
    let found = ctx.store.token_user(secret).await?;
    Ok(found.map(|s| ctx.caller(s.user, s.grants, None)))
}

pub async fn logout(ctx: &Ctx, secret: &str) -> Result<()> {
    Ok(ctx.store.delete_session(secret).await?)
}

/// The caller's own tokens and work e-mail, for the account page.
pub async fn own(ctx: &Ctx, caller: &Caller) -> Result<(Vec<ApiToken>, Option<String>)> {
    Ok((ctx.store.list_tokens(caller.user.id).await?, ctx.store.user_email(caller.user.id).await?))
}

pub async fn set_email(ctx: &Ctx, caller: &Caller, email: &str) -> Result<()> {
    Ok(ctx.store.set_user_email(&caller.actor(), caller.user.id, &vn::nfc(email)).await?)
}

/// Changes one's own password after checking the current one; every other session ends
/// and every API token is revoked, so an old credential cannot outlive the change.
pub async fn change_password(ctx: &Ctx, caller: &Caller, current: &str, new: &str, confirm: &str) -> Result<()> {
    if ctx.store.verify_login(&caller.user.username, current).await?.is_none() {
        return Err(Error::field("current", "Mật khẩu hiện tại không đúng."));
    }
    if new != confirm {
        return Err(Error::field("confirm", "Nhập lại mật khẩu mới chưa khớp."));
    }
    domain::access::check_password(new).map_err(|e| Error::field("new", e))?;
    let mut tx = ctx.store.begin().await?;
    tx.set_password(&caller.actor(), caller.user.id, new).await?;
    tx.end_credentials(&caller.actor(), caller.user.id, caller.session.as_deref()).await?;
    Ok(tx.commit().await?)
}

/// Closes every session of the caller, this one included, and revokes their tokens.
pub async fn logout_everywhere(ctx: &Ctx, caller: &Caller) -> Result<()> {
    ctx.store.delete_sessions_of(&caller.actor(), caller.user.id).await?;
    Ok(())
}

/// A new personal token; its secret is returned once.
pub async fn create_token(ctx: &Ctx, caller: &Caller, name: &str) -> Result<String> {
    Ok(ctx.store.create_token(&caller.actor(), caller.user.id, name).await?)
}

pub async fn revoke_token(ctx: &Ctx, caller: &Caller, id: i64) -> Result<()> {
    Ok(ctx.store.revoke_token(&caller.actor(), caller.user.id, id).await?)
}

/// Every account with its roles, for administrators.
pub async fn list(ctx: &Ctx, caller: &Caller) -> Result<Vec<(User, Vec<domain::access::RoleGrant>)>> {
    caller.require_anywhere(Action::ManageUsers)?;
    let grants = ctx.store.all_grants().await?;
    Ok(ctx
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| {
            let mine = grants.iter().filter(|g| g.user == u.id).cloned().collect();
            (u, mine)
        })
        .collect())
}

/// A new account with one role.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub username: String,
    pub name: String,
    pub password: String,
    pub role: Option<Role>,
    pub org: Option<OrgId>,
}

/// Creates an account after checking every field; answers its user name.
pub async fn create(ctx: &Ctx, caller: &Caller, a: NewAccount) -> Result<String> {
    caller.require_anywhere(Action::ManageUsers)?;
    let mut errors = Vec::new();
    let username = vn::nfc(a.username.trim());
    if username.is_empty() || username.chars().any(char::is_whitespace) {
        errors.push(FieldError::new(
            "username",
            "Tên đăng nhập: cần một từ không có khoảng trắng, ví dụ “vanphong.phuhung”.",
        ));
    }
    if vn::text::clean(&a.name).is_empty() {
        errors.push(FieldError::new("name", "Họ tên: chưa nhập."));
    }
    if let Err(e) = domain::access::check_password(&a.password) {
        errors.push(FieldError::new("password", format!("Mật khẩu: {e}")));
    }
    if a.role.is_none() {
        errors.push(FieldError::new("role", "Vai trò: chọn một vai trò trong danh sách."));
    }
    let org = a.org.filter(|o| ctx.engine().tree.get(*o).is_some());
    if org.is_none() {
        errors.push(FieldError::new("org", "Đơn vị: chọn một đơn vị trong danh sách."));
    }
    let (Some(role), Some(org), true) = (a.role, org, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let mut tx = ctx.store.begin().await?;
    let id = tx.create_user(&caller.actor(), &username, &a.name, &a.password).await.map_err(|e| match e {
        store::StoreError::Duplicate(_) => {
            Error::field("username", format!("Tên đăng nhập: “{username}” đã có người dùng."))
        }
        other => other.into(),
    })?;
    tx.grant_role(&caller.actor(), id, role, org).await?;
    tx.commit().await?;
    Ok(username)
}

async fn find(ctx: &Ctx, id: UserId) -> Result<User> {
    ctx.store.list_users().await?.into_iter().find(|u| u.id == id).ok_or(Error::NotFound("tài khoản"))
}

/// Disables an enabled account or enables a disabled one; answers it as it was.
pub async fn toggle_disabled(ctx: &Ctx, caller: &Caller, id: UserId) -> Result<User> {
    caller.require_anywhere(Action::ManageUsers)?;
    let target = find(ctx, id).await?;
    if target.id == caller.user.id {
        return Err(Error::Refused("Không thể tự khóa tài khoản đang dùng.".into()));
    }
    ctx.store.set_disabled(&caller.actor(), target.id, !target.disabled).await?;
    Ok(target)
}

/// Gives an account a new generated password, closes its sessions and revokes its tokens; answers the
/// account and the password, to be said once.
pub async fn reset_password(ctx: &Ctx, caller: &Caller, id: UserId) -> Result<(User, String)> {
    caller.require_anywhere(Action::ManageUsers)?;
    let target = find(ctx, id).await?;
    let password = store::users_token()[..14].to_string();
    let mut tx = ctx.store.begin().await?;
    tx.set_password(&caller.actor(), target.id, &password).await?;
    tx.end_credentials(&caller.actor(), target.id, None).await?;
    tx.commit().await?;
    Ok((target, password))
}

/// Gives an account one more role on an organisation.
pub async fn grant(ctx: &Ctx, caller: &Caller, id: UserId, role: Option<Role>, org: Option<OrgId>) -> Result<User> {
    caller.require_anywhere(Action::ManageUsers)?;
    let target = find(ctx, id).await?;
    let org = org.filter(|o| ctx.engine().tree.get(*o).is_some());
    let (Some(role), Some(org)) = (role, org) else {
        return Err(Error::field("role", "Vai trò và đơn vị: chọn trong danh sách."));
    };
    let mut tx = ctx.store.begin().await?;
    tx.grant_role(&caller.actor(), target.id, role, org).await?;
    tx.commit().await?;
    Ok(target)
}
