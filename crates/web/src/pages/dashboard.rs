//! The dashboard of a unit for a period: its targets evaluated, the summary sentence,
//! the band chart, and each child unit's band counts, with drill-down by plain links.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use std::cmp::Ordering;

use chrono::Datelike;
use domain::access::Action;
use domain::reporting::ReportStatus;
use domain::{OrgId, Period, UnitSummary};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::pages::{Crumb, PeriodChoice, crumbs, parse_period, period_choices};
use crate::{AppError, AppState, fmt};

pub struct Row {
    pub id: i64,
    pub code: String,
    pub field: String,
    pub new_field: bool,
    pub name: String,
    pub unit: String,
    pub plan: String,
    pub actual: String,
    pub ratio: String,
    pub status: String,
    pub class: &'static str,
    pub aggregated: bool,
    pub linked: String,
    pub overridden: String,
}

pub struct BandCount {
    pub label: String,
    pub count: usize,
    /// The band's colour, as the rows and the chart show it.
    pub class: &'static str,
    /// Its key in the address that filters the table.
    pub key: String,
    pub selected: bool,
}

pub struct ChildLine {
    pub id: i64,
    /// Its place among its siblings by completion (1 = the most targets met); 0 when
    /// it has no targets to rank by.
    pub rank: usize,
    /// Its targets in the top band: "13/31 (41,9%)".
    pub completion: String,
    completion_value: Option<f64>,
    /// The child's report for the period, when the period is one it reports for.
    pub report: String,
    pub name: String,
    pub has: bool,
    pub total: usize,
    pub bands: Vec<usize>,
    pub in_progress: usize,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org_id: i64,
    org_name: String,
    period_code: String,
    period_label: String,
    periods: Vec<PeriodChoice>,
    resolution: String,
    resolution_id: i64,
    sentence: String,
    /// "Chưa có số liệu quý IV/2020 …" when grain periods of the period hold nothing.
    missing: String,
    bands: Vec<BandCount>,
    /// The table shows one band only.
    filtered: bool,
    total: usize,
    chart: String,
    rows: Vec<Row>,
    band_headers: Vec<String>,
    children: Vec<ChildLine>,
    /// The page of lower units shown.
    pager: crate::pages::paging::Pager,
    /// "4/14 đơn vị đã gửi báo cáo (3 đúng hạn, 1 trễ hạn), 2 đã được chấp nhận".
    reporting: String,
    error: Option<String>,
    /// The user may replace an evaluation with a judgement.
    may_override: bool,
    /// Counted work of the subtree in the period, one line per kind.
    work: Vec<String>,
    /// The year's quality ratings given within the subtree, in a sentence.
    ratings: String,
    /// Whether the user may ask this unit to explain an off-track target (from above).
    may_ask: bool,
    statuses: Vec<(&'static str, &'static str)>,
    /// How the lower units are sorted.
    sort: crate::pages::sorting::Sort,
}

impl DashboardPage {
    /// The sort key of band `i`'s column.
    fn band_key(&self, i: impl std::borrow::Borrow<usize>) -> String {
        format!("b{}", i.borrow())
    }
}

/// The report column of a child and the counts behind the reporting line.
#[derive(Default)]
struct ReportCounts {
    expected: usize,
    sent: usize,
    late: usize,
    accepted: usize,
    returned: usize,
}

impl ReportCounts {
    fn line(&self, period: Period) -> String {
        if self.expected == 0 {
            return String::new();
        }
        format!(
            "Báo cáo {}: {}/{} đơn vị đã gửi ({} đúng hạn, {} trễ hạn), {} đã được chấp nhận, {} bị trả lại.",
            period.label(),
            self.sent,
            self.expected,
            self.sent - self.late,
            self.late,
            self.accepted,
            self.returned
        )
    }
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    /// Only the targets of one band ("0", "1", …) or still in progress ("wip").
    #[serde(default)]
    pub band: Option<String>,
    /// How the lower units are sorted ("hang", "-so" …); their tree order by default.
    #[serde(default)]
    pub sap: Option<String>,
    /// The page of lower units, from 1: a unit with thousands below shows them a page at a time.
    #[serde(default)]
    pub trang: Option<String>,
}

/// Which grain periods of `period` hold no figure of the unit or below yet, said so that
/// "năm 2020" is not read as the whole year when quarter IV is not in. The subtree's
/// targets are gathered once and each looked up directly, stopping at the first figure.
fn missing_note(engine: &engine::Engine, org: OrgId, doc: &domain::Document, period: Period) -> String {
    let parts: Vec<Period> = period.split(doc.grain).into_iter().filter(|p| doc.term.contains(*p)).collect();
    if parts.len() < 2 {
        return String::new();
    }
    let subtree = engine.tree.index_of(org).map(|i| &engine.tree.nodes[i..engine.tree.nodes[i].end]).unwrap_or(&[]);
    let targets: Vec<domain::TargetId> = subtree
        .iter()
        .flat_map(|n| engine.resolutions_of(n.org.id))
        .flat_map(|d| engine.targets_of(d.id).map(|t| t.id))
        .collect();
    let entered = |p: Period| targets.iter().any(|t| engine.entered(*t, p).is_some());
    let empty: Vec<String> = parts.iter().filter(|p| !entered(**p)).map(|p| p.label()).collect();
    match empty.len() {
        0 => String::new(),
        n if n == parts.len() => format!("Chưa có số liệu nào của {}.", period.label()),
        _ => format!(
            "Chưa có số liệu {}: kết quả {} chỉ tính trên các kỳ đã có số liệu.",
            empty.join(", "),
            period.label()
        ),
    }
}

/// The period a page opens with: the current year while the term runs, else the term.
pub fn default_period(term: Period, today: chrono::NaiveDate) -> Period {
    let year = chrono::Datelike::year(&today);
    match term {
        Period::Term { start, end } if (start..=end).contains(&year) => Period::Year { year },
        _ => term,
    }
}

pub(crate) fn term_for(engine: &engine::Engine, org: OrgId) -> Period {
    let lineage = engine.tree.lineage(org);
    lineage
        .iter()
        .rev()
        .find_map(|o| engine.resolutions_of(*o).first().map(|d| d.term))
        .unwrap_or(Period::Term { start: 2020, end: 2025 })
}

pub async fn dashboard_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    let (term, period, error) = {
        let engine = state.engine();
        user.require(&engine, Action::View, org)?;
        let term = term_for(&engine, org);
        match parse_period(q.period.as_deref(), default_period(term, state.ctx.clock.today())) {
            Ok(p) => (term, p, None),
            Err(e) => (term, default_period(term, state.ctx.clock.today()), Some(e)),
        }
    };
    let reports = usecase::reports::of_period(&state.ctx, &user, org, period).await?;
    let years = (period.first_day().year(), period.last_day().year());
    let work_entries = usecase::work::of_subtree(&state.ctx, &user, org, Some(years)).await?;
    let ratings = match period.year() {
        Some(year) => usecase::work::ratings_within(&state.ctx, &user, org, year).await?,
        None => Vec::new(),
    };
    let page = {
        let engine = state.engine();
        let mut counts = ReportCounts::default();
        let d = engine.dashboard(org, period).ok_or(AppError::NotFound("tổ chức"))?;
        let bands_cfg = d.resolution.map(|r| r.bands.clone()).unwrap_or_default();
        let mut last_field = String::new();
        let wanted = |band: Option<usize>| match q.band.as_deref() {
            None | Some("") => true,
            Some("wip") => band.is_none(),
            Some(b) => band.map(|i| i.to_string()).as_deref() == Some(b),
        };
        let rows = d
            .rows
            .iter()
            .filter(|r| wanted(r.evaluation.band))
            .map(|r| {
                let (status, class) = fmt::band_badge(&bands_cfg, &r.evaluation);
                let new_field = r.target.field != last_field;
                last_field = r.target.field.clone();
                Row {
                    id: r.target.id.0,
                    code: r.target.code.clone(),
                    field: r.target.field.clone(),
                    new_field,
                    name: r.target.name.clone(),
                    unit: r.target.unit.clone(),
                    plan: fmt::plan(r.evaluation.plan),
                    actual: fmt::number_for(r.evaluation.plan, r.evaluation.actual),
                    ratio: fmt::ratio(r.evaluation.ratio),
                    status,
                    class,
                    aggregated: r.aggregated,
                    linked: r.linked_to.map(|t| format!("{}. {}", t.code, t.name)).unwrap_or_default(),
                    overridden: r.evaluation.overridden.clone().unwrap_or_default(),
                }
            })
            .collect();
        let s: &UnitSummary = &d.summary;
        let chart = crate::chart::band_chart(&bands_cfg, s, period);
        let children: Vec<ChildLine> = d
            .children
            .iter()
            .map(|c| {
                let sum = c.summary.clone().unwrap_or_default();
                let report = engine
                    .resolution_for(c.org.id, period)
                    .filter(|r| r.grain.fits(period))
                    .map(|r| {
                        counts.expected += 1;
                        let found = reports.iter().find(|x| x.org == c.org.id && x.document == r.id);
                        match found.map(|x| (x.status, x.late)) {
                            None => ReportStatus::Draft.label().to_string(),
                            Some((status, late)) => {
                                if matches!(status, ReportStatus::Submitted | ReportStatus::Accepted) {
                                    counts.sent += 1;
                                    counts.late += usize::from(late);
                                }
                                counts.accepted += usize::from(status == ReportStatus::Accepted);
                                counts.returned += usize::from(status == ReportStatus::Returned);
                                format!("{}{}", status.label(), if late { " (trễ hạn)" } else { "" })
                            }
                        }
                    })
                    .unwrap_or_default();
                let completion = c.summary.as_ref().and_then(UnitSummary::completion);
                ChildLine {
                    report,
                    rank: 0,
                    completion: completion
                        .map(|(top, share)| format!("{top}/{} ({})", sum.total, fmt::ratio(Some(share))))
                        .unwrap_or_default(),
                    completion_value: completion.map(|(_, share)| share),
                    id: c.org.id.0,
                    name: c.name.to_string(),
                    has: c.summary.is_some(),
                    total: sum.total,
                    bands: (0..bands_cfg.len()).map(|i| sum.bands.get(i).copied().unwrap_or(0)).collect(),
                    in_progress: sum.in_progress,
                }
            })
            .collect();
        let base = match q.band.as_deref().filter(|b| !b.is_empty()) {
            Some(b) => format!("/orgs/{id}/dashboard?period={}&band={b}&", period.code()),
            None => format!("/orgs/{id}/dashboard?period={}&", period.code()),
        };
        let sort = crate::pages::sorting::Sort::parse(q.sap.as_deref(), "", &base);
        let leading = if sort.descending { format!("-{}", sort.key) } else { sort.key.clone() };
        let page = q.trang.as_deref().and_then(|t| t.trim().parse().ok());
        let pager = crate::pages::paging::Pager::new(children.len(), page, &format!("{base}sap={leading}&"));
        let children = pager.slice(ranked(children, &sort));
        DashboardPage {
            user_name: user.user.display_name.clone(),
            crumbs: crumbs(&engine, &user, org),
            org_id: id,
            org_name: d.org.name.clone(),
            period_code: period.code(),
            period_label: period.label(),
            periods: period_choices(term, period),
            resolution: d.resolution.map(|r| r.title.clone()).unwrap_or_default(),
            resolution_id: d.resolution.map(|r| r.id.0).unwrap_or_default(),
            sentence: if d.resolution.is_some() { s.sentence(&bands_cfg) } else { String::new() },
            missing: d.resolution.map(|r| missing_note(&engine, org, r, period)).unwrap_or_default(),
            bands: (0..bands_cfg.len())
                .map(|i| BandCount {
                    label: bands_cfg.label(i),
                    count: s.bands.get(i).copied().unwrap_or(0),
                    class: fmt::band_class(i, bands_cfg.len()),
                    key: i.to_string(),
                    selected: q.band.as_deref() == Some(i.to_string().as_str()),
                })
                .chain(std::iter::once(BandCount {
                    label: "đang thực hiện".into(),
                    count: s.in_progress,
                    class: "wip",
                    key: "wip".into(),
                    selected: q.band.as_deref() == Some("wip"),
                }))
                .collect(),
            filtered: q.band.as_deref().is_some_and(|b| !b.is_empty()),
            total: s.total,
            chart,
            rows,
            band_headers: (0..bands_cfg.len()).map(|i| bands_cfg.label(i)).collect(),
            children,
            pager,
            sort,
            reporting: counts.line(period),
            work: usecase::work::totals(&engine, &work_entries, org, period),
            ratings: crate::pages::work::ratings_line(&engine, &ratings, org),
            error,
            may_override: user.may(&engine, Action::OverrideEvaluation, org),
            may_ask: user.may(&engine, Action::ReviewReport, org),
            statuses: domain::Status::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        }
    };
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct OverrideForm {
    period: String,
    status: String,
    reason: String,
}

/// Replaces (or, with no status, restores) the computed evaluation of a target for a period.
pub async fn override_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<OverrideForm>,
) -> Result<axum::response::Redirect, AppError> {
    let period = Period::parse(&vn::nfc(&form.period)).map_err(|e| AppError::BadRequest(format!("Kỳ báo cáo: {e}")))?;
    let cmd = usecase::evaluations::Override {
        target: domain::TargetId(id),
        period,
        status: domain::Status::from_code(&form.status),
        reason: form.reason,
    };
    let org = usecase::evaluations::set_override(&state.ctx, &user, cmd).await?;
    Ok(axum::response::Redirect::to(&format!("/orgs/{}/dashboard?period={}", org.0, period.code())))
}

/// The lower units with their rank by completion (the share of targets in the top band,
/// then the next bands), sorted as the address asks.
fn ranked(mut children: Vec<ChildLine>, sort: &crate::pages::sorting::Sort) -> Vec<ChildLine> {
    let mut order: Vec<usize> = (0..children.len()).filter(|&i| children[i].completion_value.is_some()).collect();
    let better = |a: &ChildLine, b: &ChildLine| {
        let share = |c: &ChildLine| c.bands.iter().map(|n| *n as f64 / c.total.max(1) as f64).collect::<Vec<_>>();
        b.completion_value
            .partial_cmp(&a.completion_value)
            .unwrap_or(Ordering::Equal)
            .then_with(|| share(b).partial_cmp(&share(a)).unwrap_or(Ordering::Equal))
    };
    order.sort_by(|&a, &b| better(&children[a], &children[b]));
    for (place, &i) in order.iter().enumerate() {
        children[i].rank = place + 1;
    }
    let name = |c: &ChildLine| vn::collate::sort_key(&c.name);
    sort.apply(&mut children, |key, a, b| match key {
        "don-vi" => name(a).cmp(&name(b)),
        "hang" => (a.rank == 0, a.rank).cmp(&(b.rank == 0, b.rank)),
        "so" => a.total.cmp(&b.total),
        "dang" => a.in_progress.cmp(&b.in_progress),
        "bao-cao" => a.report.cmp(&b.report),
        k => match k.strip_prefix('b').and_then(|i| i.parse::<usize>().ok()) {
            Some(i) => a.bands.get(i).cmp(&b.bands.get(i)),
            None => Ordering::Equal,
        },
    });
    children
}
