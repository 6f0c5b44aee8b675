//! Reading Vietnamese report and news text into facts with evidence spans.
//!
//! The text is normalised to NFC first; a fact's `start` and `end` count Unicode scalar
//! values in that text, so they never split a character. Finders match on a copy with
//! one tone placement and work in byte offsets; the offsets become character offsets
//! once, at the end. The kinds and their values are documented in `docs/extract.md`.

mod classes;
mod dates;
mod deadlines;
mod doc;
mod documents;
mod figures;
mod inspections;
mod legacy;
mod meetings;
mod organizations;
mod people;
mod periods;
pub mod score;
mod stats;
mod tasks;
mod words;

use std::ops::Range;

use serde_json::Value;

pub use doc::canonical_tones;
pub use legacy::{DecodeError, Legacy, decode, detect_legacy, refuse_legacy};

/// One fact found in a text, with the exact words it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub kind: &'static str,
    /// Start and end, in Unicode scalar values of the NFC text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: Value,
}

impl Fact {
    pub fn to_json(&self) -> Value {
        serde_json::json!({"kind": self.kind, "start": self.start, "end": self.end, "text": self.text, "value": self.value})
    }
}

/// A fact while it is being read: its span in bytes.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub kind: &'static str,
    pub span: Range<usize>,
    pub value: Value,
}

impl Found {
    pub fn new(kind: &'static str, span: Range<usize>, value: Value) -> Found {
        Found { kind, span, value }
    }
}

/// Spans of facts already found, sorted, for overlap questions in logarithmic time.
pub(crate) struct Spans(Vec<Range<usize>>);

impl Spans {
    pub fn of(found: &[Found], kinds: &[&str]) -> Spans {
        let mut spans: Vec<Range<usize>> =
            found.iter().filter(|f| kinds.contains(&f.kind)).map(|f| f.span.clone()).collect();
        spans.sort_by_key(|r| (r.start, r.end));
        Spans(spans)
    }

    /// Whether any span overlaps `r`. Spans of one kind rarely nest, so the few that
    /// start before `r` ends are enough to look at.
    pub fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.0.partition_point(|s| s.start < r.end);
        self.0[..before_end].iter().rev().take(8).any(|s| s.end > r.start)
    }

    pub fn contains(&self, at: usize) -> bool {
        self.overlaps(&(at..at + 1))
    }

    pub fn starting_at(&self, at: usize) -> Option<&Range<usize>> {
        let i = self.0.partition_point(|s| s.start < at);
        self.0.get(i).filter(|s| s.start == at)
    }

    pub fn push(&mut self, r: Range<usize>) {
        let i = self.0.partition_point(|s| (s.start, s.end) < (r.start, r.end));
        self.0.insert(i, r);
    }
}

/// Every fact in `text`, in order of position, with the NFC text the spans count in.
pub fn extract(text: &str) -> (String, Vec<Fact>) {
    let doc = doc::Doc::new(text);
    let sentences = doc.sentences();
    let mut found = Vec::new();
    documents::find(&doc, &mut found);
    deadlines::find(&doc, &sentences, &mut found);
    dates::find(&doc, &mut found);
    organizations::find(&doc, &mut found);
    people::find(&doc, &mut found);
    meetings::find(&doc, &mut found);
    periods::find(&doc, &mut found);
    stats::find(&doc, &sentences, &mut found);
    inspections::find(&doc, &mut found);
    classes::find(&doc, &sentences, &mut found);
    figures::find(&doc, &sentences, &mut found);
    tasks::find(&doc, &sentences, &mut found);
    deadlines::in_tasks(&doc, &mut found);
    found.retain(|f| !doc.ignored(f.span.start));
    found.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)).then(a.kind.cmp(b.kind)));
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        let inside = kept
            .iter()
            .rev()
            .take(64)
            .any(|k| k.kind == f.kind && k.span.start <= f.span.start && f.span.end <= k.span.end);
        if !inside {
            kept.push(f);
        }
    }
    let facts = to_chars(&doc.text, kept);
    (doc.text, facts)
}

/// Byte spans to character spans in one pass over the text.
fn to_chars(text: &str, found: Vec<Found>) -> Vec<Fact> {
    let mut offsets: Vec<usize> = found.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut chars = Vec::with_capacity(offsets.len());
    let (mut byte, mut count) = (0, 0);
    for &o in &offsets {
        count += text[byte..o].chars().count();
        byte = o;
        chars.push(count);
    }
    let at = |b: usize| chars[offsets.binary_search(&b).unwrap_or(0)];
    found
        .into_iter()
        .map(|f| Fact {
            kind: f.kind,
            start: at(f.span.start),
            end: at(f.span.end),
            text: text[f.span.clone()].to_string(),
            value: f.value,
        })
        .collect()
}

/// A name folded with abbreviations expanded, the form names are compared in.
fn name_key(s: &str) -> String {
    let folded = vn::fold(s);
    let words = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let expanded = words.map(|w| vn::abbrev::ABBREVIATIONS.iter().find(|(a, _)| *a == w).map_or(w, |(_, long)| long));
    expanded.collect::<Vec<_>>().join(" ")
}

/// The one entry of a register of (id, name) that `name` names, folded and with
/// abbreviations expanded ("UBND xã Phú Hưng" names "Ủy ban nhân dân xã Phú Hưng").
pub fn match_name(name: &str, register: &[(i64, String)]) -> Option<i64> {
    let key = name_key(name);
    let mut hits = register.iter().filter(|(_, n)| name_key(n) == key).map(|(id, _)| *id);
    match (hits.next(), hits.next()) {
        (Some(id), None) => Some(id),
        _ => None,
    }
}

/// Organisation facts matched to a register of (id, name): each gets `org_id` when its
/// name names exactly one entry.
pub fn match_organizations(facts: &mut [Fact], register: &[(i64, String)]) {
    let keyed: Vec<(i64, String)> = register.iter().map(|(id, n)| (*id, name_key(n))).collect();
    for f in facts.iter_mut().filter(|f| f.kind == "organization") {
        let name = f.value["name"].as_str().map(name_key).unwrap_or_default();
        let mut hits = keyed.iter().filter(|(_, k)| *k == name).map(|(id, _)| *id);
        if let (Some(id), None) = (hits.next(), hits.next()) {
            f.value["org_id"] = Value::from(id);
        }
    }
}

/// The text with each fact marked inline, for people: "[[event_date: ngày 18-9-2020]]".
/// Where facts overlap, the outer one is marked.
pub fn mark(text: &str, facts: &[Fact]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for f in facts {
        if f.start < at {
            continue;
        }
        out.extend(&chars[at..f.start]);
        out.push_str(&format!("[[{}: {}]]", f.kind, f.text));
        at = f.end;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}

#[cfg(test)]
mod shapes;
#[cfg(test)]
mod tests;
