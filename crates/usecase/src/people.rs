//! The register of people: names and titles per unit over time.

use chrono::NaiveDate;
use domain::OrgId;
use domain::access::Action;
use store::Position;

use crate::{Caller, Ctx, Error, Result};

/// Every title held in a unit the caller may see (`org`'s page checks `org` itself).
pub async fn positions(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<Vec<Position>> {
    caller.require(&ctx.engine(), Action::View, org)?;
    let all = ctx.store.list_positions().await?;
    let engine = ctx.engine();
    Ok(all.into_iter().filter(|p| caller.may(&engine, Action::View, p.org)).collect())
}

/// Whether the caller keeps the register of `org`.
pub fn may_keep(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::ManageTargets, org)
}

/// A person with a title in `unit` from a day.
pub struct NewPosition<'a> {
    pub full_name: &'a str,
    pub contact: &'a str,
    pub unit: OrgId,
    pub title: &'a str,
    pub from_on: NaiveDate,
}

pub async fn add(ctx: &Ctx, caller: &Caller, p: NewPosition<'_>) -> Result<i64> {
    may_keep(ctx, caller, p.unit)?;
    Ok(ctx.store.add_person(&caller.actor(), p.full_name, p.contact, p.unit, p.title, p.from_on).await?)
}

/// The title `id`, when the caller keeps its unit's register.
pub async fn position(ctx: &Ctx, caller: &Caller, id: i64) -> Result<Position> {
    let p = ctx.store.position(id).await?;
    may_keep(ctx, caller, p.org)?;
    Ok(p)
}

/// Ends the title `id` on a day.
pub async fn end(ctx: &Ctx, caller: &Caller, id: i64, day: NaiveDate) -> Result<()> {
    position(ctx, caller, id).await?;
    ctx.store.end_position(&caller.actor(), id, day).await.map_err(Error::from)
}
