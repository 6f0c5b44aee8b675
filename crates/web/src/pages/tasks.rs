//! A unit's tasks by the Government's convention — done on time, done late, in progress,
//! overdue — with "k/N nhiệm vụ", the overdue ones first, and the day each was done.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::OrgId;
use domain::access::Action;
use domain::tasks::{TaskCounts, task_status};

use crate::auth::{CurrentUser, same_origin};
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct TaskView {
    pub id: i64,
    pub body: String,
    pub assignee: String,
    pub due: String,
    pub done: String,
    pub note: String,
    pub status: &'static str,
    pub overdue: bool,
    pub open: bool,
    pub source: Option<i64>,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    sentence: String,
    tasks: Vec<TaskView>,
    may_report: bool,
    error: String,
}

async fn page(state: &AppState, user: &CurrentUser, org: OrgId, error: String) -> Result<Html<String>, AppError> {
    let (org_name, may_report, crumbs) = {
        let engine = state.engine();
        user.require(&engine, Action::View, org)?;
        let name = engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default();
        (name, user.may(&engine, Action::ManageTargets, org), crumbs(&engine, user, org))
    };
    let today = chrono::Local::now().date_naive();
    let rows = state.store.list_tasks(org).await?;
    let statuses: Vec<_> = rows.iter().map(|t| task_status(t.due_on, t.done_on, today)).collect();
    let mut tasks: Vec<TaskView> = rows
        .into_iter()
        .zip(&statuses)
        .map(|(t, s)| TaskView {
            id: t.id,
            body: t.body,
            assignee: t.assignee.unwrap_or_default(),
            due: t.due_on.map(vn::format_date).unwrap_or_default(),
            done: t.done_on.map(vn::format_date).unwrap_or_default(),
            note: t.done_note.unwrap_or_default(),
            status: s.label(),
            overdue: *s == domain::tasks::TaskStatus::Overdue,
            open: !s.is_done(),
            source: t.source,
        })
        .collect();
    tasks.sort_by_key(|t| (!t.overdue, !t.open));
    let p = TasksPage {
        user_name: user.user.display_name.clone(),
        crumbs,
        org: org.0,
        org_name,
        sentence: TaskCounts::of(statuses).sentence(),
        tasks,
        may_report,
        error,
    };
    Ok(Html(p.render()?))
}

pub async fn tasks_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    page(&state, &user, OrgId(id), String::new()).await
}

/// Records that a task is done on a day, with the unit's note.
pub async fn done_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    same_origin(&headers)?;
    let task = state.store.task(id).await?;
    user.require(&state.engine(), Action::ManageTargets, task.org)?;
    let day = match vn::parse_date(field(&form, "done_on")) {
        Ok(d) => d,
        Err(e) => {
            let why = format!("Nhiệm vụ “{}” — Ngày hoàn thành: {e}.", task.body.chars().take(60).collect::<String>());
            return Ok(page(&state, &user, task.org, why).await?.into_response());
        }
    };
    state.store.finish_task(&user.actor(), id, day, field(&form, "note")).await?;
    Ok(Redirect::to(&format!("/orgs/{}/tasks", task.org.0)).into_response())
}
