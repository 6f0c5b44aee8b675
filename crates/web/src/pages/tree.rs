//! The organisation tree and one organisation's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::OrgId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::lineage::DayQuery;
use crate::pages::{Crumb, crumbs};

/// Restructurings listed under the tree, the latest first.
const MAX_CHANGES: usize = 30;
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
    /// The day whose structure is shown, as typed back into the date box.
    day: String,
    notice: String,
    /// Restructurings up to that day, newest first, that touched a unit the user sees.
    changes: Vec<String>,
    may_restructure: bool,
}

pub async fn tree_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, AppError> {
    let kinds = usecase::search::org_kinds(&state.ctx).await?;
    let (day, notice) = q.day(state.ctx.clock.today());
    // Every unit's report, those of other dates included: the dated tree is built once, below.
    let all: Vec<OrgId> = state.engine().tree.nodes.iter().map(|n| n.org.id).collect();
    let reports = usecase::home::current_reports(&state.ctx, &user, &all).await?;
    let (mut rows, changes, may_restructure) = {
        let engine = state.engine();
        let tree = engine.tree_at(day);
        let kind_label =
            |code: &str| kinds.iter().find(|k| k.code == code).map(|k| k.label.clone()).unwrap_or_default();
        let mut rows = Vec::new();
        let mut i = 0;
        let nodes = &tree.nodes;
        let restructured = !engine.history.events().is_empty();
        while i < nodes.len() {
            let n = &nodes[i];
            if user.may(&engine, Action::View, n.org.id) {
                let base = n.depth;
                let mut k = i;
                while k < n.end {
                    let m = &nodes[k];
                    // A unit that moved away since is reached through its place now.
                    if k > i && restructured && !user.may(&engine, Action::View, m.org.id) {
                        k = m.end;
                        continue;
                    }
                    k += 1;
                    let report =
                        reports.get(&m.org.id).map(|(p, s)| (p.label(), s.label(), crate::fmt::report_class(*s)));
                    rows.push(TreeRow {
                        id: m.org.id.0,
                        name: m.org.name.clone(),
                        kind: kind_label(&m.org.kind),
                        depth: m.depth - base,
                        has_resolution: !engine.resolutions_of(m.org.id).is_empty(),
                        has_children: false,
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
        let changes = engine
            .history
            .events()
            .iter()
            .rev()
            .filter(|e| e.on <= day && user.may(&engine, Action::View, e.org))
            .take(MAX_CHANGES)
            .map(|e| usecase::lineage::describe(&engine, e))
            .collect();
        let may_restructure = engine.tree.nodes.iter().any(|n| user.may(&engine, Action::Restructure, n.org.id));
        (rows, changes, may_restructure)
    };
    // A row with a deeper row next has units below it; a leaf closes the nested list of
    // every level between it and the next row.
    for k in 0..rows.len() {
        let next = rows.get(k + 1).map_or(0, |r| r.depth);
        rows[k].has_children = next > rows[k].depth;
        rows[k].closes = if rows[k].has_children { 0 } else { rows[k].depth.saturating_sub(next) };
    }
    let day = vn::date::format_date(day);
    let page = TreePage { user_name: user.user.display_name.clone(), rows, day, notice, changes, may_restructure };
    Ok(Html(page.render()?))
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
    /// Its code (mã đơn vị), where it has one.
    code: String,
    resolutions: Vec<ResolutionLink>,
    children: Vec<ChildLink>,
    may_enter: bool,
    may_manage: bool,
    may_inspect: bool,
    /// "Đã sáp nhập vào … từ ngày …" for a unit no longer in force.
    ended: String,
    /// Whether the unit has earlier names, predecessors or successors to show.
    has_lineage: bool,
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
            code: node.org.code.clone().unwrap_or_default(),
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
            ended: ended_note(&engine, org),
            has_lineage: engine.history.versions_of(org).len() > 1
                || !engine.history.predecessors(org).is_empty()
                || engine.history.ended(org).is_some(),
        }
    };
    Ok(Html(page.render()?))
}

/// What became of a unit no longer in force, naming its successors.
fn ended_note(engine: &engine::Engine, org: OrgId) -> String {
    let Some(end) = engine.history.ended(org) else { return String::new() };
    let heirs: Vec<String> = engine
        .history
        .events()
        .iter()
        .filter(|e| e.org == org && e.on == end)
        .filter_map(|e| {
            let into = &engine.tree.get(e.into?)?.org.name;
            Some(match e.share {
                Some(s) => format!("chia tách {}% sang {into}", vn::number::format_f64(s as f64 / 100.0, 2)),
                None => format!("sáp nhập vào {into}"),
            })
        })
        .collect();
    let what = if heirs.is_empty() { "thôi hoạt động".to_string() } else { heirs.join(", ") };
    format!("Đơn vị đã {what} từ ngày {}; số liệu trước đó vẫn được giữ nguyên.", vn::date::format_date(end))
}
