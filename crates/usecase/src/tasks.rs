//! A unit's tasks, for the tasks page and `GET /api/v1/orgs/{id}/tasks` alike, and the
//! reports the unit a task falls to makes on it: progress, a new deadline, forwarding
//! down, done.

use chrono::NaiveDate;
use domain::access::Action;
use domain::tasks::{TaskStatus, task_status};
use domain::{OrgId, Period};
use store::{NewTask, TaskRow, TaskUpdate};

use crate::{Caller, Ctx, Error, Result};

/// The tasks a unit gave or was given, each with its status today.
pub struct TaskList {
    pub tasks: Vec<(TaskRow, TaskStatus)>,
    /// Each task's history: (task id, update), oldest first.
    pub updates: Vec<(i64, TaskUpdate)>,
}

/// The tasks `org` gave or was given, those due within `period` when one is given.
pub async fn list(ctx: &Ctx, caller: &Caller, org: OrgId, period: Option<Period>) -> Result<TaskList> {
    caller.require(&ctx.engine(), Action::View, org)?;
    let today = ctx.clock.today();
    let tasks = ctx
        .store
        .list_tasks(org)
        .await?
        .into_iter()
        .filter(|t| period.is_none_or(|p| domain::tasks::due_in(t.due_on, p)))
        .map(|t| {
            let status = task_status(t.due_on, t.done_on, today);
            (t, status)
        })
        .collect();
    Ok(TaskList { tasks, updates: ctx.store.list_task_updates(org).await? })
}

/// Whether the caller may report on a task: the staff of the unit that gave it, or the
/// leaders, specialists and reporters of the unit it falls to.
pub fn may_report(engine: &engine::Engine, caller: &Caller, t: &TaskRow) -> bool {
    caller.may(engine, Action::ManageTargets, t.org)
        || t.assignee_org.is_some_and(|a| caller.may(engine, Action::ReportTask, a))
}

/// Whether `unit` lies below `org` and the caller sees it: where a task of `org` may go.
pub fn is_below(engine: &engine::Engine, caller: &Caller, org: OrgId, unit: OrgId) -> bool {
    unit != org && engine.tree.within(unit, org) && caller.may(engine, Action::View, unit)
}

/// The task `id`, when the caller may report on it.
pub async fn reportable(ctx: &Ctx, caller: &Caller, id: i64) -> Result<TaskRow> {
    let task = ctx.store.task(id).await?;
    if may_report(&ctx.engine(), caller, &task) {
        Ok(task)
    } else {
        Err(Error::Forbidden("báo cáo nhiệm vụ này"))
    }
}

/// The task is done on `day`, with the unit's note.
pub async fn finish(ctx: &Ctx, caller: &Caller, id: i64, day: NaiveDate, note: &str) -> Result<()> {
    reportable(ctx, caller, id).await?;
    Ok(ctx.store.finish_task(&caller.actor(), id, day, note).await?)
}

/// Progress on the task, with its evidence.
pub async fn progress(ctx: &Ctx, caller: &Caller, id: i64, note: &str) -> Result<()> {
    reportable(ctx, caller, id).await?;
    Ok(ctx.store.report_progress(&caller.actor(), id, note).await?)
}

/// A new deadline, with the reason.
pub async fn extend(ctx: &Ctx, caller: &Caller, id: i64, day: NaiveDate, reason: &str) -> Result<()> {
    reportable(ctx, caller, id).await?;
    Ok(ctx.store.extend_task(&caller.actor(), id, day, reason).await?)
}

/// Forwards the task to one of the assignee's lower units, which the caller reports for.
pub async fn forward(ctx: &Ctx, caller: &Caller, id: i64, to: &NewTask) -> Result<()> {
    let task = reportable(ctx, caller, id).await?;
    {
        let engine = ctx.engine();
        let from = task.assignee_org.filter(|a| caller.may(&engine, Action::ReportTask, *a));
        if !from.is_some_and(|f| is_below(&engine, caller, f, to.assignee)) {
            return Err(Error::Forbidden("chuyển nhiệm vụ của đơn vị này"));
        }
    }
    ctx.store.forward_task(&caller.actor(), id, to).await?;
    Ok(())
}
