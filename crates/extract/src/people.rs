//! People with titles: "Bí thư Thành ủy Bến Tre Nguyễn Văn Tuấn" (title first) and
//! "đồng chí Nguyễn Anh Chức - Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy" (name first). Who
//! chaired ("chủ trì") is a `chair` fact over the same words, kept apart from who
//! attended, directed or concluded.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::Found;
use crate::doc::Doc;
use crate::words::{after, before, capitalised_run, is_surname, re, word_start};

/// The heads of titles: "Bí thư", "Chủ tịch", "Trưởng ban" …
const TITLE_HEADS: &str = r"Tổng Bí thư|Bí thư|Chủ tịch|Trưởng [Bb]an|Chánh [Vv]ăn phòng|Chánh [Tt]hanh tra|Chủ nhiệm|Giám đốc|Trưởng [Pp]hòng|Thủ tướng|Bộ trưởng|Thứ trưởng|Ủy viên|Trưởng [Đđ]oàn|Chỉ huy trưởng|Trưởng [Cc]ông an|Bí thư [Cc]hi bộ|Chính ủy|Tư lệnh|Chánh án|Viện trưởng|Hiệu trưởng";

/// A title: a head, a deputy's ("Phó Bí thư", often "Phó bí thư"), or committee
/// membership ("Tỉnh ủy viên").
static TITLE: LazyLock<String> = LazyLock::new(|| {
    let lower = &*TITLE_HEADS_LOWER;
    format!(r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s+ủy\s+viên|Phó Ban|Phó\s+(?:{TITLE_HEADS}|{lower})|(?:{TITLE_HEADS})")
});
/// The heads of titles in lowercase ("bí thư"), spelt out: a case-insensitive pattern
/// costs every mention more than the rest of the reader together.
static TITLE_HEADS_LOWER: LazyLock<String> = LazyLock::new(|| TITLE_HEADS.to_lowercase());

static TITLE_FIRST: LazyLock<Regex> = LazyLock::new(|| re(&TITLE));
/// A military or police rank: "Đại tá", "Thiếu tướng", "trung úy".
const RANK: &str = r"(?:[Đđ]ại|[Tt]hượng|[Tt]rung|[Tt]hiếu) (?:tướng|tá|úy|uý)";
/// A rank opening a mention, capitalised: "trung", "đại" alone open too many words to scan for.
const RANK_OPENING: &str = r"(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy|uý)";

/// The words a personal name follows: "đồng chí", "ông", "bà", "Đ/c", a military or police
/// rank, or both ("Đồng chí Đại tá").
static NAME_FIRST: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Đđ]/[Cc])(?:\s+{RANK})?|{RANK_OPENING})\s+")));
/// A word that says someone chaired, misspelt "chủ trị" only before what was chaired.
const CHAIRED: &str = r"chủ (?:trì|tọa|toạ|trị (?:hội nghị|cuộc họp|buổi|phiên))";
static CUE: LazyLock<Regex> = LazyLock::new(|| re(&format!("(?i){CHAIRED}")));
/// What may stand between a chairing word and the first of the people it names: "Chủ trì
/// hội nghị có các đồng chí:", "dưới sự chủ trì của đồng chí", "Dự và chủ trì Hội nghị có".
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\s*(?:hội nghị|cuộc họp|buổi làm việc|phiên họp|kỳ họp|buổi sinh hoạt|hội thảo|buổi tọa đàm|lễ))?\s*(?:(?:có|là|gồm|của)\s*)?(?:các\s*)?(?:(?:đồng chí|ông|bà|đ/c)\s*)?:?\s*(?:(?:đồng chí|ông|bà)\s*)?$",
    )
});
/// What separates the people of one list: "; đồng chí", ", ", " và các đồng chí: ".
static SEP: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^\s*(?:[;,]\s*)?(?:(?:và|cùng)\s*)?(?:các\s*)?(?:(?:đồng chí|ông|bà|đ/c)\s*)?(?:{RANK}\s*)?:?\s*$"
    ))
});
/// A title shared by the names after it, between two parts of one list: "cùng các Phó
/// Chủ tịch UBND tỉnh:".
static SEP_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^\s*(?:[;,]\s*)?(?:cùng|và)\s+(?:các\s+)?(?:{})[^.;:]{{0,60}}:\s*$", *TITLE)));
/// The end of a long title, then the next person: "…, OCOP huyện và đồng chí".
static AND_COMRADE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)^[^.;:!?\n]{{0,160}}\s(?:và|cùng)\s+(?:các\s+)?(?:đồng chí|ông|bà|đ/c)\s*(?:{RANK}\s*)?:?\s*$"))
});
/// Titles of the next person before the one that opens their mention: "; Phó Bí thư
/// Thành ủy, " before "Chủ tịch UBND thành phố Lê Trung Chinh".
static TITLES_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^\s*[;,]\s*(?:(?:và|cùng)\s+)?(?:(?:đồng chí|ông|bà)\s+)?(?:(?:{})[^;.:\n]{{0,80}}?,\s*)+$",
        *TITLE
    ))
});
/// Words of someone who attended, spoke or directed rather than chaired.
static OTHER_ROLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:dự|phát biểu|chỉ đạo|kết luận|báo cáo|trình bày|đề nghị)\b"));
/// A chairing word right after a list of names.
static LEAD_CUE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)^\s*(?:đã\s+|cùng\s+|vừa\s+)?{CHAIRED}")));
/// What may stand between the last person of a list and the chairing word after it:
/// "đã", "cùng", "vừa", or another verb first ("dự, chủ trì", "dự và chủ trì").
static LEAD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*,?\s*(?:(?:đã|cùng|vừa|đồng|(?:tham )?dự\s*(?:,|và))\s*)*$"));
/// A title opening a part of the titles after a name, also in lowercase (", chủ tịch
/// UBND") or abbreviated ("HUV", "PBT", "UV BTV"): after a name they can be nothing else.
static TITLE_START: LazyLock<Regex> = LazyLock::new(|| {
    let lower = &*TITLE_HEADS_LOWER;
    re(&format!(r"^(?:{}|(?:phó\s+)?(?:{lower})|(?:HUV|TUV|ĐUV|PBT|PCT|UVBTV|UV BTV|UVTV|UV|BT|CT)(?-u:\b))", *TITLE))
});
static CHAIR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\s*,?\s*(?:đã\s+|cùng\s+)?chủ trì(?:\s+(?:hội nghị|cuộc họp|buổi làm việc|phiên họp|lễ)|\s*[.,;]|\s*$)")
});
static LED: LazyLock<Regex> = LazyLock::new(|| re(r"^[^.;]{0,10}(?:chủ trì|làm trưởng đoàn|dẫn đầu)"));
static CHAIR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:chủ trì(?:\s+(?:hội nghị|cuộc họp|buổi làm việc))?\s*(?::|là|có|của)|(?:^|[^\w])do)\s+(?:đồng chí\s+|ông\s+|bà\s+)?$",
    )
});

/// First words of titles: "đồng chí Trưởng Ban Tổ chức" names an office, not a person.
const TITLE_OPENERS: &[&str] = &[
    "Bí",
    "Phó",
    "Chủ",
    "Trưởng",
    "Chánh",
    "Ủy",
    "Giám",
    "Tổng",
    "Thủ",
    "Bộ",
    "Thứ",
    "Chỉ",
    "Đại",
    "Trung",
    "Thiếu",
    "Ban",
];

/// Lowercase words that may stand inside a title between its head and the name.
const TITLE_WORDS: &[&str] = &[
    "ủy",
    "viên",
    "ban",
    "thường",
    "vụ",
    "trực",
    "chấp",
    "hành",
    "nhân",
    "dân",
    "tỉnh",
    "thành",
    "phố",
    "huyện",
    "xã",
    "phường",
    "đảng",
    "bộ",
    "kiêm",
    "khóa",
    "quận",
    "thị",
    "trấn",
    "kiểm",
    "tra",
    "tổ",
    "chức",
    "tuyên",
    "giáo",
    "vận",
    "văn",
    "phòng",
    "trung",
    "ương",
    "chính",
    "trị",
    "chi",
    "đoàn",
    "đại",
    "biểu",
    "quốc",
    "hội",
    "đồng",
    "mặt",
    "trận",
    "quốc",
    "thư",
    "nội",
    "kinh",
    "tế",
    "công",
    "an",
    "quân",
    "sự",
    "trưởng",
    "phó",
    "chánh",
    "huy",
    "mưu",
    "lệnh",
    "tư",
    "đạo",
    "dự",
    "khuyết",
    "sát",
    "án",
    "khu",
    "tác",
    "của",
    "số",
];

/// Words after which capitalised words always name a place: "Thành ủy TP Hồ Chí Minh".
const CITY_KINDS: &[&str] = &["tp", "tp.", "thành phố"];
/// Cities whose names have three words.
const LONG_CITIES: &[&str] = &["Hồ Chí Minh", "Thủ Dầu Một", "Buôn Ma Thuột"];

/// Words after which a place may follow ("Chủ tịch UBND huyện Châu Đức", "Huyện ủy Cam
/// Lộ") as may a person ("Bí thư Đảng ủy xã Lê Thị Thu", "Bí thư Huyện ủy Hoàng Văn
/// Minh"): a place opening with a family name has one or two words, a person more.
const PLACE_KINDS: &[&str] = &[
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "thị xã",
    "thị trấn",
    "ấp",
    "thôn",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "quận ủy",
    "thị ủy",
];

/// Whether the `words` capitalised words at `at` name a place, by the words before them.
fn place_at(text: &str, at: usize, words: usize) -> bool {
    // Only the few words before matter: look at them alone, however long the text.
    let from = crate::doc::floor_boundary(text, at.saturating_sub(24));
    let before = text[from..at].trim_end().to_lowercase();
    let ends = |k: &&str| before.ends_with(*k) && before[..before.len() - k.len()].ends_with([' ', '\u{a0}']);
    // A city's name has two words, or three for a few ("Hồ Chí Minh"); three or four after
    // "thành phố" are a person's ("Chủ tịch UBND thành phố Lê Trung Chinh").
    let city = match words {
        3 => LONG_CITIES.iter().any(|c| text[at..].trim_start().starts_with(c)),
        4 => false,
        _ => true,
    };
    (city && CITY_KINDS.iter().any(ends)) || (words <= 2 && PLACE_KINDS.iter().any(ends))
}

/// A mention: its whole span, the name, and the title when one is written.
type Mention = (Range<usize>, Range<usize>, Option<Range<usize>>);

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    let text = &doc.canon;
    let mut people: Vec<Mention> = Vec::new();
    for m in NAME_FIRST.find_iter(&doc.canon) {
        if !word_start(text, m.start()) {
            continue;
        }
        let Some(name) = name_only(text, m.end()) else { continue };
        let title = title_after(text, name.end);
        let end = title.as_ref().map_or(name.end, |t| t.end);
        people.push((name.start..end, name, title));
    }
    for m in TITLE_FIRST.find_iter(&doc.canon) {
        if !word_start(text, m.start()) || people.iter().any(|(span, _, _)| span.contains(&m.start())) {
            continue;
        }
        if let Some(name) = name_after_title(text, m.end()) {
            // More titles may follow the name: "Bí thư Tỉnh ủy A, Trưởng đoàn kiểm tra".
            let end = title_after(text, name.end).map_or(name.end, |t| t.end);
            people.push((m.start()..end, name.clone(), Some(m.start()..name.start - 1)));
        }
    }
    // Names with no word before them, known by a family name and the title after them:
    // "Cù Ngọc Cường, Ủy viên Ban Thường vụ Tỉnh ủy". Only a family name can open one, so
    // only capitalised words that are one are tried; spans found so far are looked up by
    // binary search, whatever the length of the text.
    people.sort_by_key(|(span, _, _)| span.start);
    let known: Vec<Range<usize>> = people.iter().map(|(span, _, _)| span.clone()).collect();
    let inside_known = |at: usize| {
        let i = known.partition_point(|s| s.start <= at);
        known[..i].iter().rev().take(4).any(|s| s.contains(&at))
    };
    let mut covered = 0;
    for (at, _) in text.char_indices().filter(|(at, c)| c.is_uppercase() && word_start(text, *at)) {
        if at < covered || inside_known(at) {
            continue;
        }
        let word_end = text[at..].find(|c: char| !crate::words::is_letter(c)).map_or(text.len(), |e| at + e);
        if !is_surname(&text[at..word_end]) {
            continue;
        }
        let run = capitalised_run(text, at, 5);
        let Some(name) = trailing_person(text, &run).filter(|n| n.start == at) else { continue };
        if let Some(title) = title_after(text, name.end) {
            covered = title.end;
            people.push((name.start..title.end, name, Some(title)));
        }
    }
    // Names listed after a colon with no title of their own, right before a chairing
    // word: "cùng các Phó Chủ tịch UBND tỉnh: A, B chủ trì".
    for colon in text.match_indices(':').map(|(i, _)| i + 1) {
        let mut names = Vec::new();
        let mut at = colon;
        loop {
            let start = at + text[at..].len() - text[at..].trim_start().len();
            let run = capitalised_run(text, start, 5);
            let Some(name) = trailing_person(text, &run).filter(|n| n.start == start) else { break };
            at = name.end;
            names.push(name);
            let rest = &text[at..];
            let sep = rest.strip_prefix(',').or_else(|| rest.trim_start().strip_prefix("và "));
            match sep {
                Some(r) if !CUE.is_match(after(r, 0, 12)) => at = text.len() - r.len(),
                _ => break,
            }
        }
        if !names.is_empty() && LEAD_CUE.is_match(after(text, at, 24)) && !inside_known(colon) {
            people.extend(names.into_iter().map(|n| (n.clone(), n, None)));
        }
    }
    // A title may hold what looked like a title-first mention ("Chủ tịch UBND huyện Châu
    // Đức"): the person it belongs to replaces it.
    people.sort_by_key(|(span, _, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut reach = 0;
    people.retain(|(span, _, _)| {
        let nested = span.end <= reach;
        reach = reach.max(span.end);
        !nested
    });
    let listed = chairs_listed(text, &people);
    for (i, (span, name, title)) in people.into_iter().enumerate() {
        let title = title.map(|t| vn::text::squash_spaces(doc.canon[t].trim_end_matches([' ', ','])));
        let value = json!({"name": vn::text::squash_spaces(&doc.canon[name]), "title": title});
        let led = LED.is_match(after(text, span.end, 60));
        let chaired = CHAIR_AFTER.is_match(after(text, span.end, 40))
            || (CHAIR_BEFORE.is_match(before(text, span.start, 60))
                && (led || !before(text, span.start, 30).contains("do")));
        if (chaired || listed[i]) && !after(text, span.end, 40).contains("phối hợp") {
            out.push(Found::new("chair", span.clone(), value.clone()));
        }
        out.push(Found::new("person", span, value));
    }
}

/// The sentence around `at`: from the line or full stop before it to the one after.
fn sentence(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind(['\n']).map_or(0, |i| i + 1).max(text[..at].rfind(". ").map_or(0, |i| i + 2));
    let end =
        at + text[at..].find('\n').unwrap_or(text.len() - at).min(text[at..].find(". ").unwrap_or(text.len() - at));
    start..end
}

/// Which mentions a chairing word names, as a list after it ("Chủ trì hội nghị có các
/// đồng chí: A, …; B, …") or before it ("Các ông: A, …; B, … chủ trì"), within its
/// sentence: the people said to chair, whatever the shape.
fn chairs_listed(text: &str, people: &[Mention]) -> Vec<bool> {
    let joined = |gap: &str| {
        SEP.is_match(gap)
            || SEP_TITLE.is_match(gap)
            || TITLES_BETWEEN.is_match(gap)
            || (AND_COMRADE.is_match(gap) && !OTHER_ROLE.is_match(gap))
    };
    let mut chaired = vec![false; people.len()];
    for cue in CUE.find_iter(text) {
        let s = sentence(text, cue.start());
        let gap = |a: usize, b: usize| text.get(a..b).unwrap_or("\u{0}");
        let next = people.partition_point(|(span, _, _)| span.start < cue.end());
        let first_after = (next < people.len() && people[next].0.start < s.end).then_some(next);
        if let Some(i) = first_after.filter(|&i| INTRO.is_match(gap(cue.end(), people[i].0.start))) {
            chaired[i] = true;
            let mut j = i;
            while j + 1 < people.len()
                && people[j + 1].0.start < s.end
                && joined(gap(people[j].0.end, people[j + 1].0.start))
            {
                j += 1;
                chaired[j] = true;
            }
            continue;
        }
        let upto = people.partition_point(|(span, _, _)| span.start < cue.start());
        let last_before =
            (0..upto).rev().take(8).find(|&i| people[i].0.end <= cue.start() && people[i].0.start >= s.start);
        if let Some(i) = last_before.filter(|&i| LEAD.is_match(gap(people[i].0.end, cue.start()))) {
            chaired[i] = true;
            let mut j = i;
            while j > 0 && people[j - 1].0.start >= s.start && joined(gap(people[j - 1].0.end, people[j].0.start)) {
                j -= 1;
                chaired[j] = true;
            }
        }
    }
    chaired
}

/// A personal name right at `at` (after "đồng chí").
fn name_only(text: &str, at: usize) -> Option<Range<usize>> {
    let run = capitalised_run(text, at, 5);
    let first = run.first().map(|r| &text[r.clone()]).unwrap_or("");
    if run.len() < 2 || TITLE_OPENERS.contains(&first) {
        return None;
    }
    Some(run[0].start..run[run.len() - 1].end)
}

/// The title after a name: " - Phó Trưởng Ban Tổ chức Tỉnh ủy", ", Bí thư Thành ủy,
/// Chủ tịch HĐND thành phố". Parts joined by commas each open with a title word.
fn title_after(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches([' ', '-', '–', ',', '(']).len();
    if lead == 0 {
        return None;
    }
    let start = at + lead;
    let mut end = title_words(text, start)?;
    // Parts are joined by a comma or a dash: "Ủy viên BTV Tỉnh ủy – Bí thư Huyện ủy".
    while let Some(next) = part_after(&text[end..]) {
        let part = text.len() - next.len();
        match (TITLE_START.is_match(next), title_words(text, part)) {
            (true, Some(e)) => end = e,
            _ => break,
        }
    }
    Some(start..end)
}

/// The next part of a title after a comma or a dash, spaced or not ("HUV- Bí thư").
fn part_after(rest: &str) -> Option<&str> {
    let trimmed = rest.trim_start_matches(' ');
    let next = trimmed.strip_prefix([',', '-', '–', '—'])?;
    let spaced = next.starts_with(' ') || trimmed.len() < rest.len();
    spaced.then(|| next.trim_start_matches(' '))
}

/// One title part at `at`: a title word and the organisation words after it.
fn title_words(text: &str, at: usize) -> Option<usize> {
    let head = TITLE_START.find(&text[at..])?;
    let mut end = at + head.end();
    let mut prev = "";
    loop {
        let rest = &text[end..];
        // Real text doubles its spaces ("Thường  trực"): any run of them joins two words.
        let word = rest.trim_start_matches([' ', '\u{a0}']);
        let gap = rest.len() - word.len();
        if gap == 0 {
            break;
        }
        let len = word.find(|c: char| !(crate::words::is_letter(c) || c == '.')).unwrap_or(word.len());
        let w = word[..len].trim_end_matches('.');
        // "Ủy viên dự khuyết" is a title; "… dự và chủ trì" is attending.
        let attending = w == "dự" && !word[len..].trim_start().starts_with("khuyết");
        // Bodies named in lowercase words: "Ban Chỉ đạo diễn tập", "… xây dựng nông thôn mới".
        let next = word[len..]
            .strip_prefix(' ')
            .map_or("", |r| &r[..r.find(|c: char| !crate::words::is_letter(c)).unwrap_or(r.len())]);
        let ok = !w.is_empty()
            && !attending
            && (w.chars().next().is_some_and(char::is_uppercase)
                || TITLE_WORDS.contains(&w)
                || w.chars().all(|c| c.is_ascii_digit())
                || body_pair(prev, w)
                || body_pair(w, next));
        if !ok
            || (is_surname(w)
                && capitalised_run(text, end, 3).len() >= 2
                && !TITLE_WORDS.contains(&w.to_lowercase().as_str())
                && !place_at(text, end, capitalised_run(text, end, 5).len()))
        {
            break;
        }
        prev = w;
        end += gap + w.len();
    }
    Some(end)
}

/// Two lowercase words that name what a body works on, in the words of its title.
const BODY_PAIRS: &[&str] = &[
    "diễn tập",
    "xây dựng",
    "nông thôn",
    "phát triển",
    "giảm nghèo",
    "bền vững",
    "đô thị",
    "văn minh",
    "phòng chống",
    "tham nhũng",
    "tiêu cực",
    "thi đua",
    "khen thưởng",
    "bầu cử",
    "an ninh",
    "quốc phòng",
    "y tế",
    "giáo dục",
    "đào tạo",
    "lao động",
    "thương binh",
    "xã hội",
    "tài chính",
    "tài nguyên",
    "môi trường",
    "giao thông",
    "vận tải",
    "kế hoạch",
    "đầu tư",
    "chiến binh",
    "phụ nữ",
    "thanh niên",
    "nông dân",
    "chuyển đổi",
    "cải cách",
    "hành chính",
    "chương trình",
    "thôn mới",
];

/// Whether `first` and `second` name a pair of body words, the first capitalised or not
/// ("Chương trình", "nông thôn", "thôn mới").
fn body_pair(first: &str, second: &str) -> bool {
    BODY_PAIRS.iter().any(|pair| {
        pair.split_once(' ')
            .is_some_and(|(a, b)| b == second && a.chars().eq(first.chars().flat_map(char::to_lowercase)))
    })
}

/// The name that closes a title-first mention: organisation words, then a personal name
/// of two to four capitalised words opening with a family name.
fn name_after_title(text: &str, at: usize) -> Option<Range<usize>> {
    let mut pos = at;
    for _ in 0..10 {
        let rest = &text[pos..];
        let word = rest.strip_prefix(' ')?;
        let len = word.find(|c: char| !(crate::words::is_letter(c) || c == '.')).unwrap_or(word.len());
        if len == 0 {
            return None;
        }
        let w = &word[..len];
        let run = capitalised_run(text, pos, 7);
        if let Some(name) = trailing_person(text, &run).filter(|_| !place_at(text, pos, run.len())) {
            return Some(name);
        }
        let fits = w.chars().next().is_some_and(char::is_uppercase) || TITLE_WORDS.contains(&w.trim_end_matches('.'));
        if !fits {
            return None;
        }
        pos += 1 + len;
    }
    None
}

/// A personal name that a capitalised run opens with, or ends in after a place name.
fn trailing_person(text: &str, run: &[Range<usize>]) -> Option<Range<usize>> {
    let n = run.len();
    if (2..=4).contains(&n) && is_surname(&text[run[0].clone()]) {
        return Some(run[0].start..run[n - 1].end);
    }
    None
}
