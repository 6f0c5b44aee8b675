//! Account administration for system administrators: list, create with a role on an
//! organisation, disable or enable, reset a password.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::access::{Action, Role};
use domain::{OrgId, UserId};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub disabled: bool,
    pub roles: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    user_name: String,
    users: Vec<UserLine>,
    roles: Vec<Choice>,
    orgs: Vec<Choice>,
    notice: String,
    errors: Vec<String>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    notice: String,
    errors: Vec<String>,
) -> Result<Html<String>, AppError> {
    let accounts = state.store.list_users().await?;
    let mut users = Vec::new();
    for a in accounts {
        let grants = state.store.grants_of(a.id).await?;
        users.push((a, grants));
    }
    let page = {
        let engine = state.engine();
        let org_name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        UsersPage {
            user_name: user.user.display_name.clone(),
            users: users
                .into_iter()
                .map(|(a, grants)| UserLine {
                    id: a.id.0,
                    username: a.username,
                    name: a.display_name,
                    disabled: a.disabled,
                    roles: grants
                        .iter()
                        .map(|g| format!("{} — {}", g.role.label(), org_name(g.org)))
                        .collect::<Vec<_>>()
                        .join("; "),
                })
                .collect(),
            roles: Role::ALL.iter().map(|r| Choice { value: r.code().into(), label: r.label().into() }).collect(),
            orgs: engine
                .tree
                .nodes
                .iter()
                .map(|n| Choice {
                    value: n.org.id.0.to_string(),
                    label: format!("{}{}", "· ".repeat(n.depth), n.org.name),
                })
                .collect(),
            notice,
            errors,
        }
    };
    Ok(Html(page.render()?))
}

pub async fn users_get(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require_anywhere(Action::ManageUsers)?;
    render(&state, &user, String::new(), Vec::new()).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    name: String,
    password: String,
    role: String,
    org: String,
}

pub async fn users_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewUserForm>,
) -> Result<Html<String>, AppError> {
    user.require_anywhere(Action::ManageUsers)?;
    let mut errors = Vec::new();
    let username = vn::nfc(form.username.trim());
    if username.is_empty() || username.chars().any(char::is_whitespace) {
        errors.push("Tên đăng nhập: cần một từ không có khoảng trắng, ví dụ “vanphong.phuhung”.".to_string());
    }
    if vn::text::clean(&form.name).is_empty() {
        errors.push("Họ tên: chưa nhập.".to_string());
    }
    if let Err(e) = domain::access::check_password(&form.password) {
        errors.push(format!("Mật khẩu: {e}"));
    }
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.push("Vai trò: chọn một vai trò trong danh sách.".to_string());
    }
    let org = form.org.parse::<i64>().ok().map(OrgId).filter(|o| state.engine().tree.get(*o).is_some());
    if org.is_none() {
        errors.push("Đơn vị: chọn một đơn vị trong danh sách.".to_string());
    }
    let (Some(role), Some(org), true) = (role, org, errors.is_empty()) else {
        return render(&state, &user, String::new(), errors).await;
    };
    let mut tx = state.store.begin().await?;
    match tx.create_user(&user.actor(), &username, &form.name, &form.password).await {
        Ok(id) => {
            tx.grant_role(&user.actor(), id, role, org).await?;
            tx.commit().await?;
            render(&state, &user, format!("Đã tạo tài khoản {username}."), Vec::new()).await
        }
        Err(store::StoreError::Duplicate(_)) => {
            render(&state, &user, String::new(), vec![format!("Tên đăng nhập: “{username}” đã có người dùng.")]).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn find(state: &AppState, id: i64) -> Result<store::User, AppError> {
    state.store.list_users().await?.into_iter().find(|u| u.id.0 == id).ok_or(AppError::NotFound("tài khoản"))
}

pub async fn disable_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    user.require_anywhere(Action::ManageUsers)?;
    let target = find(&state, id).await?;
    if target.id == user.user.id {
        return render(&state, &user, String::new(), vec!["Không thể tự khóa tài khoản đang dùng.".into()]).await;
    }
    state.store.set_disabled(&user.actor(), UserId(id), !target.disabled).await?;
    let what = if target.disabled { "Đã mở khóa" } else { "Đã khóa" };
    render(&state, &user, format!("{what} tài khoản {}.", target.username), Vec::new()).await
}

pub async fn reset_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    user.require_anywhere(Action::ManageUsers)?;
    let target = find(&state, id).await?;
    let password = store::users_token()[..14].to_string();
    let mut tx = state.store.begin().await?;
    tx.set_password(&user.actor(), target.id, &password).await?;
    tx.commit().await?;
    state.store.delete_sessions_of(&user.actor(), target.id).await?;
    let notice = format!(
        "Mật khẩu mới của {}: {password} (chỉ hiện một lần; hãy báo cho người dùng đổi ngay).",
        target.username
    );
    render(&state, &user, notice, Vec::new()).await
}

#[derive(Deserialize)]
pub struct GrantForm {
    role: String,
    org: String,
}

/// Gives an existing account one more role on an organisation.
pub async fn grant_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<GrantForm>,
) -> Result<Html<String>, AppError> {
    user.require_anywhere(Action::ManageUsers)?;
    let target = find(&state, id).await?;
    let role = Role::from_code(&form.role);
    let org = form.org.parse::<i64>().ok().map(OrgId).filter(|o| state.engine().tree.get(*o).is_some());
    let (Some(role), Some(org)) = (role, org) else {
        return render(&state, &user, String::new(), vec!["Vai trò và đơn vị: chọn trong danh sách.".into()]).await;
    };
    let mut tx = state.store.begin().await?;
    tx.grant_role(&user.actor(), target.id, role, org).await?;
    tx.commit().await?;
    render(&state, &user, format!("Đã thêm vai trò {} cho {}.", role.label(), target.username), Vec::new()).await
}
