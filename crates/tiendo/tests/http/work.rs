//! Counted work: a commune records its classes; contradictory numbers are named and the
//! input kept; the city's dashboard sums the subtree for the period beside its targets;
//! the city's ratings warn when the quota is broken; only the unit enters its own work.

use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};

#[tokio::test]
async fn work_is_recorded_by_units_and_summed_up_the_tree() {
    let app = spawn_app().await;
    let (city, commune) = (app.seeded.city.0, app.seeded.phu_hung.0);
    let reporter = app.login("phuhung").await;
    let form = |participants: &'static str| {
        [
            ("kind", "dissemination"),
            ("period", "quý III/2020"),
            ("count", "3"),
            ("participants", participants),
            ("eligible", "1.100"),
            ("summary", "Quán triệt Nghị quyết Đại hội Đảng bộ xã"),
        ]
    };
    let wrong = app.post(&format!("/orgs/{commune}/work"), &reporter, &form("1.200")).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(text(&wrong.body).contains("Số người tham dự: lớn hơn số phải tham dự"), "{}", text(&wrong.body));
    assert!(wrong.body.contains("Quán triệt Nghị quyết Đại hội Đảng bộ xã"), "what was typed is kept");
    let bad_number = app.post(&format!("/orgs/{commune}/work"), &reporter, &form("một nghìn")).await;
    assert!(text(&bad_number.body).contains("Số người tham dự: “một nghìn” không phải một số nguyên"));
    let saved = app.post(&format!("/orgs/{commune}/work"), &reporter, &form("1.050")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));

    let leader = app.login("thanhuy").await;
    let dashboard = text(&app.get(&format!("/orgs/{city}/dashboard?period=2020-9M"), &leader).await.body);
    assert!(
        dashboard
            .contains("Học tập, quán triệt nghị quyết: 14 lớp, 1.050/1.100 người tham dự ở 3 lớp có số liệu (95,45%)"),
        "{dashboard}"
    );
    assert!(dashboard.contains("Khảo sát, lấy ý kiến: 250 phiếu"), "{dashboard}");
    assert!(dashboard.contains("Đại hội chi bộ, đảng bộ: 17/17 đại hội"), "{dashboard}");
    assert!(dashboard.contains("Xếp loại chất lượng: 14 được xếp loại, 3 hoàn thành xuất sắc nhiệm vụ"), "{dashboard}");
    let api = app.get(&format!("/api/v1/orgs/{city}/work?period=2020-9M"), &leader).await;
    assert!(api.body.contains("Khảo sát, lấy ý kiến: 250 phiếu"), "{}", api.body);
    let tasks = app.get(&format!("/api/v1/orgs/{city}/tasks?period=2020-Q3"), &leader).await;
    assert!(tasks.body.contains("\"sentence\":\"") && tasks.body.contains("nhiệm vụ đã hoàn thành"), "{}", tasks.body);
    let work = text(&app.get(&format!("/orgs/{city}/work?period=2020"), &leader).await.body);
    assert!(work.contains("Vượt tỷ lệ: 3 hoàn thành xuất sắc nhiệm vụ"), "{work}");

    // The city raises its quota; the warning goes.
    let quota = app.post(&format!("/orgs/{city}/ratings"), &leader, &[("year", "2020"), ("quota", "25")]).await;
    assert_eq!(quota.status, StatusCode::SEE_OTHER);
    assert!(!text(&app.get(&format!("/orgs/{city}/work?period=2020"), &leader).await.body).contains("Vượt tỷ lệ"));

    let neighbour = app.login("sondong").await;
    assert_eq!(
        app.post(&format!("/orgs/{commune}/work"), &neighbour, &form("1.050")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&format!("/orgs/{commune}/work"), &neighbour).await.status, StatusCode::FORBIDDEN);
    let rating = [("year", "2020"), ("subject_org", "3"), ("level", "xuat_sac")];
    assert_eq!(app.post(&format!("/orgs/{commune}/ratings"), &reporter, &rating).await.status, StatusCode::FORBIDDEN);
}
