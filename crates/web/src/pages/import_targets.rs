//! Importing a resolution's targets from CSV or XLSX: each row is read through the same
//! form rules as the page, all rows are checked before anything is written, and a target
//! with an existing number is updated only when it differs.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use domain::access::Action;
use domain::{Accrual, AssessAt, Direction, DocumentId, Measure, Rollup, Target};

use crate::auth::CurrentUser;
use crate::pages::crumbs;
use crate::pages::manage::{Fields, target_from_form};
use crate::{AppError, AppState};

/// Columns of a targets file: (label, accepted folded headings); the first five are required.
const TARGET_COLUMNS: [(&str, &[&str]); 11] = [
    ("STT", &["stt", "so thu tu", "ma chi tieu"]),
    ("Lĩnh vực", &["linh vuc"]),
    ("Tên chỉ tiêu", &["ten chi tieu", "chi tieu", "noi dung"]),
    ("ĐVT", &["dvt", "don vi tinh"]),
    ("Mục tiêu", &["muc tieu", "muc tieu nhiem ky", "chi tieu nhiem ky"]),
    ("Cách đo", &["cach do"]),
    ("Chiều", &["chieu"]),
    ("Số liệu các kỳ", &["so lieu cac ky", "cong don"]),
    ("Tổng hợp", &["tong hop", "cach tong hop"]),
    ("Đánh giá vào", &["danh gia vao"]),
    ("Từng năm", &["tung nam", "chi tieu tung nam"]),
];

/// The headings of a targets file, as the template writes them.
pub fn headings() -> Vec<&'static str> {
    TARGET_COLUMNS.iter().map(|(label, _)| *label).collect()
}

/// One filled row of the template, to show how each column is written.
pub fn example() -> Vec<String> {
    let mut row: Vec<String> = ["1", "Kinh tế", "Tốc độ tăng trưởng giá trị sản xuất", "%", "từ 8 trở lên"]
        .into_iter()
        .map(str::to_string)
        .collect();
    row.extend((5..10).map(|c| choices(c).1.first().map(|(_, label)| label.to_string()).unwrap_or_default()));
    row.push(String::new());
    row
}

/// The form name of each optional column and its choices (code, label); a cell may hold
/// either, and an empty one takes the first.
fn choices(column: usize) -> (&'static str, Vec<(&'static str, &'static str)>) {
    match column {
        5 => ("measure", Measure::ALL.iter().map(|m| (m.code(), m.label())).collect()),
        6 => ("direction", Direction::ALL.iter().map(|m| (m.code(), m.label())).collect()),
        7 => ("accrual", Accrual::ALL.iter().map(|m| (m.code(), m.label())).collect()),
        8 => (
            "rollup",
            [Rollup::Sum, Rollup::Average, Rollup::CountMeeting].iter().map(|m| (m.code(), m.label())).collect(),
        ),
        _ => ("assess_at", AssessAt::ALL.iter().map(|m| (m.code(), m.label())).collect()),
    }
}

fn import_page(
    state: &AppState,
    user: &CurrentUser,
    doc: DocumentId,
    errors: Vec<crate::pages::import::RowError>,
    notice: String,
) -> Result<Html<String>, AppError> {
    let engine = state.engine();
    let d = engine.document(doc).ok_or(AppError::NotFound("nghị quyết"))?;
    user.require(&engine, Action::ManageTargets, d.org)?;
    let p = crate::pages::import::ImportPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, d.org),
        org_name: d.title.clone(),
        heading: "Nhập chỉ tiêu từ tệp",
        help: "Tệp CSV (UTF-8) hoặc Excel (.xlsx) với dòng tiêu đề có các cột STT, Lĩnh vực, Tên chỉ tiêu, ĐVT, Mục tiêu (ví dụ “từ 90 trở lên”), và nếu cần Cách đo, Chiều, Số liệu các kỳ, Tổng hợp, Đánh giá vào, Từng năm (“2026: từ 20 trở lên; 2027: 22”). Chỉ tiêu trùng số thứ tự được cập nhật.",
        action: format!("/resolutions/{}/import", doc.0),
        template: "/templates/targets.xlsx".into(),
        more: 0,
        errors,
        notice,
    };
    Ok(Html(p.render()?))
}

pub async fn import_targets_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    import_page(&state, &user, DocumentId(id), Vec::new(), String::new())
}

pub async fn import_targets_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Result<Html<String>, AppError> {
    use crate::pages::import::{RowError, columns, uploaded};
    let doc_id = DocumentId(id);
    let doc = usecase::targets::managed_document(&state.ctx, &user, doc_id)?;
    let existing = state.engine().targets_of(doc_id).count();
    let one = |message: String| vec![RowError { line: 0, column: String::new(), message }];
    let Some((name, bytes)) = uploaded(&mut multipart).await? else {
        return import_page(&state, &user, doc_id, one("Chưa chọn tệp.".into()), String::new());
    };
    let rows = match crate::files::table(name.clone(), bytes).await {
        Ok(r) => r,
        Err(e) => return import_page(&state, &user, doc_id, one(format!("Tệp “{name}”: {e}.")), String::new()),
    };
    let at = match rows.first().map(|h| columns(h, &TARGET_COLUMNS, 5)) {
        Some(Ok(at)) => at,
        Some(Err(errors)) => return import_page(&state, &user, doc_id, errors, String::new()),
        None => return import_page(&state, &user, doc_id, one("Tệp không có dòng nào.".into()), String::new()),
    };
    let mut errors = Vec::new();
    let mut targets = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let cell = |c: usize| at[c].and_then(|p| row.get(p)).map(String::as_str).unwrap_or("");
        let mut fields: Fields = [("code", 0), ("field", 1), ("name", 2), ("unit", 3), ("bound", 4), ("yearly", 10)]
            .iter()
            .map(|(k, c)| (k.to_string(), cell(*c).to_string()))
            .collect();
        for (c, (label, _)) in TARGET_COLUMNS.iter().enumerate().take(10).skip(5) {
            let (key, options) = choices(c);
            let raw = vn::fold(cell(c));
            let found = if raw.is_empty() {
                Some(options[0].0)
            } else {
                options.iter().find(|(code, label)| *code == raw || vn::fold(label) == raw).map(|(code, _)| *code)
            };
            match found {
                Some(code) => fields.push((key.to_string(), code.to_string())),
                None => errors.push(RowError {
                    line: i + 1,
                    column: label.to_string(),
                    message: format!(
                        "“{}” không có trong danh sách: {}.",
                        cell(c),
                        options.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", ")
                    ),
                }),
            }
        }
        let position = existing as i32 + targets.len() as i32 + 1;
        match target_from_form(&fields, &doc, position) {
            Ok(t) if t.code.is_empty() => {
                errors.push(RowError {
                    line: i + 1, column: "STT".into(), message: "chưa nhập số thứ tự.".into()
                })
            }
            Ok(t) if targets.iter().any(|x: &Target| x.code == t.code) => errors.push(RowError {
                line: i + 1,
                column: "STT".into(),
                message: format!("số thứ tự {} lặp lại.", t.code),
            }),
            Ok(t) => targets.push(t),
            Err(list) => errors.extend(list.into_iter().map(|m| {
                let (column, message) =
                    m.split_once(": ").map(|(c, m)| (c.to_string(), m.to_string())).unwrap_or((String::new(), m));
                RowError { line: i + 1, column, message }
            })),
        }
    }
    if !errors.is_empty() {
        return import_page(&state, &user, doc_id, errors, String::new());
    }
    let (added, changed) = usecase::targets::import(&state.ctx, &user, doc_id, targets).await?;
    let notice =
        format!("Đã đọc “{name}”: thêm {added} chỉ tiêu, cập nhật {changed} chỉ tiêu, các chỉ tiêu khác giữ nguyên.");
    import_page(&state, &user, doc_id, Vec::new(), notice)
}
