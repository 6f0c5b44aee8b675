//! Restructuring over HTTP: a plan in Excel through the page (template, preview, apply),
//! the same plan through the API, each mistake by row, and the history restated.

use crate::api::{call, token_for};
use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};
use paper::{Align, Cell, Column, Table};
use serde_json::json;

fn workbook(rows: &[[&str; 8]]) -> Vec<u8> {
    let headings = domain::restructuring::headings();
    let mut t = Table::new("Kế hoạch", headings.iter().map(|h| Column::new(h, 20, Align::Left)).collect());
    t.bare = true;
    for r in rows {
        t.push(r.iter().map(|c| Cell::text(*c)).collect());
    }
    paper::xlsx::write(&[t]).unwrap()
}

/// The value of the hidden `plan` field, unescaped as the browser would post it.
fn hidden_plan(html: &str) -> String {
    let v = html.split("name=\"plan\" value=\"").nth(1).expect("a plan to apply").split('"').next().unwrap();
    v.replace("&#34;", "\"").replace("&#39;", "'").replace("&#60;", "<").replace("&#62;", ">").replace("&#38;", "&")
}

#[tokio::test]
async fn an_excel_plan_is_previewed_then_applied_from_the_page() {
    let app = spawn_app().await;
    let reporter = app.login("phuhung").await;
    assert_eq!(
        app.get("/orgs/restructure", &reporter).await.status,
        StatusCode::FORBIDDEN,
        "a reporter restructures nothing"
    );
    let office = app.login("vanphong").await;
    let (status, kind, bytes) = app.download("/templates/restructure.xlsx", &office).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let template = sheet::read("mau.xlsx", &bytes).unwrap();
    assert_eq!(template[0], domain::restructuring::headings());

    let day = "01/7/2025";
    let bad = workbook(&[["Đảng ủy Phường 7", "Đảng ủy phường Bến Tre", "Gộp", "", day, "QĐ 5", "", ""]]);
    let r = app.multipart("/orgs/restructure", &office, "file", Some("ke-hoach.xlsx"), &bad).await;
    let t = text(&r.body);
    assert!(t.contains("Chưa áp dụng") && t.contains("Hình thức"), "{t}");

    let good = workbook(&[
        ["Đảng ủy Phường 7", "Đảng ủy phường Bến Tre", "Sáp nhập", "", day, "QĐ 5", "", "Đảng ủy phường"],
        ["Đảng ủy Phường 8", "Đảng ủy phường Bến Tre", "Sáp nhập", "", day, "QĐ 5", "", ""],
    ]);
    let r = app.multipart("/orgs/restructure", &office, "file", Some("ke-hoach.xlsx"), &good).await;
    let t = text(&r.body);
    assert!(t.contains("Xem trước: 9 thay đổi"), "{t}");
    assert!(t.contains("Đảng ủy Phường 7 sáp nhập vào Đảng ủy phường Bến Tre (thành lập mới)"), "{t}");
    let plan = hidden_plan(&r.body);
    let r = app.post("/orgs/restructure/apply", &office, &[("plan", &plan)]).await;
    assert!(text(&r.body).contains("thành lập 1 đơn vị mới"), "{}", text(&r.body));
    // Applying the same plan again is refused by row: those wards are gone on that day.
    let r = app.post("/orgs/restructure/apply", &office, &[("plan", &plan)]).await;
    assert!(text(&r.body).contains("không có đơn vị “Đảng ủy Phường 7”"), "{}", text(&r.body));
    // A plan posted back that is not a plan is a bad request, in Vietnamese.
    let r = app.post("/orgs/restructure/apply", &office, &[("plan", "{không phải")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // The tree of today has the new ward, the tree of 2020 the old wards.
    let tree = |t: String| t.split("Thay đổi cơ cấu").next().unwrap().to_string();
    let now = tree(text(&app.get("/orgs", &office).await.body));
    assert!(now.contains("Đảng ủy phường Bến Tre") && !now.contains("Đảng ủy Phường 7"), "{now}");
    let then = tree(text(&app.get("/orgs?ngay=30/9/2020", &office).await.body));
    assert!(then.contains("Đảng ủy Phường 7") && !then.contains("Đảng ủy phường Bến Tre"), "{then}");
    let odd = text(&app.get("/orgs?ngay=31/02/2020", &office).await.body);
    assert!(odd.contains("không đọc được"), "{odd}");
}

#[tokio::test]
async fn the_api_checks_applies_and_tells_the_history() {
    let app = spawn_app().await;
    let token = token_for(&app, "vanphong").await;
    let header = domain::restructuring::headings();
    let rows = json!([
        header,
        ["Đảng ủy xã Bình Phú", "Đảng ủy xã Phú Nhuận", "Chia tách", "60%", "01/7/2025", "QĐ 6", "", ""],
        ["Đảng ủy xã Bình Phú", "Đảng ủy xã Mỹ Thạnh An", "Chia tách", "30%", "01/7/2025", "QĐ 6", "", ""],
    ]);
    let (status, _, body) = call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": rows}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("rows.1") && body.to_string().contains("90%"), "{body}");

    let rows = json!([
        header,
        ["Đảng ủy xã Bình Phú", "Đảng ủy xã Phú Nhuận", "Chia tách", "60%", "01/7/2025", "QĐ 6", "", ""],
        ["Đảng ủy xã Bình Phú", "Đảng ủy xã Mỹ Thạnh An", "Chia tách", "40%", "01/7/2025", "QĐ 6", "", ""],
        ["Chi bộ ấp 1", "", "Chuyển", "", "01/7/2025", "QĐ 6", "Đảng ủy xã Phú Nhuận", ""],
    ]);
    // Chi bộ share names across communes: the plan must say which one.
    let (status, _, body) = call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": rows}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("ghi số hiệu đơn vị"), "{body}");

    let reporter = token_for(&app, "phuhung").await;
    let small = json!([header, ["Đảng ủy Phường 5", "Đảng ủy Phường 6", "Sáp nhập", "", "01/7/2025", "QĐ 7", "", ""]]);
    let (status, ..) =
        call(&app, "POST", "/api/v1/restructure", Some(&reporter), Some(json!({"rows": small, "apply": true}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": small}))).await;
    assert_eq!((status, body["applied"].clone()), (StatusCode::OK, json!(false)), "{body}");
    assert_eq!(body["changes"][0]["row"], 1);
    let (status, _, body) =
        call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": small, "apply": true}))).await;
    assert_eq!((status, body["founded"].clone()), (StatusCode::OK, json!([])), "{body}");

    // Phường 6 took Phường 5 over: its history restates Phường 5's figures onto it.
    let orgs = call(&app, "GET", "/api/v1/orgs", Some(&token), None).await.2;
    let id = |name: &str| orgs["orgs"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].clone();
    let six = id("Đảng ủy Phường 6");
    let (status, _, h) =
        call(&app, "GET", &format!("/api/v1/orgs/{six}/lineage?date=2026-01-01"), Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{h}");
    let revenue =
        h["inherited"].as_array().unwrap().iter().find(|i| i["name"] == "Thu ngân sách nhà nước trên địa bàn").unwrap();
    let five: f64 = revenue["reported"][0]["values"][0].as_f64().unwrap();
    let six_own: f64 = revenue["reported"][1]["values"][0].as_f64().unwrap_or(0.0);
    let restated = revenue["restated"][0]["value"].as_f64().unwrap();
    assert!((restated - (five + six_own)).abs() < 1e-9, "{revenue}");
    let (status, ..) =
        call(&app, "GET", &format!("/api/v1/orgs/{six}/lineage?date=2026-02-31"), Some(&token), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A new term's target is linked to the earlier term's one it continues, from the
/// ward's history page; its trend then shows the earlier term restated.
#[tokio::test]
async fn a_new_target_continues_the_earlier_terms() {
    let app = spawn_app().await;
    let token = token_for(&app, "vanphong").await;
    let header = domain::restructuring::headings();
    let plan = json!([
        header,
        ["Đảng ủy Phường 7", "Đảng ủy phường Bến Tre", "Sáp nhập", "", "01/7/2025", "QĐ 5", "", "Đảng ủy phường"],
        ["Đảng ủy Phường 8", "Đảng ủy phường Bến Tre", "Sáp nhập", "", "01/7/2025", "QĐ 5", "", ""],
    ]);
    let (status, _, body) =
        call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": plan, "apply": true}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ward = body["founded"][0].as_i64().unwrap();

    let office = app.login("vanphong").await;
    let form = [
        ("title", "Nghị quyết Đại hội Đảng bộ phường Bến Tre nhiệm kỳ 2025–2030"),
        ("number", ""),
        ("term", "2025–2030"),
        ("grain", "quarter"),
        ("bands", "100;90;70"),
    ];
    let r = app.post(&format!("/orgs/{ward}/resolutions"), &office, &form).await;
    let doc = r.location();
    assert!(doc.starts_with("/resolutions/"), "{}", text(&r.body));
    let target = [
        ("code", "1"),
        ("field", "Kinh tế"),
        ("name", "Thu ngân sách nhà nước trên địa bàn"),
        ("unit", "tỷ đồng"),
        ("bound", "từ 100 trở lên"),
        ("yearly", ""),
        ("measure", "every_year"),
        ("direction", "higher"),
        ("accrual", "flow"),
        ("rollup", "sum"),
        ("assess_at", "any"),
        ("parent", ""),
    ];
    let r = app.post(&format!("{doc}/targets"), &office, &target).await;
    assert!(r.status.is_redirection(), "{}", text(&r.body));

    let page = app.get(&format!("/orgs/{ward}/lineage"), &office).await;
    let t = text(&page.body);
    assert!(t.contains("Quy đổi về Đảng ủy phường Bến Tre") && t.contains("Đảng ủy Phường 7 (đã báo cáo)"), "{t}");
    // The revenue family's form names the root target and the ward's own target.
    let body = page.body;
    let section = body
        .split("<details class=\"card inherited\"")
        .find(|b| b.split("</summary>").next().unwrap().contains("Thu ngân sách nhà nước trên địa bàn"))
        .expect("the revenue family");
    let predecessor =
        section.split("name=\"predecessor\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let own = section.split("<option value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();

    // A target of the same term is not an earlier one.
    let r = app.post(&format!("/orgs/{ward}/lineage/link"), &office, &[("target", &own), ("predecessor", &own)]).await;
    assert!(!r.status.is_success() && !r.status.is_redirection(), "{}", r.status);
    let r = app
        .post(&format!("/orgs/{ward}/lineage/link"), &office, &[("target", &own), ("predecessor", &predecessor)])
        .await;
    assert!(r.status.is_redirection(), "{}", text(&r.body));
    let trend = text(&app.get(&format!("/targets/{own}/trend"), &office).await.body);
    assert!(trend.contains("Nhiệm kỳ trước") && trend.contains("Đảng ủy Phường 8 (đã báo cáo)"), "{trend}");
    // A reporter of a commune elsewhere may not link the ward's targets.
    let reporter = app.login("sondong").await;
    let r = app
        .post(&format!("/orgs/{ward}/lineage/link"), &reporter, &[("target", &own), ("predecessor", &predecessor)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// A commune's office restructures its own chi bộ; a plan naming a neighbour is answered
/// as if the neighbour did not exist, and names none of the neighbour's units.
#[tokio::test]
async fn a_plan_names_nothing_outside_the_callers_reach() {
    let app = spawn_app().await;
    app.add_user("vpphuhung", domain::access::Role::Specialist, app.seeded.phu_hung).await;
    let token = token_for(&app, "vpphuhung").await;
    let header = domain::restructuring::headings();
    let elsewhere = json!([header, ["Đảng ủy xã Sơn Đông", "", "Giải thể", "", "01/7/2025", "QĐ 3", "", ""]]);
    let (status, _, body) =
        call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": elsewhere}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let said = body.to_string();
    assert!(said.contains("không có đơn vị “Đảng ủy xã Sơn Đông”"), "{said}");
    assert!(!said.contains("Chi bộ ấp"), "no unit below the neighbour is named: {said}");
    let own =
        json!([header, ["Chi bộ ấp Phú Lợi", "Chi bộ ấp Phú Thạnh", "Sáp nhập", "", "01/7/2025", "QĐ 3", "", ""]]);
    let (status, _, body) = call(&app, "POST", "/api/v1/restructure", Some(&token), Some(json!({"rows": own}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
