//! Tasks in conclusions and decisions: the sentences after "đề nghị", "yêu cầu", "giao",
//! with the unit they fall to. "… đề nghị: Đảng bộ xã tiếp tục …" opens a list that runs
//! over the following sentences and over paragraphs that open with an instruction;
//! "giao Ban Tuyên giáo Thành ủy tham mưu …" is one task.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::doc::Doc;
use crate::words::{before, re, word_end, word_start};
use crate::{Found, Spans, words};

static TRIGGER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)đề nghị|yêu cầu|giao(?: nhiệm vụ)? cho|giao"));

static PERIOD_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:trong\s+)?(?:thời gian tới|[369] tháng (?:đầu|cuối) năm(?: \d{4})?|năm \d{4}|quý [IV]+(?:[-/]\d{4})?),?\s+)+",
    )
});

/// The number or bullet of a list item: "1.", "2)", "a)", "-", "+", "•".
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:\d{1,2}[.)]|[a-zđ]\)|[-–+•*])\s+"));

/// Words that open a predicate: the subject of a task ends before them.
const VERBS: &[&str] = &[
    "cần",
    "phải",
    "tiếp tục",
    "tập trung",
    "đẩy mạnh",
    "đẩy nhanh",
    "chủ động",
    "khẩn trương",
    "thực hiện",
    "triển khai",
    "tham mưu",
    "chủ trì",
    "xây dựng",
    "rà soát",
    "trực tiếp",
    "chỉ đạo",
    "nâng cao",
    "tăng cường",
    "quan tâm",
    "làm tốt",
    "lãnh đạo",
    "tổ chức",
    "hoàn thành",
    "sớm",
    "theo dõi",
    "phối hợp",
    "nghiên cứu",
    "báo cáo",
    "đôn đốc",
    "hướng dẫn",
    "kiện toàn",
    "củng cố",
    "đổi mới",
    "giữ vững",
    "đảm bảo",
    "bảo đảm",
    "duy trì",
    "phấn đấu",
    "kiên quyết",
    "thường xuyên",
    "đề cao",
    "tuyên truyền",
    "giải quyết",
    "huy động",
    "ưu tiên",
    "tổng kết",
    "sơ kết",
    "phát huy",
    "rút kinh nghiệm",
    "khắc phục",
    "xử lý",
    "kiểm tra",
    "giám sát",
    "đánh giá",
    "bổ sung",
    "ban hành",
    "cụ thể hóa",
    "chấn chỉnh",
    "quán triệt",
    "học tập",
    "phân công",
    "nắm",
    "tạo",
    "thu hồi",
    "giải trình",
    "đề ra",
    "làm rõ",
    "quyết liệt",
    "nghiêm túc",
    "chú trọng",
    "tích cực",
    "khẩn",
    "có",
    "là",
];

/// Words before "yêu cầu", "đề nghị", "giao" that make them a noun, not an instruction.
const NOT_AFTER: &[&str] = &[
    "đạt", "ứng", "theo", "những", "các", "có", "với", "của", "được", "bàn", "trao", "chuyển", "tiếp", "kiến", "một",
    "số", "là",
];

pub fn find(doc: &Doc, sentences: &[Range<usize>], out: &mut Vec<Found>) {
    let text = &doc.canon;
    let orgs = Spans::of(out, &["organization"]);
    // The trigger words of the whole text in one scan; sentences without one are passed.
    let triggers: Vec<Range<usize>> = TRIGGER.find_iter(text).map(|m| m.range()).collect();
    let line_of = |at: usize| doc.lines.partition_point(|l| l.end <= at);
    let mut i = 0;
    while i < sentences.len() {
        let s = sentences[i].clone();
        let Some(trigger_end) = trigger(text, &orgs, &triggers, s.clone()) else {
            i += 1;
            continue;
        };
        let colon = text[trigger_end..s.end].find(':').map(|p| trigger_end + p);
        let Some(colon) = colon else {
            // One instruction, or several joined by ";" for the same or new units.
            let mut base = None;
            for item in split(text, trigger_end..s.end) {
                let own = subject(text, &orgs, item.clone());
                base = base.or(own.clone());
                let start = own.as_ref().map_or(item.start, |o| o.start);
                push(out, text, start..item.end, own.or(base.clone()).map(|a| &text[a]));
            }
            i += 1;
            continue;
        };
        let mut assignee = subject(text, &orgs, trigger_end..colon);
        let mut items = split(text, colon + 1..s.end);
        let line = line_of(s.start);
        let mut j = i + 1;
        while j < sentences.len() && line_of(sentences[j].start) == line {
            items.extend(split(text, sentences[j].clone()));
            j += 1;
        }
        // The list goes on over paragraphs that are numbered or open with an instruction.
        while j < sentences.len() && !doc.ignored(sentences[j].start) {
            let next = line_of(sentences[j].start);
            let numbered = doc.lines.get(next).is_some_and(|l| LIST_MARKER.is_match(&text[l.clone()]));
            if !numbered && !opens_with_verb(&text[sentences[j].clone()]) {
                break;
            }
            while j < sentences.len() && line_of(sentences[j].start) == next {
                items.extend(split(text, sentences[j].clone()));
                j += 1;
            }
        }
        for item in items {
            let item = LIST_MARKER.find(&text[item.clone()]).map_or(item.clone(), |m| item.start + m.end()..item.end);
            let own = subject(text, &orgs, item.clone());
            if assignee.is_none() {
                assignee.clone_from(&own);
            }
            push(out, text, item, own.or(assignee.clone()).map(|a| &text[a]));
        }
        i = j;
    }
}

fn push(out: &mut Vec<Found>, text: &str, span: Range<usize>, assignee: Option<&str>) {
    let words = text[span.clone()].trim_end_matches(['.', ';', ' ', '…', '/']);
    if words.split_whitespace().count() < 3 {
        return;
    }
    let span = span.start..span.start + words.len();
    out.push(Found::new(
        "task",
        span,
        json!({"text": vn::text::squash_spaces(words), "assignee": assignee.map(vn::text::squash_spaces)}),
    ));
}

/// Where an instruction's words begin after its trigger, if the sentence holds one.
fn trigger(text: &str, orgs: &Spans, triggers: &[Range<usize>], s: Range<usize>) -> Option<usize> {
    let first = triggers.partition_point(|t| t.start < s.start);
    for t in triggers[first..].iter().take_while(|t| t.end <= s.end) {
        let (start, end) = (t.start, t.end);
        if !word_start(text, start) || !word_end(text, end) {
            continue;
        }
        let prior = before(text, start, 24).trim_end();
        let last = prior.rsplit(' ').next().unwrap_or("").to_lowercase();
        if NOT_AFTER.contains(&last.as_str()) {
            continue;
        }
        let rest = text[end..s.end].trim_start();
        if rest.starts_with(':') || subject(text, orgs, end..s.end).is_some() {
            return Some(end);
        }
    }
    None
}

/// The unit a task falls to: the words before the predicate, or else the organisation
/// the words open with ("Sở Nội vụ hoàn thiện đề án …").
fn subject(text: &str, orgs: &Spans, r: Range<usize>) -> Option<Range<usize>> {
    by_verb(text, r.clone()).or_else(|| {
        let piece = &text[r.clone()];
        let mut start = r.start + piece.len() - piece.trim_start_matches([' ', ':', ',']).len();
        for opening in ["Giao cho ", "giao cho ", "Giao ", "giao ", "cho "] {
            if text[start..r.end].starts_with(opening) {
                start += opening.len();
                break;
            }
        }
        orgs.starting_at(start).filter(|o| o.end <= r.end).cloned()
    })
}

/// The unit a task falls to: the words from `r.start` (after a time phrase) up to the
/// first word that opens a predicate.
fn by_verb(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[r.clone()];
    let lead = piece.len() - piece.trim_start_matches([' ', ':', ',']).len();
    let mut start = r.start + lead;
    if let Some(m) = PERIOD_OPENING.find(&text[start..r.end]) {
        start += m.end();
    }
    for opening in ["Giao cho ", "giao cho ", "Giao ", "giao ", "cho "] {
        if text[start..r.end].starts_with(opening) {
            start += opening.len();
            break;
        }
    }
    let rest = &text[start..r.end];
    let mut at = 0;
    let mut words = 0;
    let mut previous = "";
    while at < rest.len() {
        let lower = words::after(rest, at, 24).to_lowercase();
        let plural = matches!(previous, "các" | "những" | "và");
        let capital = at > 0 && rest[at..].starts_with(char::is_uppercase);
        if !plural
            && !capital
            && VERBS
                .iter()
                .any(|v| lower.starts_with(v) && lower[v.len()..].chars().next().is_none_or(|c| !words::is_letter(c)))
        {
            break;
        }
        previous = rest[at..].split(' ').next().unwrap_or("");
        let next = rest[at..].find(' ').map_or(rest.len(), |p| at + p + 1);
        at = next;
        words += 1;
        if words > 10 || rest[..at].contains(['.', ';', ':']) {
            return None;
        }
    }
    let who = rest[..at].trim_end_matches([' ', ',']);
    let named = who.starts_with(|c: char| c.is_uppercase()) || who.starts_with("đồng chí") || who.starts_with("các ");
    (at < rest.len() && !who.is_empty() && named && words <= 10).then(|| start..start + who.len())
}

fn opens_with_verb(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    VERBS.iter().filter(|v| !matches!(**v, "có" | "là")).any(|v| lower.starts_with(v))
}

/// A list part: the words between ";" marks.
fn split(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    for i in memchr::memchr_iter(b';', text[r.clone()].as_bytes()) {
        out.push(start..r.start + i);
        start = r.start + i + 1;
    }
    out.push(start..r.end);
    out.into_iter()
        .map(|p| {
            let s = &text[p.clone()];
            let lead = s.len() - s.trim_start().len();
            p.start + lead..p.end
        })
        .filter(|p| !text[p.clone()].trim().is_empty())
        .collect()
}
