//! How failures reach the user: 404 and 403 pages that say what happened, and an
//! apology with a reference number for internal errors (the details go to the log).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    #[error("bạn không có quyền {0}")]
    Forbidden(&'static str),
    #[error("cần đăng nhập")]
    LoginRequired(String),
    #[error("yêu cầu không hợp lệ: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("lỗi hiển thị trang: {0}")]
    Render(#[from] askama::Error),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            AppError::LoginRequired(next) => {
                let to = format!("/login?next={}", urlencode(next));
                return Redirect::to(&to).into_response();
            }
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "Không tìm thấy", self.to_string()),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "Không có quyền truy cập", self.to_string()),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ", self.to_string()),
            AppError::Store(_) | AppError::Render(_) => {
                let reference = store::now_ms() % 1_000_000;
                tracing::error!(reference, error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Đã có lỗi",
                    format!("Xin lỗi, hệ thống gặp lỗi khi xử lý yêu cầu. Mã tham chiếu: {reference}."),
                )
            }
        };
        let body = ErrorPage { title, message }.render().unwrap_or_else(|_| title.to_string());
        (status, axum::response::Html(body)).into_response()
    }
}

/// Percent-encodes a path for a query string.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
