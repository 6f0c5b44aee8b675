//! Working sessions and meetings: recorded with their chair, attendees, explanations and
//! conclusions, which become tasks for units of the subtree.

use domain::access::Action;
use store::{MeetingView, NewMeeting};

use crate::{Caller, Ctx, Result};

/// Whether the caller records meetings of `org`.
pub fn may_record(ctx: &Ctx, caller: &Caller, org: domain::OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::ManageTargets, org)
}

/// Records the meeting and its conclusions as tasks in one transaction.
pub async fn record(ctx: &Ctx, caller: &Caller, meeting: &NewMeeting) -> Result<i64> {
    may_record(ctx, caller, meeting.org)?;
    Ok(ctx.store.record_meeting(&caller.actor(), meeting).await?)
}

/// Changes a saved meeting of a unit the caller records meetings for; new conclusions
/// become tasks.
pub async fn edit(ctx: &Ctx, caller: &Caller, id: i64, meeting: &NewMeeting) -> Result<()> {
    let held_by = ctx.store.meeting(id).await?.org;
    may_record(ctx, caller, held_by)?;
    if meeting.org != held_by {
        return Err(crate::Error::Forbidden("chuyển cuộc họp sang đơn vị khác"));
    }
    Ok(ctx.store.update_meeting(&caller.actor(), id, meeting).await?)
}

/// A meeting, for the unit that held it, the unit it concerned and the units its
/// conclusions gave a task.
pub async fn get(ctx: &Ctx, caller: &Caller, id: i64) -> Result<MeetingView> {
    let m = ctx.store.meeting(id).await?;
    let engine = ctx.engine();
    let concerned = m.concerns.is_some_and(|c| caller.may(&engine, Action::View, c))
        || m.tasks.iter().filter_map(|t| t.assignee_org).any(|a| caller.may(&engine, Action::View, a));
    if !concerned {
        caller.require(&engine, Action::View, m.org)?;
    }
    drop(engine);
    Ok(m)
}

/// The meetings `org` held, newest first: (id, kind, day, title).
pub async fn of_unit(
    ctx: &Ctx,
    caller: &Caller,
    org: domain::OrgId,
) -> Result<Vec<(i64, String, Option<chrono::NaiveDate>, String)>> {
    caller.require(&ctx.engine(), Action::View, org)?;
    Ok(ctx.store.list_meetings(org).await?)
}
