//! Importing figures from CSV or XLSX: every row is checked first; if any row is wrong
//! nothing is written and the office gets the row, the column and what is wrong. The
//! same file imported again changes nothing.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Html;
use domain::OrgId;
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState};

pub use usecase::figure_rows::{RowError, columns};

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
    /// Mistakes beyond the ones listed, only counted.
    pub more: usize,
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
    render(state, user, org, usecase::figure_rows::Rejected { total: errors.len(), errors }, notice)
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    rejected: usecase::figure_rows::Rejected,
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
        more: rejected.total - rejected.errors.len(),
        errors: rejected.errors,
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

pub async fn import_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    page(&state, &user, OrgId(id), Vec::new(), String::new())
}

pub async fn import_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    user.require(&state.engine(), Action::EnterFigures, org)?;
    let one = |message: String| vec![RowError { line: 0, column: String::new(), message }];
    let Some((name, bytes)) = uploaded(&mut multipart).await? else {
        return page(&state, &user, org, one("Chưa chọn tệp.".into()), String::new());
    };
    let rows = match crate::files::table(name.clone(), bytes).await {
        Ok(r) => r,
        Err(e) => {
            return page(&state, &user, org, one(format!("Tệp “{name}”: {e}.")), String::new());
        }
    };
    let checked = usecase::figure_rows::check_table(&state.engine(), &user, org, &rows);
    let checked = match checked {
        Ok(c) => c,
        Err(r) => return render(&state, &user, org, r, String::new()),
    };
    let done = match usecase::figures::import(&state.ctx, &user, checked, &|_| {}).await {
        Ok(done) => done,
        Err(usecase::Error::Refused(why)) => return page(&state, &user, org, one(why), String::new()),
        Err(e) => return Err(e.into()),
    };
    let notice = format!(
        "Đã đọc {} giá trị từ “{name}”: {} giá trị thay đổi, {} giữ nguyên.",
        done.values,
        done.changed,
        done.values - done.changed
    );
    page(&state, &user, org, Vec::new(), notice)
}
