//! API handlers: the organisations, documents and targets a caller may see, periods,
//! figures (read and write) and evaluations.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use domain::access::Action;
use domain::{Bound, Decimal, DocumentId, OrgId, Period, Target, TargetId};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use usecase::figures::{EnterFigures, Entry, Input};

use super::{ApiUser, Problem};
use crate::AppState;
use crate::pages::dashboard::PeriodQuery;

type ApiResult = Result<Json<Value>, Problem>;

fn period_json(p: Period) -> Value {
    json!({"code": p.code(), "label": p.label(), "start": p.first_day().to_string(), "end": p.last_day().to_string()})
}

fn bound_json(b: Bound) -> Value {
    let (op, low, high) = b.to_parts();
    let num = |v: Option<i64>| v.map(|x| Decimal::from_scaled(x).to_f64());
    json!({"operator": op, "low": num(low), "high": num(high), "label": b.label()})
}

fn target_json(t: &Target) -> Value {
    json!({
        "id": t.id.0, "code": t.code, "field": t.field, "name": t.name, "unit": t.unit,
        "term_target": bound_json(t.term_bound),
        "yearly": t.yearly.iter().map(|(y, b)| (y.to_string(), bound_json(*b))).collect::<BTreeMap<_, _>>(),
        "measure": t.measure.code(), "direction": t.direction.code(), "accrual": t.accrual.code(),
        "rollup": t.rollup.code(), "assess_at": t.assess_at.code(),
        "responsible_org": t.responsible.map(|o| o.0), "parent_target": t.parent.map(|p| p.0),
    })
}

fn need_period(q: &PeriodQuery) -> Result<Period, Problem> {
    let raw = q
        .period
        .as_deref()
        .ok_or_else(|| Problem::bad_request("Thiếu tham số period (ví dụ period=2020-9M hoặc “9 tháng năm 2020”)."))?;
    Period::parse(&vn::nfc(raw)).map_err(|e| Problem::bad_request(format!("period: {e}")))
}

pub async fn orgs(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult {
    let engine = state.engine();
    let list: Vec<Value> = engine
        .tree
        .nodes
        .iter()
        .filter(|n| user.may(&engine, Action::View, n.org.id))
        .map(|n| json!({"id": n.org.id.0, "parent": n.org.parent.map(|p| p.0), "name": n.org.name, "kind": n.org.kind}))
        .collect();
    Ok(Json(json!({ "orgs": list })))
}

pub async fn org(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult {
    let engine = state.engine();
    user.require(&engine, Action::View, OrgId(id))?;
    let n = engine.tree.get(OrgId(id)).ok_or_else(|| Problem::not_found("tổ chức"))?;
    let children: Vec<i64> = n.children.iter().map(|&c| engine.tree.nodes[c].org.id.0).collect();
    let resolutions: Vec<Value> = engine
        .resolutions_of(OrgId(id))
        .iter()
        .map(|d| json!({"id": d.id.0, "title": d.title, "number": d.number, "term": period_json(d.term)}))
        .collect();
    Ok(Json(json!({
        "id": id, "parent": n.org.parent.map(|p| p.0), "name": n.org.name, "kind": n.org.kind,
        "children": children, "resolutions": resolutions,
    })))
}

pub async fn document(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult {
    let engine = state.engine();
    let d = engine.document(DocumentId(id)).ok_or_else(|| Problem::not_found("văn bản"))?;
    user.require(&engine, Action::View, d.org)?;
    let targets: Vec<Value> = engine.targets_of(d.id).map(target_json).collect();
    Ok(Json(json!({
        "id": id, "org": d.org.0, "type": d.doc_type, "number": d.number, "title": d.title,
        "issued_on": d.issued_on.map(|x| x.to_string()), "term": period_json(d.term),
        "grain": d.grain.code(), "bands": d.bands.thresholds(), "targets": targets,
    })))
}

pub async fn period(ApiUser(_): ApiUser, Path(text): Path<String>) -> ApiResult {
    let p = Period::parse(&vn::nfc(&text)).map_err(|e| Problem::bad_request(e.to_string()))?;
    Ok(Json(period_json(p)))
}

pub async fn figures_get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult {
    let period = need_period(&q)?;
    let engine = state.engine();
    user.require(&engine, Action::View, OrgId(id))?;
    let (doc, rows) = engine.form(OrgId(id), period).ok_or_else(|| {
        Problem::bad_request(format!("“{}” không phải là một kỳ nhập số liệu của đơn vị.", period.label()))
    })?;
    let values: Vec<Value> = rows
        .iter()
        .map(|r| {
            let value = if r.aggregated { engine.value(r.target.id, period) } else { r.entered };
            json!({"target": r.target.id.0, "code": r.target.code, "value": value, "aggregated": r.aggregated})
        })
        .collect();
    Ok(Json(json!({"org": id, "document": doc.id.0, "period": period_json(period), "values": values})))
}

#[derive(Deserialize)]
pub struct FiguresBody {
    period: String,
    /// Target id → value: a JSON number (read exactly, never through floating point), a
    /// Vietnamese-written string ("45.799,5"), or null to clear.
    values: BTreeMap<String, Box<RawValue>>,
    /// Target id → the value the caller last read; a value changed since is not
    /// overwritten but answered as a conflict.
    #[serde(default)]
    previous: BTreeMap<String, Box<RawValue>>,
    /// Target id → a comment on the value, kept in its history; confirms an
    /// implausible value.
    #[serde(default)]
    notes: BTreeMap<String, String>,
}

/// Reads one JSON value of a figure exactly, or says what is expected.
fn input(raw: &RawValue) -> Result<Input, String> {
    let text = raw.get().trim();
    match text.as_bytes().first() {
        Some(b'n') if text == "null" => Ok(Input::Clear),
        Some(b'"') => serde_json::from_str::<String>(text).map(Input::Written).map_err(|e| e.to_string()),
        Some(b'-' | b'0'..=b'9') => Decimal::parse_plain(text).map(Input::Exact).map_err(|e| match e {
            vn::number::NumberError::TooPrecise(_) | vn::number::NumberError::TooLarge(_) => {
                format!("{e}; hệ thống lưu chính xác đến 4 chữ số thập phân")
            }
            _ => format!("“{text}”: cần số viết thường như 45799.5 (không dùng dạng mũ)"),
        }),
        _ => Err("cần một số, một chuỗi số viết kiểu Việt Nam hoặc null".to_string()),
    }
}

pub async fn figures_post(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<FiguresBody>,
) -> ApiResult {
    let period = Period::parse(&vn::nfc(&body.period)).map_err(|e| Problem::bad_request(format!("period: {e}")))?;
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (key, raw) in &body.values {
        let field = format!("values.{key}");
        let Ok(target) = key.parse::<i64>().map(TargetId) else {
            errors.push((field, "cần số định danh của chỉ tiêu".to_string()));
            continue;
        };
        let shown = body.previous.get(key).and_then(|r| input(r).ok());
        match input(raw) {
            Ok(value) => entries.push(Entry { target, value, shown, note: body.notes.get(key).cloned() }),
            Err(e) => errors.push((field, e)),
        }
    }
    for (key, note) in &body.notes {
        if !body.values.contains_key(key) {
            errors.push((format!("notes.{key}"), "không có trong values".to_string()));
        } else if note.chars().count() > 2000 {
            errors.push((format!("notes.{key}"), "ghi chú dài quá 2.000 ký tự".to_string()));
        }
    }
    for (key, raw) in &body.previous {
        let known = body.values.contains_key(key);
        if let Err(e) = input(raw).and_then(|_| if known { Ok(()) } else { Err("không có trong values".into()) }) {
            errors.push((format!("previous.{key}"), e));
        }
    }
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let cmd = EnterFigures { org: OrgId(id), period, entries };
    let done = usecase::figures::enter(&state.ctx, &user, cmd).await.map_err(|e| match e {
        usecase::Error::Invalid(errors) => {
            let at = |f: String| if f == "period" { f } else { format!("values.{f}") };
            Problem::invalid(errors.into_iter().map(|e| (at(e.field), e.message)).collect())
        }
        other => Problem::from(other),
    })?;
    Ok(Json(json!({"changed": done.changed.len()})))
}

pub async fn evaluations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult {
    let period = need_period(&q)?;
    let engine = state.engine();
    user.require(&engine, Action::View, OrgId(id))?;
    let d = engine.dashboard(OrgId(id), period).ok_or_else(|| Problem::not_found("tổ chức"))?;
    let bands = d.resolution.map(|r| r.bands.clone()).unwrap_or_default();
    let targets: Vec<Value> = d
        .rows
        .iter()
        .map(|r| {
            let e = &r.evaluation;
            json!({
                "target": r.target.id.0, "code": r.target.code, "name": r.target.name, "unit": r.target.unit,
                "plan": bound_json(e.plan), "actual": e.actual, "ratio": e.ratio,
                "status": e.status.code(), "status_label": e.status.label(), "band": e.band,
                "aggregated": r.aggregated, "override_reason": e.overridden,
            })
        })
        .collect();
    let s = &d.summary;
    Ok(Json(json!({
        "org": id, "period": period_json(period), "document": d.resolution.map(|r| r.id.0),
        "summary": {
            "total": s.total, "bands": s.bands, "band_labels": (0..bands.len()).map(|i| bands.label(i)).collect::<Vec<_>>(),
            "in_progress": s.in_progress, "exceeded": s.exceeded, "met": s.met, "on_track": s.on_track,
            "behind": s.behind, "missed": s.missed,
            "sentence": if d.resolution.is_some() { s.sentence(&bands) } else { String::new() },
        },
        "targets": targets,
    })))
}
