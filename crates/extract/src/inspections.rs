//! Inspection and supervision counts: "kiểm tra 22 tổ chức Đảng và 20 đảng viên, giám
//! sát chuyên đề 19 tổ chức Đảng và 7 đảng viên", "kiểm tra khi có dấu hiệu vi phạm đối
//! với 3 đảng viên".

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::Found;
use crate::doc::Doc;
use crate::words::{NUM, number, re, word_start};

const SUBJECT: &str =
    r"tổ chức cơ sở đảng|tổ chức đảng|tổ chức|TCĐ|TCCSĐ|chi bộ|đảng bộ|cấp ủy|đảng viên|cán bộ, đảng viên";

static INSPECTION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(kiểm tra,\s*giám sát|kiểm tra|giám sát)(?:\s+(chuyên đề|thường xuyên|khi có dấu hiệu vi phạm|việc thực hiện nhiệm vụ kiểm tra[^\d.;]{{0,40}}?))?\s+(?:đối với\s+|được\s+|tại\s+)?({NUM})\s+({SUBJECT})(?:\s*(?:và|,)\s*({NUM})\s+({SUBJECT}))?",
    ))
});

pub fn find(doc: &Doc, out: &mut Vec<Found>) {
    for c in INSPECTION.captures_iter(&doc.canon) {
        let (Some(whole), Some(action)) = (c.get(0), c.get(1)) else { continue };
        if !word_start(&doc.canon, whole.start()) {
            continue;
        }
        let (mut organizations, mut members) = (None, None);
        for (n, subject) in [(3, 4), (5, 6)] {
            let count = c.get(n).and_then(|m| number(m.as_str())).map(|n| n as u64);
            match c.get(subject).map(|m| m.as_str().to_lowercase()) {
                Some(s) if s == "đảng viên" || s.ends_with("đảng viên") => members = count,
                Some(_) => organizations = count,
                None => {}
            }
        }
        let action = vn::text::squash_spaces(&action.as_str().to_lowercase());
        let mode = c.get(2).map(|m| m.as_str().trim().to_lowercase()).filter(|m| !m.starts_with("việc"));
        let value = json!({"action": action, "mode": mode, "organizations": organizations, "members": members});
        out.push(Found::new("inspection", whole.range(), value));
    }
}
