//! Abbreviations of Party and State writing, in folded form, so a search for "ke hoach"
//! finds "KH" and one for "NQ" finds "nghị quyết".

/// (abbreviation, expansion), both folded.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("nq", "nghi quyet"),
    ("kl", "ket luan"),
    ("ct", "chi thi"),
    ("qd", "quyet dinh"),
    ("qc", "quy che"),
    ("kh", "ke hoach"),
    ("ctr", "chuong trinh"),
    ("bc", "bao cao"),
    ("tb", "thong bao"),
    ("hd", "huong dan"),
    ("ttr", "to trinh"),
    ("cv", "cong van"),
    ("da", "de an"),
    ("dh", "dai hoi"),
    ("bch", "ban chap hanh"),
    ("btv", "ban thuong vu"),
    ("ubkt", "uy ban kiem tra"),
    ("mttq", "mat tran to quoc"),
    ("hdnd", "hoi dong nhan dan"),
    ("ubnd", "uy ban nhan dan"),
    ("tccsd", "to chuc co so dang"),
    ("ntm", "nong thon moi"),
    ("tu", "tinh uy"),
    ("thu", "thanh uy"),
    ("du", "dang uy"),
];

/// The words of folded `text` followed by the expansions of the abbreviations among them:
/// "07-kh/thu" gives "07 kh thu ke hoach thanh uy".
pub fn expand(folded: &str) -> String {
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut out = words.join(" ");
    for w in &words {
        if let Some((_, long)) = ABBREVIATIONS.iter().find(|(a, _)| a == w) {
            out.push(' ');
            out.push_str(long);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn expands_document_abbreviations() {
        assert_eq!(super::expand("07-kh/thu"), "07 kh thu ke hoach thanh uy");
        assert_eq!(super::expand("phu hung"), "phu hung");
    }
}
