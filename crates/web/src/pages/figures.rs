//! The figure form: a unit enters its values for one grain period, written the
//! Vietnamese way ("45.799,5"). The whole form is checked first; one mistake writes
//! nothing and each message names its target. After saving, the page shows what was
//! understood, and every dashboard reads the new values at once.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
use domain::access::Action;
use domain::{Decimal, OrgId, Period, TargetId};

use crate::auth::{CurrentUser, same_origin};
use crate::pages::dashboard::PeriodQuery;
use crate::pages::{Crumb, PeriodChoice, crumbs, parse_period};
use crate::{AppError, AppState, fmt};

pub struct Field {
    pub target_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub plan: String,
    pub value: String,
    pub understood: String,
    pub error: String,
    pub aggregated: bool,
}

#[derive(Template)]
#[template(path = "figures.html")]
struct FiguresPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org_id: i64,
    org_name: String,
    period_code: String,
    period_label: String,
    periods: Vec<PeriodChoice>,
    fields: Vec<Field>,
    notice: String,
    errors: Vec<String>,
    resolution: String,
}

/// Grain periods of the term, for the period switch.
fn grain_choices(doc: &domain::Document, selected: Period) -> Vec<PeriodChoice> {
    doc.term
        .split(doc.grain)
        .into_iter()
        .map(|p| PeriodChoice {
            code: p.code(),
            label: p.label(),
            selected: p == selected,
        })
        .collect()
}

/// The grain period a form opens with: the one containing today within the term,
/// else the term's last.
fn default_grain(doc: &domain::Document) -> Period {
    let today = chrono::Local::now().date_naive();
    let parts = doc.term.split(doc.grain);
    parts
        .iter()
        .copied()
        .find(|p| p.first_day() <= today && today <= p.last_day())
        .or(parts.last().copied())
        .unwrap_or(doc.term)
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    period: Option<Period>,
    typed: &[(String, String)],
    errors: Vec<(i64, String)>,
    notice: String,
) -> Result<FiguresPage, AppError> {
    let engine = state.engine();
    user.require(&engine, Action::EnterFigures, org)?;
    let node = engine.tree.get(org).ok_or(AppError::NotFound("tổ chức"))?;
    let term_doc = engine
        .resolutions_of(org)
        .first()
        .copied()
        .cloned()
        .ok_or(AppError::NotFound("nghị quyết có chỉ tiêu của đơn vị"))?;
    let period = period.unwrap_or_else(|| default_grain(&term_doc));
    let (doc, rows) = engine.form(org, period).ok_or_else(|| {
        AppError::BadRequest(format!(
            "số liệu của đơn vị được nhập theo {}; “{}” không phải là một kỳ nhập",
            match term_doc.grain {
                vn::period::Grain::Month => "tháng",
                vn::period::Grain::Quarter => "quý",
            },
            period.label()
        ))
    })?;
    let term = doc.term;
    let fields = rows
        .iter()
        .map(|r| {
            let key = format!("v{}", r.target.id.0);
            let typed_value = typed
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone());
            let error = errors
                .iter()
                .find(|(id, _)| *id == r.target.id.0)
                .map(|(_, e)| e.clone())
                .unwrap_or_default();
            let shown = if r.aggregated {
                engine.value(r.target.id, period)
            } else {
                r.entered
            };
            Field {
                target_id: r.target.id.0,
                code: r.target.code.clone(),
                name: r.target.name.clone(),
                unit: r.target.unit.clone(),
                plan: r.target.plan_for(period, term).label(),
                understood: if error.is_empty() {
                    fmt::number(shown)
                } else {
                    String::new()
                },
                value: typed_value
                    .filter(|_| !error.is_empty())
                    .unwrap_or_else(|| fmt::input(shown)),
                error,
                aggregated: r.aggregated,
            }
        })
        .collect();
    Ok(FiguresPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org_id: org.0,
        org_name: node.org.name.clone(),
        period_code: period.code(),
        period_label: period.label(),
        periods: grain_choices(doc, period),
        fields,
        notice,
        errors: errors.into_iter().map(|(_, e)| e).collect(),
        resolution: doc.title.clone(),
    })
}

pub async fn figures_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let period = q
        .period
        .as_deref()
        .map(|p| parse_period(Some(p), Period::Year { year: 2020 }))
        .transpose()
        .map_err(AppError::BadRequest)?;
    Ok(Html(
        page(
            &state,
            &user,
            OrgId(id),
            period,
            &[],
            Vec::new(),
            String::new(),
        )?
        .render()?,
    ))
}

pub async fn figures_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    same_origin(&headers)?;
    let org = OrgId(id);
    let raw_period = form
        .iter()
        .find(|(k, _)| k == "period")
        .map(|(_, v)| v.as_str());
    let period =
        parse_period(raw_period, Period::Year { year: 0 }).map_err(AppError::BadRequest)?;
    // Which targets this form may write: the unit's own, not the rolled-up ones.
    let allowed: Vec<(TargetId, String, String)> = {
        let engine = state.engine();
        user.require(&engine, Action::EnterFigures, org)?;
        let (_, rows) = engine.form(org, period).ok_or_else(|| {
            AppError::BadRequest(format!(
                "“{}” không phải là một kỳ nhập số liệu",
                period.label()
            ))
        })?;
        rows.iter()
            .filter(|r| !r.aggregated)
            .map(|r| (r.target.id, r.target.code.clone(), r.target.name.clone()))
            .collect()
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in &form {
        let Some(tid) = key.strip_prefix('v').and_then(|n| n.parse::<i64>().ok()) else {
            continue;
        };
        let Some((target, code, name)) = allowed.iter().find(|(t, _, _)| t.0 == tid) else {
            return Err(AppError::Forbidden("nhập số liệu cho chỉ tiêu này"));
        };
        let value = vn::nfc(value.trim());
        if value.is_empty() {
            entries.push((*target, None));
            continue;
        }
        match Decimal::parse_vn(&value) {
            Ok(d) => entries.push((*target, Some(d))),
            Err(e) => errors.push((tid, format!("Chỉ tiêu {code} ({name}): {e}"))),
        }
    }
    let typed: Vec<(String, String)> = form.clone();
    if !errors.is_empty() {
        let p = page(
            &state,
            &user,
            org,
            Some(period),
            &typed,
            errors,
            String::new(),
        )?;
        return Ok(Html(p.render()?));
    }
    let changes = state
        .store
        .write_figures(&user.actor(), &period.code(), &entries)
        .await?;
    {
        let mut engine = state.engine_mut();
        for c in &changes {
            engine.apply_figure(c.target, &c.period, c.after);
        }
    }
    let notice = match changes.len() {
        0 => "Không có giá trị nào thay đổi.".to_string(),
        n => format!("Đã lưu {n} giá trị cho {}.", period.label()),
    };
    Ok(Html(
        page(&state, &user, org, Some(period), &[], Vec::new(), notice)?.render()?,
    ))
}
