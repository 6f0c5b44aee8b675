//! Single figures against plan: "45.799/36.875 tỷ đồng", "ước đạt 1.250 tỷ đồng, bằng
//! 89,91% dự toán năm", "đạt 118% kế hoạch", "tỷ lệ hộ nghèo còn 1,2%". Parts of one
//! clause make one figure; a part whose field is already filled starts the next.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::Found;
use crate::doc::Doc;
use crate::words::{NUM, number, re, word_start};

const UNIT: &str = r"tỷ đồng|triệu đồng|nghìn đồng|ngàn đồng|tỷ|triệu USD|USD|ha|héc-ta|tấn|km|m²|m2|hộ|người|lao động|lượt người|lượt khách|lượt|con|kg|giường|căn|công trình|doanh nghiệp|đảng viên|%";

static PART: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        concat!(
            r"(?i)({NUM})\s*/\s*({NUM})\s*({UNIT})(?:\s|,|\.|;|$)",
            r"|(?:đạt|bằng|ước đạt|ước|tăng|giảm|vượt|được|là)?\s*({NUM})\s*%\s*(?:so với\s+)?(?:(kế hoạch|KH|dự toán|chỉ tiêu|nghị quyết|NQ|cùng kỳ|mục tiêu)|(trở lên)?)",
            r"|(?:ước đạt|ước thực hiện|đạt|thực hiện được|thực hiện|thu được|thu|còn|là)\s+({NUM})\s*({UNIT})(?:\s|,|\.|;|$)",
            r"|(?:kế hoạch|chỉ tiêu|dự toán|KH|mục tiêu)(?:\s+(?:năm|giao|đề ra|là))*\s+({NUM})\s*({UNIT})(?:\s|,|\.|;|$)"
        ),
        NUM = NUM,
        UNIT = UNIT
    ))
});

static RATE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)tỷ lệ"));

#[derive(Default)]
struct Figure {
    span: Option<Range<usize>>,
    actual: Option<f64>,
    target: Option<f64>,
    unit: Option<String>,
    percent: Option<f64>,
}

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    let mut figures = Vec::new();
    for s in sentences {
        for clause in clauses(&doc.canon, s.clone()) {
            let text = &doc.canon[clause.clone()];
            let rate_clause = RATE.is_match(text);
            let mut current = Figure::default();
            for c in PART.captures_iter(text) {
                let Some(whole) = c.get(0) else { continue };
                let at = clause.start + whole.start();
                if !word_start(&doc.canon, at) || out.iter().any(|f| f.kind == "target_stats" && f.span.contains(&at)) {
                    continue;
                }
                let n = |i: usize| c.get(i).and_then(|m| number(m.as_str()));
                let unit = |i: usize| c.get(i).map(|m| m.as_str().to_string());
                let end = clause.start + whole.as_str().trim_end_matches([' ', ',', '.', ';']).len() + whole.start();
                let mut parts: Vec<(&str, Option<f64>, Option<String>)> = Vec::new();
                if let Some(a) = n(1) {
                    parts.extend([("actual", Some(a), unit(3)), ("target", n(2), None)]);
                } else if let Some(p) = n(4) {
                    let based = c.get(5).is_some();
                    if c.get(6).is_some() || (!based && !rate_clause) {
                        continue;
                    }
                    if based {
                        parts.push(("percent", Some(p), None));
                    } else {
                        parts.push(("actual", Some(p), Some("%".into())));
                    }
                } else if let Some(a) = n(7) {
                    parts.push(("actual", Some(a), unit(8)));
                } else if let Some(t) = n(9) {
                    parts.push(("target", Some(t), unit(10)));
                }
                let Some((first, _, _)) = parts.first() else { continue };
                if current.filled(first) {
                    figures.push(std::mem::take(&mut current));
                }
                for (field, v, u) in parts {
                    current.set(field, v, u);
                }
                current.span = Some(current.span.map_or(at..end, |sp| sp.start..end));
            }
            figures.push(current);
            for f in figures.drain(..) {
                if let Some(span) = f.span.clone() {
                    let indicator = indicator(&doc.canon, clause.start, span.start);
                    out.push(Found::new("figure", span, f.value(indicator)));
                }
            }
        }
    }
}

impl Figure {
    fn filled(&self, field: &str) -> bool {
        match field {
            "actual" => self.actual.is_some(),
            "target" => self.target.is_some(),
            _ => self.percent.is_some(),
        }
    }

    fn set(&mut self, field: &str, v: Option<f64>, unit: Option<String>) {
        match field {
            "actual" => self.actual = v,
            "target" => self.target = v,
            _ => self.percent = v,
        }
        if unit.is_some() && self.unit.is_none() {
            self.unit = unit;
        }
    }

    fn value(&self, indicator: Option<String>) -> Value {
        json!({"indicator": indicator, "actual": self.actual, "target": self.target, "unit": self.unit, "percent": self.percent})
    }
}

/// A sentence cut at ";" and ":" — a list of figures is written that way.
fn clauses(text: &str, s: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = s.start;
    for (i, c) in text[s.clone()].char_indices() {
        if matches!(c, ';' | ':') {
            out.push(start..s.start + i);
            start = s.start + i + 1;
        }
    }
    out.push(start..s.end);
    out
}

/// The words naming what was measured: the clause's words before the figure, without
/// the verbs that lead into it.
fn indicator(text: &str, clause_start: usize, at: usize) -> Option<String> {
    let words = text[clause_start..at].trim();
    let words = words.rsplit([',']).next().unwrap_or(words).trim();
    let mut w = words.to_string();
    for verb in ["ước thực hiện", "ước đạt", "thực hiện được", "đạt", "ước", "là", "được", "bằng", "còn"]
    {
        if let Some(stripped) = w.strip_suffix(verb) {
            w = stripped.trim_end().to_string();
        }
    }
    let w = w.trim_start_matches(|c: char| !c.is_alphanumeric()).trim();
    (!w.is_empty()).then(|| w.chars().take(80).collect())
}
