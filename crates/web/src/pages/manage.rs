//! Targets administration: create a resolution for a unit, add and edit its targets
//! (bounds written as resolutions write them), and set its reporting schedule.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::bound_text::parse_bound;
use domain::{Accrual, AssessAt, Bands, Direction, DocumentId, Measure, OrgId, Period, Rollup, Target, TargetId};
use vn::period::Grain;

use crate::auth::CurrentUser;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub(crate) type Fields = Vec<(String, String)>;

pub(crate) fn field<'a>(form: &'a Fields, name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
}

/// Creates a resolution (nghị quyết) for a unit.
pub async fn resolution_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    usecase::targets::may_manage(&state.ctx, &user, org)?;
    let mut errors = Vec::new();
    let title = vn::text::clean(field(&form, "title"));
    if title.is_empty() {
        errors.push("Tên nghị quyết: chưa nhập.".to_string());
    }
    let number = match field(&form, "number") {
        "" => None,
        n => vn::DocumentNumber::parse(n).map_err(|e| errors.push(format!("Số, ký hiệu: {e}"))).ok(),
    };
    let term = match Period::parse(&vn::nfc(field(&form, "term"))) {
        Ok(Period::Term { start, end }) => Some((start, end)),
        _ => {
            errors.push("Nhiệm kỳ: cần dạng 2025–2030.".to_string());
            None
        }
    };
    let grain = Grain::from_code(field(&form, "grain")).unwrap_or(Grain::Quarter);
    let bands = Bands::parse(field(&form, "bands")).map_err(|e| errors.push(format!("Ngưỡng đánh giá: {e}"))).ok();
    let (Some(term), Some(bands), true) = (term, bands, errors.is_empty()) else {
        return Err(AppError::BadRequest(errors.join(" ")));
    };
    let new = usecase::targets::NewResolution { org, number, title, term, grain, bands };
    let doc = usecase::targets::create_resolution(&state.ctx, &user, new).await?;
    Ok(Redirect::to(&format!("/resolutions/{}", doc.0)).into_response())
}

/// Reads the target form into a target of `doc`, or the list of what is wrong.
pub(crate) fn target_from_form(form: &Fields, doc: &domain::Document, position: i32) -> Result<Target, Vec<String>> {
    let mut errors = Vec::new();
    let text = |name: &str, label: &str, errors: &mut Vec<String>| {
        let v = vn::text::clean(field(form, name));
        if v.is_empty() {
            errors.push(format!("{label}: chưa nhập."));
        }
        v
    };
    let name = text("name", "Tên chỉ tiêu", &mut errors);
    let unit = text("unit", "Đơn vị tính", &mut errors);
    let target_field = text("field", "Lĩnh vực", &mut errors);
    let bound = parse_bound(field(form, "bound")).map_err(|e| errors.push(format!("Mục tiêu nhiệm kỳ: {e}"))).ok();
    let mut yearly = BTreeMap::new();
    for part in field(form, "yearly").split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(':').map(|(y, b)| (y.trim().parse::<i32>(), parse_bound(b))) {
            Some((Ok(y), Ok(b))) if doc.term.contains(Period::Year { year: y }) => {
                yearly.insert(y, b);
            }
            _ => {
                errors.push(format!("Chỉ tiêu từng năm: “{part}” cần dạng “2026: từ 20 trở lên”, năm trong nhiệm kỳ."))
            }
        }
    }
    let pick = |name: &str, label: &str, errors: &mut Vec<String>| {
        let v = field(form, name).to_string();
        if v.is_empty() {
            errors.push(format!("{label}: chưa chọn."));
        }
        v
    };
    let measure = Measure::from_code(&pick("measure", "Cách đo", &mut errors));
    let direction = Direction::from_code(&pick("direction", "Chiều", &mut errors));
    let accrual = Accrual::from_code(&pick("accrual", "Cộng dồn", &mut errors));
    let assess = AssessAt::from_code(&pick("assess_at", "Đánh giá vào", &mut errors));
    let rollup_code = pick("rollup", "Cách tổng hợp", &mut errors);
    // A weighted average keeps its weights; the form only offers it back when set.
    let rollup = Rollup::from_parts(&rollup_code, Some(TargetId(0)));
    let parent = match field(form, "parent") {
        "" => None,
        p => p.parse::<i64>().ok().map(TargetId).or_else(|| {
            errors.push("Liên thông: chọn một chỉ tiêu trong danh sách.".into());
            None
        }),
    };
    match (bound, measure, direction, accrual, assess, rollup, errors.is_empty()) {
        (Some(bound), Some(measure), Some(direction), Some(accrual), Some(assess_at), Some(rollup), true) => {
            Ok(Target {
                id: TargetId(0),
                document: doc.id,
                org: doc.org,
                code: vn::text::clean(field(form, "code")),
                field: target_field,
                name,
                unit,
                term_bound: bound,
                measure,
                direction,
                accrual,
                rollup,
                assess_at,
                yearly,
                responsible: Some(doc.org),
                parent,
                position,
            })
        }
        _ => {
            if errors.is_empty() {
                errors.push("Có lựa chọn không hợp lệ.".into());
            }
            Err(errors)
        }
    }
}

/// Adds a target to a resolution.
pub async fn target_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let (doc, position) = {
        let doc = usecase::targets::managed_document(&state.ctx, &user, DocumentId(id))?;
        let count = state.engine().targets_of(DocumentId(id)).count();
        (doc, count as i32 + 1)
    };
    let target = target_from_form(&form, &doc, position).map_err(|e| AppError::BadRequest(e.join(" ")))?;
    usecase::targets::add(&state.ctx, &user, target).await.map_err(crate::pages::bad_request)?;
    Ok(Redirect::to(&format!("/resolutions/{id}")).into_response())
}

/// The values of the target form, and its choices with the current one selected.
pub struct TargetForm {
    pub code: String,
    pub field: String,
    pub name: String,
    pub unit: String,
    pub bound: String,
    pub yearly: String,
    pub measures: Vec<(&'static str, &'static str, bool)>,
    pub directions: Vec<(&'static str, &'static str, bool)>,
    pub accruals: Vec<(&'static str, &'static str, bool)>,
    pub rollups: Vec<(&'static str, &'static str, bool)>,
    pub assess: Vec<(&'static str, &'static str, bool)>,
    pub parents: Vec<(i64, String, bool)>,
}

impl TargetForm {
    pub fn new(t: Option<&Target>, parents: Vec<(TargetId, String)>) -> TargetForm {
        let rollups = [Rollup::Sum, Rollup::Average, Rollup::CountMeeting]
            .into_iter()
            .chain(t.map(|t| t.rollup).filter(|r| matches!(r, Rollup::WeightedAverage(_))))
            .map(|r| (r.code(), r.label(), t.is_some_and(|t| t.rollup == r)))
            .collect();
        TargetForm {
            code: t.map(|t| t.code.clone()).unwrap_or_default(),
            field: t.map(|t| t.field.clone()).unwrap_or_default(),
            name: t.map(|t| t.name.clone()).unwrap_or_default(),
            unit: t.map(|t| t.unit.clone()).unwrap_or_default(),
            bound: t.map(|t| t.term_bound.label()).unwrap_or_default(),
            yearly: t
                .map(|t| t.yearly.iter().map(|(y, b)| format!("{y}: {}", b.label())).collect::<Vec<_>>().join("; "))
                .unwrap_or_default(),
            measures: Measure::ALL.iter().map(|m| (m.code(), m.label(), t.is_some_and(|t| t.measure == *m))).collect(),
            directions: Direction::ALL
                .iter()
                .map(|m| (m.code(), m.label(), t.is_some_and(|t| t.direction == *m)))
                .collect(),
            accruals: Accrual::ALL.iter().map(|m| (m.code(), m.label(), t.is_some_and(|t| t.accrual == *m))).collect(),
            rollups,
            assess: AssessAt::ALL.iter().map(|m| (m.code(), m.label(), t.is_some_and(|t| t.assess_at == *m))).collect(),
            parents: parents.into_iter().map(|(p, l)| (p.0, l, t.is_some_and(|t| t.parent == Some(p)))).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "edit_target.html")]
struct EditTargetPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    target_id: i64,
    doc_id: i64,
    resolution: String,
    f: TargetForm,
    errors: Vec<String>,
}

fn edit_page(state: &AppState, user: &CurrentUser, id: i64, errors: Vec<String>) -> Result<Html<String>, AppError> {
    let engine = state.engine();
    let t = engine.target(TargetId(id)).ok_or(AppError::NotFound("chỉ tiêu"))?;
    user.require(&engine, Action::ManageTargets, t.org)?;
    let doc = engine.document(t.document).ok_or(AppError::NotFound("nghị quyết"))?;
    let page = EditTargetPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, t.org),
        target_id: id,
        doc_id: doc.id.0,
        resolution: doc.title.clone(),
        f: TargetForm::new(Some(t), parent_choices(&engine, doc)),
        errors,
    };
    Ok(Html(page.render()?))
}

pub async fn edit_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    edit_page(&state, &user, id, Vec::new())
}

/// Saves a target's edit; a change of its link (liên thông) reshapes the cascade.
pub async fn edit_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let (before, doc) = {
        let engine = state.engine();
        let t = engine.target(TargetId(id)).cloned().ok_or(AppError::NotFound("chỉ tiêu"))?;
        drop(engine);
        let doc = usecase::targets::managed_document(&state.ctx, &user, t.document)?;
        (t, doc)
    };
    let mut after = match target_from_form(&form, &doc, before.position) {
        Ok(t) => t,
        Err(errors) => return Ok(edit_page(&state, &user, id, errors)?.into_response()),
    };
    after.id = before.id;
    if let (Rollup::WeightedAverage(_), Rollup::WeightedAverage(w)) =
        (Rollup::from_parts(field(&form, "rollup"), Some(TargetId(0))).unwrap_or(Rollup::Sum), before.rollup)
    {
        after.rollup = Rollup::WeightedAverage(w);
    }
    match crate::pages::refused(usecase::targets::edit(&state.ctx, &user, after).await)? {
        Ok(doc) => Ok(Redirect::to(&format!("/resolutions/{}", doc.0)).into_response()),
        Err(why) => Ok(edit_page(&state, &user, id, vec![why])?.into_response()),
    }
}

pub use usecase::targets::parent_choices;

/// Sets when a resolution's figures are cut off and its reports fall due.
pub async fn schedule_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    usecase::targets::managed_document(&state.ctx, &user, DocumentId(id))?;
    let number = |name: &str, label: &str, max: u32| -> Result<u32, AppError> {
        field(&form, name)
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| AppError::BadRequest(format!("{label}: cần một số từ 0 đến {max}.")))
    };
    let schedule = domain::reporting::Schedule {
        cutoff_day: number("cutoff_day", "Ngày chốt số liệu", 28)?,
        due_days: number("due_days", "Số ngày phải gửi báo cáo", 60)?,
    };
    usecase::targets::set_schedule(&state.ctx, &user, DocumentId(id), schedule).await?;
    Ok(Redirect::to(&format!("/resolutions/{id}")).into_response())
}
