//! The organisation tree: nested and collapsible, each unit with its report for the
//! current period, and only the user's own subtree.

use crate::common::{spawn_app, text};

#[tokio::test]
async fn the_tree_nests_units_with_their_report_status() {
    let app = spawn_app().await;
    let leader = app.login("thanhuy").await;
    let page = app.get("/orgs", &leader).await.body;
    let (opened, closed) = (page.matches("<ul").count(), page.matches("</ul>").count());
    assert_eq!(opened, closed, "every nested list is closed");
    assert!(page.matches("<details").count() >= 3, "units with units below collapse");
    assert!(page.contains("id=\"tree-filter\""), "the tree can be filtered");
    let t = text(&page);
    assert!(t.contains("Đảng ủy xã Phú Hưng") && t.contains("Chi bộ ấp Phú Chánh"), "{t}");
    assert!(t.contains(": Đang nhập") || t.contains(": Đã gửi"), "each unit says where its report stands: {t}");
    // A commune's reporter sees its own subtree only.
    let reporter = app.login("phuhung").await;
    let t = text(&app.get("/orgs", &reporter).await.body);
    assert!(t.contains("Đảng ủy xã Phú Hưng") && !t.contains("Sơn Đông") && !t.contains("Thành ủy Bến Tre"), "{t}");
}

/// A year whose last quarter is not in says so beside its evaluation.
#[tokio::test]
async fn a_period_with_quarters_not_in_says_so() {
    let app = spawn_app().await;
    let leader = app.login("thanhuy").await;
    let ph = app.seeded.phu_hung.0;
    let year = text(&app.get(&format!("/orgs/{ph}/dashboard?period=2020"), &leader).await.body);
    assert!(year.contains("Chưa có số liệu quý IV/2020: kết quả năm 2020 chỉ tính"), "{year}");
    let nine = text(&app.get(&format!("/orgs/{ph}/dashboard?period=2020-9M"), &leader).await.body);
    assert!(!nine.contains("Chưa có số liệu"), "nine months are all in: {nine}");
}

/// A unit with many units below shows them a page at a time, in the order asked for.
#[tokio::test]
async fn a_long_list_of_lower_units_comes_a_page_at_a_time() {
    let app = spawn_app().await;
    let ctx = &app.state.ctx;
    let mut tx = ctx.store.begin().await.unwrap();
    for i in 1..=20 {
        let name = format!("Chi bộ khu dân cư số {i}");
        let unit = store::NewOrg { parent: Some(app.seeded.city), name: &name, kind: "chi_bo", position: 100 + i };
        tx.insert_org(&store::Actor::system(), unit).await.unwrap();
    }
    tx.commit().await.unwrap();
    ctx.sync().await.unwrap();
    let leader = app.login("thanhuy").await;
    let city = app.seeded.city.0;
    let rows =
        |body: &str| body.split("<tbody>").last().unwrap().split("</tbody>").next().unwrap().matches("<tr>").count();
    let first = app.get(&format!("/orgs/{city}/dashboard?period=2020-9M"), &leader).await.body;
    assert_eq!(rows(&first), 25, "34 units, 25 on the first page");
    assert!(text(&first).contains("Trang 1/2 · 34 mục"), "{}", text(&first));
    let second = app.get(&format!("/orgs/{city}/dashboard?period=2020-9M&sap=don-vi&trang=2"), &leader).await.body;
    assert_eq!(rows(&second), 9);
    assert!(second.contains("rel=\"prev\""));
}
