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
        r"(?i)(hội nghị\s+(?:lần thứ\s+\S+\s+)?(?:của\s+)?(?:ban chấp hành|bch)(?:\s+đảng bộ)?(?:[^.,;:]{0,40}?lần thứ\s+[\wđ]+)?|hội nghị\s+(?:tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy)[^.,;:]{0,30}?lần thứ\s+[\wđ]+)",
        r"|((?:hội nghị|cuộc họp|phiên họp|họp)\s+(?:của\s+)?(?:ban thường vụ|btv|thường trực)|(?:ban thường vụ|btv)[^.,;:]{0,40}?\shọp)",
        r"|(buổi làm việc|làm việc với|đoàn công tác)",
        r"|((?:hội nghị|tổ chức|buổi)\s+sơ kết|hội nghị\s+(?:đánh giá\s+)?giữa nhiệm kỳ|sơ kết)",
        r"|((?:hội nghị|tổ chức|buổi|lễ)\s+tổng kết|tổng kết)",
        r"|(hội nghị\s+(?:trực tuyến\s+)?(?:học tập|quán triệt|nghiên cứu|triển khai|tuyên truyền)[^.;]{0,10}?)"
    ))
});

const KINDS: [&str; 6] =
    ["bch_plenum", "btv_meeting", "working_session", "interim_review", "final_review", "dissemination"];

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    let text = &doc.canon;
    let mut seen = Vec::new();
    let references = Spans::of(out, &["document_ref"]);
    for c in doc.captures(&MEETING) {
        let Some((group, m)) = (1..=6).find_map(|i| c.get(i).map(|m| (i, m))) else { continue };
        let counted = before(text, m.start(), 8).trim_end().ends_with(|c: char| c.is_ascii_digit());
        let in_reference = references.overlaps(&m.range());
        if !word_start(text, m.start()) || doc.ignored(m.start()) || counted || in_reference {
            continue;
        }
        let kind = KINDS[group - 1];
        let words = m.as_str().to_lowercase();
        let bare_review =
            matches!(kind, "interim_review" | "final_review") && (words == "sơ kết" || words == "tổng kết");
        if bare_review && !review_by_someone(text, m.start()) {
            continue;
        }
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        out.push(Found::new("meeting", m.start()..m.end(), json!({"kind": kind})));
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
