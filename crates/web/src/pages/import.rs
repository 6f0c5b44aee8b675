//! Importing figures from CSV or XLSX: every row is checked first; if any row is wrong
//! nothing is written and the office gets the row, the column and what is wrong. The
//! same file imported again changes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Html;
use domain::access::Action;
use domain::{Decimal, DocumentId, OrgId, Period, TargetId};

use crate::auth::CurrentUser;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

/// One problem with one cell.
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "import.html")]
pub(crate) struct ImportPage {
    pub user_name: String,
    pub crumbs: Vec<Crumb>,
    pub org_name: String,
    pub heading: &'static str,
    pub help: &'static str,
    pub action: String,
    pub errors: Vec<RowError>,
    pub notice: String,
    /// Where a template of the file to fill can be downloaded.
    pub template: String,
}

const FIGURES_HELP: &str = "Tệp CSV (UTF-8) hoặc Excel (.xlsx) với dòng tiêu đề có các cột: Đơn vị (số hoặc tên đơn vị), Chỉ tiêu (số thứ tự trong nghị quyết), Kỳ (ví dụ “quý III/2020”), Giá trị (viết kiểu Việt Nam: 45.799,5; “đạt” hay “chưa đạt” cho chỉ tiêu đạt/không), và nếu cần cột Ghi chú: giá trị âm hoặc gấp hơn 10 lần kế hoạch hay kỳ trước chỉ được nhận khi có ghi chú giải thích.";

fn page(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    errors: Vec<RowError>,
    notice: String,
) -> Result<Html<String>, AppError> {
    let engine = state.engine();
    user.require(&engine, Action::EnterFigures, org)?;
    let name = engine.tree.get(org).map(|n| n.org.name.clone()).unwrap_or_default();
    let p = ImportPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, org),
        org_name: format!("{name} và các đơn vị trực thuộc"),
        heading: "Nhập số liệu từ tệp",
        help: FIGURES_HELP,
        action: format!("/orgs/{}/import", org.0),
        template: format!("/orgs/{}/import/template", org.0),
        errors,
        notice,
    };
    Ok(Html(p.render()?))
}

/// The uploaded file of a multipart form: (name, bytes), if one was chosen.
pub(crate) async fn uploaded(multipart: &mut Multipart) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let broken = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("tệp gửi lên bị lỗi: {e}"));
    let mut file = None;
    while let Some(part) = multipart.next_field().await.map_err(broken)? {
        if part.name() == Some("file") {
            let name = part.file_name().unwrap_or("").to_string();
            file = Some((name, part.bytes().await.map_err(broken)?.to_vec()));
        }
    }
    Ok(file.filter(|(_, b)| !b.is_empty()))
}

/// Finds the columns `wanted` (label, accepted folded headings) in a header row; the
/// first `required` must be there.
pub(crate) fn columns(
    header: &[String],
    wanted: &[(&str, &[&str])],
    required: usize,
) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let folded: Vec<String> = header.iter().map(|h| vn::fold(h)).collect();
    let mut errors = Vec::new();
    let at = wanted
        .iter()
        .enumerate()
        .map(|(i, (label, names))| {
            let p = folded.iter().position(|h| names.contains(&h.as_str()));
            if p.is_none() && i < required {
                errors.push(RowError {
                    row: 1,
                    column: label.to_string(),
                    message: format!("Thiếu cột “{label}” ở dòng tiêu đề."),
                });
            }
            p
        })
        .collect();
    if errors.is_empty() { Ok(at) } else { Err(errors) }
}

pub async fn import_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    page(&state, &user, OrgId(id), Vec::new(), String::new())
}

/// The columns of a figures file, found by their headings; the last is optional.
const COLUMNS: [(&str, &[&str]); 5] = [
    ("Đơn vị", &["don vi", "ma don vi", "to chuc"]),
    ("Chỉ tiêu", &["chi tieu", "stt", "ma chi tieu", "so thu tu"]),
    ("Kỳ", &["ky", "ky bao cao", "ky nhap"]),
    ("Giá trị", &["gia tri", "thuc hien", "so lieu"]),
    ("Ghi chú", &["ghi chu", "ly do", "giai thich"]),
];

type Key = (OrgId, DocumentId, String);

/// The checked figures, by unit, resolution and period, with their comments.
type Groups = BTreeMap<Key, (Vec<(TargetId, Option<Decimal>)>, Vec<(TargetId, String)>)>;

/// The file line each figure came from, by target and period code: where a mistake the
/// use case finds is shown.
type Lines = HashMap<(TargetId, String), usize>;

/// Checks every row against the engine; returns the figures grouped by unit and period.
fn check(
    engine: &engine::Engine,
    user: &CurrentUser,
    root: OrgId,
    rows: &[Vec<String>],
) -> Result<(Groups, Lines), Vec<RowError>> {
    let mut errors = Vec::new();
    let mut lines = Lines::new();
    let Some(header) = rows.first() else {
        return Err(vec![RowError { row: 1, column: String::new(), message: "Tệp không có dòng nào.".into() }]);
    };
    let found = columns(header, &COLUMNS, COLUMNS.len() - 1)?;
    let at: Vec<usize> = found.iter().map(|c| c.unwrap_or(usize::MAX)).collect();
    let may_enter: Vec<&domain::Org> = engine
        .tree
        .nodes
        .iter()
        .map(|n| &n.org)
        .filter(|o| engine.tree.within(o.id, root) && user.may(engine, Action::EnterFigures, o.id))
        .collect();
    let mut groups = Groups::new();
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let line = i + 1;
        let cell = |c: usize| row.get(at[c]).map(String::as_str).unwrap_or("");
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let mut fail =
            |c: usize, message: String| errors.push(RowError { row: line, column: COLUMNS[c].0.to_string(), message });
        let org = {
            let raw = cell(0);
            let by_id = raw.parse::<i64>().ok().and_then(|id| may_enter.iter().find(|o| o.id.0 == id));
            let by_name = || may_enter.iter().find(|o| vn::fold(&o.name) == vn::fold(raw));
            match by_id.or_else(by_name) {
                Some(o) => o.id,
                None => {
                    fail(0, format!("“{raw}” không phải đơn vị bạn được nhập số liệu (ghi số hoặc tên đơn vị)."));
                    continue;
                }
            }
        };
        let period = match Period::parse(cell(2)) {
            Ok(p) => p,
            Err(e) => {
                fail(2, e.to_string());
                continue;
            }
        };
        let Some((doc, form)) = engine.form(org, period) else {
            fail(2, format!("{} không phải là một kỳ nhập số liệu của đơn vị.", period.label()));
            continue;
        };
        let code = cell(1);
        let Some(target) = form.iter().find(|r| r.target.code == code) else {
            fail(1, format!("Nghị quyết của đơn vị không có chỉ tiêu số “{code}”."));
            continue;
        };
        if target.aggregated {
            fail(1, format!("Chỉ tiêu {code} được tổng hợp từ cấp dưới, không nhập trực tiếp."));
            continue;
        }
        let bound = target.target.plan_for(period, doc.term);
        let value = match domain::entry::read_value(bound, cell(3)) {
            Ok(Some(v)) => v,
            Ok(None) => {
                fail(3, "cần một giá trị (để xóa một giá trị, dùng biểu mẫu nhập số liệu).".into());
                continue;
            }
            Err(e) => {
                fail(3, e);
                continue;
            }
        };
        if !seen.insert((org, target.target.id, period)) {
            fail(1, format!("Chỉ tiêu {code} của kỳ này đã có ở một dòng trước."));
            continue;
        }
        let group = groups.entry((org, doc.id, period.code())).or_default();
        group.0.push((target.target.id, Some(value)));
        let note = vn::text::clean(cell(4));
        if !note.is_empty() {
            group.1.push((target.target.id, note));
        }
        lines.insert((target.target.id, period.code()), line);
    }
    if errors.is_empty() { Ok((groups, lines)) } else { Err(errors) }
}

pub async fn import_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    user.require(&state.engine(), Action::EnterFigures, org)?;
    let one = |message: String| vec![RowError { row: 0, column: String::new(), message }];
    let Some((name, bytes)) = uploaded(&mut multipart).await? else {
        return page(&state, &user, org, one("Chưa chọn tệp.".into()), String::new());
    };
    let rows = match crate::files::table(name.clone(), bytes).await {
        Ok(r) => r,
        Err(e) => {
            return page(&state, &user, org, one(format!("Tệp “{name}”: {e}.")), String::new());
        }
    };
    let checked = check(&state.engine(), &user, org, &rows);
    let (groups, lines) = match checked {
        Ok(g) => g,
        Err(errors) => return page(&state, &user, org, errors, String::new()),
    };
    let groups: Vec<store::FigureGroup> = groups
        .into_iter()
        .map(|((org, document, period), (entries, notes))| store::FigureGroup { org, document, period, entries, notes })
        .collect();
    let values: usize = groups.iter().map(|g| g.entries.len()).sum();
    let changes = match usecase::figures::import(&state.ctx, &user, &groups).await {
        Ok(c) => c,
        Err(usecase::Error::Refused(why)) => {
            return page(&state, &user, org, one(why), String::new());
        }
        // Values the use case flags, each shown at the line it came from.
        Err(usecase::Error::Invalid(found)) => {
            let at = |field: &str| {
                let (t, p) = field.split_once('/')?;
                lines.get(&(TargetId(t.parse().ok()?), p.to_string())).copied()
            };
            let mut errors: Vec<RowError> = found
                .into_iter()
                .map(|e| RowError {
                    row: at(&e.field).unwrap_or(0),
                    column: COLUMNS[3].0.to_string(),
                    message: e.message,
                })
                .collect();
            errors.sort_by_key(|e| e.row);
            return page(&state, &user, org, errors, String::new());
        }
        Err(e) => return Err(e.into()),
    };
    let notice = format!(
        "Đã đọc {values} giá trị từ “{name}”: {} giá trị thay đổi, {} giữ nguyên.",
        changes.len(),
        values - changes.len()
    );
    page(&state, &user, org, Vec::new(), notice)
}
