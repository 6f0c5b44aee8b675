//! The JSON API: personal tokens, the same access policy as the pages, problem details
//! for errors, and an OpenAPI document that describes exactly the routes that exist.

use crate::common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, spawn_app, text};
use serde_json::{Value, json};

pub(crate) async fn call(
    app: &App,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, String, Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())).unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    let r = app.send(req).await;
    let kind = r.headers.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (r.status, kind, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

pub(crate) async fn token_for(app: &App, user: &str) -> String {
    let cookie = app.login(user).await;
    let r = app.post("/account/tokens", &cookie, &[("name", "Bảng tính tổng hợp")]).await;
    let t = text(&r.body);
    t.split("Mã truy cập mới: ").nth(1).unwrap().split(' ').next().unwrap().to_string()
}

#[test]
fn the_openapi_document_describes_exactly_the_routes() {
    let doc: Value = serde_json::from_str(web::api::OPENAPI).expect("valid JSON");
    assert_eq!(doc["openapi"], "3.0.3");
    let described: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect();
    let routed: BTreeSet<(String, String)> =
        web::api::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(described, routed);
}

#[tokio::test]
async fn tokens_open_the_api_within_the_owners_scope() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung.0;
    let (status, kind, _) = call(&app, "GET", "/api/v1/orgs", None, None).await;
    assert_eq!((status, kind.as_str()), (StatusCode::UNAUTHORIZED, "application/problem+json"));
    let (status, _, doc) = call(&app, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["info"]["title"], "tiendo API");

    let token = token_for(&app, "phuhung").await;
    assert!(token.starts_with("td_"));
    let (status, _, body) = call(&app, "GET", "/api/v1/orgs", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = body["orgs"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "Đảng ủy xã Phú Hưng");
    assert!(!names.contains(&"Đảng ủy xã Sơn Đông"));

    let path = format!("/api/v1/orgs/{ph}/evaluations?period=9%20th%C3%A1ng%20n%C4%83m%202020");
    let (status, _, body) = call(&app, "GET", &path, Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["summary"]["bands"], json!([13, 2, 4, 4]));
    assert_eq!(body["summary"]["in_progress"], 8);
    assert_eq!(body["period"]["code"], "2020-9M");
    assert!(body["summary"]["sentence"].as_str().unwrap().starts_with("13/31 chỉ tiêu hoàn thành 100%"));

    let (_, _, figures) =
        call(&app, "GET", &format!("/api/v1/orgs/{ph}/figures?period=2020-Q3"), Some(&token), None).await;
    let target = figures["values"][5]["target"].as_i64().unwrap();
    let key = target.to_string();
    let (status, kind, problem) = call(
        &app,
        "POST",
        &format!("/api/v1/orgs/{ph}/figures"),
        Some(&token),
        Some(json!({"period": "2020-Q3", "values": {&key: "7.5"}})),
    )
    .await;
    assert_eq!((status, kind.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "application/problem+json"));
    assert_eq!(problem["errors"][0]["field"], format!("values.{key}"));
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("dấu phẩy"));
    let (status, _, body) = call(
        &app,
        "POST",
        &format!("/api/v1/orgs/{ph}/figures"),
        Some(&token),
        Some(json!({"period": "quý III/2020", "values": {&key: "45"}})),
    )
    .await;
    assert_eq!((status, body["changed"].clone()), (StatusCode::OK, json!(1)));
    let (_, _, body) = call(&app, "GET", &path, Some(&token), None).await;
    assert_eq!(body["summary"]["bands"], json!([14, 2, 4, 3]));

    let (status, _, body) = call(&app, "GET", "/api/v1/periods/qu%C3%BD%20II-2021", Some(&token), None).await;
    assert_eq!(
        (status, body["code"].clone(), body["end"].clone()),
        (StatusCode::OK, json!("2021-Q2"), json!("2021-06-30"))
    );
    let (status, kind, _) = call(&app, "GET", "/api/v1/nothing", Some(&token), None).await;
    assert_eq!((status, kind.as_str()), (StatusCode::NOT_FOUND, "application/problem+json"));

    let other = token_for(&app, "sondong").await;
    for path in [
        format!("/api/v1/orgs/{ph}"),
        format!("/api/v1/orgs/{ph}/evaluations?period=2020"),
        format!("/api/v1/orgs/{ph}/figures?period=2020-Q3"),
    ] {
        let (status, kind, body) = call(&app, "GET", &path, Some(&other), None).await;
        assert_eq!((status, kind.as_str()), (StatusCode::FORBIDDEN, "application/problem+json"), "{path}");
        assert!(body["detail"].as_str().unwrap().starts_with("Bạn không có quyền"));
    }
    let before = app.state.ctx.store.list_figures().await.unwrap();
    let (status, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orgs/{ph}/figures"),
        Some(&other),
        Some(json!({"period": "2020-Q3", "values": {&key: 1}})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.state.ctx.store.list_figures().await.unwrap(), before, "a refused write changes nothing");

    let cookie = app.login("phuhung").await;
    let id = app
        .state
        .ctx
        .store
        .list_tokens(app.state.ctx.store.find_user_by_name("phuhung").await.unwrap().unwrap().id)
        .await
        .unwrap()[0]
        .id;
    app.post(&format!("/account/tokens/{id}/revoke"), &cookie, &[]).await;
    let (status, _, body) = call(&app, "GET", "/api/v1/orgs", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["detail"].as_str().unwrap().contains("thu hồi"));
}
