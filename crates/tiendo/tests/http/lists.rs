//! Lists that scale: meetings, the register of people and counted work come a page at
//! a time, filtered by kind and sorted by any column, the choice kept in the address.

use axum::http::StatusCode;

use crate::common::{spawn_app, text};

/// The texts of the `n`-th cell (from 1) of each row of the table `id`, in order.
fn column(body: &str, id: &str, n: usize) -> Vec<String> {
    let table = body.split(&format!("id=\"{id}\"")).nth(1).unwrap().split("</table>").next().unwrap();
    table
        .split("<tr>")
        .skip(2)
        .map(|row| text(row.split("<td").nth(n).map(|c| c.split_once('>').unwrap().1).unwrap_or_default()))
        .map(|c| c.split("</td>").next().unwrap_or_default().trim().to_string())
        .collect()
}

#[tokio::test]
async fn meetings_come_a_page_at_a_time_of_a_kind_in_an_order() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let office = app.login("vanphong").await;
    for i in 1..=30 {
        let kind = if i % 3 == 0 { "btv_meeting" } else { "working_session" };
        let day = format!("{}/10/2020", i);
        let title = format!("Cuộc họp số {i:02}");
        let form = [("kind", kind), ("held_on", day.as_str()), ("title", title.as_str())];
        let r = app.post(&format!("/orgs/{city}/meetings"), &office, &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", text(&r.body));
    }
    let first = app.get(&format!("/orgs/{city}/meetings"), &office).await.body;
    let days = column(&first, "meetings", 1);
    assert_eq!(days.len(), 25, "one page");
    assert_eq!(days[0], "30/10/2020", "newest first");
    assert!(text(&first).contains("Trang 1/2"), "{}", text(&first));
    let second = app.get(&format!("/orgs/{city}/meetings?sap=-ngay&trang=2"), &office).await.body;
    assert!(column(&second, "meetings", 1).len() >= 5);

    let standing = app.get(&format!("/orgs/{city}/meetings?loai=btv_meeting&sap=ten"), &office).await.body;
    let titles = column(&standing, "meetings", 2);
    assert_eq!(titles.len(), 10, "{titles:?}");
    assert_eq!(titles[0], "Cuộc họp số 03");
    let heading = standing
        .split("aria-sort=\"ascending\"><a href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default();
    let expected = format!("/orgs/{city}/meetings?loai=btv_meeting&#38;sap=-ten");
    assert_eq!(heading, expected, "the heading keeps the filter and turns the order");
}

#[tokio::test]
async fn the_register_sorts_by_any_column_and_keeps_current_titles() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let office = app.login("vanphong").await;
    let by_name = app.get(&format!("/orgs/{city}/people?sap=-ten"), &office).await.body;
    assert!(by_name.contains("aria-sort=\"descending\""));
    let names = column(&by_name, "people", 1);
    let mut expected = names.clone();
    expected.sort_by_key(|n| vn::collate::sort_key(n));
    expected.reverse();
    assert!(names.len() >= 2);
    assert_eq!(names, expected);
    let current = app.get(&format!("/orgs/{city}/people?loai=dang-giu"), &office).await;
    assert_eq!(current.status, StatusCode::OK);
    assert!(text(&current.body).contains("Tất cả · Đang giữ chức vụ"));

    let reporter = app.login("phuhung").await;
    let commune = app.seeded.phu_hung.0;
    for kind in ["dissemination", "survey"] {
        let form = [("kind", kind), ("period", "quý III/2020"), ("count", "2"), ("summary", kind)];
        assert_eq!(app.post(&format!("/orgs/{commune}/work"), &reporter, &form).await.status, StatusCode::SEE_OTHER);
    }
    let work = app.get(&format!("/orgs/{commune}/work?period=2020-Q3&loai=survey"), &reporter).await.body;
    let kinds = column(&work, "work-entries", 2);
    assert_eq!(kinds.len(), 1, "{kinds:?}");
}
