//! The labelled set and its scores: precision, recall and F1 per kind of fact.
//!
//! A label file (`NAME.labels`) lists one fact per line, tab-separated: kind, the words
//! as they stand in the text, and the value fields to check as `key=value` joined by
//! `|`. Its text is `NAME.txt` beside it, or the file named by a first line
//! `@source PATH` (relative to the label file). A found fact matches a label of the same
//! kind when its span overlaps an occurrence of the label's words and every listed field
//! agrees; each fact and each label is matched at most once.
//!
//! Texts that are not the project's own stay outside it: their labels name the source
//! with `@source` and give each span as character offsets (`@120-148`) instead of the
//! words, so no part of the text is copied. A line `@kinds a,b` limits the file to the
//! kinds it labels: facts of other kinds found in it are neither counted nor missed.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{Fact, extract};

pub struct Labelled {
    pub name: String,
    pub text: String,
    pub labels: Vec<Label>,
    /// The kinds the file labels, when not all.
    pub kinds: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct Label {
    pub kind: String,
    pub words: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub matched: usize,
    pub found: usize,
    pub labelled: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.found)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.labelled)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Every labelled text in `dir`, in file-name order.
pub fn load(dir: &Path) -> Result<Vec<Labelled>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("không đọc được thư mục {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "labels"))
        .collect();
    files.sort();
    files.iter().map(|f| load_one(f)).collect()
}

fn load_one(path: &Path) -> Result<Labelled, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("không đọc được {}: {e}", p.display()));
    let content = read(path)?;
    let mut source = path.with_extension("txt");
    let mut labels = Vec::new();
    let mut kinds = None;
    for (n, line) in content.lines().enumerate() {
        if let Some(p) = line.strip_prefix("@source ") {
            source = path.parent().unwrap_or(Path::new(".")).join(p.trim());
            continue;
        }
        if let Some(k) = line.strip_prefix("@kinds ") {
            kinds = Some(k.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect());
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(kind), Some(words)) = (parts.next(), parts.next()) else {
            return Err(format!("{}, dòng {}: cần “loại<TAB>lời văn<TAB>trường=giá trị”", path.display(), n + 1));
        };
        let fields = parts
            .next()
            .unwrap_or("")
            .split('|')
            .filter(|f| !f.trim().is_empty())
            .filter_map(|f| f.split_once('=').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
            .collect();
        labels.push(Label { kind: kind.trim().to_string(), words: vn::nfc(words.trim()), fields });
    }
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Labelled { name, text: read(&source)?, labels, kinds })
}

/// Counts per kind over the set, and a line for every miss and every false find.
pub fn score(set: &[Labelled]) -> (BTreeMap<String, Counts>, Vec<String>) {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut notes = Vec::new();
    for item in set {
        let (nfc, facts) = extract(&item.text);
        let chars: Vec<char> = nfc.chars().collect();
        let mut used = vec![false; facts.len()];
        for label in &item.labels {
            counts.entry(label.kind.clone()).or_default().labelled += 1;
            let spans = match offsets(&label.words) {
                Some(span) => vec![span],
                None => occurrences(&chars, &label.words),
            };
            if spans.is_empty() {
                notes.push(format!("{}: nhãn không có trong văn bản: {}", item.name, label.words));
            }
            let hit = facts.iter().enumerate().position(|(i, f)| {
                !used[i]
                    && f.kind == label.kind
                    && spans.iter().any(|(s, e)| f.start < *e && *s < f.end)
                    && agrees(f, label)
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    counts.entry(label.kind.clone()).or_default().matched += 1;
                }
                None => notes.push(format!("{}: thiếu {} “{}” {:?}", item.name, label.kind, label.words, label.fields)),
            }
        }
        for (i, f) in facts.iter().enumerate() {
            if item.kinds.as_ref().is_some_and(|k| !k.iter().any(|k| k == f.kind)) {
                continue;
            }
            counts.entry(f.kind.to_string()).or_default().found += 1;
            if !used[i] {
                notes.push(format!("{}: thừa {} “{}” {}", item.name, f.kind, f.text, f.value));
            }
        }
    }
    (counts, notes)
}

/// A span given as character offsets, `@start-end`.
fn offsets(words: &str) -> Option<(usize, usize)> {
    let (start, end) = words.strip_prefix('@')?.split_once('-')?;
    Some((start.trim().parse().ok()?, end.trim().parse().ok()?))
}

fn occurrences(chars: &[char], words: &str) -> Vec<(usize, usize)> {
    let w: Vec<char> = words.chars().collect();
    if w.is_empty() || w.len() > chars.len() {
        return Vec::new();
    }
    (0..=chars.len() - w.len()).filter(|&i| chars[i..i + w.len()] == w[..]).map(|i| (i, i + w.len())).collect()
}

fn agrees(f: &Fact, label: &Label) -> bool {
    label.fields.iter().all(|(key, want)| {
        let got = &f.value[key.as_str()];
        match got {
            Value::Null => want == "null",
            Value::Number(n) => want.parse::<f64>().is_ok_and(|w| (n.as_f64().unwrap_or(f64::NAN) - w).abs() < 1e-6),
            Value::String(s) => vn::fold(s) == vn::fold(want),
            other => other.to_string().as_str() == want,
        }
    })
}

/// The table printed by `tiendo extract --score`.
pub fn table(counts: &BTreeMap<String, Counts>) -> String {
    let mut out = String::from(
        "| kind | labelled | found | matched | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut all = Counts::default();
    for (kind, c) in counts {
        let _ = writeln!(
            out,
            "| {kind} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            c.labelled,
            c.found,
            c.matched,
            c.precision(),
            c.recall(),
            c.f1()
        );
        all.labelled += c.labelled;
        all.found += c.found;
        all.matched += c.matched;
    }
    let _ = writeln!(
        out,
        "| all | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
        all.labelled,
        all.found,
        all.matched,
        all.precision(),
        all.recall(),
        all.f1()
    );
    out
}
