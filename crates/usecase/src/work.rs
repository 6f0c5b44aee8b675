//! Counted work (classes, surveys, awards, campaigns, congresses) and the annual quality
//! ratings with their quota, for the work page, the dashboard and the API.

use domain::access::Action;
use domain::work::{WorkKind, WorkTotal};
use domain::{OrgId, Period};
use store::{RatingEntry, WorkEntry};

use crate::tasks::is_below;
use crate::{Caller, Ctx, Error, Result};

/// The work recorded within `org`'s subtree, of every period (`None`) or of the
/// periods within the years `first..=last`.
pub async fn of_subtree(ctx: &Ctx, caller: &Caller, org: OrgId, years: Option<(i32, i32)>) -> Result<Vec<WorkEntry>> {
    caller.require(&ctx.engine(), Action::View, org)?;
    let all = match years {
        None => ctx.store.list_work().await?,
        Some((first, last)) => ctx.store.work_of_years(first, last).await?,
    };
    let engine = ctx.engine();
    Ok(all.into_iter().filter(|e| engine.tree.within(e.org, org)).collect())
}

/// The ratings `org`'s committee gave in `year`, and its quota of the top level.
pub async fn ratings(ctx: &Ctx, caller: &Caller, org: OrgId, year: i32) -> Result<(Vec<RatingEntry>, u32)> {
    caller.require(&ctx.engine(), Action::View, org)?;
    Ok((ctx.store.list_ratings(org, year).await?, ctx.store.rating_quota(org).await?))
}

/// The ratings given in `year` by committees within `org`'s subtree.
pub async fn ratings_within(ctx: &Ctx, caller: &Caller, org: OrgId, year: i32) -> Result<Vec<RatingEntry>> {
    caller.require(&ctx.engine(), Action::View, org)?;
    let all = ctx.store.ratings_of_year(year).await?;
    let engine = ctx.engine();
    Ok(all.into_iter().filter(|r| engine.tree.within(r.org, org)).collect())
}

/// Whether the caller may record `org`'s own counted work.
pub fn may_record(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::EnterFigures, org)
}

/// Whether the caller may rate for `org`'s committee and set its quota.
pub fn may_rate(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::ManageTargets, org)
}

pub async fn record(ctx: &Ctx, caller: &Caller, entry: &WorkEntry) -> Result<i64> {
    may_record(ctx, caller, entry.org)?;
    Ok(ctx.store.record_work(&caller.actor(), entry).await?)
}

pub async fn set_quota(ctx: &Ctx, caller: &Caller, org: OrgId, percent: u32) -> Result<()> {
    may_rate(ctx, caller, org)?;
    Ok(ctx.store.set_rating_quota(&caller.actor(), org, percent).await?)
}

pub async fn rate(ctx: &Ctx, caller: &Caller, rating: &RatingEntry) -> Result<i64> {
    may_rate(ctx, caller, rating.org)?;
    if !is_below(&ctx.engine(), caller, rating.org, rating.subject_org) {
        return Err(Error::field("subject_org", "Đơn vị được xếp loại: chọn một đơn vị trực thuộc trong danh sách."));
    }
    Ok(ctx.store.record_rating(&caller.actor(), rating).await?)
}

/// The totals of `org`'s subtree within `period`, one line per kind that has entries.
pub fn totals(engine: &engine::Engine, entries: &[store::WorkEntry], org: OrgId, period: Period) -> Vec<String> {
    let mut sums: Vec<(WorkKind, WorkTotal)> = Vec::new();
    for e in entries {
        let inside = Period::from_code(&e.period).is_ok_and(|p| period.contains(p));
        if !inside || !engine.tree.within(e.org, org) {
            continue;
        }
        let at = match sums.iter().position(|(k, _)| *k == e.kind) {
            Some(i) => i,
            None => {
                sums.push((e.kind, WorkTotal::default()));
                sums.len() - 1
            }
        };
        sums[at].1.add(e.count, e.of_total, e.participants, e.eligible);
    }
    sums.sort_by_key(|(k, _)| *k);
    sums.into_iter().map(|(k, t)| format!("{}: {}", k.label(), t.sentence(k))).collect()
}
