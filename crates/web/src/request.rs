//! What every request passes through before its handler: an id that names it in the
//! log and in any apology, and the refusal of state changes sent from another site.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::AppError;
use crate::api::{PREFIX, Problem};

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served ("-" outside one).
pub fn current_id() -> String {
    REQUEST_ID.try_with(Clone::clone).unwrap_or_else(|_| "-".to_string())
}

/// Ids unique across processes: the process id, then a counter.
fn next_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("{:x}-{:x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Gives the request an id, traces it (every store call inside runs in its span) and
/// returns the id in `X-Request-Id`.
pub async fn trace(req: Request, next: Next) -> Response {
    let id = next_id();
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path());
    let mut res = REQUEST_ID.scope(id.clone(), next.run(req).instrument(span)).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Whether a state change may go on: a caller with a bearer token (which no other site
/// can make a browser send), or a request whose `Origin` is this site. A foreign or
/// opaque `Origin`, a missing one, or a browser's `Sec-Fetch-Site: cross-site` is refused.
fn same_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site") {
        return false;
    }
    let bearer = headers.get(header::AUTHORIZATION).is_some_and(|v| v.as_bytes().starts_with(b"Bearer "));
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return bearer;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    origin != "null" && origin_host == host
}

/// Refuses every cross-site state change, for pages and API alike, before any handler.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let reads = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if reads || same_site(req.headers()) {
        return next.run(req).await;
    }
    let refusal = AppError::Forbidden("gửi biểu mẫu từ trang web khác");
    if req.uri().path().starts_with(PREFIX) { Problem::from(refusal).into_response() } else { refusal.into_response() }
}

/// Answers in Vietnamese what the framework refuses before a handler runs (a body that
/// cannot be read, a path id that is not a number, a method the route does not take):
/// those come back as plain English text or nothing, and become the page or problem
/// details every other mistake gets, with the same status.
pub async fn speak_vietnamese(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with(PREFIX);
    let res = next.run(req).await;
    let status = res.status();
    let plain =
        res.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.to_str().is_ok_and(|t| t.starts_with("text/plain")));
    if !status.is_client_error() || !plain {
        return res;
    }
    let why = match status.as_u16() {
        404 => {
            return if api {
                Problem::not_found("đường dẫn API").into_response()
            } else {
                AppError::NotFound("trang").into_response()
            };
        }
        405 => "thao tác này không dùng được ở địa chỉ này".to_string(),
        413 => "tệp hoặc nội dung gửi lên quá lớn".to_string(),
        415 => "cần gửi đúng kiểu dữ liệu (biểu mẫu, hoặc JSON với Content-Type: application/json)".to_string(),
        _ if api => "không đọc được dữ liệu gửi lên; xem mẫu trong /api/v1/openapi.json".to_string(),
        _ => "không đọc được dữ liệu gửi lên; hãy tải lại trang rồi thử lại".to_string(),
    };
    let mut fresh = if api {
        Problem::new(status, "Yêu cầu không hợp lệ", why).into_response()
    } else {
        AppError::BadRequest(why).into_response()
    };
    *fresh.status_mut() = status;
    fresh
}

/// The longest a form field may be, with the name it is called by on the page: a short
/// limit where the field is short by nature, a long one for the text read in, and room
/// for a page of text everywhere else. Numbered fields (`text3`, `c1`) share their
/// stem's limit.
fn field_limit(name: &str) -> (String, usize) {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let (label, most) = match stem {
        "body" => ("Văn bản", 2_000_000),
        "password" | "current" | "new" | "confirm" => ("Mật khẩu", 200),
        "username" => ("Tên đăng nhập", 100),
        "title" | "mtitle" => ("Tiêu đề", 1_000),
        "name" | "full_name" | "member_name" | "assignee" | "chair" => ("Tên", 300),
        "email" | "contact" => ("Thư điện tử, liên hệ", 300),
        "code" | "number" | "decision" | "period" | "term" | "bands" => ("Mã, số hiệu, kỳ", 200),
        _ => return (format!("Ô “{name}”"), 20_000),
    };
    (label.to_string(), most)
}

/// Refuses a form with a field longer than its limit, naming the field and the limit,
/// before any handler reads it.
pub async fn limit_fields(req: Request, next: Next) -> Response {
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
    if !form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 << 20).await else {
        return AppError::BadRequest("nội dung gửi lên quá lớn".into()).into_response();
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    for (name, value) in &fields {
        let (label, most) = field_limit(name);
        let chars = value.chars().count();
        if chars > most {
            let say = |n: usize| vn::number::format_f64(n as f64, 0);
            let why = format!("{label}: dài {} ký tự, tối đa {} ký tự.", say(chars), say(most));
            let mut res = AppError::BadRequest(why).into_response();
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            return res;
        }
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}
