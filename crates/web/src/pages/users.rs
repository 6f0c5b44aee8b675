//! Account administration for system administrators: list, create with a role on an
//! organisation, disable or enable, reset a password.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::access::Role;
use domain::{OrgId, UserId};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::pages::paging::ListQuery;
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
    sort: crate::pages::sorting::Sort,
    pager: crate::pages::paging::Pager,
    /// "khoa" when only disabled accounts are listed.
    kind_filter: String,
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
    listed(state, user, notice, errors, &ListQuery::default()).await
}

/// The accounts as the address asks: a page at a time, sorted, disabled ones only
/// (`loai=khoa`) or all.
async fn listed(
    state: &AppState,
    user: &CurrentUser,
    notice: String,
    errors: Vec<String>,
    list: &ListQuery,
) -> Result<Html<String>, AppError> {
    let users = usecase::accounts::list(&state.ctx, user).await?;
    let page = {
        let engine = state.engine();
        let org_name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        let lines: Vec<UserLine> = users
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
            .filter(|u| list.kind() != Some("khoa") || u.disabled)
            .collect();
        let key = |s: &str| vn::collate::sort_key(s);
        let (users, sort, pager) = list.arrange("/admin/users", "ten-dang-nhap", lines, |k, a: &UserLine, b| match k {
            "ho-ten" => key(&a.name).cmp(&key(&b.name)),
            "trang-thai" => a.disabled.cmp(&b.disabled),
            _ => a.username.cmp(&b.username),
        });
        UsersPage {
            user_name: user.user.display_name.clone(),
            users,
            sort,
            pager,
            kind_filter: list.kind().unwrap_or_default().to_string(),
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

pub async fn users_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(list): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    listed(&state, &user, String::new(), Vec::new(), &list).await
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
    let account = usecase::accounts::NewAccount {
        username: form.username,
        name: form.name,
        password: form.password,
        role: Role::from_code(&form.role),
        org: form.org.parse::<i64>().ok().map(OrgId),
    };
    match usecase::accounts::create(&state.ctx, &user, account).await {
        Ok(username) => render(&state, &user, format!("Đã tạo tài khoản {username}."), Vec::new()).await,
        Err(usecase::Error::Invalid(errors)) => {
            render(&state, &user, String::new(), errors.into_iter().map(|e| e.message).collect()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn disable_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    match usecase::accounts::toggle_disabled(&state.ctx, &user, UserId(id)).await {
        Ok(target) => {
            let what = if target.disabled { "Đã mở khóa" } else { "Đã khóa" };
            render(&state, &user, format!("{what} tài khoản {}.", target.username), Vec::new()).await
        }
        Err(usecase::Error::Refused(why)) => render(&state, &user, String::new(), vec![why]).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn reset_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let (target, password) = usecase::accounts::reset_password(&state.ctx, &user, UserId(id)).await?;
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
    let (role, org) = (Role::from_code(&form.role), form.org.parse::<i64>().ok().map(OrgId));
    match usecase::accounts::grant(&state.ctx, &user, UserId(id), role, org).await {
        Ok(target) => {
            let role = role.map(|r| r.label()).unwrap_or_default();
            render(&state, &user, format!("Đã thêm vai trò {role} cho {}.", target.username), Vec::new()).await
        }
        Err(usecase::Error::Invalid(errors)) => {
            render(&state, &user, String::new(), errors.into_iter().map(|e| e.message).collect()).await
        }
        Err(e) => Err(e.into()),
    }
}
