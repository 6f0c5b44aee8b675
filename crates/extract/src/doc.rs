//! A text prepared for reading: NFC, a matching copy with one tone placement, the
//! parts to ignore (page chrome, repeated captions, datelines) and the dateline's year.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// Lines that belong to the web page around an article, not to the article.
const CHROME: &[&str] = &[
    "chia se bai viet",
    "chia se",
    "binh luan",
    "gui binh luan",
    "cac tin khac",
    "tin khac",
    "tin lien quan",
    "bai viet lien quan",
    "in bai viet",
    "xem them",
    "doc them",
    "quay lai",
    "len dau trang",
    "facebook",
    "zalo",
    "twitter",
    "email",
    "in trang",
];

/// Line openings of bylines and tags ("Tin, ảnh: Phương Thảo", "Từ khóa: …").
const CHROME_OPENINGS: &[&str] =
    &["tin, anh:", "bai, anh:", "tin va anh:", "bai va anh:", "tu khoa:", "tags:", "nguon:"];

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    // A clock time as news sites print it: "09:15", "9h15", "10:30:05 AM", "(GMT+07:00)".
    let time = r"[0-9]{1,2}\s*[:h]\s*[0-9]{2}(?::[0-9]{2})?(?:\s*(?:AM|PM|SA|CH))?(?:\s*\(?GMT\s*\+\s*0?7(?::00)?\)?)?";
    Regex::new(&format!(
        r"(?i)^(?:(?:cập nhật|ngày cập nhật|ngày đăng|đăng ngày|đăng lúc|thời gian(?: đăng)?|ngày xuất bản|xuất bản)\s*:?\s*)?(?:\p{{Lu}}[\p{{L}} .]{{1,30}},\s*)?(?:(?:Thứ\s+(?:[0-9]|hai|ba|tư|năm|sáu|bảy)|Chủ nhật|T[2-7]|CN)[,\s]*)?(?:{time}[,\s-]*)?(?:[Nn]gày\s+)?(?:[0-9]{{1,2}}\s*[-/.]\s*[0-9]{{1,2}}\s*[-/.]\s*[0-9]{{4}}|[0-9]{{1,2}}\s+tháng\s+[0-9]{{1,2}}\s+năm\s+[0-9]{{4}})(?:\s*[-|,]?\s*{time})?(?:\s*[|·•]\s*[^.|·•]{{0,40}})?$"
    ))
    .expect("valid pattern")
});

/// A period named with its year: "6 tháng đầu năm 2021", "quý III/2022", "năm 2025".
static PERIOD_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::words::re(
        r"(?i)(\d{1,2} tháng(?: đầu| cuối)? |quý [IVX]+ |tháng \d{1,2} |những tháng (?:đầu|cuối) )?(?:năm )((?:19|20)\d{2})|(quý [IVX]+|tháng \d{1,2})\s*[/-]\s*((?:19|20)\d{2})",
    )
});
/// Words before a period that say it is being reviewed, not planned.
static REVIEWED: LazyLock<Regex> = LazyLock::new(|| {
    crate::words::re(r"(?i)(?:tổng kết|sơ kết|kết quả|đánh giá|thực hiện|trong|rút kinh nghiệm|nhìn lại)[^.;]{0,40}$")
});
/// Words after a period that say what it achieved: it is being reviewed.
static ACHIEVED: LazyLock<Regex> =
    LazyLock::new(|| crate::words::re(r"(?i)^[^.;,]{0,30}?\b(?:đạt|vượt|hoàn thành|tăng|giảm)\b"));
/// Words before a period that say it is being planned.
static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    crate::words::re(
        r"(?i)(?:triển khai|nhiệm vụ|phương hướng|kế hoạch|mục tiêu|dự toán|chương trình công tác|chuẩn bị)[^.;]{0,30}$",
    )
});

/// The year of the period a text reviews or plans, its months, and how a date's month
/// places itself against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodYear {
    pub year: i32,
    /// The period's first and last month: 1 and 12 for a whole year.
    pub first: u32,
    pub last: u32,
    pub stance: Stance,
}

/// How a text speaks of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    /// "tổng kết năm 2025", "năm 2022 đạt và vượt": looked back on, at or after its end.
    Reviewed,
    /// "nhiệm vụ năm 2026": looked forward to, at or before its start.
    Planned,
    /// Only named: the event falls within it.
    Named,
}

impl PeriodYear {
    /// A whole year.
    fn whole(year: i32, stance: Stance) -> Self {
        PeriodYear { year, first: 1, last: 12, stance }
    }

    /// The year of an event in `month`. A period that ends in December is reviewed in
    /// it or in the first months of the next year; one that begins in January is planned
    /// in it or in the last months of the year before.
    pub fn year_of(&self, month: u32) -> i32 {
        if self.stance == Stance::Reviewed && self.last == 12 && month <= 3 {
            self.year + 1
        } else if self.stance == Stance::Planned && self.first == 1 && month >= 10 {
            self.year - 1
        } else {
            self.year
        }
    }

    /// The months that the words before a year name: "6 tháng đầu", "quý III",
    /// "tháng 9", "những tháng cuối"; none is the whole year.
    fn months(words: &str) -> (u32, u32) {
        let w = words.trim().to_lowercase();
        let lead: Option<u32> = w.split_whitespace().next().and_then(|n| n.parse().ok());
        if let Some(q) = w.strip_prefix("quý ") {
            let q = match q.trim() {
                "i" => 1,
                "ii" => 2,
                "iii" => 3,
                _ => 4,
            };
            return (3 * q - 2, 3 * q);
        }
        match (w.strip_prefix("tháng ").and_then(|m| m.trim().parse().ok()), lead) {
            (Some(m), _) if (1..=12).contains(&m) => (m, m),
            (_, Some(n)) if (1..=12).contains(&n) && w.contains("cuối") => (13 - n, 12),
            (_, Some(n)) if (1..=12).contains(&n) => (1, n),
            _ if w.contains("đầu") => (1, 6),
            _ if w.contains("cuối") => (7, 12),
            _ => (1, 12),
        }
    }
}

/// A term or span of years closed by a review: "tổng kết … nhiệm kỳ 2015 – 2020".
static TERM_REVIEWED: LazyLock<Regex> = LazyLock::new(|| {
    crate::words::re(
        r"(?i)tổng kết[^.;\n]{0,120}?(?:nhiệm kỳ|giai đoạn|khóa [IVX]+,? nhiệm kỳ)\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})",
    )
});

/// The first and last year of a term ("2020 – 2025") two captures hold, when plausible.
fn term(c: &regex::Captures) -> Option<(i32, i32)> {
    let (start, end): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (start < end && end - start <= 10).then_some((start, end))
}

/// A review closing a whole year: "tổng kết năm 2012", "tổng kết công tác Đảng năm 2023".
static YEAR_CLOSED: LazyLock<Regex> =
    LazyLock::new(|| crate::words::re(r"(?i)tổng kết([^.;\n0-9]{0,60}?)năm\s+((?:19|20)\d{2})"));

/// The bytes of a text's opening: its headline and first sentences.
const LEAD: usize = 400;

/// A congress and the term it opens.
static CONGRESS: LazyLock<Regex> = LazyLock::new(|| {
    crate::words::re(r"(?i)đại hội[^.;\n]{0,120}?nhiệm kỳ\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
});
/// A review of the years since a document: "sơ kết 5 năm thực hiện Nghị quyết … (2018)".
static YEARS_SINCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::words::re(
        r"(?i)(?:tổng kết|sơ kết|nhìn lại)\s+(\d{1,2})\s+năm\s+(?:thực hiện|triển khai|thi hành)(?:[^.;\n]|\.\S){0,160}?\b((?:19|20)\d{2})\b",
    )
});

/// The first period named with its year in `head`, a reviewed one preferred; failing
/// any, a term the text closes with a review, which is held in its last year.
fn period_year(head: &str) -> Option<PeriodYear> {
    let found: Vec<PeriodYear> = PERIOD_YEAR
        .captures_iter(head)
        .filter_map(|c| {
            let whole = c.get(0)?;
            // A term or a span of years ("2020 - 2025") names no one year.
            let rest = head[whole.end()..].trim_start();
            let after_dash = rest.strip_prefix(['-', '–']).map(str::trim_start);
            if after_dash.is_some_and(|r| r.starts_with(['1', '2'])) {
                return None;
            }
            let year = c.get(2).or(c.get(4))?.as_str().parse().ok()?;
            let (first, last) = PeriodYear::months(c.get(1).or(c.get(3)).map_or("", |m| m.as_str()));
            let before = &head[..whole.start()];
            let stance = if REVIEWED.is_match(before) {
                Stance::Reviewed
            } else if PLANNED.is_match(before) {
                Stance::Planned
            } else if ACHIEVED.is_match(&head[whole.end()..]) {
                Stance::Reviewed
            } else {
                Stance::Named
            };
            Some(PeriodYear { year, first, last, stance })
        })
        .collect();
    // A congress opens its term: "Đại hội … nhiệm kỳ 2020 – 2025" is held in 2020. Not a
    // congress whose resolution is being carried out ("thực hiện Nghị quyết Đại hội …
    // nhiệm kỳ 2020 – 2025 từ đầu nhiệm kỳ"): that is later in the term.
    let congress = CONGRESS
        .captures_iter(head)
        .find(|c| {
            // Nor one being prepared for ("chuẩn bị", "tiến tới Đại hội").
            let at = c.get(0).map_or(0, |m| m.start());
            let before = vn::fold(crate::words::before(head, at, 40));
            !["nghi quyet", "chuan bi", "tien toi"].iter().any(|w| before.contains(w))
        })
        .and_then(|c| Some((c.get(0)?.start(), PeriodYear::whole(term(&c)?.0, Stance::Named))));
    // A report of a congress says so in its lead, before any horizon it names ("đến năm 2030").
    if let Some((at, year)) = congress
        && at < LEAD
    {
        return Some(year);
    }
    let named = found.iter().find(|p| p.stance == Stance::Reviewed).or(found.first()).copied();
    named
        .or_else(|| {
            let (_, end) = term(&TERM_REVIEWED.captures(head)?)?;
            Some(PeriodYear::whole(end, Stance::Reviewed))
        })
        .or(congress.map(|(_, year)| year))
        .or_else(|| {
            // "tổng kết 10 năm thực hiện Chỉ thị … ngày 10-4-2009": ten years after it.
            let c = YEARS_SINCE.captures(head)?;
            let (years, since): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
            (1..=50).contains(&years).then_some(PeriodYear::whole(since + years, Stance::Named))
        })
}

/// A full date: day, month and year.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,2})\s*(?:[-/.]|\s+tháng\s+)\s*([0-9]{1,2})\s*(?:[-/.]|\s+năm\s+)\s*((?:19|20)[0-9]{2})")
        .expect("valid pattern")
});

/// The full dates written in `s` that are dates, in order.
fn full_dates(s: &str) -> impl Iterator<Item = NaiveDate> + '_ {
    YEAR.captures_iter(s)
        .filter_map(|c| NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?))
}

pub struct Doc {
    /// The NFC text that facts point into.
    pub text: String,
    /// The same text with "oà, oé, uỷ" written "òa, óe, ủy": equal byte length at every
    /// position, so offsets found in it are offsets in `text`.
    pub canon: String,
    /// The year of the article's dateline, for dates and periods written without one.
    pub year: Option<i32>,
    /// The date of a dateline line, when the text has one.
    pub dateline: Option<NaiveDate>,
    /// The period the text reviews or plans, from its opening: where a date without a
    /// year takes it when no dateline gives one.
    pub period: Option<PeriodYear>,
    /// The year a year-end review closes ("tổng kết công tác năm 2012"): held after it ends.
    pub closed_year: Option<i32>,
    ignored: Vec<Range<usize>>,
    /// Byte ranges of lines (paragraphs).
    pub lines: Vec<Range<usize>>,
}

impl Doc {
    pub fn new(input: &str) -> Doc {
        // Composed text (no combining marks U+0300–U+036F, bytes CC/CD) is taken as it is;
        // the full normalisation runs only where decomposed marks appear.
        let text =
            if memchr::memchr2(0xCC, 0xCD, input.as_bytes()).is_some() { vn::nfc(input) } else { input.to_string() };
        let canon = canonical_tones(&text);
        let mut lines = Vec::new();
        let mut ignored = Vec::new();
        let mut seen: HashSet<u64> = HashSet::new();
        let mut at = 0;
        let mut dateline = None;
        for line in text.split_inclusive('\n') {
            let range = at..at + line.len();
            at += line.len();
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            // Chrome lines are short; only those are folded for the comparison.
            let short = trimmed.len() <= 48;
            let folded = if short { vn::fold(trimmed) } else { String::new() };
            let squashed = vn::text::squash_spaces(&folded);
            // A dateline with its weekday, time and zone runs longer than other chrome.
            let is_dateline = trimmed.len() <= 96 && DATELINE.is_match(trimmed);
            if is_dateline && dateline.is_none() {
                dateline = full_dates(trimmed).next();
            } // Chrome and bylines are short lines; long paragraphs are never chrome.
            let opening = if trimmed.len() <= 96 {
                vn::fold(&trimmed[..trimmed.char_indices().nth(12).map_or(trimmed.len(), |(i, _)| i)])
            } else {
                String::new()
            };
            let chrome = CHROME.contains(&squashed.trim_end_matches([':', '.']))
                || CHROME_OPENINGS.iter().any(|o| opening.starts_with(o));
            // Captions and headlines repeat; long paragraphs are left alone.
            let repeated = (24..=600).contains(&trimmed.len()) && !seen.insert(words_hash(trimmed));
            if chrome || repeated || is_dateline {
                ignored.push(range.clone());
            }
            lines.push(range);
        }
        let head = &canon[..floor_boundary(&canon, 2000)];
        let period = period_year(head);
        // Failing a dateline, the latest full date the opening writes: an event is reported
        // after the documents it cites, however old the first of them.
        let year = dateline.or_else(|| full_dates(&text[..floor_boundary(&text, 2000)]).max()).map(|d| d.year());
        // Not a quarter's, a month's or a contest's review ("tổng kết quý I năm 2024").
        let closed_year = YEAR_CLOSED
            .captures(head)
            .filter(|c| !["quy ", "thang", "dot ", "hoi thi", "cuoc thi"].iter().any(|w| vn::fold(&c[1]).contains(w)))
            .and_then(|c| c[2].parse().ok());
        Doc { text, canon, year, dateline, period, closed_year, ignored, lines }
    }

    /// Whether a byte offset lies in page chrome, a repeated caption or a dateline.
    pub fn ignored(&self, at: usize) -> bool {
        let i = self.ignored.partition_point(|r| r.end <= at);
        self.ignored.get(i).is_some_and(|r| r.contains(&at))
    }

    /// The words at `range`, as written.
    pub fn words(&self, range: Range<usize>) -> &str {
        &self.text[range]
    }

    /// Sentences (byte ranges): split at line ends and at ". ! ?" before a capital,
    /// keeping abbreviations such as "TP. Bến Tre" whole.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for line in &self.lines {
            let s = &self.canon[line.clone()];
            let mut start = 0;
            // The marks are ASCII, so a byte scan finds them without decoding.
            for i in memchr::memchr3_iter(b'.', b'!', b'?', s.as_bytes()) {
                let next = s[i + 1..].chars().next();
                let after = s[i + 1..].trim_start().chars().next();
                let boundary = next.is_none_or(char::is_whitespace)
                    && after.is_none_or(|a| a.is_uppercase() || a.is_ascii_digit() || !crate::words::is_letter(a));
                let word_before = s[..i].rsplit(|c: char| !crate::words::is_letter(c)).next().unwrap_or("");
                let abbreviation =
                    matches!(word_before, "TP" | "Tp" | "TS" | "ThS" | "PGS" | "GS" | "BS" | "Th" | "St");
                if boundary && !abbreviation {
                    push_trimmed(&mut out, s, line.start, start..i + 1);
                    start = i + 1;
                }
            }
            push_trimmed(&mut out, s, line.start, start..s.len());
        }
        out
    }
}

/// A hash of the words of a line, so a caption repeated with other spacing is known.
fn words_hash(line: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in line.split_whitespace() {
        for b in w.bytes().chain([b' ']) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn push_trimmed(out: &mut Vec<Range<usize>>, s: &str, base: usize, r: Range<usize>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    out.push(base + r.start + lead..base + r.end - trail);
}

pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Writes a no-break space as two spaces (the same two bytes) and moves the tone mark of "oa, oe, uy" without a final consonant onto the first vowel
/// ("hoà" → "hòa", "thuỷ" → "thủy"), the placement the patterns are written in. Each
/// swap keeps the byte length of the pair, so offsets stay valid.
pub fn canonical_tones(text: &str) -> String {
    let bytes = text.as_bytes();
    // (start, end, replacement) for every change, in order; the text is copied once
    // around them, as string slices, so it is never decoded or validated again. A change
    // that would alter the length is left out ("uỳ" is four bytes, "ùy" three): spans
    // found in the canonical text are spans of the text.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // Only "o", "u" (either case) and the first byte of a no-break space can start a
    // change; memchr jumps between them.
    for at in memchr::memchr3_iter(b'o', b'u', 0xC2, bytes).chain(memchr::memchr2_iter(b'O', b'U', bytes)) {
        let b = bytes[at];
        if b == 0xC2 {
            if bytes.get(at + 1) == Some(&0xA0) {
                edits.push((at, at + 2, "  ".to_string()));
            }
            continue;
        }
        // Toned a, e, y start with byte C3 (à á ã è é ý) or E1 (ả ạ ẻ ẽ ẹ ỳ ỷ ỹ ỵ).
        let after_q = at > 0 && matches!(bytes[at - 1], b'q' | b'Q');
        if after_q || !matches!(bytes.get(at + 1), Some(0xC3 | 0xE1)) {
            continue;
        }
        let next = text[at + 1..].chars().next().unwrap_or(' ');
        let end = at + 1 + next.len_utf8();
        let Some((base, tone)) = split_tone(next) else { continue };
        let fits =
            if matches!(b, b'o' | b'O') { matches!(base, 'a' | 'e' | 'A' | 'E') } else { matches!(base, 'y' | 'Y') };
        let follows_letter = text[end..].chars().next().is_some_and(crate::words::is_letter);
        if let (true, false, Some(first)) = (fits, follows_letter, with_tone(b as char, tone))
            && first.len_utf8() + base.len_utf8() == end - at
        {
            edits.push((at, end, format!("{first}{base}")));
        }
    }
    if edits.is_empty() {
        return text.to_string();
    }
    // The two scans meet in position order only after sorting.
    edits.sort_by_key(|(at, _, _)| *at);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, end, replacement) in edits {
        out.push_str(&text[copied..at]);
        out.push_str(&replacement);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// A toned a, e or y as its base letter and tone (grave, acute, hook, tilde, dot).
fn split_tone(c: char) -> Option<(char, usize)> {
    Some(match c {
        'à' => ('a', 0),
        'á' => ('a', 1),
        'ả' => ('a', 2),
        'ã' => ('a', 3),
        'ạ' => ('a', 4),
        'è' => ('e', 0),
        'é' => ('e', 1),
        'ẻ' => ('e', 2),
        'ẽ' => ('e', 3),
        'ẹ' => ('e', 4),
        'ỳ' => ('y', 0),
        'ý' => ('y', 1),
        'ỷ' => ('y', 2),
        'ỹ' => ('y', 3),
        'ỵ' => ('y', 4),
        'À' => ('A', 0),
        'Á' => ('A', 1),
        'Ả' => ('A', 2),
        'Ã' => ('A', 3),
        'Ạ' => ('A', 4),
        'È' => ('E', 0),
        'É' => ('E', 1),
        'Ẻ' => ('E', 2),
        'Ẽ' => ('E', 3),
        'Ẹ' => ('E', 4),
        'Ỳ' => ('Y', 0),
        'Ý' => ('Y', 1),
        'Ỷ' => ('Y', 2),
        'Ỹ' => ('Y', 3),
        'Ỵ' => ('Y', 4),
        _ => return None,
    })
}

fn with_tone(c: char, tone: usize) -> Option<char> {
    let table = match c {
        'o' => "òóỏõọ",
        'O' => "ÒÓỎÕỌ",
        'u' => "ùúủũụ",
        'U' => "ÙÚỦŨỤ",
        _ => return None,
    };
    table.chars().nth(tone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_move_without_changing_length() {
        for (old, new) in [
            ("Đảng uỷ xã", "Đảng ủy xã"),
            ("hoà bình", "hòa bình"),
            ("quý I", "quý I"),
            ("khoẻ", "khỏe"),
            // "ùy", "ũy" are shorter than "uỳ", "uỹ": left as they are.
            ("Thuỳ Linh", "Thuỳ Linh"),
            ("Thuỹ", "Thuỹ"),
        ] {
            let c = canonical_tones(old);
            assert_eq!(c, new);
            assert_eq!(c.len(), old.len());
        }
    }

    #[test]
    fn a_span_of_years_after_a_dash_of_any_width_names_no_one_year() {
        for text in ["Kế hoạch 5 năm 2021 – 2025 của huyện.", "Kế hoạch 5 năm 2021 - 2025.", "Năm 2021—"]
        {
            let d = Doc::new(text);
            assert_eq!(d.period.map(|p| p.year), if text.contains('—') { Some(2021) } else { None }, "{text}");
        }
    }

    #[test]
    fn chrome_repeats_and_datelines_are_ignored() {
        let d = Doc::new(
            "19/09/2020 - 07:11\nCaption repeated here twice.\nCaption repeated here twice.\nChia sẻ bài viết\n",
        );
        assert_eq!(d.year, Some(2020));
        assert!(d.ignored(0));
        let second = d.text.find("Caption").unwrap() + 30;
        assert!(!d.ignored(d.text.find("Caption").unwrap()));
        assert!(d.ignored(second));
        assert!(d.ignored(d.text.find("Chia").unwrap()));
    }
}
