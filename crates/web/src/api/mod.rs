//! The JSON API under `/api/v1`: the same access policy and store rules as the pages,
//! personal tokens (`Authorization: Bearer td_…`) or the page session, errors as
//! `application/problem+json`, and an OpenAPI 3 document kept in step with
//! [`ROUTES`] by a test.

mod handlers;
mod problem;
mod units;
mod working_year;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use problem::Problem;

use crate::AppState;
use crate::auth::CurrentUser;

/// Every API route as (method, path); the OpenAPI document must describe exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/orgs"),
    ("get", "/api/v1/orgs/{id}"),
    ("get", "/api/v1/orgs/{id}/figures"),
    ("post", "/api/v1/orgs/{id}/figures"),
    ("get", "/api/v1/orgs/{id}/evaluations"),
    ("get", "/api/v1/orgs/{id}/tasks"),
    ("get", "/api/v1/orgs/{id}/inspections"),
    ("get", "/api/v1/orgs/{id}/work"),
    ("get", "/api/v1/orgs/{id}/lineage"),
    ("post", "/api/v1/restructure"),
    ("get", "/api/v1/documents/{id}"),
    ("get", "/api/v1/periods/{text}"),
    ("get", "/api/v1/openapi.json"),
];

pub const OPENAPI: &str = include_str!("openapi.json");

/// The routes, to be nested under [`PREFIX`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orgs", get(handlers::orgs))
        .route("/orgs/{id}", get(handlers::org))
        .route("/orgs/{id}/figures", get(handlers::figures_get).post(handlers::figures_post))
        .route("/orgs/{id}/evaluations", get(handlers::evaluations))
        .route("/orgs/{id}/tasks", get(working_year::tasks))
        .route("/orgs/{id}/inspections", get(working_year::inspections))
        .route("/orgs/{id}/work", get(working_year::work))
        .route("/orgs/{id}/lineage", get(units::lineage))
        .route("/restructure", post(units::restructure))
        .route("/documents/{id}", get(handlers::document))
        .route("/periods/{text}", get(handlers::period))
        .route("/openapi.json", get(openapi))
        .fallback(|| async { Problem::not_found("đường dẫn API") })
}

pub const PREFIX: &str = "/api/v1";

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The caller of an API route: a personal token, or the page session (whose state
/// changes must then come from this site).
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(secret) = bearer {
            let found = usecase::accounts::token(&state.ctx, secret).await.map_err(Problem::from)?;
            let caller = found.ok_or_else(|| Problem::unauthorized("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))?;
            return Ok(ApiUser(CurrentUser(caller)));
        }
        // The page session also works here; cross-site state changes never reach this
        // point (`request::refuse_cross_site`).
        let user = CurrentUser::from_request_parts(parts, state)
            .await
            .map_err(|_| Problem::unauthorized("Cần đăng nhập hoặc gửi mã truy cập: Authorization: Bearer td_…"))?;
        Ok(ApiUser(user))
    }
}
