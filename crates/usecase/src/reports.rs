//! Moving a unit's report for a grain period through its cycle: submit, return,
//! accept, unlock.

use domain::OrgId;
use domain::Period;
use domain::access::Action;
use domain::reporting::ReportStep;
use store::{Report, ReportRef};

use crate::figures::locate;
use crate::{Caller, Ctx, Result};

/// Take `step` on `org`'s report for `period`, with a reason where the step needs one.
#[derive(Clone, Debug)]
pub struct StepReport {
    pub org: OrgId,
    pub period: Period,
    pub step: ReportStep,
    pub reason: Option<String>,
}

/// Who may take each step: the unit submits; the office above returns; a leader above
/// accepts and unlocks (a unit never reviews its own report: the policy says so).
pub fn needs(step: ReportStep) -> Action {
    match step {
        ReportStep::Submit => Action::EnterFigures,
        ReportStep::Return => Action::ReviewReport,
        ReportStep::Accept | ReportStep::Unlock => Action::AcceptReport,
    }
}

/// Checks access, then takes the step in one transaction under the unit's report lock.
pub async fn step(ctx: &Ctx, caller: &Caller, cmd: StepReport) -> Result<Report> {
    let (document, period) = locate(ctx, caller, cmd.org, Some(cmd.period))?;
    caller.require(&ctx.engine(), needs(cmd.step), cmd.org)?;
    let at = ReportRef { org: cmd.org, document, period };
    let report = ctx.store.step_report(&caller.actor(), at, cmd.step, cmd.reason.as_deref(), ctx.clock.today()).await?;
    Ok(report)
}

/// The stored reports of `period` from units within `org`'s subtree.
pub async fn of_period(ctx: &Ctx, caller: &Caller, org: OrgId, period: Period) -> Result<Vec<Report>> {
    caller.require(&ctx.engine(), Action::View, org)?;
    let all = ctx.store.list_reports_of(&period.code()).await?;
    let engine = ctx.engine();
    Ok(all.into_iter().filter(|r| engine.tree.within(r.org, org)).collect())
}

/// The report of `org` for a grain period of its resolution, with its schedule, for the
/// figure form (after the same check as entering figures).
pub async fn for_form(
    ctx: &Ctx,
    caller: &Caller,
    org: OrgId,
    period: Option<Period>,
) -> Result<(Period, Report, domain::reporting::Schedule)> {
    let (doc, period) = locate(ctx, caller, org, period)?;
    let report = ctx.store.report(org, doc, &period.code()).await?;
    Ok((period, report, ctx.store.schedule(doc).await?))
}

/// A resolution's reporting schedule, for whoever may see the resolution.
pub async fn schedule(ctx: &Ctx, caller: &Caller, doc: domain::DocumentId) -> Result<domain::reporting::Schedule> {
    {
        let engine = ctx.engine();
        let d = engine.document(doc).ok_or(crate::Error::NotFound("nghị quyết"))?;
        caller.require(&engine, Action::View, d.org)?;
    }
    Ok(ctx.store.schedule(doc).await?)
}
