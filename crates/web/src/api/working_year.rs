//! The working year over the API: a unit's tasks with their status by the Government's
//! convention, its counted work for a period, and — for inspectors and leaders — its
//! inspection cases and the counts derived from them.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::Datelike;
use domain::inspections::InspectionCounts;
use domain::tasks::TaskCounts;
use domain::{OrgId, Period};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiUser, Problem};
use crate::AppState;

type ApiResult = Result<Json<Value>, Problem>;

#[derive(Deserialize)]
pub struct TaskQuery {
    period: Option<String>,
}

fn optional_period(raw: Option<&str>) -> Result<Option<Period>, Problem> {
    crate::pages::optional_period(raw).map_err(|e| Problem::bad_request(format!("period: {e}")))
}

/// Tasks the unit gave or was given, optionally those due within a period.
pub async fn tasks(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TaskQuery>,
) -> ApiResult {
    let org = OrgId(id);
    let period = optional_period(q.period.as_deref())?;
    let rows = usecase::tasks::list(&state.ctx, &user, org, period).await?.tasks;
    let statuses: Vec<_> = rows.iter().map(|(_, s)| *s).collect();
    let list: Vec<Value> = rows
        .iter()
        .map(|(t, s)| {
            json!({
                "id": t.id, "body": t.body, "given_by": t.org.0, "assignee": t.assignee,
                "assignee_org": t.assignee_org.map(|o| o.0), "coordinating": t.coordinating, "expected": t.expected,
                "due_on": t.due_on.map(|d| d.to_string()), "done_on": t.done_on.map(|d| d.to_string()),
                "status_label": s.label(), "meeting": t.meeting, "forwarded_from": t.parent,
            })
        })
        .collect();
    let counts = TaskCounts::of(statuses);
    Ok(Json(json!({
        "org": id, "period": period.map(|p| p.code()), "sentence": counts.sentence(),
        "counts": {"total": counts.total, "done_on_time": counts.done_on_time, "done_late": counts.done_late,
                   "in_progress": counts.in_progress, "overdue": counts.overdue},
        "tasks": list,
    })))
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// The unit's inspection cases of a year and the counts derived from them.
pub async fn inspections(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> ApiResult {
    let org = OrgId(id);
    let year = q.year.ok_or_else(|| Problem::bad_request("Thiếu tham số year (ví dụ year=2020)."))?;
    if !(1945..=2200).contains(&year) {
        return Err(Problem::bad_request("year: cần một năm từ 1945 đến 2200."));
    }
    let (from, to) = (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31));
    let (Some(from), Some(to)) = (from, to) else { return Err(Problem::bad_request("year: năm không hợp lệ.")) };
    let cases = usecase::inspections::cases(&state.ctx, &user, org, Some((from, to))).await?;
    let counts = InspectionCounts::of(cases.iter().map(|c| (c.action, c.mode, c.subject, c.discipline)));
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "id": c.id, "action": c.action.code(), "mode": c.mode.code(), "subject": c.subject.code(),
                "subject_org": c.subject_org.map(|o| o.0), "member_name": c.member_name, "decision": c.decision,
                "started_on": c.started_on.to_string(), "year": c.started_on.year(), "conclusion": c.conclusion,
                "discipline": c.discipline.map(|d| d.code()),
            })
        })
        .collect();
    Ok(Json(json!({"org": id, "year": year, "sentence": counts.sentence(), "cases": list})))
}

/// The subtree's counted work within a period, one line per kind.
pub async fn work(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<TaskQuery>,
) -> ApiResult {
    let org = OrgId(id);
    let period = optional_period(q.period.as_deref())?
        .ok_or_else(|| Problem::bad_request("Thiếu tham số period (ví dụ period=2020-9M)."))?;
    let years = (period.first_day().year(), period.last_day().year());
    let entries = usecase::work::of_subtree(&state.ctx, &user, org, Some(years)).await?;
    let lines = usecase::work::totals(&state.engine(), &entries, org, period);
    Ok(Json(json!({"org": id, "period": period.code(), "lines": lines})))
}
