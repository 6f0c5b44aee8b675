//! Units over time in the API: a restructuring plan checked or applied (the same use
//! case as the page), and a unit's history with its predecessors' series restated.

use axum::Json;
use axum::extract::{Path, Query, State};
use domain::OrgId;
use domain::units::Restated;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiUser, Problem};
use crate::AppState;

type ApiResult = Result<Json<Value>, Problem>;

/// Cells per row and characters per cell a plan may have (its rows: the use case's bound).
const MAX_CELLS: usize = 20;
const MAX_CELL_CHARS: usize = 500;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// The sheet: the header row first, then one row per change.
    rows: Vec<Vec<String>>,
    /// Apply it; otherwise only check it and say what it would do.
    #[serde(default)]
    apply: bool,
}

fn within_budget(rows: &[Vec<String>]) -> Result<(), Problem> {
    if rows.len() > usecase::restructure::MAX_ROWS {
        return Err(Problem::invalid(vec![(
            "rows".into(),
            format!("nhiều nhất {} dòng", usecase::restructure::MAX_ROWS),
        )]));
    }
    for (i, row) in rows.iter().enumerate() {
        if row.len() > MAX_CELLS {
            return Err(Problem::invalid(vec![(format!("rows.{i}"), format!("nhiều nhất {MAX_CELLS} cột"))]));
        }
        if let Some(j) = row.iter().position(|c| c.chars().count() > MAX_CELL_CHARS) {
            let message = format!("ô dài quá {MAX_CELL_CHARS} ký tự");
            return Err(Problem::invalid(vec![(format!("rows.{i}.{j}"), message)]));
        }
    }
    Ok(())
}

/// Mistakes by row: the field is "rows.N" with N counted from 0 as in the request.
fn by_row(e: usecase::Error) -> Problem {
    match e {
        usecase::Error::Invalid(errors) => Problem::invalid(
            errors
                .into_iter()
                .map(|e| {
                    let at = e.field.parse::<usize>().map_or(e.field.clone(), |line| format!("rows.{}", line - 1));
                    (at, e.message)
                })
                .collect(),
        ),
        other => Problem::from(other),
    }
}

pub async fn restructure(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<PlanBody>,
) -> ApiResult {
    within_budget(&body.rows)?;
    let rows: Vec<Vec<String>> = body.rows.iter().map(|r| r.iter().map(|c| vn::nfc(c)).collect()).collect();
    let preview = usecase::restructure::preview(&state.ctx, &user, &rows).await.map_err(by_row)?;
    let changes: Vec<Value> = preview
        .lines
        .iter()
        .map(|l| json!({"row": l.row.checked_sub(1), "kind": l.kind.code(), "text": l.text}))
        .collect();
    let founded: Vec<i64> = if body.apply {
        usecase::restructure::apply(&state.ctx, &user, &rows).await.map_err(by_row)?.into_iter().map(|o| o.0).collect()
    } else {
        Vec::new()
    };
    Ok(Json(json!({"applied": body.apply, "changes": changes, "founded": founded})))
}

#[derive(Deserialize)]
pub struct DateQuery {
    /// The day whose units the history is restated onto (YYYY-MM-DD or dd/mm/yyyy).
    date: Option<String>,
}

pub async fn lineage(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> ApiResult {
    let day = match q.date.as_deref() {
        None => state.ctx.clock.today(),
        Some(s) => vn::date::parse_date(s).map_err(|e| Problem::bad_request(format!("date: {e}")))?,
    };
    let h = usecase::lineage::of_unit(&state.ctx, &user, OrgId(id), day)?;
    let versions: Vec<Value> = h
        .versions
        .iter()
        .map(|v| {
            json!({"from": v.from.map(|d| d.to_string()), "to": v.to.map(|d| d.to_string()),
                        "name": v.name, "kind": v.kind, "parent": v.parent.map(|p| p.0)})
        })
        .collect();
    let inherited: Vec<Value> = h
        .inherited
        .iter()
        .map(|i| {
            let restated: Vec<Value> = i
                .restated
                .iter()
                .map(|r| match r {
                    Restated::Value(v) => json!({"value": v}),
                    Restated::NotComparable(why) => json!({"value": null, "not_comparable": why}),
                })
                .collect();
            json!({
                "target": i.root.0, "code": i.code, "name": i.name, "unit": i.unit,
                "periods": i.periods.iter().map(|p| p.code()).collect::<Vec<_>>(),
                "reported": i.reported.iter().map(|s| json!({"org_name": s.name, "values": s.values})).collect::<Vec<_>>(),
                "restated": restated, "continued_by": i.continued_by.map(|t| t.0),
            })
        })
        .collect();
    Ok(Json(json!({
        "id": id, "name": h.name, "date": day.to_string(), "versions": versions,
        "events": h.events, "inherited": inherited,
    })))
}
