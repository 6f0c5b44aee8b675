//! "Trang làm việc": each user lands on what the current period asks of their units,
//! and on nothing of a neighbour's.

use crate::common::{spawn_app, text};
use axum::http::StatusCode;

#[tokio::test]
async fn each_role_lands_on_its_own_work() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung.0;

    let reporter = app.login("phuhung").await;
    let home = app.get("/", &reporter).await;
    assert_eq!(home.status, StatusCode::OK);
    let t = text(&home.body);
    assert!(t.contains("Trang làm việc") && t.contains("Đảng ủy xã Phú Hưng"), "{t}");
    assert!(t.contains("Báo cáo quý") && t.contains("hạn gửi") && t.contains("Đã nhập"), "{t}");
    assert!(home.body.contains(&format!("href=\"/orgs/{ph}/figures?period=")), "a way to the form");
    assert!(t.contains("Nhiệm vụ quá hạn"), "{t}");
    assert!(!t.contains("Sơn Đông"), "nothing of a neighbour: {t}");
    assert!(!t.contains("Đơn vị trực thuộc"), "a reporter follows no lower units: {t}");

    // A leader of the city sees its lower units' reports and the evaluation.
    let leader = app.login("thanhuy").await;
    let t = text(&app.get("/", &leader).await.body);
    assert!(t.contains("Thành ủy Bến Tre") && t.contains("Đơn vị trực thuộc"), "{t}");
    assert!(t.contains("Đảng ủy xã Phú Hưng") && t.contains("đơn vị đã gửi báo cáo"), "{t}");
    assert!(t.contains("chỉ tiêu"), "the evaluation sentence: {t}");

    // Every page's "Việc cần làm" shows how many things wait, as the inbox lists them.
    let count = app.get("/inbox/count", &leader).await;
    let n = serde_json::from_str::<serde_json::Value>(&count.body).unwrap()["count"].as_u64().unwrap();
    let listed = app.get("/inbox", &leader).await.body;
    let rows = listed.split("id=\"inbox\"").nth(1).unwrap_or("").split("</table>").next().unwrap_or("");
    assert!(n > 0 && rows.matches("<tr").count() == n as usize + 1, "{n} counted: {rows}");
    assert!(app.get("/", &leader).await.body.contains("id=\"inbox-count\""));

    // Once Phú Hưng has sent its report, the leader's home says so.
    let period = {
        let html = app.get("/", &reporter).await.body;
        let at =
            html.find(&format!("/orgs/{ph}/figures?period=")).unwrap() + format!("/orgs/{ph}/figures?period=").len();
        html[at..].split('"').next().unwrap().to_string()
    };
    let sent = app
        .post(&format!("/orgs/{ph}/report"), &reporter, &[("period", &period), ("step", "submit"), ("confirm", "yes")])
        .await;
    assert!(text(&sent.body).contains("Đã gửi báo cáo"), "{}", text(&sent.body));
    let t = text(&app.get("/", &leader).await.body);
    assert!(t.contains("Đã gửi, chờ duyệt"), "{t}");
    let t = text(&app.get("/", &reporter).await.body);
    assert!(t.contains("Đã gửi, chờ duyệt") && t.contains("Xem số liệu"), "{t}");
}

/// The inspection commission lands on its latest year: the cases counted as reports
/// quote them, against its plan.
#[tokio::test]
async fn an_inspector_lands_on_the_year_against_its_plan() {
    let app = spawn_app().await;
    let inspector = app.login("kiemtra").await;
    let t = text(&app.get("/", &inspector).await.body);
    assert!(t.contains("kiểm tra thường xuyên 22 tổ chức Đảng và 20 đảng viên"), "{t}");
    assert!(t.contains("Các cuộc kiểm tra, giám sát năm 2020"), "{t}");
}
