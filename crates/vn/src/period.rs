//! Reporting periods (kỳ báo cáo): month, quarter, half year, the cumulative
//! "9 tháng" (January–September), year and committee term, with their Vietnamese
//! labels and the phrases reports use for them.

use std::fmt;

use chrono::NaiveDate;

use crate::text::fold;

/// A reporting period. Every period is a contiguous run of calendar months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Period {
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// First (1) or second (2) half: "6 tháng đầu năm", "6 tháng cuối năm".
    Half {
        year: i32,
        half: u32,
    },
    /// January to September, cumulative: "9 tháng năm 2020".
    NineMonths {
        year: i32,
    },
    Year {
        year: i32,
    },
    /// A committee term (nhiệm kỳ), January of `start` to December of `end`.
    Term {
        start: i32,
        end: i32,
    },
}

/// Why a period phrase or code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}” không phải là kỳ báo cáo (ví dụ hợp lệ: tháng 9/2020, quý III/2020, 6 tháng đầu năm 2021, 9 tháng năm 2020, năm 2020, nhiệm kỳ 2020–2025)"
)]
pub struct PeriodError(pub String);

/// A month as a single ordinal: year × 12 + (month − 1).
pub type MonthIndex = i32;

pub fn month_index(year: i32, month: u32) -> MonthIndex {
    year * 12 + month as i32 - 1
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    /// First and last month, inclusive.
    pub fn months(self) -> (MonthIndex, MonthIndex) {
        match self {
            Period::Month { year, month } => (month_index(year, month), month_index(year, month)),
            Period::Quarter { year, quarter } => {
                let first = month_index(year, quarter * 3 - 2);
                (first, first + 2)
            }
            Period::Half { year, half } => {
                let first = month_index(year, half * 6 - 5);
                (first, first + 5)
            }
            Period::NineMonths { year } => (month_index(year, 1), month_index(year, 9)),
            Period::Year { year } => (month_index(year, 1), month_index(year, 12)),
            Period::Term { start, end } => (month_index(start, 1), month_index(end, 12)),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let (first, _) = self.months();
        NaiveDate::from_ymd_opt(first.div_euclid(12), first.rem_euclid(12) as u32 + 1, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        let (_, last) = self.months();
        let next = last + 1;
        NaiveDate::from_ymd_opt(next.div_euclid(12), next.rem_euclid(12) as u32 + 1, 1)
            .and_then(|d| d.pred_opt())
            .expect("valid month")
    }

    pub fn contains(self, other: Period) -> bool {
        let (a, b) = self.months();
        let (c, d) = other.months();
        a <= c && d <= b
    }

    pub fn month_count(self) -> i32 {
        let (a, b) = self.months();
        b - a + 1
    }

    /// The calendar year the period lies in; `None` for a term spanning years.
    pub fn year(self) -> Option<i32> {
        let (a, b) = self.months();
        (a.div_euclid(12) == b.div_euclid(12)).then_some(a.div_euclid(12))
    }

    /// The same period a year before ("cùng kỳ năm trước"); `None` for a term.
    pub fn year_before(self) -> Option<Period> {
        Some(match self {
            Period::Month { year, month } => Period::Month { year: year - 1, month },
            Period::Quarter { year, quarter } => Period::Quarter { year: year - 1, quarter },
            Period::Half { year, half } => Period::Half { year: year - 1, half },
            Period::NineMonths { year } => Period::NineMonths { year: year - 1 },
            Period::Year { year } => Period::Year { year: year - 1 },
            Period::Term { .. } => return None,
        })
    }

    /// Ends on 31 December: the moment a yearly target can be judged.
    pub fn ends_a_year(self) -> bool {
        self.months().1.rem_euclid(12) == 11
    }

    /// The label used on pages and in reports.
    pub fn label(self) -> String {
        match self {
            Period::Month { year, month } => format!("tháng {month}/{year}"),
            Period::Quarter { year, quarter } => {
                format!("quý {}/{year}", ROMAN[quarter as usize - 1])
            }
            Period::Half { year, half: 1 } => format!("6 tháng đầu năm {year}"),
            Period::Half { year, .. } => format!("6 tháng cuối năm {year}"),
            Period::NineMonths { year } => format!("9 tháng năm {year}"),
            Period::Year { year } => format!("năm {year}"),
            Period::Term { start, end } => format!("nhiệm kỳ {start}–{end}"),
        }
    }

    /// Stable code for storage and URLs: 2020-M09, 2020-Q3, 2020-H1, 2020-9M, 2020, 2020-2025.
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-M{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Half { year, half } => format!("{year}-H{half}"),
            Period::NineMonths { year } => format!("{year}-9M"),
            Period::Year { year } => format!("{year}"),
            Period::Term { start, end } => format!("{start}-{end}"),
        }
    }

    pub fn from_code(code: &str) -> Result<Period, PeriodError> {
        let err = || PeriodError(code.to_string());
        let year_of = |s: &str| -> Result<i32, PeriodError> {
            let y: i32 = s.parse().map_err(|_| err())?;
            (1900..=2200).contains(&y).then_some(y).ok_or_else(err)
        };
        let Some((y, rest)) = code.split_once('-') else {
            return Ok(Period::Year { year: year_of(code)? });
        };
        let year = year_of(y)?;
        let num = |s: &str, max: u32| -> Result<u32, PeriodError> {
            let n: u32 = s.parse().map_err(|_| err())?;
            (1..=max).contains(&n).then_some(n).ok_or_else(err)
        };
        let period = if let Some(m) = rest.strip_prefix('M') {
            Period::Month { year, month: num(m, 12)? }
        } else if let Some(q) = rest.strip_prefix('Q') {
            Period::Quarter { year, quarter: num(q, 4)? }
        } else if let Some(h) = rest.strip_prefix('H') {
            Period::Half { year, half: num(h, 2)? }
        } else if rest == "9M" {
            Period::NineMonths { year }
        } else {
            let end = year_of(rest)?;
            if end <= year {
                return Err(err());
            }
            Period::Term { start: year, end }
        };
        Ok(period)
    }

    /// Reads a code or a phrase as reports write it: "quý II-2021", "quý I/2021",
    /// "9 tháng năm 2020", "9 tháng đầu năm 2020", "6 tháng đầu năm 2021",
    /// "3 tháng cuối năm 2020" (the fourth quarter), "tháng 9/2020", "năm 2020",
    /// "nhiệm kỳ 2020 – 2025".
    pub fn parse(input: &str) -> Result<Period, PeriodError> {
        let trimmed = input.trim();
        if let Ok(p) = Period::from_code(trimmed) {
            return Ok(p);
        }
        let folded = fold(trimmed).replace(['-', '–', '—', '/', ',', '.'], " ");
        let words: Vec<&str> = folded.split_whitespace().filter(|w| *w != "nam").collect();
        let err = || PeriodError(trimmed.to_string());
        let year = |s: &str| -> Option<i32> { s.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)) };
        let period = match words.as_slice() {
            ["nhiem", "ky", a, b] | [a, b] if year(a).is_some() && year(b).is_some() => {
                let (start, end) = (year(a).ok_or_else(err)?, year(b).ok_or_else(err)?);
                (end > start).then_some(Period::Term { start, end })
            }
            ["quy", q, y] => {
                let quarter = roman_or_digit(q).filter(|q| (1..=4).contains(q));
                quarter.zip(year(y)).map(|(quarter, year)| Period::Quarter { year, quarter })
            }
            ["6", "thang", "dau", y] => year(y).map(|year| Period::Half { year, half: 1 }),
            ["6", "thang", "cuoi", y] => year(y).map(|year| Period::Half { year, half: 2 }),
            ["9", "thang", y] | ["9", "thang", "dau", y] => year(y).map(|year| Period::NineMonths { year }),
            ["3", "thang", "dau", y] => year(y).map(|year| Period::Quarter { year, quarter: 1 }),
            ["3", "thang", "cuoi", y] => year(y).map(|year| Period::Quarter { year, quarter: 4 }),
            ["thang", m, y] => m
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .zip(year(y))
                .map(|(month, year)| Period::Month { year, month }),
            [y] => year(y).map(|year| Period::Year { year }),
            _ => None,
        };
        period.ok_or_else(err)
    }

    /// The quarters or months (by `grain`) that make up this period.
    pub fn split(self, grain: Grain) -> Vec<Period> {
        let (a, b) = self.months();
        let step = grain.months();
        (a..=b).step_by(step as usize).map(|m| grain.period_at(m)).collect()
    }
}

fn roman_or_digit(s: &str) -> Option<u32> {
    s.parse::<u32>().ok().or_else(|| ROMAN.iter().position(|r| r.eq_ignore_ascii_case(s)).map(|i| i as u32 + 1))
}

/// The finest period figures are entered for in a resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Grain {
    Month,
    Quarter,
}

impl Grain {
    pub fn months(self) -> i32 {
        match self {
            Grain::Month => 1,
            Grain::Quarter => 3,
        }
    }

    /// The grain period that contains month `m`.
    pub fn period_at(self, m: MonthIndex) -> Period {
        let year = m.div_euclid(12);
        let month = m.rem_euclid(12) as u32 + 1;
        match self {
            Grain::Month => Period::Month { year, month },
            Grain::Quarter => Period::Quarter { year, quarter: (month - 1) / 3 + 1 },
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Grain::Month => "month",
            Grain::Quarter => "quarter",
        }
    }

    pub fn from_code(s: &str) -> Option<Grain> {
        match s {
            "month" => Some(Grain::Month),
            "quarter" => Some(Grain::Quarter),
            _ => None,
        }
    }

    /// Whether `p` is exactly one grain period.
    pub fn fits(self, p: Period) -> bool {
        matches!((self, p), (Grain::Month, Period::Month { .. }) | (Grain::Quarter, Period::Quarter { .. }))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_same_period_a_year_before() {
        assert_eq!(Period::Half { year: 2026, half: 1 }.year_before(), Some(Period::Half { year: 2025, half: 1 }));
        assert_eq!(Period::NineMonths { year: 2020 }.year_before(), Some(Period::NineMonths { year: 2019 }));
        assert_eq!(Period::Term { start: 2020, end: 2025 }.year_before(), None);
    }

    #[test]
    fn reads_the_phrases_of_the_seeds() {
        let cases = [
            ("quý II-2021", Period::Quarter { year: 2021, quarter: 2 }),
            ("quý I/2021", Period::Quarter { year: 2021, quarter: 1 }),
            ("9 tháng năm 2020", Period::NineMonths { year: 2020 }),
            ("9 tháng đầu năm 2020", Period::NineMonths { year: 2020 }),
            ("6 tháng đầu năm 2021", Period::Half { year: 2021, half: 1 }),
            ("3 tháng cuối năm 2020", Period::Quarter { year: 2020, quarter: 4 }),
            ("nhiệm kỳ 2020–2025", Period::Term { start: 2020, end: 2025 }),
            ("nhiệm kỳ 2020 - 2025", Period::Term { start: 2020, end: 2025 }),
            ("tháng 9/2020", Period::Month { year: 2020, month: 9 }),
            ("năm 2020", Period::Year { year: 2020 }),
            ("Quý iv năm 2020", Period::Quarter { year: 2020, quarter: 4 }),
        ];
        for (text, want) in cases {
            assert_eq!(Period::parse(text).unwrap(), want, "{text}");
        }
        assert!(Period::parse("quý V/2020").is_err());
        assert!(Period::parse("nhiệm kỳ 2025–2020").is_err());
        assert!(Period::parse("hôm nay").unwrap_err().to_string().contains("quý III/2020"));
    }

    #[test]
    fn knows_containment_and_labels() {
        let nine = Period::NineMonths { year: 2020 };
        assert!(nine.contains(Period::Quarter { year: 2020, quarter: 3 }));
        assert!(!nine.contains(Period::Quarter { year: 2020, quarter: 4 }));
        assert!(Period::Term { start: 2020, end: 2025 }.contains(nine));
        assert_eq!(nine.label(), "9 tháng năm 2020");
        assert_eq!(Period::Quarter { year: 2021, quarter: 2 }.label(), "quý II/2021");
        assert_eq!(nine.last_day(), NaiveDate::from_ymd_opt(2020, 9, 30).unwrap());
        assert_eq!(nine.split(Grain::Quarter).len(), 3);
        assert!(!nine.ends_a_year());
        assert_eq!(Period::Term { start: 2020, end: 2025 }.year(), None);
    }

    fn any_period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (2000..2100i32, 1..=12u32).prop_map(|(year, month)| Period::Month { year, month }),
            (2000..2100i32, 1..=4u32).prop_map(|(year, quarter)| Period::Quarter { year, quarter }),
            (2000..2100i32, 1..=2u32).prop_map(|(year, half)| Period::Half { year, half }),
            (2000..2100i32).prop_map(|year| Period::NineMonths { year }),
            (2000..2100i32).prop_map(|year| Period::Year { year }),
            (2000..2100i32, 1..10i32).prop_map(|(start, n)| Period::Term { start, end: start + n }),
        ]
    }

    proptest! {
        #[test]
        fn code_and_label_read_back(p in any_period()) {
            prop_assert_eq!(Period::from_code(&p.code()).unwrap(), p);
            prop_assert_eq!(Period::parse(&p.label()).unwrap(), p);
        }

        #[test]
        fn a_period_contains_its_grain_parts(p in any_period()) {
            for part in p.split(Grain::Month) {
                prop_assert!(p.contains(part));
            }
        }
    }
}
