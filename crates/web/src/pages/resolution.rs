//! A resolution with its targets grouped by field.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::access::Action;
use domain::{Bound, DocumentId, Target};

use crate::auth::CurrentUser;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct TargetRow {
    pub id: i64,
    pub code: String,
    pub field: String,
    pub new_field: bool,
    pub name: String,
    pub unit: String,
    pub term_plan: String,
    pub yearly: String,
    pub measure: String,
    pub direction: String,
    pub rollup: String,
    pub responsible: String,
    pub linked: String,
    pub linked_org: String,
}

#[derive(Template)]
#[template(path = "resolution.html")]
struct ResolutionPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org_id: i64,
    title: String,
    number: String,
    issued: String,
    term: String,
    bands: String,
    grain: String,
    rows: Vec<TargetRow>,
    doc_id: i64,
    may_manage: bool,
    f: crate::pages::manage::TargetForm,
    cutoff_day: u32,
    due_days: u32,
    schedule: String,
}

fn yearly(t: &Target) -> String {
    t.yearly.iter().map(|(y, b): (&i32, &Bound)| format!("{y}: {}", b.label())).collect::<Vec<_>>().join("; ")
}

pub async fn resolution_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let schedule = usecase::reports::schedule(&state.ctx, &user, DocumentId(id)).await?;
    let page = {
        let engine = state.engine();
        let doc = engine.document(DocumentId(id)).ok_or(AppError::NotFound("nghị quyết"))?;
        user.require(&engine, Action::View, doc.org)?;
        let org_name = |o| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        let mut last_field = String::new();
        let rows = engine
            .targets_of(doc.id)
            .map(|t| {
                let new_field = t.field != last_field;
                last_field = t.field.clone();
                let linked = t.parent.and_then(|p| engine.target(p));
                TargetRow {
                    id: t.id.0,
                    code: t.code.clone(),
                    field: t.field.clone(),
                    new_field,
                    name: t.name.clone(),
                    unit: t.unit.clone(),
                    term_plan: t.term_bound.label(),
                    yearly: yearly(t),
                    measure: t.measure.label().to_string(),
                    direction: t.direction.label().to_string(),
                    rollup: if engine.is_aggregated(t.id) { t.rollup.label().to_string() } else { String::new() },
                    responsible: t.responsible.map(org_name).unwrap_or_default(),
                    linked: linked.map(|l| format!("{}. {}", l.code, l.name)).unwrap_or_default(),
                    linked_org: linked.map(|l| org_name(l.org)).unwrap_or_default(),
                }
            })
            .collect();
        let thresholds: Vec<String> =
            doc.bands.thresholds().iter().map(|t| format!("{}%", vn::number::format_f64(*t, 2))).collect();
        ResolutionPage {
            user_name: user.user.display_name.clone(),
            crumbs: crumbs(&engine, &user, doc.org),
            org_id: doc.org.0,
            title: doc.title.clone(),
            number: doc.number.clone().unwrap_or_default(),
            issued: doc.issued_on.map(vn::format_date).unwrap_or_default(),
            term: doc.term.label(),
            bands: thresholds.join(" / "),
            grain: match doc.grain {
                vn::period::Grain::Month => "theo tháng".into(),
                vn::period::Grain::Quarter => "theo quý".into(),
            },
            rows,
            doc_id: doc.id.0,
            may_manage: user.may(&engine, Action::ManageTargets, doc.org),
            f: crate::pages::manage::TargetForm::new(None, crate::pages::manage::parent_choices(&engine, doc)),
            cutoff_day: schedule.cutoff_day,
            due_days: schedule.due_days,
            schedule: match schedule.cutoff_day {
                0 => format!("số liệu tính đến hết tháng cuối kỳ, gửi chậm nhất {} ngày sau", schedule.due_days),
                d => format!(
                    "số liệu tính từ ngày {} tháng trước đến ngày {d} tháng cuối kỳ, gửi chậm nhất {} ngày sau",
                    d + 1,
                    schedule.due_days
                ),
            },
        }
    };
    Ok(Html(page.render()?))
}
