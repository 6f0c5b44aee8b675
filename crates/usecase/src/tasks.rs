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

/// The open tasks with a deadline that someone holding `role` in `org` follows, with
/// their deadline: those the unit gave or was given, but a reporter only those given
/// to its unit. The inbox and the home count from these.
pub async fn open_followed(ctx: &Ctx, org: OrgId, role: domain::access::Role) -> Result<Vec<(TaskRow, NaiveDate)>> {
    let tasks = ctx.store.list_tasks(org).await?;
    Ok(tasks
        .into_iter()
        .filter(|t| role != domain::access::Role::Reporter || t.assignee_org == Some(org))
        .filter_map(|t| match (t.due_on, t.done_on) {
            (Some(due), None) => Some((t, due)),
            _ => None,
        })
        .collect())
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

/// A file offered as evidence, as uploaded.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What reporting a task done led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// The unit that gave it reported it: done at once.
    Closed,
    /// The unit it fell to reported it: waiting for the giver to accept it.
    AwaitingAcceptance,
}

/// Checks evidence files against the one rule for them: at most three, each a PDF, an
/// image, a Word or Excel file, at most 10 MB.
fn evidence(files: Vec<Upload>) -> Result<Vec<store::NewFile>> {
    if files.len() > domain::tasks::EVIDENCE_MAX_FILES {
        let most = domain::tasks::EVIDENCE_MAX_FILES;
        return Err(Error::field("files", format!("Tệp minh chứng: tối đa {most} tệp mỗi lần báo cáo.")));
    }
    files
        .into_iter()
        .map(|f| {
            let content_type = domain::tasks::evidence_type(&f.name, &f.bytes)
                .map_err(|why| Error::field("files", format!("Tệp minh chứng: {why}.")))?;
            let name: String = vn::text::clean(&f.name).chars().take(200).collect();
            Ok(store::NewFile { name, content_type, body: f.bytes })
        })
        .collect()
}

/// The task is done on `day`, with the note and the evidence: closed at once when the
/// caller's unit gave it, else waiting for that unit to accept it.
pub async fn finish(
    ctx: &Ctx,
    caller: &Caller,
    id: i64,
    day: NaiveDate,
    note: &str,
    files: Vec<Upload>,
) -> Result<Finished> {
    let task = reportable(ctx, caller, id).await?;
    let files = evidence(files)?;
    if gives(&ctx.engine(), caller, &task) {
        ctx.store.finish_task(&caller.actor(), id, day, note, &files).await?;
        Ok(Finished::Closed)
    } else {
        ctx.store.claim_task(&caller.actor(), id, day, note, &files).await?;
        Ok(Finished::AwaitingAcceptance)
    }
}

/// Whether the caller speaks for the unit that gave the task.
pub fn gives(engine: &engine::Engine, caller: &Caller, t: &TaskRow) -> bool {
    caller.may(engine, Action::ManageTargets, t.org)
}

/// The task `id`, when the caller speaks for the unit that gave it.
pub async fn given(ctx: &Ctx, caller: &Caller, id: i64) -> Result<TaskRow> {
    let task = ctx.store.task(id).await?;
    if gives(&ctx.engine(), caller, &task) {
        Ok(task)
    } else {
        Err(Error::Forbidden("xác nhận hay trả lại nhiệm vụ do đơn vị khác giao"))
    }
}

/// The giver accepts a task reported done: done as of today, when the Government's
/// convention counts it.
pub async fn accept(ctx: &Ctx, caller: &Caller, id: i64, note: &str) -> Result<()> {
    given(ctx, caller, id).await?;
    Ok(ctx.store.accept_task(&caller.actor(), id, ctx.clock.today(), note).await?)
}

/// The giver sends a task reported done back, with the reason.
pub async fn send_back(ctx: &Ctx, caller: &Caller, id: i64, reason: &str) -> Result<()> {
    given(ctx, caller, id).await?;
    Ok(ctx.store.send_back_task(&caller.actor(), id, reason).await?)
}

/// An evidence file, for whoever may see the task: the giver's subtree or the unit it
/// fell to.
pub async fn file(ctx: &Ctx, caller: &Caller, id: i64) -> Result<(store::TaskFile, Vec<u8>)> {
    let (file, body) = ctx.store.task_file(id).await?;
    let task = ctx.store.task(file.task).await?;
    let engine = ctx.engine();
    let sees = |o: OrgId| caller.may(&engine, Action::View, o);
    if sees(task.org) || task.assignee_org.is_some_and(sees) {
        Ok((file, body))
    } else {
        Err(Error::Forbidden("xem tệp minh chứng của nhiệm vụ này"))
    }
}

/// The evidence files of the tasks a unit gave or was given, for its list.
pub async fn files_of(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<Vec<store::TaskFile>> {
    caller.require(&ctx.engine(), Action::View, org)?;
    let mut out = Vec::new();
    for t in ctx.store.list_tasks(org).await? {
        out.extend(ctx.store.task_files(t.id).await?);
    }
    Ok(out)
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
