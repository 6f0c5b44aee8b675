//! The engine against a full recompute, over long random write sequences.

use std::collections::{BTreeMap, HashMap};

use domain::{
    Accrual, AssessAt, Bands, Bound, Decimal, Direction, Document, DocumentId, Measure, Org, OrgId, Period, Rollup,
    Status, Target, TargetId,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use vn::period::Grain;

use super::{Engine, Figure};

fn org(id: i64, parent: Option<i64>) -> Org {
    Org {
        id: OrgId(id),
        parent: parent.map(OrgId),
        name: format!("Đơn vị {id}"),
        kind: "x".into(),
        valid_from: None,
        valid_to: None,
        successor: None,
        code: None,
    }
}

fn doc(id: i64, org: i64) -> Document {
    Document {
        id: DocumentId(id),
        org: OrgId(org),
        doc_type: "Nghị quyết".into(),
        number: None,
        title: "NQ".into(),
        issued_on: None,
        term: Period::Term { start: 2020, end: 2025 },
        grain: Grain::Quarter,
        bands: Bands::default(),
    }
}

#[allow(clippy::too_many_arguments)]
fn target(id: i64, doc: i64, org: i64, parent: Option<i64>, rollup: Rollup, accrual: Accrual, bound: f64) -> Target {
    Target {
        id: TargetId(id),
        document: DocumentId(doc),
        org: OrgId(org),
        code: id.to_string(),
        field: "Kinh tế".into(),
        name: format!("Chỉ tiêu {id}"),
        unit: "%".into(),
        term_bound: Bound::AtLeast { value: Decimal::from_f64(bound), strict: false },
        measure: Measure::EveryYear,
        direction: Direction::HigherIsBetter,
        accrual,
        rollup,
        assess_at: AssessAt::AnyPeriod,
        yearly: BTreeMap::new(),
        responsible: None,
        parent: parent.map(TargetId),
        position: id as i32,
    }
}

/// A city (1) with three communes (2–4), each with two cells; four families: a sum, a
/// level average, a weighted average by the population family, and a count.
fn world() -> (Vec<Org>, Vec<Document>, Vec<Target>) {
    let mut orgs = vec![org(1, None)];
    let mut docs = vec![doc(1, 1)];
    let mut targets = vec![
        target(100, 1, 1, None, Rollup::Sum, Accrual::Flow, 100.0),
        target(200, 1, 1, None, Rollup::Average, Accrual::Level, 50.0),
        target(300, 1, 1, None, Rollup::Sum, Accrual::Level, 1000.0),
        target(400, 1, 1, None, Rollup::WeightedAverage(TargetId(300)), Accrual::Level, 80.0),
        target(500, 1, 1, None, Rollup::CountMeeting, Accrual::Level, 2.0),
    ];
    for c in 2..=4 {
        orgs.push(org(c, Some(1)));
        docs.push(doc(c, c));
        for (k, root) in [100, 200, 300, 400, 500].iter().enumerate() {
            let (r, a) = (targets[k].rollup, targets[k].accrual);
            let r = if *root == 500 { Rollup::Sum } else { r };
            let r =
                if let Rollup::WeightedAverage(_) = r { Rollup::WeightedAverage(TargetId(300 + c * 10)) } else { r };
            targets.push(target(root + c * 10, c, c, Some(*root), r, a, 10.0));
            for cell in 0..2 {
                let cell_id = c * 10 + cell;
                if k == 0 {
                    orgs.push(org(cell_id, Some(c)));
                    docs.push(doc(cell_id, cell_id));
                }
                let r = if let Rollup::WeightedAverage(_) = r {
                    Rollup::WeightedAverage(TargetId(3000 + cell_id))
                } else {
                    r
                };
                targets.push(target(root * 10 + cell_id, cell_id, cell_id, Some(root + c * 10), r, a, 5.0));
            }
        }
    }
    (orgs, docs, targets)
}

/// A small engine with some values, for tests of other modules.
pub(crate) fn small_engine() -> Engine {
    let (orgs, docs, targets) = world();
    let mut engine = Engine::build(orgs, docs, targets.clone(), &[], vec![]);
    for (i, t) in targets.iter().enumerate() {
        engine.apply_figure(t.id, PERIODS[i % PERIODS.len()], Some(Decimal::from_int(i as i64 + 1)));
    }
    engine
}

const PERIODS: [&str; 6] = ["2020-Q1", "2020-Q2", "2020-Q3", "2021-Q1", "2025-Q4", "2020-9M"];

#[test]
fn incremental_writes_equal_a_full_recompute() {
    let (orgs, docs, targets) = world();
    let mut engine = Engine::build(orgs.clone(), docs.clone(), targets.clone(), &[], vec![]);
    let mut truth: HashMap<(TargetId, &str), Decimal> = HashMap::new();
    let mut rng = SmallRng::seed_from_u64(2020);
    for step in 0..5_000 {
        let t = targets[rng.random_range(0..targets.len())].id;
        let p = PERIODS[rng.random_range(0..PERIODS.len())];
        let v = (rng.random_range(0..10) > 0).then(|| Decimal::from_f64(rng.random_range(0.0..200.0)));
        match v {
            Some(v) => truth.insert((t, p), v),
            None => truth.remove(&(t, p)),
        };
        engine.apply_figure(t, p, v);
        if step % 500 == 499 {
            let figures: Vec<Figure> =
                truth.iter().map(|((t, p), v)| Figure { target: *t, period: p.to_string(), value: *v }).collect();
            let rebuilt = Engine::build(orgs.clone(), docs.clone(), targets.clone(), &figures, vec![]);
            assert_eq!(engine.diff(&rebuilt), None, "after {} writes", step + 1);
        }
    }
}

#[test]
fn rolls_up_by_each_rule() {
    let (orgs, docs, targets) = world();
    let fig = |t: i64, p: &str, v: f64| Figure { target: TargetId(t), period: p.into(), value: Decimal::from_f64(v) };
    let figures = vec![
        // sums over cells and quarters
        fig(1020, "2020-Q1", 1.0),
        fig(1021, "2020-Q1", 2.0),
        fig(1030, "2020-Q2", 4.0),
        fig(1040, "2020-Q3", 8.0),
        fig(1040, "2020-Q4", 16.0),
        // levels: the latest quarter counts
        fig(2020, "2020-Q1", 10.0),
        fig(2020, "2020-Q3", 30.0),
        fig(2021, "2020-Q2", 50.0),
        // weighted by population
        fig(3020, "2020-Q1", 100.0),
        fig(3021, "2020-Q1", 300.0),
        fig(4020, "2020-Q1", 90.0),
        fig(4021, "2020-Q1", 50.0),
        // communes meeting their count target (bound 10 at commune level)
        fig(5020, "2020-Q1", 6.0),
        fig(5021, "2020-Q1", 6.0),
        fig(5030, "2020-Q1", 3.0),
    ];
    let engine = Engine::build(orgs, docs, targets, &figures, vec![]);
    let nine = Period::NineMonths { year: 2020 };
    assert_eq!(engine.value(TargetId(100), nine), Some(15.0));
    assert_eq!(engine.value(TargetId(120), nine), Some(3.0));
    assert_eq!(engine.value(TargetId(100), Period::Year { year: 2020 }), Some(31.0));
    assert_eq!(engine.value(TargetId(200), nine), Some(40.0), "mean of 30 and 50");
    assert_eq!(engine.value(TargetId(400), Period::Quarter { year: 2020, quarter: 1 }), Some(60.0));
    assert_eq!(engine.value(TargetId(500), nine), Some(1.0), "only commune 2 reaches 10");
    assert_eq!(engine.value(TargetId(100), Period::Month { year: 2020, month: 2 }), None);
    assert!(engine.is_aggregated(TargetId(100)));
    assert!(!engine.is_aggregated(TargetId(1020)));
    let e = engine.evaluation(TargetId(120), nine).unwrap();
    assert_eq!(e.status, Status::Behind);
}

#[test]
fn dashboards_show_children_and_forms_show_entries() {
    let (orgs, docs, targets) = world();
    let figures = vec![Figure { target: TargetId(1020), period: "2020-Q3".into(), value: Decimal::from_int(7) }];
    let engine = Engine::build(orgs, docs, targets, &figures, vec![]);
    let nine = Period::NineMonths { year: 2020 };
    let d = engine.dashboard(OrgId(1), nine).unwrap();
    assert_eq!(d.rows.len(), 5);
    assert_eq!(d.children.len(), 3);
    assert_eq!(d.summary.total, 5);
    let (_, rows) = engine.form(OrgId(20), Period::Quarter { year: 2020, quarter: 3 }).unwrap();
    assert_eq!(rows[0].entered, Some(7.0));
    assert!(engine.form(OrgId(20), nine).is_none(), "figures are entered per quarter");
    assert!(engine.tree.within(OrgId(20), OrgId(2)));
    assert!(!engine.tree.within(OrgId(30), OrgId(2)));
    assert_eq!(engine.tree.lineage(OrgId(21)), vec![OrgId(1), OrgId(2), OrgId(21)]);
}
