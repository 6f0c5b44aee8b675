//! Sorting by the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), not by
//! code point; tones only break ties.

use unicode_normalization::UnicodeNormalization;

const BREVE: char = '\u{0306}';
const CIRCUMFLEX: char = '\u{0302}';
const HORN: char = '\u{031B}';

/// Tone marks in their traditional order: ngang, huyền, sắc, hỏi, ngã, nặng.
fn tone_rank(c: char) -> Option<u8> {
    match c {
        '\u{0300}' => Some(1),
        '\u{0301}' => Some(2),
        '\u{0309}' => Some(3),
        '\u{0303}' => Some(4),
        '\u{0323}' => Some(5),
        _ => None,
    }
}

/// A key whose natural ordering is Vietnamese dictionary order.
pub fn sort_key(s: &str) -> (Vec<u32>, Vec<u8>) {
    let mut primary: Vec<u32> = Vec::with_capacity(s.len());
    let mut tones = Vec::new();
    for c in s.nfd() {
        if let Some(t) = tone_rank(c) {
            if let Some(last) = tones.last_mut() {
                *last = t;
            }
            continue;
        }
        let bump = match c {
            BREVE => 1,
            CIRCUMFLEX => 2,
            HORN => 3,
            _ => 0,
        };
        if bump > 0 {
            if let Some(last) = primary.last_mut() {
                *last += bump;
            }
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let base = match lower {
            'đ' | 'ð' | 'ɖ' => u32::from('d') * 4 + 1,
            _ => u32::from(lower) * 4,
        };
        primary.push(base);
        tones.push(0);
    }
    (primary, tones)
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn follows_the_vietnamese_alphabet() {
        let mut names = vec!["Đông", "Dương", "Ấp", "An", "Ăn", "Bình", "Ơn", "Ông", "Ốc"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["An", "Ăn", "Ấp", "Bình", "Dương", "Đông", "Ốc", "Ông", "Ơn"]);
    }
}
