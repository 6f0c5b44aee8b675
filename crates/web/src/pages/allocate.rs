//! Allocation (giao chỉ tiêu) in the browser: a target handed down to the lower units,
//! with a check that the shares can make up the whole by the target's roll-up rule.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::access::Action;
use domain::allocation::check_allocation;
use domain::{Bound, Decimal, OrgId, Period, Rollup, Target, TargetId};

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct Share {
    pub org_id: i64,
    pub org: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "allocate.html")]
struct AllocatePage {
    user_name: String,
    crumbs: Vec<Crumb>,
    target_id: i64,
    code: String,
    name: String,
    unit: String,
    whole: String,
    rollup: String,
    shares: Vec<Share>,
    error: String,
    notice: String,
}

fn allocate_page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: &Fields,
    error: String,
    notice: String,
) -> Result<AllocatePage, AppError> {
    let engine = state.engine();
    let t = engine.target(TargetId(id)).ok_or(AppError::NotFound("chỉ tiêu"))?;
    user.require(&engine, Action::ManageTargets, t.org)?;
    let node = engine.tree.get(t.org).ok_or(AppError::NotFound("tổ chức"))?;
    let existing = |org: OrgId| {
        engine
            .resolutions_of(org)
            .into_iter()
            .flat_map(|d| engine.targets_of(d.id))
            .find(|c| c.parent == Some(t.id))
            .map(|c| c.term_bound)
    };
    let shares = node
        .children
        .iter()
        .map(|&c| {
            let org = &engine.tree.nodes[c].org;
            let typed_value = typed.iter().find(|(k, _)| *k == format!("v{}", org.id.0)).map(|(_, v)| v.clone());
            let current = existing(org.id).and_then(|b| b.reference(t.direction)).map(|v| vn::number::format_f64(v, 4));
            Share { org_id: org.id.0, org: org.name.clone(), value: typed_value.or(current).unwrap_or_default() }
        })
        .collect();
    Ok(AllocatePage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, t.org),
        target_id: id,
        code: t.code.clone(),
        name: t.name.clone(),
        unit: t.unit.clone(),
        whole: t.term_bound.label(),
        rollup: t.rollup.label().to_string(),
        shares,
        error,
        notice,
    })
}

pub async fn allocate_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    Ok(Html(allocate_page(&state, &user, id, &Vec::new(), String::new(), String::new())?.render()?))
}

/// The same kind of bound as the whole, at the share's value.
fn share_bound(whole: Bound, v: Decimal) -> Bound {
    match whole {
        Bound::AtLeast { strict, .. } => Bound::AtLeast { value: v, strict },
        Bound::AtMost { strict, .. } => Bound::AtMost { value: v, strict },
        Bound::About(_) => Bound::About(v),
        Bound::YesNo => Bound::YesNo,
        Bound::Exact(_) | Bound::Range { .. } => Bound::Exact(v),
    }
}

pub async fn allocate_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Html<String>, AppError> {
    let again = |error: String| -> Result<Html<String>, AppError> {
        Ok(Html(allocate_page(&state, &user, id, &form, error, String::new())?.render()?))
    };
    // Read the shares and what each child already has.
    let (parent, doc, plan) = {
        let engine = state.engine();
        let t = engine.target(TargetId(id)).cloned().ok_or(AppError::NotFound("chỉ tiêu"))?;
        user.require(&engine, Action::ManageTargets, t.org)?;
        let doc = engine.document(t.document).cloned().ok_or(AppError::NotFound("nghị quyết"))?;
        let node = engine.tree.get(t.org).ok_or(AppError::NotFound("tổ chức"))?;
        let mut plan = Vec::new();
        let mut errors = Vec::new();
        for &c in &node.children {
            let org = &engine.tree.nodes[c].org;
            let raw = field(&form, &format!("v{}", org.id.0));
            if raw.is_empty() {
                continue;
            }
            match Decimal::parse_vn(&vn::nfc(raw)) {
                Ok(v) => {
                    let child_doc = engine.resolution_for(org.id, doc.term).map(|d| d.id);
                    let existing = child_doc
                        .into_iter()
                        .flat_map(|d| engine.targets_of(d))
                        .find(|x| x.parent == Some(t.id))
                        .map(|x| (x.id, x.term_bound));
                    plan.push((org.id, org.name.clone(), v, child_doc, existing));
                }
                Err(e) => errors.push(format!("{}: {e}", org.name)),
            }
        }
        if !errors.is_empty() {
            drop(engine);
            return again(errors.join(" "));
        }
        (t, doc, plan)
    };
    let shares: Vec<Decimal> = plan.iter().map(|p| p.2).collect();
    if let Err(why) = check_allocation(parent.rollup, parent.direction, parent.term_bound, &shares) {
        return again(why);
    }
    let actor = user.actor();
    let mut tx = state.store.begin().await?;
    let (Period::Term { start, end }, owner) = (doc.term, parent.org) else {
        return again("Nhiệm kỳ không hợp lệ.".into());
    };
    let owner_name = state.engine().tree.get(owner).map(|n| n.org.name.clone()).unwrap_or_default();
    for (org, _, v, child_doc, existing) in &plan {
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
    state.ctx.sync().await?;
    let notice = format!("Đã giao chỉ tiêu cho {} đơn vị.", plan.len());
    Ok(Html(allocate_page(&state, &user, id, &Vec::new(), String::new(), notice)?.render()?))
}
