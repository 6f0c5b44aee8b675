//! Units over time on both engines: a restructuring plan applied in one transaction,
//! versions that never overlap, the lineage read back, and nothing rewritten.

use chrono::NaiveDate;
use domain::restructuring::read_plan;
use domain::units::{EventKind, History};
use domain::{OrgId, TargetId};
use store::testing::tree;
use store::{Actor, NewOrg, Store, store_test};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn history(store: &Store) -> History {
    History::new(store.list_unit_versions().await.unwrap(), store.list_unit_events().await.unwrap())
}

fn rows(lines: &[&str]) -> Vec<Vec<String>> {
    let header =
        "Đơn vị cũ;Đơn vị mới;Hình thức;Tỷ lệ;Ngày hiệu lực;Số quyết định;Đơn vị cấp trên;Loại đơn vị;Mã đơn vị";
    std::iter::once(header).chain(lines.iter().copied()).map(|l| l.split(';').map(String::from).collect()).collect()
}

async fn a_plan_is_applied_whole_and_keeps_history(store: Store) {
    let (city, commune, _, commune_target) = tree(&store).await;
    let actor = Actor::system();
    let mut tx = store.begin().await.unwrap();
    let other = tx
        .insert_org(&actor, NewOrg { parent: Some(city), name: "Đảng ủy xã Sơn Đông", kind: "dang_uy_xa", position: 2 })
        .await
        .unwrap();
    let cell = tx
        .insert_org(
            &actor,
            NewOrg { parent: Some(commune), name: "Chi bộ ấp Phú Chánh", kind: "dang_uy_xa", position: 0 },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let before = store.last_change().await.unwrap();

    let kinds = store.list_org_kinds().await.unwrap();
    let plan = read_plan(
        &rows(&[
            "Đảng ủy xã Phú Hưng;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1/QĐ-TU;;",
            "Đảng ủy xã Sơn Đông;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1/QĐ-TU;;",
            "Thành ủy Bến Tre;Thành ủy Bến Tre mới;Đổi tên;;01/7/2025;QĐ 2/QĐ-TU;;;TU-01",
        ]),
        &history(&store).await,
        &kinds,
    )
    .unwrap();
    let mut tx = store.begin().await.unwrap();
    let founded = tx.apply_plan(&actor, &plan).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(founded.len(), 1);
    let ward = founded[0];
    assert!(store.last_change().await.unwrap() > before, "the change log tells every engine");

    let h = history(&store).await;
    // The tree on any date is a tree of the units then in force.
    let old: Vec<OrgId> = h.tree_at(day(2025, 6, 30)).iter().map(|o| o.id).collect();
    assert_eq!(old, [city, commune, other, cell]);
    let new = h.tree_at(day(2025, 7, 1));
    assert_eq!(new.iter().map(|o| o.id).collect::<Vec<_>>(), [city, cell, ward]);
    assert_eq!((new[0].name.as_str(), new[0].code.as_deref()), ("Thành ủy Bến Tre mới", Some("TU-01")));
    assert_eq!(h.version_at(city, day(2024, 1, 1)).unwrap().code, None, "the code came with the new version");
    assert_eq!(new[1].parent, Some(ward), "the chi bộ followed its commune");
    assert_eq!(h.version_at(city, day(2024, 1, 1)).unwrap().name, "Thành ủy Bến Tre", "the old name stays");
    // On any date it is a tree: every parent is in force, and every chain reaches a root.
    for d in [day(2020, 1, 1), day(2025, 6, 30), day(2025, 7, 1), day(2030, 1, 1)] {
        let t = h.tree_at(d);
        let parent: std::collections::HashMap<OrgId, Option<OrgId>> = t.iter().map(|o| (o.id, o.parent)).collect();
        for o in &t {
            let mut at = o.parent;
            for _ in 0..=t.len() {
                match at {
                    Some(p) => at = *parent.get(&p).expect("a parent in force"),
                    None => break,
                }
            }
            assert!(at.is_none(), "{:?} on {d} has a cycle above it", o.id);
        }
    }
    // Validity never overlaps for one unit.
    for o in [city, commune, other, cell, ward] {
        let v = h.versions_of(o);
        for pair in v.windows(2) {
            assert!(pair[0].to.is_some() && pair[0].to <= pair[1].from, "{o:?}: {v:?}");
        }
    }
    let mut pre = h.predecessors(ward);
    pre.sort();
    assert_eq!(pre, [commune, other]);
    assert_eq!(h.events().iter().filter(|e| e.kind == EventKind::Merged).count(), 2);
    // Nothing reported under the old commune was moved or rewritten.
    assert!(store.list_targets().await.unwrap().iter().any(|t| t.id == commune_target && t.org == commune));
    let audit = store.list_audit("org", &commune.0.to_string(), 10).await.unwrap();
    assert_eq!(audit.len(), 2, "created, then ended");

    // The same plan again is refused: those communes are no longer there on that day.
    let again =
        read_plan(&rows(&["Đảng ủy xã Phú Hưng;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1/QĐ-TU;;"]), &h, &kinds);
    assert!(again.unwrap_err()[0].message.contains("không có đơn vị"));

    // A new term's target continues the old one.
    let mut tx = store.begin().await.unwrap();
    tx.link_predecessor(&actor, commune_target, TargetId(commune_target.0)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.list_target_predecessors().await.unwrap(), [(commune_target, commune_target)]);
}
store_test!(a_plan_is_applied_whole_and_keeps_history, super::a_plan_is_applied_whole_and_keeps_history);

async fn a_failed_plan_writes_nothing(store: Store) {
    let (city, commune, _, _) = tree(&store).await;
    let kinds = store.list_org_kinds().await.unwrap();
    let h = history(&store).await;
    let plan = read_plan(&rows(&["Đảng ủy xã Phú Hưng;;Giải thể;;01/7/2025;QĐ 3;;"]), &h, &kinds).unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.apply_plan(&Actor::system(), &plan).await.unwrap();
    // Ending the same unit again in the same transaction fails; the whole is rolled back.
    let err = tx.apply_plan(&Actor::system(), &plan).await;
    assert!(err.is_err());
    drop(tx);
    let after = history(&store).await;
    assert!(after.events().is_empty());
    assert!(after.version_at(commune, day(2026, 1, 1)).is_some());
    assert!(after.version_at(city, day(2026, 1, 1)).is_some());
}
store_test!(a_failed_plan_writes_nothing, super::a_failed_plan_writes_nothing);
