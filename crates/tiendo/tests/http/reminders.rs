//! Reminders: the job reminds the people who report for a unit of its overdue tasks, in
//! the app and by e-mail through an SMTP sink the test starts itself. Two workers on two
//! connections to the same database — two tiendo processes — send every reminder exactly
//! once, and running again after a restart sends nothing new.

use crate::common;

use common::{SmtpSink, spawn_app, text};
use tiendo::remind::{Mailer, run_once};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_reminder_goes_out_once_across_workers_and_restarts() {
    let app = spawn_app().await;
    let store = &app.state.ctx.store;
    let actor = store::Actor::system();
    let phu_hung = app.seeded.phu_hung;
    // The reporter gives a work e-mail on the account page; a malformed one is named.
    let cookie = app.login("phuhung").await;
    let bad = app.post("/account/email", &cookie, &[("email", "vanphong@")]).await;
    assert!(text(&bad.body).contains("Thư điện tử: “vanphong@” không đúng dạng"), "{}", text(&bad.body));
    let saved = app.post("/account/email", &cookie, &[("email", "vanphong@phuhung.bentre.gov.vn")]).await;
    assert!(text(&saved.body).contains("Đã lưu thư điện tử nhận nhắc việc"));
    let day = |s: &str| vn::parse_date(s).ok();
    let meeting = store::NewMeeting {
        org: app.seeded.city,
        kind: "working_session".into(),
        held_on: vn::parse_date("18/9/2020").unwrap(),
        title: "Làm việc với Đảng ủy xã Phú Hưng".into(),
        chair: String::new(),
        concerns: Some(phu_hung),
        difficulties: String::new(),
        conclusions: (1..=5)
            .map(|i| store::NewTask {
                body: format!("Kết luận số {i} của buổi làm việc"),
                assignee: phu_hung,
                assignee_name: "Đảng ủy xã Phú Hưng".into(),
                coordinating: String::new(),
                expected: String::new(),
                due_on: day("30/9/2020"),
            })
            .collect(),
        chair_person: None,
        attendees: vec![],
        documents: String::new(),
        figures: String::new(),
        explanations: vec![],
    };
    store.record_meeting(&actor, &meeting).await.unwrap();
    let open = store.open_assigned_tasks().await.unwrap().iter().filter(|t| t.assignee_org == Some(phu_hung)).count();
    assert_eq!(open, 7, "five conclusions, the demo's recommendation and its session's overdue task");

    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(
        &format!("127.0.0.1:{}", sink.port),
        "Văn phòng Thành ủy <vanphong@bentre.gov.vn>",
        "http://tiendo.local",
    )
    .unwrap();
    let other = store.reconnect().await.unwrap();
    let (a, b) = tokio::join!(
        run_once(store, &app.state.ctx.live, Some(&mailer), "worker-a"),
        run_once(&other, &app.state.ctx.live, Some(&mailer), "worker-b"),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.failed, b.failed), (0, 0));
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 7, "one e-mail per overdue task for the one person with an address");
    assert!(messages.iter().all(|(to, _)| to == &["vanphong@phuhung.bentre.gov.vn".to_string()]));
    // Bodies differ by task; equal bodies would mean a task's e-mail went out twice.
    let mut bodies: Vec<&str> = messages.iter().filter_map(|(_, m)| m.split_once("\n\n").map(|(_, b)| b)).collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 7, "no task's e-mail went out twice");
    // Each reminder has its own Message-ID, the same on every sending, so a repeat after a
    // crash can be dropped.
    let mut ids: Vec<&str> = messages
        .iter()
        .filter_map(|(_, m)| m.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")))
        .collect();
    assert!(ids.iter().all(|l| l.contains("<nhac-viec-") && l.contains("@bentre.gov.vn>")), "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 7);
    // In the app: the reporter and the city's leader and specialist, seven each.
    assert_eq!(a.sent + b.sent, 7 + 3 * 7);

    // A restart: a new connection, a new worker, the same day — nothing new goes out.
    let restarted = store.reconnect().await.unwrap();
    let again = run_once(&restarted, &app.state.ctx.live, Some(&mailer), "worker-c").await.unwrap();
    assert_eq!((again.enqueued, again.sent), (0, 0));
    assert_eq!(sink.count(), 7);

    let inbox = text(&app.get("/inbox", &cookie).await.body);
    assert!(
        inbox.contains("Thông báo nhắc việc") && inbox.contains("Nhiệm vụ đã quá hạn (30/9/2020): Kết luận số 1"),
        "{inbox}"
    );
    let neighbour = app.login("sondong").await;
    assert!(!text(&app.get("/inbox", &neighbour).await.body).contains("Kết luận số 1"), "a neighbour is not reminded");
    other.close().await;
    restarted.close().await;
}

/// A worker that stops gives its claims back at once; one that dies loses them when its
/// short lease runs out, and another worker delivers them.
#[tokio::test]
async fn claims_come_back_when_a_worker_stops_or_dies() {
    let app = spawn_app().await;
    let store = &app.state.ctx.store;
    let phu_hung = app.seeded.phu_hung;
    let task = store::NewTask {
        body: "Báo cáo tiến độ chuyển đổi số".into(),
        assignee: phu_hung,
        assignee_name: "Đảng ủy xã Phú Hưng".into(),
        coordinating: String::new(),
        expected: String::new(),
        due_on: vn::parse_date("30/9/2020").ok(),
    };
    let meeting = store::NewMeeting {
        org: app.seeded.city,
        kind: "working_session".into(),
        held_on: vn::parse_date("18/9/2020").unwrap(),
        title: "Làm việc".into(),
        chair: String::new(),
        concerns: Some(phu_hung),
        difficulties: String::new(),
        conclusions: vec![task],
        chair_person: None,
        attendees: vec![],
        documents: String::new(),
        figures: String::new(),
        explanations: vec![],
    };
    store.record_meeting(&store::Actor::system(), &meeting).await.unwrap();
    let today = vn::parse_date("1/10/2020").unwrap();
    let now = store::now_ms();
    assert!(tiendo::remind::enqueue(store, &app.state.ctx.live, false, today, now).await.unwrap() > 0);
    let held = store.claim_reminders("worker-x", now, 60_000, 100).await.unwrap();
    assert!(!held.is_empty());
    assert!(store.claim_reminders("worker-y", now, 60_000, 100).await.unwrap().is_empty(), "claimed, so held");
    assert_eq!(store.release_claims("worker-x").await.unwrap(), held.len() as u64);
    let taken = store.claim_reminders("worker-y", now, 60_000, 100).await.unwrap();
    assert_eq!(taken.len(), held.len(), "given back at once on a clean stop");
    // worker-y dies holding them: a minute later they are another's.
    assert!(store.claim_reminders("worker-z", now + 30_000, 60_000, 100).await.unwrap().is_empty());
    assert_eq!(store.claim_reminders("worker-z", now + 61_000, 60_000, 100).await.unwrap().len(), held.len());
}
