//! Meetings and their conclusions: a unit's list of the meetings it held or that concerned
//! it, the form that records a working session (or a plenum, a review) with up to five
//! conclusions, each a task for a unit of the subtree with a deadline, and a meeting's page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use domain::OrgId;
use domain::access::Action;
use domain::meetings::{MEETING_KINDS, meeting_label};
use domain::tasks::task_status;

use crate::auth::CurrentUser;
use crate::pages::assign::{TaskInput, chosen_unit, parse_tasks, subtree_units, task_inputs};
use crate::pages::manage::{Fields, field};
use crate::pages::paging::ListQuery;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct MeetingLine {
    pub id: i64,
    pub day: Option<NaiveDate>,
    /// The kind's code, for the filter.
    pub code: String,
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
    /// Meetings recorded in all, before the filter.
    recorded: usize,
    kind_filter: String,
    sort: crate::pages::sorting::Sort,
    pager: crate::pages::paging::Pager,
    may_record: bool,
    kinds: Vec<(&'static str, &'static str)>,
    /// Units of the subtree a conclusion may fall to: (id, name).
    units: Vec<(i64, String)>,
    form: Fields,
    conclusions: Vec<TaskInput>,
    /// People of the register holding a title in the subtree today: (person, "title name").
    people: Vec<(i64, String)>,
    explanation_rows: Vec<usize>,
    errors: Vec<String>,
    /// The saved meeting the form changes, when it is not a new one.
    editing: Option<i64>,
}

/// Rows for the explanations departments gave.
const EXPLANATION_ROWS: usize = 3;

/// The highest explanation row typed (`e{i}_dept`), so that a changed meeting shows all.
fn explanations_typed(form: &Fields) -> usize {
    form.iter().filter_map(|(k, _)| k.strip_prefix('e')?.strip_suffix("_dept")?.parse().ok()).max().unwrap_or(0)
}

impl MeetingsPage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }

    fn attending(&self, person: &i64) -> bool {
        let id = person.to_string();
        self.form.iter().any(|(k, v)| k == "attendee" && *v == id)
    }

    /// A typed explanation row's `part` ("dept" or "content"), to show it again.
    fn explanation(&self, i: &usize, part: &str) -> &str {
        field(&self.form, &format!("e{i}_{part}"))
    }
}

/// The people holding a title in `org`'s subtree on `day`, labelled "title name".
fn people_of(
    engine: &engine::Engine,
    user: &CurrentUser,
    positions: &[store::Position],
    org: OrgId,
    day: NaiveDate,
) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = crate::pages::people::register_of(engine, user, positions, org)
        .into_iter()
        .filter(|p| p.held_on(day))
        .map(|p| (p.person, p.label()))
        .collect();
    out.dedup_by_key(|(id, _)| *id);
    out
}

/// The page with the list as the address asks: a page of it, in an order, of one kind.
pub(crate) async fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    form: Fields,
    errors: Vec<String>,
    editing: Option<i64>,
    list: &ListQuery,
) -> Result<Html<String>, AppError> {
    let positions = usecase::people::positions(&state.ctx, user, org).await?;
    let today = state.ctx.clock.today();
    let (org_name, may_record, units, crumbs, people) = {
        let engine = state.engine();
        let name = engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default();
        let units = subtree_units(&engine, user, org);
        let people = people_of(&engine, user, &positions, org, today);
        (name, user.may(&engine, Action::ManageTargets, org), units, crumbs(&engine, user, org), people)
    };
    let all: Vec<MeetingLine> = usecase::meetings::of_unit(&state.ctx, user, org)
        .await?
        .into_iter()
        .map(|(id, kind, held_on, title)| MeetingLine {
            id,
            day: held_on,
            kind: meeting_label(&kind).to_string(),
            code: kind,
            held_on: held_on.map(vn::format_date).unwrap_or_default(),
            title,
        })
        .collect();
    let recorded = all.len();
    let shown: Vec<MeetingLine> = all.into_iter().filter(|m| list.kind().is_none_or(|k| m.code == k)).collect();
    let (meetings, sort, pager) =
        list.arrange(&format!("/orgs/{}/meetings", org.0), "-ngay", shown, |key, a: &MeetingLine, b| match key {
            "ten" => vn::collate::sort_key(&a.title).cmp(&vn::collate::sort_key(&b.title)),
            "loai" => a.kind.cmp(&b.kind),
            _ => a.day.cmp(&b.day),
        });
    let conclusions = task_inputs(&form, "c");
    let explanation_rows = (1..=EXPLANATION_ROWS.max(explanations_typed(&form))).collect();
    let p = MeetingsPage {
        user_name: user.user.display_name.clone(),
        crumbs,
        org: org.0,
        org_name,
        meetings,
        recorded,
        kind_filter: list.kind().unwrap_or_default().to_string(),
        sort,
        pager,
        may_record,
        kinds: MEETING_KINDS.to_vec(),
        units,
        form,
        conclusions,
        people,
        explanation_rows,
        errors,
        editing,
    };
    Ok(Html(p.render()?))
}

pub async fn meetings_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(list): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let form = vec![("kind".into(), "working_session".into())];
    page(&state, &user, OrgId(id), form, Vec::new(), None, &list).await
}

/// Reads the form into a meeting, naming every field that is wrong.
/// The form read into a meeting of `org`, once the user is known to record its
/// meetings, or every mistake named.
pub(crate) async fn read_meeting(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    form: &Fields,
) -> Result<Result<store::NewMeeting, Vec<String>>, AppError> {
    usecase::meetings::may_record(&state.ctx, user, org)?;
    let positions = usecase::people::positions(&state.ctx, user, org).await?;
    let people = people_of(&state.engine(), user, &positions, org, state.ctx.clock.today());
    Ok(parse(state, user, org, form, &people))
}

fn parse(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    form: &Fields,
    people: &[(i64, String)],
) -> Result<store::NewMeeting, Vec<String>> {
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
    // The chair and attendees come from the register, by id, among the subtree's people.
    let known = |raw: &str| raw.parse::<i64>().ok().filter(|id| people.iter().any(|(p, _)| p == id));
    let chair_person = match field(form, "chair_person") {
        "" => None,
        raw => known(raw).or_else(|| {
            errors.push("Chủ trì: chọn người trong danh sách cán bộ.".to_string());
            None
        }),
    };
    let mut attendees = Vec::new();
    for (_, raw) in form.iter().filter(|(k, _)| k == "attendee") {
        match known(raw) {
            Some(id) => attendees.push(id),
            None => errors.push("Thành phần dự họp: chọn người trong danh sách cán bộ.".to_string()),
        }
    }
    let chair_label = chair_person.and_then(|c| people.iter().find(|(p, _)| *p == c)).map(|(_, l)| l.clone());
    let explanations: Vec<(String, String)> = (1..=EXPLANATION_ROWS.max(explanations_typed(form)))
        .map(|i| {
            (
                vn::text::clean(field(form, &format!("e{i}_dept"))),
                vn::text::clean(field(form, &format!("e{i}_content"))),
            )
        })
        .filter(|(d, c)| !d.is_empty() || !c.is_empty())
        .collect();
    for (i, (d, c)) in explanations.iter().enumerate() {
        if d.is_empty() || c.is_empty() {
            errors.push(format!("Giải trình {}: cần cả đơn vị giải trình và nội dung.", i + 1));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(store::NewMeeting {
        org,
        kind: kind.to_string(),
        held_on,
        title,
        chair: chair_label.unwrap_or_else(|| field(form, "chair").to_string()),
        concerns,
        difficulties: field(form, "difficulties").to_string(),
        conclusions,
        chair_person,
        attendees,
        documents: field(form, "documents").to_string(),
        figures: field(form, "figures").to_string(),
        explanations,
    })
}

/// Records a meeting and its conclusions as tasks, or shows the form again with every
/// mistake named and what was typed kept.
pub async fn meetings_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let meeting = match read_meeting(&state, &user, org, &form).await? {
        Ok(m) => m,
        Err(errors) => {
            return Ok(page(&state, &user, org, form, errors, None, &ListQuery::default()).await?.into_response());
        }
    };
    let created = match usecase::meetings::record(&state.ctx, &user, &meeting).await {
        Ok(id) => id,
        Err(usecase::Error::Refused(why)) => {
            return Ok(page(&state, &user, org, form, vec![why], None, &ListQuery::default()).await?.into_response());
        }
        Err(e) => return Err(e.into()),
    };
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
    documents: String,
    figures: String,
    attendees: String,
    explanations: Vec<(String, String)>,
    tasks: Vec<MeetingTask>,
    /// The user records the host's meetings and may change this one.
    may_edit: bool,
    id: i64,
}

/// A meeting, for the unit that held it and the unit it concerned.
pub async fn meeting_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let m = usecase::meetings::get(&state.ctx, &user, id).await?;
    let today = state.ctx.clock.today();
    let may_edit = usecase::meetings::may_record(&state.ctx, &user, m.org).is_ok();
    let page = {
        let engine = state.engine();
        let name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        MeetingPage {
            may_edit,
            id: m.id,
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
            documents: m.documents.unwrap_or_default(),
            figures: m.figures.unwrap_or_default(),
            attendees: m.attendees.join(", "),
            explanations: m.explanations,
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
