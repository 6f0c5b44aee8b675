//! Reporting periods named in text: "9 tháng năm 2020", "quý II-2021", "6 tháng đầu năm
//! 2021", "nhiệm kỳ 2020 - 2025", "năm 2020".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use vn::Period;

use crate::Fact;
use crate::spans::CharMap;

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}|quý\s+(?:IV|I{1,3}|[1-4])\s*[-/]\s*\d{4}|quý\s+(?:IV|I{1,3}|[1-4])\s+năm\s+\d{4}|[369]\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+\d{4}|9\s+tháng\s+\d{4}|tháng\s+\d{1,2}\s*/\s*\d{4}|năm\s+\d{4})",
    )
    .expect("valid pattern")
});

pub fn find(text: &str, map: &CharMap) -> Vec<Fact> {
    PERIOD
        .find_iter(text)
        .filter_map(|m| {
            let p = Period::parse(m.as_str()).ok()?;
            Some(Fact {
                kind: "period",
                start: map.chars(m.start()),
                end: map.chars(m.end()),
                text: m.as_str().to_string(),
                value: json!({"label": p.label(), "start": p.first_day().to_string(), "end": p.last_day().to_string()}),
            })
        })
        .collect()
}
