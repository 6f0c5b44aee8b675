//! Targets (chỉ tiêu): what a resolution commits a unit to, with the operator and
//! bounds, how it is measured over the term, which direction is better, and how the
//! values of lower units roll up into it when it is cascaded (liên thông).

use std::collections::BTreeMap;

use vn::{Decimal, Period};

use crate::ids::{DocumentId, OrgId, TargetId};

/// Operator and bounds of a target value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Bound {
    /// Exactly this value ("100% chỉ tiêu giao").
    Exact(Decimal),
    /// A floor: "từ 90% trở lên" (not strict), "trên 4%" (strict).
    AtLeast { value: Decimal, strict: bool },
    /// A ceiling: "không quá 3%" (not strict), "dưới 3%" (strict).
    AtMost { value: Decimal, strict: bool },
    /// "7,5–8,0%/năm".
    Range { low: Decimal, high: Decimal },
    /// "khoảng 30%": within ±5 %.
    About(Decimal),
    /// Achieved or not ("giữ vững xã đạt chuẩn nông thôn mới"); a figure of 1 means yes.
    YesNo,
}

/// Tolerance of an approximate target, as a share of its value.
pub const ABOUT_TOLERANCE: f64 = 0.05;

impl Bound {
    /// Storage form: operator code and up to two scaled values.
    pub fn to_parts(self) -> (&'static str, Option<i64>, Option<i64>) {
        match self {
            Bound::Exact(v) => ("exact", Some(v.scaled()), None),
            Bound::AtLeast { value, strict: false } => ("at_least", Some(value.scaled()), None),
            Bound::AtLeast { value, strict: true } => ("above", Some(value.scaled()), None),
            Bound::AtMost { value, strict: false } => ("at_most", Some(value.scaled()), None),
            Bound::AtMost { value, strict: true } => ("below", Some(value.scaled()), None),
            Bound::Range { low, high } => ("range", Some(low.scaled()), Some(high.scaled())),
            Bound::About(v) => ("about", Some(v.scaled()), None),
            Bound::YesNo => ("yes_no", None, None),
        }
    }

    pub fn from_parts(op: &str, a: Option<i64>, b: Option<i64>) -> Option<Bound> {
        let a = a.map(Decimal::from_scaled);
        let b = b.map(Decimal::from_scaled);
        Some(match op {
            "exact" => Bound::Exact(a?),
            "at_least" => Bound::AtLeast { value: a?, strict: false },
            "above" => Bound::AtLeast { value: a?, strict: true },
            "at_most" => Bound::AtMost { value: a?, strict: false },
            "below" => Bound::AtMost { value: a?, strict: true },
            "range" => Bound::Range { low: a?, high: b? },
            "about" => Bound::About(a?),
            "yes_no" => Bound::YesNo,
            _ => return None,
        })
    }

    /// How a report writes it: "từ 90 trở lên", "dưới 3", "7,5–8", "khoảng 30", "đạt".
    pub fn label(self) -> String {
        let f = |d: Decimal| d.format_vn(2);
        match self {
            Bound::Exact(v) => f(v),
            Bound::AtLeast { value, strict: false } => format!("từ {} trở lên", f(value)),
            Bound::AtLeast { value, strict: true } => format!("trên {}", f(value)),
            Bound::AtMost { value, strict: false } => format!("không quá {}", f(value)),
            Bound::AtMost { value, strict: true } => format!("dưới {}", f(value)),
            Bound::Range { low, high } => format!("{}–{}", f(low), f(high)),
            Bound::About(v) => format!("khoảng {}", f(v)),
            Bound::YesNo => "đạt".to_string(),
        }
    }

    /// The value progress is measured against (the lower end of a range for a
    /// higher-is-better target).
    pub fn reference(self, direction: Direction) -> Option<f64> {
        match self {
            Bound::Exact(v) | Bound::About(v) => Some(v.to_f64()),
            Bound::AtLeast { value, .. } | Bound::AtMost { value, .. } => Some(value.to_f64()),
            Bound::Range { low, high } => Some(match direction {
                Direction::HigherIsBetter => low.to_f64(),
                Direction::LowerIsBetter => high.to_f64(),
            }),
            Bound::YesNo => Some(1.0),
        }
    }

    /// Scales a cumulative term bound down to one year's share.
    pub fn scaled_by(self, k: f64) -> Bound {
        let s = |d: Decimal| Decimal::from_f64(d.to_f64() * k);
        match self {
            Bound::Exact(v) => Bound::Exact(s(v)),
            Bound::AtLeast { value, strict } => Bound::AtLeast { value: s(value), strict },
            Bound::AtMost { value, strict } => Bound::AtMost { value: s(value), strict },
            Bound::Range { low, high } => Bound::Range { low: s(low), high: s(high) },
            Bound::About(v) => Bound::About(s(v)),
            Bound::YesNo => Bound::YesNo,
        }
    }
}

/// How the target is measured over the term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// The level reached at the end of the term ("đến năm 2025 đạt …").
    EndOfTerm,
    /// Summed over the whole term ("tổng vốn 2021–2025: 5.000 tỷ").
    Cumulative,
    /// An average per year ("tăng bình quân 8%/năm").
    YearlyAverage,
    /// Every single year ("hằng năm kết nạp từ 25 đảng viên trở lên").
    EveryYear,
}

/// Which way is better. "Tỷ lệ hộ nghèo giảm 1,41%/năm" is a reduction where more is
/// better; "tỷ lệ hộ nghèo dưới 0,2%" is a level where less is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// How the figures of several grain periods combine into a longer period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Accrual {
    /// Amounts that add up over time (revenue, members admitted).
    Flow,
    /// Levels read at the end of the period (coverage rate, income per head).
    Level,
}

/// How the values of lower units roll up into a cascaded target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Rollup {
    Sum,
    /// Plain mean of the lower units' values.
    Average,
    /// Mean weighted by another target of the same units (a denominator such as
    /// population or number of members).
    WeightedAverage(TargetId),
    /// Number of lower units whose own value meets their own target.
    CountMeeting,
}

/// From when a target can be judged at all; before that it is "đang thực hiện".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AssessAt {
    AnyPeriod,
    YearEnd,
    TermEnd,
}

/// A target of one organisation's resolution.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub id: TargetId,
    pub document: DocumentId,
    /// The organisation whose target this is.
    pub org: OrgId,
    /// Number within the resolution ("1", "2.3").
    pub code: String,
    /// Field (lĩnh vực): kinh tế, văn hóa – xã hội …
    pub field: String,
    pub name: String,
    /// Unit of measure (ĐVT): %, tỷ đồng, đảng viên …
    pub unit: String,
    pub measure: Measure,
    pub direction: Direction,
    pub accrual: Accrual,
    pub rollup: Rollup,
    pub assess_at: AssessAt,
    /// The target as the resolution writes it for the whole term.
    pub term_bound: Bound,
    /// Per-year targets where the resolution or the annual plan sets them.
    pub yearly: BTreeMap<i32, Bound>,
    /// The unit responsible for carrying it out.
    pub responsible: Option<OrgId>,
    /// The higher unit's target this one is linked to (liên thông).
    pub parent: Option<TargetId>,
    pub position: i32,
}

impl Target {
    /// The bound a figure for `period` is judged against, within a term of `term`.
    pub fn plan_for(&self, period: Period, term: Period) -> Bound {
        if matches!(period, Period::Term { .. }) {
            return self.term_bound;
        }
        let year = period.year();
        if let Some(b) = year.and_then(|y| self.yearly.get(&y)) {
            return *b;
        }
        match (self.measure, self.accrual) {
            (Measure::Cumulative, Accrual::Flow) => {
                let years = (term.month_count() / 12).max(1);
                self.term_bound.scaled_by(1.0 / years as f64)
            }
            _ => self.term_bound,
        }
    }
}

macro_rules! coded {
    ($ty:ty { $($variant:ident => $code:literal, $label:literal;)* }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];
            pub fn code(self) -> &'static str { match self { $(<$ty>::$variant => $code),* } }
            pub fn label(self) -> &'static str { match self { $(<$ty>::$variant => $label),* } }
            pub fn from_code(s: &str) -> Option<$ty> { match s { $($code => Some(<$ty>::$variant),)* _ => None } }
        }
    };
}

coded!(Measure {
    EndOfTerm => "end_of_term", "mức cuối nhiệm kỳ";
    Cumulative => "cumulative", "cộng dồn cả nhiệm kỳ";
    YearlyAverage => "yearly_average", "bình quân hằng năm";
    EveryYear => "every_year", "hằng năm";
});

coded!(Direction {
    HigherIsBetter => "higher", "càng cao càng tốt";
    LowerIsBetter => "lower", "càng thấp càng tốt";
});

coded!(Accrual {
    Flow => "flow", "cộng dồn theo kỳ";
    Level => "level", "số cuối kỳ";
});

coded!(AssessAt {
    AnyPeriod => "any", "mọi kỳ";
    YearEnd => "year_end", "cuối năm";
    TermEnd => "term_end", "cuối nhiệm kỳ";
});

impl Rollup {
    pub fn code(self) -> &'static str {
        match self {
            Rollup::Sum => "sum",
            Rollup::Average => "average",
            Rollup::WeightedAverage(_) => "weighted_average",
            Rollup::CountMeeting => "count_meeting",
        }
    }

    pub fn from_parts(code: &str, weight: Option<TargetId>) -> Option<Rollup> {
        Some(match code {
            "sum" => Rollup::Sum,
            "average" => Rollup::Average,
            "weighted_average" => Rollup::WeightedAverage(weight?),
            "count_meeting" => Rollup::CountMeeting,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Rollup::Sum => "tổng các đơn vị",
            Rollup::Average => "bình quân các đơn vị",
            Rollup::WeightedAverage(_) => "bình quân gia quyền",
            Rollup::CountMeeting => "số đơn vị đạt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_survive_storage() {
        let d = |x: f64| Decimal::from_f64(x);
        for b in [
            Bound::Exact(d(100.0)),
            Bound::AtLeast { value: d(90.0), strict: false },
            Bound::AtLeast { value: d(4.0), strict: true },
            Bound::AtMost { value: d(3.0), strict: true },
            Bound::AtMost { value: d(3.0), strict: false },
            Bound::Range { low: d(7.5), high: d(8.0) },
            Bound::About(d(30.0)),
            Bound::YesNo,
        ] {
            let (op, a, b2) = b.to_parts();
            assert_eq!(Bound::from_parts(op, a, b2), Some(b));
        }
        assert_eq!(Bound::Range { low: d(7.5), high: d(8.0) }.label(), "7,5–8");
        assert_eq!(Bound::AtMost { value: d(0.2), strict: true }.label(), "dưới 0,2");
    }

    #[test]
    fn codes_read_back() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_code(m.code()), Some(*m));
        }
        assert_eq!(
            Rollup::from_parts("weighted_average", Some(TargetId(3))),
            Some(Rollup::WeightedAverage(TargetId(3)))
        );
        assert_eq!(Rollup::from_parts("weighted_average", None), None);
    }
}
