//! A target's trend at `/targets/{id}/trend`: the plan and the values of each year of
//! the term (or each grain period, `?theo=ky`) as a chart and as a table, the unit's
//! line and its lower units' lines.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::TargetId;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::chart::{Line, trend_svg};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

/// Lower units drawn as lines at most; more would be a tangle, the table has them all.
const MAX_LINES: usize = 6;
const CLASSES: [&str; MAX_LINES] = ["s1", "s2", "s3", "s4", "s5", "s6"];

#[derive(Deserialize)]
pub struct TrendQuery {
    /// "ky" for each grain period; each year otherwise.
    pub theo: Option<String>,
}

#[derive(Template)]
#[template(path = "trend.html")]
struct TrendPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    id: i64,
    title: String,
    org_name: String,
    unit: String,
    by_grain: bool,
    chart: String,
    /// Lower units not drawn, only tabled.
    tabled_only: bool,
    headers: Vec<String>,
    /// One row per period: its label, the plan, the unit's value, each lower unit's.
    rows: Vec<Vec<String>>,
    /// The earlier term's targets this one continues, as reported and restated.
    earlier: Vec<crate::pages::lineage::InheritedView>,
}

pub async fn trend_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<TrendQuery>,
) -> Result<Html<String>, AppError> {
    let by_grain = q.theo.as_deref() == Some("ky");
    let t = usecase::trend::of_target(&state.ctx, &user, TargetId(id), by_grain)?;
    let labels: Vec<String> = t.periods.iter().map(|p| p.label()).collect();
    let own = if t.aggregated { format!("{} (tổng hợp)", t.total.name) } else { t.total.name.clone() };
    let drawn = t.lower.len() <= MAX_LINES;
    let mut lines = vec![Line { name: &own, values: &t.total.values, class: "total" }];
    if drawn {
        lines.extend(t.lower.iter().zip(CLASSES).map(|(s, class)| Line { name: &s.name, values: &s.values, class }));
    }
    let title = format!("{}. {}", t.code, t.name);
    let chart = trend_svg(&title, &labels, &t.plan, &lines);
    let shown = |v: &Option<f64>| v.map(|x| vn::number::format_f64(x, 2)).unwrap_or_default();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut row = vec![label.clone(), shown(&t.plan[i]), shown(&t.total.values[i])];
            row.extend(t.lower.iter().map(|s| shown(&s.values[i])));
            row
        })
        .collect();
    let mut headers = vec!["Kỳ".to_string(), "Kế hoạch".to_string(), own.clone()];
    headers.extend(t.lower.iter().map(|s| s.name.clone()));
    let org = state.engine().target(TargetId(id)).map(|x| x.org).ok_or(AppError::NotFound("chỉ tiêu"))?;
    let today = state.ctx.clock.today();
    let earlier = usecase::lineage::continued(&state.ctx, &user, TargetId(id), today)?
        .iter()
        .map(|i| crate::pages::lineage::inherited_view(i, &t.org_name, today))
        .collect();
    let page = TrendPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&state.engine(), &user, org),
        id,
        title,
        org_name: t.org_name.clone(),
        unit: t.unit.clone(),
        by_grain,
        chart,
        tabled_only: !drawn,
        headers,
        rows,
        earlier,
    };
    Ok(Html(page.render()?))
}
