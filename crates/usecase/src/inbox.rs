//! What waits for the caller in "Việc cần làm": reports of their units and below, tasks
//! due within a week or overdue, explanations asked, and reminders left for them.

use chrono::NaiveDate;
use domain::access::Role;
use domain::reporting::Schedule;
use domain::{Document, OrgId};
use store::{Explanation, Notification, Report, TaskRow};

use crate::{Caller, Ctx, Result};

pub struct Inbox {
    /// Every stored report; the page keeps those the caller acts on.
    pub reports: Vec<Report>,
    /// The units the caller enters figures for, their resolution and its schedule.
    pub own: Vec<(OrgId, Document, Schedule)>,
    /// Open tasks due within a week or overdue: (the caller's unit, task, deadline).
    pub tasks: Vec<(OrgId, TaskRow, NaiveDate)>,
    pub explanations: Vec<Explanation>,
    pub notices: Vec<Notification>,
}

/// Gathers the caller's inbox as of today.
pub async fn gather(ctx: &Ctx, caller: &Caller) -> Result<Inbox> {
    let today = ctx.clock.today();
    let entering = |g: &&domain::access::RoleGrant| matches!(g.role, Role::Reporter | Role::Leader | Role::Specialist);
    let docs: Vec<(OrgId, Document)> = {
        let engine = ctx.engine();
        caller
            .grants
            .iter()
            .filter(entering)
            .filter_map(|g| engine.resolutions_of(g.org).first().map(|d| (g.org, (*d).clone())))
            .collect()
    };
    let mut own = Vec::new();
    for (org, doc) in docs {
        let schedule = ctx.store.schedule(doc.id).await?;
        own.push((org, doc, schedule));
    }
    let mut tasks = Vec::new();
    for g in caller.grants.iter().filter(entering) {
        for (t, due) in crate::tasks::open_followed(ctx, g.org, g.role).await? {
            if due <= today + chrono::Duration::days(7) {
                tasks.push((g.org, t, due));
            }
        }
    }
    Ok(Inbox {
        reports: ctx.store.list_reports().await?,
        own,
        tasks,
        explanations: ctx.store.open_explanations().await?,
        notices: ctx.store.notifications(caller.user.id, 10).await?,
    })
}
