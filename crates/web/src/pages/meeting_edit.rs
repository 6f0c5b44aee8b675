//! Changing a saved meeting: the same form as a new one, filled with what was saved.
//! Its heading, chair, attendees, documents, figures and explanations are replaced;
//! conclusions added become tasks beside those it already gave.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::CurrentUser;
use crate::pages::manage::Fields;
use crate::pages::meetings::{page, read_meeting};
use crate::pages::paging::ListQuery;
use crate::{AppError, AppState};

/// The form of a saved meeting, as it was saved.
pub async fn edit_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let m = usecase::meetings::get(&state.ctx, &user, id).await?;
    usecase::meetings::may_record(&state.ctx, &user, m.org)?;
    let mut form: Fields = vec![
        ("kind".into(), m.kind.clone()),
        ("held_on".into(), m.held_on.map(vn::format_date).unwrap_or_default()),
        ("title".into(), m.title.clone()),
        ("chair".into(), if m.chair_person.is_some() { String::new() } else { m.chair.clone().unwrap_or_default() }),
        ("chair_person".into(), m.chair_person.map(|p| p.to_string()).unwrap_or_default()),
        ("concerns".into(), m.concerns.map(|c| c.0.to_string()).unwrap_or_default()),
        ("difficulties".into(), m.difficulties.clone().unwrap_or_default()),
        ("documents".into(), m.documents.clone().unwrap_or_default()),
        ("figures".into(), m.figures.clone().unwrap_or_default()),
    ];
    form.extend(m.attendee_ids.iter().map(|a| ("attendee".to_string(), a.to_string())));
    for (i, (dept, content)) in m.explanations.iter().enumerate() {
        form.push((format!("e{}_dept", i + 1), dept.clone()));
        form.push((format!("e{}_content", i + 1), content.clone()));
    }
    page(&state, &user, m.org, form, Vec::new(), Some(id), &ListQuery::default()).await
}

/// Saves the changed meeting, or shows the form again with every mistake named.
pub async fn edit_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = usecase::meetings::get(&state.ctx, &user, id).await?.org;
    let meeting = match read_meeting(&state, &user, org, &form).await? {
        Ok(m) => m,
        Err(errors) => {
            return Ok(page(&state, &user, org, form, errors, Some(id), &ListQuery::default()).await?.into_response());
        }
    };
    match usecase::meetings::edit(&state.ctx, &user, id, &meeting).await {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(usecase::Error::Refused(why)) => {
            Ok(page(&state, &user, org, form, vec![why], Some(id), &ListQuery::default()).await?.into_response())
        }
        Err(e) => Err(e.into()),
    }
}
