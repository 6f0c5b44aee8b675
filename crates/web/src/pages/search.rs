//! The search page: one box over units, documents, targets, people, meetings and tasks,
//! limited to what the user may see; results grouped by kind, each with its unit, and
//! the query kept in the box.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use domain::access::Action;
use engine::HitKind;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

pub struct Line {
    pub label: String,
    pub detail: String,
    pub link: String,
    pub org: String,
}

/// The hits of one kind.
pub struct Group {
    pub kind: &'static str,
    pub lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    user_name: String,
    query: String,
    groups: Vec<Group>,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<SearchQuery>,
) -> Result<Html<String>, AppError> {
    let query = vn::text::clean(q.q.as_deref().unwrap_or(""));
    let hits = usecase::search::find(&state.ctx, &user, &query, 50).await?;
    let admin = user.require_anywhere(Action::ManageUsers).is_ok();
    let lines: Vec<(HitKind, Line)> = {
        let engine = state.engine();
        let name = |o| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        hits.into_iter()
            .map(|h| {
                (
                    h.kind,
                    Line {
                        link: match h.kind {
                            HitKind::Org => format!("/orgs/{}", h.id),
                            HitKind::Document => format!("/resolutions/{}", h.id),
                            HitKind::Target => format!("/orgs/{}/dashboard", h.org.0),
                            HitKind::Person if admin => "/admin/users".to_string(),
                            HitKind::Person => format!("/orgs/{}", h.org.0),
                            HitKind::Official => format!("/orgs/{}/people", h.org.0),
                            HitKind::Meeting => format!("/meetings/{}", h.id),
                            HitKind::Task => format!("/orgs/{}/tasks#task-{}", h.org.0, h.id),
                        },
                        org: name(h.org),
                        label: h.label,
                        detail: h.detail,
                    },
                )
            })
            .collect()
    };
    // Grouped by kind, the groups in the order of their best hit: the best first still.
    let mut groups: Vec<(HitKind, Group)> = Vec::new();
    for (kind, line) in lines {
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, g)) => g.lines.push(line),
            None => groups.push((kind, Group { kind: kind.label(), lines: vec![line] })),
        }
    }
    let groups = groups.into_iter().map(|(_, g)| g).collect();
    Ok(Html(SearchPage { user_name: user.user.display_name.clone(), query, groups }.render()?))
}
