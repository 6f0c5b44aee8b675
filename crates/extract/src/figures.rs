//! Single figures against plan: "45.799/36.875 tỷ đồng", "ước đạt 1.250 tỷ đồng, bằng
//! 89,91% dự toán năm", "đạt 118% kế hoạch", "tỷ lệ hộ nghèo còn 1,2%". Parts of one
//! clause make one figure; a part whose field is already filled starts the next.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::doc::Doc;
use crate::words::{NUM, number, re, word_start};
use crate::{Found, Spans};

const UNIT: &str = r"tỷ đồng|triệu đồng|nghìn đồng|ngàn đồng|tỷ|triệu USD|USD|ha|héc-ta|tấn|km|m²|m2|hộ|người|lao động|lượt người|lượt khách|lượt|con|kg|giường|căn|công trình|doanh nghiệp|đảng viên|%";

static PART: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        concat!(
            r"(?i)(?P<a>{NUM})\s*/\s*(?P<t>{NUM})\s*(?P<u>{UNIT})(?:\s|,|\.|;|$)",
            r"|(?P<verb>đạt|bằng|ước đạt|ước|tăng|giảm|vượt|được|là)?\s*(?P<p>{NUM})\s*%\s*(?:so với\s+)?",
            r"(?:(?P<basis>kế hoạch|KH|dự toán|chỉ tiêu|nghị quyết|NQ|cùng kỳ|mục tiêu)|(?P<more>trở lên)?)",
            r"|(?:ước đạt|ước thực hiện|đạt|thực hiện được|thực hiện|thu được|thu|còn|là|giải ngân(?: được)?|huy động(?: được)?|thu hút(?: được)?)\s+(?P<a2>{NUM})\s*(?P<u2>{UNIT})(?:\s|,|\.|;|$)",
            r"|(?:kế hoạch|chỉ tiêu|dự toán|KH|mục tiêu)(?:\s+(?:năm|giao|đề ra|là))*\s+(?P<t2>{NUM})\s*(?P<u3>{UNIT})(?:\s|,|\.|;|$)"
        ),
        NUM = NUM,
        UNIT = UNIT
    ))
});

/// A quantity with its unit, looked for before a percentage of plan that has none:
/// "kết nạp 215 đảng viên mới, đạt 107,5% kế hoạch".
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)({NUM})\s*({UNIT})(?:\s|,|$)")));

static RATE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)tỷ lệ"));

#[derive(Default)]
struct Figure {
    span: Option<Range<usize>>,
    actual: Option<f64>,
    target: Option<f64>,
    unit: Option<String>,
    percent: Option<f64>,
    growth: Option<f64>,
}

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    let taken = Spans::of(out, &["target_stats", "class"]);
    for s in sentences {
        for clause in clauses(&doc.canon, s.clone()) {
            let text = &doc.canon[clause.clone()];
            if !text.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let rate_clause = RATE.is_match(text);
            let mut figures: Vec<Figure> = Vec::new();
            let mut current = Figure::default();
            for c in PART.captures_iter(text) {
                let Some(whole) = c.get(0) else { continue };
                let at = clause.start + whole.start();
                if !word_start(&doc.canon, at) || taken.contains(at) {
                    continue;
                }
                let n = |name: &str| c.name(name).and_then(|m| number(m.as_str()));
                let unit = |name: &str| c.name(name).map(|m| m.as_str().to_string());
                let end = at + whole.as_str().trim_end_matches([' ', ',', '.', ';']).len();
                let mut parts: Vec<(&str, Option<f64>, Option<String>)> = Vec::new();
                if let Some(a) = n("a") {
                    parts.extend([("actual", Some(a), unit("u")), ("target", n("t"), None)]);
                } else if let Some(p) = n("p") {
                    let basis = c.name("basis").map(|m| m.as_str().to_lowercase());
                    let verb = c.name("verb").map(|m| m.as_str().to_lowercase());
                    match (basis.as_deref(), verb.as_deref()) {
                        (_, _) if c.name("more").is_some() => continue,
                        (Some("cùng kỳ"), Some("giảm")) => parts.push(("growth", Some(-p), None)),
                        (Some("cùng kỳ"), _) => parts.push(("growth", Some(p), None)),
                        (Some(_), _) => parts.push(("percent", Some(p), None)),
                        (None, _)
                            if current.actual.is_some() && current.target.is_some() && current.percent.is_none() =>
                        {
                            parts.push(("percent", Some(p), None))
                        }
                        (None, _) if rate_clause => parts.push(("actual", Some(p), Some("%".into()))),
                        _ => continue,
                    }
                } else if let Some(a) = n("a2") {
                    parts.push(("actual", Some(a), unit("u2")));
                } else if let Some(t) = n("t2") {
                    parts.push(("target", Some(t), unit("u3")));
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
            let mut floor = clause.start;
            for mut f in figures {
                let Some(span) = f.span.clone() else { continue };
                let start = f.look_back(&doc.canon, floor, span.start);
                let indicator = indicator(&doc.canon, floor.max(clause.start), start);
                floor = span.end;
                out.push(Found::new("figure", start..span.end, f.value(indicator)));
            }
        }
    }
}

impl Figure {
    fn slot(&mut self, field: &str) -> &mut Option<f64> {
        match field {
            "actual" => &mut self.actual,
            "target" => &mut self.target,
            "growth" => &mut self.growth,
            _ => &mut self.percent,
        }
    }

    fn filled(&mut self, field: &str) -> bool {
        self.slot(field).is_some()
    }

    fn set(&mut self, field: &str, v: Option<f64>, unit: Option<String>) {
        *self.slot(field) = v;
        if unit.is_some() && self.unit.is_none() {
            self.unit = unit;
        }
    }

    /// A percentage of plan without its quantity takes the last quantity written before
    /// it in the clause; returns where the figure now starts.
    fn look_back(&mut self, text: &str, floor: usize, start: usize) -> usize {
        if self.actual.is_some() || self.percent.is_none() || floor >= start {
            return start;
        }
        let Some(c) = QUANTITY.captures_iter(&text[floor..start]).last() else { return start };
        let (Some(whole), Some(n), Some(u)) = (c.get(0), c.get(1), c.get(2)) else { return start };
        if u.as_str() == "%" {
            return start;
        }
        self.actual = number(n.as_str());
        self.unit = Some(u.as_str().to_string());
        floor + whole.start()
    }

    fn value(&self, indicator: Option<String>) -> Value {
        json!({
            "indicator": indicator, "actual": self.actual, "target": self.target, "unit": self.unit,
            "percent": self.percent, "growth": self.growth,
        })
    }
}

/// A sentence cut at ";" and ":" — a list of figures is written that way.
fn clauses(text: &str, s: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = s.start;
    for i in memchr::memchr2_iter(b';', b':', text[s.clone()].as_bytes()) {
        out.push(start..s.start + i);
        start = s.start + i + 1;
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
