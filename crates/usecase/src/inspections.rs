//! Inspection and supervision cases and the year's plan: for inspectors and leaders only.

use chrono::NaiveDate;
use domain::OrgId;
use domain::access::Action;
use store::{InspectionRow, NewInspection, PlanLine};

use crate::{Caller, Ctx, Result};

/// `org`'s cases begun between two days (every case when `None`).
pub async fn cases(
    ctx: &Ctx,
    caller: &Caller,
    org: OrgId,
    within: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<InspectionRow>> {
    caller.require(&ctx.engine(), Action::ViewInspections, org)?;
    // Dates are kept as ISO text: the bounds must be four-digit years too.
    let all = (
        NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
    );
    let (from, to) = within.unwrap_or(all);
    Ok(ctx.store.list_inspections(org, from, to).await?)
}

/// `org`'s plan for `year`.
pub async fn plan(ctx: &Ctx, caller: &Caller, org: OrgId, year: i32) -> Result<Vec<PlanLine>> {
    caller.require(&ctx.engine(), Action::ViewInspections, org)?;
    Ok(ctx.store.inspection_plan(org, year).await?)
}

/// `org`'s plan for `year` against what its cases of that year did: (what, done, planned).
pub async fn plan_against(
    ctx: &Ctx,
    caller: &Caller,
    org: OrgId,
    year: i32,
    done: &domain::inspections::InspectionCounts,
) -> Result<Vec<(String, usize, i64)>> {
    Ok(plan(ctx, caller, org, year)
        .await?
        .into_iter()
        .map(|l| {
            let what = format!("{} {} {}", l.action.label(), l.mode.label(), l.subject.label());
            (what, done.count(l.action, l.mode, l.subject), l.planned)
        })
        .collect())
}

/// Whether the caller records `org`'s cases and plan.
pub fn may_record(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::RecordInspections, org)
}

/// Records a case; the store checks the discipline fits its subject.
pub async fn record(ctx: &Ctx, caller: &Caller, case: &NewInspection) -> Result<i64> {
    may_record(ctx, caller, case.org)?;
    Ok(ctx.store.record_inspection(&caller.actor(), case).await?)
}

/// Sets one line of `org`'s plan for `year`.
pub async fn set_plan(ctx: &Ctx, caller: &Caller, org: OrgId, year: i32, line: PlanLine) -> Result<()> {
    may_record(ctx, caller, org)?;
    Ok(ctx.store.set_inspection_plan(&caller.actor(), org, year, line).await?)
}
