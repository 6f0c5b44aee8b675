//! Explanation requests: the city's leader asks xã Phú Hưng, from its dashboard, to
//! explain an off-track target; the request waits in the commune's "Việc cần làm"; the
//! commune answers once on the target's history page; a neighbour can do neither.

use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};

#[tokio::test]
async fn an_off_track_target_is_explained_by_its_unit() {
    let app = spawn_app().await;
    let commune = app.seeded.phu_hung.0;
    let leader = app.login("thanhuy").await;
    let dashboard = app.get(&format!("/orgs/{commune}/dashboard?period=2020-9M"), &leader).await;
    let at = dashboard.body.find("id=\"ask-").expect("an off-track target offers a request");
    let target: String = dashboard.body[at + 8..].chars().take_while(char::is_ascii_digit).collect();
    let own = app.get(&format!("/orgs/{commune}/dashboard?period=2020-9M"), &app.login("phuhung").await).await;
    assert!(!own.body.contains("id=\"ask-"), "a unit does not ask itself");

    let ask = |question: &'static str, due: &'static str| {
        let (app, leader, target) = (&app, leader.clone(), target.clone());
        async move {
            let form = [("period", "2020-9M"), ("question", question), ("due_on", due)];
            app.post(&format!("/targets/{target}/explain"), &leader, &form).await
        }
    };
    let bad = ask("Vì sao chỉ tiêu đạt thấp?", "31/10").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(text(&bad.body).contains("Hạn giải trình"), "{}", text(&bad.body));
    assert_eq!(ask("Vì sao chỉ tiêu đạt thấp?", "30/10/2020").await.status, StatusCode::SEE_OTHER);

    let reporter = app.login("phuhung").await;
    let inbox = text(&app.get("/inbox", &reporter).await.body);
    assert!(inbox.contains("Giải trình") && inbox.contains("Vì sao chỉ tiêu đạt thấp?"), "{inbox}");
    let id = app.state.ctx.store.open_explanations().await.unwrap()[0].id;

    let neighbour = app.login("sondong").await;
    let refused =
        app.post(&format!("/explanations/{id}/answer"), &neighbour, &[("answer", "Không phải đơn vị tôi")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused =
        app.post(&format!("/targets/{target}/explain"), &reporter, &[("period", "2020-9M"), ("question", "?")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a reporter does not raise requests");
    assert_eq!(app.get(&format!("/targets/{target}/history"), &neighbour).await.status, StatusCode::FORBIDDEN);

    let empty = app.post(&format!("/explanations/{id}/answer"), &reporter, &[("answer", "  ")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let answered = app
        .post(&format!("/explanations/{id}/answer"), &reporter, &[("answer", "Do ảnh hưởng dịch bệnh, nguồn thu giảm")])
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let history = text(&app.get(&format!("/targets/{target}/history"), &leader).await.body);
    assert!(history.contains("Vì sao chỉ tiêu đạt thấp?") && history.contains("Do ảnh hưởng dịch bệnh"), "{history}");
    assert!(
        !text(&app.get("/inbox", &reporter).await.body).contains("Vì sao chỉ tiêu đạt thấp?"),
        "answered, it leaves the inbox"
    );
}
