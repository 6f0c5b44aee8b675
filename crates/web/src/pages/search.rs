//! The search page: one box over units, documents, targets and people, limited to what
//! the user may see.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use domain::access::Action;
use engine::HitKind;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

pub struct Line {
    pub kind: &'static str,
    pub label: String,
    pub detail: String,
    pub link: String,
    pub org: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    user_name: String,
    query: String,
    lines: Vec<Line>,
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
    let lines = {
        let engine = state.engine();
        let name = |o| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
        hits.into_iter()
            .map(|h| Line {
                kind: h.kind.label(),
                link: match h.kind {
                    HitKind::Org => format!("/orgs/{}", h.id),
                    HitKind::Document => format!("/resolutions/{}", h.id),
                    HitKind::Target => format!("/orgs/{}/dashboard", h.org.0),
                    HitKind::Person if admin => "/admin/users".to_string(),
                    HitKind::Person => format!("/orgs/{}", h.org.0),
                },
                org: name(h.org),
                label: h.label,
                detail: h.detail,
            })
            .collect()
    };
    Ok(Html(SearchPage { user_name: user.user.display_name.clone(), query, lines }.render()?))
}
