//! Dates of events: "Ngày 18-9-2020", "Sáng ngày 8/10/2020", "ngày 03 tháng 4 năm 2018".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::Fact;
use crate::spans::CharMap;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bngày\s+(?:\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
        .expect("valid pattern")
});

pub fn find(text: &str, map: &CharMap) -> Vec<Fact> {
    DATE.find_iter(text)
        .filter_map(|m| {
            let words = m.as_str();
            let digits = words.trim_start_matches(|c: char| c.is_alphabetic() || c.is_whitespace());
            let date = vn::parse_date(digits).or_else(|_| vn::parse_date(words)).ok()?;
            Some(Fact {
                kind: "event_date",
                start: map.chars(m.start()),
                end: map.chars(m.end()),
                text: words.to_string(),
                value: json!({"date": date.to_string()}),
            })
        })
        .collect()
}
