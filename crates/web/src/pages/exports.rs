//! Every table a page shows, as an Excel workbook: the dashboard (targets and lower
//! units' band counts), tasks, inspection cases, counted work; and the blank templates
//! offered beside each import. Each reads through the same use case as its page, so an
//! export shows exactly what the user may see.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::{OrgId, Period};
use paper::{Align, Cell, Column, Table};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::download::workbook;
use crate::pages::optional_period;
use crate::{AppError, AppState};

#[derive(Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
}

fn period_param(raw: Option<&str>) -> Result<Option<Period>, AppError> {
    optional_period(raw).map_err(|e| AppError::BadRequest(format!("Kỳ: {e}")))
}

fn org_name(state: &AppState, org: OrgId) -> String {
    state.engine().tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default()
}

/// The file name: "Bảng theo dõi - Đảng ủy xã Phú Hưng - 9 tháng năm 2020.xlsx".
fn name(parts: &[&str]) -> String {
    format!("{}.xlsx", parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" - "))
        .replace('/', "-")
}

/// The dashboard: its targets as the report prints them, and the lower units' bands.
pub async fn dashboard_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let period = crate::pages::period_report::period_of(&state, &user, org, q.period.as_deref())?;
    let report = usecase::period_report::outline(&state.ctx, &user, org, period).await?;
    let targets = crate::pages::period_report::target_table(&report);
    let children = {
        let engine = state.engine();
        let d = engine.dashboard(org, period).ok_or(AppError::NotFound("tổ chức"))?;
        let bands = &report.bands;
        let mut columns = vec![
            Column::new("Đơn vị", 50, Align::Left),
            Column::new("Số chỉ tiêu", 15, Align::Right),
            Column::new("Tỷ lệ hoàn thành", 15, Align::Right),
        ];
        columns.extend((0..bands.len()).map(|i| Column::new(&bands.label(i), 15, Align::Right)));
        columns.push(Column::new("Đang thực hiện", 15, Align::Right));
        let mut t = Table::new(&format!("Đơn vị trực thuộc {}", period.label()), columns);
        for c in &d.children {
            let s = c.summary.clone().unwrap_or_default();
            let done = s.completion().map(|(_, share)| share);
            let mut cells = vec![Cell::text(c.name), Cell::Number(s.total as f64, 0), Cell::percent(done)];
            cells.extend((0..bands.len()).map(|i| Cell::Number(s.bands.get(i).copied().unwrap_or(0) as f64, 0)));
            cells.push(Cell::Number(s.in_progress as f64, 0));
            t.push(cells);
        }
        t
    };
    let mut tables = vec![targets];
    if !children.rows.is_empty() {
        tables.push(children);
    }
    workbook(&name(&["Bảng theo dõi", &report.org_name, &period.label()]), tables).await
}

/// The unit's tasks, those due within a period when one is given.
pub async fn tasks_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let period = period_param(q.period.as_deref())?;
    let list = usecase::tasks::list(&state.ctx, &user, org, period).await?;
    let mut t = Table::new(
        "Nhiệm vụ",
        vec![
            Column::new("Nội dung", 60, Align::Left),
            Column::new("Đơn vị thực hiện", 30, Align::Left),
            Column::new("Đơn vị phối hợp", 25, Align::Left),
            Column::new("Hạn", 14, Align::Centre),
            Column::new("Ngày hoàn thành", 14, Align::Centre),
            Column::new("Trạng thái", 22, Align::Left),
        ],
    );
    for (task, status) in &list.tasks {
        t.push(vec![
            Cell::text(&task.body),
            Cell::text(task.assignee.clone().unwrap_or_default()),
            Cell::text(task.coordinating.clone().unwrap_or_default()),
            Cell::date(task.due_on),
            Cell::date(task.done_on),
            Cell::text(status.label()),
        ]);
    }
    let label = period.map(|p| p.label()).unwrap_or_default();
    workbook(&name(&["Nhiệm vụ", &org_name(&state, org), &label]), vec![t]).await
}

/// Inspection and supervision cases: inspectors and leaders only, as on the page.
pub async fn inspections_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let cases = usecase::inspections::cases(&state.ctx, &user, org, None).await?;
    let mut t = Table::new(
        "Kiểm tra, giám sát",
        vec![
            Column::new("Ngày bắt đầu", 14, Align::Centre),
            Column::new("Hoạt động", 14, Align::Left),
            Column::new("Hình thức", 20, Align::Left),
            Column::new("Đối tượng", 40, Align::Left),
            Column::new("Quyết định", 20, Align::Left),
            Column::new("Kết luận", 50, Align::Left),
            Column::new("Kỷ luật", 16, Align::Left),
        ],
    );
    {
        let engine = state.engine();
        for c in &cases {
            let subject = match (&c.member_name, c.subject_org) {
                (Some(m), _) => format!("{} {m}", c.subject.label()),
                (None, Some(o)) => engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default(),
                (None, None) => c.subject.label().to_string(),
            };
            t.push(vec![
                Cell::Date(c.started_on),
                Cell::text(c.action.label()),
                Cell::text(c.mode.label()),
                Cell::text(subject),
                Cell::text(c.decision.clone().unwrap_or_default()),
                Cell::text(c.conclusion.clone().unwrap_or_default()),
                Cell::text(c.discipline.map(|d| d.label()).unwrap_or_default()),
            ]);
        }
    }
    workbook(&name(&["Kiểm tra giám sát", &org_name(&state, org)]), vec![t]).await
}

/// Counted work of the unit's subtree, within a period when one is given.
pub async fn work_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let period = period_param(q.period.as_deref())?;
    let entries = usecase::work::of_subtree(&state.ctx, &user, org, None).await?;
    let mut t = Table::new(
        "Công tác khác",
        vec![
            Column::new("Đơn vị", 40, Align::Left),
            Column::new("Kỳ", 18, Align::Left),
            Column::new("Loại công tác", 30, Align::Left),
            Column::new("Số lượng", 12, Align::Right),
            Column::new("Trên tổng số", 12, Align::Right),
            Column::new("Số người tham gia", 14, Align::Right),
            Column::new("Số người phải tham gia", 14, Align::Right),
            Column::new("Nội dung", 50, Align::Left),
        ],
    );
    {
        let engine = state.engine();
        for e in &entries {
            let p = Period::from_code(&e.period).ok();
            if period.is_some_and(|want| !p.is_some_and(|p| want.contains(p))) {
                continue;
            }
            let some = |x: Option<i64>| Cell::number(x.map(|v| v as f64), 0);
            t.push(vec![
                Cell::text(engine.tree.get(e.org).map(|n| n.org.name.clone()).unwrap_or_default()),
                Cell::text(p.map(|p| p.label()).unwrap_or_else(|| e.period.clone())),
                Cell::text(e.kind.label()),
                Cell::Number(e.count as f64, 0),
                some(e.of_total),
                some(e.participants),
                some(e.eligible),
                Cell::text(e.summary.clone().unwrap_or_default()),
            ]);
        }
    }
    let label = period.map(|p| p.label()).unwrap_or_default();
    workbook(&name(&["Công tác khác", &org_name(&state, org), &label]), vec![t]).await
}

/// The figures import, ready to fill: a row for every target each unit the user enters
/// figures for must report in the period, with the value already entered if any.
pub async fn figures_template_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let period = period_param(q.period.as_deref())?;
    let rows = usecase::figures::template(&state.ctx, &user, org, period)?;
    let mut t = Table::new(
        "Số liệu",
        vec![
            Column::new("Đơn vị", 40, Align::Left),
            Column::new("Chỉ tiêu", 10, Align::Centre),
            Column::new("Nội dung", 60, Align::Left),
            Column::new("ĐVT", 12, Align::Centre),
            Column::new("Kỳ", 16, Align::Left),
            Column::new("Giá trị", 14, Align::Right),
            Column::new("Ghi chú", 40, Align::Left),
        ],
    );
    t.bare = true;
    for r in &rows {
        t.push(vec![
            Cell::text(&r.org_name),
            Cell::text(&r.code),
            Cell::text(&r.name),
            Cell::text(&r.unit),
            Cell::text(r.period.label()),
            Cell::text(r.value.clone()),
            Cell::Empty,
        ]);
    }
    let label = rows.first().map(|r| r.period.label()).unwrap_or_default();
    workbook(&name(&["Mẫu nhập số liệu", &org_name(&state, org), &label]), vec![t]).await
}

/// The targets import: its headings and one example row, for anyone signed in.
pub async fn targets_template_get(_signed_in: CurrentUser) -> Result<Response, AppError> {
    let headings = crate::pages::import_targets::headings();
    let mut t = Table::new("Chỉ tiêu", headings.iter().map(|h| Column::new(h, 20, Align::Left)).collect());
    t.bare = true;
    t.push(crate::pages::import_targets::example().into_iter().map(Cell::text).collect());
    workbook("Mẫu nhập chỉ tiêu.xlsx", vec![t]).await
}

/// A restructuring plan to fill: the headings and example rows.
pub async fn restructure_template_get(_signed_in: CurrentUser) -> Result<Response, AppError> {
    let headings = domain::restructuring::headings();
    let mut t = Table::new("Kế hoạch sắp xếp", headings.iter().map(|h| Column::new(h, 20, Align::Left)).collect());
    t.bare = true;
    for row in domain::restructuring::example() {
        t.push(row.into_iter().map(Cell::text).collect());
    }
    workbook("Mẫu kế hoạch sắp xếp.xlsx", vec![t]).await
}
