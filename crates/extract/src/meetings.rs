//! The kind of meeting a text reports: a BCH plenum ("Hội nghị BCH Đảng bộ lần thứ
//! nhất"), a BTV meeting, a working session ("buổi làm việc", "làm việc với"), an interim
//! or final review ("Hội nghị sơ kết", "Thành ủy Phủ Lý sơ kết"), a dissemination
//! conference ("hội nghị học tập, quán triệt"). One fact per kind: its first mention.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::doc::Doc;
use crate::words::{before, re, word_start};
use crate::{Found, Spans};

static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(hội nghị (?:lần thứ \S+ )?(?:của )?(?:ban chấp hành|bch)(?: đảng bộ)?|hội nghị (?:tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy))",
        r"|((?:hội nghị|cuộc họp|phiên họp|họp) (?:của )?(?:ban thường vụ|btv|thường trực)|ban thường vụ|btv)",
        r"|(buổi làm việc|làm việc với|đoàn công tác)",
        r"|((?:hội nghị|tổ chức|buổi) sơ kết|hội nghị (?:đánh giá )?giữa nhiệm kỳ|sơ kết)",
        r"|((?:hội nghị|tổ chức|buổi|lễ) tổng kết|tổng kết)",
        r"|(hội nghị (?:trực tuyến )?(?:học tập|quán triệt|nghiên cứu|triển khai|tuyên truyền))"
    ))
});

static ORDINAL: LazyLock<Regex> = LazyLock::new(|| re(r"^[^.,;:]{0,60}?lần thứ [\wđ]+"));
static MEETS: LazyLock<Regex> = LazyLock::new(|| re(r"^[^.,;:]{0,60}? họp"));

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    let text = &doc.canon;
    let mut seen = Vec::new();
    let references = Spans::of(out, &["document_ref"]);
    for m in MEETING.find_iter(&doc.canon) {
        let counted = before(text, m.start(), 8).trim_end().ends_with(|c: char| c.is_ascii_digit());
        let in_reference = references.overlaps(&m.range());
        if !word_start(text, m.start()) || doc.ignored(m.start()) || counted || in_reference {
            continue;
        }
        let words = vn::text::squash_spaces(&m.as_str().to_lowercase());
        let kind = kind_of(&words);
        // A plenum may name its number further on; a standing committee only meets when
        // the clause says it does ("Ban Thường vụ Quận ủy Cầu Giấy họp …").
        let mut end = m.end();
        let rest = crate::words::after(text, m.end(), 90);
        match kind {
            "bch_plenum" => match ORDINAL.find(rest) {
                Some(o) => end += o.end(),
                None if words.contains("ban chấp hành") || words.contains("bch") => {}
                None => continue,
            },
            "btv_meeting" if words == "ban thường vụ" || words == "btv" => match MEETS.find(rest) {
                Some(h) => end += h.end(),
                None => continue,
            },
            _ => {}
        }
        let bare_review =
            matches!(kind, "interim_review" | "final_review") && (words == "sơ kết" || words == "tổng kết");
        if bare_review && !review_by_someone(text, m.start()) {
            continue;
        }
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        out.push(Found::new("meeting", m.start()..end, json!({"kind": kind})));
    }
}

/// The kind of a meeting by the words `MEETING` matched, lower-cased: each branch of
/// the pattern has words no other has. Read from the words rather than from capture
/// groups, the pattern is searched without them, which is several times faster.
fn kind_of(words: &str) -> &'static str {
    let has = |w: &str| words.contains(w);
    if has("ban chấp hành") || has("bch") || words.ends_with(" ủy") {
        "bch_plenum"
    } else if has("thường vụ") || has("btv") || has("thường trực") {
        "btv_meeting"
    } else if has("làm việc") || has("đoàn công tác") {
        "working_session"
    } else if has("sơ kết") || has("giữa nhiệm kỳ") {
        "interim_review"
    } else if has("tổng kết") {
        "final_review"
    } else {
        "dissemination"
    }
}

/// "Thành ủy Phủ Lý sơ kết …": a review with a subject right before it, not the opening
/// of an instruction ("Tổng kết các nghị quyết …") nor a noun after "qua".
fn review_by_someone(text: &str, at: usize) -> bool {
    let prior = before(text, at, 40);
    let last = prior.trim_end().rsplit(' ').next().unwrap_or("");
    let named = last.chars().next().is_some_and(char::is_uppercase) || matches!(last, "ủy" | "uỷ" | "bộ");
    prior.ends_with(' ') && named && !prior.trim_end().ends_with(['.', ':', ';'])
}
