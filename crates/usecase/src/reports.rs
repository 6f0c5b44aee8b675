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
