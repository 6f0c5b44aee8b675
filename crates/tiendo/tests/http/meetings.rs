//! Meetings and their conclusions: the city office records a working session whose
//! conclusions become tasks for a commune; the commune reports progress, forwards the
//! work to its cell and reports completion; the counts follow; mistakes are named with what was typed kept; a
//! neighbouring commune can neither read the session nor report on its tasks.

use crate::common;

use axum::http::StatusCode;
use common::{spawn_app, text};

#[tokio::test]
async fn a_working_session_gives_tasks_the_commune_reports_on() {
    let app = spawn_app().await;
    let (city, commune) = (app.seeded.city.0, app.seeded.phu_hung.0);
    let office = app.login("vanphong").await;
    let unit = commune.to_string();
    let form = |due: &'static str| {
        vec![
            ("kind", "working_session".to_string()),
            ("held_on", "18/9/2020".to_string()),
            ("title", "Làm việc với Ban Thường vụ Đảng ủy xã Phú Hưng".to_string()),
            ("chair", "Bí thư Thành ủy Nguyễn Văn Tuấn".to_string()),
            ("concerns", unit.clone()),
            ("difficulties", "Thiếu kinh phí sửa chữa trụ sở ấp".to_string()),
            ("c1_body", "Ban hành quy chế làm việc của Ban Chấp hành khóa mới".to_string()),
            ("c1_unit", unit.clone()),
            ("c1_due", due.to_string()),
            ("c2_body", "Tổ chức hội nghị sơ kết việc thực hiện quy chế".to_string()),
            ("c2_unit", unit.clone()),
            ("c2_due", "trong quý IV/2020".to_string()),
            ("c2_coord", "Ban Tuyên giáo Thành ủy".to_string()),
            ("c2_expected", "Báo cáo sơ kết gửi Thường trực Thành ủy".to_string()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let cookie = office.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(&format!("/orgs/{city}/meetings"), &cookie, &pairs).await
        }
    };

    let meetings_before = app.state.ctx.store.list_meetings(app.seeded.city).await.unwrap().len();
    let wrong = send(form("31/2/2020")).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(text(&wrong.body).contains("Kết luận 1 — Thời hạn:"), "{}", text(&wrong.body));
    assert!(wrong.body.contains("Thiếu kinh phí sửa chữa trụ sở ấp"), "what was typed is kept");
    assert_eq!(
        app.state.ctx.store.list_meetings(app.seeded.city).await.unwrap().len(),
        meetings_before,
        "nothing is written"
    );

    let saved = send(form("20/9/2020")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let meeting_page = saved.location();
    let page = app.get(&meeting_page, &office).await;
    assert!(text(&page.body).contains("Bí thư Thành ủy Nguyễn Văn Tuấn"));
    assert!(text(&page.body).contains("Ban hành quy chế làm việc"));

    // A deadline written as a period ends on its last day; the list can be read by period.
    let q4 = text(&app.get(&format!("/orgs/{city}/tasks?period=2020-Q4"), &office).await.body);
    assert!(q4.contains("Hạn trong quý IV/2020: 1/4 nhiệm vụ") && q4.contains("31/12/2020"), "{q4}");
    assert!(q4.contains("Phối hợp: Ban Tuyên giáo Thành ủy; Kết quả cần đạt: Báo cáo sơ kết"), "{q4}");
    assert!(!q4.contains("Ban hành quy chế làm việc"), "a task due in another quarter is left out");

    // The commune's reporter sees the session and the task, and reports on it.
    let reporter = app.login("phuhung").await;
    assert_eq!(app.get(&meeting_page, &reporter).await.status, StatusCode::OK);
    let tasks = app.get(&format!("/orgs/{commune}/tasks"), &reporter).await;
    assert!(text(&tasks.body).contains("Ban hành quy chế làm việc"), "the task is on the commune's list");
    let given = app.state.ctx.store.list_tasks(app.seeded.phu_hung).await.unwrap();
    let task = given.iter().find(|t| t.body.starts_with("Ban hành quy chế làm việc")).unwrap().id;
    let from = commune.to_string();
    let progress = app
        .post(&format!("/tasks/{task}/progress"), &reporter, &[("from", &from), ("note", "Đã có dự thảo quy chế")])
        .await;
    assert_eq!(progress.status, StatusCode::SEE_OTHER);
    // The commune hands the work to its cell, which sees it among its own tasks.
    let cell = commune + 1;
    let forwarded = app
        .post(
            &format!("/tasks/{task}/forward"),
            &reporter,
            &[("from", &from), ("unit", &cell.to_string()), ("due_on", "")],
        )
        .await;
    assert_eq!(forwarded.status, StatusCode::SEE_OTHER, "{}", text(&forwarded.body));
    let cell_tasks = text(&app.get(&format!("/orgs/{cell}/tasks"), &reporter).await.body);
    assert!(cell_tasks.contains("Ban hành quy chế làm việc") && cell_tasks.contains("20/9/2020"), "{cell_tasks}");
    let outside = app
        .post(
            &format!("/tasks/{task}/forward"),
            &reporter,
            &[("from", &from), ("unit", &app.seeded.neighbour.0.to_string())],
        )
        .await;
    assert!(text(&outside.body).contains("Đơn vị nhận: chọn một đơn vị trực thuộc"), "{}", text(&outside.body));
    let bad_day = app
        .post_multipart(&format!("/tasks/{task}/done"), &reporter, &[("from", &from), ("done_on", "hôm qua")], &[])
        .await;
    assert!(text(&bad_day.body).contains("Ngày hoàn thành"), "{}", text(&bad_day.body));
    // Reported done with its evidence, the task waits for the city; a file that is not
    // what it claims is refused and nothing is kept.
    let fake = app
        .post_multipart(
            &format!("/tasks/{task}/done"),
            &reporter,
            &[("from", &from), ("done_on", "25/9/2020"), ("note", "Quy chế số 01")],
            &[("files", "quy-che.pdf", b"MZ\x90\x00 not a pdf")],
        )
        .await;
    assert!(text(&fake.body).contains("không phải PDF"), "{}", text(&fake.body));
    let pdf: &[u8] = b"%PDF-1.4\n% Quy che lam viec so 01\n%%EOF\n";
    let done = app
        .post_multipart(
            &format!("/tasks/{task}/done"),
            &reporter,
            &[("from", &from), ("done_on", "25/9/2020"), ("note", "Quy chế số 01")],
            &[("files", "Quy chế số 01.pdf", pdf)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", text(&done.body));
    let waiting = app.get(&format!("/orgs/{city}/tasks"), &office).await.body;
    assert!(text(&waiting).contains("chờ đơn vị giao xác nhận"), "{}", text(&waiting));
    let row = app.state.ctx.store.task(task).await.unwrap();
    assert_eq!(
        (row.done_on, row.claimed_on),
        (None, vn::parse_date("25/9/2020").ok()),
        "not done before the city accepts"
    );
    // The evidence opens for the city and the commune, as a download; not for a neighbour.
    let file = app.state.ctx.store.task_files(task).await.unwrap()[0].id;
    assert!(waiting.contains(&format!("/task-files/{file}")), "the list links the evidence");
    let got = app.get(&format!("/task-files/{file}"), &office).await;
    assert_eq!((got.status, got.body.as_bytes()), (StatusCode::OK, pdf));
    assert!(got.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(app.get(&format!("/task-files/{file}"), &reporter).await.status, StatusCode::OK);
    // The commune cannot accept its own report; the city sends it back, then accepts.
    assert_eq!(app.post(&format!("/tasks/{task}/accept"), &reporter, &[]).await.status, StatusCode::FORBIDDEN);
    let back = app.post(&format!("/tasks/{task}/send-back"), &office, &[("reason", "Thiếu chữ ký")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.ctx.store.task(task).await.unwrap().claimed_on, None, "open again");
    let again = app
        .post_multipart(&format!("/tasks/{task}/done"), &reporter, &[("from", &from), ("done_on", "26/9/2020")], &[])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let accepted = app.post(&format!("/tasks/{task}/accept"), &office, &[("note", "Đã đủ")]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.ctx.store.task(task).await.unwrap().done_on, Some(app.state.ctx.clock.today()));
    let city_tasks = text(&app.get(&format!("/orgs/{city}/tasks"), &office).await.body);
    assert!(city_tasks.contains("hoàn thành quá hạn"), "done as of the day it was accepted: {city_tasks}");
    assert!(city_tasks.contains("Trả lại, chưa xác nhận hoàn thành: Thiếu chữ ký"), "{city_tasks}");
    assert!(city_tasks.contains("Tiến độ: Đã có dự thảo quy chế"), "the history stays with the task");

    // A neighbouring commune reaches neither the session nor the task.
    let neighbour = app.login("sondong").await;
    assert_eq!(app.get(&meeting_page, &neighbour).await.status, StatusCode::FORBIDDEN);
    let refused =
        app.post(&format!("/tasks/{task}/progress"), &neighbour, &[("note", "Không phải việc của tôi")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let neighbour_post = app.post(&format!("/orgs/{city}/meetings"), &neighbour, &[("title", "x")]).await;
    assert_eq!(neighbour_post.status, StatusCode::FORBIDDEN);
    // A reporter does not record the city's meetings, even of its own commune.
    assert_eq!(
        app.post(&format!("/orgs/{commune}/meetings"), &reporter, &[("title", "x")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&format!("/task-files/{file}"), &neighbour).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.state.ctx.store.task_updates(task).await.unwrap().len(), 6, "refused requests change nothing");
}

/// The register gives a meeting its chair and attendees; departments' explanations and
/// the documents discussed stay with the meeting; only leaders and specialists keep the
/// register.
#[tokio::test]
async fn the_register_names_who_chaired_and_attended() {
    let app = spawn_app().await;
    let (city, commune) = (app.seeded.city.0, app.seeded.phu_hung.0);
    let office = app.login("vanphong").await;
    let person = [
        ("full_name", "Lê Văn  Bình"),
        ("title", "Phó Bí thư Thường trực Thành ủy"),
        ("unit", &city.to_string()),
        ("contact", "Văn phòng Thành ủy"),
        ("from_on", "1/8/2020"),
    ]
    .map(|(k, v)| (k, v.to_string()));
    let pairs: Vec<(&str, &str)> = person.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bad: Vec<(&str, &str)> =
        pairs.iter().map(|&(k, v)| if k == "from_on" { (k, "1/13/2020") } else { (k, v) }).collect();
    assert!(text(&app.post(&format!("/orgs/{city}/people"), &office, &bad).await.body).contains("Giữ chức vụ từ ngày"));
    assert_eq!(app.post(&format!("/orgs/{city}/people"), &office, &pairs).await.status, StatusCode::SEE_OTHER);
    let register = text(&app.get(&format!("/orgs/{city}/people"), &office).await.body);
    assert!(register.contains("Lê Văn Bình") && register.contains("Nguyễn Văn Tuấn"), "{register}");
    let reporter = app.login("phuhung").await;
    assert_eq!(app.post(&format!("/orgs/{city}/people"), &reporter, &pairs).await.status, StatusCode::FORBIDDEN);

    let people = app.state.ctx.store.list_positions().await.unwrap();
    let id_of = |name: &str| people.iter().find(|p| p.full_name == name).unwrap().person.to_string();
    let (chair, deputy) = (id_of("Nguyễn Văn Tuấn"), id_of("Lê Văn Bình"));
    let form = [
        ("kind", "working_session".to_string()),
        ("held_on", "18/9/2020".to_string()),
        ("title", "Làm việc với Đảng ủy xã Phú Hưng".to_string()),
        ("chair_person", chair.clone()),
        ("attendee", chair),
        ("attendee", deputy),
        ("concerns", commune.to_string()),
        ("documents", "Kế hoạch số 07-KH/ThU, ngày 7-8-2020".to_string()),
        ("e1_dept", "Văn phòng Thành ủy".to_string()),
        ("e1_content", "Quy chế làm việc đang lấy ý kiến Ban Thường vụ".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = app.post(&format!("/orgs/{city}/meetings"), &office, &pairs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    let page = text(&app.get(&saved.location(), &office).await.body);
    assert!(page.contains("Chủ trì Bí thư Thành ủy Nguyễn Văn Tuấn"), "{page}");
    assert!(page.contains("Thành phần dự Nguyễn Văn Tuấn, Lê Văn Bình"), "{page}");
    assert!(page.contains("Giải trình của Văn phòng Thành ủy Quy chế làm việc đang lấy ý kiến"), "{page}");
    let half: Vec<(&str, &str)> =
        pairs.iter().map(|&(k, v)| if k == "e1_content" { (k, "") } else { (k, v) }).collect();
    let wrong = text(&app.post(&format!("/orgs/{city}/meetings"), &office, &half).await.body);
    assert!(wrong.contains("Giải trình 1: cần cả đơn vị giải trình và nội dung"), "{wrong}");
}

/// A meeting gives as many conclusions as it has, each over several lines, to units told
/// apart by their parent.
#[tokio::test]
async fn a_meeting_gives_any_number_of_conclusions() {
    let app = spawn_app().await;
    let city = app.seeded.city.0;
    let office = app.login("vanphong").await;
    let unit = app.seeded.phu_hung.0.to_string();
    let form = app.get(&format!("/orgs/{city}/meetings"), &office).await.body;
    assert!(form.contains("Chi bộ ấp Phú Chánh — Đảng ủy xã Phú Hưng"), "a unit is named with its parent");
    assert!(form.contains("<textarea id=\"c1_body\""), "a conclusion takes several lines");
    let mut fields: Vec<(String, String)> = vec![
        ("kind".into(), "working_session".into()),
        ("held_on".into(), "2/10/2020".into()),
        ("title".into(), "Làm việc về chuyển đổi số".into()),
    ];
    for i in 1..=7 {
        fields.push((format!("c{i}_body"), format!("Kết luận thứ {i}:\ntriển khai phần việc {i}")));
        fields.push((format!("c{i}_unit"), unit.clone()));
        fields.push((format!("c{i}_due"), "31/12/2020".into()));
    }
    let before = app.state.ctx.store.list_tasks(app.seeded.phu_hung).await.unwrap().len();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = app.post(&format!("/orgs/{city}/meetings"), &office, &pairs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    let tasks = app.state.ctx.store.list_tasks(app.seeded.phu_hung).await.unwrap();
    assert_eq!(tasks.len(), before + 7, "seven conclusions, seven tasks");
    assert!(tasks.iter().any(|t| t.body.contains("Kết luận thứ 7:\ntriển khai phần việc 7")), "lines kept");
}

/// A saved meeting is changed in the same form, filled with what was saved; its tasks
/// keep their history and new conclusions become new tasks; a reporter cannot change it.
#[tokio::test]
async fn a_saved_meeting_is_changed_and_given_more_conclusions() {
    let app = spawn_app().await;
    let office = app.login("vanphong").await;
    let meeting = app.state.ctx.store.list_meetings(app.seeded.city).await.unwrap()[0].0;
    let before = app.state.ctx.store.meeting(meeting).await.unwrap();
    let page = app.get(&format!("/meetings/{meeting}"), &office).await.body;
    assert!(page.contains(&format!("href=\"/meetings/{meeting}/edit\"")), "the meeting offers to change it");
    let form = app.get(&format!("/meetings/{meeting}/edit"), &office).await.body;
    assert!(form.contains(&format!("action=\"/meetings/{meeting}/edit\"")), "{form}");
    assert!(form.contains(&format!("value=\"{}\"", before.title)), "the saved title fills the form");
    let unit = app.seeded.phu_hung.0.to_string();
    let fields = [
        ("kind", "working_session"),
        ("held_on", "19/9/2020"),
        ("title", "Thường trực Thành ủy làm việc với Đảng ủy xã Phú Hưng (bổ sung)"),
        ("c1_body", "Rà soát danh sách hộ nghèo cuối năm"),
        ("c1_unit", unit.as_str()),
        ("c1_due", "15/12/2020"),
    ];
    let wrong = app
        .post(
            &format!("/meetings/{meeting}/edit"),
            &office,
            &[("kind", "working_session"), ("held_on", "32/9/2020"), ("title", "x")],
        )
        .await;
    assert!(text(&wrong.body).contains("Ngày họp"), "{}", text(&wrong.body));
    let saved = app.post(&format!("/meetings/{meeting}/edit"), &office, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved.body));
    let after = app.state.ctx.store.meeting(meeting).await.unwrap();
    assert!(after.title.ends_with("(bổ sung)") && after.held_on == vn::parse_date("19/9/2020").ok());
    assert_eq!(after.tasks.len(), before.tasks.len() + 1, "the new conclusion is a new task, the old ones stay");
    let audit = app.state.ctx.store.list_audit("meeting", &meeting.to_string(), 5).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "update"), "{audit:?}");
    // A reporter of the commune reads the meeting but does not change it.
    let reporter = app.login("phuhung").await;
    assert!(!app.get(&format!("/meetings/{meeting}"), &reporter).await.body.contains("/edit\""));
    assert_eq!(app.post(&format!("/meetings/{meeting}/edit"), &reporter, &fields).await.status, StatusCode::FORBIDDEN);
}
