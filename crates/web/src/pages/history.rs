//! The history of a target: every change of its figures with who, when, from where,
//! before and after, read from the audit log; and the explanations asked of its unit.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::TargetId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub struct Change {
    pub at: String,
    pub period: String,
    pub who: String,
    pub addr: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org_id: i64,
    code: String,
    name: String,
    unit: String,
    changes: Vec<Change>,
    explanations: Vec<crate::pages::explanations::Thread>,
    may_answer: bool,
}

/// The value of an audit record's `{"value": "…"}`, as written.
fn value_of(json: Option<&str>) -> String {
    json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .and_then(|v| v["value"].as_str().map(str::to_string))
        .unwrap_or_else(|| "—".to_string())
}

pub async fn history_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let (org, code, name, unit, may_answer) = {
        let engine = state.engine();
        let t = engine.target(TargetId(id)).ok_or(AppError::NotFound("chỉ tiêu"))?;
        user.require(&engine, Action::View, t.org)?;
        (t.org, t.code.clone(), t.name.clone(), t.unit.clone(), user.may(&engine, Action::EnterFigures, t.org))
    };
    let entries = usecase::figures::history(&state.ctx, &user, TargetId(id)).await?;
    let changes = entries
        .into_iter()
        .map(|e| Change {
            at: vn::time::format_ms(e.at),
            period: e
                .entity_id
                .split_once('/')
                .and_then(|(_, p)| domain::Period::from_code(p).ok())
                .map(|p| p.label())
                .unwrap_or_default(),
            who: e.username.unwrap_or_else(|| "hệ thống".into()),
            addr: e.addr.unwrap_or_default(),
            before: value_of(e.before.as_deref()),
            after: value_of(e.after.as_deref()),
        })
        .collect();
    let explanations = usecase::explanations::of_target(&state.ctx, &user, TargetId(id)).await?;
    let explanations = explanations.into_iter().map(crate::pages::explanations::Thread::of).collect();
    let page = {
        let engine = state.engine();
        HistoryPage {
            user_name: user.user.display_name.clone(),
            crumbs: crumbs(&engine, &user, org),
            org_id: org.0,
            code,
            name,
            unit,
            changes,
            explanations,
            may_answer,
        }
    };
    Ok(Html(page.render()?))
}
