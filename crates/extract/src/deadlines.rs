//! Deadlines: "chậm nhất đến ngày 20-9-2020", "trước ngày 15/10", "hoàn thành trong
//! tháng 9-2020", "dự kiến trong tháng 12-2020", "trong quý III/2020". A period stands
//! for its last day. `what` is the sentence the deadline is set in.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use vn::Period;

use crate::doc::Doc;
use crate::words::{before, re, word_start};
use crate::{Found, Spans};

// Each deadline is looked for at its date or period, which opens with a word the
// regex engine can skip to ("ngày", "tháng", "quý"); the words that make it a deadline
// are then read just before it. Searched from those words instead, the engine stops at
// every "trước", "đến" and "trong" of the text.
static DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)ngày\s+(?:\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)")
});

static BEFORE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?:chậm nhất|muộn nhất|hạn chót|hạn cuối|thời hạn|hoàn thành|xong|trước|đến hết)",
        r"(?:\s+(?:là|đến|vào|trước|hết|trong))?\s+$"
    ))
});

static MONTH_OR_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)tháng \d{1,2}(?:\s*[-/]\s*| năm )\d{4}|quý (?:IV|I{1,3}|[1-4])(?:\s*[-/]\s*| năm )\d{4}")
});

static BEFORE_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(trong|trước|cuối|hết|đến|dự kiến|chậm nhất) (?:trong )?$"));

/// The words that make a date or period a deadline, when they end right before `at`:
/// where they start, and the first of them.
fn trigger<'t>(pattern: &Regex, text: &'t str, at: usize) -> Option<(usize, Option<&'t str>)> {
    let window = before(text, at, 48);
    let c = pattern.captures(window)?;
    let start = at - window.len() + c.get(0)?.start();
    word_start(text, start).then(|| (start, c.get(1).map(|m| m.as_str())))
}

/// Words that make a period before them a deadline: "hoàn thành trong tháng 9-2020".
const PERIOD_TRIGGERS: [&str; 7] = ["chậm nhất", "hoàn thành", "xong", "dự kiến", "trình", "ban hành", "thực hiện"];

/// Where a deadline by period starts: at "dự kiến" or "chậm nhất" itself, or at the
/// first trigger word up to about sixty characters before it in the same clause.
fn period_deadline_start(text: &str, at: usize, word: &str) -> Option<usize> {
    let lower = word.to_lowercase();
    if lower == "dự kiến" || lower == "chậm nhất" {
        return Some(at);
    }
    let window = before(text, at, 90);
    let clause = window.rfind(['.', ';', ':', '\n']).map_or(window, |p| &window[p + 1..]);
    let base = at - clause.len();
    let lower = clause.to_lowercase();
    // Lower-casing keeps byte lengths for the letters of these words.
    PERIOD_TRIGGERS
        .iter()
        .filter_map(|t| lower.find(t))
        .filter(|&p| clause.is_char_boundary(p) && word_start(clause, p))
        .min()
        .map(|p| base + p)
}

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    let mut found = Vec::new();
    let mut taken = 0;
    // Most dates are not deadlines: the date's words are found after the trigger is.
    for whole in DAY.find_iter(&doc.canon) {
        let Some((start, _)) = trigger(&BEFORE_DAY, &doc.canon, whole.start()).filter(|(s, _)| *s >= taken) else {
            continue;
        };
        let Some(digit) = whole.as_str().find(|c: char| c.is_ascii_digit()) else { continue };
        let written = &whole.as_str()[digit..];
        let full = if written.matches(|c: char| c.is_ascii_digit()).count() >= 6 || written.contains("năm") {
            written.to_string()
        } else {
            match doc.year {
                Some(y) => format!("{written}/{y}"),
                None => continue,
            }
        };
        if let Ok(d) = vn::parse_date(&full) {
            taken = whole.end();
            found.push((start..whole.end(), d));
        }
    }
    for period in MONTH_OR_QUARTER.find_iter(&doc.canon) {
        let Some((at, Some(word))) = trigger(&BEFORE_PERIOD, &doc.canon, period.start()) else { continue };
        let start = period_deadline_start(&doc.canon, at, word);
        if let (Some(start), Ok(p)) = (start, Period::parse(period.as_str())) {
            found.push((start..period.end(), p.last_day()));
        }
    }
    for (span, date) in found {
        let what = sentences.iter().find(|s| s.start <= span.start && span.start < s.end).map(|s| doc.words(s.clone()));
        out.push(Found::new("deadline", span, json!({"date": date.to_string(), "what": what})));
    }
}

static BEFORE_PERIOD_IN_TASK: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?:trong|trước|chậm nhất|hạn) $"));

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
        let text = &doc.canon[task.clone()];
        for period in MONTH_OR_QUARTER.find_iter(text) {
            let Some((at, _)) = trigger(&BEFORE_PERIOD_IN_TASK, text, period.start()) else { continue };
            let span = task.start + at..task.start + period.end();
            if let (false, Ok(p)) = (known.overlaps(&span), Period::parse(period.as_str())) {
                known.push(span.clone());
                out.push(Found::new("deadline", span, json!({"date": p.last_day().to_string(), "what": what})));
            }
        }
    }
}
