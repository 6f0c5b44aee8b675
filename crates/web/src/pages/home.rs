//! "Trang làm việc": where a user lands after signing in. One card per unit of their
//! roles, saying what the current period asks: the report and the figures still
//! missing, the lower units that have or have not sent theirs, the year's evaluation
//! and the targets off track, the tasks due and overdue, the explanations asked.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::auth::CurrentUser;
use crate::error::capitalised;
use crate::{AppError, AppState, fmt};

pub struct Card {
    pub org: i64,
    pub name: String,
    pub role: &'static str,
    pub report: Option<ReportLine>,
    /// The year's view: (period code, label, targets off track, sentence, lowest band).
    pub year: Option<(String, String, usize, String, usize)>,
    pub tasks_overdue: usize,
    pub tasks_due_soon: usize,
    pub explanations: usize,
    pub lower: Vec<LowerLine>,
    /// An inspecting body's latest year against its plan.
    pub inspections: Option<usecase::home::InspectionYear>,
    /// "2/3 đơn vị đã gửi, 1 trễ hạn".
    pub lower_summary: String,
}

pub struct ReportLine {
    pub period_code: String,
    pub period_label: String,
    pub status: &'static str,
    pub due: String,
    pub late: bool,
    pub filled: usize,
    pub total: usize,
    pub missing: usize,
    pub editable: bool,
}

pub struct LowerLine {
    pub org: i64,
    pub name: String,
    pub period_code: String,
    pub period_label: String,
    pub status: &'static str,
    pub class: &'static str,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    user_name: String,
    cards: Vec<Card>,
}

pub async fn home_get(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let units = usecase::home::gather(&state.ctx, &user).await?;
    let cards = units
        .into_iter()
        .map(|u| {
            let sent = u.lower.iter().filter(|l| !l.status.editable()).count();
            let late = u.lower.iter().filter(|l| l.late).count();
            let lower_summary = match (u.lower.len(), late) {
                (0, _) => String::new(),
                (n, 0) => format!("{sent}/{n} đơn vị đã gửi báo cáo"),
                (n, late) => format!("{sent}/{n} đơn vị đã gửi báo cáo, {late} trễ hạn"),
            };
            Card {
                org: u.org.0,
                name: u.name,
                role: u.role.label(),
                report: u.report.map(|r| ReportLine {
                    period_code: r.period.code(),
                    period_label: r.period.label(),
                    status: r.status.label(),
                    due: vn::format_date(r.due),
                    late: r.late,
                    filled: r.filled,
                    total: r.total,
                    missing: r.total - r.filled,
                    editable: r.status.editable(),
                }),
                year: u
                    .year
                    .map(|y| (y.period.code(), capitalised(&y.period.label()), y.off_track, y.sentence, y.lowest_band)),
                tasks_overdue: u.tasks_overdue,
                tasks_due_soon: u.tasks_due_soon,
                explanations: u.explanations,
                lower: u
                    .lower
                    .into_iter()
                    .map(|l| LowerLine {
                        org: l.org.0,
                        name: l.name,
                        period_code: l.period.code(),
                        period_label: l.period.label(),
                        status: l.status.label(),
                        class: if l.late && l.status.editable() { "bad" } else { fmt::report_class(l.status) },
                    })
                    .collect(),
                lower_summary,
                inspections: u.inspections,
            }
        })
        .collect();
    Ok(Html(HomePage { user_name: user.user.display_name.clone(), cards }.render()?))
}
