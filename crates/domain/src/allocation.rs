//! Allocation (giao chỉ tiêu): when a unit hands a target down to its lower units, the
//! shares must be able to make up the whole by the target's roll-up rule.

use vn::Decimal;

use crate::target::{Bound, Direction, Rollup};

/// Checks the values allocated to lower units against the higher target; the error
/// says what is wrong in the words of the office.
pub fn check_allocation(rollup: Rollup, direction: Direction, whole: Bound, shares: &[Decimal]) -> Result<(), String> {
    if shares.is_empty() {
        return Err("Chưa giao cho đơn vị nào.".into());
    }
    let Some(reference) = whole.reference(direction) else {
        return Ok(());
    };
    let values: Vec<f64> = shares.iter().map(|d| d.to_f64()).collect();
    let fmt = |x: f64| vn::number::format_f64(x, 2);
    let higher = direction == Direction::HigherIsBetter;
    match rollup {
        Rollup::Sum => {
            let total: f64 = values.iter().sum();
            if higher && total + 1e-9 < reference {
                return Err(format!(
                    "Tổng chỉ tiêu giao cho các đơn vị ({}) nhỏ hơn chỉ tiêu cấp trên ({}): cộng lại không đạt được chỉ tiêu chung.",
                    fmt(total),
                    fmt(reference)
                ));
            }
            if !higher && total > reference + 1e-9 {
                return Err(format!(
                    "Tổng chỉ tiêu giao cho các đơn vị ({}) vượt mức tối đa của cấp trên ({}).",
                    fmt(total),
                    fmt(reference)
                ));
            }
        }
        Rollup::Average | Rollup::WeightedAverage(_) => {
            let (worst, which) = if higher {
                (values.iter().cloned().fold(f64::INFINITY, f64::min), "thấp hơn")
            } else {
                (values.iter().cloned().fold(f64::NEG_INFINITY, f64::max), "cao hơn")
            };
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let short = if higher { mean + 1e-9 < reference } else { mean > reference + 1e-9 };
            if short {
                return Err(format!(
                    "Mức bình quân giao cho các đơn vị ({}) {which} chỉ tiêu cấp trên ({}); đơn vị thấp nhất được giao {}.",
                    fmt(mean),
                    fmt(reference),
                    fmt(worst)
                ));
            }
        }
        Rollup::CountMeeting => {
            if (values.len() as f64) < reference {
                return Err(format!(
                    "Chỉ tiêu cấp trên cần {} đơn vị đạt nhưng chỉ giao cho {} đơn vị.",
                    fmt(reference),
                    values.len()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: f64) -> Decimal {
        Decimal::from_f64(x)
    }

    #[test]
    fn sums_must_make_up_the_whole() {
        let whole = Bound::AtLeast { value: d(250.0), strict: false };
        assert!(check_allocation(Rollup::Sum, Direction::HigherIsBetter, whole, &[d(100.0), d(150.0)]).is_ok());
        let e = check_allocation(Rollup::Sum, Direction::HigherIsBetter, whole, &[d(100.0), d(100.0)]).unwrap_err();
        assert!(e.starts_with("Tổng chỉ tiêu giao cho các đơn vị (200) nhỏ hơn chỉ tiêu cấp trên (250)"), "{e}");
        let ceiling = Bound::AtMost { value: d(5.0), strict: false };
        assert!(check_allocation(Rollup::Sum, Direction::LowerIsBetter, ceiling, &[d(3.0), d(3.0)]).is_err());
    }

    #[test]
    fn averages_and_counts() {
        let whole = Bound::AtLeast { value: d(90.0), strict: false };
        assert!(check_allocation(Rollup::Average, Direction::HigherIsBetter, whole, &[d(92.0), d(88.0)]).is_ok());
        assert!(check_allocation(Rollup::Average, Direction::HigherIsBetter, whole, &[d(80.0), d(88.0)]).is_err());
        let count = Bound::AtLeast { value: d(3.0), strict: false };
        let e =
            check_allocation(Rollup::CountMeeting, Direction::HigherIsBetter, count, &[d(80.0), d(80.0)]).unwrap_err();
        assert_eq!(e, "Chỉ tiêu cấp trên cần 3 đơn vị đạt nhưng chỉ giao cho 2 đơn vị.");
        assert!(check_allocation(Rollup::Sum, Direction::HigherIsBetter, whole, &[]).is_err());
    }
}
