//! Reporting periods named in text: "9 tháng năm 2020", "9 tháng đầu năm" (the
//! dateline's year), "quý II-2021", "6 tháng đầu năm 2021", "tháng 9-2020", "năm 2020",
//! "nhiệm kỳ 2020 - 2025", "giữa nhiệm kỳ 2020–2025", "giai đoạn 2016 - 2020".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use vn::Period;

use crate::Found;
use crate::doc::Doc;
use crate::words::{before, re, word_end, word_start};

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?:(giữa\s+)?nhiệm kỳ|(giai đoạn))\s+\d{4}\s*[-–]\s*\d{4}",
        r"|quý\s+(?:IV|I{1,3}|[1-4])(?:(?:\s*[-/]\s*|\s+năm\s+)\d{4})?",
        r"|[369]\s+tháng\s+(?:(?:đầu|cuối)\s+)?năm(?:\s+\d{4})?",
        r"|tháng\s+\d{1,2}(?:\s*[-/]\s*|\s+năm\s+)\d{4}",
        r"|năm\s+\d{4}"
    ))
});

/// "ngày 24 " before "tháng 12 năm 2022": the month is part of a date, not a period.
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)ngày \d{1,2} $"));

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    for c in PERIOD.captures_iter(&doc.canon) {
        let Some(m) = c.get(0) else { continue };
        let in_date = DAY_BEFORE.is_match(before(&doc.canon, m.start(), 16));
        if !word_start(&doc.canon, m.start()) || !word_end(&doc.canon, m.end()) || in_date {
            continue;
        }
        let words = m.as_str();
        let with_year = if words.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
            words.to_string()
        } else {
            match doc.year {
                Some(y) => format!("{words} {y}"),
                None => continue,
            }
        };
        let term = c.get(1).is_some() || c.get(2).is_some();
        let phrase =
            if term { &with_year[with_year.find(|c: char| c.is_ascii_digit()).unwrap_or(0)..] } else { &with_year };
        let Ok(p) = Period::parse(phrase) else { continue };
        let label = match (c.get(1), c.get(2)) {
            (Some(_), _) => format!("giữa {}", p.label()),
            (_, Some(_)) => p.label().replace("nhiệm kỳ", "giai đoạn"),
            _ => p.label(),
        };
        let value = json!({"label": label, "start": p.first_day().to_string(), "end": p.last_day().to_string()});
        out.push(Found::new("period", m.range(), value));
    }
}
