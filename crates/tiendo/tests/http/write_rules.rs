//! Every path that writes a figure obeys the same rules, decided once in the use cases:
//! the figure form, the API, a file import and a text read in each refuse a locked
//! report, a period outside the resolution's term, and a unit outside the writer's
//! scope, and nothing is written.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::{App, spawn_app, text};
use crate::read_text::{REPORT, index, pairs};

/// A target Phú Hưng enters itself (id, code), and one of Sơn Đông.
fn targets(app: &App) -> ((i64, String), i64) {
    let engine = app.state.ctx.engine();
    let own = |org| {
        let q2 = domain::Period::Quarter { year: 2020, quarter: 2 };
        let (_, rows) = engine.form(org, q2).unwrap();
        let r = rows.iter().find(|r| !r.aggregated).unwrap();
        (r.target.id.0, r.target.code.clone())
    };
    (own(app.seeded.phu_hung), own(app.seeded.neighbour).0)
}

async fn api(app: &App, cookie: &str, org: i64, period: &str, target: i64) -> StatusCode {
    let body = serde_json::json!({"period": period, "values": {target.to_string(): 77}}).to_string();
    let req = Request::post(format!("/api/v1/orgs/{org}/figures"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "tiendo.test")
        .header(header::ORIGIN, "http://tiendo.test")
        .body(Body::from(body))
        .unwrap();
    app.send(req).await.status
}

#[tokio::test]
async fn every_path_refuses_a_locked_report_a_period_outside_the_term_and_another_unit() {
    let app = spawn_app().await;
    let (ph, sd) = (app.seeded.phu_hung.0, app.seeded.neighbour.0);
    let ((target, code), theirs) = targets(&app);
    let reporter = app.login("phuhung").await;
    let office = app.login("vanphong").await;
    let before = app.state.ctx.store.list_figures().await.unwrap();

    // The figure form.
    let field = format!("v{target}");
    let locked = app.post(&format!("/orgs/{ph}/figures"), &reporter, &[("period", "2020-Q2"), (&field, "77")]).await;
    assert!(text(&locked.body).contains("số liệu đã khóa"), "{}", text(&locked.body));
    let late = app.post(&format!("/orgs/{ph}/figures"), &reporter, &[("period", "2031-Q1"), (&field, "77")]).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    let other = format!("v{theirs}");
    let foreign = app.post(&format!("/orgs/{sd}/figures"), &reporter, &[("period", "2020-Q3"), (&other, "77")]).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);

    // The API.
    assert_eq!(api(&app, &reporter, ph, "2020-Q2", target).await, StatusCode::CONFLICT);
    assert_eq!(api(&app, &reporter, ph, "2031-Q1", target).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api(&app, &reporter, sd, "2020-Q3", theirs).await, StatusCode::FORBIDDEN);

    // A file.
    let file = |unit: &str, period: &str| format!("Đơn vị;Chỉ tiêu;Kỳ;Giá trị\n{unit};{code};{period};77\n");
    for (csv, says) in [
        (file("Đảng ủy xã Phú Hưng", "quý II/2020"), "đã khóa"),
        (file("Đảng ủy xã Phú Hưng", "quý I/2031"), "không phải là một kỳ nhập"),
        (file("Đảng ủy xã Sơn Đông", "quý III/2020"), "không phải đơn vị bạn được nhập"),
    ] {
        let r =
            app.multipart(&format!("/orgs/{ph}/import"), &reporter, "file", Some("so-lieu.csv"), csv.as_bytes()).await;
        assert!(text(&r.body).contains(says), "{says}: {}", text(&r.body));
    }

    // A text read in.
    let city = app.seeded.city.0;
    let f = index("figure");
    let save = |period: &str| {
        vec![
            ("body".to_string(), REPORT.to_string()),
            ("title".into(), "Báo cáo".into()),
            (format!("keep{f}"), "on".into()),
            (format!("target{f}"), target.to_string()),
            (format!("period{f}"), period.to_string()),
            (format!("value{f}"), "77".into()),
        ]
    };
    for (period, says) in [("quý II/2020", "đã khóa"), ("quý I/2031", "không phải là một kỳ nhập")] {
        let r = app.post(&format!("/orgs/{city}/read/save"), &office, &pairs(&save(period))).await;
        assert!(text(&r.body).contains(says), "{says}: {}", text(&r.body));
    }
    let r = app.post(&format!("/orgs/{ph}/read/save"), &reporter, &pairs(&save("quý III/2020"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a reporter does not read texts in");

    assert_eq!(app.state.ctx.store.list_figures().await.unwrap(), before, "nothing was written");
}
