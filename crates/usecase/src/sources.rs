//! Texts read in ("Nhập từ văn bản"): kept with the meetings, document references, tasks
//! and figures the user confirmed from them.

use domain::OrgId;
use domain::access::Action;
use store::{NewSource, Recorded, SourceView};

use crate::{Caller, Ctx, Result};

/// Whether the caller reads texts in for `org`.
pub fn may_read(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::ManageTargets, org)
}

/// Keeps the text and records what was confirmed from it, in one transaction; figures
/// are refused where their report is locked. Every figure's target must be one the
/// caller enters figures for.
pub async fn record(ctx: &Ctx, caller: &Caller, source: &NewSource) -> Result<Recorded> {
    may_read(ctx, caller, source.org)?;
    {
        let engine = ctx.engine();
        for item in &source.items {
            if let store::SourceItem::Figure { target, period, .. } = item {
                let period = domain::Period::parse(period).map_err(|e| crate::Error::field("period", e.to_string()))?;
                crate::figures::check_target(&engine, caller, *target, period)?;
            }
        }
    }
    let recorded = ctx.store.record_source(&caller.actor(), source).await?;
    ctx.sync().await?;
    Ok(recorded)
}

/// The text of `org` already kept with this body, if any: (id, when). A text read twice
/// is recognised, and saving it again is refused.
pub async fn already_kept(ctx: &Ctx, caller: &Caller, org: OrgId, body: &str) -> Result<Option<(i64, i64)>> {
    may_read(ctx, caller, org)?;
    Ok(ctx.store.source_with_body(org, body).await?)
}

/// A kept text and what it produced, for whoever sees its unit.
pub async fn get(ctx: &Ctx, caller: &Caller, id: i64) -> Result<SourceView> {
    let source = ctx.store.source(id).await?;
    caller.require(&ctx.engine(), Action::View, source.org)?;
    Ok(source)
}

/// The texts kept for `org`, newest first: (id, title, when).
pub async fn of_unit(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<Vec<(i64, String, i64)>> {
    may_read(ctx, caller, org)?;
    Ok(ctx.store.list_sources(org).await?)
}
