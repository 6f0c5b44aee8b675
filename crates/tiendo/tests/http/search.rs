//! The search box: accent-insensitive, đ-aware, abbreviation-aware, ranked, and limited
//! to what the user may see.

use crate::common;

use common::{spawn_app, text};

/// The results as read, each group's count left out: "Đơn vị Đảng ủy xã Phú Hưng …".
fn results(body: &str) -> String {
    let shown = text(body.split("id=\"results\"").nth(1).unwrap_or(""));
    let mut out = String::new();
    let mut rest = shown.as_str();
    while let Some(open) = rest.find(" (") {
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
        let counted = rest[open + 2..close - 1].chars().all(|c| c.is_ascii_digit());
        out.push_str(&rest[..if counted { open } else { close }]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
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

    // People of the register by name, with their title; meetings and tasks by their words.
    let page = app.get("/search?q=nguyen+van+tuan", &leader).await;
    let r = results(&page.body);
    assert!(r.starts_with("Cán bộ Nguyễn Văn Tuấn Bí thư Thành ủy Thành ủy Bến Tre"), "{r}");
    assert!(page.body.contains("value=\"nguyen van tuan\""), "the query stays in the box");
    let r = results(&app.get("/search?q=lam+viec+voi+phu+hung", &leader).await.body);
    assert!(r.contains("Cuộc họp Thường trực Thành ủy làm việc với"), "{r}");
    let r = results(&app.get("/search?q=quy+che+lam+viec", &leader).await.body);
    assert!(r.contains("Nhiệm vụ Hoàn chỉnh quy chế làm việc"), "{r}");
    // A commune's reporter finds the tasks given to the commune, not the city's own.
    let reporter = app.login("phuhung").await;
    let r = results(&app.get("/search?q=tuyen+truyen+ket+qua+dai+hoi", &reporter).await.body);
    assert!(r.contains("Nhiệm vụ Đẩy mạnh tuyên truyền kết quả Đại hội"), "{r}");
    let r = text(&app.get("/search?q=quy+che+lam+viec", &reporter).await.body);
    assert!(!r.contains("Hoàn chỉnh quy chế làm việc"), "{r}");

    let neighbour = app.login("sondong").await;
    let r = text(&app.get("/search?q=phu+hung", &neighbour).await.body);
    assert!(r.contains("Không tìm thấy kết quả nào trong phạm vi bạn được xem."), "{r}");
    let r = results(&app.get("/search?q=son+dong", &neighbour).await.body);
    assert!(r.starts_with("Đơn vị Đảng ủy xã Sơn Đông"), "{r}");
}
