//! The rows of a figures file read into checked figures: every row checked against the
//! tree, the unit's resolution and the caller's rights with the rules of the figure
//! form, every mistake kept with its line and column, so that an import writes all or
//! nothing. The import page and `tiendo import` both read through here; the command
//! line streams files of tens of millions of rows through it, so what it keeps per row
//! is the value alone.

use std::collections::HashMap;

use domain::access::Action;
use domain::{Decimal, DocumentId, OrgId, Period, TargetId};
use engine::Engine;
use store::FigureGroup;

use crate::Caller;

/// The columns of a figures file, found by their headings (folded); the last is optional.
pub const COLUMNS: [(&str, &[&str]); 5] = [
    ("Đơn vị", &["don vi", "ma don vi", "to chuc"]),
    ("Chỉ tiêu", &["chi tieu", "stt", "ma chi tieu", "so thu tu"]),
    ("Kỳ", &["ky", "ky bao cao", "ky nhap"]),
    ("Giá trị", &["gia tri", "thuc hien", "so lieu"]),
    ("Ghi chú", &["ghi chu", "ly do", "giai thich"]),
];

/// Mistakes kept word for word; beyond them only their number.
const ERRORS_KEPT: usize = 200;

/// One problem with one cell: the file's line (1 is the heading), the column's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

/// A file that cannot be imported: its first mistakes and how many there were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub errors: Vec<RowError>,
    pub total: usize,
}

/// Figures every row of which passed the checks, grouped by unit, resolution and
/// period: what [`crate::figures::import`] writes. Made only by [`FigureRows`].
#[derive(Debug)]
pub struct Checked {
    pub(crate) groups: Vec<FigureGroup>,
    pub(crate) values: usize,
    pub(crate) by: domain::UserId,
}

impl Rejected {
    fn one(line: usize, message: &str) -> Rejected {
        Rejected { errors: vec![RowError { line, column: String::new(), message: message.to_string() }], total: 1 }
    }
}

impl Checked {
    /// How many values the file gave.
    pub fn values(&self) -> usize {
        self.values
    }
}

/// Finds the columns `wanted` (label, accepted folded headings) in a header row; the
/// first `required` must be there.
pub fn columns(
    header: &[impl AsRef<str>],
    wanted: &[(&str, &[&str])],
    required: usize,
) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let folded: Vec<String> = header.iter().map(|h| vn::fold(h.as_ref())).collect();
    let mut errors = Vec::new();
    let at = wanted
        .iter()
        .enumerate()
        .map(|(i, (label, names))| {
            let p = folded.iter().position(|h| names.contains(&h.as_str()));
            if p.is_none() && i < required {
                errors.push(RowError {
                    line: 1,
                    column: label.to_string(),
                    message: format!("Thiếu cột “{label}” ở dòng tiêu đề."),
                });
            }
            p
        })
        .collect();
    if errors.is_empty() { Ok(at) } else { Err(errors) }
}

/// Reads rows one at a time; [`FigureRows::finish`] answers the checked figures or
/// every mistake.
pub struct FigureRows<'e> {
    engine: &'e Engine,
    caller: &'e Caller,
    at: [usize; 5],
    by_id: HashMap<i64, OrgId>,
    /// Units by folded name; `None` where two units share the name.
    by_name: HashMap<String, Option<OrgId>>,
    periods: HashMap<String, Period>,
    /// Each unit and period's resolution, or why the unit takes no figures then: looked
    /// up once, whatever order the rows come in.
    forms: HashMap<(OrgId, Period), Result<&'e domain::Document, String>>,
    groups: Vec<FigureGroup>,
    group_of: HashMap<(OrgId, Period), usize>,
    values: usize,
    errors: Vec<RowError>,
    error_count: usize,
}

impl<'e> FigureRows<'e> {
    /// Starts reading a file whose heading row is `header`, for the units at and below
    /// `root` that the caller enters figures for.
    pub fn new(
        engine: &'e Engine,
        caller: &'e Caller,
        root: OrgId,
        header: &[impl AsRef<str>],
    ) -> Result<FigureRows<'e>, Rejected> {
        let found =
            columns(header, &COLUMNS, COLUMNS.len() - 1).map_err(|errors| Rejected { total: errors.len(), errors })?;
        let mut at = [usize::MAX; 5];
        for (slot, column) in at.iter_mut().zip(found) {
            *slot = column.unwrap_or(usize::MAX);
        }
        let mut by_id = HashMap::new();
        let mut by_name: HashMap<String, Option<OrgId>> = HashMap::new();
        for node in &engine.tree.nodes {
            let org = &node.org;
            if engine.tree.within(org.id, root) && caller.may(engine, Action::EnterFigures, org.id) {
                by_id.insert(org.id.0, org.id);
                by_name.entry(vn::fold(&org.name)).and_modify(|o| *o = None).or_insert(Some(org.id));
            }
        }
        Ok(FigureRows {
            engine,
            caller,
            at,
            by_id,
            by_name,
            periods: HashMap::new(),
            forms: HashMap::new(),
            groups: Vec::new(),
            group_of: HashMap::new(),
            values: 0,
            errors: Vec::new(),
            error_count: 0,
        })
    }

    fn fail(&mut self, line: usize, column: usize, message: String) {
        self.error_count += 1;
        if self.errors.len() < ERRORS_KEPT {
            self.errors.push(RowError { line, column: COLUMNS[column].0.to_string(), message });
        }
    }

    /// Checks one row (`line` is its line in the file); an empty row is skipped.
    pub fn row(&mut self, line: usize, cells: &[impl AsRef<str>]) {
        if cells.iter().all(|c| c.as_ref().is_empty()) {
            return;
        }
        let cell = |c: usize| cells.get(self.at[c]).map(AsRef::as_ref).unwrap_or("");
        let (raw_org, code, raw_period, raw_value, note) = (cell(0), cell(1), cell(2), cell(3), cell(4));
        let org = match raw_org.parse::<i64>().ok().and_then(|id| self.by_id.get(&id)) {
            Some(&org) => org,
            None => match self.by_name.get(&vn::fold(raw_org)) {
                Some(Some(org)) => *org,
                Some(None) => {
                    let message = format!("Có nhiều đơn vị tên “{raw_org}”; hãy ghi số của đơn vị.");
                    return self.fail(line, 0, message);
                }
                None => {
                    let message =
                        format!("“{raw_org}” không phải đơn vị bạn được nhập số liệu (ghi số hoặc tên đơn vị).");
                    return self.fail(line, 0, message);
                }
            },
        };
        let period = match self.periods.get(raw_period) {
            Some(&p) => p,
            None => match Period::parse(raw_period) {
                Ok(p) => {
                    self.periods.insert(raw_period.to_string(), p);
                    p
                }
                Err(e) => return self.fail(line, 2, e.to_string()),
            },
        };
        let engine = self.engine;
        let doc = self.forms.entry((org, period)).or_insert_with(|| match engine.form_document(org, period) {
            None => Err(format!("{} không phải là một kỳ nhập số liệu của đơn vị.", period.label())),
            Some(doc) => crate::figures::still_reporting(engine, org, period).map(|()| doc).map_err(|e| e.to_string()),
        });
        let doc = match doc {
            Ok(doc) => *doc,
            Err(why) => {
                let why = why.clone();
                return self.fail(line, 2, why);
            }
        };
        let Some(target) = engine.targets_of(doc.id).find(|t| t.code == code) else {
            return self.fail(line, 1, format!("Nghị quyết của đơn vị không có chỉ tiêu số “{code}”."));
        };
        if engine.is_aggregated(target.id) {
            return self.fail(line, 1, format!("Chỉ tiêu {code} được tổng hợp từ cấp dưới, không nhập trực tiếp."));
        }
        let value = match domain::entry::read_value(target.plan_for(period, doc.term), raw_value) {
            Ok(Some(v)) => v,
            Ok(None) => {
                let message = "cần một giá trị (để xóa một giá trị, dùng biểu mẫu nhập số liệu).".to_string();
                return self.fail(line, 3, message);
            }
            Err(e) => return self.fail(line, 3, e),
        };
        // The same check as the form: an implausible value needs its comment.
        let note = vn::text::clean(note);
        if note.is_empty()
            && let Some((shown, why)) = crate::figures::flag(engine, doc, target, period, value)
        {
            return self.fail(line, 3, format!("giá trị {shown} {why}; nếu đúng, ghi lý do ở cột “Ghi chú”"));
        }
        self.add(line, (org, doc.id, period), target.id, value, note);
    }

    fn add(
        &mut self,
        line: usize,
        (org, doc, period): (OrgId, DocumentId, Period),
        target: TargetId,
        value: Decimal,
        note: String,
    ) {
        let next = self.groups.len();
        let at = *self.group_of.entry((org, period)).or_insert(next);
        if at == next {
            let period = period.code();
            self.groups.push(FigureGroup { org, document: doc, period, entries: Vec::new(), notes: Vec::new() });
        }
        let group = &mut self.groups[at];
        if group.entries.iter().any(|(t, _)| *t == target) {
            let code = self.engine.target(target).map(|t| t.code.clone()).unwrap_or_default();
            return self.fail(line, 1, format!("Chỉ tiêu {code} của kỳ này đã có ở một dòng trước."));
        }
        group.entries.push((target, Some(value)));
        if !note.is_empty() {
            group.notes.push((target, note));
        }
        self.values += 1;
    }

    /// The checked figures, or every mistake found.
    pub fn finish(self) -> Result<Checked, Rejected> {
        if self.error_count > 0 {
            return Err(Rejected { errors: self.errors, total: self.error_count });
        }
        if self.values == 0 {
            return Err(Rejected::one(2, "Tệp không có dòng số liệu nào dưới dòng tiêu đề."));
        }
        Ok(Checked { groups: self.groups, values: self.values, by: self.caller.user.id })
    }
}

/// Checks a whole table held in memory (a file sent to the import page): its heading,
/// then every row.
pub fn check_table(engine: &Engine, caller: &Caller, root: OrgId, rows: &[Vec<String>]) -> Result<Checked, Rejected> {
    let Some((header, body)) = rows.split_first() else {
        return Err(Rejected::one(0, "Tệp không có dòng nào."));
    };
    let mut reader = FigureRows::new(engine, caller, root, header)?;
    for (i, row) in body.iter().enumerate() {
        reader.row(i + 2, row);
    }
    reader.finish()
}
