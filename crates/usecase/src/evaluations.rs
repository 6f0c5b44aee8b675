//! A leader's decision that replaces the computed status of a target's evaluation.

use domain::access::Action;
use domain::{OrgId, Period, Status, TargetId};

use crate::{Caller, Ctx, Error, Result};

/// Set (with a reason) or remove (`status: None`) the override of `target` in `period`.
#[derive(Clone, Debug)]
pub struct Override {
    pub target: TargetId,
    pub period: Period,
    pub status: Option<Status>,
    pub reason: String,
}

/// Checks access on the target's unit, writes the override with its audit row and
/// brings the engine up to date; answers the unit, whose dashboard shows the result.
pub async fn set_override(ctx: &Ctx, caller: &Caller, cmd: Override) -> Result<OrgId> {
    let org = {
        let engine = ctx.engine();
        let t = engine.target(cmd.target).ok_or(Error::NotFound("chỉ tiêu"))?;
        caller.require(&engine, Action::OverrideEvaluation, t.org)?;
        t.org
    };
    let reason = vn::text::clean(&cmd.reason);
    let manual = match cmd.status {
        None => None,
        Some(_) if reason.is_empty() => return Err(Error::field("reason", "Lý do điều chỉnh: cần ghi lý do.")),
        Some(status) => Some(domain::Override { status, reason }),
    };
    ctx.store.set_override(&caller.actor(), cmd.target, &cmd.period.code(), manual.as_ref()).await?;
    ctx.sync().await?;
    Ok(org)
}
