//! The period report (báo cáo) at `/orgs/{id}/period-report?period=…`: its editable parts
//! prefilled from the data and kept as drafts with their history, then the same report as
//! a Word document, a print view on A4, and a PDF where LibreOffice is installed.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::report::{roman, signer_title};
use domain::{OrgId, Period};
use paper::docx::{Block, Report};
use paper::{Align, Cell, Column, Table};
use serde::Deserialize;
use store::ReportText;
use usecase::period_report::PeriodReport;

use crate::auth::CurrentUser;
use crate::download::{DOCX, PDF, attachment};
use crate::pages::manage::{Fields, field};
use crate::pages::{Crumb, crumbs};
use crate::{AppError, AppState, fmt};

#[derive(Deserialize)]
pub struct ReportQuery {
    pub period: Option<String>,
    /// An earlier saved version to show in the form.
    pub version: Option<i64>,
}

/// The report's period from the address, or the dashboard's default.
pub(crate) fn period_of(
    state: &AppState,
    user: &CurrentUser,
    org: OrgId,
    raw: Option<&str>,
) -> Result<Period, AppError> {
    let default = {
        let engine = state.engine();
        user.require(&engine, domain::access::Action::View, org)?;
        crate::pages::dashboard::default_period(
            crate::pages::dashboard::term_for(&engine, org),
            state.ctx.clock.today(),
        )
    };
    crate::pages::parse_period(raw, default).map_err(AppError::BadRequest)
}

/// The targets as the report and the dashboard's workbook print them.
pub fn target_table(report: &PeriodReport) -> Table {
    let mut t = Table::new(
        &format!("Chỉ tiêu {}", report.period.label()),
        vec![
            Column::new("TT", 10, Align::Centre),
            Column::new("Chỉ tiêu", 45, Align::Left),
            Column::new("ĐVT", 14, Align::Centre),
            Column::new("Kế hoạch", 18, Align::Right),
            Column::new("Thực hiện", 16, Align::Right),
            Column::new("Ước thực hiện cả năm", 17, Align::Right),
            Column::new("Tỷ lệ", 18, Align::Right),
            Column::new("Đánh giá", 22, Align::Centre),
        ],
    );
    let mut field = String::new();
    for line in &report.targets {
        if line.field != field && !line.field.is_empty() {
            t.group(&line.field);
        }
        field = line.field.clone();
        let actual = match line.plan {
            domain::Bound::YesNo => Cell::text(fmt::number_for(line.plan, line.actual)),
            _ => Cell::number(line.actual, 2),
        };
        let evaluation = domain::Evaluation {
            plan: line.plan,
            actual: line.actual,
            ratio: line.ratio,
            status: line.status,
            band: line.band,
            overridden: None,
        };
        t.push(vec![
            Cell::text(&line.code),
            Cell::text(&line.name),
            Cell::text(&line.unit),
            Cell::text(fmt::plan(line.plan)),
            actual,
            Cell::number(line.estimate, 2),
            Cell::percent(line.ratio),
            Cell::text(fmt::band_badge(&report.bands, &evaluation).0),
        ]);
    }
    t
}

/// Lines of an edited part as paragraphs.
fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Block::Para(l.to_string()))
}

/// The whole report, every text as printed: one composition for Word, print and PDF.
/// Its chart is drawn as a picture when `draw` (the Word file needs it, a page does not).
pub fn compose(report: &PeriodReport, draw: bool) -> Result<Report, AppError> {
    let chart = crate::chart::standalone(&crate::chart::band_chart(&report.bands, &report.summary, report.period));
    let description = format!("Biểu đồ kết quả thực hiện các chỉ tiêu {}: {}", report.period.label(), report.sentence);
    let picture = if draw {
        paper::picture::render(&chart, 1200, &description)
            .map_err(|e| AppError::Case(usecase::Error::Internal(e.to_string())))?
    } else {
        paper::picture::unrendered(&chart, &description)
    };
    let t = &report.text;
    let layout = report.layout();
    let mark = layout.part_mark;
    let (_, ahead) = domain::report::period_phrases(report.period);
    let mut blocks = vec![Block::Part(format!("{}{mark}KẾT QUẢ ĐẠT ĐƯỢC", roman(1)))];
    blocks.push(Block::Section("1. Kết quả nổi bật".into()));
    blocks.extend(paragraphs(&t.highlights));
    blocks.push(Block::Section("2. Kết quả thực hiện các chỉ tiêu".into()));
    blocks.push(Block::Para(format!("Thực hiện {}, {}", report.resolution, lower_first(&report.sentence))));
    blocks.push(Block::Picture(0));
    blocks.push(Block::Table(target_table(report)));
    blocks.push(Block::Section("3. Thực hiện nhiệm vụ".into()));
    blocks.push(Block::Para(if report.tasks.total == 0 {
        "Trong kỳ không có nhiệm vụ đến hạn.".into()
    } else {
        format!("Trong kỳ có {}.", report.tasks.sentence())
    }));
    blocks.push(Block::Section("4. Công tác kiểm tra, giám sát".into()));
    blocks.push(Block::Para(if report.inspections.is_empty() {
        "Trong kỳ chưa ghi nhận cuộc kiểm tra, giám sát nào.".into()
    } else {
        format!("Trong kỳ đã {}.", report.inspections)
    }));
    if !report.work.is_empty() {
        blocks.push(Block::Section("5. Các công tác khác".into()));
        blocks.extend(report.work.iter().map(|w| Block::Para(format!("- {w}."))));
    }
    blocks.push(Block::Part(format!("{}{mark}HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", roman(2))));
    blocks.extend(paragraphs(&t.shortcomings));
    blocks.push(Block::Part(format!("{}{mark}PHƯƠNG HƯỚNG, NHIỆM VỤ {}", roman(3), domain::report::caps(&ahead))));
    blocks.extend(paragraphs(&t.directions));

    let signer = report.signer();
    let day = t.issued_on.unwrap_or_else(vn::time::today);
    Ok(Report {
        layout: *layout,
        superior: report.issuer.superior.clone(),
        body: report.issuer.body.clone(),
        number: report.issuer.number_line(report.number),
        dateline: report.issuer.dateline(day),
        kind: "BÁO CÁO".into(),
        summary: report.title.clone(),
        blocks,
        recipients: t.recipients.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
        on_behalf: report.issuer.on_behalf.to_string(),
        signer_title: signer.map(|p| signer_title(&p.title)).unwrap_or_default(),
        signer_name: signer.map(|p| p.full_name.clone()).unwrap_or_default(),
        pictures: vec![picture],
    })
}

/// "13/31 chỉ tiêu …" stays; "Chưa có …" becomes "chưa có …" inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_uppercase() && !s.starts_with(|ch: char| ch.is_ascii_digit()) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// A target's line in the estimates form.
pub struct EstimateLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub actual: String,
    /// The estimate as saved, or as typed when the form came back with a mistake.
    pub value: String,
}

pub struct Version {
    pub id: i64,
    pub when: String,
    pub by: String,
    pub shown: bool,
}

#[derive(Template)]
#[template(path = "period_report.html")]
struct ReportPage {
    user_name: String,
    crumbs: Vec<Crumb>,
    org: i64,
    org_name: String,
    period_code: String,
    period_label: String,
    doc: Report,
    sentence: String,
    number: String,
    may_write: bool,
    signers: Vec<(i64, String)>,
    form: Fields,
    errors: Vec<String>,
    versions: Vec<Version>,
    off_track: usize,
    pdf: bool,
    may_estimate: bool,
    year: String,
    estimates: Vec<EstimateLine>,
    estimate_errors: Vec<String>,
}

impl ReportPage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

fn text_fields(t: &ReportText) -> Fields {
    vec![
        ("issued_on".into(), t.issued_on.map(vn::format_date).unwrap_or_default()),
        ("signer".into(), t.signer.map(|s| s.to_string()).unwrap_or_default()),
        ("highlights".into(), t.highlights.clone()),
        ("shortcomings".into(), t.shortcomings.clone()),
        ("directions".into(), t.directions.clone()),
        ("recipients".into(), t.recipients.clone()),
    ]
}

/// What the page shows beside the report: the form's parts as typed and the mistakes of
/// either form.
struct Typed {
    form: Fields,
    errors: Vec<String>,
    estimates: Fields,
    estimate_errors: Vec<String>,
}

impl Typed {
    fn of(report: &PeriodReport) -> Typed {
        Typed {
            form: text_fields(&report.text),
            errors: Vec::new(),
            estimates: Vec::new(),
            estimate_errors: Vec::new(),
        }
    }
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    report: &PeriodReport,
    typed: Typed,
    shown: Option<i64>,
) -> Result<Html<String>, AppError> {
    let Typed { form, errors, estimates, estimate_errors } = typed;
    let engine = state.engine();
    let estimate_lines = report
        .targets
        .iter()
        .map(|t| {
            let key = format!("e{}", t.target.0);
            let typed = estimates.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
            EstimateLine {
                id: t.target.0,
                code: t.code.clone(),
                name: t.name.clone(),
                unit: t.unit.clone(),
                actual: fmt::number_for(t.plan, t.actual),
                value: typed.unwrap_or_else(|| fmt::input_for(t.plan, t.estimate)),
            }
        })
        .collect();
    let page = ReportPage {
        user_name: user.user.display_name.clone(),
        crumbs: crumbs(&engine, user, report.org),
        org: report.org.0,
        org_name: report.org_name.clone(),
        period_code: report.period.code(),
        period_label: report.period.label(),
        doc: compose(report, false)?,
        sentence: report.sentence.clone(),
        number: report.number.map(|n| n.to_string()).unwrap_or_default(),
        may_write: report.may_write,
        signers: report.signers.iter().map(|p| (p.id, p.label())).collect(),
        form,
        errors,
        versions: report
            .history
            .iter()
            .map(|d| Version {
                id: d.id,
                when: vn::time::format_ms(d.saved_at),
                by: d.saved_by.clone(),
                shown: shown == Some(d.id),
            })
            .collect(),
        off_track: report.off_track().count(),
        pdf: crate::pdf::available(),
        may_estimate: report.may_estimate,
        year: report.period.year().map(|y| y.to_string()).unwrap_or_default(),
        estimates: estimate_lines,
        estimate_errors,
    };
    Ok(Html(page.render()?))
}

pub async fn report_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, AppError> {
    let org = OrgId(id);
    let period = period_of(&state, &user, org, q.period.as_deref())?;
    let mut report = usecase::period_report::gather(&state.ctx, &user, org, period).await?;
    let shown = q.version.and_then(|v| report.history.iter().find(|d| d.id == v)).map(|d| d.text.clone());
    if let Some(text) = shown {
        report.text = text;
    }
    page(&state, &user, &report, Typed::of(&report), q.version)
}

/// The form's parts, or every mistake at its field.
fn read_text(form: &Fields) -> Result<ReportText, Vec<String>> {
    let mut errors = Vec::new();
    let issued_on = match vn::date::parse_date(field(form, "issued_on")) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(format!("Ngày báo cáo: {e} (ví dụ 25/9/2020)."));
            None
        }
    };
    let signer = match field(form, "signer") {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push("Người ký: chọn một người trong danh sách.".into());
                None
            }
        },
    };
    let part = |name: &str| vn::text::clean_lines(field(form, name));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ReportText {
        issued_on,
        signer,
        highlights: part("highlights"),
        shortcomings: part("shortcomings"),
        directions: part("directions"),
        recipients: part("recipients"),
    })
}

/// Saves a new version of the parts; the first save takes the report's number.
pub async fn report_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let period = period_of(&state, &user, org, q.period.as_deref())?;
    let text = match read_text(&form) {
        Ok(t) => t,
        Err(errors) => {
            let report = usecase::period_report::gather(&state.ctx, &user, org, period).await?;
            return Ok(
                page(&state, &user, &report, Typed { form, errors, ..Typed::of(&report) }, None)?.into_response()
            );
        }
    };
    match usecase::period_report::save(&state.ctx, &user, org, period, text).await {
        Ok(_) => Ok(Redirect::to(&format!("/orgs/{id}/period-report?period={}", period.code())).into_response()),
        Err(usecase::Error::Invalid(errors)) => {
            let report = usecase::period_report::gather(&state.ctx, &user, org, period).await?;
            let said = errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            Ok(page(&state, &user, &report, Typed { form, errors: said, ..Typed::of(&report) }, None)?.into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Saves the unit's estimates of the year, or shows the form again with what was typed
/// and each mistake named by its target.
pub async fn estimates_post(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let org = OrgId(id);
    let period = period_of(&state, &user, org, q.period.as_deref())?;
    let typed: Vec<(domain::TargetId, String)> = form
        .iter()
        .filter_map(|(k, v)| Some((domain::TargetId(k.strip_prefix('e')?.parse().ok()?), v.clone())))
        .collect();
    match usecase::period_report::estimate(&state.ctx, &user, org, period, &typed).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/orgs/{id}/period-report?period={}#estimates", period.code())).into_response())
        }
        Err(usecase::Error::Invalid(errors)) => {
            let report = usecase::period_report::gather(&state.ctx, &user, org, period).await?;
            let said = errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            let typed = Typed { estimates: form, estimate_errors: said, ..Typed::of(&report) };
            Ok(page(&state, &user, &report, typed, None)?.into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The report the address names: the unit and the period.
async fn report_of(state: &AppState, user: &CurrentUser, id: i64, q: &ReportQuery) -> Result<PeriodReport, AppError> {
    let org = OrgId(id);
    let period = period_of(state, user, org, q.period.as_deref())?;
    Ok(usecase::period_report::gather(&state.ctx, user, org, period).await?)
}

/// "Bao-cao-Dang-uy-xa-Phu-Hung-9-thang-nam-2020.docx", in Vietnamese where the browser
/// allows.
fn file_name(report: &PeriodReport, ext: &str) -> String {
    format!("Báo cáo {} {}.{ext}", report.org_name, report.period.label()).replace('/', "-")
}

pub async fn word_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let report = report_of(&state, &user, id, &q).await?;
    let doc = compose(&report, true)?;
    let bytes = paper::docx::write(&doc).map_err(|e| AppError::Case(usecase::Error::Internal(e.to_string())))?;
    Ok(attachment(&file_name(&report, "docx"), DOCX, bytes))
}

#[derive(Template)]
#[template(path = "period_report_print.html")]
struct PrintPage {
    doc: Report,
    margins: [u32; 4],
    recipients: Vec<String>,
}

impl PrintPage {
    /// Picture `n`'s drawing.
    fn picture(&self, n: &&usize) -> &str {
        self.doc.pictures.get(**n).map_or("", |p| p.svg.as_str())
    }

    fn cell_class(&self, t: &Table, i: impl std::borrow::Borrow<usize>) -> &'static str {
        match t.columns.get(*i.borrow()).map(|c| c.align) {
            Some(Align::Right) => "num",
            Some(Align::Centre) => "centre",
            _ => "",
        }
    }
}

/// The report on A4 for the browser's print, without the site around it.
pub async fn print_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, AppError> {
    let report = report_of(&state, &user, id, &q).await?;
    let doc = compose(&report, false)?;
    let recipients = paper::docx::recipient_lines(&doc.recipients);
    Ok(Html(PrintPage { margins: doc.layout.margins_mm, recipients, doc }.render()?))
}

/// The report as PDF, converted by LibreOffice on the server.
pub async fn pdf_get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let report = report_of(&state, &user, id, &q).await?;
    let bytes = paper::docx::write(&compose(&report, true)?)
        .map_err(|e| AppError::Case(usecase::Error::Internal(e.to_string())))?;
    let pdf = crate::pdf::convert(bytes).await?;
    Ok(attachment(&file_name(&report, "pdf"), PDF, pdf))
}
