//! A missing id of every kind answers 404 on pages and API, and nothing a caller can send
//! to a route with an id makes the server answer 500.

use crate::common;

use axum::http::StatusCode;
use common::spawn_app;

/// Every page route with an id, as (method, path with `N` for the id).
const PAGES: &[(&str, &str)] = &[
    ("GET", "/orgs/N"),
    ("GET", "/resolutions/N"),
    ("GET", "/orgs/N/dashboard"),
    ("GET", "/orgs/N/figures"),
    ("POST", "/orgs/N/figures"),
    ("POST", "/orgs/N/report"),
    ("POST", "/targets/N/override"),
    ("POST", "/admin/users/N/grant"),
    ("GET", "/resolutions/N/import"),
    ("POST", "/resolutions/N/schedule"),
    ("GET", "/targets/N/edit"),
    ("POST", "/targets/N/edit"),
    ("GET", "/orgs/N/import"),
    ("GET", "/orgs/N/read"),
    ("POST", "/orgs/N/read/save"),
    ("GET", "/sources/N"),
    ("GET", "/orgs/N/tasks"),
    ("POST", "/tasks/N/done"),
    ("POST", "/tasks/N/accept"),
    ("POST", "/tasks/N/send-back"),
    ("GET", "/task-files/N"),
    ("GET", "/meetings/N/edit"),
    ("POST", "/meetings/N/edit"),
    ("POST", "/tasks/N/progress"),
    ("POST", "/tasks/N/extend"),
    ("POST", "/tasks/N/forward"),
    ("GET", "/orgs/N/meetings"),
    ("POST", "/orgs/N/meetings"),
    ("GET", "/meetings/N"),
    ("GET", "/orgs/N/people"),
    ("POST", "/orgs/N/people"),
    ("POST", "/positions/N/end"),
    ("GET", "/orgs/N/work"),
    ("POST", "/orgs/N/work"),
    ("POST", "/orgs/N/ratings"),
    ("GET", "/orgs/N/inspections"),
    ("POST", "/orgs/N/inspections"),
    ("POST", "/orgs/N/inspection-plan"),
    ("GET", "/targets/N/history"),
    ("POST", "/targets/N/explain"),
    ("POST", "/explanations/N/answer"),
    ("POST", "/orgs/N/resolutions"),
    ("POST", "/resolutions/N/targets"),
    ("GET", "/targets/N/allocate"),
    ("POST", "/targets/N/allocate"),
    ("POST", "/account/tokens/N/revoke"),
    ("POST", "/admin/users/N/disable"),
    ("POST", "/admin/users/N/password"),
];

const API: &[&str] = &[
    "/api/v1/orgs/N",
    "/api/v1/orgs/N/figures?period=2020-Q3",
    "/api/v1/orgs/N/evaluations?period=2020-Q3",
    "/api/v1/orgs/N/tasks",
    "/api/v1/orgs/N/inspections?year=2020",
    "/api/v1/orgs/N/work?period=2020",
    "/api/v1/documents/N",
];

#[tokio::test]
async fn a_missing_id_is_not_found_and_never_a_server_error() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let fields = [
        ("period", "2020-Q3"),
        ("step", "submit"),
        ("confirm", "yes"),
        ("reason", "thử"),
        ("body", "x"),
        ("note", "x"),
    ];
    let mut wrong = Vec::new();
    for (method, path) in PAGES {
        let path = path.replace('N', "999999");
        let r = if *method == "GET" { app.get(&path, &admin).await } else { app.post(&path, &admin, &fields).await };
        let fine = if *method == "GET" {
            r.status == StatusCode::NOT_FOUND
        } else {
            r.status.is_client_error() && r.status != StatusCode::FORBIDDEN
        };
        if !fine {
            wrong.push(format!("{method} {path}: {}", r.status));
        }
        if r.status == StatusCode::NOT_FOUND {
            assert!(r.body.contains("Không tìm thấy") && r.body.contains("href=\"/\""), "{path}: {}", r.body);
        }
    }
    for path in API {
        let path = path.replace('N', "999999");
        let r = app.get(&path, &admin).await;
        if r.status != StatusCode::NOT_FOUND || !r.headers["content-type"].to_str().unwrap().contains("problem+json") {
            wrong.push(format!("GET {path}: {}", r.status));
        }
    }
    assert!(wrong.is_empty(), "not a 404:\n{}", wrong.join("\n"));
}

/// What the framework refuses before a handler runs is said in Vietnamese too, with the
/// same status: an unknown address, an id that is not a number, a body that is not JSON.
#[tokio::test]
async fn refusals_before_a_handler_speak_vietnamese() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let page = app.get("/khong-co-trang-nay", &admin).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Không tìm thấy") && page.body.contains("href=\"/\""), "{}", page.body);
    let bad_id = app.get("/orgs/abc", &admin).await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert!(bad_id.body.contains("Yêu cầu không hợp lệ"), "{}", bad_id.body);
    let req = Request::post("/api/v1/orgs/1/figures")
        .header(header::COOKIE, &admin)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "tiendo.test")
        .header(header::ORIGIN, "http://tiendo.test")
        .body(Body::from("{không phải JSON"))
        .unwrap();
    let json = app.send(req).await;
    assert!(json.status.is_client_error(), "{}", json.status);
    assert_eq!(json.headers["content-type"], "application/problem+json");
    assert!(json.body.contains("openapi.json"), "{}", json.body);
}

/// Every form field has a length limit, named with the field in the refusal, and
/// control characters never reach the store.
#[tokio::test]
async fn long_fields_are_refused_and_control_characters_dropped() {
    let app = spawn_app().await;
    let office = app.login("vanphong").await;
    let city = app.seeded.city.0;
    let title = "Nghị quyết ".repeat(40_000);
    let form = [("title", title.as_str()), ("term", "2025 - 2030"), ("grain", "quarter"), ("bands", "100;90;70")];
    let r = app.post(&format!("/orgs/{city}/resolutions"), &office, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Tiêu đề: dài 440.000 ký tự, tối đa 1.000 ký tự."), "{}", r.body);
    let form = [
        ("title", "Nghị quyết\u{0} chuyên đề\u{1b}"),
        ("term", "2025 - 2030"),
        ("grain", "quarter"),
        ("bands", "100;90;70"),
    ];
    let r = app.post(&format!("/orgs/{city}/resolutions"), &office, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let doc = r.location().rsplit('/').next().unwrap().parse::<i64>().unwrap();
    assert_eq!(app.state.ctx.engine().document(domain::DocumentId(doc)).unwrap().title, "Nghị quyết chuyên đề");
}
