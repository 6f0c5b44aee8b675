//! Counts of targets by result: "13/31 chỉ tiêu hoàn thành 100%, 2/31 … từ 90% trở lên
//! …, 8 chỉ tiêu đang thực hiện", "20/21 chỉ tiêu đạt và vượt", "vượt kế hoạch (10), đạt
//! kế hoạch (22)", "đạt 11/33 chỉ tiêu". One fact per sentence, holding only what it states,
//! or one per unit where a sentence lists units' counts out of their own totals.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use crate::Found;
use crate::doc::Doc;
use crate::words::{NUM, number, re};

/// A count before its noun, with the result before or after: "đạt và vượt 16/21 chỉ
/// tiêu", "16 trên tổng số 21 chỉ tiêu đạt", "hoàn thành vượt mức 10 chỉ tiêu".
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:({VERB})(?:\s+được)?(?:\s+(?:kế hoạch|KH|nghị quyết|mục tiêu|đối với))?\s+)?({NUM})(?:\s*/\s*({NUM})|\s+(?:trên|trong số|trong tổng số)\s+({NUM}))?(?:\s*\([^()]{{0,24}}\))?\s+(chỉ tiêu|tiêu chí|nội dung)(?:\s+(?:chủ yếu|cơ bản|kinh tế - xã hội|nghị quyết|NQ|đề ra|của nghị quyết|theo nghị quyết))*"
    ))
});

/// The results a count can follow, longest first.
const VERB: &str = "hoàn thành và hoàn thành vượt(?: mức)?|hoàn thành và vượt(?: mức)?|hoàn thành vượt(?: mức)?|đạt và vượt|đạt, vượt|đạt|vượt(?: mức)?|hoàn thành|không đạt|chưa đạt";

/// A count after its noun and result: "số chỉ tiêu đạt và vượt là 16/18", "chỉ tiêu hoàn
/// thành: 12".
static AFTER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:chỉ tiêu|tiêu chí)\s+(đạt và vượt|hoàn thành và vượt|hoàn thành|đạt|vượt|chưa đạt|không đạt)(?:\s+(?:kế hoạch|nghị quyết|mức))?\s*(?:là|:|gồm)\s*({NUM})(?:\s*/\s*({NUM}))?"
    ))
});

static PAREN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(đạt và vượt|vượt|đạt|không đạt|chưa đạt|đang thực hiện|hoàn thành)(?:\s+(?:kế hoạch|chỉ tiêu|KH))?\s*\((\d+)(?:\s*chỉ tiêu)?\)",
    )
});

/// The counts one fact gathers: the fields stated and the words that state them.
#[derive(Default)]
struct Counts {
    value: Map<String, Value>,
    span: Option<Range<usize>>,
    /// A count out of a total whose result was left unsaid.
    fraction: bool,
}

impl Counts {
    fn add(&mut self, field: &str, n: f64, r: Range<usize>) {
        if !self.value.contains_key(field) {
            self.value.insert(field.into(), json!(n as u64));
        }
        self.span = Some(self.span.as_ref().map_or(r.clone(), |sp| sp.start.min(r.start)..sp.end.max(r.end)));
    }

    fn counted(&self) -> bool {
        self.fraction || self.value.keys().any(|k| k != "total")
    }

    /// Ends this fact: pushed when it states a count.
    fn push(self, out: &mut Vec<Found>) {
        if let (true, Some(span)) = (self.counted(), self.span.clone()) {
            out.push(Found::new("target_stats", span, Value::Object(self.value)));
        }
    }
}

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    for s in sentences {
        let text = &doc.canon[s.clone()];
        if !["chỉ tiêu", "tiêu chí", "nội dung"].iter().any(|w| text.contains(w)) {
            continue;
        }
        let mut counts = Counts::default();
        let mut last_end = 0;
        let mut parts = false;
        for c in COUNT.captures_iter(text) {
            let (Some(whole), Some(n)) = (c.get(0), c.get(2).and_then(|m| number(m.as_str()))) else { continue };
            // The end of a date or a number ("30/9/2024 chỉ tiêu") is no count.
            if text[..whole.start()].ends_with(|ch: char| ch.is_ascii_digit() || "/.,-".contains(ch)) {
                continue;
            }
            // "18 chỉ tiêu đạt; trong đó, kinh tế 4/4 chỉ tiêu": the parts of a count
            // already stated are no new count, unless they state a result of their own
            // ("19/25 chỉ tiêu hoàn thành, trong đó có 6/25 chỉ tiêu vượt kế hoạch").
            parts = parts || (counts.counted() && text[last_end..whole.start()].to_lowercase().contains("trong đó"));
            last_end = whole.end();
            let total = c.get(3).or(c.get(4)).and_then(|m| number(m.as_str()));
            // "nội dung" counts targets only when the sentence says how many of how many
            // were done: "hoàn thành và vượt 32/33 nội dung".
            if c.get(5).is_some_and(|m| m.as_str().eq_ignore_ascii_case("nội dung"))
                && (c.get(1).is_none() || total.is_none())
            {
                continue;
            }
            // The criteria of a new-style countryside or a civilised town are the State's
            // standards for a commune, not a resolution's targets.
            if c.get(5).is_some_and(|m| m.as_str().eq_ignore_ascii_case("tiêu chí")) && about_standards(text) {
                continue;
            }
            // Another total is another unit's count: "xã A đạt 24/28 chỉ tiêu, xã B đạt 37/57".
            let other_total = counts.value.get("total").and_then(Value::as_f64).zip(total).is_some_and(|(a, b)| a != b);
            if other_total && counts.counted() && !parts {
                std::mem::take(&mut counts).push(out);
            }
            let mut tail_words = tail(&text[whole.end()..]);
            let verb = c.get(1).map(|m| m.as_str().to_lowercase());
            // The result may follow the fields the targets cover: "80/80 chỉ tiêu về kinh
            // tế - xã hội, quốc phòng - an ninh đạt và vượt".
            // Not for targets only set ("đề ra 25 chỉ tiêu, … hoàn thành nhiệm vụ").
            let set = ["đề ra", "xác định", "giao"].iter().any(|w| text[..whole.start()].trim_end().ends_with(w));
            if verb.is_none() && !set && status(&tail_words.to_lowercase()).is_none() {
                let clause = clause(&text[whole.end()..]);
                // A result before another number is that number's ("vượt đối với 4 chỉ tiêu").
                let alone = !clause.bytes().any(|b| b.is_ascii_digit());
                if alone && status(&clause.to_lowercase()).is_some_and(|f| f != "in_progress") {
                    tail_words = clause;
                }
            }
            let tail = tail_words.to_lowercase();
            let field = status(&tail).or_else(|| verb.as_deref().and_then(status));
            if parts && field.is_none() {
                continue;
            }
            let end = whole.end() + trim_status(tail_words);
            let r = s.start + whole.start()..s.start + end;
            match (field, total) {
                (Some(f), Some(t)) => {
                    counts.add(f, n, r.clone());
                    counts.add("total", t, r);
                }
                (Some(f), None) => counts.add(f, n, r),
                (None, None) if counts.value.is_empty() && !tail.contains('%') => counts.add("total", n, r),
                // "12/16 chỉ tiêu" with its result unsaid still states how many there are.
                (None, Some(t)) if !tail.contains('%') && n <= t && t <= 200.0 => {
                    counts.fraction = true;
                    counts.add("total", t, r)
                }
                _ => {}
            }
        }
        for c in AFTER_NOUN.captures_iter(text) {
            let (Some(whole), Some(word), Some(n)) = (c.get(0), c.get(1), c.get(2).and_then(|m| number(m.as_str())))
            else {
                continue;
            };
            if let Some(f) = status(&word.as_str().to_lowercase()) {
                let r = s.start + whole.start()..s.start + whole.end();
                counts.add(f, n, r.clone());
                if let Some(t) = c.get(3).and_then(|m| number(m.as_str())) {
                    counts.add("total", t, r);
                }
            }
        }
        for c in PAREN.captures_iter(text) {
            let (Some(whole), Some(word), Some(n)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            if let (Some(f), Some(n)) = (status(&word.as_str().to_lowercase()), number(n.as_str())) {
                counts.add(f, n, s.start + whole.start()..s.start + whole.end());
            }
        }
        counts.push(out);
    }
}

/// Whether a sentence speaks of the standards a commune is recognised by.
fn about_standards(sentence: &str) -> bool {
    let folded = vn::fold(sentence);
    ["ntm", "nong thon moi", "do thi van minh", "dat chuan"].iter().any(|w| folded.contains(w))
}

/// The field a result phrase counts in.
fn status(phrase: &str) -> Option<&'static str> {
    let p = phrase.trim();
    let has = |w: &str| p.contains(w);
    let percent = p.contains('%');
    if percent && !["70%", "90%", "100%"].iter().any(|v| has(v)) {
        return None;
    }
    Some(if has("đang thực hiện") || has("chưa đến kỳ") || has("chưa đánh giá") || has("lộ trình") {
        "in_progress"
    } else if has("dưới 70") {
        "lt_70"
    } else if has("90%") {
        "ge_90"
    } else if has("70%") {
        "ge_70"
    } else if has("100%") {
        "completed_100"
    } else if has("và vượt") || has("và hoàn thành vượt") || has("đạt, vượt") {
        "achieved_or_exceeded"
    } else if has("không đạt") || has("chưa đạt") || has("chưa hoàn thành") || has("không hoàn thành") {
        "not_achieved"
    } else if p.starts_with("vượt") || has(" vượt") {
        "exceeded"
    } else if p.starts_with("đạt") || has(" đạt") || p.starts_with("hoàn thành") || has(" hoàn thành") {
        "achieved"
    } else {
        return None;
    })
}

static NEXT_COUNT: LazyLock<Regex> = LazyLock::new(|| re(r"\s(?:và\s+)?\d+(?:/\d+)?\s+(?:chỉ tiêu|tiêu chí)"));

/// The words after "chỉ tiêu" up to the next count or a break.
fn tail(rest: &str) -> &str {
    let mut stop = rest.find([',', ';', '.', '(', ')', '\n']).unwrap_or(rest.len());
    // "đạt, vượt kế hoạch" is one result.
    if rest[stop..].starts_with(", vượt") {
        stop += 2 + rest[stop + 2..].find([',', ';', '.', '(', ')', '\n']).unwrap_or(rest.len() - stop - 2);
    }
    let mut stop = stop.min(120).min(rest.len());
    while !rest.is_char_boundary(stop) {
        stop -= 1;
    }
    let piece = &rest[..stop];
    match NEXT_COUNT.find(piece) {
        Some(m) => &piece[..m.start()],
        None => piece,
    }
}

/// The words after "chỉ tiêu" to the end of their clause, commas included.
fn clause(rest: &str) -> &str {
    let mut stop = rest.find([';', '.', '(', ')', '\n']).unwrap_or(rest.len()).min(160).min(rest.len());
    while !rest.is_char_boundary(stop) {
        stop -= 1;
    }
    &rest[..stop]
}

/// How much of the words after "chỉ tiêu" belong to the result phrase: up to its last
/// "%", "trở lên", "thực hiện", "kế hoạch" or result word.
fn trim_status(tail: &str) -> usize {
    let ends =
        ["trở lên", "%", "thực hiện", "kế hoạch", "vượt", "đạt", "hoàn thành", "chỉ tiêu", "kỳ đánh giá", "lộ trình"];
    ends.iter().filter_map(|e| tail.rfind(e).map(|i| i + e.len())).max().unwrap_or(0)
}
