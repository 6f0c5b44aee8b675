//! The 2025 restructuring through the use cases, on both engines: who reaches what
//! across a merge, the restated series of the demo, and a plan applied by one process
//! that every other process's engine follows.

use chrono::NaiveDate;
use domain::access::Action;
use domain::units::Restated;
use domain::{OrgId, Period, TargetId};
use store::{Store, store_test};
use tiendo::demo;
use usecase::{Caller, Clock, Ctx, Error, Live};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn process(store: &Store, clock: Clock) -> Ctx {
    let store = store.reconnect().await.expect("second pool");
    let live = Live::load(&store).await.expect("engine loads");
    Ctx::new(store, live, clock)
}

async fn caller(ctx: &Ctx, username: &str) -> Caller {
    let user = ctx.store.find_user_by_name(username).await.unwrap().expect("demo account");
    let grants = ctx.store.grants_of(user.id).await.unwrap();
    ctx.caller(user, grants, None)
}

fn at(d: NaiveDate) -> Clock {
    Clock::Fixed(d.and_hms_opt(9, 0, 0).unwrap())
}

fn unit(ctx: &Ctx, name: &str) -> OrgId {
    ctx.engine().tree.nodes.iter().find(|n| n.org.name == name).map(|n| n.org.id).expect(name)
}

/// The target of `org` in the family of the city's target named `name`.
fn target_of(ctx: &Ctx, org: OrgId, name: &str) -> TargetId {
    let e = ctx.engine();
    e.documents_of(org).flat_map(|d| e.targets_of(d.id)).find(|t| t.name == name).map(|t| t.id).expect(name)
}

async fn access_and_restating_follow_the_lineage(store: Store) {
    let seeded = demo::seed(&store).await.expect("sample seeds");
    let r = demo::restructuring::apply(&store, &seeded).await.expect("restructuring applies");
    demo::ensure_accounts(&store, "mật khẩu thử").await.expect("accounts");
    let now = process(&store, at(day(2026, 11, 29))).await;
    let before = process(&store, at(day(2025, 6, 30))).await;
    let (nhon_thanh, my_thanh_an) = (unit(&now, "Đảng ủy xã Nhơn Thạnh"), unit(&now, "Đảng ủy xã Mỹ Thạnh An"));

    // The access matrix across the merge.
    let e = now.engine();
    let ward = caller(&now, "phuongsondong").await;
    for (org, sees) in [
        (r.ward, true),
        (seeded.phu_hung, true),
        (seeded.neighbour, true),
        (nhon_thanh, true),
        (my_thanh_an, false),
        (seeded.city, false),
    ] {
        assert_eq!(ward.may(&e, Action::View, org), sees, "the ward's office on {org:?}");
    }
    let reporter = caller(&now, "phuhung").await;
    assert!(reporter.may(&e, Action::View, seeded.phu_hung), "a merged unit's reporter still reads its history");
    assert!(!reporter.may(&e, Action::EnterFigures, seeded.phu_hung), "but writes nothing after 1/7/2025");
    assert!(!reporter.may(&e, Action::View, r.ward), "nor reads its successor");
    let province = caller(&now, "tinhuy").await;
    assert!(province.may(&e, Action::View, seeded.city), "the merged province reads its predecessors' units");
    assert!(!province.may(&e, Action::AcceptReport, seeded.phu_hung), "a successor is not above its predecessors");
    assert!(!ward.may(&e, Action::Restructure, seeded.phu_hung), "nor restructures them");
    assert!(caller(&now, "admin").await.may(&e, Action::EnterFigures, seeded.phu_hung));
    drop(e);
    {
        let e = before.engine();
        let reporter = caller(&before, "phuhung").await;
        assert!(reporter.may(&e, Action::EnterFigures, seeded.phu_hung), "on 30/6/2025 it still reports");
    }
    // The successor corrects its predecessor's 2020 figures, never a period after the merge.
    let revenue = target_of(&now, seeded.phu_hung, "Thu ngân sách nhà nước trên địa bàn");
    let q3_2020 = Period::Quarter { year: 2020, quarter: 3 };
    let q3_2025 = Period::Quarter { year: 2025, quarter: 3 };
    assert!(usecase::figures::check_target(&now.engine(), &province, revenue, q3_2020).is_ok());
    let after = usecase::figures::check_target(&now.engine(), &province, revenue, q3_2025);
    assert!(matches!(after, Err(Error::Refused(ref m)) if m.contains("01/7/2025")), "{after:?}");

    // The ward's history, restated: merges add up, the split passes 60%.
    let h = usecase::lineage::of_unit(&now, &ward, r.ward, day(2026, 11, 29)).unwrap();
    let names = |i: &usecase::lineage::Inherited| i.name.clone();
    let rev = h.inherited.iter().find(|i| i.name == "Thu ngân sách nhà nước trên địa bàn").expect("revenue");
    assert_eq!(rev.continued_by, Some(r.revenue), "the new term's target continues it");
    let q1 = Period::Quarter { year: 2020, quarter: 1 };
    let k = rev.periods.iter().position(|p| *p == q1).unwrap();
    let e = now.engine();
    let v = |org| e.value(target_of(&now, org, "Thu ngân sách nhà nước trên địa bàn"), q1).unwrap();
    let expected = v(seeded.phu_hung) + v(seeded.neighbour) + 0.6 * v(nhon_thanh);
    match &rev.restated[k] {
        Restated::Value(x) => assert!((x - expected).abs() < 1e-9, "{x} vs {expected}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(rev.reported.len(), 3, "as reported: one line per predecessor");
    assert!(rev.reported.iter().any(|s| s.name == "Đảng ủy xã Nhơn Thạnh (60% chuyển về)"), "{:?}", rev.reported);
    let continued = usecase::lineage::continued(&now, &ward, r.revenue, day(2026, 11, 29)).unwrap();
    assert_eq!(continued.len(), 1, "the new target's trend shows the earlier term");
    assert_eq!(continued[0].restated, rev.restated);
    let rate = h.inherited.iter().find(|i| i.name.starts_with("Tỷ lệ dân số tham gia")).expect("a rate");
    assert!(rate.restated.iter().all(|x| matches!(x, Restated::NotComparable(_))), "{:?}", names(rate));
    drop(e);
    // The ward's report for the first half of 2026 compares with the same half of 2025,
    // as its predecessors reported it and restated: 8,3 + 7,6 + 60% of 5,4.
    let half = Period::Half { year: 2026, half: 1 };
    let report = usecase::period_report::gather(&now, &ward, r.ward, half).await.unwrap();
    let said = &report.text.highlights;
    assert!(said.contains("6 tháng đầu năm 2025 quy đổi theo cơ cấu hiện nay: 19,14 tỷ đồng"), "{said}");
    assert!(said.contains("Đảng ủy xã Phú Hưng 8,3"), "{said}");
    let e = now.engine();
    // A merged commune's 2020 dashboard lists its chi bộ of 2020, one of which moved away.
    let cells: Vec<String> =
        e.children_in(seeded.phu_hung, q3_2020).into_iter().map(|i| e.tree.nodes[i].org.name.clone()).collect();
    assert_eq!(cells.len(), 3, "{cells:?}");
    assert!(e.children_in(seeded.phu_hung, Period::Year { year: 2026 }).is_empty());
    // Xã Nhơn Thạnh's chi bộ were renamed when they moved: its 2020 dashboard names them
    // as they reported then.
    let d = e.dashboard(nhon_thanh, q3_2020).unwrap();
    let names: Vec<&str> = d.children.iter().map(|c| c.name).collect();
    assert_eq!(names, ["Chi bộ ấp 1", "Chi bộ ấp 2", "Chi bộ ấp 3"]);
    assert!(d.children[0].org.name.starts_with("Chi bộ ấp Nhơn Thạnh"), "renamed since");
}
store_test!(access_and_restating_follow_the_lineage, super::access_and_restating_follow_the_lineage);

fn sheet(lines: &[&str]) -> Vec<Vec<String>> {
    let header = "Đơn vị cũ;Đơn vị mới;Hình thức;Tỷ lệ;Ngày hiệu lực;Số quyết định;Đơn vị cấp trên;Loại đơn vị";
    std::iter::once(header).chain(lines.iter().copied()).map(|l| l.split(';').map(String::from).collect()).collect()
}

async fn a_plan_applied_by_one_process_reaches_every_engine(store: Store) {
    demo::seed(&store).await.expect("sample seeds");
    demo::ensure_accounts(&store, "mật khẩu thử").await.expect("accounts");
    let (a, b) = (process(&store, Clock::System).await, process(&store, Clock::System).await);
    let office = caller(&a, "vanphong").await;
    {
        let e = a.engine();
        let city = unit(&a, "Thành ủy Bến Tre");
        assert!(!office.may(&e, Action::Restructure, city), "a committee is restructured from above");
        assert!(office.may(&e, Action::Restructure, unit(&a, "Đảng ủy Phường 7")));
    }

    // Mistakes come back by row; nothing is written.
    let bad = sheet(&[
        "Đảng ủy xã Bình Phú;Phường Một;Chia tách;60%;01/7/2025;QĐ 1;Thành ủy Bến Tre;",
        "Đảng ủy xã Bình Phú;Phường Hai;Chia tách;30%;01/7/2025;QĐ 1;Thành ủy Bến Tre;",
    ]);
    match usecase::restructure::apply(&a, &office, &bad).await {
        Err(Error::Invalid(errors)) => assert_eq!((errors[0].field.as_str(), errors.len()), ("2", 1), "{errors:?}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    // A reporter may not restructure.
    let good = sheet(&[
        "Đảng ủy Phường 7;Đảng ủy phường Bến Tre;Sáp nhập;;01/7/2025;QĐ 1;;Đảng ủy phường",
        "Đảng ủy Phường 8;Đảng ủy phường Bến Tre;Sáp nhập;;01/7/2025;QĐ 1;;",
    ]);
    let reporter = caller(&a, "phuhung").await;
    assert!(matches!(usecase::restructure::apply(&a, &reporter, &good).await, Err(Error::Forbidden(_))));

    let preview = usecase::restructure::preview(&a, &office, &good).await.unwrap();
    assert!(preview.lines[0].text.starts_with("Thành lập Đảng ủy phường Bến Tre trực thuộc Thành ủy Bến Tre"));
    let merged = &preview.lines[1].text;
    assert!(merged.contains("sáp nhập vào Đảng ủy phường Bến Tre (thành lập mới)"), "{merged}");
    let founded = usecase::restructure::apply(&a, &office, &good).await.unwrap();
    assert_eq!(founded.len(), 1);

    // The other process follows through the change log and equals a rebuild, on any date.
    b.sync().await.unwrap();
    let rebuilt = usecase::load_engine(&store).await.unwrap();
    let shape = |t: &engine::Tree| t.nodes.iter().map(|n| (n.org.id, n.org.name.clone(), n.parent)).collect::<Vec<_>>();
    for d in [day(2020, 9, 30), day(2025, 6, 30), day(2025, 7, 1), day(2026, 11, 29)] {
        assert_eq!(shape(&b.engine().tree_at(d)), shape(&rebuilt.tree_at(d)), "on {d}");
    }
    assert_eq!(b.engine().diff(&rebuilt), None);
    let new_ward = founded[0];
    let eng = b.engine();
    assert!(eng.tree_at(day(2025, 7, 1)).get(new_ward).is_some());
    assert!(eng.tree_at(day(2025, 6, 30)).get(new_ward).is_none());
    assert_eq!(eng.history.predecessors(new_ward).len(), 2);
}
store_test!(
    a_plan_applied_by_one_process_reaches_every_engine,
    super::a_plan_applied_by_one_process_reaches_every_engine
);

/// A unit merged together with its own higher unit is already in that unit's value:
/// restating counts it once.
async fn a_lower_unit_merged_with_its_higher_unit_counts_once(store: Store) {
    let seeded = demo::seed(&store).await.expect("sample seeds");
    demo::ensure_accounts(&store, "mật khẩu thử").await.expect("accounts");
    let ctx = process(&store, Clock::System).await;
    let admin = caller(&ctx, "admin").await;
    let plan = sheet(&[
        "Thành ủy Bến Tre;Thành ủy Mới;Sáp nhập;;01/7/2025;QĐ 9;Tỉnh ủy Bến Tre;",
        "Đảng ủy xã Phú Hưng;Thành ủy Mới;Sáp nhập;;01/7/2025;QĐ 9;;",
    ]);
    let founded = usecase::restructure::apply(&ctx, &admin, &plan).await.unwrap();
    let revenue = target_of(&ctx, seeded.city, "Thu ngân sách nhà nước trên địa bàn");
    let q1 = Period::Quarter { year: 2020, quarter: 1 };
    let e = ctx.engine();
    let point = e.restated_value(revenue, founded[0], q1, day(2026, 1, 1)).expect("reported");
    let units: Vec<OrgId> = point.reported.iter().map(|r| r.0).collect();
    assert_eq!(units, [seeded.city], "xã Phú Hưng is inside the city's value");
    assert_eq!(point.restated, Restated::Value(e.value(revenue, q1).unwrap()));
}
store_test!(
    a_lower_unit_merged_with_its_higher_unit_counts_once,
    super::a_lower_unit_merged_with_its_higher_unit_counts_once
);
