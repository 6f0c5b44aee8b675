//! Login, logout, the current user, and the checks every handler makes: a session,
//! a same-site origin for state changes, and the access policy for the organisation.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use usecase::accounts::Login;

use crate::{AppError, AppState};

pub const SESSION_COOKIE: &str = "tiendo_session";

/// The logged-in user of a request: the use cases' caller, read from the session.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub usecase::Caller);

impl std::ops::Deref for CurrentUser {
    type Target = usecase::Caller;

    fn deref(&self) -> &usecase::Caller {
        &self.0
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn client_addr(parts: &Parts) -> Option<String> {
    parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
}

/// The client's address when the server knows it (absent in in-process tests).
pub struct ClientAddr(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(parts)))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let next = parts.uri.path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into());
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(AppError::LoginRequired(next));
        };
        match usecase::accounts::session(&state.ctx, &token, state.config.idle_ms, client_addr(parts)).await? {
            Some(caller) => Ok(CurrentUser(caller)),
            None => Err(AppError::LoginRequired(next)),
        }
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only a path on this site is followed after login: it starts with one "/", and holds
/// no backslash or control character (browsers read "/\\evil" and "/\t/evil" as another
/// site, and a line break would split the header).
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.chars().any(char::is_control))
        .unwrap_or_else(|| "/".to_string())
}

pub async fn login_get(Query(q): Query<NextQuery>) -> Result<Html<String>, AppError> {
    Ok(Html(LoginPage { next: safe_next(q.next), username: String::new(), error: None }.render()?))
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login_post(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next);
    let username = vn::nfc(form.username.trim());
    let refuse = |status, message: String| -> Result<Response, AppError> {
        let page = LoginPage { next: next.clone(), username: username.clone(), error: Some(message) };
        Ok((status, Html(page.render()?)).into_response())
    };
    let token = match usecase::accounts::login(&state.ctx, &username, &form.password, addr).await? {
        Login::Session(token) => token,
        Login::Wait(seconds) => {
            return refuse(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                format!("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây."),
            );
        }
        Login::Wrong => {
            return refuse(axum::http::StatusCode::UNAUTHORIZED, "Tên đăng nhập hoặc mật khẩu không đúng.".into());
        }
    };
    let https = headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = if state.config.secure_cookies || https { "; Secure" } else { "" };
    let cookie = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}");
    let mut res = Redirect::to(&next).into_response();
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("token is hex"));
    Ok(res)
}

pub async fn logout_post(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        usecase::accounts::logout(&state.ctx, &token).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&clear).expect("ascii"));
    Ok(res)
}
