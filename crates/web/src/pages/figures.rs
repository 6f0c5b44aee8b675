//! The figure form: a unit enters its values for one grain period, written the
//! Vietnamese way ("45.799,5"), and moves its report through the cycle (submit; the
//! office above returns or accepts; a leader unlocks). The whole form is checked first;
//! one mistake writes nothing and each message names its target. After saving, the page
//! shows what was understood, and every dashboard reads the new values at once.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::access::Action;
use domain::reporting::{ReportStatus, ReportStep};
use domain::{Decimal, OrgId, Period, TargetId};
use usecase::figures::{EnterFigures, Entry, Input, Review};
use usecase::reports::StepReport;

use crate::auth::CurrentUser;
use crate::pages::dashboard::PeriodQuery;
use crate::pages::{Crumb, PeriodChoice, bad_request, crumbs, parse_period};
use crate::{AppError, AppState, fmt};

pub struct Field {
    pub target_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub plan: String,
    pub value: String,
    /// The stored value when the page was made: what the user changes from.
    pub shown: String,
    pub understood: String,
    pub error: String,
    pub aggregated: bool,
    /// The previous grain period's value, as the table shows it.
    pub previous: String,
    /// What the input expects: the period's own amount or the level at its end.
    pub expects: String,
    /// The comment typed for this value, kept when the form comes back.
    pub note: String,
    /// Placeholder of the input: "đạt / chưa đạt" for a yes/no target.
    pub hint: String,
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
    /// The grain period before this one, heading its column.
    previous_label: String,
    review: Option<Review>,
}

struct Outcome {
    /// Values the user changed, kept as typed when the form comes back.
    typed: Vec<(String, String)>,
    errors: Vec<(i64, String)>,
    notice: String,
    /// What the report holds, shown for confirmation before it is sent.
    review: Option<Review>,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    period: Option<Period>,
    out: Outcome,
) -> Result<Html<String>, AppError> {
    let (period, report, schedule) =
        usecase::reports::for_form(&state.ctx, user, org, period).await.map_err(bad_request)?;
    let engine = state.engine();
    let node = engine.tree.get(org).ok_or(AppError::NotFound("tổ chức"))?;
    let (doc, rows) = engine.form(org, period).ok_or(AppError::NotFound("kỳ nhập"))?;
    let term = doc.term;
    let previous = usecase::figures::previous_period(doc, period);
    let typed = |key: String| out.typed.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
    let fields = rows
        .iter()
        .map(|r| {
            let id = r.target.id.0;
            let error = out.errors.iter().find(|(e, _)| *e == id).map(|(_, e)| e.clone()).unwrap_or_default();
            let shown = if r.aggregated { engine.value(r.target.id, period) } else { r.entered };
            let bound = r.target.plan_for(period, term);
            let expects = match r.target.accrual {
                domain::target::Accrual::Flow => format!("số phát sinh riêng {}, không cộng dồn", period.label()),
                domain::target::Accrual::Level => format!("mức đạt được cuối {}", period.label()),
            };
            Field {
                shown: fmt::input_for(bound, shown),
                target_id: id,
                code: r.target.code.clone(),
                name: r.target.name.clone(),
                unit: r.target.unit.clone(),
                plan: bound.label(),
                understood: if error.is_empty() { fmt::number_for(bound, shown) } else { String::new() },
                value: typed(format!("v{id}"))
                    .filter(|_| !out.errors.is_empty())
                    .unwrap_or_else(|| fmt::input_for(bound, shown)),
                error,
                aggregated: r.aggregated,
                previous: previous
                    .map(|p| fmt::number_for(bound, engine.value(r.target.id, p)))
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "—".into()),
                expects,
                note: typed(format!("c{id}")).unwrap_or_default(),
                hint: if bound == domain::target::Bound::YesNo {
                    "đạt / chưa đạt".into()
                } else {
                    String::new()
                },
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
    let previous_label = previous.map(|p| p.label()).unwrap_or_default();
    let page = FiguresPage {
        previous_label,
        review: out.review,
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
    Outcome { typed: Vec::new(), errors: Vec::new(), notice: String::new(), review: None }
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

/// The form's values as the use case takes them: `v{id}` typed, `o{id}` shown, `c{id}`
/// the comment.
fn entries(form: &[(String, String)]) -> Result<Vec<Entry>, AppError> {
    let shown = |id: &str| form.iter().find(|(k, _)| k.strip_prefix('o') == Some(id)).map(|(_, v)| v.clone());
    let note = |id: &str| form.iter().find(|(k, _)| k.strip_prefix('c') == Some(id)).map(|(_, v)| v.clone());
    form.iter()
        .filter_map(|(k, v)| k.strip_prefix('v').map(|id| (id, v)))
        .map(|(id, v)| {
            let target = id.parse::<i64>().map_err(|_| AppError::BadRequest(format!("ô nhập “v{id}” không hợp lệ")))?;
            Ok(Entry {
                target: TargetId(target),
                value: Input::Written(v.clone()),
                shown: shown(id).map(Input::Written),
                note: note(id),
            })
        })
        .collect()
}

/// What the user changed from what the form showed, and every comment: kept as typed
/// when the form comes back.
fn changed(form: &[(String, String)]) -> Vec<(String, String)> {
    let shown = |id: &str| form.iter().find(|(k, _)| k.strip_prefix('o') == Some(id)).map(|(_, v)| v.trim());
    form.iter()
        .filter(|(k, v)| {
            k.strip_prefix('v').is_some_and(|id| shown(id) != Some(v.trim())) || k.starts_with('c') && !v.is_empty()
        })
        .cloned()
        .collect()
}

/// A value someone else saved while the form was open, said at its target.
fn conflict_message(state: &AppState, c: &store::FigureConflict) -> (i64, String) {
    let engine = state.engine();
    let name = engine.target(c.target).map(|t| format!("{} ({})", t.code, t.name)).unwrap_or_default();
    let said = |v: Option<Decimal>| v.map(|d| d.format_vn(4)).unwrap_or_else(|| "để trống".into());
    (
        c.target.0,
        format!(
            "Chỉ tiêu {name}: trong lúc bạn nhập, giá trị đã được lưu thành {} (trước đó {}); bạn nhập {}. Kiểm tra lại rồi lưu để ghi giá trị của bạn.",
            said(c.current),
            said(c.shown),
            said(c.typed)
        ),
    )
}

pub async fn figures_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    let period = form_period(&form)?;
    let cmd = EnterFigures { org, period, entries: entries(&form)? };
    let errors = match usecase::figures::enter(&state.ctx, &user, cmd).await {
        Ok(done) => {
            let notice = match done.changed.len() {
                0 => "Không có giá trị nào thay đổi.".to_string(),
                n => format!("Đã lưu {n} giá trị cho {}.", period.label()),
            };
            return render(&state, &user, org, Some(period), Outcome { notice, ..nothing() }).await;
        }
        Err(usecase::Error::Invalid(errors)) => {
            errors.into_iter().map(|e| (e.field.parse().unwrap_or(0), e.message)).collect()
        }
        Err(usecase::Error::Refused(why)) => vec![(0, why)],
        Err(usecase::Error::Conflict(conflicts)) => conflicts.iter().map(|c| conflict_message(&state, c)).collect(),
        Err(e) => return Err(e.into()),
    };
    let typed = changed(&form);
    render(&state, &user, org, Some(period), Outcome { typed, errors, ..nothing() }).await
}

/// Submits, accepts, returns or unlocks the unit's report for a period.
pub async fn report_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    let period = form_period(&form)?;
    let field = |k: &str| form.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let step = field("step")
        .and_then(ReportStep::from_code)
        .ok_or_else(|| AppError::BadRequest("thao tác với báo cáo không hợp lệ".into()))?;
    if step == ReportStep::Submit && field("confirm") != Some("yes") {
        let review = usecase::figures::review(&state.ctx, &user, org, period)?;
        return render(&state, &user, org, Some(period), Outcome { review: Some(review), ..nothing() }).await;
    }
    let cmd = StepReport { org, period, step, reason: field("reason").map(str::to_string) };
    let outcome = match usecase::reports::step(&state.ctx, &user, cmd).await {
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
        Err(usecase::Error::Refused(why)) => Outcome { errors: vec![(0, why)], ..nothing() },
        Err(e) => return Err(e.into()),
    };
    render(&state, &user, org, Some(period), outcome).await
}
