//! "Công tác khác" at `/orgs/{id}/work`: the counted work of a unit and its subtree for a
//! period — classes and attendance, surveys, awards, campaigns, congresses — summed up the
//! tree; the unit's own entries and the form to add one; and the year's quality ratings
//! the committee gave, with the quota warning when the rule is broken.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::access::Action;
use domain::work::{Rating, RatingCounts, WorkKind, WorkTotal};
use domain::{OrgId, Period};

use crate::auth::CurrentUser;
use crate::pages::assign::{chosen_unit, subtree_units};
use crate::pages::manage::{Fields, field};
use crate::pages::paging::ListQuery;
use crate::pages::{Crumb, crumbs, optional_period, refused};
use crate::{AppError, AppState};

/// The ratings given by committees of `org`'s subtree, as a sentence ("" when none).
pub fn ratings_line(engine: &engine::Engine, ratings: &[store::RatingEntry], org: OrgId) -> String {
    let counts = RatingCounts::of(ratings.iter().filter(|r| engine.tree.within(r.org, org)).map(|r| r.level));
    if counts.total() == 0 {
        return String::new();
    }
    format!("Xếp loại chất lượng: {} được xếp loại, {}", counts.total(), counts.sentence())
}

pub struct EntryLine {
    /// When the period ends, for the order.
    ends: chrono::NaiveDate,
    code: &'static str,
    pub period: String,
    pub kind: &'static str,
    pub numbers: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "work.html")]
struct WorkPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    period_code: String,
    period_label: String,
    totals: Vec<String>,
    entries: Vec<EntryLine>,
    sort: crate::pages::sorting::Sort,
    pager: crate::pages::paging::Pager,
    kind_filter: String,
    may_enter: bool,
    may_rate: bool,
    kinds: Vec<(&'static str, &'static str)>,
    levels: Vec<(&'static str, &'static str)>,
    units: Vec<(i64, String)>,
    year: i32,
    ratings: String,
    quota: u32,
    quota_warning: String,
    form: Fields,
    errors: Vec<String>,
}

impl WorkPage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

#[derive(serde::Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
    trang: Option<String>,
    sap: Option<String>,
    loai: Option<String>,
}

/// The page with the unit's entries as the address asks: of one kind, in an order, a
/// page at a time.
async fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    period: Option<Period>,
    form: Fields,
    errors: Vec<String>,
    list: &ListQuery,
) -> Result<Html<String>, AppError> {
    let all = usecase::work::of_subtree(&state.ctx, user, org, None).await?;
    let today = state.ctx.clock.today();
    let (period, year, entries, totals, may_rate, units) = {
        let engine = state.engine();
        // Without a choice, the latest period the subtree recorded, else this year.
        let latest = all
            .iter()
            .filter(|e| engine.tree.within(e.org, org))
            .filter_map(|e| Period::from_code(&e.period).ok())
            .max_by_key(|p| p.last_day());
        let period = period.or(latest.and_then(|p| p.year()).map(|year| Period::Year { year }));
        let period = period.unwrap_or(Period::Year { year: chrono::Datelike::year(&today) });
        let year = period.year().unwrap_or(chrono::Datelike::year(&today));
        let entries: Vec<EntryLine> = all
            .iter()
            .filter(|e| e.org == org && Period::from_code(&e.period).is_ok_and(|p| period.contains(p)))
            .filter(|e| list.kind().is_none_or(|k| e.kind.code() == k))
            .map(|e| EntryLine {
                ends: Period::from_code(&e.period).map(|p| p.last_day()).unwrap_or_default(),
                code: e.kind.code(),
                period: Period::from_code(&e.period).map(|p| p.label()).unwrap_or_default(),
                kind: e.kind.label(),
                numbers: {
                    let mut t = WorkTotal::default();
                    t.add(e.count, e.of_total, e.participants, e.eligible);
                    t.sentence(e.kind)
                },
                summary: e.summary.clone().unwrap_or_default(),
            })
            .collect();
        let totals = usecase::work::totals(&engine, &all, org, period);
        let path = format!("/orgs/{}/work?period={}", org.0, period.code());
        let arranged = list.arrange(&path, "ky", entries, |k, a: &EntryLine, b| match k {
            "loai" => a.code.cmp(b.code),
            _ => a.ends.cmp(&b.ends),
        });
        let may_rate = user.may(&engine, Action::ManageTargets, org);
        let units = subtree_units(&engine, user, org);
        (period, year, arranged, totals, may_rate, units)
    };
    let (entries, sort, pager) = entries;
    let (ratings, quota) = usecase::work::ratings(&state.ctx, user, org, year).await?;
    let counts = RatingCounts::of(ratings.iter().map(|r| r.level));
    let engine = state.engine();
    let p = WorkPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org: org.0,
        org_name: engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default(),
        period_code: period.code(),
        period_label: period.label(),
        totals,
        entries,
        sort,
        pager,
        kind_filter: list.kind().unwrap_or_default().to_string(),
        may_enter: user.may(&engine, Action::EnterFigures, org),
        may_rate,
        kinds: WorkKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        levels: Rating::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        units,
        year,
        ratings: if counts.total() == 0 {
            String::new()
        } else {
            format!("{} được xếp loại: {}", counts.total(), counts.sentence())
        },
        quota,
        quota_warning: counts.quota_warning(quota).unwrap_or_default(),
        form,
        errors,
    };
    Ok(Html(p.render()?))
}

pub async fn work_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let period = optional_period(q.period.as_deref()).map_err(|e| AppError::BadRequest(format!("Kỳ báo cáo: {e}")))?;
    let list = ListQuery { trang: q.trang, sap: q.sap, loai: q.loai };
    page(&state, &user, OrgId(id), period, Vec::new(), Vec::new(), &list).await
}

/// A whole number typed the Vietnamese way ("1.250"), or the field named.
fn count(form: &Fields, name: &str, label: &str, errors: &mut Vec<String>) -> Option<i64> {
    let raw = field(form, name).trim();
    if raw.is_empty() {
        return None;
    }
    let whole = vn::Decimal::parse_vn(raw).ok().map(|d| d.to_f64()).filter(|f| f.fract() == 0.0 && f.abs() < 1e15);
    match whole.map(|f| f as i64) {
        Some(n) => Some(n),
        None => {
            errors.push(format!("{label}: “{raw}” không phải một số nguyên (ví dụ 1.250)."));
            None
        }
    }
}

/// Records an entry of the unit's own counted work.
pub async fn work_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    usecase::work::may_record(&state.ctx, &user, org)?;
    let mut errors = Vec::new();
    let kind = WorkKind::from_code(field(&form, "kind"));
    if kind.is_none() {
        errors.push("Loại công tác: chọn trong danh sách.".to_string());
    }
    let period = Period::parse(&vn::nfc(field(&form, "period")))
        .map_err(|e| errors.push(format!("Kỳ: {e} (ví dụ “quý III/2020”, “9 tháng năm 2020”).")))
        .ok();
    let n = count(&form, "count", "Số lượng", &mut errors);
    if field(&form, "count").trim().is_empty() {
        errors.push("Số lượng: chưa nhập.".to_string());
    }
    let of_total = count(&form, "of_total", "Tổng số", &mut errors);
    let participants = count(&form, "participants", "Số người tham dự", &mut errors);
    let eligible = count(&form, "eligible", "Số phải tham dự", &mut errors);
    let entry = match (kind, period, n, errors.is_empty()) {
        (Some(kind), Some(period), Some(count), true) => store::WorkEntry {
            id: 0,
            org,
            period: period.code(),
            kind,
            count,
            of_total,
            participants,
            eligible,
            summary: Some(field(&form, "summary").to_string()),
        },
        _ => return Ok(page(&state, &user, org, None, form, errors, &ListQuery::default()).await?.into_response()),
    };
    match refused(usecase::work::record(&state.ctx, &user, &entry).await)? {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{id}/work?period={}", entry.period)).into_response()),
        Err(why) => Ok(page(&state, &user, org, None, form, vec![why], &ListQuery::default()).await?.into_response()),
    }
}

/// Records a quality rating the committee gave, or changes its quota.
pub async fn rating_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    usecase::work::may_rate(&state.ctx, &user, org)?;
    let mut errors = Vec::new();
    let year = field(&form, "year").trim().parse::<i32>().ok().filter(|y| (1945..=2200).contains(y));
    if year.is_none() {
        errors.push("Năm xếp loại: nhập năm bốn chữ số, ví dụ 2020.".to_string());
    }
    if !field(&form, "quota").trim().is_empty() {
        let quota = field(&form, "quota").trim().trim_end_matches('%').parse::<u32>();
        let result = match quota {
            Ok(q) => refused(usecase::work::set_quota(&state.ctx, &user, org, q).await)?,
            Err(_) => Err("Tỷ lệ: nhập số phần trăm, ví dụ 20.".to_string()),
        };
        return match result {
            Ok(()) => Ok(Redirect::to(&format!("/orgs/{id}/work")).into_response()),
            Err(why) => {
                Ok(page(&state, &user, org, None, form, vec![why], &ListQuery::default()).await?.into_response())
            }
        };
    }
    let subject = {
        let engine = state.engine();
        chosen_unit(&engine, &user, org, field(&form, "subject_org"), "Đơn vị được xếp loại")
            .map_err(|e| errors.push(e))
            .ok()
    };
    let level = Rating::from_code(field(&form, "level"));
    let score = match field(&form, "score").trim() {
        "" => None,
        raw => raw.parse::<i32>().map_err(|_| errors.push(format!("Điểm: “{raw}” không phải số từ 0 đến 100."))).ok(),
    };
    let level = level.or_else(|| score.map(|s| Rating::of_score(s.clamp(0, 100) as u8)));
    if level.is_none() {
        errors.push("Mức xếp loại: chọn một mức, hoặc nhập điểm.".to_string());
    }
    let rating = match (year, subject, level, errors.is_empty()) {
        (Some(year), Some(subject_org), Some(level), true) => store::RatingEntry {
            id: 0,
            org,
            year,
            subject_org,
            member_name: Some(field(&form, "member_name").to_string()),
            level,
            score,
        },
        _ => return Ok(page(&state, &user, org, None, form, errors, &ListQuery::default()).await?.into_response()),
    };
    match refused(usecase::work::rate(&state.ctx, &user, &rating).await)? {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{id}/work?period={}", rating.year)).into_response()),
        Err(why) => Ok(page(&state, &user, org, None, form, vec![why], &ListQuery::default()).await?.into_response()),
    }
}
