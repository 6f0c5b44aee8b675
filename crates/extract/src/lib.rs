//! Reading Vietnamese report and news text into facts with evidence spans.
//!
//! The text is normalised to NFC first; a fact's `start` and `end` count Unicode scalar
//! values in that text, so they never split a character. This first version reads dates
//! of events, document references and reporting periods; the other kinds of the schema
//! in `docs/extract.md` follow.

mod dates;
mod documents;
mod periods;
mod spans;

use serde_json::Value;

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

/// Every fact in `text`, in order of position; overlapping facts of the same kind keep
/// the longest.
pub fn extract(text: &str) -> (String, Vec<Fact>) {
    let text = vn::nfc(text);
    let map = spans::CharMap::new(&text);
    let mut facts = Vec::new();
    facts.extend(dates::find(&text, &map));
    facts.extend(documents::find(&text, &map));
    facts.extend(periods::find(&text, &map));
    facts.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Fact> = Vec::new();
    for f in facts {
        if kept.iter().any(|k| k.kind == f.kind && k.start <= f.start && f.end <= k.end) {
            continue;
        }
        kept.push(f);
    }
    (text, kept)
}

/// The text with each fact marked inline, for people: "[[event_date: ngày 18-9-2020]]".
pub fn mark(text: &str, facts: &[Fact]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for f in facts {
        if f.start < at {
            continue; // overlaps the previous mark
        }
        out.extend(&chars[at..f.start]);
        out.push_str(&format!("[[{}: {}]]", f.kind, f.text));
        at = f.end;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_facts_of_seed_000() {
        let text = "BDK.VN - Ngày 18-9-2020, Thường trực Thành ủy Bến Tre có buổi làm việc với Ban Chấp hành \
                    Đảng bộ xã Phú Hưng về kết quả thực hiện Nghị quyết (NQ) 9 tháng năm 2020 và tình hình triển khai \
                    NQ Đại hội (ĐH) Đảng bộ xã Phú Hưng nhiệm kỳ 2020 - 2025.";
        let (_, facts) = extract(text);
        let kinds: Vec<(&str, &str)> = facts.iter().map(|f| (f.kind, f.text.as_str())).collect();
        assert!(kinds.contains(&("event_date", "Ngày 18-9-2020")), "{kinds:?}");
        assert!(kinds.contains(&("period", "9 tháng năm 2020")), "{kinds:?}");
        assert!(kinds.contains(&("period", "nhiệm kỳ 2020 - 2025")), "{kinds:?}");
        let date = facts.iter().find(|f| f.kind == "event_date").unwrap();
        assert_eq!(date.value["date"], "2020-09-18");
    }

    #[test]
    fn reads_document_references_of_seed_003() {
        let text = "BTV Thành ủy đã ban hành Kế hoạch số 07-KH/ThU, ngày 7-8-2020 lãnh đạo … căn cứ vào \
                    Quy định số 127-QĐ/TW ngày 1-3-2020 của Ban Bí thư; Hướng dẫn số 16 - HD/BTCTW; Nghị quyết 78/NQ-HĐND.";
        let (nfc, facts) = extract(text);
        let docs: Vec<&Fact> = facts.iter().filter(|f| f.kind == "document_ref").collect();
        assert_eq!(docs.len(), 4, "{docs:?}");
        assert_eq!(docs[0].value["full"], "07-KH/ThU");
        assert_eq!(docs[0].value["type"], "Kế hoạch");
        assert_eq!(docs[0].value["date"], "2020-08-07");
        assert_eq!(docs[1].value["full"], "127-QĐ/TW");
        assert_eq!(docs[2].value["full"], "16-HD/BTCTW");
        assert_eq!(docs[3].value["full"], "78/NQ-HĐND");
        let chars: Vec<char> = nfc.chars().collect();
        for f in &facts {
            assert_eq!(chars[f.start..f.end].iter().collect::<String>(), f.text);
        }
        assert!(mark(&nfc, &facts).contains("[[document_ref: Kế hoạch số 07-KH/ThU, ngày 7-8-2020]]"));
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_fit(s in "\\PC{0,200}") {
            let (nfc, facts) = extract(&s);
            let n = nfc.chars().count();
            for f in &facts {
                prop_assert!(f.start < f.end && f.end <= n);
            }
            prop_assert_eq!(extract(&s).1, facts);
        }
    }
}
