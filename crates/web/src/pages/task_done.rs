//! Reporting a task done, with evidence files, and the giver's answer: a unit reports a
//! task it was given done and attaches what proves it; the task then waits until the
//! unit that gave it accepts it (done as of that day) or sends it back with a reason.
//! A unit reporting its own task done closes it at once.

use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use usecase::tasks::Upload;

use crate::auth::CurrentUser;
use crate::pages::manage::{Fields, field};
use crate::pages::tasks::{answer, named, refusal, reportable};
use crate::{AppError, AppState};

/// The done form's fields and files, read off the multipart body.
async fn read_form(mut multipart: Multipart) -> Result<(Fields, Vec<Upload>), AppError> {
    let broken =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("dữ liệu gửi lên bị lỗi: {e}"));
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(part) = multipart.next_field().await.map_err(broken)? {
        let name = part.name().unwrap_or("").to_string();
        match part.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = part.bytes().await.map_err(broken)?;
                if !bytes.is_empty() {
                    files.push(Upload { name: file_name, bytes: bytes.to_vec() });
                }
            }
            None => fields.push((name, part.text().await.map_err(broken)?)),
        }
    }
    Ok((fields, files))
}

/// Reports a task done on a day, with the note and the evidence files.
pub async fn done_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (form, files) = read_form(multipart).await?;
    let (task, back) = reportable(&state, &user, id, &form).await?;
    let result = match vn::parse_date(field(&form, "done_on")) {
        Ok(day) => {
            let done = usecase::tasks::finish(&state.ctx, &user, id, day, field(&form, "note"), files).await;
            refusal(&task, done.map(|_| ()))?
        }
        Err(e) => Err(named(&task, format!("Ngày hoàn thành: {e}."))),
    };
    answer(&state, &user, back, result).await
}

/// The giver accepts the task reported done, with an optional note.
pub async fn accept_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let note = field(&form, "note").to_string();
    giver_answers(&state, &user, id, usecase::tasks::accept(&state.ctx, &user, id, &note)).await
}

/// The giver sends the task back, with the reason.
pub async fn send_back_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let reason = field(&form, "reason").to_string();
    giver_answers(&state, &user, id, usecase::tasks::send_back(&state.ctx, &user, id, &reason)).await
}

/// Runs the giver's answer and goes back to the giver's list, or names the mistake there.
async fn giver_answers(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    answered: impl std::future::Future<Output = usecase::Result<()>>,
) -> Result<Response, AppError> {
    let task = usecase::tasks::given(&state.ctx, user, id).await?;
    let result = refusal(&task, answered.await)?;
    answer(state, user, task.org, result).await
}

/// An evidence file, to whoever may see its task; always as a download, never shown
/// in the page's origin.
pub async fn file_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (file, body) = usecase::tasks::file(&state.ctx, &user, id).await?;
    Ok(crate::download::attachment(&file.name, &file.content_type, body))
}
