//! A text prepared for reading: NFC, a matching copy with one tone placement, the
//! parts to ignore (page chrome, repeated captions, datelines) and the dateline's year.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

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
    Regex::new(r"^(?:\p{Lu}[\p{L} .]{1,30},\s*)?(?:(?:Thứ\s+(?:\d|hai|ba|tư|năm|sáu|bảy)|Chủ nhật)[,\s]*)?(?:[Nn]gày\s+)?(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})(?:\s*[-|,]?\s*\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?:AM|PM|GMT\+7))?)?$")
        .expect("valid pattern")
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,2}\s*(?:[-/.]|\s+tháng\s+)\s*\d{1,2}\s*(?:[-/.]|\s+năm\s+)\s*((?:19|20)\d{2})")
        .expect("valid pattern")
});

pub struct Doc {
    /// The NFC text that facts point into.
    pub text: String,
    /// The same text with "oà, oé, uỷ" written "òa, óe, ủy": equal byte length at every
    /// position, so offsets found in it are offsets in `text`.
    pub canon: String,
    /// The year of the article's dateline, for dates and periods written without one.
    pub year: Option<i32>,
    ignored: Vec<Range<usize>>,
    /// Byte ranges of lines (paragraphs).
    pub lines: Vec<Range<usize>>,
}

impl Doc {
    pub fn new(input: &str) -> Doc {
        let text = vn::nfc(input);
        let canon = canonical_tones(&text);
        let mut lines = Vec::new();
        let mut ignored = Vec::new();
        let mut seen = HashSet::new();
        let mut at = 0;
        let mut dateline_year = None;
        for line in text.split_inclusive('\n') {
            let range = at..at + line.len();
            at += line.len();
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            let folded = vn::fold(trimmed);
            let squashed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
            let is_dateline = DATELINE.is_match(trimmed);
            if is_dateline && dateline_year.is_none() {
                dateline_year = YEAR.captures(trimmed).and_then(|c| c[1].parse().ok());
            }
            let chrome = CHROME.contains(&squashed.trim_end_matches([':', '.']))
                || CHROME_OPENINGS.iter().any(|o| squashed.starts_with(o));
            let repeated = squashed.chars().count() >= 20 && !seen.insert(squashed.clone());
            if chrome || repeated || is_dateline {
                ignored.push(range.clone());
            }
            lines.push(range);
        }
        let year = dateline_year.or_else(|| {
            let head = &text[..floor_boundary(&text, 600)];
            YEAR.captures(head).and_then(|c| c[1].parse().ok())
        });
        Doc { text, canon, year, ignored, lines }
    }

    /// Whether a byte offset lies in page chrome, a repeated caption or a dateline.
    pub fn ignored(&self, at: usize) -> bool {
        self.ignored.iter().any(|r| r.contains(&at))
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
            for (i, c) in s.char_indices() {
                if !matches!(c, '.' | '!' | '?') {
                    continue;
                }
                let next = s[i + 1..].chars().next();
                let after = s[i + 1..].trim_start().chars().next();
                let boundary = next.is_none_or(char::is_whitespace)
                    && after.is_none_or(|a| a.is_uppercase() || a.is_ascii_digit() || !a.is_alphanumeric());
                let word_before = s[..i].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
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

fn push_trimmed(out: &mut Vec<Range<usize>>, s: &str, base: usize, r: Range<usize>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    out.push(base + r.start + lead..base + r.end - trail);
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
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
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if i + 1 < chars.len() && matches!(c, 'o' | 'O' | 'u' | 'U') {
            let next = chars[i + 1];
            let follows_letter = chars.get(i + 2).is_some_and(|c| c.is_alphabetic());
            let after_q = i > 0 && matches!(chars[i - 1], 'q' | 'Q');
            if let (false, false, Some((base, tone))) = (follows_letter, after_q, split_tone(next)) {
                {
                    let ok = match c {
                        'o' | 'O' => matches!(base, 'a' | 'e' | 'A' | 'E'),
                        _ => matches!(base, 'y' | 'Y'),
                    };
                    if let (true, Some(first)) = (ok, with_tone(c, tone)) {
                        out.push(first);
                        out.push(base);
                        i += 2;
                        continue;
                    }
                }
            }
        }
        if c == '\u{a0}' {
            out.push_str("  ");
        } else {
            out.push(c);
        }
        i += 1;
    }
    debug_assert_eq!(out.len(), text.len());
    out
}

/// Toned a, e, y (upper and lower) by tone: grave, acute, hook, tilde, dot.
const TONED: [&str; 5] = ["àèỳÀÈỲ", "áéýÁÉÝ", "ảẻỷẢẺỶ", "ãẽỹÃẼỸ", "ạẹỵẠẸỴ"];
const BASES: [char; 6] = ['a', 'e', 'y', 'A', 'E', 'Y'];

fn split_tone(c: char) -> Option<(char, usize)> {
    TONED.iter().enumerate().find_map(|(tone, set)| set.chars().position(|x| x == c).map(|pos| (BASES[pos], tone)))
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
        for (old, new) in [("Đảng uỷ xã", "Đảng ủy xã"), ("hoà bình", "hòa bình"), ("quý I", "quý I"), ("khoẻ", "khỏe")]
        {
            let c = canonical_tones(old);
            assert_eq!(c, new);
            assert_eq!(c.len(), old.len());
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
