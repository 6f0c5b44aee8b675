//! One typed figure read for its target: numbers written the Vietnamese way, and for a
//! yes/no target the words a clerk writes ("đạt", "chưa"). A value far from what is
//! plausible is flagged: it is written only with a comment that confirms it, never
//! silently and never refused outright.

use vn::Decimal;

use crate::target::Bound;

/// Words that mean a yes/no target is achieved, folded (no diacritics, lower case).
const YES: [&str; 7] = ["dat", "da dat", "co", "hoan thanh", "da hoan thanh", "xong", "roi"];
/// Words that mean it is not.
const NO: [&str; 7] = ["khong dat", "chua dat", "khong", "chua", "chua hoan thanh", "khong hoan thanh", "chua co"];

/// Reads what was typed for a target with bound `bound`: `None` when left empty.
pub fn read_value(bound: Bound, typed: &str) -> Result<Option<Decimal>, String> {
    let typed = vn::nfc(typed.trim());
    if typed.is_empty() {
        return Ok(None);
    }
    if bound != Bound::YesNo {
        return Decimal::parse_vn(&typed).map(Some).map_err(|e| e.to_string());
    }
    let folded = vn::fold(&typed).split_whitespace().collect::<Vec<_>>().join(" ");
    let folded = folded.trim_end_matches('.');
    if YES.contains(&folded) || folded == "1" {
        Ok(Some(Decimal::from_int(1)))
    } else if NO.contains(&folded) || folded == "0" {
        Ok(Some(Decimal::from_int(0)))
    } else {
        Err(format!("chỉ tiêu đạt/không: ghi “đạt” hoặc “chưa đạt” (hay 1 hoặc 0), không phải “{typed}”"))
    }
}

/// How a value is written back into a form or a table for a target with `bound`.
pub fn show_value(bound: Bound, value: Decimal) -> String {
    match bound {
        Bound::YesNo if value == Decimal::from_int(1) => "đạt".to_string(),
        Bound::YesNo if value == Decimal::ZERO => "chưa đạt".to_string(),
        _ => value.format_vn(4),
    }
}

/// What is known around a value when it is checked.
#[derive(Clone, Copy, Debug, Default)]
pub struct Around {
    /// The plan's reference value for the period, when it has one.
    pub plan: Option<f64>,
    /// The value of the period before, when there is one.
    pub previous: Option<Decimal>,
}

/// How many times the plan or the previous value makes a value implausible.
pub const IMPLAUSIBLE_FACTOR: f64 = 10.0;

/// Why `value` looks wrong for a target with `bound`, if it does: negative, or more than
/// ten times the plan or the previous value.
pub fn implausible(bound: Bound, value: Decimal, around: Around) -> Option<String> {
    if bound == Bound::YesNo {
        return None;
    }
    let v = value.to_f64();
    let shown = |x: f64| vn::number::format_f64(x, 2);
    if v < 0.0 {
        return Some("giá trị âm".to_string());
    }
    if let Some(plan) = around.plan.filter(|p| *p > 0.0 && v > p * IMPLAUSIBLE_FACTOR) {
        return Some(format!("gấp hơn {} lần kế hoạch ({})", IMPLAUSIBLE_FACTOR, shown(plan)));
    }
    let previous = around.previous.map(Decimal::to_f64);
    if let Some(p) = previous.filter(|p| *p > 0.0 && v > p * IMPLAUSIBLE_FACTOR) {
        return Some(format!("gấp hơn {} lần kỳ trước ({})", IMPLAUSIBLE_FACTOR, shown(p)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse_vn(s).unwrap()
    }

    #[test]
    fn yes_no_targets_take_the_words_people_write() {
        for yes in ["đạt", "Đạt", "có", "Hoàn thành.", "1", " đã đạt "] {
            assert_eq!(read_value(Bound::YesNo, yes), Ok(Some(d("1"))), "{yes}");
        }
        for no in ["chưa", "không đạt", "Chưa đạt", "0", "không"] {
            assert_eq!(read_value(Bound::YesNo, no), Ok(Some(d("0"))), "{no}");
        }
        assert!(read_value(Bound::YesNo, "2").unwrap_err().contains("chưa đạt"));
        assert_eq!(read_value(Bound::YesNo, "  "), Ok(None));
        assert_eq!(show_value(Bound::YesNo, d("1")), "đạt");
        assert_eq!(show_value(Bound::YesNo, d("0")), "chưa đạt");
    }

    #[test]
    fn numbers_are_read_the_vietnamese_way() {
        let plan = Bound::AtLeast { value: d("12"), strict: false };
        assert_eq!(read_value(plan, "45.799,5"), Ok(Some(d("45.799,5"))));
        assert!(read_value(plan, "đạt").is_err());
        assert_eq!(show_value(plan, d("4,8")), "4,8");
    }

    #[test]
    fn implausible_values_are_flagged_with_the_reason() {
        let plan = Bound::AtLeast { value: d("12"), strict: false };
        let around = Around { plan: Some(12.0), previous: Some(d("11")) };
        assert_eq!(implausible(plan, d("-2"), around).as_deref(), Some("giá trị âm"));
        assert!(implausible(plan, d("45.799,5"), around).unwrap().contains("kế hoạch (12)"));
        assert_eq!(implausible(plan, d("13"), around), None);
        let no_plan = Around { plan: None, previous: Some(d("3")) };
        assert!(implausible(plan, d("31"), no_plan).unwrap().contains("kỳ trước (3)"));
        assert_eq!(implausible(Bound::YesNo, d("1"), around), None);
        assert_eq!(implausible(plan, d("31"), Around::default()), None);
    }
}
