//! Reading a target's bound as resolutions write it: "từ 25 trở lên", "trên 10",
//! "dưới 0,2", "khoảng 30", "7,5–8,0", "tối thiểu 12", "50 (8 xã)", "đạt".

use vn::{Decimal, fold};

use crate::target::Bound;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” không phải là mức chỉ tiêu (ví dụ hợp lệ: từ 90 trở lên, trên 4, dưới 3, khoảng 30, 7,5–8, 100, đạt)")]
pub struct BoundError(pub String);

/// A number written either way: "1.500" and "7,5" the Vietnamese way, "7.5" as
/// spreadsheets export it.
fn number(s: &str) -> Option<Decimal> {
    let s = s.trim().trim_end_matches('%').trim();
    Decimal::parse_vn(s).ok().or_else(|| Decimal::parse_plain(s).ok())
}

/// Parses a bound phrase; the words around the number decide the operator.
pub fn parse_bound(input: &str) -> Result<Bound, BoundError> {
    let err = || BoundError(input.trim().to_string());
    // Drop a trailing explanation in brackets: "50 (8 xã)".
    let head = input.split('(').next().unwrap_or(input);
    let folded = fold(head).replace(['–', '—'], "-");
    let folded = folded.trim();
    if matches!(folded, "dat" | "co" | "hoan thanh" | "giu vung") {
        return Ok(Bound::YesNo);
    }
    let strip = |prefixes: &[&str], suffixes: &[&str]| -> Option<String> {
        let mut s = folded.to_string();
        let mut hit = false;
        for p in prefixes {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.trim().to_string();
                hit = true;
                break;
            }
        }
        for x in suffixes {
            if let Some(rest) = s.strip_suffix(x) {
                s = rest.trim().to_string();
                hit = true;
                break;
            }
        }
        hit.then_some(s)
    };
    let value = |s: String| number(&s).ok_or_else(err);
    if let Some(s) = strip(&["tu"], &["tro len"]).filter(|s| !s.contains("den")) {
        return Ok(Bound::AtLeast { value: value(s)?, strict: false });
    }
    if let Some(s) = strip(&["toi thieu", "it nhat", "khong duoi"], &[]) {
        return Ok(Bound::AtLeast { value: value(s)?, strict: false });
    }
    if let Some(s) = strip(&["tren", "hon", "vuot"], &[]) {
        return Ok(Bound::AtLeast { value: value(s)?, strict: true });
    }
    if let Some(s) = strip(&["khong qua", "toi da", "khong vuot qua"], &["tro xuong"]) {
        return Ok(Bound::AtMost { value: value(s)?, strict: false });
    }
    if let Some(s) = strip(&["duoi"], &[]) {
        return Ok(Bound::AtMost { value: value(s)?, strict: true });
    }
    if let Some(s) = strip(&["khoang", "xap xi"], &[]) {
        return Ok(Bound::About(value(s)?));
    }
    let range = folded.strip_prefix("tu").map(str::trim).unwrap_or(folded);
    for sep in [" den ", "-"] {
        if let Some((a, b)) = range.split_once(sep) {
            let (low, high) = (value(a.to_string())?, value(b.to_string())?);
            return if low <= high { Ok(Bound::Range { low, high }) } else { Err(err()) };
        }
    }
    Ok(Bound::Exact(value(folded.to_string())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: f64) -> Decimal {
        Decimal::from_f64(x)
    }

    #[test]
    fn reads_the_phrases_of_resolutions() {
        let cases = [
            ("từ 25 trở lên", Bound::AtLeast { value: d(25.0), strict: false }),
            ("75 trở lên", Bound::AtLeast { value: d(75.0), strict: false }),
            ("tối thiểu 12", Bound::AtLeast { value: d(12.0), strict: false }),
            ("trên 1.5", Bound::AtLeast { value: d(1.5), strict: true }),
            ("trên 4%", Bound::AtLeast { value: d(4.0), strict: true }),
            ("dưới 0,2", Bound::AtMost { value: d(0.2), strict: true }),
            ("không quá 3", Bound::AtMost { value: d(3.0), strict: false }),
            ("khoảng 30", Bound::About(d(30.0))),
            ("7,5–8,0", Bound::Range { low: d(7.5), high: d(8.0) }),
            ("7.5-8.0", Bound::Range { low: d(7.5), high: d(8.0) }),
            ("từ 90 đến 100", Bound::Range { low: d(90.0), high: d(100.0) }),
            ("50 (8 xã)", Bound::Exact(d(50.0))),
            ("1.500", Bound::Exact(d(1500.0))),
            ("đạt", Bound::YesNo),
        ];
        for (text, want) in cases {
            assert_eq!(parse_bound(text), Ok(want), "{text}");
        }
        assert!(parse_bound("tăng mạnh").is_err());
        assert!(parse_bound("8-7").is_err());
    }

    /// Every example target of the shared data parses, with the direction it states.
    #[test]
    fn reads_every_example_target() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/example_targets.csv");
        let Ok(csv) = std::fs::read_to_string(path) else {
            assert!(std::env::var("CI").is_err(), "CI has ../shared beside the checkout");
            eprintln!("SKIPPED: {path} is not there");
            return;
        };
        let mut rows = 0;
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            // level,name_vi,name_en,unit,direction,example_term_target,source
            let cols: Vec<&str> = line.split(',').collect();
            let n = cols.len();
            let target = cols[n - 2];
            let b = parse_bound(target).unwrap_or_else(|e| panic!("{line}: {e}"));
            if cols[n - 3] == "decrease" {
                assert!(matches!(b, Bound::AtMost { .. }), "{line}");
            }
            rows += 1;
        }
        assert_eq!(rows, 30);
    }
}
