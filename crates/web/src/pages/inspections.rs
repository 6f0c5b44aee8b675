//! Kiểm tra and giám sát at `/orgs/{id}/inspections`: the year's cases of an inspecting
//! body, the counts a report quotes (always counted from the cases), and the form that
//! records a case with its outcome and its recommendations as tasks. Cases name members
//! and their discipline, so only inspectors and leaders reach the page.

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use domain::OrgId;
use domain::access::Action;
use domain::inspections::{self as insp, Discipline, InspectionCounts, Mode, Subject};

use crate::auth::CurrentUser;
use crate::pages::assign::{TaskInput, chosen_unit, parse_tasks, subtree_units, task_inputs};
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs, refused};
use crate::{AppError, AppState};

pub struct CaseLine {
    pub what: String,
    pub subject: String,
    pub decision: String,
    pub started: String,
    pub conclusion: String,
    pub discipline: String,
}

#[derive(Template)]
#[template(path = "inspections.html")]
struct InspectionsPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    year: i32,
    years: Vec<i32>,
    sentence: String,
    cases: Vec<CaseLine>,
    pager: crate::pages::paging::Pager,
    sort: crate::pages::sorting::Sort,
    /// The filters in force: action and mode codes, empty for all.
    action_filter: String,
    mode_filter: String,
    /// The year's plan against what was done: (what, done, planned).
    plan: Vec<(String, usize, i64)>,
    may_record: bool,
    actions: Vec<(&'static str, &'static str)>,
    modes: Vec<(&'static str, &'static str)>,
    subjects: Vec<(&'static str, &'static str)>,
    disciplines: Vec<(&'static str, &'static str)>,
    units: Vec<(i64, String)>,
    form: Fields,
    recommendations: Vec<TaskInput>,
    errors: Vec<String>,
}

impl InspectionsPage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&v| (code(v), label(v))).collect()
}

#[derive(serde::Deserialize, Default)]
pub struct YearQuery {
    year: Option<String>,
    /// Only cases of this action ("kiem_tra", "giam_sat" codes) or mode.
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    trang: Option<String>,
    #[serde(default)]
    sap: Option<String>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    year: Option<i32>,
    q: YearQuery,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, AppError> {
    let all = usecase::inspections::cases(&state.ctx, user, org, None).await?;
    let today = state.ctx.clock.today();
    let mut years: BTreeSet<i32> = all.iter().map(|c| c.started_on.year()).collect();
    let year = year.or_else(|| years.last().copied()).unwrap_or(today.year());
    years.insert(year);
    let in_year: Vec<_> = all.into_iter().filter(|c| c.started_on.year() == year).collect();
    let counts = InspectionCounts::of(in_year.iter().map(|c| (c.action, c.mode, c.subject, c.discipline)));
    let plan = usecase::inspections::plan_against(&state.ctx, user, org, year, &counts).await?;
    let engine = state.engine();
    let name = |o: Option<OrgId>| o.and_then(|o| engine.tree.get(o)).map(|n| n.org.name.clone()).unwrap_or_default();
    let action_filter = q.action.clone().unwrap_or_default();
    let mode_filter = q.mode.clone().unwrap_or_default();
    let shown: Vec<_> = in_year
        .into_iter()
        .filter(|c| action_filter.is_empty() || c.action.code() == action_filter)
        .filter(|c| mode_filter.is_empty() || c.mode.code() == mode_filter)
        .collect();
    let path = format!("/orgs/{}/inspections?year={year}&action={action_filter}&mode={mode_filter}", org.0);
    let list = crate::pages::paging::ListQuery { trang: q.trang.clone(), sap: q.sap.clone(), loai: None };
    let (shown, sort, pager) = list.arrange(&path, "-bat-dau", shown, |k, a, b| match k {
        "hinh-thuc" => (a.action.label(), a.mode.label()).cmp(&(b.action.label(), b.mode.label())),
        "doi-tuong" => name(a.subject_org).cmp(&name(b.subject_org)),
        _ => a.started_on.cmp(&b.started_on),
    });
    let cases = shown
        .into_iter()
        .map(|c| CaseLine {
            what: format!("{} {}", c.action.label(), c.mode.label()),
            subject: match (c.subject, c.member_name) {
                (Subject::Member, Some(m)) => format!("Đảng viên {m} ({})", name(c.subject_org)),
                _ => name(c.subject_org),
            },
            decision: c.decision.unwrap_or_default(),
            started: vn::format_date(c.started_on),
            conclusion: c.conclusion.unwrap_or_default(),
            discipline: c.discipline.map(|d| d.label().to_string()).unwrap_or_default(),
        })
        .collect();
    let p = InspectionsPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org: org.0,
        org_name: name(Some(org)),
        year,
        years: years.into_iter().rev().collect(),
        sentence: counts.sentence(),
        cases,
        pager,
        sort,
        action_filter,
        mode_filter,
        plan,
        may_record: user.may(&engine, Action::RecordInspections, org),
        actions: choices(insp::Action::ALL, insp::Action::code, insp::Action::label),
        modes: choices(Mode::ALL, Mode::code, Mode::label),
        subjects: choices(Subject::ALL, Subject::code, Subject::label),
        disciplines: choices(Discipline::ALL, Discipline::code, Discipline::label),
        units: subtree_units(&engine, user, org),
        recommendations: task_inputs(&form, "r"),
        form,
        errors,
    };
    Ok(Html(p.render()?))
}

pub async fn inspections_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, AppError> {
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(raw) => Some(raw.parse().map_err(|_| AppError::BadRequest(format!("Năm: “{raw}” không phải một năm.")))?),
    };
    page(&state, &user, OrgId(id), year, q, Vec::new(), Vec::new()).await
}

/// Reads the form into a case, naming every field that is wrong.
fn parse(state: &AppState, user: &CurrentUser, org: OrgId, form: &Fields) -> Result<store::NewInspection, Vec<String>> {
    let mut errors = Vec::new();
    let engine = state.engine();
    let mut choose = |value: Option<()>, label: &str| {
        if value.is_none() {
            errors.push(format!("{label}: chọn một mục trong danh sách."));
        }
    };
    let action = insp::Action::from_code(field(form, "action"));
    let mode = Mode::from_code(field(form, "mode"));
    let subject = Subject::from_code(field(form, "subject"));
    choose(action.map(|_| ()), "Hình thức (kiểm tra, giám sát)");
    choose(mode.map(|_| ()), "Loại (thường xuyên, chuyên đề, khi có dấu hiệu vi phạm)");
    choose(subject.map(|_| ()), "Đối tượng");
    let started_on = vn::parse_date(field(form, "started_on"))
        .map_err(|e| errors.push(format!("Ngày bắt đầu: {e}.")))
        .unwrap_or(NaiveDate::MIN);
    let subject_org = chosen_unit(&engine, user, org, field(form, "subject_org"), "Tổ chức được kiểm tra, giám sát")
        .map_err(|e| errors.push(e))
        .ok();
    let discipline = match field(form, "discipline") {
        "" => None,
        raw => Discipline::from_code(raw).or_else(|| {
            errors.push("Hình thức kỷ luật: chọn trong danh sách.".to_string());
            None
        }),
    };
    let recommendations = parse_tasks(&engine, user, org, form, "r", "Kiến nghị", &mut errors);
    match (action, mode, subject, errors.is_empty()) {
        (Some(action), Some(mode), Some(subject), true) => Ok(store::NewInspection {
            org,
            action,
            mode,
            subject,
            subject_org,
            member_name: field(form, "member_name").to_string(),
            decision: field(form, "decision").to_string(),
            team: field(form, "team").to_string(),
            started_on,
            findings: field(form, "findings").to_string(),
            conclusion: field(form, "conclusion").to_string(),
            discipline,
            recommendations,
        }),
        _ => Err(errors),
    }
}

/// Records a case, or shows the form again with every mistake named and what was typed kept.
pub async fn inspections_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    usecase::inspections::may_record(&state.ctx, &user, org)?;
    let case = match parse(&state, &user, org, &form) {
        Ok(c) => c,
        Err(errors) => {
            return Ok(page(&state, &user, org, None, YearQuery::default(), form, errors).await?.into_response());
        }
    };
    match refused(usecase::inspections::record(&state.ctx, &user, &case).await)? {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{id}/inspections?year={}", case.started_on.year())).into_response()),
        Err(why) => Ok(page(&state, &user, org, None, YearQuery::default(), form, vec![why]).await?.into_response()),
    }
}

/// Sets one line of the year's plan.
pub async fn plan_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    usecase::inspections::may_record(&state.ctx, &user, org)?;
    let year = field(&form, "year").trim().parse::<i32>().ok().filter(|y| (1945..=2200).contains(y));
    let planned = field(&form, "planned").trim().parse::<i64>().ok().filter(|n| (0..=100_000).contains(n));
    let kinds = (
        insp::Action::from_code(field(&form, "action")),
        Mode::from_code(field(&form, "mode")),
        Subject::from_code(field(&form, "subject")),
    );
    let (Some(year), Some(planned), (Some(action), Some(mode), Some(subject))) = (year, planned, kinds) else {
        let why = "Kế hoạch năm: cần năm (2020), hình thức, loại, đối tượng và số lượng là số nguyên từ 0 đến 100.000."
            .to_string();
        return Ok(page(&state, &user, org, year, YearQuery::default(), form, vec![why]).await?.into_response());
    };
    let line = store::PlanLine { action, mode, subject, planned };
    match refused(usecase::inspections::set_plan(&state.ctx, &user, org, year, line).await)? {
        Ok(()) => Ok(Redirect::to(&format!("/orgs/{id}/inspections?year={year}")).into_response()),
        Err(why) => {
            Ok(page(&state, &user, org, Some(year), YearQuery::default(), form, vec![why]).await?.into_response())
        }
    }
}
