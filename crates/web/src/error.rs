//! How failures reach the user on pages: 404 and 403 pages that say what happened, a
//! refusal with its reason, and an apology with the request's id for internal errors
//! (the details go to the log under the same id). The API maps the same errors once
//! more, to problem details (`api::problem`).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use usecase::Error;

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
    Case(Error),
    #[error("lỗi hiển thị trang: {0}")]
    Render(#[from] askama::Error),
}

impl From<Error> for AppError {
    fn from(e: Error) -> AppError {
        match e {
            Error::NotFound(what) => AppError::NotFound(what),
            Error::Forbidden(what) => AppError::Forbidden(what),
            other => AppError::Case(other),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
}

/// Logs an internal failure under the request's id and says the id to the user.
pub fn apology(error: &dyn std::fmt::Display) -> String {
    let id = crate::request::current_id();
    tracing::error!(request_id = %id, error = %error, "request failed");
    format!(
        "Xin lỗi, hệ thống gặp lỗi khi xử lý yêu cầu. Mã yêu cầu: {id}. Vui lòng thử lại hoặc báo quản trị viên mã này."
    )
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
            AppError::Case(Error::Invalid(errors)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Dữ liệu không hợp lệ",
                errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "),
            ),
            AppError::Case(Error::Refused(why)) => (StatusCode::CONFLICT, "Không thực hiện được", why.clone()),
            AppError::Case(e @ Error::Conflict(_)) => (
                StatusCode::CONFLICT,
                "Dữ liệu đã thay đổi",
                format!("{}. Tải lại trang để xem giá trị mới rồi thử lại.", capitalised(&e.to_string())),
            ),
            AppError::Case(Error::NotFound(_)) => (StatusCode::NOT_FOUND, "Không tìm thấy", self.to_string()),
            AppError::Case(Error::Forbidden(_)) => (StatusCode::FORBIDDEN, "Không có quyền truy cập", self.to_string()),
            AppError::Case(Error::Unavailable(why)) => {
                (StatusCode::SERVICE_UNAVAILABLE, "Chưa ghi được", why.to_string())
            }
            AppError::Case(Error::Internal(_)) | AppError::Render(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "Đã có lỗi", apology(&self))
            }
        };
        let body = ErrorPage { title, message }.render().unwrap_or_else(|_| title.to_string());
        (status, axum::response::Html(body)).into_response()
    }
}

/// The sentence with its first letter capitalised.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Percent-encodes a path for a query string.
pub fn urlencode(s: &str) -> String {
    percent_encode(s, b"/")
}

/// Percent-encodes every byte but the unreserved ones (RFC 3986) and `keep`.
pub fn percent_encode(s: &str, keep: &[u8]) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ if keep.contains(&b) => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
