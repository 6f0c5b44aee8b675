//! The page a user lands on: for each unit of their roles, what the current period asks
//! of them — a reporter's report, its due date and the figures still missing; an
//! office's lower units and which have sent; a leader's band counts and the targets off
//! track; everyone's tasks due and overdue and the explanations asked.

use chrono::NaiveDate;
use domain::access::{Action, Role};
use domain::reporting::{ReportStatus, is_late};
use domain::{OrgId, Period};

use crate::{Caller, Ctx, Result};

/// What one unit of the caller's roles asks of them now.
#[derive(Clone, Debug)]
pub struct UnitHome {
    pub org: OrgId,
    pub name: String,
    pub role: Role,
    /// The unit's own report for the current grain period, when it enters figures.
    pub report: Option<OwnReport>,
    pub tasks_overdue: usize,
    pub tasks_due_soon: usize,
    pub explanations: usize,
    /// The lower units' reports for their current period.
    pub lower: Vec<LowerReport>,
    /// For leaders: the year's evaluation sentence and the targets in the lowest band.
    pub year: Option<YearView>,
    /// For inspectors: the latest year's cases against the plan.
    pub inspections: Option<InspectionYear>,
}

#[derive(Clone, Debug)]
pub struct InspectionYear {
    pub year: i32,
    /// "Năm 2020: kiểm tra thường xuyên 1 tổ chức Đảng; …".
    pub sentence: String,
    /// The plan's lines: (what, done, planned).
    pub plan: Vec<(String, usize, i64)>,
}

#[derive(Clone, Debug)]
pub struct OwnReport {
    pub period: Period,
    pub status: ReportStatus,
    pub due: NaiveDate,
    pub late: bool,
    pub filled: usize,
    pub total: usize,
}

#[derive(Clone, Debug)]
pub struct LowerReport {
    pub org: OrgId,
    pub name: String,
    pub period: Period,
    pub status: ReportStatus,
    /// Not sent and past its due date, or sent late.
    pub late: bool,
}

#[derive(Clone, Debug)]
pub struct YearView {
    pub period: Period,
    pub sentence: String,
    /// Targets in the lowest band or closed as missed.
    pub off_track: usize,
    /// The lowest band's number, to filter the dashboard by.
    pub lowest_band: usize,
}

/// The latest year with cases (or this year) of an inspecting body: what was done against
/// its plan.
async fn inspection_year(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<Option<InspectionYear>> {
    use chrono::Datelike;
    if !caller.may(&ctx.engine(), Action::ViewInspections, org) {
        return Ok(None);
    }
    let cases = crate::inspections::cases(ctx, caller, org, None).await?;
    let year = cases.iter().map(|c| c.started_on.year()).max().unwrap_or(caller.today.year());
    let counts = domain::inspections::InspectionCounts::of(
        cases.iter().filter(|c| c.started_on.year() == year).map(|c| (c.action, c.mode, c.subject, c.discipline)),
    );
    let plan = crate::inspections::plan_against(ctx, caller, org, year, &counts).await?;
    Ok(Some(InspectionYear { year, sentence: counts.sentence(), plan }))
}

/// A report sent late, or still open past its due date.
fn behind(report: &store::Report, schedule: &domain::reporting::Schedule, period: Period, today: NaiveDate) -> bool {
    report.late || (report.status.editable() && is_late(schedule, period, today))
}

/// A unit's resolution and the grain period that is current for it.
type Current = Option<(domain::DocumentId, Period)>;

/// Gathers the caller's home as of today, one entry per unit they hold a role in.
pub async fn gather(ctx: &Ctx, caller: &Caller) -> Result<Vec<UnitHome>> {
    let today = caller.today;
    let mut out = Vec::new();
    let grants: Vec<_> = caller.grants.iter().filter(|g| g.in_force(today)).cloned().collect();
    let open_explanations = ctx.store.open_explanations().await?;
    for g in grants {
        let (org, role) = (g.org, g.role);
        if role == Role::Admin && !caller.may(&ctx.engine(), Action::View, org) {
            continue;
        }
        let (name, own_doc, children) = {
            let engine = ctx.engine();
            let Some(node) = engine.tree.get(org) else { continue };
            let current = |o: OrgId| -> Current {
                engine.resolutions_of(o).first().map(|d| (d.id, crate::figures::default_grain(d, today)))
            };
            let children: Vec<(OrgId, String, Current)> = node
                .children
                .iter()
                .filter_map(|c| engine.tree.nodes.get(*c))
                .map(|c| (c.org.id, c.org.name.clone(), current(c.org.id)))
                .collect();
            (node.org.name.clone(), current(org), children)
        };
        let enters = matches!(role, Role::Reporter | Role::Specialist | Role::Leader)
            && caller.may(&ctx.engine(), Action::EnterFigures, org);
        let report = match own_doc.filter(|_| enters) {
            Some((doc, period)) => {
                let stored = ctx.store.report(org, doc, &period.code()).await?;
                let schedule = ctx.store.schedule(doc).await?;
                let (filled, total) = {
                    let engine = ctx.engine();
                    let rows = engine.form(org, period).map(|(_, rows)| rows).unwrap_or_default();
                    let own: Vec<_> = rows.iter().filter(|r| !r.aggregated).collect();
                    (own.iter().filter(|r| r.entered.is_some()).count(), own.len())
                };
                Some(OwnReport {
                    period,
                    status: stored.status,
                    due: schedule.due(period),
                    late: behind(&stored, &schedule, period, today),
                    filled,
                    total,
                })
            }
            None => None,
        };
        let (mut tasks_overdue, mut tasks_due_soon) = (0, 0);
        for (_, due) in crate::tasks::open_followed(ctx, org, role).await? {
            if due < today {
                tasks_overdue += 1;
            } else if due <= today + chrono::Duration::days(7) {
                tasks_due_soon += 1;
            }
        }
        let explanations = {
            let engine = ctx.engine();
            open_explanations.iter().filter(|e| engine.target(e.target).is_some_and(|t| t.org == org)).count()
        };
        let mut lower = Vec::new();
        if matches!(role, Role::Leader | Role::Specialist | Role::Inspector | Role::Viewer) {
            for (child, child_name, doc) in children {
                let Some((doc, period)) = doc else { continue };
                let stored = ctx.store.report(child, doc, &period.code()).await?;
                let schedule = ctx.store.schedule(doc).await?;
                let late = behind(&stored, &schedule, period, today);
                lower.push(LowerReport { org: child, name: child_name, period, status: stored.status, late });
            }
        }
        let year = if role == Role::Leader {
            let engine = ctx.engine();
            let doc = engine.resolutions_of(org).first().map(|d| (d.term, d.bands.clone()));
            doc.and_then(|(term, bands)| {
                let year = Period::Year { year: chrono::Datelike::year(&today) };
                let period = if term.contains(year) { year } else { term };
                let d = engine.dashboard(org, period)?;
                let lowest = bands.len() - 1;
                let off_track = d
                    .rows
                    .iter()
                    .filter(|r| {
                        r.evaluation.band == Some(lowest) || r.evaluation.status == domain::evaluation::Status::Missed
                    })
                    .count();
                Some(YearView { period, sentence: d.summary.sentence(&bands), off_track, lowest_band: lowest })
            })
        } else {
            None
        };
        let inspections = if role == Role::Inspector { inspection_year(ctx, caller, org).await? } else { None };
        out.push(UnitHome {
            org,
            name,
            role,
            report,
            tasks_overdue,
            tasks_due_soon,
            explanations,
            lower,
            year,
            inspections,
        });
    }
    Ok(out)
}

/// Each visible unit's own report for its current grain period (units without a
/// resolution are left out): one read per distinct period, whatever the number of units.
pub async fn current_reports(
    ctx: &Ctx,
    caller: &Caller,
    orgs: &[OrgId],
) -> Result<std::collections::HashMap<OrgId, (Period, ReportStatus)>> {
    let today = caller.today;
    let wanted: Vec<(OrgId, domain::DocumentId, Period)> = {
        let engine = ctx.engine();
        orgs.iter()
            .filter(|o| caller.may(&engine, Action::View, **o))
            .filter_map(|o| {
                let d = *engine.resolutions_of(*o).first()?;
                // A unit that has ended stands at its last period, not at today's.
                let last = engine.history.ended(*o).and_then(|end| end.pred_opt()).map_or(today, |l| l.min(today));
                Some((*o, d.id, crate::figures::default_grain(d, last)))
            })
            .collect()
    };
    let mut periods: Vec<Period> = wanted.iter().map(|(_, _, p)| *p).collect();
    periods.sort_by_key(|p| p.code());
    periods.dedup();
    let mut stored = Vec::new();
    for p in periods {
        stored.extend(ctx.store.list_reports_of(&p.code()).await?);
    }
    Ok(wanted
        .into_iter()
        .map(|(org, doc, period)| {
            let code = period.code();
            let found = stored.iter().find(|r| r.org == org && r.document == doc && r.period == code);
            (org, (period, found.map_or(ReportStatus::Draft, |r| r.status)))
        })
        .collect())
}
