//! Allocation (giao chỉ tiêu) in the browser: a target handed down to the lower units,
//! with a check that the shares can make up the whole by the target's roll-up rule.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::access::Action;
use domain::{Decimal, OrgId, TargetId};

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

pub async fn allocate_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Html<String>, AppError> {
    let again = |error: String| -> Result<Html<String>, AppError> {
        Ok(Html(allocate_page(&state, &user, id, &form, error, String::new())?.render()?))
    };
    // Read the shares; the use case checks them against the whole and writes them.
    let shares = {
        let engine = state.engine();
        let t = engine.target(TargetId(id)).ok_or(AppError::NotFound("chỉ tiêu"))?;
        user.require(&engine, Action::ManageTargets, t.org)?;
        let node = engine.tree.get(t.org).ok_or(AppError::NotFound("tổ chức"))?;
        let mut shares = Vec::new();
        let mut errors = Vec::new();
        for &c in &node.children {
            let org = &engine.tree.nodes[c].org;
            let raw = field(&form, &format!("v{}", org.id.0));
            if raw.is_empty() {
                continue;
            }
            match Decimal::parse_vn(&vn::nfc(raw)) {
                Ok(v) => shares.push((org.id, v)),
                Err(e) => errors.push(format!("{}: {e}", org.name)),
            }
        }
        if !errors.is_empty() {
            drop(engine);
            return again(errors.join(" "));
        }
        shares
    };
    match crate::pages::refused(usecase::targets::allocate(&state.ctx, &user, TargetId(id), &shares).await)? {
        Ok(n) => {
            let notice = format!("Đã giao chỉ tiêu cho {n} đơn vị.");
            Ok(Html(allocate_page(&state, &user, id, &Vec::new(), String::new(), notice)?.render()?))
        }
        Err(why) => again(why),
    }
}
