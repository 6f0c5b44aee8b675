//! Organisations: Party committees and their standing bodies and boards ("Ban Thường vụ
//! (BTV) Thành ủy TP. Bến Tre", "Ban Tổ chức Tỉnh ủy"), Party organisations ("Đảng bộ
//! xã Phú Hưng"), State and front bodies ("UBND thành phố", "MTTQ"), central bodies
//! ("Bộ Chính trị") and localities ("phường 4"), each with a kind and a level.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::Found;
use crate::doc::Doc;
use crate::words::{before, capitalised_run, is_surname, re, word_end, word_start};

const PREFIX: &str = r"Ban Thường vụ|BTV|Thường trực|TT|Ban Chấp hành|BCH|Ủy ban Kiểm tra|UBKT|Văn phòng|Ban Tổ chức|Ban Tuyên giáo và Dân vận|Ban Tuyên giáo|Ban Dân vận|Ban Nội chính|Ban Kinh tế|Ban Chỉ đạo|Đảng đoàn|Ban [Cc]án sự đảng";

const DEPARTMENTS: &str = r"Nội vụ|Tài chính|Kế hoạch và Đầu tư|Giáo dục và Đào tạo|Y tế|Xây dựng|Tư pháp|Công Thương|Nông nghiệp và Phát triển nông thôn|Nông nghiệp và Môi trường|Tài nguyên và Môi trường|Lao động - Thương binh và Xã hội|Văn hóa, Thể thao và Du lịch|Giao thông vận tải|Thông tin và Truyền thông|Khoa học và Công nghệ|Tài chính - Kế hoạch|Văn hóa - Thông tin";

const HEAD: &str = r"Đảng ủy Khối(?: (?:Doanh nghiệp|các cơ quan|Các cơ quan|cơ quan|Cơ quan|Dân chính Đảng)(?: tỉnh| thành phố| Trung ương)?)?|[Tt]ỉnh ủy|[Tt]hành ủy|[Hh]uyện ủy|[Qq]uận ủy|[Tt]hị ủy|[Đđ]ảng ủy|[Đđ]ảng bộ|[Cc]hi bộ|UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân|Ủy ban MTTQ(?: Việt Nam)?|MTTQ(?: Việt Nam)?|Ủy ban Mặt trận Tổ quốc(?: Việt Nam)?|Mặt trận Tổ quốc(?: Việt Nam)?|Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương(?: Đảng)?|Trung ương Đảng|Chính phủ|Quốc hội|Công an|Hội Nông dân|Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|Đoàn Thanh niên(?: Cộng sản Hồ Chí Minh)?|Liên đoàn Lao động|Cục Thuế|Cục Thống kê|Cục Hải quan|Kho bạc Nhà nước|Bảo hiểm xã hội|Ngân hàng Nhà nước|Bộ Chỉ huy Quân sự|Ban Chỉ huy Quân sự";

const LOCALITY: &str = r"xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Thành phố|Tỉnh|TP\.|Tp\.|TP";

static ORG: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?:{PREFIX})(?:\s*\((?:BTV|BCH|UBKT|TT)\))?\s+)*(?:{HEAD}|(?:Sở|Phòng) (?:{DEPARTMENTS}))(?:\s+(?:{LOCALITY}))?|(?:{LOCALITY})"
    ))
});

static FOLLOWED_BY_MANY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^ các (?:{LOCALITY})")));

static TERM: LazyLock<Regex> = LazyLock::new(|| re(r"^,?\s+khóa\s+[IVXL]+"));

/// Heads that name one body even without a place: "Tỉnh ủy", "Bộ Chính trị".
const SELF_NAMING: &[&str] = &[
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành Trung ương Đảng",
    "Trung ương Đảng",
    "Chính phủ",
    "Quốc hội",
    "MTTQ",
    "UBND",
    "HĐND",
    "Đảng ủy Khối",
];

/// Cities whose committees stand at province level.
const CENTRAL_CITIES: &[&str] = &["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"];

/// Capitalised words that open a sentence part rather than continue a name.
const NOT_NAMES: &[&str] =
    &["Về", "Tại", "Trong", "Theo", "Sau", "Đến", "Ngày", "Sáng", "Chiều", "Ông", "Bà", "Dự", "Năm"];

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    let text = &doc.canon;
    // A text names the same bodies again and again; each name is described once.
    let mut described: std::collections::HashMap<&str, serde_json::Value> = std::collections::HashMap::new();
    for m in ORG.find_iter(text) {
        let in_symbol = text[..m.start()].ends_with(['-', '/']);
        if !word_start(text, m.start()) || !word_end(text, m.end()) || in_symbol {
            continue;
        }
        let head = m.as_str();
        let prior = before(text, m.start(), 12);
        if ["các ", "Các ", "những ", "Những ", "cấp ", "Cấp "].iter().any(|p| prior.ends_with(p)) {
            continue;
        }
        let last_word = head.rsplit(' ').next().unwrap_or(head);
        let standalone_locality = is_locality(head);
        // "xã hội", "tỉnh này": a locality word names a place only before a name.
        let named_next =
            text[m.end()..].trim_start_matches(' ').starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if standalone_locality && !named_next {
            continue;
        }
        let ends_with_locality = standalone_locality || (head.len() > last_word.len() && is_locality(last_word));
        let name = place_name(text, m.end(), ends_with_locality);
        let mut end = name.as_ref().map_or(m.end(), |r| r.end);
        let short = head.split_whitespace().count() <= 2;
        let bare = name.is_none() && short && !ends_with_locality;
        let many = short && text[m.end()..].starts_with(" các ") && FOLLOWED_BY_MANY.is_match(&text[m.end()..]);
        if (standalone_locality && name.is_none()) || (bare && !SELF_NAMING.contains(&head)) || many {
            continue;
        }
        // The term follows a name only after a comma or a space, with "khóa".
        let term_next = text[end..].trim_start_matches([',', ' ']).starts_with("khóa");
        if let Some(t) = TERM.find(&text[end..]).filter(|_| term_next) {
            end += t.end();
        }
        let words = &text[m.start()..end];
        let value = described.entry(words).or_insert_with(
            || json!({"name": expand(&vn::text::squash_spaces(words)), "kind": kind(head, standalone_locality), "level": level(words)}),
        );
        out.push(Found::new("organization", m.start()..end, value.clone()));
    }
}

/// The words of `LOCALITY`, as written.
const LOCALITY_WORDS: &[&str] = &[
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "quận",
    "thị xã",
    "thành phố",
    "tỉnh",
    "Xã",
    "Phường",
    "Thị trấn",
    "Huyện",
    "Quận",
    "Thị xã",
    "Thành phố",
    "Tỉnh",
    "TP.",
    "Tp.",
    "TP",
];

/// A word (or two) naming a kind of locality: "xã", "thị trấn", "TP.".
fn is_locality(words: &str) -> bool {
    LOCALITY_WORDS.contains(&words)
}

/// The proper name after an organisation head: "Bến Tre", "Phú Hưng", "4". A run that
/// ends in a personal name gives the name back ("Thành ủy Bến Tre Nguyễn Văn Tuấn").
fn place_name(text: &str, at: usize, after_locality: bool) -> Option<std::ops::Range<usize>> {
    let rest = &text[at..];
    let digits = rest.strip_prefix(' ').map(|r| r.chars().take_while(char::is_ascii_digit).count()).unwrap_or(0);
    let numbered = ["phường", "Phường", "quận", "Quận"].iter().any(|w| text[..at].ends_with(w));
    if after_locality && numbered && (1..=2).contains(&digits) && word_end(text, at + 1 + digits) {
        return Some(at + 1..at + 1 + digits);
    }
    let mut run = capitalised_run(text, at, 7);
    if let Some(stop) = run.iter().position(|r| NOT_NAMES.contains(&&text[r.clone()])) {
        run.truncate(stop);
    }
    let word = |i: usize| &text[run[i].clone()];
    let n = run.len();
    let person_at = [3, 4].iter().filter(|len| n >= **len).map(|len| n - len).find(|&i| is_surname(word(i)));
    let keep = match person_at {
        Some(0) if !after_locality => 0,
        Some(i) if i > 0 => i,
        _ => n.min(4),
    };
    (keep > 0).then(|| run[0].start..run[keep - 1].end)
}

fn expand(words: &str) -> String {
    let mut out = String::with_capacity(words.len() + 32);
    for w in words.split(' ').filter(|w| !matches!(*w, "(BTV)" | "(BCH)" | "(UBKT)" | "(TT)")) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(match w {
            "BTV" => "Ban Thường vụ",
            "BCH" => "Ban Chấp hành",
            "UBKT" => "Ủy ban Kiểm tra",
            "UBND" => "Ủy ban nhân dân",
            "HĐND" => "Hội đồng nhân dân",
            "MTTQ" => "Mặt trận Tổ quốc",
            "TT" => "Thường trực",
            "TP." | "Tp." | "TP" => "thành phố",
            _ => w,
        });
    }
    out
}

fn kind(head: &str, locality: bool) -> &'static str {
    // The prefixes below are compared with single spaces; heads are short, so squashing
    // the whole head costs no more than taking its first words.
    let first = vn::text::squash_spaces(head);
    let lower = first.to_lowercase();
    if locality {
        "locality"
    } else if ["Ban Thường", "BTV", "Thường trực", "TT"].iter().any(|p| first.starts_with(p)) {
        "standing_committee"
    } else if first.starts_with("Ban Chấp") || first.starts_with("BCH") {
        "executive_committee"
    } else if first.starts_with("Ủy ban Kiểm") || first.starts_with("UBKT") {
        "inspection_commission"
    } else if first.starts_with("Ban Bí") {
        "secretariat"
    } else if first.starts_with("Bộ Chính") {
        "politburo"
    } else if first.starts_with("Ban ") || first.starts_with("Văn phòng") || first.starts_with("Đảng đoàn") {
        "party_board"
    } else if lower.contains(" ủy") || lower.starts_with("đảng ủy") || lower.starts_with("trung ương") {
        "party_committee"
    } else if lower.starts_with("đảng bộ") || lower.starts_with("chi bộ") {
        "party_organization"
    } else if lower.starts_with("ubnd") || lower.starts_with("ủy ban nhân dân") {
        "people_committee"
    } else if lower.starts_with("hđnd") || lower.starts_with("hội đồng nhân dân") {
        "people_council"
    } else if lower.contains("mttq")
        || lower.contains("mặt trận")
        || lower.starts_with("hội ")
        || lower.starts_with("đoàn ")
        || lower.starts_with("liên đoàn")
    {
        "front"
    } else {
        "state_agency"
    }
}

/// Words that tell a level, by the word that ends them ("thị xã" ends in "xã"): the
/// longest phrase that ends the latest in the name decides.
const LEVEL_MARKS: &[(&str, &str)] = &[
    ("trung ương", "central"),
    ("bộ chính trị", "central"),
    ("ban bí thư", "central"),
    ("chính phủ", "central"),
    ("quốc hội", "central"),
    ("đảng ủy khối", "province"),
    ("tỉnh ủy", "province"),
    ("tỉnh", "province"),
    ("sở", "province"),
    ("thành ủy", "district"),
    ("huyện ủy", "district"),
    ("quận ủy", "district"),
    ("thị ủy", "district"),
    ("huyện", "district"),
    ("quận", "district"),
    ("thị xã", "district"),
    ("thành phố", "district"),
    ("tp", "district"),
    ("phòng", "district"),
    ("xã", "commune"),
    ("phường", "commune"),
    ("thị trấn", "commune"),
    ("đảng ủy", "commune"),
    ("chi bộ", "grassroots"),
];

/// A level mark as its words, with the level it tells.
type Mark = (Vec<&'static str>, &'static str);

/// `LEVEL_MARKS` by their last word.
static MARKS_BY_LAST: LazyLock<std::collections::HashMap<&'static str, Vec<Mark>>> = LazyLock::new(|| {
    let mut map: std::collections::HashMap<&str, Vec<Mark>> = std::collections::HashMap::new();
    for (mark, level) in LEVEL_MARKS {
        let words: Vec<&str> = mark.split(' ').collect();
        map.entry(words[words.len() - 1]).or_default().push((words, level));
    }
    map
});

/// The level of the last word in the name that tells one: the phrase ending latest,
/// of two ending together the longer.
fn level(words: &str) -> Option<&'static str> {
    let lower = words.to_lowercase();
    let tokens: Vec<&str> = lower.split(|c: char| !crate::words::is_letter(c)).filter(|w| !w.is_empty()).collect();
    let found = (1..=tokens.len()).rev().find_map(|end| {
        MARKS_BY_LAST
            .get(tokens[end - 1])?
            .iter()
            .filter(|(mark, _)| mark.len() <= end && tokens[end - mark.len()..end] == mark[..])
            .max_by_key(|(mark, _)| mark.len())
            .map(|(_, level)| *level)
    });
    if found == Some("district") && CENTRAL_CITIES.iter().any(|c| words.ends_with(c)) {
        return Some("province");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(text: &str) -> Vec<(String, String, String)> {
        let doc = Doc::new(text);
        let mut out = Vec::new();
        find(&doc, &mut out);
        out.iter()
            .map(|f| {
                (
                    doc.words(f.span.clone()).to_string(),
                    f.value["kind"].as_str().unwrap_or("").to_string(),
                    f.value["level"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn committees_places_and_people_apart() {
        let found = orgs("Bí thư Thành ủy Bến Tre Nguyễn Văn Tuấn làm việc với Ban Chấp hành Đảng bộ xã Phú Hưng.");
        assert_eq!(found[0], ("Thành ủy Bến Tre".into(), "party_committee".into(), "district".into()));
        assert_eq!(found[1].0, "Ban Chấp hành Đảng bộ xã Phú Hưng");
        assert_eq!(found[1].2, "commune");
        let found =
            orgs("Ban Thường vụ (BTV) Thành ủy TP. Bến Tre giao Ban Tuyên giáo Thành ủy; phường 4; các cấp ủy.");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["Ban Thường vụ (BTV) Thành ủy TP. Bến Tre", "Ban Tuyên giáo Thành ủy", "phường 4"]);
        assert_eq!(found[0].1, "standing_committee");
    }
}
