use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn v(org: i64, from: Option<NaiveDate>, to: Option<NaiveDate>, name: &str, parent: Option<i64>) -> UnitVersion {
    UnitVersion {
        org: OrgId(org),
        from,
        to,
        name: name.into(),
        kind: "x".into(),
        parent: parent.map(OrgId),
        code: None,
    }
}

fn ev(kind: EventKind, org: i64, into: Option<i64>, share: Option<Share>) -> UnitEvent {
    UnitEvent {
        kind, org: OrgId(org), into: into.map(OrgId), share, on: d(2025, 7, 1), decision: "QĐ 1/QĐ-TU".into()
    }
}

/// Province 1 with communes 2, 3 (merged into 5 on 1/7/2025) and 4 (split 60/40 into 5
/// and 6); chi bộ 7 under 2 moves to 5; the province is renamed.
fn sample() -> History {
    let cut = Some(d(2025, 7, 1));
    History::new(
        vec![
            v(1, None, cut, "Tỉnh ủy Cũ", None),
            v(1, cut, None, "Tỉnh ủy Mới", None),
            v(2, None, cut, "Xã A", Some(1)),
            v(3, None, cut, "Xã B", Some(1)),
            v(4, None, cut, "Xã C", Some(1)),
            v(5, cut, None, "Phường Một", Some(1)),
            v(6, cut, None, "Phường Hai", Some(1)),
            v(7, None, cut, "Chi bộ ấp 1", Some(2)),
            v(7, cut, None, "Chi bộ ấp 1", Some(5)),
        ],
        vec![
            ev(EventKind::Merged, 2, Some(5), None),
            ev(EventKind::Merged, 3, Some(5), None),
            ev(EventKind::Split, 4, Some(5), Some(6_000)),
            ev(EventKind::Split, 4, Some(6), Some(4_000)),
            ev(EventKind::Renamed, 1, None, None),
        ],
    )
}

#[test]
fn the_tree_on_a_date_holds_the_units_then_in_force() {
    let h = sample();
    let before: Vec<i64> = h.tree_at(d(2025, 6, 30)).iter().map(|o| o.id.0).collect();
    assert_eq!(before, [1, 2, 3, 4, 7]);
    let after = h.tree_at(d(2025, 7, 1));
    assert_eq!(after.iter().map(|o| o.id.0).collect::<Vec<_>>(), [1, 5, 6, 7]);
    assert_eq!(after[0].name, "Tỉnh ủy Mới");
    assert_eq!(after[3].parent, Some(OrgId(5)));
    assert_eq!(h.tree_at(d(2020, 1, 1))[0].name, "Tỉnh ủy Cũ");
}

#[test]
fn heirs_and_predecessors_follow_the_lineage() {
    let h = sample();
    assert_eq!(h.heirs(OrgId(4)), [OrgId(5), OrgId(6)]);
    let mut pre = h.predecessors(OrgId(5));
    pre.sort();
    assert_eq!(pre, [OrgId(2), OrgId(3), OrgId(4)]);
    assert!(h.heirs(OrgId(5)).is_empty());
    assert_eq!(h.ended(OrgId(2)), Some(d(2025, 7, 1)));
    assert_eq!(h.ended(OrgId(5)), None);
}

#[test]
fn restating_adds_merges_and_divides_splits() {
    let h = sample();
    let reported = BTreeMap::from([(OrgId(2), Some(10.0)), (OrgId(3), Some(20.0)), (OrgId(4), Some(50.0))]);
    let name = |o: OrgId| format!("#{}", o.0);
    let day = d(2026, 1, 1);
    assert_eq!(restate(&h, &reported, OrgId(5), day, true, name), Restated::Value(60.0));
    assert_eq!(restate(&h, &reported, OrgId(6), day, true, name), Restated::Value(20.0));
    // A rate cannot be added up or divided.
    assert!(matches!(restate(&h, &reported, OrgId(5), day, false, name), Restated::NotComparable(_)));
    // A missing predecessor makes it not comparable, never a partial sum.
    let partial = BTreeMap::from([(OrgId(2), Some(10.0)), (OrgId(3), None), (OrgId(4), Some(50.0))]);
    assert_eq!(
        restate(&h, &partial, OrgId(5), day, true, name),
        Restated::NotComparable("thiếu số liệu của #3".into())
    );
    // Before the change nothing was carried yet.
    assert!(matches!(restate(&h, &reported, OrgId(5), d(2025, 1, 1), true, name), Restated::NotComparable(_)));
}

proptest! {
    /// However units merge and split, what a unit carries forward never exceeds itself:
    /// restated totals never count a value twice.
    #[test]
    fn nothing_is_counted_twice(splits in proptest::collection::vec((0i64..6, 0i64..6, 1u32..=10_000), 0..12)) {
        let cut = d(2025, 7, 1);
        let mut versions: Vec<UnitVersion> = (0..6).map(|i| v(i, None, None, "u", None)).collect();
        let mut events = Vec::new();
        let mut left: BTreeMap<i64, u32> = (0..6).map(|i| (i, WHOLE)).collect();
        for (from, to, share) in splits {
            let s = share.min(left[&from]);
            if from == to || s == 0 || from >= to {
                continue;
            }
            *left.get_mut(&from).unwrap() -= s;
            events.push(UnitEvent { kind: EventKind::Split, org: OrgId(from), into: Some(OrgId(to)), share: Some(s), on: cut, decision: String::new() });
        }
        for e in &events {
            versions[e.org.0 as usize].to = Some(cut);
        }
        let h = History::new(versions, events);
        for start in 0..6 {
            let total: f64 = h.carried(OrgId(start), d(2026, 1, 1)).values().sum();
            prop_assert!(total <= 1.0 + 1e-9, "unit {start} carries {total}");
        }
    }
}
