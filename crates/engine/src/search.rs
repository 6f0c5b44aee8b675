//! One search box over units, documents, targets and people: accent-insensitive and
//! đ-aware ("phu hung" finds "Phú Hưng"), abbreviation-aware ("ke hoach 07" finds
//! "07-KH/ThU"), ranked, and limited to what the caller may see. The demo's few
//! thousand entries are scanned in well under a millisecond, so there is no index yet.

use domain::OrgId;
use vn::{DocumentNumber, fold};

use crate::Engine;

/// What a hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HitKind {
    Org,
    Document,
    Target,
    /// An account.
    Person,
    /// A name in the register of people, with the title held.
    Official,
    Meeting,
    Task,
}

impl HitKind {
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Org => "Đơn vị",
            HitKind::Document => "Văn bản",
            HitKind::Target => "Chỉ tiêu",
            HitKind::Person => "Người dùng",
            HitKind::Official => "Cán bộ",
            HitKind::Meeting => "Cuộc họp",
            HitKind::Task => "Nhiệm vụ",
        }
    }

    fn weight(self) -> i32 {
        match self {
            HitKind::Org => 3,
            HitKind::Document | HitKind::Person | HitKind::Official | HitKind::Meeting => 2,
            HitKind::Target | HitKind::Task => 1,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub kind: HitKind,
    pub id: i64,
    pub org: OrgId,
    pub label: String,
    pub detail: String,
    pub score: i32,
}

/// A searchable entry: its words folded and with abbreviations expanded.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub kind: HitKind,
    pub id: i64,
    pub org: OrgId,
    pub label: String,
    pub detail: String,
    words: Vec<String>,
    text: String,
    /// Matching key of a document number, when the entry is a numbered document.
    number_key: Option<String>,
}

impl Entry {
    pub fn new(kind: HitKind, id: i64, org: OrgId, label: String, detail: String, extra: &str) -> Entry {
        let text = vn::abbrev::expand(&fold(&format!("{label} {extra}")));
        let words = text.split(' ').map(str::to_string).collect();
        Entry { kind, id, org, label, detail, words, text, number_key: None }
    }
}

/// Folded words a query may contain that never narrow it.
const STOP_WORDS: [&str; 5] = ["so", "cua", "va", "ve", "ngay"];

impl Engine {
    /// Entries for units, documents and targets: built with the engine, or after it is
    /// read from a snapshot, which leaves them out.
    pub fn search_entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for n in &self.tree.nodes {
            out.push(Entry::new(HitKind::Org, n.org.id.0, n.org.id, n.org.name.clone(), String::new(), ""));
        }
        for d in self.documents() {
            let number = d.number.as_deref().and_then(|n| DocumentNumber::parse(n).ok());
            let digits = number.as_ref().map(|n| format!("{} {}", n.number_text, n.number)).unwrap_or_default();
            let extra = format!("{} {} {digits}", d.doc_type, d.number.clone().unwrap_or_default());
            let detail = d.number.clone().map(|n| format!("{} {n}", d.doc_type)).unwrap_or_else(|| d.doc_type.clone());
            let mut e = Entry::new(HitKind::Document, d.id.0, d.org, d.title.clone(), detail, &extra);
            e.number_key = number.map(|n| n.key());
            out.push(e);
        }
        for t in &self.targets {
            out.push(Entry::new(HitKind::Target, t.id.0, t.org, t.name.clone(), t.unit.clone(), &t.field));
        }
        out
    }

    /// Ranked hits for `query` among the engine's entries and `extra` ones (people,
    /// meetings, tasks kept in the store), among what `may_see` allows, at most `limit`.
    pub fn search(&self, query: &str, extra: &[Entry], may_see: impl Fn(OrgId) -> bool, limit: usize) -> Vec<Hit> {
        let q = fold(&vn::nfc(query));
        let mut terms: Vec<String> =
            q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
        // Words that join a phrase but name nothing ("kế hoạch số 07", "nghị quyết của …").
        let meaningful: Vec<String> = terms.iter().filter(|t| !STOP_WORDS.contains(&t.as_str())).cloned().collect();
        if !meaningful.is_empty() {
            terms = meaningful;
        }
        if terms.is_empty() {
            return Vec::new();
        }
        let phrase = terms.join(" ");
        let number_key = DocumentNumber::parse(query).ok().map(|n| n.key());
        let mut hits: Vec<Hit> = self
            .search
            .iter()
            .chain(extra)
            .filter_map(|e| {
                let exact_number = number_key.is_some() && e.number_key == number_key;
                let mut score = 0;
                for t in &terms {
                    let best = e
                        .words
                        .iter()
                        .map(|w| {
                            if w == t {
                                3
                            } else if w.starts_with(t.as_str()) {
                                1
                            } else {
                                0
                            }
                        })
                        .max()?;
                    if best == 0 && !exact_number {
                        return None;
                    }
                    score += best;
                }
                if exact_number {
                    score += 50;
                }
                if e.text.contains(&phrase) {
                    score += 5;
                }
                if !may_see(e.org) {
                    return None;
                }
                Some(Hit {
                    kind: e.kind,
                    id: e.id,
                    org: e.org,
                    label: e.label.clone(),
                    detail: e.detail.clone(),
                    score: score * 10 + e.kind.weight() * 3 - (e.words.len() as i32).min(20) / 4,
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score.cmp(&a.score).then_with(|| vn::collate::sort_key(&a.label).cmp(&vn::collate::sort_key(&b.label)))
        });
        hits.truncate(limit);
        hits
    }

    /// Number of entries searched besides people, for reports.
    pub fn search_size(&self) -> usize {
        self.search.len()
    }
}
