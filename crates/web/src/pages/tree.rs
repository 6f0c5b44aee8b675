//! The organisation tree and one organisation's page.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::OrgId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct TreeRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub depth: usize,
    pub has_resolution: bool,
    /// Its units below follow, nested and collapsible.
    pub has_children: bool,
    /// How many nested lists end after this row.
    pub closes: usize,
    /// The unit's report for its current period: ("quý IV/2025", "Đang nhập", class).
    pub report: Option<(String, &'static str, &'static str)>,
    /// Top-level rows and their children start open; deeper ones start closed.
    pub open: bool,
}

#[derive(Template)]
#[template(path = "tree.html")]
struct TreePage {
    user_name: String,
    rows: Vec<TreeRow>,
}

pub async fn tree_get(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let kinds = usecase::search::org_kinds(&state.ctx).await?;
    let all: Vec<OrgId> = state.engine().tree.nodes.iter().map(|n| n.org.id).collect();
    let reports = usecase::home::current_reports(&state.ctx, &user, &all).await?;
    let mut rows = {
        let engine = state.engine();
        let kind_label =
            |code: &str| kinds.iter().find(|k| k.code == code).map(|k| k.label.clone()).unwrap_or_default();
        let mut rows = Vec::new();
        let mut i = 0;
        let nodes = &engine.tree.nodes;
        while i < nodes.len() {
            let n = &nodes[i];
            if user.may(&engine, Action::View, n.org.id) {
                let base = n.depth;
                for m in &nodes[i..n.end] {
                    let report =
                        reports.get(&m.org.id).map(|(p, s)| (p.label(), s.label(), crate::fmt::report_class(*s)));
                    rows.push(TreeRow {
                        id: m.org.id.0,
                        name: m.org.name.clone(),
                        kind: kind_label(&m.org.kind),
                        depth: m.depth - base,
                        has_resolution: !engine.resolutions_of(m.org.id).is_empty(),
                        has_children: !m.children.is_empty(),
                        closes: 0,
                        report,
                        open: m.depth - base < 1,
                    });
                }
                i = n.end;
            } else {
                i += 1;
            }
        }
        rows
    };
    // A leaf closes the nested list of every level between it and the next row.
    for k in 0..rows.len() {
        let next = rows.get(k + 1).map_or(0, |r| r.depth);
        rows[k].closes = if rows[k].has_children { 0 } else { rows[k].depth.saturating_sub(next) };
    }
    Ok(Html(TreePage { user_name: user.user.display_name.clone(), rows }.render()?))
}

pub struct ResolutionLink {
    pub id: i64,
    pub title: String,
    pub number: String,
    pub term: String,
}

pub struct ChildLink {
    pub id: i64,
    pub name: String,
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    id: i64,
    name: String,
    kind: String,
    resolutions: Vec<ResolutionLink>,
    children: Vec<ChildLink>,
    may_enter: bool,
    may_manage: bool,
    may_inspect: bool,
}

pub async fn org_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let kinds = usecase::search::org_kinds(&state.ctx).await?;
    let page = {
        let engine = state.engine();
        let org = OrgId(id);
        user.require(&engine, Action::View, org)?;
        let node = engine.tree.get(org).ok_or(AppError::NotFound("tổ chức"))?;
        OrgPage {
            user_name: user.user.display_name.clone(),
            crumbs: crumbs(&engine, &user, org),
            id,
            name: node.org.name.clone(),
            kind: kinds.iter().find(|k| k.code == node.org.kind).map(|k| k.label.clone()).unwrap_or_default(),
            resolutions: engine
                .resolutions_of(org)
                .into_iter()
                .map(|d| ResolutionLink {
                    id: d.id.0,
                    title: d.title.clone(),
                    number: d.number.clone().unwrap_or_default(),
                    term: d.term.label(),
                })
                .collect(),
            children: node
                .children
                .iter()
                .map(|&c| ChildLink { id: engine.tree.nodes[c].org.id.0, name: engine.tree.nodes[c].org.name.clone() })
                .collect(),
            may_enter: user.may(&engine, Action::EnterFigures, org),
            may_manage: user.may(&engine, Action::ManageTargets, org),
            may_inspect: user.may(&engine, Action::ViewInspections, org),
        }
    };
    Ok(Html(page.render()?))
}
