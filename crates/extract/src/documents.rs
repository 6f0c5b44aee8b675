//! References to documents: "Kế hoạch số 07-KH/ThU, ngày 7-8-2020", "Quy định số
//! 127-QĐ/TW", "16 - HD/BTCTW", "78/NQ-HĐND", "666/2015/QĐ-UBND".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use vn::DocumentNumber;

use crate::Fact;
use crate::spans::CharMap;

const TYPES: &str = "Nghị quyết|Kế hoạch|Quy định|Quy chế|Chỉ thị|Kết luận|Quyết định|Hướng dẫn|Chương trình|Thông báo|Báo cáo|Công văn|Tờ trình|Đề án";

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    let number = r"\d{1,4}\s*[-–]\s*[A-ZĐ][A-Za-zĐđ]{0,5}\s*/\s*[A-ZĐƯ][A-Za-zĐƯđư&]{0,9}|\d{1,4}/\d{4}/[A-ZĐ][A-Za-zĐđ]{0,4}-[A-ZĐ][A-ZĐa-zđ]{0,9}|\d{1,4}/[A-ZĐ][A-Za-zĐđ]{0,4}-[A-ZĐ][A-ZĐa-zđ]{0,9}";
    let date = r"(?:,?\s+ngày\s+\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4})?";
    Regex::new(&format!(r"(?:({TYPES})\s+)?(?:số\s*:?\s*)?({number}){date}")).expect("valid pattern")
});

pub fn find(text: &str, map: &CharMap) -> Vec<Fact> {
    REFERENCE
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let n = DocumentNumber::parse(c.get(2)?.as_str()).ok()?;
            let date =
                whole.as_str().split("ngày").nth(1).and_then(|d| vn::parse_date(d.trim()).ok()).map(|d| d.to_string());
            Some(Fact {
                kind: "document_ref",
                start: map.chars(whole.start()),
                end: map.chars(whole.end()),
                text: whole.as_str().to_string(),
                value: json!({
                    "type": c.get(1).map(|t| t.as_str()),
                    "number": n.number,
                    "symbol": n.type_abbr,
                    "full": n.canonical(),
                    "date": date,
                    "issuer": n.issuer,
                }),
            })
        })
        .collect()
}
