//! The figure form: a unit enters its values for one grain period, written the
//! Vietnamese way ("45.799,5"), and moves its report through the cycle (submit; the
//! office above returns or accepts; a leader unlocks). The whole form is checked first;
//! one mistake writes nothing and each message names its target. After saving, the page
//! shows what was understood, and every dashboard reads the new values at once.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
use domain::access::Action;
use domain::reporting::{ReportStatus, ReportStep};
use domain::{Decimal, DocumentId, OrgId, Period, TargetId};

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

/// The report's state and what this user may do with it.
pub struct ReportPanel {
    pub status: String,
    pub editable: bool,
    pub due: String,
    pub late: bool,
    pub reason: String,
    pub can_submit: bool,
    pub can_accept: bool,
    pub can_return: bool,
    pub can_unlock: bool,
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
    report: ReportPanel,
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

/// Checks access and finds the unit's resolution and the grain period of the form.
fn locate(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    period: Option<Period>,
) -> Result<(DocumentId, Period), AppError> {
    let engine = state.engine();
    user.require(&engine, Action::EnterFigures, org)?;
    let doc = engine
        .resolutions_of(org)
        .first()
        .copied()
        .cloned()
        .ok_or(AppError::NotFound("nghị quyết có chỉ tiêu của đơn vị"))?;
    let period = period.unwrap_or_else(|| default_grain(&doc));
    if engine.form(org, period).is_none() {
        let grain = match doc.grain {
            vn::period::Grain::Month => "tháng",
            vn::period::Grain::Quarter => "quý",
        };
        return Err(AppError::BadRequest(format!(
            "số liệu của đơn vị được nhập theo {grain}; “{}” không phải là một kỳ nhập",
            period.label()
        )));
    }
    Ok((doc.id, period))
}

struct Outcome {
    typed: Vec<(String, String)>,
    errors: Vec<(i64, String)>,
    notice: String,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    period: Option<Period>,
    out: Outcome,
) -> Result<Html<String>, AppError> {
    let (doc_id, period) = locate(state, user, org, period)?;
    let report = state.store.report(org, doc_id, &period.code()).await?;
    let schedule = state.store.schedule(doc_id).await?;
    let engine = state.engine();
    let node = engine.tree.get(org).ok_or(AppError::NotFound("tổ chức"))?;
    let (doc, rows) = engine.form(org, period).ok_or(AppError::NotFound("kỳ nhập"))?;
    let term = doc.term;
    let fields = rows
        .iter()
        .map(|r| {
            let key = format!("v{}", r.target.id.0);
            let typed_value = out.typed.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
            let error =
                out.errors.iter().find(|(id, _)| *id == r.target.id.0).map(|(_, e)| e.clone()).unwrap_or_default();
            let shown = if r.aggregated { engine.value(r.target.id, period) } else { r.entered };
            Field {
                target_id: r.target.id.0,
                code: r.target.code.clone(),
                name: r.target.name.clone(),
                unit: r.target.unit.clone(),
                plan: r.target.plan_for(period, term).label(),
                understood: if error.is_empty() { fmt::number(shown) } else { String::new() },
                value: typed_value.filter(|_| !error.is_empty()).unwrap_or_else(|| fmt::input(shown)),
                error,
                aggregated: r.aggregated,
            }
        })
        .collect();
    let may = |a| user.may(&engine, a, org);
    let status = report.status;
    let panel = ReportPanel {
        status: status.label().to_string(),
        editable: status.editable(),
        due: vn::format_date(schedule.due(period)),
        late: report.late,
        reason: report.reason.clone().unwrap_or_default(),
        can_submit: status.editable() && may(Action::EnterFigures),
        can_accept: status == ReportStatus::Submitted && may(Action::AcceptReport),
        can_return: status == ReportStatus::Submitted && may(Action::ReviewReport),
        can_unlock: status == ReportStatus::Accepted && may(Action::AcceptReport),
    };
    let page = FiguresPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org_id: org.0,
        org_name: node.org.name.clone(),
        period_code: period.code(),
        period_label: period.label(),
        periods: doc
            .term
            .split(doc.grain)
            .into_iter()
            .map(|p| PeriodChoice { code: p.code(), label: p.label(), selected: p == period })
            .collect(),
        fields,
        notice: out.notice,
        errors: out.errors.into_iter().map(|(_, e)| e).collect(),
        resolution: doc.title.clone(),
        report: panel,
    };
    Ok(Html(page.render()?))
}

fn nothing() -> Outcome {
    Outcome { typed: Vec::new(), errors: Vec::new(), notice: String::new() }
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
    render(&state, &user, OrgId(id), period, nothing()).await
}

fn form_period(form: &[(String, String)]) -> Result<Period, AppError> {
    let raw = form.iter().find(|(k, _)| k == "period").map(|(_, v)| v.as_str());
    parse_period(raw, Period::Year { year: 0 }).map_err(AppError::BadRequest)
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
    let period = form_period(&form)?;
    let (doc, period) = locate(&state, &user, org, Some(period))?;
    // Which targets this form may write: the unit's own, not the rolled-up ones.
    let allowed: Vec<(TargetId, String, String)> = {
        let engine = state.engine();
        let (_, rows) = engine.form(org, period).ok_or(AppError::NotFound("kỳ nhập"))?;
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
    if !errors.is_empty() {
        return render(
            &state,
            &user,
            org,
            Some(period),
            Outcome { typed: form.clone(), errors, notice: String::new() },
        )
        .await;
    }
    let changes = match state.store.write_unit_figures(&user.actor(), org, doc, &period.code(), &entries).await {
        Ok(c) => c,
        Err(store::StoreError::Refused(why)) => {
            return render(
                &state,
                &user,
                org,
                Some(period),
                Outcome { typed: form.clone(), errors: vec![(0, why)], notice: String::new() },
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
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
    render(&state, &user, org, Some(period), Outcome { notice, ..nothing() }).await
}

/// Submits, accepts, returns or unlocks the unit's report for a period.
pub async fn report_post(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    same_origin(&headers)?;
    let org = OrgId(id);
    let period = form_period(&form)?;
    let field = |k: &str| form.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let step = field("step")
        .and_then(ReportStep::from_code)
        .ok_or_else(|| AppError::BadRequest("thao tác với báo cáo không hợp lệ".into()))?;
    let (doc, period) = locate(&state, &user, org, Some(period))?;
    {
        let engine = state.engine();
        user.require(
            &engine,
            match step {
                ReportStep::Submit => Action::EnterFigures,
                ReportStep::Return => Action::ReviewReport,
                ReportStep::Accept | ReportStep::Unlock => Action::AcceptReport,
            },
            org,
        )?;
    }
    let today = chrono::Local::now().date_naive();
    let outcome = match state
        .store
        .step_report(&user.actor(), store::ReportRef { org, document: doc, period }, step, field("reason"), today)
        .await
    {
        Ok(r) => {
            let notice = match step {
                ReportStep::Submit if r.late => {
                    format!("Đã gửi báo cáo {} (trễ hạn).", period.label())
                }
                ReportStep::Submit => format!("Đã gửi báo cáo {}.", period.label()),
                ReportStep::Accept => {
                    format!("Đã chấp nhận báo cáo {}; số liệu đã khóa.", period.label())
                }
                ReportStep::Return => format!("Đã trả lại báo cáo {} cho đơn vị.", period.label()),
                ReportStep::Unlock => format!("Đã mở khóa báo cáo {}.", period.label()),
            };
            Outcome { notice, ..nothing() }
        }
        Err(store::StoreError::Refused(why)) => Outcome { errors: vec![(0, why)], ..nothing() },
        Err(e) => return Err(e.into()),
    };
    render(&state, &user, org, Some(period), outcome).await
}
