//! The reporting cycle through the pages: a commune submits, the city office returns it
//! with a reason, the commune corrects and resubmits, the standing office accepts, and
//! the figures are locked until a leader unlocks them.

use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};

#[tokio::test]
async fn a_period_is_reported_reviewed_and_locked() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung.0;
    let form = format!("/orgs/{ph}/figures?period=2020-Q3");
    let report = format!("/orgs/{ph}/report");
    let step = |s: &'static str| [("period", "2020-Q3"), ("step", s), ("confirm", "yes")];
    let reporter = app.login("phuhung").await;
    let office = app.login("vanphong").await;
    let leader = app.login("thanhuy").await;

    let page = text(&app.get(&form, &reporter).await.body);
    assert!(page.contains("Trạng thái: Đang nhập · Hạn gửi: 19/9/2020"), "{page}");
    assert_eq!(
        app.post(&report, &office, &step("accept")).await.status,
        StatusCode::FORBIDDEN,
        "the office reviews, leaders accept"
    );
    assert_eq!(
        app.post(&report, &reporter, &step("accept")).await.status,
        StatusCode::FORBIDDEN,
        "nobody accepts their own report"
    );

    // Submitting first shows what the report holds and asks to confirm; nothing is sent.
    let asked = app.post(&report, &reporter, &[("period", "2020-Q3"), ("step", "submit")]).await;
    let shown = text(&asked.body);
    assert!(shown.contains("Kiểm tra trước khi gửi báo cáo quý III/2020") && shown.contains("Còn để trống"), "{shown}");
    assert!(asked.body.contains("id=\"confirm-submit\""), "{}", asked.body);
    assert!(text(&app.get(&form, &reporter).await.body).contains("Trạng thái: Đang nhập"), "not sent yet");
    let sent = text(&app.post(&report, &reporter, &step("submit")).await.body);
    assert!(sent.contains("Đã gửi báo cáo quý III/2020 (trễ hạn)."), "{sent}");
    let target = {
        let engine = app.state.ctx.engine();
        let doc = engine.resolutions_of(app.seeded.phu_hung)[0].id;
        engine.targets_of(doc).nth(5).unwrap().id.0
    };
    let field = format!("v{target}");
    let locked =
        text(&app.post(&format!("/orgs/{ph}/figures"), &reporter, &[("period", "2020-Q3"), (&field, "30")]).await.body);
    assert!(locked.contains("số liệu đã khóa"), "{locked}");

    let inbox = text(&app.get("/inbox", &office).await.body);
    assert!(inbox.contains("Chờ duyệt Đảng ủy xã Phú Hưng Xem xét báo cáo quý III/2020 (gửi trễ hạn)"), "{inbox}");
    let no_reason = text(&app.post(&report, &office, &step("return")).await.body);
    assert!(no_reason.contains("Lý do: cần ghi lý do"), "{no_reason}");
    let returned = app
        .post(
            &report,
            &office,
            &[
                ("period", "2020-Q3"),
                ("step", "return"),
                ("reason", "Số hộ kinh doanh mới chưa khớp báo cáo của UBND xã"),
            ],
        )
        .await;
    assert!(text(&returned.body).contains("Đã trả lại báo cáo quý III/2020 cho đơn vị."));
    let inbox = text(&app.get("/inbox", &reporter).await.body);
    assert!(
        inbox.contains(
            "Bị trả lại Đảng ủy xã Phú Hưng Sửa và gửi lại báo cáo quý III/2020: Số hộ kinh doanh mới chưa khớp"
        ),
        "{inbox}"
    );

    let fixed =
        text(&app.post(&format!("/orgs/{ph}/figures"), &reporter, &[("period", "2020-Q3"), (&field, "30")]).await.body);
    assert!(fixed.contains("Đã lưu 1 giá trị"), "{fixed}");
    app.post(&report, &reporter, &step("submit")).await;
    let accepted = text(&app.post(&report, &leader, &step("accept")).await.body);
    assert!(accepted.contains("Đã chấp nhận báo cáo quý III/2020; số liệu đã khóa."), "{accepted}");

    let city = text(&app.get(&format!("/orgs/{}/dashboard?period=2020-Q3", app.seeded.city.0), &leader).await.body);
    assert!(
        city.contains(
            "Báo cáo quý III/2020: 8/14 đơn vị đã gửi (5 đúng hạn, 3 trễ hạn), 1 đã được chấp nhận, 0 bị trả lại."
        ),
        "{city}"
    );
    assert!(city.contains("Đã chấp nhận (trễ hạn)"));

    let relock =
        text(&app.post(&format!("/orgs/{ph}/figures"), &reporter, &[("period", "2020-Q3"), (&field, "31")]).await.body);
    assert!(relock.contains("số liệu đã khóa"));
    assert_eq!(
        app.post(&report, &office, &[("period", "2020-Q3"), ("step", "unlock"), ("reason", "x")]).await.status,
        StatusCode::FORBIDDEN
    );
    let unlocked = text(
        &app.post(
            &report,
            &leader,
            &[("period", "2020-Q3"), ("step", "unlock"), ("reason", "Cập nhật số liệu thống kê")],
        )
        .await
        .body,
    );
    assert!(unlocked.contains("Đã mở khóa báo cáo quý III/2020."));
    let again = text(&app.post(&report, &leader, &step("accept")).await.body);
    assert!(again.contains("không thể chấp nhận"), "{again}");
    let audit = app.state.ctx.store.list_audit("report", &format!("{ph}/%/2020-Q3"), 20).await.unwrap();
    assert_eq!(audit.len(), 5, "every step is in the audit log");
}
