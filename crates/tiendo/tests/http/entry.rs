//! Entry that forgives: a yes/no target takes the words a clerk writes, an implausible
//! value is written only with a comment that confirms it (kept in the value's history),
//! and after any mistake every typed value and comment comes back.

use crate::common::{spawn_app, text};
use domain::target::Bound;

#[tokio::test]
async fn the_form_takes_words_flags_the_implausible_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung;
    let cookie = app.login("phuhung").await;
    let period = domain::Period::Quarter { year: 2020, quarter: 3 };
    let (yes_no, counted, plan) = {
        let engine = app.state.ctx.engine();
        let (doc, rows) = engine.form(ph, period).unwrap();
        let entered = |yes: bool| {
            rows.iter()
                .filter(|r| !r.aggregated && r.entered.is_none())
                .find(|r| (r.target.plan_for(period, doc.term) == Bound::YesNo) == yes)
                .filter(|r| yes || r.target.plan_for(period, doc.term).reference(r.target.direction).is_some())
                .map(|r| r.target.clone())
                .unwrap()
        };
        let (yes_no, counted) = (entered(true), entered(false));
        let plan = counted.plan_for(period, doc.term).reference(counted.direction).unwrap();
        (yes_no.id.0, counted.id.0, plan)
    };
    let url = format!("/orgs/{}/figures", ph.0);
    let (v_yes, v_count, c_count) = (format!("v{yes_no}"), format!("v{counted}"), format!("c{counted}"));
    let huge = vn::number::format_f64((plan * 50.0).max(1000.0), 0);

    // A word for the yes/no target, an implausible value with no comment: nothing is
    // written, the value is named with why, and both come back as typed.
    let reply = app.post(&url, &cookie, &[("period", "2020-Q3"), (&v_yes, "Đạt"), (&v_count, &huge)]).await;
    let shown = text(&reply.body);
    assert!(shown.contains("gấp hơn 10 lần kế hoạch") && shown.contains("Ghi chú"), "{shown}");
    assert!(reply.body.contains(&format!("value=\"{huge}\"")), "the implausible value comes back");
    assert!(reply.body.contains("value=\"Đạt\""), "the word comes back as typed");
    let engine_value = |id: i64| app.state.ctx.engine().value(domain::TargetId(id), period);
    assert_eq!(engine_value(yes_no), None, "one flagged value writes nothing");

    // A word nobody could read is named with what is expected.
    let reply = app.post(&url, &cookie, &[("period", "2020-Q3"), (&v_yes, "có lẽ")]).await;
    assert!(text(&reply.body).contains("ghi “đạt” hoặc “chưa đạt”"), "{}", text(&reply.body));

    // With a comment the same value is written, and the comment is in its history.
    let note = "Số liệu gộp cả hai ấp mới sáp nhập";
    let reply =
        app.post(&url, &cookie, &[("period", "2020-Q3"), (&v_yes, "đạt"), (&v_count, &huge), (&c_count, note)]).await;
    assert!(text(&reply.body).contains("Đã lưu 2 giá trị"), "{}", text(&reply.body));
    assert_eq!(engine_value(yes_no), Some(1.0));
    let history = app.state.ctx.store.list_audit("figure", &format!("{counted}/2020-Q3"), 10).await.unwrap();
    assert!(history[0].after.as_deref().unwrap_or_default().contains(note), "{history:?}");
    // The form writes the yes/no value back as a word, and shows the quarter before.
    let page = app.get(&format!("{url}?period=2020-Q3"), &cookie).await;
    assert!(page.body.contains(&format!("id=\"{v_yes}\" name=\"{v_yes}\" value=\"đạt\"")), "{}", page.body);
    assert!(text(&page.body).contains("quý II/2020"), "the previous quarter heads a column");
    assert!(
        text(&page.body).contains("mức đạt được cuối quý III/2020") || text(&page.body).contains("số phát sinh riêng")
    );

    // The API asks for the same comment, and takes words for a yes/no target.
    let token = crate::api::token_for(&app, "phuhung").await;
    let api = format!("/api/v1/orgs/{}/figures", ph.0);
    let twice = vn::number::format_f64((plan * 50.0).max(1000.0) * 20.0, 0);
    let body = serde_json::json!({"period": "2020-Q3", "values": {counted.to_string(): twice}});
    let (status, _, problem) = crate::api::call(&app, "POST", &api, Some(&token), Some(body)).await;
    assert_eq!(status, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(problem.to_string().contains("Ghi chú"), "{problem}");
    let body = serde_json::json!({"period": "2020-Q3", "values": {counted.to_string(): twice, yes_no.to_string(): "chưa đạt"},
        "notes": {counted.to_string(): "Theo số liệu của Chi cục Thống kê"}});
    let (status, _, done) = crate::api::call(&app, "POST", &api, Some(&token), Some(body)).await;
    assert_eq!((status, done["changed"].clone()), (axum::http::StatusCode::OK, serde_json::json!(2)), "{done}");
    assert_eq!(engine_value(yes_no), Some(0.0));
}
