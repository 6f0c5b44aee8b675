//! The search box: accent-insensitive, đ-aware, abbreviation-aware, ranked, and limited
//! to what the user may see.

use crate::common;

use common::{spawn_app, text};

fn results(body: &str) -> String {
    text(body.split("id=\"results\"").nth(1).unwrap_or(""))
}

#[tokio::test]
async fn finds_units_documents_and_targets_the_way_people_type() {
    let app = spawn_app().await;
    let leader = app.login("thanhuy").await;
    let first = |r: String| r.split(" Đơn vị ").next().unwrap_or("").to_string();
    let r = results(&app.get("/search?q=phu+hung", &leader).await.body);
    assert!(r.starts_with("Đơn vị Đảng ủy xã Phú Hưng"), "{r}");
    let r = results(&app.get("/search?q=dang+uy+son+dong", &leader).await.body);
    assert!(r.starts_with("Đơn vị Đảng ủy xã Sơn Đông"), "{r}");
    for q in ["07-KH%2FThU", "ke+hoach+07", "K%E1%BA%BF+ho%E1%BA%A1ch+s%E1%BB%91+07"] {
        let r = results(&app.get(&format!("/search?q={q}"), &leader).await.body);
        assert!(r.starts_with("Văn bản Kế hoạch lãnh đạo, chỉ đạo triển khai quán triệt"), "{q}: {r}");
    }
    let r = results(&app.get("/search?q=ket+nap+dang+vien", &leader).await.body);
    assert!(r.contains("Chỉ tiêu Kết nạp đảng viên mới"), "{r}");
    let r = results(&app.get("/search?q=van+phong+phu+hung", &leader).await.body);
    assert!(first(r.clone()).contains("Người dùng Văn phòng Đảng ủy xã Phú Hưng"), "{r}");

    let neighbour = app.login("sondong").await;
    let r = text(&app.get("/search?q=phu+hung", &neighbour).await.body);
    assert!(r.contains("Không tìm thấy kết quả nào trong phạm vi bạn được xem."), "{r}");
    let r = results(&app.get("/search?q=son+dong", &neighbour).await.body);
    assert!(r.starts_with("Đơn vị Đảng ủy xã Sơn Đông"), "{r}");
}
