//! Explanation requests (yêu cầu giải trình): a unit above asks, from the dashboard, why
//! an off-track target stands where it does; the responsible unit answers on the target's
//! history page, where both stay. Open requests wait in the unit's "Việc cần làm".

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Redirect;
use domain::{Period, TargetId};

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};
use crate::pages::refused;
use crate::{AppError, AppState};

/// One request as the history page shows it.
pub struct Thread {
    pub id: i64,
    pub period: String,
    pub question: String,
    pub asked: String,
    pub due: String,
    pub answer: String,
    pub answered: String,
}

impl Thread {
    pub fn of(e: store::Explanation) -> Thread {
        Thread {
            id: e.id,
            period: Period::from_code(&e.period).map(|p| p.label()).unwrap_or(e.period),
            question: e.question,
            asked: format!("{}, {}", e.asked_by.unwrap_or_else(|| "hệ thống".into()), vn::time::format_ms(e.asked_at)),
            due: e.due_on.map(vn::format_date).unwrap_or_default(),
            answer: e.answer.unwrap_or_default(),
            answered: match (e.answered_by, e.answered_at) {
                (who, Some(at)) => format!("{}, {}", who.unwrap_or_default(), vn::time::format_ms(at)),
                _ => String::new(),
            },
        }
    }
}

/// Asks the target's unit to explain its result: leaders and specialists above it only.
pub async fn ask_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Redirect, AppError> {
    let target = TargetId(id);
    let period = Period::parse(&vn::nfc(field(&form, "period")))
        .map_err(|e| AppError::BadRequest(format!("Kỳ báo cáo: {e}")))?;
    let due = match field(&form, "due_on").trim() {
        "" => None,
        raw => Some(vn::parse_date(raw).map_err(|e| AppError::BadRequest(format!("Hạn giải trình: {e}.")))?),
    };
    let asked = usecase::explanations::ask(&state.ctx, &user, target, period, field(&form, "question"), due).await;
    refused(asked)?.map_err(AppError::BadRequest)?;
    Ok(Redirect::to(&format!("/targets/{id}/history#explanations")))
}

/// Records the responsible unit's answer.
pub async fn answer_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Redirect, AppError> {
    let e = refused(usecase::explanations::answer(&state.ctx, &user, id, field(&form, "answer")).await)?
        .map_err(AppError::BadRequest)?;
    Ok(Redirect::to(&format!("/targets/{}/history#explanations", e.target.0)))
}
