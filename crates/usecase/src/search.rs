//! The search box over units, documents, targets and people, limited to what the caller
//! may see; and the organisation kinds the tree is labelled with.

use domain::OrgId;
use domain::access::Action;
use engine::{Hit, Person};

use crate::{Caller, Ctx, Result};

/// At most `limit` hits for `query`, best first, among what the caller may see.
pub async fn find(ctx: &Ctx, caller: &Caller, query: &str, limit: usize) -> Result<Vec<Hit>> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    // Two reads, whatever the number of accounts: a person is found at their first unit.
    let grants = ctx.store.all_grants().await?;
    let people: Vec<Person> = ctx
        .store
        .list_users()
        .await?
        .into_iter()
        .filter_map(|u| {
            let org: OrgId = grants.iter().find(|g| g.user == u.id)?.org;
            Some(Person { id: u.id.0, name: u.display_name, username: u.username, org })
        })
        .collect();
    let engine = ctx.engine();
    Ok(engine.search(query, &people, |o| caller.may(&engine, Action::View, o), limit))
}

/// The kinds of organisation and their labels ("Đảng ủy xã").
pub async fn org_kinds(ctx: &Ctx) -> Result<Vec<domain::OrgKind>> {
    Ok(ctx.store.list_org_kinds().await?)
}
