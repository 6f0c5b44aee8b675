//! The user's own account: change the password, log out everywhere.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub used: String,
    /// When it stops working, and whether it already has.
    pub expires: String,
    pub expired: bool,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    user_name: String,
    username: String,
    roles: Vec<String>,
    is_admin: bool,
    notice: String,
    error: String,
    tokens: Vec<TokenLine>,
    /// The work e-mail reminders go to.
    email: String,
}

async fn render(state: &AppState, user: &CurrentUser, notice: String, error: String) -> Result<Html<String>, AppError> {
    let (tokens, email) = usecase::accounts::own(&state.ctx, user).await?;
    let tokens = tokens
        .into_iter()
        .map(|t| TokenLine {
            id: t.id,
            name: t.name,
            created: vn::time::format_ms(t.created_at),
            used: t.last_used_at.map(vn::time::format_ms).unwrap_or_else(|| "chưa dùng".into()),
            expires: t.expires_at.map(vn::time::format_ms).unwrap_or_default(),
            expired: t.expires_at.is_some_and(|at| at <= store::now_ms()),
            revoked: t.revoked,
        })
        .collect();
    let p = AccountPage { tokens, email: email.unwrap_or_default(), ..page(user, &state.engine(), notice, error) };
    Ok(Html(p.render()?))
}

fn page(user: &CurrentUser, engine: &engine::Engine, notice: String, error: String) -> AccountPage {
    let roles = user
        .grants
        .iter()
        .map(|g| {
            let org = engine.tree.get(g.org).map(|n| n.org.name.clone()).unwrap_or_default();
            format!("{} — {org}", g.role.label())
        })
        .collect();
    AccountPage {
        user_name: user.user.display_name.clone(),
        username: user.user.username.clone(),
        roles,
        is_admin: user.require_anywhere(domain::access::Action::ManageUsers).is_ok(),
        notice,
        error,
        tokens: Vec::new(),
        email: String::new(),
    }
}

pub async fn account_get(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    render(&state, &user, String::new(), String::new()).await
}

#[derive(Deserialize)]
pub struct EmailForm {
    email: String,
}

/// Sets the work e-mail reminders are sent to.
pub async fn email_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<EmailForm>,
) -> Result<Html<String>, AppError> {
    match usecase::accounts::set_email(&state.ctx, &user, &form.email).await {
        Ok(()) => render(&state, &user, "Đã lưu thư điện tử nhận nhắc việc.".into(), String::new()).await,
        Err(usecase::Error::Refused(why)) => render(&state, &user, String::new(), why).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub async fn password_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<PasswordForm>,
) -> Result<Html<String>, AppError> {
    let changed = usecase::accounts::change_password(&state.ctx, &user, &form.current, &form.new, &form.confirm);
    let (notice, error) = match crate::pages::refused(changed.await)? {
        Ok(()) => ("Đã đổi mật khẩu.".to_string(), String::new()),
        Err(why) => (String::new(), why),
    };
    Ok(Html(page(&user, &state.engine(), notice, error).render()?))
}

/// Closes every session of the user, this one included.
pub async fn logout_all_post(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    usecase::accounts::logout_everywhere(&state.ctx, &user).await?;
    Ok(Redirect::to("/login").into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

/// Creates a personal API token and shows its secret once.
pub async fn token_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<TokenForm>,
) -> Result<Html<String>, AppError> {
    match usecase::accounts::create_token(&state.ctx, &user, &form.name).await {
        Ok(secret) => {
            let notice = format!(
                "Mã truy cập mới: {secret} — chỉ hiện một lần, hãy lưu lại ngay. Mã dùng được {} ngày.",
                store::TOKEN_DAYS
            );
            render(&state, &user, notice, String::new()).await
        }
        Err(usecase::Error::Refused(why)) => render(&state, &user, String::new(), why).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_post(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Html<String>, AppError> {
    usecase::accounts::revoke_token(&state.ctx, &user, id).await?;
    render(&state, &user, "Đã thu hồi mã truy cập.".into(), String::new()).await
}
