//! A restructuring plan, as an office writes it in a sheet: one row per change (old unit,
//! new unit, kind of change, share, effective date, decision), read into checked steps.
//! Nothing is applied here; a plan with any mistake is refused whole, each mistake named
//! by its row and column.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::ids::OrgId;
use crate::org::{Org, OrgKind};
use crate::units::{EventKind, History, Share, WHOLE};

/// A unit a step refers to: one that exists, or one the plan founds (by its index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Existing(OrgId),
    New(usize),
}

/// A unit the plan founds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUnit {
    /// The sheet's row that founds it.
    pub line: usize,
    pub name: String,
    /// Its code, where the plan gives one.
    pub code: Option<String>,
    pub kind: String,
    pub parent: Option<Unit>,
    pub on: NaiveDate,
    pub decision: String,
}

/// One change, checked. `line` is the sheet's row number (1 is the header), or 0 for a
/// change the plan implies (a merged unit's lower units follow it).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub line: usize,
    pub kind: EventKind,
    pub unit: Unit,
    /// The successor of a merge or split.
    pub into: Option<Unit>,
    pub share: Option<Share>,
    /// The new name of a renamed unit.
    pub name: Option<String>,
    /// The new code of a renamed unit, where the plan gives one.
    pub code: Option<String>,
    /// The new parent of a moved unit.
    pub parent: Option<Unit>,
    pub on: NaiveDate,
    pub decision: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub founded: Vec<NewUnit>,
    pub steps: Vec<Step>,
}

/// Why a unit named in a cell was not found: absent (a successor may then be founded
/// under that name), or anything else (ambiguous, a number that is no unit).
enum Miss {
    Absent(String),
    Other(String),
}

impl Miss {
    fn said(self) -> String {
        match self {
            Miss::Absent(m) | Miss::Other(m) => m,
        }
    }
}

/// A mistake in the plan: its row (1 is the header) and what is wrong, in Vietnamese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError {
    pub line: usize,
    pub message: String,
}

const COLUMNS: [(&str, &str, bool); 9] = [
    ("don vi cu", "Đơn vị cũ", true),
    ("don vi moi", "Đơn vị mới", true),
    ("hinh thuc", "Hình thức", true),
    ("ty le", "Tỷ lệ", false),
    ("ngay", "Ngày hiệu lực", true),
    ("quyet dinh", "Số quyết định", true),
    ("cap tren", "Đơn vị cấp trên", false),
    ("loai", "Loại đơn vị", false),
    ("ma don vi", "Mã đơn vị", false),
];

/// The column of a heading: the code's first, since "Mã đơn vị mới" also reads as "đơn vị mới".
fn column_of(folded: &str) -> Option<usize> {
    if folded.contains("ma don vi") {
        return Some(8);
    }
    COLUMNS.iter().position(|(key, ..)| folded.contains(key))
}

/// The longest cell a plan may hold: names and decision numbers are far shorter.
const MAX_CELL_CHARS: usize = 300;

/// The kinds of change as a sheet may name them.
fn kind_of(cell: &str) -> Option<EventKind> {
    let f = vn::fold(cell);
    let has = |w: &str| f.contains(w);
    Some(if has("sap nhap") || has("hop nhat") {
        EventKind::Merged
    } else if has("chia") || has("tach") {
        EventKind::Split
    } else if has("doi ten") {
        EventKind::Renamed
    } else if has("chuyen") || has("dieu chuyen") {
        EventKind::Moved
    } else if has("giai the") {
        EventKind::Dissolved
    } else if has("thanh lap") {
        EventKind::Founded
    } else {
        return None;
    })
}

/// Reads "60%", "60", "33,33%" or "0,6" as a share.
fn share_of(cell: &str) -> Option<Share> {
    let t = cell.trim().trim_end_matches('%').trim().replace(',', ".");
    let x: f64 = t.parse().ok()?;
    let pct = if x > 0.0 && x <= 1.0 && !cell.contains('%') { x * 100.0 } else { x };
    (pct > 0.0 && pct <= 100.0).then(|| (pct * 100.0).round() as Share)
}

struct Reader<'a> {
    history: &'a History,
    kinds: &'a [OrgKind],
    trees: HashMap<NaiveDate, Vec<Org>>,
    plan: Plan,
    errors: Vec<PlanError>,
    /// Which row ends each unit, by date.
    ends: HashMap<(Unit, NaiveDate), usize>,
    /// Names (folded) of the units the plan ends, by date: a successor of the same name
    /// is a new unit ("phường An Hội" merged with its neighbours into a new "phường An Hội").
    ending_names: std::collections::HashSet<(String, NaiveDate)>,
    /// The plan's effective date: the first row's.
    day: Option<NaiveDate>,
}

/// Reads a plan's rows (the header first) against the units as they are.
pub fn read_plan(rows: &[Vec<String>], history: &History, kinds: &[OrgKind]) -> Result<Plan, Vec<PlanError>> {
    let err = |message: String| Err(vec![PlanError { line: 1, message }]);
    let Some(header) = rows.first() else {
        return err("Tệp không có dòng nào; dòng đầu phải là tiêu đề các cột.".into());
    };
    let mut at = [None; 9];
    for (c, h) in header.iter().enumerate() {
        let f = vn::fold(h);
        if let Some(k) = column_of(&f) {
            at[k].get_or_insert(c);
        }
    }
    let missing: Vec<&str> =
        COLUMNS.iter().zip(at).filter(|((.., req), a)| *req && a.is_none()).map(|((_, l, _), _)| *l).collect();
    if !missing.is_empty() {
        return err(format!("Thiếu cột: {}. Dòng đầu cần có các cột {}.", missing.join(", "), labels()));
    }
    let cells: Vec<(usize, [String; 9])> = rows
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, row)| {
            let cell = |k: usize| at[k].and_then(|c| row.get(c)).map(|s| vn::text::clean(s)).unwrap_or_default();
            (i + 1, std::array::from_fn(cell))
        })
        .filter(|(_, c): &(usize, [String; 9])| c.iter().any(|c| !c.is_empty()))
        .collect();
    let ending_names = cells
        .iter()
        .filter(|(_, c)| matches!(kind_of(&c[2]), Some(EventKind::Merged | EventKind::Split | EventKind::Dissolved)))
        .filter_map(|(_, c)| Some((vn::fold(&c[0]), vn::date::parse_date(&c[4]).ok()?)))
        .collect();
    let mut r = Reader {
        history,
        kinds,
        trees: HashMap::new(),
        plan: Plan::default(),
        errors: Vec::new(),
        ends: HashMap::new(),
        ending_names,
        day: None,
    };
    for (line, c) in &cells {
        r.row(*line, c);
    }
    r.check_shares();
    if r.errors.is_empty() {
        r.carry_lower_units();
    }
    if r.errors.is_empty() { Ok(r.plan) } else { Err(r.errors) }
}

/// The headings of a plan, as the template writes them.
pub fn headings() -> Vec<&'static str> {
    COLUMNS.iter().map(|(_, l, _)| *l).collect()
}

/// Rows showing how each column is written: a merge into a new ward, a split.
pub fn example() -> Vec<[&'static str; 8]> {
    vec![
        [
            "Đảng ủy xã A",
            "Đảng ủy phường C",
            "Sáp nhập",
            "",
            "01/7/2025",
            "Quyết định số …",
            "Tỉnh ủy …",
            "Đảng ủy phường",
        ],
        ["Đảng ủy xã B", "Đảng ủy phường C", "Sáp nhập", "", "01/7/2025", "Quyết định số …", "", ""],
        ["Đảng ủy xã D", "Đảng ủy phường C", "Chia tách", "60%", "01/7/2025", "Quyết định số …", "", ""],
        ["Đảng ủy xã D", "Đảng ủy xã E", "Chia tách", "40%", "01/7/2025", "Quyết định số …", "", ""],
    ]
}

fn labels() -> String {
    headings().join(", ")
}

impl Reader<'_> {
    fn fail(&mut self, line: usize, column: &str, message: impl Into<String>) {
        self.errors.push(PlanError { line, message: format!("cột {column}: {}", message.into()) });
    }

    fn units_on(&mut self, day: NaiveDate) -> &[Org] {
        let h = self.history;
        self.trees.entry(day).or_insert_with(|| h.tree_at(day))
    }

    /// A unit by name, code or "#id" as the old side of a change: one in force on `day`,
    /// else one founded earlier in the plan.
    fn find(&mut self, cell: &str, day: NaiveDate) -> Result<Unit, String> {
        match self.existing(cell, day) {
            Ok(u) => Ok(u),
            Err(Miss::Absent(e)) => self.founded(cell, day).ok_or(e),
            Err(Miss::Other(e)) => Err(e),
        }
    }

    /// A unit as the receiving side (successor, new parent): one founded earlier in the
    /// plan, else one in force on `day` that the plan does not end that day.
    fn find_receiver(&mut self, cell: &str, day: NaiveDate) -> Result<Unit, Miss> {
        if let Some(u) = self.founded(cell, day) {
            return Ok(u);
        }
        if !cell.starts_with('#') && self.ending_names.contains(&(vn::fold(cell), day)) {
            return Err(Miss::Absent(format!("“{cell}” kết thúc cùng ngày theo kế hoạch")));
        }
        self.existing(cell, day)
    }

    /// A unit founded earlier in the plan, by its name or its code.
    fn founded(&self, cell: &str, day: NaiveDate) -> Option<Unit> {
        let key = vn::fold(cell);
        let named =
            |u: &NewUnit| vn::fold(&u.name) == key || u.code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(cell));
        self.plan.founded.iter().position(|u| named(u) && u.on <= day).map(Unit::New)
    }

    fn existing(&mut self, cell: &str, day: NaiveDate) -> Result<Unit, Miss> {
        if let Some(id) = cell.strip_prefix('#').and_then(|n| n.trim().parse::<i64>().ok()) {
            return match self.history.version_at(OrgId(id), day) {
                Some(_) => Ok(Unit::Existing(OrgId(id))),
                None => {
                    Err(Miss::Other(format!("không có đơn vị số hiệu #{id} tại ngày {}", vn::date::format_date(day))))
                }
            };
        }
        let key = vn::fold(cell);
        let by_code: Vec<OrgId> = self
            .units_on(day)
            .iter()
            .filter(|o| o.code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(cell)))
            .map(|o| o.id)
            .collect();
        if let [one] = by_code.as_slice() {
            return Ok(Unit::Existing(*one));
        }
        let found: Vec<OrgId> = self.units_on(day).iter().filter(|o| vn::fold(&o.name) == key).map(|o| o.id).collect();
        match found.as_slice() {
            [one] => Ok(Unit::Existing(*one)),
            [] => Err(Miss::Absent(format!("không có đơn vị “{cell}” tại ngày {}", vn::date::format_date(day)))),
            many => {
                let h = self.history;
                let which: Vec<String> = many
                    .iter()
                    .take(5)
                    .map(|id| {
                        let above = h.version_at(*id, day).and_then(|v| v.parent).and_then(|p| h.version_at(p, day));
                        above.map_or_else(|| format!("#{}", id.0), |p| format!("#{} (thuộc {})", id.0, p.name))
                    })
                    .collect();
                Err(Miss::Other(format!(
                    "có {} đơn vị tên “{cell}”; ghi số hiệu đơn vị thay cho tên: {}",
                    many.len(),
                    which.join(", ")
                )))
            }
        }
    }

    fn kind_code(&self, cell: &str) -> Option<String> {
        let f = vn::fold(cell);
        self.kinds.iter().find(|k| k.code == cell || vn::fold(&k.label) == f).map(|k| k.code.clone())
    }

    fn parent_at(&self, unit: Unit, day: NaiveDate) -> Option<Unit> {
        match unit {
            Unit::Existing(id) => self.history.version_at(id, day)?.parent.map(Unit::Existing),
            Unit::New(n) => self.plan.founded[n].parent,
        }
    }

    fn row(&mut self, line: usize, c: &[String; 9]) {
        if let Some(k) = c.iter().position(|cell| cell.chars().count() > MAX_CELL_CHARS) {
            return self.fail(line, COLUMNS[k].1, format!("dài quá {MAX_CELL_CHARS} ký tự"));
        }
        let [old, new, how, share, day, decision, parent, kind, code] = c;
        let code = Some(code.clone()).filter(|c| !c.is_empty());
        let Some(what) = kind_of(how) else {
            let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.label()).collect();
            return self.fail(
                line,
                "Hình thức",
                format!("“{how}” không phải hình thức sắp xếp; dùng: {}", all.join(", ")),
            );
        };
        let day = match vn::date::parse_date(day) {
            Ok(d) => d,
            Err(_) => {
                return self.fail(line, "Ngày hiệu lực", format!("“{day}” không phải ngày; ghi dạng 01/7/2025"));
            }
        };
        if decision.is_empty() {
            return self.fail(line, "Số quyết định", "cần số, ký hiệu quyết định sắp xếp");
        }
        let unit = if what == EventKind::Founded {
            None
        } else {
            match self.find(old, day) {
                Ok(u) => Some(u),
                Err(m) => return self.fail(line, "Đơn vị cũ", m),
            }
        };
        let parent = if parent.is_empty() {
            None
        } else {
            match self.find_receiver(parent, day) {
                Ok(p) => Some(p),
                Err(m) => return self.fail(line, "Đơn vị cấp trên", m.said()),
            }
        };
        let kind = if kind.is_empty() {
            None
        } else {
            match self.kind_code(kind) {
                Some(k) => Some(k),
                None => return self.fail(line, "Loại đơn vị", format!("“{kind}” không phải loại đơn vị đã có")),
            }
        };
        let first = *self.day.get_or_insert(day);
        if day != first {
            return self.fail(
                line,
                "Ngày hiệu lực",
                format!(
                    "mọi dòng của một kế hoạch cùng một ngày hiệu lực ({}); tách thành nhiều kế hoạch",
                    vn::date::format_date(first)
                ),
            );
        }
        let amends = matches!(what, EventKind::Renamed | EventKind::Moved);
        if let Some(Unit::Existing(id)) = unit
            && let Some(from) = self.history.version_at(id, day).and_then(|v| v.from)
            && (from > day || (from == day && !amends))
        {
            return self.fail(
                line,
                "Ngày hiệu lực",
                format!("phải sau lần thay đổi trước của đơn vị này ({})", vn::date::format_date(from)),
            );
        }
        let mut step = Step {
            line,
            kind: what,
            unit: unit.unwrap_or(Unit::New(self.plan.founded.len())),
            into: None,
            share: None,
            name: None,
            code: None,
            parent: None,
            on: day,
            decision: decision.clone(),
        };
        match what {
            EventKind::Merged | EventKind::Split => {
                let unit = step.unit;
                if new.is_empty() {
                    return self.fail(line, "Đơn vị mới", "cần tên đơn vị nhận sáp nhập hoặc chia tách");
                }
                let into = match self.find_receiver(new, day) {
                    Ok(u) => u,
                    Err(Miss::Other(m)) => return self.fail(line, "Đơn vị mới", m),
                    Err(Miss::Absent(_)) if new.starts_with('#') => {
                        return self.fail(line, "Đơn vị mới", format!("không có đơn vị số hiệu {new} tại ngày này"));
                    }
                    Err(Miss::Absent(_)) => {
                        let Some(kind) = kind.or_else(|| self.kind_at(unit, day)) else {
                            return self.fail(line, "Loại đơn vị", "cần loại của đơn vị mới");
                        };
                        let parent = parent.or_else(|| self.parent_at(unit, day));
                        self.plan.founded.push(NewUnit {
                            line,
                            code: code.clone(),
                            name: new.clone(),
                            kind,
                            parent,
                            on: day,
                            decision: decision.clone(),
                        });
                        Unit::New(self.plan.founded.len() - 1)
                    }
                };
                if into == unit || self.lies_under(into, unit, day) {
                    return self.fail(
                        line,
                        "Đơn vị mới",
                        "đơn vị không thể sáp nhập vào chính nó hay đơn vị trực thuộc của nó",
                    );
                }
                step.into = Some(into);
                if what == EventKind::Split {
                    match share_of(share) {
                        Some(s) => step.share = Some(s),
                        None => return self.fail(line, "Tỷ lệ", format!("“{share}” không phải tỷ lệ; ghi dạng 60%")),
                    }
                }
            }
            EventKind::Renamed => {
                if new.is_empty() {
                    return self.fail(line, "Đơn vị mới", "cần tên mới của đơn vị");
                }
                step.name = Some(new.clone());
                step.code = code;
            }
            EventKind::Moved => {
                if parent.is_none() {
                    return self.fail(line, "Đơn vị cấp trên", "cần đơn vị cấp trên mới");
                }
                step.parent = parent;
            }
            EventKind::Founded => {
                let (Some(kind), Some(parent)) = (kind, parent) else {
                    return self.fail(line, "Loại đơn vị", "đơn vị thành lập mới cần Loại đơn vị và Đơn vị cấp trên");
                };
                if new.is_empty() {
                    return self.fail(line, "Đơn vị mới", "cần tên đơn vị thành lập");
                }
                self.plan.founded.push(NewUnit {
                    line,
                    code: code.clone(),
                    name: new.clone(),
                    kind,
                    parent: Some(parent),
                    on: day,
                    decision: decision.clone(),
                });
            }
            EventKind::Dissolved => {}
        }
        if matches!(what, EventKind::Merged | EventKind::Dissolved)
            || (what == EventKind::Split
                && !self.plan.steps.iter().any(|s| s.kind == EventKind::Split && s.unit == step.unit && s.on == day))
        {
            if let Some(&other) = self.ends.get(&(step.unit, day)) {
                return self.fail(line, "Đơn vị cũ", format!("đơn vị này đã được sắp xếp ở dòng {other} cùng ngày"));
            }
            self.ends.insert((step.unit, day), line);
        }
        self.plan.steps.push(step);
    }

    fn kind_at(&self, unit: Unit, day: NaiveDate) -> Option<String> {
        match unit {
            Unit::Existing(id) => self.history.version_at(id, day).map(|v| v.kind.clone()),
            Unit::New(n) => Some(self.plan.founded[n].kind.clone()),
        }
    }

    /// The shares of each split unit add up to the whole; a successor does not end on the
    /// day it takes a unit over (that would be a cycle or a chain to write as one step).
    fn check_shares(&mut self) {
        let mut splits: BTreeMap<(NaiveDate, usize), (Share, usize)> = BTreeMap::new();
        for s in self.plan.steps.iter().filter(|s| s.kind == EventKind::Split) {
            let key = match s.unit {
                Unit::Existing(id) => (s.on, id.0 as usize),
                Unit::New(n) => (s.on, usize::MAX - n),
            };
            let e = splits.entry(key).or_insert((0, s.line));
            e.0 += s.share.unwrap_or(0);
        }
        for ((day, _), (total, line)) in splits {
            if total != WHOLE {
                let pct = vn::number::format_f64(total as f64 / 100.0, 2);
                self.errors.push(PlanError {
                    line,
                    message: format!(
                        "cột Tỷ lệ: các phần chia tách ngày {} cộng lại {pct}%, phải đúng 100%",
                        vn::date::format_date(day)
                    ),
                });
            }
        }
        let takes: Vec<(usize, Unit, NaiveDate)> =
            self.plan.steps.iter().filter_map(|s| Some((s.line, s.into?, s.on))).collect();
        for (line, into, day) in takes {
            if let Some(&other) = self.ends.get(&(into, day)) {
                self.errors.push(PlanError {
                    line,
                    message: format!(
                        "cột Đơn vị mới: đơn vị nhận cũng kết thúc cùng ngày ở dòng {other}; sáp nhập vòng tròn hoặc nối tiếp không được phép"
                    ),
                });
            }
        }
        self.check_moves();
        self.check_ended();
    }

    /// No change may touch a unit the plan has already ended: a rename after a merge, a
    /// move under a dissolved unit, a merge into a unit split away before.
    fn check_ended(&mut self) {
        let ending: Vec<(Unit, NaiveDate, usize, EventKind)> = self
            .plan
            .steps
            .iter()
            .filter(|s| matches!(s.kind, EventKind::Merged | EventKind::Split | EventKind::Dissolved))
            .map(|s| (s.unit, s.on, s.line, s.kind))
            .collect();
        let mut errors = Vec::new();
        for s in &self.plan.steps {
            let refs = [(Some(s.unit), true), (s.into, false), (s.parent, false)];
            for (r, own) in refs {
                let Some(r) = r else { continue };
                let ended = ending.iter().find(|(u, on, line, kind)| {
                    *u == r
                        && *line != s.line
                        && (*on < s.on
                            || (own && *on == s.on && !(*kind == EventKind::Split && s.kind == EventKind::Split)))
                });
                if let Some((_, on, line, _)) = ended {
                    let column = if own {
                        "Đơn vị cũ"
                    } else if s.into == Some(r) {
                        "Đơn vị mới"
                    } else {
                        "Đơn vị cấp trên"
                    };
                    let when = vn::date::format_date(*on);
                    errors.push(PlanError {
                        line: s.line,
                        message: format!("cột {column}: đơn vị này đã kết thúc từ ngày {when} theo dòng {line}"),
                    });
                }
            }
        }
        for n in &self.plan.founded {
            let Some(parent) = n.parent else { continue };
            if let Some((_, on, line, _)) = ending.iter().find(|(u, on, ..)| *u == parent && *on <= n.on) {
                let when = vn::date::format_date(*on);
                errors.push(PlanError {
                    line: n.line,
                    message: format!(
                        "cột Đơn vị cấp trên: đơn vị mới “{}” sẽ trực thuộc một đơn vị kết thúc ngày {when} theo dòng {line}; ghi đơn vị cấp trên mới",
                        n.name
                    ),
                });
            }
        }
        errors.retain(|e| e.line > 0);
        errors.sort_by_key(|e| e.line);
        errors.dedup();
        self.errors.extend(errors);
    }

    /// A move may not put a unit under itself or one of its own lower units.
    fn check_moves(&mut self) {
        let moves: Vec<(usize, Unit, Unit, NaiveDate)> = self
            .plan
            .steps
            .iter()
            .filter(|s| s.kind == EventKind::Moved)
            .filter_map(|s| Some((s.line, s.unit, s.parent?, s.on)))
            .collect();
        for (line, unit, parent, day) in moves {
            if parent == unit || self.lies_under(parent, unit, day) {
                self.errors.push(PlanError {
                    line,
                    message:
                        "cột Đơn vị cấp trên: không thể chuyển đơn vị về dưới chính nó hoặc đơn vị trực thuộc của nó"
                            .into(),
                });
            }
        }
    }

    /// Whether `unit` lies below `above` on `day`, the plan's moves counted.
    fn lies_under(&self, unit: Unit, above: Unit, day: NaiveDate) -> bool {
        let mut cur = self.moved_parent(unit, day).or_else(|| self.parent_at(unit, day));
        for _ in 0..64 {
            match cur {
                Some(u) if u == above => return true,
                Some(u) => cur = self.moved_parent(u, day).or_else(|| self.parent_at(u, day)),
                None => return false,
            }
        }
        true
    }

    fn moved_parent(&self, unit: Unit, day: NaiveDate) -> Option<Unit> {
        self.plan.steps.iter().find(|s| s.kind == EventKind::Moved && s.unit == unit && s.on == day)?.parent
    }

    /// Lower units of a merged unit that the plan leaves in force follow it to its
    /// successor; those of a split or dissolved unit must be placed by the plan.
    fn carry_lower_units(&mut self) {
        let ending: Vec<(Unit, NaiveDate, EventKind, Option<Unit>, String, usize)> = self
            .plan
            .steps
            .iter()
            .filter(|s| matches!(s.kind, EventKind::Merged | EventKind::Split | EventKind::Dissolved))
            .map(|s| (s.unit, s.on, s.kind, s.into, s.decision.clone(), s.line))
            .collect();
        let mut done = std::collections::HashSet::new();
        for (unit, day, kind, into, decision, line) in ending {
            let Unit::Existing(id) = unit else { continue };
            if !done.insert((id, day)) {
                continue;
            }
            let children: Vec<OrgId> =
                self.units_on(day).iter().filter(|o| o.parent == Some(id)).map(|o| o.id).collect();
            for child in children {
                let c = Unit::Existing(child);
                let placed = self.ends.contains_key(&(c, day)) || self.moved_parent(c, day).is_some();
                if placed {
                    continue;
                }
                match (kind, into) {
                    (EventKind::Merged, Some(into)) => self.plan.steps.push(Step {
                        line: 0,
                        kind: EventKind::Moved,
                        unit: c,
                        into: None,
                        share: None,
                        name: None,
                        code: None,
                        parent: Some(into),
                        on: day,
                        decision: decision.clone(),
                    }),
                    _ => {
                        let name = self.history.version_at(child, day).map(|v| v.name.clone()).unwrap_or_default();
                        self.errors.push(PlanError {
                            line,
                            message: format!(
                                "cột Đơn vị cũ: đơn vị trực thuộc “{name}” (số hiệu #{}) chưa được sắp xếp (sáp nhập, chuyển hoặc giải thể)",
                                child.0
                            ),
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
