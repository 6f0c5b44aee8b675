//! Deadlines: "chậm nhất đến ngày 20-9-2020", "trước ngày 15/10", "hoàn thành trong
//! tháng 9-2020", "dự kiến trong tháng 12-2020", "trong quý III/2020". A period stands
//! for its last day. `what` is the sentence the deadline is set in.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use vn::Period;

use crate::doc::Doc;
use crate::words::{re, word_start};
use crate::{Found, Spans};

static BY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?:chậm nhất|muộn nhất|hạn chót|hạn cuối|thời hạn|hoàn thành|xong|trước|đến hết)",
        r"(?:\s+(?:là|đến|vào|trước|hết|trong))?\s+ngày\s+",
        r"(\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
    ))
});

static BY_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?:chậm nhất|hoàn thành|xong|dự kiến|trình|ban hành|thực hiện)[^.;:\n]{0,60}?",
        r"(?:trong|trước|cuối|hết|đến)\s+",
        r"(tháng\s+\d{1,2}(?:\s*[-/]\s*|\s+năm\s+)\d{4}|quý\s+(?:IV|I{1,3}|[1-4])(?:\s*[-/]\s*|\s+năm\s+)\d{4})",
        r"|(?i)(?:dự kiến|chậm nhất)\s+(?:trong\s+)?",
        r"(tháng\s+\d{1,2}(?:\s*[-/]\s*|\s+năm\s+)\d{4}|quý\s+(?:IV|I{1,3}|[1-4])(?:\s*[-/]\s*|\s+năm\s+)\d{4})"
    ))
});

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    let mut found = Vec::new();
    for c in doc.captures(&BY_DATE) {
        let (Some(whole), Some(date)) = (c.get(0), c.get(1)) else { continue };
        let written = date.as_str();
        let full = if written.matches(|c: char| c.is_ascii_digit()).count() >= 6 || written.contains("năm") {
            written.to_string()
        } else {
            match doc.year {
                Some(y) => format!("{written}/{y}"),
                None => continue,
            }
        };
        if let (true, Ok(d)) = (word_start(&doc.canon, whole.start()), vn::parse_date(&full)) {
            found.push((whole.range(), d));
        }
    }
    for c in doc.captures(&BY_PERIOD) {
        let (Some(whole), Some(period)) = (c.get(0), c.get(1).or(c.get(2))) else { continue };
        if let (true, Ok(p)) = (word_start(&doc.canon, whole.start()), Period::parse(period.as_str())) {
            found.push((whole.range(), p.last_day()));
        }
    }
    for (span, date) in found {
        let what = sentences.iter().find(|s| s.start <= span.start && span.start < s.end).map(|s| doc.words(s.clone()));
        out.push(Found::new("deadline", span, json!({"date": date.to_string(), "what": what})));
    }
}

static IN_TASK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:trong|trước|chậm nhất|hạn)\s+(tháng\s+\d{1,2}(?:\s*[-/]\s*|\s+năm\s+)\d{4}|quý\s+(?:IV|I{1,3}|[1-4])(?:\s*[-/]\s*|\s+năm\s+)\d{4})",
    )
});

/// A period written at the end of an instruction is its deadline: "… tổ chức tuyên
/// truyền kết quả hội nghị trong tháng 1/2024".
pub fn in_tasks(doc: &Doc, out: &mut Vec<Found>) {
    let tasks: Vec<(Range<usize>, String)> = out
        .iter()
        .filter(|f| f.kind == "task")
        .map(|f| (f.span.clone(), f.value["text"].as_str().unwrap_or("").to_string()))
        .collect();
    let mut known = Spans::of(out, &["deadline"]);
    for (task, what) in tasks {
        for c in IN_TASK.captures_iter(&doc.canon[task.clone()]) {
            let (Some(whole), Some(period)) = (c.get(0), c.get(1)) else { continue };
            let span = task.start + whole.start()..task.start + whole.end();
            if let (false, Ok(p)) = (known.overlaps(&span), Period::parse(period.as_str())) {
                known.push(span.clone());
                out.push(Found::new("deadline", span, json!({"date": p.last_day().to_string(), "what": what})));
            }
        }
    }
}
