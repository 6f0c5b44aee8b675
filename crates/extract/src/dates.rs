//! Dates of events: "Ngày 18-9-2020", "Sáng ngày 8/10/2020", "từ ngày 26 - 28/7/2020",
//! "ngày 03 tháng 4 năm 2018", "Sáng 10.10", "Hôm nay (5-7)", and "ngày 18-9" with the
//! year of the dateline or of the period the text reviews. Dates that belong
//! to a document reference or a deadline are not events.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};
use serde_json::json;

use crate::doc::Doc;
use crate::words::{before, re, word_start};
use crate::{Found, Spans};

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(?:(?:sáng|chiều|tối|trưa)\s+(?:nay\s+)?(?:ngày\s+)?|ngày\s+|hôm nay\s*\(\s*)",
        r"(?:(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})",
        r"|(\d{1,2})\s*[-–]\s*\d{1,2}\s*/\s*(\d{1,2})\s*/\s*(\d{4})",
        r"|(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?",
        r"|(\d{1,2})\s*[-/.]\s*(\d{1,2})([^\d/.-]|$))"
    ))
});

static CUTOFF: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?:tính\s+)?(?:đến|trước|sau)\s+$"));

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    let mut dates = Vec::new();
    let taken = Spans::of(out, &["document_ref", "deadline"]);
    for c in DATE.captures_iter(&doc.canon) {
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
        if let Some(date) = read(&c, doc) {
            dates.push(Found::new("event_date", span, json!({"date": date.to_string()})));
        }
    }
    // A report names its event in the lead. A later date is another event only when it
    // came before and the text says it was held ("Đại hội … được tổ chức từ ngày 26 -
    // 28/7"); others are of other things (a merger in force, a congress planned) or the
    // lead said again.
    let mut dates = dates.into_iter();
    let Some(first) = dates.next() else { return };
    let day = |f: &Found| f.value["date"].as_str().unwrap_or_default().to_string();
    let held = |f: &Found| HELD.is_match(before(&doc.canon, f.span.start, 48));
    let earlier: Vec<Found> = dates.filter(|f| day(f) < day(&first) && held(f)).collect();
    out.push(first);
    out.extend(earlier);
}

/// Words before a date saying an event took place then.
static HELD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?:tổ chức|diễn ra|khai mạc)(?: vào| từ)?(?: ngày)?\s*$"));

/// The date a match writes; without a year, the dateline's, else the period's the text
/// reviews or plans (placed by the month), else the first full date's of its opening.
fn read(c: &Captures, doc: &Doc) -> Option<NaiveDate> {
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = n(8).or(n(11)).unwrap_or(0);
    let year = doc.dateline.or_else(|| doc.period.map(|p| p.year_of(month))).or(doc.year);
    let (d, m, y) = if let Some(d) = n(1) {
        (d, n(2)?, n(3)? as i32)
    } else if let Some(d) = n(4) {
        (d, n(5)?, n(6)? as i32)
    } else if let Some(d) = n(7) {
        (d, n(8)?, n(9).map(|y| y as i32).or(year)?)
    } else {
        (n(10)?, n(11)?, year?)
    };
    NaiveDate::from_ymd_opt(y, m, d).filter(|_| (1945..=2200).contains(&y))
}
