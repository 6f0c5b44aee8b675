//! The database story: what tiendo asks of its store, on both engines.

use domain::access::Role;
use domain::{Bands, Bound, Decimal, OrgId, Override, Status, TargetId};
use store::testing::tree;
use store::{Actor, NewDocument, NewOrg, Store, StoreError, store_test};
use vn::period::Grain;

fn d(x: f64) -> Decimal {
    Decimal::from_f64(x)
}

async fn orgs_are_stored_in_nfc(store: Store) {
    let (_, commune, _, _) = tree(&store).await;
    let org = store.get_org(commune).await.unwrap();
    assert_eq!(org.name, "Đảng ủy xã Phú Hưng");
    assert_eq!(store.count_orgs().await.unwrap(), 2);
    assert_eq!(store.list_org_kinds().await.unwrap().len(), 2);
    assert_eq!(store.list_audit("org", &commune.to_string(), 10).await.unwrap().len(), 1);
}
store_test!(orgs_are_stored_in_nfc, super::orgs_are_stored_in_nfc);

async fn accounts_and_sessions(store: Store) {
    let (city, _, _, _) = tree(&store).await;
    let actor = Actor::system();
    let mut tx = store.begin().await.unwrap();
    let user = tx.create_user(&actor, "vanphong", "Văn phòng Thành ủy", "mật-khẩu-đủ-dài").await.unwrap();
    tx.grant_role(&actor, user, Role::Specialist, city).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let dup = tx.create_user(&actor, "vanphong", "Người khác", "xyz").await;
    assert!(matches!(dup, Err(StoreError::Duplicate("tên đăng nhập"))), "{dup:?}");
    drop(tx);

    assert!(store.verify_login("vanphong", "sai").await.unwrap().is_none());
    assert!(store.verify_login("khongco", "mật-khẩu-đủ-dài").await.unwrap().is_none());
    let found = store.verify_login("vanphong", "mật-khẩu-đủ-dài").await.unwrap().unwrap();
    assert_eq!(found.id, user);

    let token = store.create_session(&actor, user).await.unwrap();
    let session = store.session_user(&token, 60_000).await.unwrap().unwrap();
    assert_eq!(session.user.display_name, "Văn phòng Thành ủy");
    assert_eq!(session.grants.len(), 1);
    assert_eq!(session.grants[0].role, Role::Specialist);
    assert!(store.session_user("not-a-token", 60_000).await.unwrap().is_none());
    assert!(store.session_user(&token, -1).await.unwrap().is_none(), "an idle session expires");
    assert!(store.session_user(&token, 60_000).await.unwrap().is_none(), "and stays gone");
}
store_test!(accounts_and_sessions, super::accounts_and_sessions);

async fn targets_round_trip_and_cascade(store: Store) {
    let (city, commune, city_target, commune_target) = tree(&store).await;
    let targets = store.list_targets().await.unwrap();
    assert_eq!(targets.len(), 2);
    let t = targets.iter().find(|t| t.id == commune_target).unwrap();
    assert_eq!(t.parent, Some(city_target));
    assert_eq!(t.org, commune);
    assert_eq!(t.yearly.get(&2020), Some(&Bound::AtLeast { value: d(20.0), strict: false }));
    assert_eq!(t.term_bound, Bound::AtLeast { value: d(25.0), strict: false });
    let docs = store.list_documents().await.unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].org, city);
    assert_eq!(docs[0].bands, Bands::default());
}
store_test!(targets_round_trip_and_cascade, super::targets_round_trip_and_cascade);

async fn figures_are_written_whole_and_audited(store: Store) {
    let (_, _, city_target, commune_target) = tree(&store).await;
    let actor = Actor { user: None, addr: Some("127.0.0.1".into()) };
    let changes = store
        .write_figures(&actor, "2020-Q1", &[(commune_target, Some(d(7.5))), (city_target, Some(d(3.0)))])
        .await
        .unwrap();
    assert_eq!(changes.len(), 2);
    let again = store.write_figures(&actor, "2020-Q1", &[(commune_target, Some(d(7.5)))]).await.unwrap();
    assert!(again.is_empty(), "an unchanged value is not a change");

    let bad = store
        .write_figures(&actor, "2020-Q1", &[(commune_target, Some(d(9.0))), (TargetId(999_999), Some(d(1.0)))])
        .await;
    assert!(bad.is_err());
    let figures = store.list_figures().await.unwrap();
    let kept = figures.iter().find(|f| f.target == commune_target).unwrap();
    assert_eq!(kept.value, d(7.5), "a failed form leaves nothing half-written");

    let cleared = store.write_figures(&actor, "2020-Q1", &[(commune_target, None)]).await.unwrap();
    assert_eq!(cleared[0].before, Some(d(7.5)));
    assert_eq!(store.list_figures().await.unwrap().len(), 1);
    let audit = store.list_audit("figure", &format!("{commune_target}/2020-Q1"), 10).await.unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].before.as_deref(), Some(r#"{"value":"7,5"}"#));
    assert_eq!(audit[0].after, None);
    assert_eq!(audit[1].addr.as_deref(), Some("127.0.0.1"));

    let sums = store.sum_by_family_sql(&["2020-Q1".to_string()]).await.unwrap();
    assert_eq!(sums, vec![(city_target.0, d(3.0).scaled())]);
}
store_test!(figures_are_written_whole_and_audited, super::figures_are_written_whole_and_audited);

async fn overrides_keep_their_reason(store: Store) {
    let (_, _, _, t) = tree(&store).await;
    let o = Override { status: Status::Met, reason: "Số liệu  thống kê chậm".into() };
    store.set_override(&Actor::system(), t, "2020-9M", Some(&o)).await.unwrap();
    let all = store.list_overrides().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].2.reason, "Số liệu thống kê chậm");
    store.set_override(&Actor::system(), t, "2020-9M", None).await.unwrap();
    assert!(store.list_overrides().await.unwrap().is_empty());
}
store_test!(overrides_keep_their_reason, super::overrides_keep_their_reason);

async fn reports_move_through_their_cycle_and_lock_figures(store: Store) {
    use domain::reporting::{ReportStatus, ReportStep, Schedule};
    use store::ReportRef;
    let (_, commune, _, target) = tree(&store).await;
    let doc = store.list_documents().await.unwrap()[1].id;
    let actor = Actor::system();
    let schedule = Schedule { cutoff_day: 14, due_days: 5 };
    store.put_schedule(&actor, doc, schedule).await.unwrap();
    assert_eq!(store.schedule(doc).await.unwrap(), schedule);
    let period = domain::Period::Quarter { year: 2020, quarter: 3 };
    let at = ReportRef { org: commune, document: doc, period };
    let day = |d| chrono::NaiveDate::from_ymd_opt(2020, 9, d).unwrap();

    assert_eq!(store.report(commune, doc, "2020-Q3").await.unwrap().status, ReportStatus::Draft);
    let sent = store.step_report(&actor, at, ReportStep::Submit, None, day(20)).await.unwrap();
    assert_eq!((sent.status, sent.late), (ReportStatus::Submitted, true));
    let locked = store.write_unit_figures(&actor, commune, doc, "2020-Q3", &[(target, Some(d(1.0))).into()]).await;
    assert!(matches!(locked, Err(StoreError::Refused(_))), "{locked:?}");
    let no_reason = store.step_report(&actor, at, ReportStep::Return, Some("  "), day(21)).await;
    assert!(matches!(no_reason, Err(StoreError::Refused(_))));
    let back = store.step_report(&actor, at, ReportStep::Return, Some("Thiếu số liệu"), day(21)).await.unwrap();
    assert_eq!((back.status, back.reason.as_deref()), (ReportStatus::Returned, Some("Thiếu số liệu")));
    let written =
        store.write_unit_figures(&actor, commune, doc, "2020-Q3", &[(target, Some(d(1.0))).into()]).await.unwrap();
    assert_eq!(written.len(), 1);
    store.step_report(&actor, at, ReportStep::Submit, None, day(22)).await.unwrap();
    let done = store.step_report(&actor, at, ReportStep::Accept, None, day(23)).await.unwrap();
    assert_eq!(done.status, ReportStatus::Accepted);
    let twice = store.step_report(&actor, at, ReportStep::Accept, None, day(23)).await;
    assert!(matches!(twice, Err(StoreError::Refused(_))));
    let all = store.list_reports().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].status, ReportStatus::Accepted);
    assert_eq!(store.list_audit("report", &format!("{commune}/{doc}/2020-Q3"), 10).await.unwrap().len(), 4);
}
store_test!(
    reports_move_through_their_cycle_and_lock_figures,
    super::reports_move_through_their_cycle_and_lock_figures
);

/// A text read with "Nhập từ văn bản": the text is kept, every confirmed item becomes a
/// record pointing to it, and a bad item leaves nothing behind.
async fn texts_are_kept_with_what_they_produced(store: Store) {
    let (city, _, _, commune_target) = tree(&store).await;
    let actor = Actor::system();
    let day = |s: &str| Some(vn::parse_date(s).unwrap());
    let mut items = items_again();
    if let store::SourceItem::Meeting { chair, .. } = &mut items[0] {
        *chair = Some("Bí thư Thành ủy Nguyễn Văn Tuấn".into());
    }
    items.push(store::SourceItem::Figure { target: commune_target, period: "2020-Q3".into(), value: d(12.0) });
    let source = |items: Vec<store::SourceItem>| store::NewSource {
        org: city,
        title: "Thành ủy làm việc với xã Phú Hưng".into(),
        body: "Ngày 18-9-2020, Thường trực Thành ủy làm việc…".into(),
        facts: serde_json::json!([]),
        items,
    };
    let recorded = store.record_source(&actor, &source(items.clone())).await.unwrap();
    assert_eq!((recorded.meetings, recorded.document_refs, recorded.tasks, recorded.figures.len()), (1, 1, 1, 1));
    let view = store.source(recorded.source).await.unwrap();
    assert_eq!(view.records.len(), 3);
    assert!(view.records.iter().any(|(_, r)| r.contains("07-KH/ThU") && r.contains("2020-08-07")));
    assert_eq!(store.list_sources(city).await.unwrap().len(), 1);
    let before = store.source_counts().await.unwrap();
    let mut bad = items;
    bad.push(store::SourceItem::Figure { target: TargetId(999_999), period: "2020-Q3".into(), value: d(1.0) });
    assert!(store.record_source(&actor, &source(bad)).await.is_err());
    assert_eq!(store.source_counts().await.unwrap(), before, "nothing of a failed text is kept");
    assert_eq!(store.list_sources(city).await.unwrap().len(), 1);
    // The same text again updates the one kept: a new task is added, nothing doubled.
    let mut more = items_again();
    more.push(store::SourceItem::Task {
        body: "Tổ chức sơ kết quy chế".into(),
        assignee: None,
        assignee_org: None,
        due_on: day("30/10/2020"),
    });
    let again = store.record_source(&actor, &source(more)).await.unwrap();
    assert!(again.updated && again.source == recorded.source);
    assert_eq!((again.meetings, again.document_refs, again.tasks), (0, 0, 1));
    assert_eq!(store.source_counts().await.unwrap(), (before.0, before.1, before.2 + 1));
    assert_eq!(store.list_sources(city).await.unwrap().len(), 1);
}

/// The meeting, reference and task of the text in `texts_are_kept_with_what_they_produced`.
fn items_again() -> Vec<store::SourceItem> {
    let day = |s: &str| Some(vn::parse_date(s).unwrap());
    vec![
        store::SourceItem::Meeting {
            kind: "working_session".into(),
            held_on: day("18/9/2020"),
            title: "Làm việc với xã Phú Hưng".into(),
            chair: None,
        },
        store::SourceItem::DocumentRef {
            doc_type: "Kế hoạch".into(),
            number: vn::DocumentNumber::parse("07-KH/ThU").ok(),
            issued_on: day("7/8/2020"),
            issuer: None,
        },
        store::SourceItem::Task {
            body: "Xây dựng quy chế làm việc".into(),
            assignee: Some("Văn phòng Thành ủy".into()),
            assignee_org: None,
            due_on: day("20/9/2020"),
        },
    ]
}
store_test!(texts_are_kept_with_what_they_produced, super::texts_are_kept_with_what_they_produced);

/// A task from a text is reported done on a day, with the unit's note and an audit row.
async fn tasks_are_finished_with_a_note(store: Store) {
    let (city, _, _, _) = tree(&store).await;
    let actor = Actor::system();
    let due = vn::parse_date("20/9/2020").ok();
    let item = store::SourceItem::Task {
        body: "Ban hành quy chế làm việc".into(),
        assignee: None,
        assignee_org: None,
        due_on: due,
    };
    let source = store::NewSource {
        org: city,
        title: "Kết luận".into(),
        body: "Đề nghị ban hành quy chế.".into(),
        facts: serde_json::json!([]),
        items: vec![item],
    };
    store.record_source(&actor, &source).await.unwrap();
    let tasks = store.list_tasks(city).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!((tasks[0].due_on, tasks[0].done_on), (due, None));
    let done = vn::parse_date("25/9/2020").unwrap();
    store.finish_task(&actor, tasks[0].id, done, "Đã  ban hành", &[]).await.unwrap();
    let task = store.task(tasks[0].id).await.unwrap();
    assert_eq!((task.done_on, task.done_note.as_deref()), (Some(done), Some("Đã ban hành")));
    assert_eq!(store.list_audit("task", &task.id.to_string(), 5).await.unwrap().len(), 1);
    assert!(matches!(store.task(999_999).await, Err(StoreError::NotFound(_))));
}
store_test!(tasks_are_finished_with_a_note, super::tasks_are_finished_with_a_note);

/// A working session with the city's conclusions: each becomes a task for a commune; the
/// commune reports progress, gets an extension with a reason and reports it done; a
/// meeting with a bad conclusion keeps nothing.
async fn meetings_give_tasks_that_units_report_on(store: Store) {
    let (city, commune, _, _) = tree(&store).await;
    let actor = Actor::system();
    let day = |s: &str| vn::parse_date(s).unwrap();
    let task = |body: &str, due: &str| store::NewTask {
        body: body.into(),
        assignee: commune,
        assignee_name: "Đảng ủy xã Phú Hưng".into(),
        coordinating: String::new(),
        expected: String::new(),
        due_on: Some(day(due)),
    };
    let meeting = store::NewMeeting {
        org: city,
        kind: "working_session".into(),
        held_on: day("18/9/2020"),
        title: "Làm việc với Đảng ủy xã Phú Hưng".into(),
        chair: "Bí thư Thành ủy".into(),
        concerns: Some(commune),
        difficulties: "Thiếu  kinh phí".into(),
        conclusions: vec![task("Ban hành quy chế làm việc", "20/9/2020"), task("Kiện toàn chi bộ ấp", "30/9/2020")],
        chair_person: None,
        attendees: vec![],
        documents: String::new(),
        figures: String::new(),
        explanations: vec![],
    };
    let chair = store
        .add_person(&actor, "Nguyễn Văn  Tuấn", "0275 382 2222", city, "Bí thư Thành ủy", day("1/10/2015"))
        .await
        .unwrap();
    let meeting = store::NewMeeting {
        chair_person: Some(chair),
        attendees: vec![chair],
        documents: "Kế hoạch số 07-KH/ThU".into(),
        explanations: vec![("Văn phòng Thành ủy".into(), "Quy chế đang chờ ý kiến".into())],
        ..meeting
    };
    let id = store.record_meeting(&actor, &meeting).await.unwrap();
    let view = store.meeting(id).await.unwrap();
    assert_eq!(view.attendees, ["Nguyễn Văn Tuấn"]);
    assert_eq!(view.explanations, [("Văn phòng Thành ủy".to_string(), "Quy chế đang chờ ý kiến".to_string())]);
    assert_eq!(view.documents.as_deref(), Some("Kế hoạch số 07-KH/ThU"));
    let positions = store.list_positions().await.unwrap();
    assert_eq!(positions[0].label(), "Bí thư Thành ủy Nguyễn Văn Tuấn");
    store.end_position(&actor, positions[0].id, day("30/9/2020")).await.unwrap();
    assert!(store.end_position(&actor, positions[0].id, day("1/10/2020")).await.is_err(), "ended once");
    assert!(!store.list_positions().await.unwrap()[0].held_on(day("1/10/2020")));
    assert_eq!(
        (view.concerns, view.difficulties.as_deref(), view.tasks.len()),
        (Some(commune), Some("Thiếu kinh phí"), 2)
    );
    assert_eq!(view.tasks[0].assignee_org, Some(commune));
    assert_eq!(store.list_meetings(commune).await.unwrap().len(), 1, "the commune sees the meeting that concerned it");
    assert_eq!(store.list_tasks(commune).await.unwrap().len(), 2, "and the tasks given to it");
    let first = view.tasks[0].id;
    store.report_progress(&actor, first, "Đã có dự thảo").await.unwrap();
    assert!(store.report_progress(&actor, first, "  ").await.is_err());
    store.extend_task(&actor, first, day("25/9/2020"), "Chờ ý kiến chi bộ").await.unwrap();
    store.finish_task(&actor, first, day("27/9/2020"), "Đã ban hành", &[]).await.unwrap();
    assert!(
        store.extend_task(&actor, first, day("30/9/2020"), "muộn").await.is_err(),
        "a done task keeps its deadline"
    );
    let t = store.task(first).await.unwrap();
    assert_eq!((t.due_on, t.done_on), (Some(day("25/9/2020")), Some(day("27/9/2020"))));
    let kinds: Vec<String> = store.task_updates(first).await.unwrap().into_iter().map(|u| u.kind).collect();
    assert_eq!(kinds, ["progress", "extended", "done"]);
    assert_eq!(store.list_audit("task", &first.to_string(), 10).await.unwrap().len(), 3);

    // The commune forwards the second task to one of its cells; the cell's task points back.
    let mut tx = store.begin().await.unwrap();
    tx.put_org_kind("chi_bo", "Chi bộ").await.unwrap();
    let cell = tx
        .insert_org(&actor, NewOrg { parent: Some(commune), name: "Chi bộ ấp Phú Chánh", kind: "chi_bo", position: 0 })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let second = view.tasks[1].id;
    let to = store::NewTask {
        assignee: cell,
        assignee_name: "Chi bộ ấp Phú Chánh".into(),
        ..task("Kiện toàn chi ủy", "25/9/2020")
    };
    let child = store.forward_task(&actor, second, &to).await.unwrap();
    let child = store.task(child).await.unwrap();
    assert_eq!((child.org, child.assignee_org, child.parent), (commune, Some(cell), Some(second)));
    assert_eq!(store.task_updates(second).await.unwrap()[0].kind, "forwarded");
    assert!(store.forward_task(&actor, first, &to).await.is_err(), "a done task is not forwarded");

    let mut bad = meeting.clone();
    bad.conclusions[1].assignee = OrgId(999_999);
    assert!(store.record_meeting(&actor, &bad).await.is_err());
    assert_eq!(store.list_meetings(city).await.unwrap().len(), 1, "a failed meeting leaves nothing");
    assert_eq!(store.list_tasks(city).await.unwrap().len(), 2);
}
store_test!(meetings_give_tasks_that_units_report_on, super::meetings_give_tasks_that_units_report_on);

/// Cases of kiểm tra and giám sát are kept with their recommendations as tasks; a
/// discipline that does not fit the subject, or a member without a name, keeps nothing.
async fn inspections_are_recorded_whole(store: Store) {
    use domain::inspections::{Action, Discipline, Mode, Subject};
    let (city, commune, _, _) = tree(&store).await;
    let actor = Actor::system();
    let day = |s: &str| vn::parse_date(s).unwrap();
    let case = store::NewInspection {
        org: city,
        action: Action::Supervision,
        mode: Mode::Thematic,
        subject: Subject::Organization,
        subject_org: Some(commune),
        member_name: String::new(),
        decision: "Quyết định số 12-QĐ/UBKTThU".into(),
        team: "Tổ giám sát số 2".into(),
        started_on: day("10/6/2020"),
        findings: "Chậm sinh hoạt chuyên đề".into(),
        conclusion: "Cơ bản thực hiện tốt".into(),
        discipline: None,
        recommendations: vec![store::NewTask {
            body: "Khắc phục hạn chế về sinh hoạt chuyên đề".into(),
            assignee: commune,
            assignee_name: "Đảng ủy xã Phú Hưng".into(),
            coordinating: String::new(),
            expected: String::new(),
            due_on: Some(day("30/9/2020")),
        }],
    };
    store.record_inspection(&actor, &case).await.unwrap();
    let member = store::NewInspection {
        action: Action::Inspection,
        mode: Mode::SignsOfViolation,
        subject: Subject::Member,
        member_name: "Trần Văn A".into(),
        discipline: Some(Discipline::Warning),
        recommendations: vec![],
        ..case.clone()
    };
    store.record_inspection(&actor, &member).await.unwrap();
    let expel_org = store::NewInspection { discipline: Some(Discipline::Expulsion), ..case.clone() };
    assert!(matches!(store.record_inspection(&actor, &expel_org).await, Err(StoreError::Refused(_))));
    let nameless = store::NewInspection { member_name: " ".into(), ..member.clone() };
    assert!(store.record_inspection(&actor, &nameless).await.is_err());
    let year = store.list_inspections(city, day("1/1/2020"), day("31/12/2020")).await.unwrap();
    assert_eq!(year.len(), 2, "refused cases keep nothing");
    assert_eq!(year[1].discipline, Some(Discipline::Warning));
    assert!(store.list_inspections(city, day("1/1/2021"), day("31/12/2021")).await.unwrap().is_empty());
    let tasks = store.list_tasks(commune).await.unwrap();
    assert_eq!(tasks.len(), 1, "the recommendation is a task for the commune");
    let line = store::PlanLine {
        action: Action::Supervision,
        mode: Mode::Thematic,
        subject: Subject::Organization,
        planned: 20,
    };
    store.set_inspection_plan(&actor, city, 2020, line).await.unwrap();
    store.set_inspection_plan(&actor, city, 2020, store::PlanLine { planned: 25, ..line }).await.unwrap();
    assert_eq!(store.inspection_plan(city, 2020).await.unwrap(), [store::PlanLine { planned: 25, ..line }]);
    store.set_inspection_plan(&actor, city, 2020, store::PlanLine { planned: 0, ..line }).await.unwrap();
    assert!(store.inspection_plan(city, 2020).await.unwrap().is_empty());
}
store_test!(inspections_are_recorded_whole, super::inspections_are_recorded_whole);

/// An explanation request on a commune's target is answered once; an empty question or
/// answer, and a second answer, are refused.
async fn explanations_are_asked_and_answered_once(store: Store) {
    let (_, _, _, commune_target) = tree(&store).await;
    let actor = Actor::system();
    assert!(store.ask_explanation(&actor, commune_target, "2020-9M", " ", None).await.is_err());
    let id = store
        .ask_explanation(
            &actor,
            commune_target,
            "2020-9M",
            "Vì sao thu ngân sách đạt thấp?",
            vn::parse_date("30/10/2020").ok(),
        )
        .await
        .unwrap();
    assert_eq!(store.open_explanations().await.unwrap().len(), 1);
    assert!(store.answer_explanation(&actor, id, "").await.is_err());
    store.answer_explanation(&actor, id, "Do dịch bệnh, nguồn thu giảm").await.unwrap();
    assert!(matches!(store.answer_explanation(&actor, id, "Lần hai").await, Err(StoreError::Refused(_))));
    let e = store.explanation(id).await.unwrap();
    assert_eq!(e.answer.as_deref(), Some("Do dịch bệnh, nguồn thu giảm"));
    assert!(store.open_explanations().await.unwrap().is_empty());
    assert_eq!(store.target_explanations(commune_target).await.unwrap().len(), 1);
    assert_eq!(store.list_audit("explanation", &id.to_string(), 5).await.unwrap().len(), 2);
}
store_test!(explanations_are_asked_and_answered_once, super::explanations_are_asked_and_answered_once);

/// Counted work is kept per unit and period; contradictory numbers are refused; ratings
/// are kept per year with the committee's quota.
async fn counted_work_and_ratings_are_kept(store: Store) {
    use domain::work::{Rating, WorkKind};
    let (city, commune, _, _) = tree(&store).await;
    let actor = Actor::system();
    let entry = store::WorkEntry {
        id: 0,
        org: commune,
        period: "2020-Q3".into(),
        kind: WorkKind::Dissemination,
        count: 11,
        of_total: None,
        participants: Some(1250),
        eligible: Some(1300),
        summary: Some("Quán triệt Kế hoạch 07-KH/ThU".into()),
    };
    store.record_work(&actor, &entry).await.unwrap();
    let too_many = store::WorkEntry { participants: Some(1400), ..entry.clone() };
    assert!(matches!(store.record_work(&actor, &too_many).await, Err(StoreError::Refused(_))));
    let negative = store::WorkEntry { count: -1, ..entry.clone() };
    assert!(store.record_work(&actor, &negative).await.is_err());
    let work = store.list_work().await.unwrap();
    assert_eq!(work.len(), 1);
    assert_eq!(store.work_of_years(2020, 2020).await.unwrap(), work, "read by the years a dashboard shows");
    assert!(store.work_of_years(2021, 2025).await.unwrap().is_empty());
    assert_eq!((work[0].kind, work[0].participants), (WorkKind::Dissemination, Some(1250)));

    let rating = store::RatingEntry {
        id: 0,
        org: city,
        year: 2020,
        subject_org: commune,
        member_name: None,
        level: Rating::Good,
        score: Some(85),
    };
    store.record_rating(&actor, &rating).await.unwrap();
    assert!(store.record_rating(&actor, &store::RatingEntry { score: Some(101), ..rating.clone() }).await.is_err());
    assert_eq!(store.list_ratings(city, 2020).await.unwrap().len(), 1);
    assert!(store.list_ratings(city, 2021).await.unwrap().is_empty());
    assert_eq!(store.rating_quota(city).await.unwrap(), store::DEFAULT_QUOTA_PERCENT);
    store.set_rating_quota(&actor, city, 15).await.unwrap();
    store.set_rating_quota(&actor, city, 25).await.unwrap();
    assert_eq!(store.rating_quota(city).await.unwrap(), 25);
    assert!(store.set_rating_quota(&actor, city, 101).await.is_err());
}
store_test!(counted_work_and_ratings_are_kept, super::counted_work_and_ratings_are_kept);

/// Reminders are enqueued once however often the job runs; two workers on two pools of
/// the same database (two tiendo processes) claim disjoint batches; a sent reminder is
/// never claimed again; a claim whose worker died is taken over after the lease.
async fn reminders_are_claimed_by_one_worker_and_sent_once(store: Store) {
    let (city, commune, _, _) = tree(&store).await;
    let actor = Actor::system();
    let mut tx = store.begin().await.unwrap();
    let user = tx.create_user(&actor, "phuhung", "Văn phòng Đảng ủy xã Phú Hưng", "mật-khẩu-đủ-dài").await.unwrap();
    tx.commit().await.unwrap();
    store.set_user_email(&actor, user, "vanphong@phuhung.gov.vn").await.unwrap();
    assert!(store.set_user_email(&actor, user, "không phải thư").await.is_err());
    let day = |s: &str| vn::parse_date(s).unwrap();
    let tasks: Vec<store::NewTask> = (0..30)
        .map(|i| store::NewTask {
            body: format!("Nhiệm vụ {i}"),
            assignee: commune,
            assignee_name: "Đảng ủy xã Phú Hưng".into(),
            coordinating: String::new(),
            expected: String::new(),
            due_on: Some(day("20/9/2020")),
        })
        .collect();
    let meeting = store::NewMeeting {
        org: city,
        kind: "working_session".into(),
        held_on: day("18/9/2020"),
        title: "Làm việc".into(),
        chair: String::new(),
        concerns: Some(commune),
        difficulties: String::new(),
        conclusions: tasks,
        chair_person: None,
        attendees: vec![],
        documents: String::new(),
        figures: String::new(),
        explanations: vec![],
    };
    store.record_meeting(&actor, &meeting).await.unwrap();
    let ids: Vec<i64> = store.list_tasks(commune).await.unwrap().iter().map(|t| t.id).collect();
    let wanted: Vec<store::NewReminder> = ids
        .iter()
        .flat_map(|&task| ["app", "email"].map(|channel| store::NewReminder { task, kind: "overdue", user, channel }))
        .collect();
    assert_eq!(store.enqueue_reminders(&wanted, 1_000).await.unwrap(), 60);
    assert_eq!(store.enqueue_reminders(&wanted, 2_000).await.unwrap(), 0, "enqueueing again adds nothing");

    let other = store.reconnect().await.unwrap();
    let work = |s: Store, name: &'static str| async move {
        let mut sent = Vec::new();
        loop {
            let batch = s.claim_reminders(name, 10_000, 60_000, 7).await.unwrap();
            if batch.is_empty() {
                break sent;
            }
            for c in batch {
                assert_eq!(c.email.as_deref(), Some("vanphong@phuhung.gov.vn"));
                let notice = (c.channel == "app").then_some(("Nhiệm vụ quá hạn", "/orgs/3/tasks"));
                if s.mark_reminder_sent(c.id, name, 10_001, notice).await.unwrap() {
                    sent.push(c.id);
                }
            }
        }
    };
    let (a, b) = tokio::join!(work(store.clone(), "a"), work(other.clone(), "b"));
    let mut all: Vec<i64> = a.iter().chain(&b).copied().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), a.len() + b.len(), "no reminder is sent by both workers");
    assert_eq!(all.len(), 60);
    assert_eq!(store.reminder_counts().await.unwrap(), (60, 60));
    assert!(store.claim_reminders("c", 999_999_999, 1, 100).await.unwrap().is_empty(), "sent is never claimed again");
    assert_eq!(store.notifications(user, 100).await.unwrap().len(), 30, "one notification per in-app reminder");

    // A worker that claims and dies: after the lease, another takes the reminder over.
    let late = store::NewReminder { task: ids[0], kind: "due_soon", user, channel: "email" };
    store.enqueue_reminders(&[late], 20_000).await.unwrap();
    assert_eq!(store.claim_reminders("dead", 20_000, 60_000, 10).await.unwrap().len(), 1);
    assert!(other.claim_reminders("b", 30_000, 60_000, 10).await.unwrap().is_empty(), "held under the lease");
    let taken = other.claim_reminders("b", 90_000, 60_000, 10).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert!(!store.mark_reminder_sent(taken[0].id, "dead", 90_001, None).await.unwrap(), "the dead worker lost it");
    assert!(other.mark_reminder_sent(taken[0].id, "b", 90_002, None).await.unwrap());
    other.close().await;
}
store_test!(
    reminders_are_claimed_by_one_worker_and_sent_once,
    super::reminders_are_claimed_by_one_worker_and_sent_once
);

/// A committee's reports take the next numbers of its register, once each, even when two
/// processes ask at once; every saved version of a report's parts is kept, newest first.
async fn reports_are_numbered_once_and_keep_their_drafts(store: Store) {
    use store::{ReportKey, ReportText};
    let (_, commune, _, t) = tree(&store).await;
    let actor = Actor::system();
    let mut tx = store.begin().await.unwrap();
    let doc = tx
        .insert_document(
            &actor,
            NewDocument {
                org: commune,
                doc_type: "Nghị quyết",
                number: None,
                title: "Nghị quyết Đại hội",
                issued_on: None,
                term: (2020, 2025),
                grain: Grain::Quarter,
                bands: Bands::default(),
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let key = |period| ReportKey { org: commune, document: doc, period };
    assert_eq!(store.report_number(key("2020-9M")).await.unwrap(), None);
    assert_eq!(store.take_report_number(&actor, key("2020-9M"), 2020).await.unwrap(), 1);
    assert_eq!(store.take_report_number(&actor, key("2020-9M"), 2020).await.unwrap(), 1, "a report keeps its number");
    let other = store.reconnect().await.unwrap();
    let (a, b) = tokio::join!(
        store.take_report_number(&actor, key("2020"), 2020),
        other.take_report_number(&actor, key("2021-H1"), 2020)
    );
    let mut got = vec![a.unwrap(), b.unwrap()];
    got.sort();
    assert_eq!(got, vec![2, 3], "two processes, two numbers");

    let text = |highlights: &str| ReportText {
        issued_on: chrono::NaiveDate::from_ymd_opt(2020, 9, 25),
        signer: None,
        highlights: highlights.into(),
        shortcomings: String::new(),
        directions: String::new(),
        recipients: "Lưu Văn phòng Đảng ủy".into(),
    };
    store.save_report_draft(&actor, key("2020-9M"), &text("Bản đầu")).await.unwrap();
    store.save_report_draft(&actor, key("2020-9M"), &text("Bản sửa")).await.unwrap();
    let drafts = store.report_drafts(key("2020-9M")).await.unwrap();
    assert_eq!(drafts.iter().map(|d| d.text.highlights.as_str()).collect::<Vec<_>>(), ["Bản sửa", "Bản đầu"]);
    // The unit's estimates of the year: set, changed, withdrawn.
    store.set_estimates(&actor, 2020, &[(t, Some(d(9.5)))]).await.unwrap();
    store.set_estimates(&actor, 2020, &[(t, Some(d(9.75)))]).await.unwrap();
    assert_eq!(store.estimates(2020, &[t]).await.unwrap(), vec![(t, d(9.75))]);
    assert!(store.estimates(2021, &[t]).await.unwrap().is_empty());
    store.set_estimates(&actor, 2020, &[(t, None)]).await.unwrap();
    assert!(store.estimates(2020, &[t]).await.unwrap().is_empty());
    let undated = ReportText { issued_on: None, ..text("x") };
    assert!(matches!(store.save_report_draft(&actor, key("2020-9M"), &undated).await, Err(StoreError::Refused(_))));
}
store_test!(reports_are_numbered_once_and_keep_their_drafts, super::reports_are_numbered_once_and_keep_their_drafts);

/// The benchmark's bulk sample: every unit with its resolution, every target cascaded
/// from the one above, a value for every grassroots target in every period, and an
/// empty database required.
/// Targets numbered 1.. with no yearly values, as a sample copies them down.
fn sample_targets(count: i32) -> Vec<domain::Target> {
    (0..count)
        .map(|i| domain::Target {
            code: (i + 1).to_string(),
            position: i + 1,
            yearly: Default::default(),
            ..store::testing::sample_target(domain::DocumentId(0), OrgId(0), None)
        })
        .collect()
}

/// A sample of `levels` under one quarterly resolution.
fn sample_shape<'a>(
    levels: &'a [usize],
    targets: &'a [domain::Target],
    periods: &'a [String],
) -> store::SampleShape<'a> {
    store::SampleShape {
        levels,
        names: &["Tỉnh", "Xã", "Chi bộ"],
        kind: "don_vi",
        document: NewDocument {
            org: OrgId(0),
            doc_type: "Nghị quyết",
            number: None,
            title: "Nghị quyết",
            issued_on: None,
            term: (2021, 2025),
            grain: Grain::Quarter,
            bands: Bands::default(),
        },
        targets,
        periods,
    }
}

async fn a_generated_sample_cascades_every_target(store: Store) {
    let targets = sample_targets(3);
    let periods = ["2021-Q1".to_string(), "2021-Q2".to_string()];
    let shape = sample_shape(&[1, 2, 5], &targets, &periods);
    let sample = store.generate_sample(&shape).await.unwrap();
    assert_eq!(sample.levels, vec![1..2, 2..4, 4..9]);
    assert_eq!(sample.values, 5 * 3 * 2);
    let orgs = store.list_orgs().await.unwrap();
    assert_eq!(orgs.len(), 8);
    assert_eq!(orgs.iter().filter(|o| o.parent == Some(OrgId(2))).count(), 3, "five units spread over two communes");
    let stored = store.list_targets().await.unwrap();
    assert_eq!(stored.len(), 8 * 3);
    for t in stored.iter().filter(|t| t.org.0 > 1) {
        let parent = stored.iter().find(|p| Some(p.id) == t.parent).expect("cascaded from the level above");
        assert_eq!(
            (parent.code.as_str(), orgs.iter().find(|o| o.id == t.org).unwrap().parent),
            (t.code.as_str(), Some(parent.org))
        );
    }
    assert_eq!(store.list_figures().await.unwrap().len(), 30);
    assert!(matches!(store.generate_sample(&shape).await, Err(StoreError::Refused(_))), "only into an empty database");
    // Yearly targets would not follow the copy down the levels: refused before anything.
    let yearly = [store::testing::sample_target(domain::DocumentId(0), OrgId(0), None)];
    let (other, _dir) = store::testing::sqlite_store().await;
    let refused = other.generate_sample(&store::SampleShape { targets: &yearly, ..shape }).await;
    assert!(matches!(refused, Err(StoreError::Refused(_))));
    assert!(other.list_orgs().await.unwrap().is_empty());
}
store_test!(a_generated_sample_cascades_every_target, super::a_generated_sample_cascades_every_target);

/// An import larger than a form (streamed through `COPY` on PostgreSQL) writes every
/// value, an audit row each with its note as typed, and changes nothing the second time.
async fn a_large_import_writes_every_value_and_its_history(store: Store) {
    const NOTE: &str = "ghi chú\tcó tab \\ và \\N";
    let targets = sample_targets(10);
    let periods = ["2021-Q1".to_string()];
    let sample = store.generate_sample(&sample_shape(&[1, 2, 1100], &targets, &periods)).await.unwrap();
    let document = store.list_documents().await.unwrap()[0].id;
    let grassroots = sample.levels[2].clone();
    let stored = store.list_targets().await.unwrap();
    let groups: Vec<store::FigureGroup> = grassroots
        .map(|org| {
            let entries: Vec<(TargetId, Option<Decimal>)> = stored
                .iter()
                .filter(|t| t.org.0 == org)
                .map(|t| (t.id, Some(Decimal::from_int(1_000_000 + org))))
                .collect();
            let notes = vec![(entries[0].0, NOTE.to_string())];
            store::FigureGroup { org: OrgId(org), document, period: periods[0].clone(), entries, notes }
        })
        .collect();
    let total: usize = groups.iter().map(|g| g.entries.len()).sum();
    assert!(total >= 11_000, "more values than a form's path takes");
    let actor = Actor { user: None, addr: Some("10.0.0.7".into()) };
    assert_eq!(store.write_figure_groups(&actor, &groups, &|_| {}).await.unwrap(), total);
    let figures = store.list_figures().await.unwrap();
    for g in &groups {
        for (target, value) in &g.entries {
            let f = figures.iter().find(|f| f.target == *target).unwrap();
            assert_eq!(Some(f.value), *value);
        }
    }
    let noted = groups[7].entries[0].0;
    let audit = store.list_audit("figure", &format!("{noted}/2021-Q1"), 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].addr.as_deref(), Some("10.0.0.7"));
    let after: serde_json::Value = serde_json::from_str(audit[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(after["note"], vn::text::clean(NOTE), "a backslash and a tab reach the history as typed");
    assert_eq!(store.write_figure_groups(&actor, &groups, &|_| {}).await.unwrap(), 0, "nothing changes twice");
}
store_test!(
    a_large_import_writes_every_value_and_its_history,
    super::a_large_import_writes_every_value_and_its_history
);
