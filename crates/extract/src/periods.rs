//! Reporting periods named in text: "9 tháng năm 2020", "9 tháng đầu năm" (the
//! dateline's year), "quý II-2021", "6 tháng đầu năm 2021", "tháng 9-2020", "năm 2020",
//! "nhiệm kỳ 2020 - 2025", "giữa nhiệm kỳ 2020–2025", "giai đoạn 2016 - 2020".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use vn::Period;

use crate::Found;
use crate::doc::Doc;
use crate::words::{before, leftmost, re, word_end, word_start};

static PERIOD: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        re(concat!(
            r"(?i)(?:(?:giữa\s+)?nhiệm kỳ|giai đoạn)\s+\d{4}\s*[-–]\s*\d{4}",
            r"|quý\s+(?:IV|I{1,3}|[1-4])(?:(?:\s*[-/]\s*|\s+năm\s+)\d{4})?",
            r"|tháng\s+\d{1,2}(?:\s*[-/]\s*|\s+năm\s+)\d{4}",
            r"|năm\s+\d{4}"
        )),
        // Apart from the rest, so that the words above keep a fast literal search: a
        // pattern that may open with any digit has none.
        re(r"(?i)\d{1,2}\s+tháng\s+(?:(?:đầu|cuối)\s+)?năm(?:\s+\d{4})?"),
    ]
});

/// "ngày 24 " before "tháng 12 năm 2022": the month is part of a date, not a period.
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)ngày \d{1,2} $"));

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    // The same few periods recur through a text; each is described once.
    let mut described: std::collections::HashMap<&str, Option<serde_json::Value>> = std::collections::HashMap::new();
    for m in leftmost(&*PERIOD, &doc.canon) {
        let prior = before(&doc.canon, m.start(), 16);
        // "ngày 24 tháng 12": only a number right before can make the month part of a day.
        let day_before = prior.trim_end().ends_with(|c: char| c.is_ascii_digit()) && DAY_BEFORE.is_match(prior);
        if !word_start(&doc.canon, m.start()) || !word_end(&doc.canon, m.end()) || day_before {
            continue;
        }
        let lower = m.as_str().to_lowercase();
        let lead = ["giữa", "giai đoạn"].into_iter().find(|l| lower.starts_with(l)).unwrap_or("");
        let value = described.entry(m.as_str()).or_insert_with(|| describe(m.as_str(), lead, doc.year));
        if let Some(value) = value {
            out.push(Found::new("period", m.range(), value.clone()));
        }
    }
}

/// A period's label and days, the year taken from the dateline when the words have none.
fn describe(words: &str, lead: &str, year: Option<i32>) -> Option<serde_json::Value> {
    let with_year = if words.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
        words.to_string()
    } else {
        format!("{words} {}", year?)
    };
    let phrase =
        if lead.is_empty() { &with_year } else { &with_year[with_year.find(|c: char| c.is_ascii_digit())?..] };
    let Ok(p) = Period::parse(phrase) else { return first_months(phrase) };
    let label = match lead {
        "giữa" => format!("giữa {}", p.label()),
        "giai đoạn" => p.label().replace("nhiệm kỳ", "giai đoạn"),
        _ => p.label(),
    };
    Some(json!({"label": label, "start": p.first_day().to_string(), "end": p.last_day().to_string()}))
}

/// "5 tháng đầu năm 2024": January to the fifth month, a span reports use that is not
/// a reporting period of its own.
fn first_months(phrase: &str) -> Option<serde_json::Value> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let [n, "tháng", "đầu", "năm", y] = words.as_slice() else { return None };
    let (n, y): (u32, i32) = (n.parse().ok()?, y.parse().ok()?);
    if !(1..=11).contains(&n) {
        return None;
    }
    let end = Period::Month { year: y, month: n }.last_day();
    Some(json!({"label": format!("{n} tháng đầu năm {y}"), "start": format!("{y}-01-01"), "end": end.to_string()}))
}
