use std::collections::BTreeMap;

use proptest::prelude::*;
use vn::{Decimal, Period};

use super::*;
use crate::summary::UnitSummary;
use crate::target::{Measure, Rollup};
use crate::{DocumentId, OrgId, TargetId};

const TERM: Period = Period::Term { start: 2020, end: 2025 };
const NINE: Period = Period::NineMonths { year: 2020 };
const YEAR: Period = Period::Year { year: 2020 };

fn d(x: f64) -> Decimal {
    Decimal::from_f64(x)
}

fn target(bound: Bound, direction: Direction, accrual: Accrual) -> Target {
    Target {
        id: TargetId(1),
        document: DocumentId(1),
        org: OrgId(1),
        code: "1".into(),
        field: "Kinh tế".into(),
        name: "Chỉ tiêu".into(),
        unit: "%".into(),
        measure: Measure::EveryYear,
        direction,
        accrual,
        rollup: Rollup::Sum,
        assess_at: AssessAt::AnyPeriod,
        term_bound: bound,
        yearly: BTreeMap::new(),
        responsible: None,
        parent: None,
        position: 1,
    }
}

fn eval(t: &Target, period: Period, actual: f64) -> Evaluation {
    evaluate(t, period, TERM, Some(actual), &Bands::default(), None)
}

#[test]
fn floor_ratio_and_status() {
    let t = target(Bound::AtLeast { value: d(90.0), strict: false }, Direction::HigherIsBetter, Accrual::Level);
    let e = eval(&t, YEAR, 95.0);
    assert_eq!((e.status, e.band), (Status::Exceeded, Some(0)));
    assert_eq!(eval(&t, YEAR, 90.0).status, Status::Met);
    let e = eval(&t, YEAR, 81.0);
    assert_eq!((e.status, e.band), (Status::Missed, Some(1)));
    assert!((e.ratio.unwrap() - 90.0).abs() < 1e-9);
    assert_eq!(eval(&t, NINE, 81.0).status, Status::Behind);
}

#[test]
fn strict_floor_at_the_bound_is_not_met() {
    let t = target(Bound::AtLeast { value: d(4.0), strict: true }, Direction::HigherIsBetter, Accrual::Level);
    let e = eval(&t, YEAR, 4.0);
    assert_eq!(e.status, Status::Missed);
    assert!(e.ratio.unwrap() < 100.0);
    assert_eq!(eval(&t, YEAR, 4.1).status, Status::Met);
}

#[test]
fn lower_is_better_for_a_poverty_level_but_not_for_its_reduction() {
    let level = target(Bound::AtMost { value: d(0.2), strict: true }, Direction::LowerIsBetter, Accrual::Level);
    assert_eq!(eval(&level, YEAR, 0.1).status, Status::Met);
    let e = eval(&level, YEAR, 0.4);
    assert_eq!(e.status, Status::Missed);
    assert!((e.ratio.unwrap() - 50.0).abs() < 1e-9);
    let reduction = target(Bound::AtLeast { value: d(1.41), strict: false }, Direction::HigherIsBetter, Accrual::Level);
    assert_eq!(eval(&reduction, YEAR, 1.5).status, Status::Exceeded);
    assert_eq!(eval(&reduction, YEAR, 1.0).status, Status::Missed);
}

#[test]
fn ranges_approximations_and_yes_no() {
    let range = target(Bound::Range { low: d(7.5), high: d(8.0) }, Direction::HigherIsBetter, Accrual::Level);
    assert_eq!(eval(&range, YEAR, 7.8).status, Status::Met);
    assert_eq!(eval(&range, YEAR, 8.5).status, Status::Exceeded);
    assert_eq!(eval(&range, YEAR, 6.0).band, Some(2));
    let about = target(Bound::About(d(30.0)), Direction::HigherIsBetter, Accrual::Level);
    assert_eq!(eval(&about, YEAR, 29.0).status, Status::Met);
    assert_eq!(eval(&about, YEAR, 20.0).status, Status::Missed);
    let yes = target(Bound::YesNo, Direction::HigherIsBetter, Accrual::Level);
    assert_eq!(eval(&yes, YEAR, 1.0).status, Status::Met);
    assert_eq!(eval(&yes, YEAR, 0.0).band, Some(3));
}

#[test]
fn a_flow_in_nine_months_is_judged_against_the_time_elapsed() {
    let mut t = target(Bound::AtLeast { value: d(25.0), strict: false }, Direction::HigherIsBetter, Accrual::Flow);
    t.yearly.insert(2020, Bound::AtLeast { value: d(20.0), strict: false });
    let on_track = eval(&t, NINE, 16.0);
    assert_eq!((on_track.status, on_track.band), (Status::OnTrack, Some(2)));
    assert_eq!(on_track.plan, Bound::AtLeast { value: d(20.0), strict: false });
    assert_eq!(eval(&t, NINE, 12.0).status, Status::Behind);
    assert_eq!(eval(&t, YEAR, 16.0).status, Status::Missed);
}

#[test]
fn cumulative_targets_split_over_the_years() {
    let mut t = target(Bound::AtLeast { value: d(600.0), strict: false }, Direction::HigherIsBetter, Accrual::Flow);
    t.measure = Measure::Cumulative;
    assert_eq!(t.plan_for(YEAR, TERM), Bound::AtLeast { value: d(100.0), strict: false });
    assert_eq!(t.plan_for(TERM, TERM), Bound::AtLeast { value: d(600.0), strict: false });
}

#[test]
fn year_end_targets_wait_and_missing_figures_are_in_progress() {
    let mut t = target(Bound::YesNo, Direction::HigherIsBetter, Accrual::Level);
    t.assess_at = AssessAt::YearEnd;
    let e = eval(&t, NINE, 1.0);
    assert_eq!((e.status, e.band), (Status::InProgress, None));
    assert_eq!(eval(&t, YEAR, 1.0).status, Status::Met);
    let none = evaluate(&t, YEAR, TERM, None, &Bands::default(), None);
    assert_eq!(none.status, Status::InProgress);
}

#[test]
fn an_override_replaces_the_status_and_keeps_the_reason() {
    let t = target(Bound::AtLeast { value: d(90.0), strict: false }, Direction::HigherIsBetter, Accrual::Level);
    let o = Override { status: Status::Met, reason: "Số liệu thống kê chậm".into() };
    let e = evaluate(&t, YEAR, TERM, Some(50.0), &Bands::default(), Some(&o));
    assert_eq!((e.status, e.band), (Status::Met, Some(0)));
    assert_eq!(e.overridden.as_deref(), Some("Số liệu thống kê chậm"));
}

#[test]
fn bands_are_configurable() {
    let bands = Bands::parse("100;80;50").unwrap();
    assert_eq!(bands.band_of(85.0), 1);
    assert_eq!(bands.label(2), "đạt từ 50% trở lên");
    assert_eq!(bands.label(3), "dưới 50%");
    assert!(Bands::parse("70;90").is_err());
    assert!(Bands::parse("").is_err());
}

#[test]
fn the_summary_sentence_reads_like_seed_000() {
    let t = target(Bound::AtLeast { value: d(100.0), strict: false }, Direction::HigherIsBetter, Accrual::Level);
    let mut evals = Vec::new();
    for (n, actual) in [(13, Some(100.0)), (2, Some(95.0)), (4, Some(75.0)), (4, Some(10.0)), (8, None)] {
        for _ in 0..n {
            evals.push(evaluate(&t, NINE, TERM, actual, &Bands::default(), None));
        }
    }
    let bands = Bands::default();
    let s = UnitSummary::of(&evals, &bands);
    assert_eq!((s.total, s.bands.clone(), s.in_progress), (31, vec![13, 2, 4, 4], 8));
    assert_eq!(
        s.sentence(&bands),
        "13/31 chỉ tiêu hoàn thành 100%, 2/31 chỉ tiêu đạt từ 90% trở lên, 4/31 chỉ tiêu đạt từ 70% trở lên, \
         4/31 chỉ tiêu dưới 70% và 8 chỉ tiêu đang thực hiện."
    );
}

fn any_bound() -> impl Strategy<Value = Bound> {
    let v = (1..100_000i64).prop_map(|x| Decimal::from_scaled(x * 100));
    prop_oneof![
        v.clone().prop_map(Bound::Exact),
        (v.clone(), any::<bool>()).prop_map(|(value, strict)| Bound::AtLeast { value, strict }),
        (v.clone(), any::<bool>()).prop_map(|(value, strict)| Bound::AtMost { value, strict }),
        (v.clone(), v.clone()).prop_map(|(a, b)| Bound::Range { low: a.min(b), high: a.max(b) }),
        v.prop_map(Bound::About),
        Just(Bound::YesNo),
    ]
}

proptest! {
    #[test]
    fn met_means_band_one_and_status_agrees(
        bound in any_bound(),
        lower in any::<bool>(),
        actual in -1000.0f64..200_000.0,
    ) {
        let dir = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
        let t = target(bound, dir, Accrual::Level);
        let e = eval(&t, YEAR, actual);
        let ratio = e.ratio.unwrap();
        prop_assert!(ratio.is_finite() && ratio >= 0.0);
        let met = matches!(e.status, Status::Met | Status::Exceeded);
        prop_assert_eq!(met, ratio >= 100.0);
        prop_assert_eq!(met, e.band == Some(0));
    }
}
