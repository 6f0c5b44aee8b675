//! API errors as RFC 9457 problem details (`application/problem+json`), in Vietnamese.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::AppError;
use crate::error::capitalised;

#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub title: &'static str,
    pub detail: String,
    /// Field errors: (field, message).
    pub errors: Vec<(String, String)>,
}

impl Problem {
    pub(crate) fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Problem {
        Problem { status, title, detail: detail.into(), errors: Vec::new() }
    }

    pub fn unauthorized(detail: &str) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "Chưa xác thực", detail)
    }

    pub fn not_found(what: &str) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "Không tìm thấy", format!("Không tìm thấy {what}."))
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ", detail)
    }

    pub fn invalid(errors: Vec<(String, String)>) -> Problem {
        let detail = format!("Có {} giá trị không hợp lệ; không có giá trị nào được ghi.", errors.len());
        Problem { errors, ..Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "Dữ liệu không hợp lệ", detail) }
    }
}

impl From<usecase::Error> for Problem {
    fn from(e: usecase::Error) -> Problem {
        Problem::from(AppError::from(e))
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        use usecase::Error;
        match e {
            AppError::NotFound(what) | AppError::Case(Error::NotFound(what)) => Problem::not_found(what),
            AppError::Forbidden(_) | AppError::Case(Error::Forbidden(_)) => {
                Problem::new(StatusCode::FORBIDDEN, "Không có quyền", format!("{}.", capitalised(&e.to_string())))
            }
            AppError::BadRequest(d) => Problem::bad_request(d),
            AppError::LoginRequired(_) => Problem::unauthorized("Cần đăng nhập."),
            AppError::Case(Error::Invalid(errors)) => {
                Problem::invalid(errors.into_iter().map(|e| (e.field, e.message)).collect())
            }
            AppError::Case(Error::Refused(why)) => Problem::new(StatusCode::CONFLICT, "Không thực hiện được", why),
            AppError::Case(Error::Conflict(conflicts)) => {
                let detail = format!(
                    "{} giá trị đã được thay đổi sau khi bạn đọc; không có giá trị nào được ghi. Đọc lại rồi gửi với previous mới.",
                    conflicts.len()
                );
                let errors = conflicts
                    .iter()
                    .map(|c| {
                        let said =
                            |v: Option<domain::Decimal>| v.map(|d| d.format_vn(4)).unwrap_or_else(|| "trống".into());
                        (
                            format!("values.{}", c.target.0),
                            format!("hiện là {}, không còn là {}", said(c.current), said(c.shown)),
                        )
                    })
                    .collect();
                Problem { errors, ..Problem::new(StatusCode::CONFLICT, "Dữ liệu đã thay đổi", detail) }
            }
            AppError::Case(Error::Unavailable(why)) => {
                Problem::new(StatusCode::SERVICE_UNAVAILABLE, "Chưa ghi được", why)
            }
            other @ (AppError::Case(Error::Internal(_)) | AppError::Render(_)) => {
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi hệ thống", crate::error::apology(&other))
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body: Value = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        if !self.errors.is_empty() {
            body["errors"] = self.errors.iter().map(|(f, m)| json!({"field": f, "message": m})).collect();
        }
        (self.status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
    }
}
