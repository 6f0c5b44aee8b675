//! Targets administration: a resolution created in the browser, a target added with its
//! bound written in words, and allocated to the communes with a consistency check.

use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};

#[tokio::test]
async fn the_office_creates_a_resolution_adds_a_target_and_allocates_it() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let office = app.login("vanphong").await;
    let form = [
        ("title", "Nghị quyết Đại hội Đảng bộ thành phố nhiệm kỳ 2025–2030"),
        ("number", "01-NQ/ThU"),
        ("term", "2025 - 2030"),
        ("grain", "quarter"),
        ("bands", "100;90;70"),
    ];
    let r = app.post(&format!("/orgs/{city}/resolutions"), &office, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = r.headers["location"].to_str().unwrap().to_string();
    let doc: i64 = page.rsplit('/').next().unwrap().parse().unwrap();

    let target = |bound: &'static str| {
        [
            ("code", "1"),
            ("field", "Xây dựng Đảng và hệ thống chính trị"),
            ("name", "Kết nạp đảng viên mới"),
            ("unit", "đảng viên/năm"),
            ("bound", bound),
            ("yearly", "2026: từ 240 trở lên"),
            ("measure", "every_year"),
            ("direction", "higher"),
            ("accrual", "flow"),
            ("rollup", "sum"),
            ("assess_at", "any"),
            ("parent", ""),
        ]
    };
    let bad = app.post(&format!("/resolutions/{doc}/targets"), &office, &target("tăng mạnh")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(text(&bad.body).contains("Mục tiêu nhiệm kỳ: “tăng mạnh” không phải là mức chỉ tiêu"));
    let ok = app.post(&format!("/resolutions/{doc}/targets"), &office, &target("từ 250 trở lên")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let shown = text(&app.get(&page, &office).await.body);
    assert!(shown.contains("1 Kết nạp đảng viên mới đảng viên/năm từ 250 trở lên 2026: từ 240 trở lên"), "{shown}");

    let t = {
        let engine = app.state.ctx.engine();
        engine.targets_of(domain::DocumentId(doc)).next().unwrap().id.0
    };
    let children: Vec<i64> = {
        let engine = app.state.ctx.engine();
        engine.tree.get(app.seeded.city).unwrap().children.iter().map(|&c| engine.tree.nodes[c].org.id.0).collect()
    };
    let shares = |each: &'static str| children.iter().map(|c| (format!("v{c}"), each.to_string())).collect::<Vec<_>>();
    let post = |fields: Vec<(String, String)>| {
        let app = &app;
        let office = office.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post(&format!("/targets/{t}/allocate"), &office, &pairs).await
        }
    };
    let before = app.state.ctx.store.list_targets().await.unwrap().len();
    let short = text(&post(shares("15")).await.body);
    assert!(short.contains("Tổng chỉ tiêu giao cho các đơn vị (210) nhỏ hơn chỉ tiêu cấp trên (250)"), "{short}");
    assert_eq!(before, app.state.ctx.store.list_targets().await.unwrap().len(), "a refused allocation creates nothing");
    let done = text(&post(shares("18")).await.body);
    assert!(done.contains("Đã giao chỉ tiêu cho 14 đơn vị."), "{done}");
    let again = text(&post(shares("19")).await.body);
    assert!(again.contains("Đã giao chỉ tiêu cho 14 đơn vị."));
    let after = app.state.ctx.store.list_targets().await.unwrap();
    assert_eq!(
        after.iter().filter(|x| x.parent == Some(domain::TargetId(t))).count(),
        14,
        "re-allocating updates, never duplicates"
    );
    assert!(
        after.iter().filter(|x| x.parent == Some(domain::TargetId(t))).all(|x| x.term_bound.label() == "từ 19 trở lên")
    );

    let set =
        app.post(&format!("/resolutions/{doc}/schedule"), &office, &[("cutoff_day", "14"), ("due_days", "5")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let shown = text(&app.get(&page, &office).await.body);
    assert!(
        shown.contains(
            "Chế độ báo cáo: số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng cuối kỳ, gửi chậm nhất 5 ngày sau"
        ),
        "{shown}"
    );
    let bad =
        app.post(&format!("/resolutions/{doc}/schedule"), &office, &[("cutoff_day", "40"), ("due_days", "5")]).await;
    assert!(text(&bad.body).contains("Ngày chốt số liệu: cần một số từ 0 đến 28."));

    let mut edit = target("từ 260 trở lên").to_vec();
    edit[2] = ("name", "Kết nạp đảng viên mới hằng năm");
    let saved = app.post(&format!("/targets/{t}/edit"), &office, &edit).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let shown = text(&app.get(&page, &office).await.body);
    assert!(
        shown.contains("Kết nạp đảng viên mới hằng năm Tổng hợp: tổng các đơn vị đảng viên/năm từ 260 trở lên"),
        "{shown}"
    );
    let wrong = app.post(&format!("/targets/{t}/edit"), &office, &target("")).await;
    assert!(text(&wrong.body).contains("Mục tiêu nhiệm kỳ:"), "the form comes back with the field named");
    let audit = app.state.ctx.store.list_audit("target", &t.to_string(), 5).await.unwrap();
    assert!(
        audit[0].before.as_deref().unwrap().contains("từ 250 trở lên")
            && audit[0].after.as_deref().unwrap().contains("từ 260")
    );

    let reporter = app.login("phuhung").await;
    let refused = app.post(&format!("/orgs/{}/resolutions", app.seeded.phu_hung.0), &reporter, &form).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/targets/{t}/allocate"), &reporter).await.status, StatusCode::FORBIDDEN);
}
