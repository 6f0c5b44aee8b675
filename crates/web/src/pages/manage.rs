//! Targets administration: create a resolution for a unit, add targets to it (bounds
//! written as resolutions write them), and allocate a target to the lower units with a
//! check that the shares can make up the whole.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::allocation::check_allocation;
use domain::bound_text::parse_bound;
use domain::{
    Accrual, AssessAt, Bands, Bound, Decimal, Direction, DocumentId, Measure, OrgId, Period, Rollup, Target, TargetId,
};
use vn::period::Grain;

use crate::auth::{CurrentUser, same_origin};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

type Fields = Vec<(String, String)>;

fn field<'a>(form: &'a Fields, name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
}

/// Creates a resolution (nghị quyết) for a unit.
pub async fn resolution_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    same_origin(&headers)?;
    let org = OrgId(id);
    user.require(&state.engine(), Action::ManageTargets, org)?;
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
    let mut tx = state.store.begin().await?;
    let doc = tx
        .insert_document(
            &user.actor(),
            store::NewDocument {
                org,
                doc_type: engine::RESOLUTION,
                number,
                title: &title,
                issued_on: None,
                term,
                grain,
                bands,
            },
        )
        .await?;
    tx.commit().await?;
    state.reload().await?;
    Ok(Redirect::to(&format!("/resolutions/{}", doc.0)).into_response())
}

/// Reads the target form into a target of `doc`, or the list of what is wrong.
fn target_from_form(form: &Fields, doc: &domain::Document, position: i32) -> Result<Target, Vec<String>> {
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
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    same_origin(&headers)?;
    let (doc, position, parents) = {
        let engine = state.engine();
        let doc = engine.document(DocumentId(id)).cloned().ok_or(AppError::NotFound("nghị quyết"))?;
        user.require(&engine, Action::ManageTargets, doc.org)?;
        let parents: Vec<TargetId> = parent_choices(&engine, &doc).into_iter().map(|(t, _)| t).collect();
        (doc, engine.targets_of(DocumentId(id)).count() as i32 + 1, parents)
    };
    let mut target = target_from_form(&form, &doc, position).map_err(|e| AppError::BadRequest(e.join(" ")))?;
    if target.parent.is_some_and(|p| !parents.contains(&p)) {
        return Err(AppError::BadRequest("Liên thông: chỉ liên thông với chỉ tiêu của đơn vị cấp trên.".into()));
    }
    if target.code.is_empty() {
        target.code = position.to_string();
    }
    let mut tx = state.store.begin().await?;
    tx.insert_target(&user.actor(), &target).await?;
    tx.commit().await?;
    state.reload().await?;
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
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    same_origin(&headers)?;
    let (before, doc, parents) = {
        let engine = state.engine();
        let t = engine.target(TargetId(id)).cloned().ok_or(AppError::NotFound("chỉ tiêu"))?;
        user.require(&engine, Action::ManageTargets, t.org)?;
        let doc = engine.document(t.document).cloned().ok_or(AppError::NotFound("nghị quyết"))?;
        let parents: Vec<TargetId> = parent_choices(&engine, &doc).into_iter().map(|(p, _)| p).collect();
        (t, doc, parents)
    };
    let mut after = match target_from_form(&form, &doc, before.position) {
        Ok(t) => t,
        Err(errors) => return Ok(edit_page(&state, &user, id, errors)?.into_response()),
    };
    if after.parent.is_some_and(|p| !parents.contains(&p)) {
        return Ok(edit_page(
            &state,
            &user,
            id,
            vec!["Liên thông: chỉ liên thông với chỉ tiêu của đơn vị cấp trên.".into()],
        )?
        .into_response());
    }
    after.id = before.id;
    if after.code.is_empty() {
        after.code = before.code.clone();
    }
    if let (Rollup::WeightedAverage(_), Rollup::WeightedAverage(w)) =
        (Rollup::from_parts(field(&form, "rollup"), Some(TargetId(0))).unwrap_or(Rollup::Sum), before.rollup)
    {
        after.rollup = Rollup::WeightedAverage(w);
    }
    let mut tx = state.store.begin().await?;
    tx.update_target(&user.actor(), &before, &after).await?;
    tx.commit().await?;
    state.reload().await?;
    Ok(Redirect::to(&format!("/resolutions/{}", doc.id.0)).into_response())
}

/// Targets of the higher units' resolutions for the same term, which a new target may
/// be linked to: (target, "code. name — unit").
pub fn parent_choices(engine: &engine::Engine, doc: &domain::Document) -> Vec<(TargetId, String)> {
    let lineage = engine.tree.lineage(doc.org);
    lineage[..lineage.len().saturating_sub(1)]
        .iter()
        .flat_map(|o| engine.resolutions_of(*o))
        .filter(|d| d.term == doc.term)
        .flat_map(|d| engine.targets_of(d.id))
        .map(|t| {
            let org = engine.tree.get(t.org).map(|n| n.org.name.clone()).unwrap_or_default();
            (t.id, format!("{}. {} — {org}", t.code, t.name))
        })
        .collect()
}

pub struct Share {
    pub org_id: i64,
    pub org: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "allocate.html")]
struct AllocatePage {
    user_name: String,
    crumbs: Vec<Crumb>,
    target_id: i64,
    code: String,
    name: String,
    unit: String,
    whole: String,
    rollup: String,
    shares: Vec<Share>,
    error: String,
    notice: String,
}

fn allocate_page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: &Fields,
    error: String,
    notice: String,
) -> Result<AllocatePage, AppError> {
    let engine = state.engine();
    let t = engine.target(TargetId(id)).ok_or(AppError::NotFound("chỉ tiêu"))?;
    user.require(&engine, Action::ManageTargets, t.org)?;
    let node = engine.tree.get(t.org).ok_or(AppError::NotFound("tổ chức"))?;
    let existing = |org: OrgId| {
        engine
            .resolutions_of(org)
            .into_iter()
            .flat_map(|d| engine.targets_of(d.id))
            .find(|c| c.parent == Some(t.id))
            .map(|c| c.term_bound)
    };
    let shares = node
        .children
        .iter()
        .map(|&c| {
            let org = &engine.tree.nodes[c].org;
            let typed_value = typed.iter().find(|(k, _)| *k == format!("v{}", org.id.0)).map(|(_, v)| v.clone());
            let current = existing(org.id).and_then(|b| b.reference(t.direction)).map(|v| vn::number::format_f64(v, 4));
            Share { org_id: org.id.0, org: org.name.clone(), value: typed_value.or(current).unwrap_or_default() }
        })
        .collect();
    Ok(AllocatePage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, t.org),
        target_id: id,
        code: t.code.clone(),
        name: t.name.clone(),
        unit: t.unit.clone(),
        whole: t.term_bound.label(),
        rollup: t.rollup.label().to_string(),
        shares,
        error,
        notice,
    })
}

pub async fn allocate_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    Ok(Html(allocate_page(&state, &user, id, &Vec::new(), String::new(), String::new())?.render()?))
}

/// The same kind of bound as the whole, at the share's value.
fn share_bound(whole: Bound, v: Decimal) -> Bound {
    match whole {
        Bound::AtLeast { strict, .. } => Bound::AtLeast { value: v, strict },
        Bound::AtMost { strict, .. } => Bound::AtMost { value: v, strict },
        Bound::About(_) => Bound::About(v),
        Bound::YesNo => Bound::YesNo,
        Bound::Exact(_) | Bound::Range { .. } => Bound::Exact(v),
    }
}

pub async fn allocate_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Html<String>, AppError> {
    same_origin(&headers)?;
    let again = |error: String| -> Result<Html<String>, AppError> {
        Ok(Html(allocate_page(&state, &user, id, &form, error, String::new())?.render()?))
    };
    // Read the shares and what each child already has.
    let (parent, doc, plan) = {
        let engine = state.engine();
        let t = engine.target(TargetId(id)).cloned().ok_or(AppError::NotFound("chỉ tiêu"))?;
        user.require(&engine, Action::ManageTargets, t.org)?;
        let doc = engine.document(t.document).cloned().ok_or(AppError::NotFound("nghị quyết"))?;
        let node = engine.tree.get(t.org).ok_or(AppError::NotFound("tổ chức"))?;
        let mut plan = Vec::new();
        let mut errors = Vec::new();
        for &c in &node.children {
            let org = &engine.tree.nodes[c].org;
            let raw = field(&form, &format!("v{}", org.id.0));
            if raw.is_empty() {
                continue;
            }
            match Decimal::parse_vn(&vn::nfc(raw)) {
                Ok(v) => {
                    let child_doc = engine.resolution_for(org.id, doc.term).map(|d| d.id);
                    let existing = child_doc
                        .into_iter()
                        .flat_map(|d| engine.targets_of(d))
                        .find(|x| x.parent == Some(t.id))
                        .map(|x| (x.id, x.term_bound));
                    plan.push((org.id, org.name.clone(), v, child_doc, existing));
                }
                Err(e) => errors.push(format!("{}: {e}", org.name)),
            }
        }
        if !errors.is_empty() {
            drop(engine);
            return again(errors.join(" "));
        }
        (t, doc, plan)
    };
    let shares: Vec<Decimal> = plan.iter().map(|p| p.2).collect();
    if let Err(why) = check_allocation(parent.rollup, parent.direction, parent.term_bound, &shares) {
        return again(why);
    }
    let actor = user.actor();
    let mut tx = state.store.begin().await?;
    let (Period::Term { start, end }, owner) = (doc.term, parent.org) else {
        return again("Nhiệm kỳ không hợp lệ.".into());
    };
    let owner_name = state.engine().tree.get(owner).map(|n| n.org.name.clone()).unwrap_or_default();
    for (org, _, v, child_doc, existing) in &plan {
        let bound = share_bound(parent.term_bound, *v);
        match existing {
            Some((child, before)) => tx.update_target_bound(&actor, *child, *before, bound).await?,
            None => {
                let doc_id = match child_doc {
                    Some(d) => *d,
                    None => {
                        let title = format!("Chỉ tiêu {owner_name} giao, nhiệm kỳ {start}–{end}");
                        let new = store::NewDocument {
                            org: *org,
                            doc_type: engine::RESOLUTION,
                            number: None,
                            title: &title,
                            issued_on: None,
                            term: (start, end),
                            grain: doc.grain,
                            bands: doc.bands.clone(),
                        };
                        tx.insert_document(&actor, new).await?
                    }
                };
                let child = Target {
                    id: TargetId(0),
                    document: doc_id,
                    org: *org,
                    term_bound: bound,
                    yearly: BTreeMap::new(),
                    responsible: Some(*org),
                    parent: Some(parent.id),
                    position: 1000 + parent.position,
                    rollup: if parent.rollup == Rollup::CountMeeting { Rollup::Sum } else { parent.rollup },
                    ..parent.clone()
                };
                tx.insert_target(&actor, &child).await?;
            }
        }
    }
    tx.commit().await?;
    state.reload().await?;
    let notice = format!("Đã giao chỉ tiêu cho {} đơn vị.", plan.len());
    Ok(Html(allocate_page(&state, &user, id, &Vec::new(), String::new(), notice)?.render()?))
}

/// Sets when a resolution's figures are cut off and its reports fall due.
pub async fn schedule_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    same_origin(&headers)?;
    {
        let engine = state.engine();
        let doc = engine.document(DocumentId(id)).ok_or(AppError::NotFound("nghị quyết"))?;
        user.require(&engine, Action::ManageTargets, doc.org)?;
    }
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
    state.store.put_schedule(&user.actor(), DocumentId(id), schedule).await?;
    Ok(Redirect::to(&format!("/resolutions/{id}")).into_response())
}

/// Columns of a targets file: (label, accepted folded headings); the first five are required.
const TARGET_COLUMNS: [(&str, &[&str]); 11] = [
    ("STT", &["stt", "so thu tu", "ma chi tieu"]),
    ("Lĩnh vực", &["linh vuc"]),
    ("Tên chỉ tiêu", &["ten chi tieu", "chi tieu", "noi dung"]),
    ("ĐVT", &["dvt", "don vi tinh"]),
    ("Mục tiêu", &["muc tieu", "muc tieu nhiem ky", "chi tieu nhiem ky"]),
    ("Cách đo", &["cach do"]),
    ("Chiều", &["chieu"]),
    ("Số liệu các kỳ", &["so lieu cac ky", "cong don"]),
    ("Tổng hợp", &["tong hop", "cach tong hop"]),
    ("Đánh giá vào", &["danh gia vao"]),
    ("Từng năm", &["tung nam", "chi tieu tung nam"]),
];

/// The form name of each optional column and its choices (code, label); a cell may hold
/// either, and an empty one takes the first.
fn choices(column: usize) -> (&'static str, Vec<(&'static str, &'static str)>) {
    match column {
        5 => ("measure", Measure::ALL.iter().map(|m| (m.code(), m.label())).collect()),
        6 => ("direction", Direction::ALL.iter().map(|m| (m.code(), m.label())).collect()),
        7 => ("accrual", Accrual::ALL.iter().map(|m| (m.code(), m.label())).collect()),
        8 => (
            "rollup",
            [Rollup::Sum, Rollup::Average, Rollup::CountMeeting].iter().map(|m| (m.code(), m.label())).collect(),
        ),
        _ => ("assess_at", AssessAt::ALL.iter().map(|m| (m.code(), m.label())).collect()),
    }
}

fn import_page(
    state: &AppState,
    user: &CurrentUser,
    doc: DocumentId,
    errors: Vec<crate::pages::import::RowError>,
    notice: String,
) -> Result<Html<String>, AppError> {
    let engine = state.engine();
    let d = engine.document(doc).ok_or(AppError::NotFound("nghị quyết"))?;
    user.require(&engine, Action::ManageTargets, d.org)?;
    let p = crate::pages::import::ImportPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, d.org),
        org_name: d.title.clone(),
        heading: "Nhập chỉ tiêu từ tệp",
        help: "Tệp CSV (UTF-8) hoặc Excel (.xlsx) với dòng tiêu đề có các cột STT, Lĩnh vực, Tên chỉ tiêu, ĐVT, Mục tiêu (ví dụ “từ 90 trở lên”), và nếu cần Cách đo, Chiều, Số liệu các kỳ, Tổng hợp, Đánh giá vào, Từng năm (“2026: từ 20 trở lên; 2027: 22”). Chỉ tiêu trùng số thứ tự được cập nhật.",
        action: format!("/resolutions/{}/import", doc.0),
        errors,
        notice,
    };
    Ok(Html(p.render()?))
}

pub async fn import_targets_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    import_page(&state, &user, DocumentId(id), Vec::new(), String::new())
}

pub async fn import_targets_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Result<Html<String>, AppError> {
    use crate::pages::import::{RowError, columns, uploaded};
    same_origin(&headers)?;
    let doc_id = DocumentId(id);
    let (doc, existing) = {
        let engine = state.engine();
        let d = engine.document(doc_id).cloned().ok_or(AppError::NotFound("nghị quyết"))?;
        user.require(&engine, Action::ManageTargets, d.org)?;
        (d, engine.targets_of(doc_id).cloned().collect::<Vec<_>>())
    };
    let one = |message: String| vec![RowError { row: 0, column: String::new(), message }];
    let Some((name, bytes)) = uploaded(&mut multipart).await? else {
        return import_page(&state, &user, doc_id, one("Chưa chọn tệp.".into()), String::new());
    };
    let rows = match sheet::read(&name, &bytes) {
        Ok(r) => r,
        Err(e) => return import_page(&state, &user, doc_id, one(format!("Tệp “{name}”: {e}.")), String::new()),
    };
    let at = match rows.first().map(|h| columns(h, &TARGET_COLUMNS, 5)) {
        Some(Ok(at)) => at,
        Some(Err(errors)) => return import_page(&state, &user, doc_id, errors, String::new()),
        None => return import_page(&state, &user, doc_id, one("Tệp không có dòng nào.".into()), String::new()),
    };
    let mut errors = Vec::new();
    let mut targets = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let cell = |c: usize| at[c].and_then(|p| row.get(p)).map(String::as_str).unwrap_or("");
        let mut fields: Fields = [("code", 0), ("field", 1), ("name", 2), ("unit", 3), ("bound", 4), ("yearly", 10)]
            .iter()
            .map(|(k, c)| (k.to_string(), cell(*c).to_string()))
            .collect();
        for (c, (label, _)) in TARGET_COLUMNS.iter().enumerate().take(10).skip(5) {
            let (key, options) = choices(c);
            let raw = vn::fold(cell(c));
            let found = if raw.is_empty() {
                Some(options[0].0)
            } else {
                options.iter().find(|(code, label)| *code == raw || vn::fold(label) == raw).map(|(code, _)| *code)
            };
            match found {
                Some(code) => fields.push((key.to_string(), code.to_string())),
                None => errors.push(RowError {
                    row: i + 1,
                    column: label.to_string(),
                    message: format!(
                        "“{}” không có trong danh sách: {}.",
                        cell(c),
                        options.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", ")
                    ),
                }),
            }
        }
        let position = existing.len() as i32 + targets.len() as i32 + 1;
        match target_from_form(&fields, &doc, position) {
            Ok(t) if t.code.is_empty() => {
                errors.push(RowError {
                    row: i + 1, column: "STT".into(), message: "chưa nhập số thứ tự.".into()
                })
            }
            Ok(t) if targets.iter().any(|x: &Target| x.code == t.code) => errors.push(RowError {
                row: i + 1,
                column: "STT".into(),
                message: format!("số thứ tự {} lặp lại.", t.code),
            }),
            Ok(t) => targets.push(t),
            Err(list) => errors.extend(list.into_iter().map(|m| {
                let (column, message) =
                    m.split_once(": ").map(|(c, m)| (c.to_string(), m.to_string())).unwrap_or((String::new(), m));
                RowError { row: i + 1, column, message }
            })),
        }
    }
    if !errors.is_empty() {
        return import_page(&state, &user, doc_id, errors, String::new());
    }
    let actor = user.actor();
    let mut tx = state.store.begin().await?;
    let (mut added, mut changed) = (0, 0);
    for mut t in targets {
        match existing.iter().find(|x| x.code == t.code) {
            Some(old) => {
                t.id = old.id;
                t.position = old.position;
                t.parent = old.parent;
                t.responsible = old.responsible;
                if let Rollup::WeightedAverage(w) = old.rollup {
                    t.rollup = Rollup::WeightedAverage(w);
                }
                if t != *old {
                    tx.update_target(&actor, old, &t).await?;
                    changed += 1;
                }
            }
            None => {
                tx.insert_target(&actor, &t).await?;
                added += 1;
            }
        }
    }
    tx.commit().await?;
    state.reload().await?;
    let notice =
        format!("Đã đọc “{name}”: thêm {added} chỉ tiêu, cập nhật {changed} chỉ tiêu, các chỉ tiêu khác giữ nguyên.");
    import_page(&state, &user, doc_id, Vec::new(), notice)
}
