//! Kiểm tra and giám sát: the city's inspection commission records cases; the year's counts
//! are counted from them; a discipline that does not fit its subject is named and nothing
//! is kept; reporters and office specialists do not see the cases.

use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};
use domain::access::Role;

#[tokio::test]
async fn cases_are_recorded_and_counted_for_inspectors_only() {
    let app = spawn_app().await;
    let (city, commune) = (app.seeded.city.0, app.seeded.phu_hung.0);
    app.add_user("ubkt", Role::Inspector, app.seeded.city).await;
    app.add_user("chuyenvien", Role::Specialist, app.seeded.city).await;
    let inspector = app.login("ubkt").await;
    let unit = commune.to_string();
    let case = |action: &'static str, mode: &'static str, subject: &'static str, discipline: &'static str| {
        vec![
            ("action", action.to_string()),
            ("mode", mode.to_string()),
            ("subject", subject.to_string()),
            ("subject_org", unit.clone()),
            ("member_name", if subject == "member" { "Trần Văn A".to_string() } else { String::new() }),
            ("decision", "12-QĐ/UBKTThU".to_string()),
            ("started_on", "10/6/2019".to_string()),
            ("conclusion", "Cơ bản thực hiện tốt".to_string()),
            ("discipline", discipline.to_string()),
            ("r1_body", "Khắc phục hạn chế trong sinh hoạt chi bộ".to_string()),
            ("r1_unit", unit.clone()),
            ("r1_due", "30/9/2020".to_string()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let cookie = inspector.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(&format!("/orgs/{city}/inspections"), &cookie, &pairs).await
        }
    };
    let tasks_before = app.state.ctx.store.list_tasks(app.seeded.phu_hung).await.unwrap().len();
    let wrong = send(case("kiem_tra", "chuyen_de", "organization", "khai_tru")).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(text(&wrong.body).contains("“khai trừ” không áp dụng cho tổ chức Đảng"), "{}", text(&wrong.body));
    assert!(wrong.body.contains("Khắc phục hạn chế trong sinh hoạt chi bộ"), "what was typed is kept");
    for (action, mode, subject, discipline) in [
        ("kiem_tra", "thuong_xuyen", "organization", ""),
        ("kiem_tra", "thuong_xuyen", "member", ""),
        ("giam_sat", "chuyen_de", "organization", ""),
        ("kiem_tra", "dau_hieu_vi_pham", "member", "canh_cao"),
    ] {
        let saved = send(case(action, mode, subject, discipline)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    }
    let page = text(&app.get(&format!("/orgs/{city}/inspections?year=2019"), &inspector).await.body);
    assert!(
        page.contains("Năm 2019: kiểm tra thường xuyên 1 tổ chức Đảng và 1 đảng viên; kiểm tra khi có dấu hiệu vi phạm 1 đảng viên; giám sát chuyên đề 1 tổ chức Đảng; thi hành kỷ luật 1 trường hợp"),
        "{page}"
    );
    assert!(page.contains("Đảng viên Trần Văn A"));
    let plan = [
        ("year", "2019"),
        ("action", "kiem_tra"),
        ("mode", "thuong_xuyen"),
        ("subject", "organization"),
        ("planned", "3"),
    ];
    assert_eq!(
        app.post(&format!("/orgs/{city}/inspection-plan"), &inspector, &plan).await.status,
        StatusCode::SEE_OTHER
    );
    let page = text(&app.get(&format!("/orgs/{city}/inspections?year=2019"), &inspector).await.body);
    assert!(page.contains("kiểm tra thường xuyên tổ chức Đảng 1/3"), "{page}");
    let tasks = app.state.ctx.store.list_tasks(app.seeded.phu_hung).await.unwrap().len();
    assert_eq!(tasks, tasks_before + 4, "each recommendation is a task for the commune");

    let leader = app.login("thanhuy").await;
    assert_eq!(app.get(&format!("/orgs/{city}/inspections"), &leader).await.status, StatusCode::OK);
    for who in ["phuhung", "chuyenvien", "sondong"] {
        let cookie = app.login(who).await;
        assert_eq!(app.get(&format!("/orgs/{city}/inspections"), &cookie).await.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(
            app.get(&format!("/orgs/{commune}/inspections"), &cookie).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        let pairs =
            [("action", "kiem_tra"), ("mode", "chuyen_de"), ("subject", "organization"), ("started_on", "1/1/2020")];
        let post = app.post(&format!("/orgs/{city}/inspections"), &cookie, &pairs).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{who}");
        let plan =
            [("year", "2020"), ("action", "kiem_tra"), ("mode", "chuyen_de"), ("subject", "member"), ("planned", "9")];
        let post = app.post(&format!("/orgs/{city}/inspection-plan"), &cookie, &plan).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(
        app.get(&format!("/orgs/{city}/inspections?year=hai"), &inspector).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_demo_counts_add_up_like_phu_ly() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let leader = app.login("thanhuy").await;
    let page = text(&app.get(&format!("/orgs/{city}/inspections?year=2020"), &leader).await.body);
    assert!(
        page.contains("kiểm tra thường xuyên 22 tổ chức Đảng và 20 đảng viên; giám sát chuyên đề 19 tổ chức Đảng và 7 đảng viên; thi hành kỷ luật 1 trường hợp"),
        "{page}"
    );
    let api = app.get(&format!("/api/v1/orgs/{city}/inspections?year=2020"), &leader).await;
    assert!(api.body.contains("giám sát chuyên đề 19 tổ chức Đảng và 7 đảng viên"), "{}", api.body);
    let reporter = app.login("phuhung").await;
    assert_eq!(app.get(&format!("/api/v1/orgs/{city}/inspections?year=2020"), &reporter).await.status.as_u16(), 403);
}

/// A long year of cases reads a page at a time, filtered by action and mode, the form
/// to record one above the list.
#[tokio::test]
async fn a_long_list_of_cases_is_paged_and_filtered() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    app.add_user("ubkt", Role::Inspector, app.seeded.city).await;
    let inspector = app.login("ubkt").await;
    let unit = app.seeded.phu_hung.0.to_string();
    for n in 0..30 {
        let (action, mode) = if n < 27 { ("giam_sat", "thuong_xuyen") } else { ("kiem_tra", "chuyen_de") };
        let day = format!("{}/3/2019", n % 28 + 1);
        let fields = [
            ("action", action),
            ("mode", mode),
            ("subject", "organization"),
            ("subject_org", unit.as_str()),
            ("started_on", day.as_str()),
            ("decision", "Kế hoạch giám sát thường xuyên"),
        ];
        let saved = app.post(&format!("/orgs/{city}/inspections"), &inspector, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    }
    let rows = |body: &str| body.split("id=\"cases\"").nth(1).unwrap_or("").matches("<tr>").count() - 1;
    let first = app.get(&format!("/orgs/{city}/inspections?year=2019"), &inspector).await.body;
    assert_eq!(rows(&first), 25, "one page of 25");
    assert!(text(&first).contains("Trang 1/2 · 30 mục"), "{}", text(&first));
    assert!(first.find("id=\"record\"").unwrap() < first.find("id=\"cases\"").unwrap(), "the form above the list");
    let second = app.get(&format!("/orgs/{city}/inspections?year=2019&action=&mode=&trang=2"), &inspector).await.body;
    assert_eq!(rows(&second), 5);
    let filtered = format!("/orgs/{city}/inspections?year=2019&action=kiem_tra&mode=chuyen_de");
    let special = app.get(&filtered, &inspector).await.body;
    assert_eq!(rows(&special), 3, "filtered by action and mode");
    assert!(!text(&special).contains("Trang 1/"), "one page needs no pager");
}
