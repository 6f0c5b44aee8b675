//! Small readers shared by the fact finders: numbers in digits or words, word
//! boundaries, proper names.

/// A number pattern: digits with Vietnamese grouping ("1.250", "89,91") or a number
/// written in words ("mười ba", "hai mươi mốt").
pub const NUM: &str = concat!(
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|",
    r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?:\s+(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|tư|lăm|trăm|linh|lẻ))*)"
);

/// Reads a number as `NUM` matched it.
pub fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return vn::Decimal::parse_vn(s).ok().map(vn::Decimal::to_f64);
    }
    words_number(s).map(f64::from)
}

/// "mười ba" → 13, "hai mươi mốt" → 21, "một trăm linh năm" → 105.
pub fn words_number(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut current: Option<u32> = None;
    let mut any = false;
    for w in s.split_whitespace() {
        any = true;
        let digit = match w {
            "một" | "mốt" => Some(1),
            "hai" => Some(2),
            "ba" => Some(3),
            "bốn" | "tư" => Some(4),
            "năm" | "lăm" => Some(5),
            "sáu" => Some(6),
            "bảy" => Some(7),
            "tám" => Some(8),
            "chín" => Some(9),
            _ => None,
        };
        match (w, digit) {
            (_, Some(d)) => current = Some(current.unwrap_or(0) + d),
            ("mười", _) => current = Some(current.unwrap_or(0) + 10),
            ("mươi", _) => current = Some(current? * 10),
            ("trăm", _) => {
                total += current? * 100;
                current = None;
            }
            ("linh" | "lẻ", _) => {}
            _ => return None,
        }
    }
    any.then_some(total + current.unwrap_or(0)).filter(|n| *n > 0)
}

/// A letter or digit of Vietnamese text, without the general Unicode tables: ASCII,
/// the Latin blocks Vietnamese letters come from, and combining marks.
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0x24F => c != '×' && c != '÷',
        0x300..=0x36F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `at` starts a word: the character before it is not a letter or digit.
pub fn word_start(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !is_letter(c))
}

/// Up to `bytes` bytes of text before `at`, cut at a character boundary.
pub fn before(text: &str, at: usize, bytes: usize) -> &str {
    let mut from = at.saturating_sub(bytes);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// Up to `bytes` bytes of text after `at`, cut at a character boundary.
pub fn after(text: &str, at: usize, bytes: usize) -> &str {
    let mut to = (at + bytes).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[at..to]
}

/// Whether `at` ends a word.
pub fn word_end(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !is_letter(c))
}

/// Family names that open Vietnamese personal names; a run of capitalised words that
/// starts with one of them after an organisation is a person, not a place.
const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đinh", "Đoàn", "Lâm", "Trương", "Mai", "Tô", "Tạ", "Lưu", "Cao", "Châu", "Hà", "Thái", "Lương", "La",
    "Quách", "Tăng", "Văn", "Kiều", "Triệu", "Đào", "Chu", "Lục", "Vương", "Trịnh", "Nông", "Giang", "Khổng", "Thạch",
    "Tống", "Doãn", "Lại", "Mạc", "Âu", "Ôn", "Từ", "Diệp", "Hứa", "Lò", "Hầu", "Quan", "Sơn", "Y", "Ksor", "Rah",
    "Siu", "Nay", "Rơ", "Kpă", "Cù", "Tất", "Cấn", "Lã", "Phùng", "Thân", "Khúc", "Bế", "Mẫn", "Nghiêm", "Phí", "Tôn",
    "Đàm", "Bạch", "Khương", "Giáp", "Lữ", "Trình", "Vi", "Ma", "Mã", "Kim", "Ninh", "Liêu", "Sầm", "Cầm", "Quàng",
    "Tòng", "Lường", "Giàng", "Sùng", "Thào", "Vàng", "Lầu", "Danh", "Bàn", "Chẩu", "Lèo",
];

pub fn is_surname(w: &str) -> bool {
    SURNAMES.contains(&w)
}

/// A capitalised word ("Bến", "Hưng", "4" counts when `digits`).
pub fn is_capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| is_letter(c) && !c.is_ascii_digit())
}

/// The capitalised words that follow `at` (after spaces), as byte ranges.
pub fn capitalised_run(text: &str, at: usize, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = at;
    while out.len() < max {
        let rest = &text[pos..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        if gap == 0 && !out.is_empty() {
            break;
        }
        let start = pos + gap;
        let word_len = text[start..].find(|c: char| !is_letter(c) || c.is_ascii_digit()).unwrap_or(text.len() - start);
        let word = &text[start..start + word_len];
        if word.is_empty() || !is_capitalised(word) {
            break;
        }
        out.push(start..start + word_len);
        pos = start + word_len;
    }
    out
}

/// The letters and digits of Vietnamese text as a pattern class: `is_letter` for the
/// regex engine. Unicode's `\w` and `\d` cover every script, which makes each automaton
/// many times larger and each search with capture groups clear that much more memory.
pub const LETTER: &str = r"[0-9A-Za-z\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{24F}\u{1E00}-\u{1EFF}]";

/// A pattern where each space stands for any run of white space, as real text has
/// ("kiểm  tra", a no-break space after "Ủy"), `\d` is an ASCII digit and `\w` a
/// letter or digit of Vietnamese text (`LETTER`).
pub fn re(pattern: &str) -> regex::Regex {
    let pattern = pattern.replace(' ', r"\s+").replace(r"\d", "[0-9]").replace(r"\w", LETTER);
    regex::Regex::new(&pattern).expect("valid pattern")
}

/// The matches of several patterns as if they were one alternation: leftmost first, a
/// match that starts inside an earlier one dropped, the earlier pattern first at one
/// position. An alternation whose branches open in different ways (a digit, a word)
/// leaves the regex engine no literal to search for, and it then steps through every
/// byte; searched apart, each branch keeps its own fast literal search.
pub fn leftmost<'t>(patterns: &[regex::Regex], text: &'t str) -> Vec<regex::Match<'t>> {
    let mut all: Vec<(usize, regex::Match<'t>)> =
        patterns.iter().enumerate().flat_map(|(i, p)| p.find_iter(text).map(move |m| (i, m))).collect();
    all.sort_by_key(|(i, m)| (m.start(), *i));
    let mut end = 0;
    let mut out = Vec::with_capacity(all.len());
    for (_, m) in all {
        if m.start() >= end {
            end = m.end();
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_digits_and_words() {
        assert_eq!(number("1.250"), Some(1250.0));
        assert_eq!(number("89,91"), Some(89.91));
        assert_eq!(number("mười ba"), Some(13.0));
        assert_eq!(number("hai mươi mốt"), Some(21.0));
        assert_eq!(number("một trăm linh năm"), Some(105.0));
        assert_eq!(number("mươi"), None);
    }
}
