//! References to documents: "Kế hoạch số 07-KH/ThU, ngày 7-8-2020", "Quy định số
//! 127-QĐ/TW", "16 - HD/BTCTW", "78/NQ-HĐND", "NQ số 02 của Tỉnh ủy", "Chỉ thị số 05
//! của Bộ Chính trị", "Nghị quyết Trung ương 4, khóa XII".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};
use vn::DocumentNumber;

use crate::Found;
use crate::doc::Doc;
use crate::words::{re, word_start};

/// Document types as written in full, and the abbreviations reports use for them.
const TYPES: &[(&str, &str)] = &[
    ("Nghị quyết", "NQ"),
    ("Kế hoạch", "KH"),
    ("Quy định", "QĐi"),
    ("Quy chế", "QC"),
    ("Chỉ thị", "CT"),
    ("Kết luận", "KL"),
    ("Quyết định", "QĐ"),
    ("Hướng dẫn", "HD"),
    ("Chương trình hành động", "CTHĐ"),
    ("Chương trình", "CTr"),
    ("Thông báo", "TB"),
    ("Báo cáo", "BC"),
    ("Công văn", "CV"),
    ("Tờ trình", "TTr"),
    ("Đề án", "ĐA"),
    ("Thông tư", "TT"),
    ("Nghị định", "NĐ"),
    ("Luật", "L"),
];

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    let full: Vec<String> = TYPES.iter().map(|(t, _)| format!("{t}|{}", t.to_lowercase())).collect();
    let types = format!("{}|NQ|KH|CT|KL|QĐ|HD", full.join("|"));
    let symbol = r"\d{1,4}\s*[-–]\s*[A-ZĐ][A-Za-zĐđ]{0,5}\s*/\s*[A-ZĐƯ][A-Za-zĐƯđư&]{0,9}|\d{1,4}/\d{4}/[A-ZĐ][A-Za-zĐđ]{0,4}-[A-ZĐ][A-ZĐa-zđ]{0,9}|\d{1,4}/[A-ZĐ][A-Za-zĐđ]{0,4}-[A-ZĐ][A-ZĐa-zđ]{0,9}";
    let date = r"(?:,?\s+(?:ban hành\s+)?ngày\s*(\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?";
    let issuer = r"(?:,?\s+của\s+((?:Hội nghị(?:\s+lần thứ\s+\w+)?\s+)?[A-ZĐÂƯỦ]\w*(?:\s+(?:Bí thư|Chính trị|Chấp hành|Thường vụ|Trung ương|nhân dân|Đảng|ủy|tỉnh|thành phố|huyện|quận|xã|phường|khóa|[IVXL]+|\d+|[A-ZĐ][\w.]*))*))?";
    let central =
        r"(Nghị quyết|NQ)\s+(?:Hội nghị\s+)?(?:Trung ương|TW|TƯ)\s+(\d{1,2}|[IVX]+)\s*,?\s*(?:khóa|khoá)\s+([IVXL]+)";
    re(&format!(
        r"(?:({types})\s+)?(?:số\s*:?\s*)?({symbol}){date}{issuer}|({types})\s+số\s+(\d{{1,4}}){date}{issuer}|{central}"
    ))
});

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    for c in REFERENCE.captures_iter(&doc.canon) {
        let Some(whole) = c.get(0) else { continue };
        if !word_start(&doc.canon, whole.start()) {
            continue;
        }
        let value = if let Some(symbol) = c.get(2) {
            let Ok(n) = DocumentNumber::parse(symbol.as_str()) else { continue };
            let written = c.get(1).map(|t| type_name(t.as_str()));
            let kind = written.or_else(|| n.type_abbr.as_deref().and_then(type_of_abbr));
            let issuer = c.get(4).map(|m| m.as_str());
            let mut full = n.canonical();
            if symbol.as_str().trim_end().ends_with(['Ư', 'ư']) && local(doc, whole.start(), issuer) {
                full = format!("{}/TU", full.trim_end_matches("/TW"));
            }
            reference(kind, Some(n.number), Some(full), c.get(3), issuer)
        } else if let Some(t) = c.get(5) {
            let number = c.get(6).and_then(|m| m.as_str().parse().ok());
            reference(Some(type_name(t.as_str())), number, None, c.get(7), c.get(8).map(|m| m.as_str()))
        } else {
            let plenum = c.get(10).map(|m| m.as_str()).unwrap_or_default();
            let term = c.get(11).map(|m| m.as_str()).unwrap_or_default();
            let mut v = reference(Some("Nghị quyết"), None, None, None, None);
            v["issuer"] = json!(format!("Ban Chấp hành Trung ương khóa {term}"));
            v["name"] = json!(format!("Nghị quyết Hội nghị Trung ương {plenum} khóa {term}"));
            v
        };
        out.push(Found::new("document_ref", trim_end(&doc.canon, whole.start()..whole.end()), value));
    }
}

/// Whether a reference is a provincial or city committee's own: said so ("… của Tỉnh
/// ủy"), or the number line of a document headed by that committee. There "TƯ" is the
/// committee's "TU" misprinted, not the Central Committee's "TW".
fn local(doc: &Doc, at: usize, issuer: Option<&str>) -> bool {
    let committee = |s: &str| {
        let f = vn::fold(s);
        f.starts_with("tinh uy") || f.starts_with("thanh uy")
    };
    if issuer.is_some_and(committee) {
        return true;
    }
    let head = doc.lines.iter().map(|r| doc.text[r.clone()].trim()).find(|l| !l.is_empty());
    at < 400 && head.is_some_and(committee)
}

fn reference(
    kind: Option<&str>,
    number: Option<u32>,
    full: Option<String>,
    date: Option<regex::Match>,
    issuer: Option<&str>,
) -> Value {
    let date = date.and_then(|d| vn::parse_date(d.as_str()).ok()).map(|d| d.to_string());
    json!({"type": kind, "number": number, "symbol": null, "full": full, "date": date, "issuer": issuer.map(vn::text::squash_spaces)})
}

/// The full type name for a word or abbreviation as written.
fn type_name(written: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(t, abbr)| t.eq_ignore_ascii_case(written) || t.to_lowercase() == written || *abbr == written)
        .map(|(t, _)| *t)
        .or_else(|| type_of_abbr(written))
        .unwrap_or("Văn bản")
}

/// The type named by a symbol's abbreviation ("KH" → "Kế hoạch"). In Party symbols
/// "QĐ" is a regulation when issued by the Central Committee; text decides otherwise.
fn type_of_abbr(abbr: &str) -> Option<&'static str> {
    match abbr {
        "QĐ" => Some("Quyết định"),
        "CTr" => Some("Chương trình"),
        _ => TYPES.iter().find(|(_, a)| *a == abbr).map(|(t, _)| *t),
    }
}

fn trim_end(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[r.clone()];
    r.start..r.start + s.trim_end_matches([' ', ',']).len()
}
