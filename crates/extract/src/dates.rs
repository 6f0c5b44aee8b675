//! Dates of events: "Ngày 18-9-2020", "Sáng ngày 8/10/2020", "từ ngày 26 - 28/7/2020",
//! "ngày 03 tháng 4 năm 2018", "Sáng 10.10", "Hôm nay (5-7)", and "ngày 18-9" with the
//! year of the dateline or of the period the text reviews. Dates that belong
//! to a document reference or a deadline are not events.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};
use serde_json::json;

use crate::doc::Doc;
use crate::words::{before, re, word_start};
use crate::{Found, Spans};

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        concat!(
            r"(?i)(?:(?:sáng|chiều|tối|trưa)(?:\s+(?:nay|qua|hôm nay|hôm qua))?\s*\(?\s*(?:{day}\s*[,(]?\s*)?(?:ngày\s*)?",
            r"|ngày\s*\(?\s*|hôm (?:nay|qua)\s*\(\s*|{day}\s*(?:\(|,\s*ngày)\s*)",
            r"(?:(\d{{1,2}})\s*{sep}\s*(\d{{1,2}})\s*{sep}\s*(\d{{4}})",
            r"|(\d{{1,2}})\s*(?:[-–]|\s(?:và|đến)(?:\s+(?:ngày|sáng|chiều|tối|trưa))?\s)\s*\d{{1,2}}\s*{sep}\s*(\d{{1,2}})(?:\s*{sep}\s*(\d{{4}}))?",
            r"|(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s+năm\s+(\d{{4}}))?",
            r"|(\d{{1,2}})\s*{sep}\s*(\d{{1,2}})([^\d/.–-]|\.(?:\s|$)|$))"
        ),
        day = WEEKDAY,
        sep = SEPARATOR,
    ))
});

/// What stands between day, month and year: "18-9-2020", "18/9", "18.9", "18 – 9".
const SEPARATOR: &str = "[-/.–]";

/// A day of the week written in words: "thứ Sáu", "Chủ nhật" ("thứ 2" is as often a rank).
const WEEKDAY: &str = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)";

static CUTOFF: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?:tính\s+)?(?:đến|trước|sau)(?:\s+hết)?\s+$"));

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    let mut dates = Vec::new();
    // Every date the text writes in full, events or not: a day and month written
    // elsewhere without a year take the year written with them here.
    // The text is scanned once; its matches are read twice.
    let matches: Vec<Captures> = DATE.captures_iter(&doc.canon).collect();
    let written: Vec<NaiveDate> = matches
        .iter()
        .filter(|c| c.get(3).or(c.get(6)).or(c.get(9)).is_some())
        .filter_map(|c| read(c, doc, &[]))
        .collect();
    let taken = Spans::of(out, &["document_ref", "deadline"]);
    for c in &matches {
        let Some(whole) = c.get(0) else { continue };
        let mut end = whole.end();
        if let Some(tail) = c.get(12) {
            end = tail.start();
        }
        let span = whole.start()..end;
        let after_cutoff = CUTOFF.is_match(before(&doc.canon, whole.start(), 24));
        let chrome = doc.ignored(whole.start());
        if !word_start(&doc.canon, whole.start()) || taken.overlaps(&span) || after_cutoff || chrome {
            continue;
        }
        if let Some(date) = read(c, doc, &written) {
            dates.push(Found::new("event_date", span, json!({"date": date.to_string()})));
        }
    }
    // A report names its event in the lead. A later date is another event only when it
    // came before and the text says it was held ("Đại hội … được tổ chức từ ngày 26 -
    // 28/7"); others are of other things (a merger in force, a congress planned) or the
    // lead said again.
    // A date in the headline may be of something else ("… trao huy hiệu Đảng đợt ngày
    // 7/11/2023"): the lead's own, opening its sentence ("Sáng ngày 3/1/2024, …"), wins.
    let headline_only = |f: &Found| in_headline(&doc.canon, f.span.start) && !opens_sentence(&doc.canon, f.span.start);
    if dates.first().is_some_and(headline_only)
        && let Some(lead) = dates
            .iter()
            .skip(1)
            .take_while(|f| f.span.start < LEAD_BYTES)
            .position(|f| opens_sentence(&doc.canon, f.span.start))
    {
        let date = dates.remove(lead + 1);
        dates.insert(0, date);
    }
    let mut dates = dates.into_iter();
    let Some(first) = dates.next() else { return };
    let day = |f: &Found| f.value["date"].as_str().unwrap_or_default().to_string();
    let held = |f: &Found| HELD.is_match(before(&doc.canon, f.span.start, 48));
    let earlier: Vec<Found> = dates.filter(|f| day(f) < day(&first) && held(f)).collect();
    out.push(first);
    out.extend(earlier);
}

/// Whether only a few characters (a byline's "LSO-", "(TTXVN) –") stand between the
/// start of a line or sentence and `at`.
fn opens_sentence(text: &str, at: usize) -> bool {
    let head = before(text, at, 24);
    // A full stop ends a sentence only before a space ("TP." and "9.10" do not).
    let from = head.rfind('\n').max(head.rfind(". ").map(|i| i + 1)).map_or(0, |i| i + 1);
    let lead = &head[from..];
    (at <= 24 || from > 0) && lead.chars().filter(|c| c.is_alphabetic()).count() <= 8
}

/// How far into a text its lead's date is looked for when the headline has another.
const LEAD_BYTES: usize = 800;

/// Whether `at` lies in the text's first line and that line is a headline: short, one
/// sentence at most.
fn in_headline(text: &str, at: usize) -> bool {
    let start = text.len() - text.trim_start().len();
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_end().trim_end_matches('.');
    (start..end).contains(&at) && line.chars().count() <= 200 && !line.contains(". ")
}

/// Words before a date saying an event took place then.
static HELD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?:tổ chức|diễn ra|khai mạc)(?: vào| từ)?(?: ngày)?\s*$"));

/// The date a match writes. Without a year, it takes the year the same day and month
/// have where the text writes them in full; else the dateline's (the year before when
/// that would put the event half a year after its own report); else the year of the
/// period the text reviews or plans, placed by the month; else the first full date's
/// of its opening.
fn read(c: &Captures, doc: &Doc, written: &[NaiveDate]) -> Option<NaiveDate> {
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (d, m, y) = if let Some(d) = n(1) {
        (d, n(2)?, n(3).map(|y| y as i32))
    } else if let Some(d) = n(4) {
        (d, n(5)?, n(6).map(|y| y as i32))
    } else if let Some(d) = n(7) {
        (d, n(8)?, n(9).map(|y| y as i32))
    } else {
        (n(10)?, n(11)?, None)
    };
    // A year-end review is held once the year is over: "ngày 8/1/2012" in a text closing
    // 2012 is the common slip of a new year's first weeks.
    let y = match y {
        Some(y) if m <= 3 && doc.closed_year == Some(y) => Some(y + 1),
        y => y,
    };
    let y = y.or_else(|| year_for(d, m, doc, written))?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|_| (1945..=2200).contains(&y))
}

fn year_for(d: u32, m: u32, doc: &Doc, written: &[NaiveDate]) -> Option<i32> {
    let fallback = match doc.dateline {
        Some(line) => {
            let y = line.year();
            let later = NaiveDate::from_ymd_opt(y, m, d).is_some_and(|at| (at - line).num_days() > 183);
            Some(if later { y - 1 } else { y })
        }
        None => doc.period.map(|p| p.year_of(m)).or(doc.year),
    };
    // A year written with the same day and month, unless it is another time altogether
    // (an anniversary, a decision cited from years before).
    let mut same = written.iter().filter(|w| (w.day(), w.month()) == (d, m)).map(|w| w.year());
    if let Some(y) = same.next()
        && same.all(|other| other == y)
        && fallback.is_none_or(|f| (f - y).abs() <= 1)
    {
        return Some(y);
    }
    fallback
}
