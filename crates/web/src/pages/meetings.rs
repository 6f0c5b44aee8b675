//! Meetings and their conclusions: a unit's list of the meetings it held or that concerned
//! it, the form that records a working session (or a plenum, a review) with up to five
//! conclusions, each a task for a unit of the subtree with a deadline, and a meeting's page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use domain::OrgId;
use domain::access::Action;
use domain::meetings::{MEETING_KINDS, meeting_label};
use domain::tasks::task_status;

use crate::auth::{CurrentUser, same_origin};
use crate::pages::assign::{TaskInput, chosen_unit, parse_tasks, subtree_units, task_inputs};
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct MeetingLine {
    pub id: i64,
    pub kind: String,
    pub held_on: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    meetings: Vec<MeetingLine>,
    may_record: bool,
    kinds: Vec<(&'static str, &'static str)>,
    /// Units of the subtree a conclusion may fall to: (id, name).
    units: Vec<(i64, String)>,
    form: Fields,
    conclusions: Vec<TaskInput>,
    errors: Vec<String>,
}

impl MeetingsPage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, AppError> {
    let (org_name, may_record, units, crumbs) = {
        let engine = state.engine();
        user.require(&engine, Action::View, org)?;
        let name = engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default();
        let units = subtree_units(&engine, user, org);
        (name, user.may(&engine, Action::ManageTargets, org), units, crumbs(&engine, user, org))
    };
    let meetings = state
        .store
        .list_meetings(org)
        .await?
        .into_iter()
        .map(|(id, kind, held_on, title)| MeetingLine {
            id,
            kind: meeting_label(&kind).to_string(),
            held_on: held_on.map(vn::format_date).unwrap_or_default(),
            title,
        })
        .collect();
    let conclusions = task_inputs(&form, "c");
    let p = MeetingsPage {
        user_name: user.user.display_name.clone(),
        crumbs,
        org: org.0,
        org_name,
        meetings,
        may_record,
        kinds: MEETING_KINDS.to_vec(),
        units,
        form,
        conclusions,
        errors,
    };
    Ok(Html(p.render()?))
}

pub async fn meetings_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    page(&state, &user, OrgId(id), vec![("kind".into(), "working_session".into())], Vec::new()).await
}

/// Reads the form into a meeting, naming every field that is wrong.
fn parse(state: &AppState, user: &CurrentUser, org: OrgId, form: &Fields) -> Result<store::NewMeeting, Vec<String>> {
    let mut errors = Vec::new();
    let engine = state.engine();
    let kind = field(form, "kind");
    if !MEETING_KINDS.iter().any(|(k, _)| *k == kind) {
        errors.push("Loại cuộc họp: chọn một loại trong danh sách.".to_string());
    }
    let held_on = vn::parse_date(field(form, "held_on"))
        .map_err(|e| errors.push(format!("Ngày họp: {e}.")))
        .unwrap_or(NaiveDate::MIN);
    let title = vn::text::clean(field(form, "title"));
    if title.is_empty() {
        errors.push("Tên cuộc họp: chưa nhập (ví dụ “Làm việc với Ban Thường vụ Đảng ủy xã Phú Hưng”).".to_string());
    }
    let concerns = match field(form, "concerns") {
        "" => None,
        raw => chosen_unit(&engine, user, org, raw, "Đơn vị được làm việc").map_err(|e| errors.push(e)).ok(),
    };
    let conclusions = parse_tasks(&engine, user, org, form, "c", "Kết luận", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(store::NewMeeting {
        org,
        kind: kind.to_string(),
        held_on,
        title,
        chair: field(form, "chair").to_string(),
        concerns,
        difficulties: field(form, "difficulties").to_string(),
        conclusions,
    })
}

/// Records a meeting and its conclusions as tasks, or shows the form again with every
/// mistake named and what was typed kept.
pub async fn meetings_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    same_origin(&headers)?;
    let org = OrgId(id);
    user.require(&state.engine(), Action::ManageTargets, org)?;
    let meeting = match parse(&state, &user, org, &form) {
        Ok(m) => m,
        Err(errors) => return Ok(page(&state, &user, org, form, errors).await?.into_response()),
    };
    let created = state.store.record_meeting(&user.actor(), &meeting).await?;
    Ok(Redirect::to(&format!("/meetings/{created}")).into_response())
}

pub struct MeetingTask {
    pub id: i64,
    pub body: String,
    pub unit: String,
    pub due: String,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    kind: String,
    held_on: String,
    title: String,
    host: String,
    concerns: Option<(i64, String)>,
    chair: String,
    difficulties: String,
    tasks: Vec<MeetingTask>,
}

/// A meeting, for the unit that held it and the unit it concerned.
pub async fn meeting_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let m = state.store.meeting(id).await?;
    let today = chrono::Local::now().date_naive();
    let page = {
        let engine = state.engine();
        let seen_by_concerned = m.concerns.is_some_and(|c| user.may(&engine, Action::View, c));
        if !seen_by_concerned {
            user.require(&engine, Action::View, m.org)?;
        }
        let name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        MeetingPage {
            user_name: user.user.display_name.clone(),
            crumbs: crumbs(&engine, &user, m.org),
            org: m.org.0,
            kind: meeting_label(&m.kind).to_string(),
            held_on: m.held_on.map(vn::format_date).unwrap_or_default(),
            title: m.title,
            host: name(m.org),
            concerns: m.concerns.map(|c| (c.0, name(c))),
            chair: m.chair.unwrap_or_default(),
            difficulties: m.difficulties.unwrap_or_default(),
            tasks: m
                .tasks
                .into_iter()
                .map(|t| MeetingTask {
                    id: t.id,
                    body: t.body,
                    unit: t.assignee_org.map(name).or(t.assignee).unwrap_or_default(),
                    due: t.due_on.map(vn::format_date).unwrap_or_default(),
                    status: task_status(t.due_on, t.done_on, today).label(),
                })
                .collect(),
        }
    };
    Ok(Html(page.render()?))
}
