//! The period report (báo cáo) of a committee: everything its Word document, print view
//! and page need, gathered once under the access policy; its editable parts kept as
//! drafts with their history; its number taken from the committee's register.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::Action;
use domain::inspections::InspectionCounts;
use domain::report::{Issuer, Layout, title_summary};
use domain::tasks::{TaskCounts, TaskStatus};
use domain::units::Restated;
use domain::{Bands, Bound, DocumentId, OrgId, Period, Status, TargetId};
use store::{Position, ReportDraft, ReportKey, ReportText, TaskRow};

use crate::{Caller, Ctx, Error, Result};

/// One target's row of the report's table, as the dashboard evaluates it.
#[derive(Clone, Debug)]
pub struct TargetLine {
    pub target: TargetId,
    pub field: String,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub plan: Bound,
    pub actual: Option<f64>,
    /// The unit's own estimate of the year ("ước thực hiện cả năm"), where it gave one.
    pub estimate: Option<f64>,
    pub ratio: Option<f64>,
    pub status: Status,
    /// The band it counts in; `None` while in progress.
    pub band: Option<usize>,
    /// The answers the unit gave when asked to explain it.
    pub explanations: Vec<String>,
    /// For a target continuing an earlier term's: the same period a year before, as the
    /// units it took over reported it and restated onto this unit.
    pub earlier: Option<engine::SeriesPoint>,
}

impl TargetLine {
    /// Behind its plan: in the lowest band, or judged missed.
    pub fn is_off_track(&self, bands: &Bands) -> bool {
        let last = bands.len().saturating_sub(1);
        self.status == Status::Missed || (last > 0 && self.band == Some(last))
    }
}

/// Everything a period report says.
#[derive(Clone, Debug)]
pub struct PeriodReport {
    pub org: OrgId,
    pub org_name: String,
    /// The committee above, by name.
    pub superior: Option<String>,
    pub period: Period,
    pub document: DocumentId,
    /// The resolution's first mention: "Nghị quyết số 12-NQ/ĐU, ngày 05/9/2020 của …".
    pub resolution: String,
    pub term_start: i32,
    pub bands: Bands,
    pub issuer: Issuer,
    pub number: Option<u32>,
    /// The summary under "BÁO CÁO".
    pub title: String,
    /// The evaluation sentence, as the dashboard says it.
    pub sentence: String,
    /// The band counts behind it.
    pub summary: domain::UnitSummary,
    pub targets: Vec<TargetLine>,
    pub tasks: TaskCounts,
    /// Tasks due within the period and not done, oldest deadline first.
    pub overdue: Vec<TaskRow>,
    /// Inspection and supervision cases begun within the period, counted.
    pub inspections: String,
    /// Counted work of the subtree in the period, one line per kind.
    pub work: Vec<String>,
    /// Who may sign: titles held in the committee on the report's date.
    pub signers: Vec<Position>,
    /// The editable parts: the latest draft, or prefilled from the data.
    pub text: ReportText,
    /// Every saved version, newest first.
    pub history: Vec<ReportDraft>,
    pub may_write: bool,
    /// The caller may give the unit's estimates of the year.
    pub may_estimate: bool,
    /// Names of the units the report quotes besides its own (earlier units).
    pub names: HashMap<OrgId, String>,
}

impl PeriodReport {
    /// The person who signs, from the register.
    pub fn signer(&self) -> Option<&Position> {
        self.text.signer.and_then(|id| self.signers.iter().find(|p| p.id == id))
    }

    /// The targets behind their plan: the lowest band, or judged missed.
    pub fn off_track(&self) -> impl Iterator<Item = &TargetLine> {
        self.targets.iter().filter(|t| t.is_off_track(&self.bands))
    }

    /// The layout rules in force on the report's date.
    pub fn layout(&self) -> &'static Layout {
        Layout::in_force(self.text.issued_on.unwrap_or_else(|| report_day(self.period, vn::time::today())))
    }

    fn key(&self) -> String {
        self.period.code()
    }
}

/// The report of `org` for `period`, for anyone who may view the unit: its outline, then
/// the tasks, inspections, counted work and explanations the narrative quotes.
pub async fn gather(ctx: &Ctx, caller: &Caller, org: OrgId, period: Period) -> Result<PeriodReport> {
    let mut report = outline(ctx, caller, org, period).await?;
    let tasks = crate::tasks::list(ctx, caller, org, Some(period)).await?;
    report.tasks = TaskCounts::of(tasks.tasks.iter().map(|(_, s)| *s));
    let mut overdue: Vec<TaskRow> =
        tasks.tasks.into_iter().filter(|(_, s)| *s == TaskStatus::Overdue).map(|(t, _)| t).collect();
    overdue.sort_by_key(|t| t.due_on);
    report.overdue = overdue;

    // Counts only, no names: what any report of the unit quotes (decision 0013).
    let cases = ctx.store.list_inspections(org, period.first_day(), period.last_day()).await?;
    report.inspections =
        InspectionCounts::of(cases.iter().map(|c| (c.action, c.mode, c.subject, c.discipline))).sentence();

    let years = (chrono::Datelike::year(&period.first_day()), chrono::Datelike::year(&period.last_day()));
    let entries = crate::work::of_subtree(ctx, caller, org, Some(years)).await?;
    report.work = crate::work::totals(&ctx.engine(), &entries, org, period);

    let code = period.code();
    for line in report.targets.iter_mut() {
        if line.is_off_track(&report.bands) {
            let asked = ctx.store.target_explanations(line.target).await?;
            line.explanations = asked.into_iter().filter(|e| e.period == code).filter_map(|e| e.answer).collect();
        }
    }
    if report.history.is_empty() {
        report.text = prefill(&report, report_day(period, ctx.clock.today()));
    }
    Ok(report)
}

/// What frames a report, without what its narrative quotes: the targets evaluated with
/// the unit's estimates, the issuer, title and number, the saved versions and who may
/// sign. What saving a version and the dashboard's workbook need.
pub async fn outline(ctx: &Ctx, caller: &Caller, org: OrgId, period: Period) -> Result<PeriodReport> {
    let mut report = {
        let engine = ctx.engine();
        caller.require(&engine, Action::View, org)?;
        let d = engine.dashboard(org, period).ok_or(Error::NotFound("tổ chức"))?;
        let doc = d.resolution.ok_or_else(|| {
            Error::field("Kỳ báo cáo", format!("{} chưa có nghị quyết có chỉ tiêu cho {}.", d.org.name, period.label()))
        })?;
        let parent = d.org.parent.and_then(|p| engine.tree.get(p)).map(|n| n.org.name.clone());
        let issuer = Issuer::of(&d.org.name, parent.as_deref());
        let short = doc
            .number
            .as_deref()
            .map(|n| format!("{} {}", doc.doc_type, number_only(n)))
            .unwrap_or_else(|| doc.doc_type.clone());
        let resolution = {
            let name = match &doc.number {
                Some(n) => format!("{} số {}", doc.doc_type, number_only(n)),
                None if doc.title.starts_with(&doc.doc_type) => doc.title.clone(),
                None => format!("{} {}", doc.doc_type, doc.title),
            };
            let on = doc.issued_on.map(|d| format!(", ngày {}", vn::date::format_date(d))).unwrap_or_default();
            format!("{name}{on} của {}", d.org.name)
        };
        PeriodReport {
            org,
            org_name: d.org.name.clone(),
            superior: parent.clone(),
            period,
            document: doc.id,
            resolution,
            term_start: chrono::Datelike::year(&doc.term.first_day()),
            bands: doc.bands.clone(),
            issuer,
            number: None,
            title: title_summary(&short, period),
            sentence: d.summary.sentence(&doc.bands),
            summary: d.summary.clone(),
            targets: d
                .rows
                .iter()
                .map(|r| TargetLine {
                    target: r.target.id,
                    field: r.target.field.clone(),
                    code: r.target.code.clone(),
                    name: r.target.name.clone(),
                    unit: r.target.unit.clone(),
                    plan: r.evaluation.plan,
                    actual: r.evaluation.actual,
                    estimate: None,
                    ratio: r.evaluation.ratio,
                    status: r.evaluation.status,
                    band: r.evaluation.band,
                    explanations: Vec::new(),
                    earlier: period.year_before().and_then(|before| {
                        let day = report_day(period, ctx.clock.today());
                        let root = engine.predecessors_of(r.target.id).iter().find_map(|p| engine.family_root(*p))?;
                        engine.restated_value(root, org, before, day)
                    }),
                })
                .collect(),
            tasks: TaskCounts::default(),
            overdue: Vec::new(),
            inspections: String::new(),
            work: Vec::new(),
            signers: Vec::new(),
            text: ReportText::default(),
            history: Vec::new(),
            may_write: caller.may(&engine, Action::WriteReport, org),
            may_estimate: period.year().is_some() && caller.may(&engine, Action::EnterFigures, org),
            names: engine
                .history
                .predecessors(org)
                .into_iter()
                .filter_map(|o| Some((o, engine.tree.get(o)?.org.name.clone())))
                .collect(),
        }
    };
    let key = report.key();
    let rkey = ReportKey { org, document: report.document, period: &key };
    report.number = ctx.store.report_number(rkey).await?;
    report.history = ctx.store.report_drafts(rkey).await?;

    if let Some(year) = period.year() {
        let ids: Vec<TargetId> = report.targets.iter().map(|t| t.target).collect();
        for (target, value) in ctx.store.estimates(year, &ids).await? {
            if let Some(line) = report.targets.iter_mut().find(|t| t.target == target) {
                line.estimate = Some(value.to_f64());
            }
        }
    }

    let day = report.history.first().and_then(|d| d.text.issued_on).unwrap_or(report_day(period, ctx.clock.today()));
    let all = ctx.store.list_positions().await?;
    report.signers = all.into_iter().filter(|p| p.org == org && p.held_on(day)).collect();
    report.text = report.history.first().map(|d| d.text.clone()).unwrap_or_default();
    Ok(report)
}

/// The day a first draft is dated: today while the period runs or shortly after it
/// (reports are written in its last weeks), else its last day, for a period long past.
pub fn report_day(period: Period, today: NaiveDate) -> NaiveDate {
    let end = period.last_day();
    if today <= end + chrono::Duration::days(45) { today } else { end }
}

/// "12-NQ/ĐU" from "Số 12-NQ/ĐU" or "Số: 12-NQ/ĐU".
fn number_only(n: &str) -> &str {
    let n = n.trim();
    let n = n.strip_prefix("Số").unwrap_or(n);
    n.trim_start_matches([':', ' '])
}

/// The editable parts as the data says them, for a first draft.
pub fn prefill(report: &PeriodReport, today: NaiveDate) -> ReportText {
    let met: Vec<String> = report
        .targets
        .iter()
        .filter(|t| matches!(t.status, Status::Exceeded | Status::Met))
        .map(|t| format!("- {}: {}.", t.name, t.status.label().to_lowercase()))
        .collect();
    let mut highlights = vec![format!("Kết quả thực hiện các chỉ tiêu {}: {}", report.period.label(), report.sentence)];
    highlights.extend(met);
    highlights.extend(report.targets.iter().filter_map(|t| Some(compared(t, t.earlier.as_ref()?, &report.names))));
    if report.tasks.total > 0 {
        highlights.push(format!("Nhiệm vụ: {}.", report.tasks.sentence()));
    }

    let mut shortcomings: Vec<String> = report
        .off_track()
        .map(|t| {
            let ratio = t.ratio.map(|r| format!(" (đạt {}%)", vn::number::format_f64(r, 1))).unwrap_or_default();
            let why = if t.explanations.is_empty() {
                String::new()
            } else {
                format!(" Nguyên nhân: {}", t.explanations.join(" "))
            };
            format!("- Chỉ tiêu {}{ratio} chưa đạt kế hoạch.{why}", t.name)
        })
        .collect();
    shortcomings.extend(report.overdue.iter().map(|t| {
        let due = t.due_on.map(|d| format!(" (hạn {})", vn::date::format_date(d))).unwrap_or_default();
        format!("- Nhiệm vụ quá hạn chưa hoàn thành{due}: {}", t.body)
    }));
    if shortcomings.is_empty() {
        shortcomings.push("- Không có chỉ tiêu chưa đạt và nhiệm vụ quá hạn.".to_string());
    }

    let (_, ahead) = domain::report::period_phrases(report.period);
    let mut directions = vec![format!("Tập trung thực hiện các nhiệm vụ trọng tâm {ahead}:")];
    directions.extend(report.off_track().map(|t| format!("- Có giải pháp đẩy nhanh tiến độ chỉ tiêu {}.", t.name)));
    directions.extend(report.overdue.iter().map(|t| format!("- Hoàn thành dứt điểm nhiệm vụ: {}", t.body)));

    let above = match report.superior.as_deref() {
        Some(p) if ["Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy"].iter().any(|k| p.starts_with(k)) =>
        {
            format!("Ban Thường vụ {p} (để báo cáo)")
        }
        Some(p) => format!("{p} (để báo cáo)"),
        None => "Các cơ quan cấp trên (để báo cáo)".to_string(),
    };
    let recipients = [above, "Các đồng chí cấp ủy viên".to_string(), report.issuer.archive.clone()];
    let signer = report
        .signers
        .iter()
        .find(|p| domain::report::signer_title(&p.title) == "BÍ THƯ")
        .or(report.signers.first())
        .map(|p| p.id);
    ReportText {
        issued_on: Some(today),
        signer,
        highlights: highlights.join("\n"),
        shortcomings: shortcomings.join("\n"),
        directions: directions.join("\n"),
        recipients: recipients.join("\n"),
    }
}

/// "- Thu ngân sách …: 14,6 tỷ đồng; cùng kỳ năm trước, quy đổi từ các đơn vị trước sắp
/// xếp: 10,9 tỷ đồng (Đảng ủy xã Phú Hưng 4,1; …)", or why it cannot be compared.
fn compared(t: &TargetLine, earlier: &engine::SeriesPoint, names: &HashMap<OrgId, String>) -> String {
    let num = |v: f64| vn::number::format_f64(v, 2);
    let now = t.actual.map_or_else(|| "chưa có số liệu".to_string(), |v| format!("{} {}", num(v), t.unit));
    let parts: Vec<String> = earlier
        .reported
        .iter()
        .map(|(o, v)| format!("{} {}", names.get(o).map_or("", String::as_str), v.map_or("—".to_string(), num)))
        .collect();
    let then = match &earlier.restated {
        Restated::Value(v) => format!("{} {}", num(*v), t.unit),
        Restated::NotComparable(why) => format!("không so sánh được ({why})"),
    };
    format!(
        "- {}: {now}; {} quy đổi theo cơ cấu hiện nay: {then} (đã báo cáo: {}).",
        t.name,
        earlier.period.label(),
        parts.join("; ")
    )
}

/// Saves a new version of the report's parts, taking the report's number from the
/// register the first time.
pub async fn save(ctx: &Ctx, caller: &Caller, org: OrgId, period: Period, text: ReportText) -> Result<u32> {
    let report = outline(ctx, caller, org, period).await?;
    if !report.may_write {
        return Err(Error::Forbidden("soạn báo cáo định kỳ của đơn vị này"));
    }
    if let Some(id) = text.signer
        && !report.signers.iter().any(|p| p.id == id)
    {
        return Err(Error::field("Người ký", "chọn một người giữ chức vụ ở đơn vị vào ngày báo cáo."));
    }
    let key = report.key();
    let rkey = ReportKey { org, document: report.document, period: &key };
    let number = ctx.store.take_report_number(&caller.actor(), rkey, report.term_start).await?;
    ctx.store.save_report_draft(&caller.actor(), rkey, &text).await?;
    Ok(number)
}

/// Sets the unit's estimates of the year `period` lies in, one typed value per target of
/// the report ("" withdraws one): every value read first, each mistake named by its
/// target, then all written in one transaction.
pub async fn estimate(
    ctx: &Ctx,
    caller: &Caller,
    org: OrgId,
    period: Period,
    typed: &[(TargetId, String)],
) -> Result<()> {
    let Some(year) = period.year() else {
        return Err(Error::field("Kỳ báo cáo", "ước thực hiện cả năm chỉ nhập cho một kỳ trong năm."));
    };
    let values = {
        let engine = ctx.engine();
        caller.require(&engine, Action::EnterFigures, org)?;
        let doc = engine.resolution_for(org, period).ok_or(Error::NotFound("nghị quyết có chỉ tiêu của đơn vị"))?;
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for (id, text) in typed {
            let t = engine.target(*id).filter(|t| t.document == doc.id).ok_or(Error::NotFound("chỉ tiêu"))?;
            match domain::entry::read_value(t.plan_for(Period::Year { year }, doc.term), text) {
                Ok(v) => values.push((*id, v)),
                Err(e) => errors.push(crate::FieldError::new(format!("Chỉ tiêu {}", t.code), e)),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        values
    };
    ctx.store.set_estimates(&caller.actor(), year, &values).await?;
    Ok(())
}
