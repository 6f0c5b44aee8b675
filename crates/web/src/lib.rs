//! The web application: server-rendered pages over the store and the engine. Every
//! page asks for a logged-in user and the access policy before it shows anything.

pub mod api;
mod auth;
mod chart;
mod download;
mod error;
mod files;
mod fmt;
mod pages;
mod pdf;
mod request;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

pub use auth::SESSION_COOKIE;

/// The body of a task report: its evidence files at their largest, and the form.
const EVIDENCE_BODY_LIMIT: usize = domain::tasks::EVIDENCE_MAX_FILES * domain::tasks::EVIDENCE_MAX_BYTES + (1 << 20);
pub use error::AppError;

/// Settings of the web layer.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// A session unused this long is closed.
    pub idle_ms: i64,
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { idle_ms: 8 * 3600 * 1000, secure_cookies: false }
    }
}

/// What every handler shares: the use cases' context, and the web's own settings.
#[derive(Clone)]
pub struct AppState {
    pub ctx: usecase::Ctx,
    pub config: WebConfig,
}

impl AppState {
    pub fn new(ctx: usecase::Ctx, config: WebConfig) -> AppState {
        AppState { ctx, config }
    }

    /// Reads the engine; never hold the reading across an `.await`.
    fn engine(&self) -> usecase::Reading<'_> {
        self.ctx.engine()
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::home_get))
        .route("/login", get(auth::login_get).post(auth::login_post))
        .route("/logout", post(auth::logout_post))
        .route("/orgs", get(pages::tree::tree_get))
        .route("/inbox", get(pages::inbox::inbox_get))
        .route("/inbox/count", get(pages::inbox::count_get))
        .route("/search", get(pages::search::search_get))
        .route("/orgs/{id}", get(pages::tree::org_get))
        .route("/orgs/restructure", get(pages::lineage::restructure_get).post(pages::lineage::restructure_post))
        .route("/orgs/restructure/apply", post(pages::lineage::apply_post))
        .route("/orgs/{id}/lineage", get(pages::lineage::lineage_get))
        .route("/orgs/{id}/lineage/link", post(pages::lineage::link_post))
        .route("/resolutions/{id}", get(pages::resolution::resolution_get))
        .route("/orgs/{id}/dashboard", get(pages::dashboard::dashboard_get))
        .route("/orgs/{id}/figures", get(pages::figures::figures_get).post(pages::figures::figures_post))
        .route("/orgs/{id}/report", post(pages::figures::report_post))
        .route(
            "/orgs/{id}/period-report",
            get(pages::period_report::report_get).post(pages::period_report::report_post),
        )
        .route("/orgs/{id}/dashboard/xlsx", get(pages::exports::dashboard_get))
        .route("/orgs/{id}/tasks/xlsx", get(pages::exports::tasks_get))
        .route("/orgs/{id}/inspections/xlsx", get(pages::exports::inspections_get))
        .route("/orgs/{id}/work/xlsx", get(pages::exports::work_get))
        .route("/orgs/{id}/import/template", get(pages::exports::figures_template_get))
        .route("/templates/targets.xlsx", get(pages::exports::targets_template_get))
        .route("/templates/restructure.xlsx", get(pages::exports::restructure_template_get))
        .route("/orgs/{id}/period-report/estimates", post(pages::period_report::estimates_post))
        .route("/orgs/{id}/period-report/word", get(pages::period_report::word_get))
        .route("/orgs/{id}/period-report/print", get(pages::period_report::print_get))
        .route("/orgs/{id}/period-report/pdf", get(pages::period_report::pdf_get))
        .route("/targets/{id}/override", post(pages::dashboard::override_post))
        .route("/admin/users/{id}/grant", post(pages::users::grant_post))
        .route(
            "/resolutions/{id}/import",
            get(pages::import_targets::import_targets_get).post(pages::import_targets::import_targets_post),
        )
        .route("/resolutions/{id}/schedule", post(pages::manage::schedule_post))
        .route("/targets/{id}/edit", get(pages::manage::edit_get).post(pages::manage::edit_post))
        .route("/orgs/{id}/import", get(pages::import::import_get).post(pages::import::import_post))
        .route("/orgs/{id}/read", get(pages::read_text::read_get).post(pages::read_text::read_post))
        .route("/orgs/{id}/read/save", post(pages::read_text::save_post))
        .route("/sources/{id}", get(pages::read_text::source_get))
        .route("/orgs/{id}/tasks", get(pages::tasks::tasks_get))
        .route(
            "/tasks/{id}/done",
            post(pages::task_done::done_post).layer(axum::extract::DefaultBodyLimit::max(EVIDENCE_BODY_LIMIT)),
        )
        .route("/tasks/{id}/accept", post(pages::task_done::accept_post))
        .route("/tasks/{id}/send-back", post(pages::task_done::send_back_post))
        .route("/task-files/{id}", get(pages::task_done::file_get))
        .route("/tasks/{id}/progress", post(pages::tasks::progress_post))
        .route("/tasks/{id}/extend", post(pages::tasks::extend_post))
        .route("/tasks/{id}/forward", post(pages::tasks::forward_post))
        .route("/orgs/{id}/meetings", get(pages::meetings::meetings_get).post(pages::meetings::meetings_post))
        .route("/meetings/{id}", get(pages::meetings::meeting_get))
        .route("/meetings/{id}/edit", get(pages::meeting_edit::edit_get).post(pages::meeting_edit::edit_post))
        .route("/orgs/{id}/people", get(pages::people::people_get).post(pages::people::people_post))
        .route("/positions/{id}/end", post(pages::people::end_post))
        .route("/orgs/{id}/work", get(pages::work::work_get).post(pages::work::work_post))
        .route("/orgs/{id}/ratings", post(pages::work::rating_post))
        .route(
            "/orgs/{id}/inspections",
            get(pages::inspections::inspections_get).post(pages::inspections::inspections_post),
        )
        .route("/orgs/{id}/inspection-plan", post(pages::inspections::plan_post))
        .route("/targets/{id}/history", get(pages::history::history_get))
        .route("/targets/{id}/trend", get(pages::trend::trend_get))
        .route("/targets/{id}/explain", post(pages::explanations::ask_post))
        .route("/explanations/{id}/answer", post(pages::explanations::answer_post))
        .route("/orgs/{id}/resolutions", post(pages::manage::resolution_post))
        .route("/resolutions/{id}/targets", post(pages::manage::target_post))
        .route("/targets/{id}/allocate", get(pages::allocate::allocate_get).post(pages::allocate::allocate_post))
        .route("/account", get(pages::account::account_get))
        .route("/account/password", post(pages::account::password_post))
        .route("/account/email", post(pages::account::email_post))
        .route("/account/logout-all", post(pages::account::logout_all_post))
        .route("/account/tokens", post(pages::account::token_post))
        .route("/account/tokens/{id}/revoke", post(pages::account::revoke_post))
        .route("/admin/users", get(pages::users::users_get).post(pages::users::users_post))
        .route("/admin/users/{id}/disable", post(pages::users::disable_post))
        .route("/admin/users/{id}/password", post(pages::users::reset_post))
        .route("/static/app.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .nest(api::PREFIX, api::router())
        .layer(middleware::from_fn(request::limit_fields))
        .layer(middleware::from_fn(request::refuse_cross_site))
        .layer(middleware::from_fn(request::speak_vietnamese))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(request::trace))
        .with_state(state)
}

/// A file of our own front end, embedded in the binary.
fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = Response::new(body.into());
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
    r
}

async fn stylesheet() -> Response {
    asset(include_str!("../static/app.css"), "text/css; charset=utf-8")
}

async fn script() -> Response {
    asset(include_str!("../static/app.js"), "text/javascript; charset=utf-8")
}

/// Headers every response carries: no inline script, no framing, no sniffing.
async fn security_headers(req: axum::extract::Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // Pages and answers hold what one person may see: never kept by a browser or proxy.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
