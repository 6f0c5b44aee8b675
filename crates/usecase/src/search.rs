//! The search box over units, documents, targets, people (accounts and the register),
//! meetings and tasks, limited to what the caller may see; and the organisation kinds
//! the tree is labelled with.

use domain::OrgId;
use domain::access::Action;
use engine::{Entry, Hit, HitKind};

use crate::{Caller, Ctx, Result};

/// At most `limit` hits for `query`, best first, among what the caller may see.
pub async fn find(ctx: &Ctx, caller: &Caller, query: &str, limit: usize) -> Result<Vec<Hit>> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let extra = stored_entries(ctx, caller).await?;
    let engine = ctx.engine();
    Ok(engine.search(query, &extra, |o| caller.may(&engine, Action::View, o), limit))
}

/// What the store keeps besides the engine's units, documents and targets: accounts
/// (at their first unit), the register of people with their titles, meetings (under
/// the unit that held them, else the one they concerned) and tasks (under the unit that
/// gave them, else the one they fell to), each placed where the caller can see it.
async fn stored_entries(ctx: &Ctx, caller: &Caller) -> Result<Vec<Entry>> {
    let grants = ctx.store.all_grants().await?;
    let users = ctx.store.list_users().await?;
    let positions = ctx.store.list_positions().await?;
    let meetings = ctx.store.all_meetings().await?;
    let tasks = ctx.store.all_tasks().await?;
    let engine = ctx.engine();
    let seen = |o: OrgId| caller.may(&engine, Action::View, o);
    let visible = |first: OrgId, second: Option<OrgId>| std::iter::once(first).chain(second).find(|o| seen(*o));
    let mut out = Vec::new();
    for u in users {
        if let Some(g) = grants.iter().find(|g| g.user == u.id) {
            out.push(Entry::new(HitKind::Person, u.id.0, g.org, u.display_name, u.username.clone(), &u.username));
        }
    }
    for p in positions {
        let detail = match p.to_on {
            Some(to) => format!("{} (đến {})", p.title, vn::format_date(to)),
            None => p.title.clone(),
        };
        out.push(Entry::new(HitKind::Official, p.id, p.org, p.full_name.clone(), detail, &p.title));
    }
    for (id, org, concerns, held, title) in meetings {
        if let Some(org) = visible(org, concerns) {
            let detail = held.map(vn::format_date).unwrap_or_default();
            out.push(Entry::new(HitKind::Meeting, id, org, title, detail, ""));
        }
    }
    for t in tasks {
        if let Some(org) = visible(t.org, t.assignee_org) {
            let due = t.due_on.map(|d| format!("hạn {}", vn::format_date(d))).unwrap_or_default();
            let detail = [t.assignee.clone().unwrap_or_default(), due].join(" ").trim().to_string();
            let extra = t.assignee.unwrap_or_default();
            out.push(Entry::new(HitKind::Task, t.id, org, t.body, detail, &extra));
        }
    }
    Ok(out)
}

/// The kinds of organisation and their labels ("Đảng ủy xã").
pub async fn org_kinds(ctx: &Ctx) -> Result<Vec<domain::OrgKind>> {
    Ok(ctx.store.list_org_kinds().await?)
}
