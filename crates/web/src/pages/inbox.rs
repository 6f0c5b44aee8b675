//! "Việc cần làm": what is due, overdue or returned for the units the user reports
//! for, the reports awaiting the user's review, the tasks the user's units gave or were
//! given that are overdue or due within a week, and the explanations asked of them.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use chrono::NaiveDate;
use domain::access::Action;
use domain::reporting::ReportStatus;
use domain::{OrgId, Period};

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

pub struct Item {
    pub kind: &'static str,
    pub class: &'static str,
    pub org: String,
    pub what: String,
    pub date: String,
    pub link: String,
    sort: NaiveDate,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    user_name: String,
    items: Vec<Item>,
    /// The latest reminders the job left for the user: (text, link, when).
    notices: Vec<(String, String, String)>,
}

/// How many of the latest periods a unit is reminded of.
const RECENT_PERIODS: usize = 2;

pub async fn inbox_get(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let (items, notices) = items(&state, &user).await?;
    Ok(Html(InboxPage { user_name: user.user.display_name.clone(), items, notices }.render()?))
}

/// How many things wait for the user: the count beside "Việc cần làm" on every page.
pub async fn count_get(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<axum::Json<serde_json::Value>, AppError> {
    let (items, _) = items(&state, &user).await?;
    Ok(axum::Json(serde_json::json!({ "count": items.len() })))
}

/// What waits for the user, the most pressing first, and the latest reminders.
async fn items(state: &AppState, user: &CurrentUser) -> Result<(Vec<Item>, Vec<(String, String, String)>), AppError> {
    let usecase::inbox::Inbox { reports, own, tasks, explanations, notices } =
        usecase::inbox::gather(&state.ctx, user).await?;
    let today = state.ctx.clock.today();
    let notices = notices.into_iter().map(|n| (n.text, n.link, vn::time::format_ms(n.created_at))).collect();
    let engine = state.engine();
    let name = |o: OrgId| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
    let mut items = Vec::new();
    // Explanations asked of the user's units and not yet given.
    for e in explanations {
        let Some(t) = engine.target(e.target).filter(|t| user.may(&engine, Action::EnterFigures, t.org)) else {
            continue;
        };
        let asked = day(e.asked_at);
        let due = e.due_on.unwrap_or(asked);
        items.push(Item {
            kind: "Giải trình",
            class: if e.due_on.is_some_and(|d| d < today) { "bad" } else { "warn" },
            org: name(t.org),
            what: format!("Giải trình chỉ tiêu {}. {}: {}", t.code, t.name, e.question),
            date: e.due_on.map_or_else(
                || format!("yêu cầu {}", vn::format_date(asked)),
                |d| format!("hạn {}", vn::format_date(d)),
            ),
            link: format!("/targets/{}/history#explanation-{}", t.id.0, e.id),
            sort: due,
        });
    }
    for (org, doc, schedule) in &own {
        let due_periods: Vec<Period> = doc
            .term
            .split(doc.grain)
            .into_iter()
            .filter(|p| schedule.cutoff(*p) <= today + chrono::Duration::days(15))
            .collect();
        for p in due_periods.iter().rev().take(RECENT_PERIODS) {
            let report = reports.iter().find(|r| r.org == *org && r.document == doc.id && r.period == p.code());
            let status = report.map_or(ReportStatus::Draft, |r| r.status);
            if status != ReportStatus::Draft {
                continue;
            }
            let due = schedule.due(*p);
            let overdue = due < today;
            items.push(Item {
                kind: if overdue { "Quá hạn" } else { "Đến hạn" },
                class: if overdue { "bad" } else { "warn" },
                org: name(*org),
                what: format!("Gửi báo cáo {}", p.label()),
                date: format!("hạn {}", vn::format_date(due)),
                link: format!("/orgs/{}/figures?period={}", org.0, p.code()),
                sort: due,
            });
        }
    }
    for r in &reports {
        let Ok(period) = Period::from_code(&r.period) else {
            continue;
        };
        let reviewed = r.reviewed_at.map(day).unwrap_or(today);
        if r.status == ReportStatus::Returned && own.iter().any(|(o, d, _)| *o == r.org && d.id == r.document) {
            items.push(Item {
                kind: "Bị trả lại",
                class: "bad",
                org: name(r.org),
                what: format!("Sửa và gửi lại báo cáo {}: {}", period.label(), r.reason.clone().unwrap_or_default()),
                date: format!("trả lại {}", vn::format_date(reviewed)),
                link: format!("/orgs/{}/figures?period={}", r.org.0, r.period),
                sort: reviewed,
            });
        }
        if r.status == ReportStatus::Submitted && user.may(&engine, Action::ReviewReport, r.org) {
            let sent = r.submitted_at.map(day).unwrap_or(today);
            items.push(Item {
                kind: "Chờ duyệt",
                class: "track",
                org: name(r.org),
                what: format!("Xem xét báo cáo {}{}", period.label(), if r.late { " (gửi trễ hạn)" } else { "" }),
                date: format!("gửi {}", vn::format_date(sent)),
                link: format!("/orgs/{}/figures?period={}", r.org.0, r.period),
                sort: sent,
            });
        }
    }
    for (org, t, due) in tasks {
        let overdue = due < today;
        items.push(Item {
            kind: if overdue { "Nhiệm vụ quá hạn" } else { "Nhiệm vụ sắp đến hạn" },
            class: if overdue { "bad" } else { "warn" },
            org: t.assignee.clone().unwrap_or_else(|| name(org)),
            what: t.body.clone(),
            date: format!("hạn {}", vn::format_date(due)),
            link: format!("/orgs/{}/tasks#task-{}", org.0, t.id),
            sort: due,
        });
    }
    items.sort_by_key(|i| i.sort);
    Ok((items, notices))
}

fn day(ms: i64) -> NaiveDate {
    vn::time::local(ms).map(|t| t.date()).unwrap_or_default()
}
