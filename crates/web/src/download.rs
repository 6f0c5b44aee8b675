//! Files a page hands out (reports, workbooks, evidence), named in Vietnamese for the
//! browser that saves them and plain ASCII for the one that cannot.

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PDF: &str = "application/pdf";

/// `body` as a download named `name`.
pub fn attachment(name: &str, content_type: &str, body: Vec<u8>) -> Response {
    let ascii: String = vn::text::fold(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    let encoded = crate::error::percent_encode(name, b"");
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        body,
    )
        .into_response()
}

/// A workbook of `tables`, written off the request thread.
pub async fn workbook(name: &str, tables: Vec<paper::Table>) -> Result<Response, crate::AppError> {
    let bytes = tokio::task::spawn_blocking(move || paper::xlsx::write(&tables))
        .await
        .map_err(|e| crate::AppError::Case(usecase::Error::Internal(e.to_string())))?
        .map_err(|e| crate::AppError::Case(usecase::Error::Internal(e.to_string())))?;
    Ok(attachment(name, XLSX, bytes))
}
