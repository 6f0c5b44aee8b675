//! A unit above asks why an off-track target stands where it does; the unit answers
//! once, on the target's history.

use chrono::NaiveDate;
use domain::access::Action;
use domain::{OrgId, Period, TargetId};
use store::Explanation;

use crate::{Caller, Ctx, Error, Result};

/// The unit a target belongs to, after checking the caller may take `action` on it.
fn target_org(ctx: &Ctx, caller: &Caller, target: TargetId, action: Action) -> Result<OrgId> {
    let engine = ctx.engine();
    let t = engine.target(target).ok_or(Error::NotFound("chỉ tiêu"))?;
    caller.require(&engine, action, t.org)?;
    Ok(t.org)
}

/// Asks the target's unit to explain: leaders and specialists above it only.
pub async fn ask(
    ctx: &Ctx,
    caller: &Caller,
    target: TargetId,
    period: Period,
    question: &str,
    due: Option<NaiveDate>,
) -> Result<i64> {
    target_org(ctx, caller, target, Action::ReviewReport)?;
    Ok(ctx.store.ask_explanation(&caller.actor(), target, &period.code(), question, due).await?)
}

/// Records the responsible unit's answer; answers the request.
pub async fn answer(ctx: &Ctx, caller: &Caller, id: i64, answer: &str) -> Result<Explanation> {
    let e = ctx.store.explanation(id).await?;
    target_org(ctx, caller, e.target, Action::EnterFigures)?;
    ctx.store.answer_explanation(&caller.actor(), id, answer).await?;
    Ok(e)
}

/// The explanations asked about a target the caller may see.
pub async fn of_target(ctx: &Ctx, caller: &Caller, target: TargetId) -> Result<Vec<Explanation>> {
    target_org(ctx, caller, target, Action::View)?;
    Ok(ctx.store.target_explanations(target).await?)
}
