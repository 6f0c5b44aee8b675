//! A unit's tasks — those it gave and those given to it — by the Government's convention
//! (done on time, done late, in progress, overdue), with "k/N nhiệm vụ", the overdue ones
//! first. The unit a task falls to reports progress with evidence, asks for a new deadline
//! with a reason, and reports it done on a day; every report stays in the task's history.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::OrgId;
use domain::access::Action;
use domain::tasks::{TaskCounts, TaskStatus};
use store::TaskRow;
use usecase::tasks::{TaskList, may_report};

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs, optional_period, refused};
use crate::{AppError, AppState};

pub struct TaskView {
    pub id: i64,
    due_on: Option<chrono::NaiveDate>,
    pub body: String,
    /// Coordinating units and expected result, when the conclusion named them.
    pub details: String,
    pub given_by: String,
    pub assignee: String,
    pub due: String,
    pub done: String,
    pub note: String,
    pub status: &'static str,
    pub overdue: bool,
    pub open: bool,
    pub may_report: bool,
    pub source: Option<i64>,
    pub meeting: Option<i64>,
    pub history: Vec<String>,
    /// The lower units the task can be forwarded to: the assignee's children.
    pub forward_to: Vec<(i64, String)>,
    /// "Báo hoàn thành ngày …, chờ đơn vị giao xác nhận", while it waits.
    pub claimed: String,
    /// The user speaks for the unit that gave it, which accepts or sends it back.
    pub may_accept: bool,
    /// Evidence files: (id, name).
    pub files: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    sentence: String,
    /// The period the list is limited to, by deadline; empty for all.
    period_label: String,
    period_code: String,
    tasks: Vec<TaskView>,
    may_manage: bool,
    error: String,
    /// The status shown ("overdue", "open", "done"), empty for all.
    status_filter: String,
    pager: crate::pages::paging::Pager,
    sort: crate::pages::sorting::Sort,
}

/// The assignee's lower units, when the user reports for the assignee.
fn forward_targets(engine: &engine::Engine, user: &CurrentUser, t: &TaskRow) -> Vec<(i64, String)> {
    let Some(a) = t.assignee_org.filter(|a| user.may(engine, Action::ReportTask, *a)) else { return Vec::new() };
    let children = engine.tree.get(a).map(|n| n.children.clone()).unwrap_or_default();
    children.into_iter().map(|c| &engine.tree.nodes[c].org).map(|o| (o.id.0, o.name.clone())).collect()
}

fn history_line(u: &store::TaskUpdate) -> String {
    let day = u.on_day.map(vn::format_date).unwrap_or_default();
    let who = u.user.clone().unwrap_or_else(|| "hệ thống".into());
    match u.kind.as_str() {
        "done" => format!("Báo hoàn thành ngày {day}: {} ({who})", u.note),
        "claimed" => format!("Báo hoàn thành ngày {day}, chờ xác nhận: {} ({who})", u.note),
        "accepted" => format!("Đơn vị giao xác nhận hoàn thành ngày {day} {} ({who})", u.note).replace("  ", " "),
        "sent_back" => format!("Trả lại, chưa xác nhận hoàn thành: {} ({who})", u.note),
        "extended" => format!("Gia hạn đến {day}: {} ({who})", u.note),
        "forwarded" => format!("{} ({who})", u.note),
        _ => format!("Tiến độ: {} ({who})", u.note),
    }
}

/// Which tasks a list shows: a status ("overdue", "open", "done", "waiting") and a page.
#[derive(Default)]
pub(crate) struct Filter {
    status: String,
    page: Option<usize>,
    /// The column that leads (`sap`), overdue and open first otherwise.
    sort: Option<String>,
}

impl Filter {
    fn keeps(&self, t: &TaskView) -> bool {
        match self.status.as_str() {
            "overdue" => t.overdue,
            "open" => t.open,
            "done" => !t.open,
            "waiting" => !t.claimed.is_empty(),
            _ => true,
        }
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    period: Option<domain::Period>,
    error: String,
    filter: Filter,
) -> Result<Html<String>, AppError> {
    let TaskList { tasks: rows, updates } = usecase::tasks::list(&state.ctx, user, org, period).await?;
    let files = usecase::tasks::files_of(&state.ctx, user, org).await?;
    let statuses: Vec<TaskStatus> = rows.iter().map(|(_, s)| *s).collect();
    let engine = state.engine();
    let name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
    let mut tasks: Vec<TaskView> = rows
        .into_iter()
        .map(|(t, s)| TaskView {
            id: t.id,
            due_on: t.due_on,
            claimed: t
                .claimed_on
                .map(|d| format!("Báo hoàn thành ngày {}, chờ đơn vị giao xác nhận", vn::format_date(d)))
                .unwrap_or_default(),
            may_accept: usecase::tasks::gives(&engine, user, &t),
            files: files.iter().filter(|f| f.task == t.id).map(|f| (f.id, f.name.clone())).collect(),
            may_report: may_report(&engine, user, &t),
            forward_to: forward_targets(&engine, user, &t),
            details: [
                t.coordinating.map(|c| format!("Phối hợp: {c}")),
                t.expected.map(|e| format!("Kết quả cần đạt: {e}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; "),
            given_by: name(t.org),
            assignee: t.assignee_org.map(name).or(t.assignee).unwrap_or_default(),
            body: t.body,
            due: t.due_on.map(vn::format_date).unwrap_or_default(),
            done: t.done_on.map(vn::format_date).unwrap_or_default(),
            note: t.done_note.unwrap_or_default(),
            status: s.label(),
            overdue: s == TaskStatus::Overdue,
            open: !s.is_done(),
            // The kept text belongs to the giving unit; the meeting is open to the assignee too.
            source: t.source.filter(|_| user.may(&engine, Action::View, t.org)),
            meeting: t.meeting,
            history: updates.iter().filter(|(id, _)| *id == t.id).map(|(_, u)| history_line(u)).collect(),
        })
        .collect();
    tasks.sort_by_key(|t| (!t.overdue, !t.open));
    tasks.retain(|t| filter.keeps(t));
    let period_code = period.map(|p| p.code()).unwrap_or_default();
    let list =
        crate::pages::paging::ListQuery { trang: filter.page.map(|p| p.to_string()), sap: filter.sort, loai: None };
    let path = format!("/orgs/{}/tasks?period={period_code}&status={}", org.0, filter.status);
    let key = |s: &str| vn::collate::sort_key(s);
    let (tasks, sort, pager) = list.arrange(&path, "", tasks, |k, a: &TaskView, b| match k {
        "han" => (a.due_on.is_none(), a.due_on).cmp(&(b.due_on.is_none(), b.due_on)),
        "noi-dung" => key(&a.body).cmp(&key(&b.body)),
        "don-vi" => key(&a.assignee).cmp(&key(&b.assignee)),
        "giao" => key(&a.given_by).cmp(&key(&b.given_by)),
        "tinh-trang" => a.status.cmp(b.status),
        _ => std::cmp::Ordering::Equal,
    });
    let p = TasksPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org: org.0,
        org_name: name(org),
        sentence: TaskCounts::of(statuses).sentence(),
        period_label: period.map(|p| p.label()).unwrap_or_default(),
        period_code: period.map(|p| p.code()).unwrap_or_default(),
        tasks,
        may_manage: user.may(&engine, Action::ManageTargets, org),
        error,
        status_filter: filter.status,
        pager,
        sort,
    };
    Ok(Html(p.render()?))
}

#[derive(serde::Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    trang: Option<String>,
    #[serde(default)]
    sap: Option<String>,
}

pub async fn tasks_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let period = optional_period(q.period.as_deref()).map_err(|e| AppError::BadRequest(format!("Kỳ: {e}")))?;
    let filter = Filter {
        status: q.status.unwrap_or_default(),
        page: q.trang.as_deref().and_then(|t| t.trim().parse().ok()),
        sort: q.sap,
    };
    page(&state, &user, OrgId(id), period, String::new(), filter).await
}

/// The task named in the path, once the user is known to be allowed to report on it, and
/// the tasks page to go back to: the one the form came from, if it lists the task.
pub(crate) async fn reportable(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    form: &Fields,
) -> Result<(TaskRow, OrgId), AppError> {
    let task = usecase::tasks::reportable(&state.ctx, user, id).await?;
    let from = field(form, "from").parse().ok().map(OrgId);
    let back = from.filter(|o| *o == task.org || Some(*o) == task.assignee_org).unwrap_or(task.org);
    Ok((task, back))
}

/// What a report on a task answers: back to the list, or the list with the mistake named.
pub(crate) async fn answer(
    state: &AppState,
    user: &CurrentUser,
    back: OrgId,
    result: Result<(), String>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/orgs/{}/tasks", back.0)).into_response()),
        Err(why) => Ok(page(state, user, back, None, why, Filter::default()).await?.into_response()),
    }
}

/// A mistake on a task, named after the task's first words.
pub(crate) fn named(task: &TaskRow, why: impl std::fmt::Display) -> String {
    format!("Nhiệm vụ “{}” — {why}", task.body.chars().take(60).collect::<String>())
}

/// A refusal (a done task, an empty reason), named after the task.
pub(crate) fn refusal(task: &TaskRow, r: usecase::Result<()>) -> Result<Result<(), String>, AppError> {
    Ok(refused(r)?.map_err(|why| named(task, why)))
}

/// Records progress on a task, with its evidence.
pub async fn progress_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let (task, back) = reportable(&state, &user, id, &form).await?;
    let result = refusal(&task, usecase::tasks::progress(&state.ctx, &user, id, field(&form, "note")).await)?;
    answer(&state, &user, back, result).await
}

/// Moves a task's deadline, with the reason.
pub async fn extend_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let (task, back) = reportable(&state, &user, id, &form).await?;
    let result = match vn::parse_date(field(&form, "due_on")) {
        Ok(day) => refusal(&task, usecase::tasks::extend(&state.ctx, &user, id, day, field(&form, "reason")).await)?,
        Err(e) => Err(named(&task, format!("Thời hạn mới: {e}."))),
    };
    answer(&state, &user, back, result).await
}

/// Forwards a task to one of the assignee's lower units, with its own deadline.
pub async fn forward_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let (task, back) = reportable(&state, &user, id, &form).await?;
    let to = {
        let engine = state.engine();
        let Some(from) = task.assignee_org.filter(|a| user.may(&engine, Action::ReportTask, *a)) else {
            return Err(AppError::Forbidden("chuyển nhiệm vụ của đơn vị này"));
        };
        let unit = crate::pages::assign::chosen_unit(&engine, &user, from, field(&form, "unit"), "Đơn vị nhận");
        let due = match field(&form, "due_on").trim() {
            "" => Ok(task.due_on),
            raw => vn::parse_date(raw).map(Some).map_err(|e| format!("Thời hạn: {e}.")),
        };
        match (unit, due) {
            (Ok(u), Ok(due_on)) => Ok(store::NewTask {
                body: task.body.clone(),
                assignee: u,
                assignee_name: engine.tree.get(u).map(|n| n.org.name.clone()).unwrap_or_default(),
                coordinating: String::new(),
                expected: String::new(),
                due_on,
            }),
            (Err(e), _) | (_, Err(e)) => Err(named(&task, e)),
        }
    };
    let result = match to {
        Ok(to) => refusal(&task, usecase::tasks::forward(&state.ctx, &user, id, &to).await)?,
        Err(why) => Err(why),
    };
    answer(&state, &user, back, result).await
}
