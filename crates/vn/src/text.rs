//! NFC normalisation and accent folding.
//!
//! Folding maps đ/Đ (and the look-alikes Ð U+00D0, Ɖ U+0189) to d explicitly:
//! they have no Unicode decomposition, so stripping combining marks alone keeps them.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Text in Unicode NFC, the form every input is stored in.
pub fn nfc(s: &str) -> String {
    // Most text arrives composed already; the quick check avoids re-composing it.
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// Lower-case, accent-free, đ-folded form for matching and search:
/// "Đảng ủy xã Phú Hưng" → "dang uy xa phu hung". Tone placement variants
/// ("hòa"/"hoà") fold to the same string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Each character is decomposed on its own: the marks are all dropped, so the
    // reordering a whole-string NFD would do cannot matter, and ASCII skips the tables.
    for c in s.chars() {
        match c {
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            'đ' | 'Đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ' => out.push('d'),
            _ => unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }),
        }
    }
    out
}

/// Collapses runs of whitespace to one space and trims; used on every form field.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A form field as stored: NFC, control characters (NUL, escape …) dropped, spaces
/// squashed.
pub fn clean(s: &str) -> String {
    if s.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        let kept: String = s.chars().filter(|c| !c.is_control() || c.is_whitespace()).collect();
        return squash_spaces(&nfc(&kept));
    }
    squash_spaces(&nfc(s))
}

/// A text of several lines as stored: each line cleaned, line breaks kept, empty lines
/// at either end dropped ("Kết luận:\n- triển khai …").
pub fn clean_lines(s: &str) -> String {
    let lines: Vec<String> = s.lines().map(clean).collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| !l.is_empty()).map_or(first, |i| i + 1);
    lines[first..last].join("\n")
}

/// An optional form field as stored: cleaned, and none when nothing is left.
pub fn clean_nonempty(s: &str) -> Option<String> {
    Some(clean(s)).filter(|c| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_are_kept_and_each_cleaned() {
        assert_eq!(clean_lines("\n  Kết luận:\r\n- triển   khai\u{0}\n\n"), "Kết luận:\n- triển khai");
        assert_eq!(clean_lines("   "), "");
    }

    #[test]
    fn folds_d_and_tones() {
        assert_eq!(fold("Đảng ủy xã Phú Hưng"), "dang uy xa phu hung");
        assert_eq!(fold("Thanh Hóa"), fold("Thanh Hoá"));
        assert_eq!(fold("ÐẢNG Ɖ"), "dang d");
    }

    #[test]
    fn fields_lose_control_characters() {
        assert_eq!(clean("Hội\u{0}nghị \u{1b}[31m  Thành ủy\t\r\n"), "Hộinghị [31m Thành ủy");
    }

    #[test]
    fn nfc_joins_decomposed_input() {
        let decomposed = "Phu\u{0301} Hu\u{031B}ng";
        assert_eq!(nfc(decomposed), "Phú Hưng");
        assert_eq!(fold(decomposed), "phu hung");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent_and_ascii_for_vietnamese(s in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ ]{0,40}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f.clone());
            prop_assert!(f.is_ascii());
        }
    }
}
