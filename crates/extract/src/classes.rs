//! Classes and participation ("Tổ chức 2 lớp bồi dưỡng kết nạp Đảng cho 120 quần chúng
//! ưu tú", "15 hội nghị học tập … có 2.300/2.450 đảng viên tham dự, đạt 93,9%"), opinion
//! surveys ("số lượng 250 phiếu") and congresses held ("67/67 tổ chức cơ sở Đảng … tổ
//! chức thành công Đại hội").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::Found;
use crate::doc::Doc;
use crate::words::{NUM, number, re, word_start};

static CLASS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)({NUM})\s+(?:lớp|hội nghị (?:học tập|quán triệt|triển khai|tuyên truyền))")));
static PEOPLE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)({NUM})(?:\s*/\s*({NUM}))?\s+(?:lượt\s+)?(?:học viên|người|quần chúng(?: ưu tú)?|cán bộ(?:, đảng viên)?|đảng viên|đại biểu|hội viên|đoàn viên)"
    ))
});
static PERCENT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)(?:đạt|đạt tỷ lệ|chiếm)\s+({NUM})\s*%")));
static SURVEY: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)({NUM})\s+phiếu(?:\s+(?:khảo sát|lấy ý kiến|thăm dò))?")));
static CONGRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)({NUM})\s*/\s*({NUM})\s+(?:tổ chức cơ sở đảng|chi,? đảng bộ(?: cơ sở)?|chi bộ(?:, đảng bộ)?(?: cơ sở)?|đảng bộ(?: cơ sở)?|tổ chức đảng|TCCSĐ|đơn vị)"
    ))
});

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    let text = &doc.canon;
    for s in sentences {
        let sentence = &text[s.clone()];
        let has = |w: &str| sentence.contains(w);
        let classes: Vec<_> =
            if has("lớp") || has("hội nghị") { CLASS.captures_iter(sentence).collect() } else { Vec::new() };
        for (i, c) in classes.iter().enumerate() {
            let (Some(whole), Some(count)) = (c.get(0), c.get(1).and_then(|m| number(m.as_str()))) else { continue };
            if !word_start(sentence, whole.start()) {
                continue;
            }
            let limit = classes.get(i + 1).and_then(|n| n.get(0)).map_or(sentence.len(), |n| n.start());
            let clause_end = sentence[whole.end()..limit].find(';').map_or(limit, |p| whole.end() + p);
            let rest = &sentence[whole.end()..clause_end];
            let mut end = whole.end();
            let (mut participants, mut eligible, mut percent) = (None, None, None);
            if let Some(p) = PEOPLE.captures(rest) {
                participants = p.get(1).and_then(|m| number(m.as_str()));
                eligible = p.get(2).and_then(|m| number(m.as_str()));
                end = whole.end() + p.get(0).map_or(0, |m| m.end());
            }
            if let Some(p) = PERCENT.captures(rest) {
                percent = p.get(1).and_then(|m| number(m.as_str()));
                end = end.max(whole.end() + p.get(0).map_or(0, |m| m.end()));
            }
            let value = json!({"count": count as u64, "participants": participants.map(|n| n as u64), "eligible": eligible.map(|n| n as u64), "percent": percent});
            out.push(Found::new("class", s.start + whole.start()..s.start + end, value));
        }
        for c in SURVEY.captures_iter(if has("phiếu") { sentence } else { "" }) {
            let (Some(whole), Some(n)) = (c.get(0), c.get(1).and_then(|m| number(m.as_str()))) else { continue };
            if word_start(sentence, whole.start()) {
                out.push(Found::new(
                    "survey",
                    s.start + whole.start()..s.start + whole.end(),
                    json!({"forms": n as u64}),
                ));
            }
        }
        if sentence.contains('/') && (has("đại hội") || has("Đại hội") || has("ĐẠI HỘI")) {
            for c in CONGRESS.captures_iter(sentence) {
                let Some(whole) = c.get(0) else { continue };
                let (held, total) =
                    (c.get(1).and_then(|m| number(m.as_str())), c.get(2).and_then(|m| number(m.as_str())));
                if let (true, Some(h), Some(t)) = (word_start(sentence, whole.start()), held, total) {
                    let value = json!({"held": h as u64, "total": t as u64});
                    out.push(Found::new("congress", s.start + whole.start()..s.start + whole.end(), value));
                }
            }
        }
    }
}
