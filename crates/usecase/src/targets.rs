//! Resolutions and their targets: created, edited, imported from a file, cascaded to
//! lower units (allocation), and their reporting schedule. Every change here is a change
//! of structure: the engine is rebuilt from the store through the change log.

use std::collections::BTreeMap;

use domain::access::Action;
use domain::allocation::check_allocation;
use domain::{Bands, Bound, Decimal, DocumentId, OrgId, Period, Rollup, Target, TargetId};
use vn::period::Grain;

use crate::{Caller, Ctx, Error, Result};

/// Whether the caller manages `org`'s resolutions and targets.
pub fn may_manage(ctx: &Ctx, caller: &Caller, org: OrgId) -> Result<()> {
    caller.require(&ctx.engine(), Action::ManageTargets, org)
}

/// A resolution document's target, after checking the caller manages its unit.
fn managed_target(ctx: &Ctx, caller: &Caller, id: TargetId) -> Result<(Target, domain::Document)> {
    let engine = ctx.engine();
    let t = engine.target(id).cloned().ok_or(Error::NotFound("chỉ tiêu"))?;
    caller.require(&engine, Action::ManageTargets, t.org)?;
    let doc = engine.document(t.document).cloned().ok_or(Error::NotFound("nghị quyết"))?;
    Ok((t, doc))
}

/// A resolution, after checking the caller manages its unit.
pub fn managed_document(ctx: &Ctx, caller: &Caller, id: DocumentId) -> Result<domain::Document> {
    let engine = ctx.engine();
    let d = engine.document(id).cloned().ok_or(Error::NotFound("nghị quyết"))?;
    caller.require(&engine, Action::ManageTargets, d.org)?;
    Ok(d)
}

/// Targets of the higher units' resolutions for the same term, which a target of `doc`
/// may be linked to (liên thông): (target, "code. name — unit").
pub fn parent_choices(engine: &engine::Engine, doc: &domain::Document) -> Vec<(TargetId, String)> {
    let lineage = engine.tree.lineage(doc.org);
    lineage[..lineage.len().saturating_sub(1)]
        .iter()
        .flat_map(|o| engine.resolutions_of(*o))
        .filter(|d| d.term == doc.term)
        .flat_map(|d| engine.targets_of(d.id))
        .map(|t| {
            let org = engine.tree.get(t.org).map(|n| n.org.name.clone()).unwrap_or_default();
            (t.id, format!("{}. {} — {org}", t.code, t.name))
        })
        .collect()
}

fn check_parent(ctx: &Ctx, doc: &domain::Document, t: &Target) -> Result<()> {
    let allowed = t.parent.is_none_or(|p| parent_choices(&ctx.engine(), doc).iter().any(|(c, _)| *c == p));
    if allowed {
        Ok(())
    } else {
        Err(Error::field("parent", "Liên thông: chỉ liên thông với chỉ tiêu của đơn vị cấp trên."))
    }
}

/// A new resolution of a unit.
pub struct NewResolution {
    pub org: OrgId,
    pub number: Option<vn::DocumentNumber>,
    pub title: String,
    pub term: (i32, i32),
    pub grain: Grain,
    pub bands: Bands,
}

pub async fn create_resolution(ctx: &Ctx, caller: &Caller, r: NewResolution) -> Result<DocumentId> {
    may_manage(ctx, caller, r.org)?;
    let mut tx = ctx.store.begin().await?;
    let new = store::NewDocument {
        org: r.org,
        doc_type: engine::RESOLUTION,
        number: r.number,
        title: &r.title,
        issued_on: None,
        term: r.term,
        grain: r.grain,
        bands: r.bands,
    };
    let doc = tx.insert_document(&caller.actor(), new).await?;
    tx.commit().await?;
    ctx.sync().await?;
    Ok(doc)
}

/// Adds a target to its resolution (`target.document`), last in order when it has no code.
pub async fn add(ctx: &Ctx, caller: &Caller, mut target: Target) -> Result<TargetId> {
    let doc = managed_document(ctx, caller, target.document)?;
    check_parent(ctx, &doc, &target)?;
    if target.code.is_empty() {
        target.code = target.position.to_string();
    }
    let mut tx = ctx.store.begin().await?;
    let id = tx.insert_target(&caller.actor(), &target).await?;
    tx.commit().await?;
    ctx.sync().await?;
    Ok(id)
}

/// Saves a target's edit (`after.id` names it); a change of its link reshapes the cascade.
pub async fn edit(ctx: &Ctx, caller: &Caller, mut after: Target) -> Result<DocumentId> {
    let (before, doc) = managed_target(ctx, caller, after.id)?;
    check_parent(ctx, &doc, &after)?;
    if after.code.is_empty() {
        after.code = before.code.clone();
    }
    let mut tx = ctx.store.begin().await?;
    tx.update_target(&caller.actor(), &before, &after).await?;
    tx.commit().await?;
    ctx.sync().await?;
    Ok(doc.id)
}

/// Adds the file's new targets and updates those whose code exists; answers
/// (added, changed).
pub async fn import(ctx: &Ctx, caller: &Caller, doc: DocumentId, targets: Vec<Target>) -> Result<(usize, usize)> {
    managed_document(ctx, caller, doc)?;
    let existing: Vec<Target> = ctx.engine().targets_of(doc).cloned().collect();
    let actor = caller.actor();
    let mut tx = ctx.store.begin().await?;
    let (mut added, mut changed) = (0, 0);
    for mut t in targets {
        match existing.iter().find(|x| x.code == t.code) {
            Some(old) => {
                t.id = old.id;
                t.position = old.position;
                t.parent = old.parent;
                t.responsible = old.responsible;
                if let Rollup::WeightedAverage(w) = old.rollup {
                    t.rollup = Rollup::WeightedAverage(w);
                }
                if t != *old {
                    tx.update_target(&actor, old, &t).await?;
                    changed += 1;
                }
            }
            None => {
                tx.insert_target(&actor, &t).await?;
                added += 1;
            }
        }
    }
    tx.commit().await?;
    ctx.sync().await?;
    Ok((added, changed))
}

/// Sets when a resolution's figures are cut off and its reports fall due.
pub async fn set_schedule(ctx: &Ctx, caller: &Caller, doc: DocumentId, s: domain::reporting::Schedule) -> Result<()> {
    managed_document(ctx, caller, doc)?;
    Ok(ctx.store.put_schedule(&caller.actor(), doc, s).await?)
}

/// The bound a lower unit gets for its share of a target.
pub fn share_bound(whole: Bound, v: Decimal) -> Bound {
    match whole {
        Bound::AtLeast { strict, .. } => Bound::AtLeast { value: v, strict },
        Bound::AtMost { strict, .. } => Bound::AtMost { value: v, strict },
        Bound::About(_) => Bound::About(v),
        Bound::YesNo => Bound::YesNo,
        Bound::Exact(_) | Bound::Range { .. } => Bound::Exact(v),
    }
}

/// Gives each named lower unit its share of `parent` (a new cascaded target, or a new
/// bound for the one it has), after checking the shares add up; answers how many.
pub async fn allocate(ctx: &Ctx, caller: &Caller, parent: TargetId, shares: &[(OrgId, Decimal)]) -> Result<usize> {
    let (parent, doc) = managed_target(ctx, caller, parent)?;
    let values: Vec<Decimal> = shares.iter().map(|s| s.1).collect();
    check_allocation(parent.rollup, parent.direction, parent.term_bound, &values).map_err(Error::Refused)?;
    let Period::Term { start, end } = doc.term else {
        return Err(Error::Refused("Nhiệm kỳ không hợp lệ.".into()));
    };
    // What each child already has: its resolution for the term, and its share if any.
    let (plan, owner_name) = {
        let engine = ctx.engine();
        let node = engine.tree.get(parent.org).ok_or(Error::NotFound("tổ chức"))?;
        let mut plan = Vec::new();
        for (org, v) in shares {
            if !node.children.iter().any(|&c| engine.tree.nodes[c].org.id == *org) {
                return Err(Error::field(org.0.to_string(), "chỉ giao cho đơn vị trực thuộc"));
            }
            let child_doc = engine.resolution_for(*org, doc.term).map(|d| d.id);
            let existing = child_doc
                .into_iter()
                .flat_map(|d| engine.targets_of(d))
                .find(|x| x.parent == Some(parent.id))
                .map(|x| (x.id, x.term_bound));
            plan.push((*org, *v, child_doc, existing));
        }
        (plan, node.org.name.clone())
    };
    let actor = caller.actor();
    let mut tx = ctx.store.begin().await?;
    for (org, v, child_doc, existing) in &plan {
        let bound = share_bound(parent.term_bound, *v);
        match existing {
            Some((child, before)) => tx.update_target_bound(&actor, *child, *before, bound).await?,
            None => {
                let doc_id = match child_doc {
                    Some(d) => *d,
                    None => {
                        let title = format!("Chỉ tiêu {owner_name} giao, nhiệm kỳ {start}–{end}");
                        let new = store::NewDocument {
                            org: *org,
                            doc_type: engine::RESOLUTION,
                            number: None,
                            title: &title,
                            issued_on: None,
                            term: (start, end),
                            grain: doc.grain,
                            bands: doc.bands.clone(),
                        };
                        tx.insert_document(&actor, new).await?
                    }
                };
                let child = Target {
                    id: TargetId(0),
                    document: doc_id,
                    org: *org,
                    term_bound: bound,
                    yearly: BTreeMap::new(),
                    responsible: Some(*org),
                    parent: Some(parent.id),
                    position: 1000 + parent.position,
                    rollup: if parent.rollup == Rollup::CountMeeting { Rollup::Sum } else { parent.rollup },
                    ..parent.clone()
                };
                tx.insert_target(&actor, &child).await?;
            }
        }
    }
    tx.commit().await?;
    ctx.sync().await?;
    Ok(plan.len())
}
