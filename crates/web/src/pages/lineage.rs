//! Units over time: applying a restructuring plan (`/orgs/restructure`: upload, preview,
//! apply) and a unit's history across restructurings (`/orgs/{id}/lineage`), with the
//! earlier term's figures as reported and restated.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use domain::units::Restated;
use domain::{OrgId, TargetId};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::chart::{Line, trend_svg};
use crate::pages::import::{RowError, uploaded};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "restructure.html")]
struct RestructurePage {
    user_name: String,
    errors: Vec<RowError>,
    notice: String,
    /// What each change will do, when a plan was read without mistakes.
    preview: Vec<(usize, String)>,
    /// The plan's rows as JSON, posted back to apply it.
    plan: String,
}

fn page(
    user: &CurrentUser,
    errors: Vec<RowError>,
    notice: String,
    preview: Vec<(usize, String)>,
    plan: String,
) -> Result<Html<String>, AppError> {
    let p = RestructurePage { user_name: user.user.display_name.clone(), errors, notice, preview, plan };
    Ok(Html(p.render()?))
}

pub async fn restructure_get(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    usecase::restructure::require_some(&state.ctx, &user)?;
    page(&user, Vec::new(), String::new(), Vec::new(), String::new())
}

/// A use case's mistakes as rows of the file: field "3" is row 3, the column leads the message.
fn row_errors(errors: Vec<usecase::FieldError>) -> Vec<RowError> {
    errors
        .into_iter()
        .map(|e| {
            let (column, message) = match e.message.strip_prefix("cột ").and_then(|m| m.split_once(": ")) {
                Some((c, m)) => (c.to_string(), m.to_string()),
                None => (String::new(), e.message.clone()),
            };
            RowError { line: e.field.parse().unwrap_or(0), column, message }
        })
        .collect()
}

/// Reads an uploaded plan and shows what it will do, or every mistake by row.
pub async fn restructure_post(
    State(state): State<AppState>,
    user: CurrentUser,
    mut multipart: Multipart,
) -> Result<Html<String>, AppError> {
    let Some((name, bytes)) = uploaded(&mut multipart).await? else {
        return page(
            &user,
            Vec::new(),
            "Hãy chọn tệp kế hoạch sắp xếp (CSV hoặc Excel).".into(),
            Vec::new(),
            String::new(),
        );
    };
    let rows = match sheet::read(&name, &bytes) {
        Ok(rows) => rows,
        Err(e) => return page(&user, Vec::new(), e.to_string(), Vec::new(), String::new()),
    };
    match usecase::restructure::preview(&state.ctx, &user, &rows).await {
        Ok(p) => {
            let plan =
                serde_json::to_string(&rows).map_err(|e| AppError::Case(usecase::Error::Internal(e.to_string())))?;
            let lines = p.lines.into_iter().map(|l| (l.row, l.text)).collect();
            page(&user, Vec::new(), String::new(), lines, plan)
        }
        Err(usecase::Error::Invalid(errors)) => {
            page(&user, row_errors(errors), String::new(), Vec::new(), String::new())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ApplyForm {
    plan: String,
}

/// Applies the plan the preview showed, checked again against the units as they are now.
pub async fn apply_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<ApplyForm>,
) -> Result<Response, AppError> {
    let rows: Vec<Vec<String>> = serde_json::from_str(&form.plan)
        .ok()
        .filter(|r: &Vec<Vec<String>>| r.len() <= usecase::restructure::MAX_ROWS)
        .ok_or_else(|| AppError::BadRequest("kế hoạch gửi lên không đọc được; hãy tải tệp lên lại".into()))?;
    match usecase::restructure::apply(&state.ctx, &user, &rows).await {
        Ok(founded) => {
            let notice = format!("Đã áp dụng kế hoạch sắp xếp; thành lập {} đơn vị mới.", founded.len());
            Ok(page(&user, Vec::new(), notice, Vec::new(), String::new())?.into_response())
        }
        Err(usecase::Error::Invalid(errors)) => {
            Ok(page(&user, row_errors(errors), String::new(), Vec::new(), String::new())?.into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    /// "dd/mm/yyyy": the day whose units the history is restated onto; today if absent.
    pub ngay: Option<String>,
}

impl DayQuery {
    /// The day asked for, or `today`; a day that cannot be read says so.
    pub fn day(&self, today: NaiveDate) -> (NaiveDate, String) {
        match self.ngay.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => (today, String::new()),
            Some(s) => match vn::date::parse_date(s) {
                Ok(d) => (d, String::new()),
                Err(_) => (today, format!("Ngày “{s}” không đọc được (ghi dạng 01/7/2025); đang hiện ngày hôm nay.")),
            },
        }
    }
}

/// An earlier term's target followed onto a unit: its chart and its table.
pub struct InheritedView {
    pub root: TargetId,
    pub title: String,
    pub unit: String,
    pub chart: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub continued_by: Option<i64>,
}

/// The chart (restated line bold, each earlier unit's line as reported) and the table of
/// `i` followed onto `onto` as it is on `day`.
pub fn inherited_view(i: &usecase::lineage::Inherited, onto: &str, day: NaiveDate) -> InheritedView {
    let labels: Vec<String> = i.periods.iter().map(|p| p.label()).collect();
    let restated: Vec<Option<f64>> =
        i.restated.iter().map(|r| if let Restated::Value(v) = r { Some(*v) } else { None }).collect();
    let total = format!("{onto} (quy đổi)");
    let mut lines = vec![Line { name: &total, values: &restated, class: "total" }];
    lines.extend(i.reported.iter().zip(CLASSES).map(|(s, class)| Line { name: &s.name, values: &s.values, class }));
    let title = format!("{}. {}", i.code, i.name);
    let chart = trend_svg(&title, &labels, &vec![None; labels.len()], &lines);
    let mut headers = vec!["Kỳ".to_string(), format!("Quy đổi về {onto} ({})", vn::date::format_date(day))];
    headers.extend(i.reported.iter().map(|s| format!("{} (đã báo cáo)", s.name)));
    let rows = labels
        .iter()
        .enumerate()
        .map(|(k, label)| {
            let mut row = vec![label.clone()];
            row.push(match &i.restated[k] {
                Restated::Value(v) => vn::number::format_f64(*v, 2),
                Restated::NotComparable(why) => format!("không so sánh được ({why})"),
            });
            row.extend(i.reported.iter().map(|s| shown(s.values[k])));
            row
        })
        .collect();
    InheritedView {
        root: i.root,
        title,
        unit: i.unit.clone(),
        chart,
        headers,
        rows,
        continued_by: i.continued_by.map(|t| t.0),
    }
}

#[derive(Template)]
#[template(path = "lineage.html")]
struct LineagePage {
    user_name: String,
    crumbs: Vec<Crumb>,
    id: i64,
    name: String,
    day: String,
    notice: String,
    versions: Vec<(String, String)>,
    events: Vec<String>,
    inherited: Vec<InheritedView>,
    /// The unit's own new-term targets, offered as continuing an inherited one.
    own_targets: Vec<(i64, String)>,
}

const CLASSES: [&str; 6] = ["s1", "s2", "s3", "s4", "s5", "s6"];

fn shown(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |x| vn::number::format_f64(x, 2))
}

pub async fn lineage_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<DayQuery>,
) -> Result<Html<String>, AppError> {
    let (day, notice) = q.day(state.ctx.clock.today());
    let h = usecase::lineage::of_unit(&state.ctx, &user, OrgId(id), day)?;
    let span = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
        let f = from.map_or("trước khi có dữ liệu".into(), vn::date::format_date);
        let t = to.map_or("nay".into(), vn::date::format_date);
        format!("{f} – {t}")
    };
    let versions = h
        .versions
        .iter()
        .map(|v| {
            (span(v.from, v.to), v.code.as_ref().map_or_else(|| v.name.clone(), |c| format!("{} (mã {c})", v.name)))
        })
        .collect();
    let events = h.events.clone();
    let inherited = h.inherited.iter().map(|i| inherited_view(i, &h.name, h.day)).collect();
    let crumbs = crumbs(&state.engine(), &user, OrgId(id));
    let own_targets = h.open_targets.iter().map(|(t, name)| (t.0, name.clone())).collect();
    let p = LineagePage {
        user_name: user.user.display_name.clone(),
        crumbs,
        id,
        name: h.name,
        day: vn::date::format_date(day),
        notice,
        versions,
        events,
        inherited,
        own_targets,
    };
    Ok(Html(p.render()?))
}

#[derive(Deserialize)]
pub struct LinkForm {
    target: i64,
    predecessor: i64,
}

/// Links one of the unit's new-term targets to the earlier term's target it continues.
pub async fn link_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<LinkForm>,
) -> Result<Response, AppError> {
    usecase::lineage::link(&state.ctx, &user, TargetId(form.target), TargetId(form.predecessor)).await?;
    Ok(Redirect::to(&format!("/orgs/{id}/lineage")).into_response())
}
