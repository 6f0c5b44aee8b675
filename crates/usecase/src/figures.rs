//! Entering a unit's figures for one grain period of its resolution: the figure form
//! and `POST /api/v1/orgs/{id}/figures` both come here.

use domain::access::Action;
use domain::entry::Around;
use domain::target::Bound;
use domain::{Decimal, DocumentId, OrgId, Period, TargetId};
use store::{FigureChange, FigureWrite};

use crate::{Caller, Ctx, Error, FieldError, Result};

/// A value as the caller gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Left empty or null: the value is cleared.
    Clear,
    /// An exact number (from JSON, read without passing through floating point).
    Exact(Decimal),
    /// Written the Vietnamese way ("45.799,5"), to be read here.
    Written(String),
}

impl Input {
    /// Reads the input for a target with `bound` ("đạt" for a yes/no target), or says
    /// what is expected.
    pub fn read(&self, bound: Bound) -> std::result::Result<Option<Decimal>, String> {
        match self {
            Input::Clear => Ok(None),
            Input::Exact(d) => Ok(Some(*d)),
            Input::Written(s) => domain::entry::read_value(bound, s),
        }
    }
}

/// One value of the command, with what the form showed for it when the caller saw it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub target: TargetId,
    pub value: Input,
    /// What the caller's form showed; `None` when the caller did not say (the API
    /// without `previous`), in which case the value is written whatever the store holds.
    pub shown: Option<Input>,
    /// The caller's comment on the value; needed to confirm an implausible one.
    pub note: Option<String>,
}

/// Enter these values for `org` in `period`.
#[derive(Clone, Debug)]
pub struct EnterFigures {
    pub org: OrgId,
    pub period: Period,
    pub entries: Vec<Entry>,
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Entered {
    pub changed: Vec<FigureChange>,
}

/// The grain period a form opens with: the one containing today within the term, else
/// the term's last.
pub(crate) fn default_grain(doc: &domain::Document, today: chrono::NaiveDate) -> Period {
    let parts = doc.term.split(doc.grain);
    parts
        .iter()
        .copied()
        .find(|p| p.first_day() <= today && today <= p.last_day())
        .or(parts.last().copied())
        .unwrap_or(doc.term)
}

/// The resolution and grain period `caller` enters `org`'s figures for (the current
/// one when `period` is not given), after the access check.
pub fn locate(ctx: &Ctx, caller: &Caller, org: OrgId, period: Option<Period>) -> Result<(DocumentId, Period)> {
    let engine = ctx.engine();
    caller.require(&engine, Action::EnterFigures, org)?;
    let doc =
        engine.resolutions_of(org).first().copied().ok_or(Error::NotFound("nghị quyết có chỉ tiêu của đơn vị"))?;
    let period = period.unwrap_or_else(|| default_grain(doc, ctx.clock.today()));
    if engine.form(org, period).is_none() {
        let grain = match doc.grain {
            vn::period::Grain::Month => "tháng",
            vn::period::Grain::Quarter => "quý",
        };
        return Err(Error::field(
            "period",
            format!("số liệu của đơn vị được nhập theo {grain}; “{}” không phải là một kỳ nhập", period.label()),
        ));
    }
    still_reporting(&engine, org, period)?;
    Ok((doc.id, period))
}

/// A unit that was merged, split or dissolved reports nothing for periods from that
/// day; its history before stays open to corrections.
pub(crate) fn still_reporting(engine: &engine::Engine, org: OrgId, period: Period) -> Result<()> {
    match engine.history.ended(org) {
        Some(end) if period.first_day() >= end => Err(Error::Refused(format!(
            "Đơn vị đã thôi hoạt động từ ngày {} (sáp nhập, chia tách hoặc giải thể) nên không nhận số liệu {}.",
            vn::date::format_date(end),
            period.label()
        ))),
        _ => Ok(()),
    }
}

/// The one rule for where a figure may be written, whatever the path (form, API, file,
/// text read in): a target the caller enters figures for, not rolled up from below, in
/// a grain period of its resolution's term. Answers the target's unit and resolution.
pub fn check_target(
    engine: &engine::Engine,
    caller: &Caller,
    target: TargetId,
    period: Period,
) -> Result<(OrgId, DocumentId)> {
    let t = engine.target(target).ok_or(Error::NotFound("chỉ tiêu"))?;
    caller.require(engine, Action::EnterFigures, t.org)?;
    let fits = engine.form_document(t.org, period).is_some_and(|doc| doc.id == t.document);
    if !fits {
        return Err(Error::field(
            "period",
            format!(
                "Chỉ tiêu {} ({}): {} không phải là một kỳ nhập số liệu của nghị quyết.",
                t.code,
                t.name,
                period.label()
            ),
        ));
    }
    if engine.is_aggregated(target) {
        return Err(Error::field(
            target.0.to_string(),
            format!("Chỉ tiêu {} ({}) được tổng hợp từ cấp dưới, không nhập trực tiếp.", t.code, t.name),
        ));
    }
    still_reporting(engine, t.org, period)?;
    Ok((t.org, t.document))
}

/// Checks every value first (one mistake writes nothing, each message names its
/// target), skips the values the caller did not change, writes the rest in one
/// transaction that refuses a locked report and values changed since they were shown,
/// and brings the engine up to date.
pub async fn enter(ctx: &Ctx, caller: &Caller, cmd: EnterFigures) -> Result<Entered> {
    let (document, period) = locate(ctx, caller, cmd.org, Some(cmd.period))?;
    let mut writes = Vec::new();
    let mut errors = Vec::new();
    {
        let engine = ctx.engine();
        let (doc, rows) = engine.form(cmd.org, period).ok_or(Error::NotFound("kỳ nhập"))?;
        for e in &cmd.entries {
            let field = e.target.0.to_string();
            let Some(row) = rows.iter().find(|r| r.target.id == e.target && !r.aggregated) else {
                errors.push(FieldError::new(field, "không phải chỉ tiêu do đơn vị này nhập số liệu trong kỳ"));
                continue;
            };
            let t = &row.target;
            let named = |m: String| FieldError::new(&field, format!("Chỉ tiêu {} ({}): {m}", t.code, t.name));
            let bound = t.plan_for(period, doc.term);
            let value = match e.value.read(bound) {
                Ok(v) => v,
                Err(m) => {
                    errors.push(named(m));
                    continue;
                }
            };
            let shown = match e.shown.as_ref().map(|s| s.read(bound)).transpose() {
                Ok(s) => s,
                Err(_) => {
                    errors.push(named("biểu mẫu đã cũ; hãy tải lại trang".into()));
                    continue;
                }
            };
            let note = e.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
            // A value left as shown is not written, whatever its note says.
            if shown.is_some_and(|s| s == value) {
                continue;
            }
            let flagged = value.and_then(|v| flag(&engine, doc, t, period, v));
            if let (Some((v, why)), None) = (flagged, &note) {
                errors.push(named(format!("giá trị {v} {why}. Nếu đúng, ghi lý do vào ô “Ghi chú” rồi lưu lại.")));
                continue;
            }
            writes.push(FigureWrite { target: e.target, value, expected: shown, note });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let changed = ctx.store.write_unit_figures(&caller.actor(), cmd.org, document, &period.code(), &writes).await?;
    ctx.sync().await?;
    Ok(Entered { changed })
}

/// Why `value` of target `t` in `period` looks implausible, if it does, with the value
/// as it is written ("1.007", "đạt"): the one check the form, the API, imports and the
/// review before submitting share.
pub fn flag(
    engine: &engine::Engine,
    doc: &domain::Document,
    t: &domain::Target,
    period: Period,
    value: Decimal,
) -> Option<(String, String)> {
    let bound = t.plan_for(period, doc.term);
    let around = Around {
        plan: bound.reference(t.direction),
        previous: previous_period(doc, period).and_then(|p| engine.value(t.id, p)).map(Decimal::from_f64),
    };
    let why = domain::entry::implausible(bound, value, around)?;
    Some((domain::entry::show_value(bound, value), why))
}

/// What a unit's figures for a period look like before its report is sent.
#[derive(Clone, Debug, Default)]
pub struct Review {
    /// Targets the unit enters figures for.
    pub total: usize,
    pub filled: usize,
    /// Targets left empty, as "code name".
    pub empty: Vec<String>,
    /// Values that look implausible, with why.
    pub flagged: Vec<String>,
}

/// The review shown before a report is submitted.
pub fn review(ctx: &Ctx, caller: &Caller, org: OrgId, period: Period) -> Result<Review> {
    locate(ctx, caller, org, Some(period))?;
    let engine = ctx.engine();
    let (doc, rows) = engine.form(org, period).ok_or(Error::NotFound("kỳ nhập"))?;
    let mut review = Review::default();
    for r in rows.iter().filter(|r| !r.aggregated) {
        let t = &r.target;
        review.total += 1;
        match r.entered.map(Decimal::from_f64) {
            None => review.empty.push(format!("{} {}", t.code, t.name)),
            Some(v) => {
                review.filled += 1;
                if let Some((shown, why)) = flag(&engine, doc, t, period, v) {
                    review.flagged.push(format!("{} {}: {shown} {why}", t.code, t.name));
                }
            }
        }
    }
    Ok(review)
}

/// The grain period before `period` within the resolution's term, if any.
pub fn previous_period(doc: &domain::Document, period: Period) -> Option<Period> {
    let parts = doc.term.split(doc.grain);
    let at = parts.iter().position(|p| *p == period)?;
    at.checked_sub(1).map(|i| parts[i])
}

/// Who changed a target's figures, when, from what to what: the audit rows, newest first.
pub async fn history(ctx: &Ctx, caller: &Caller, target: TargetId) -> Result<Vec<store::AuditEntry>> {
    {
        let engine = ctx.engine();
        let t = engine.target(target).ok_or(Error::NotFound("chỉ tiêu"))?;
        caller.require(&engine, Action::View, t.org)?;
    }
    Ok(ctx.store.list_audit("figure", &format!("{}/%", target.0), 500).await?)
}

/// What an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imported {
    /// Values the file gave.
    pub values: usize,
    /// Values that differed from the stored ones and were written.
    pub changed: usize,
}

/// Writes a file's checked figures (several units and periods) in one transaction:
/// all or nothing, refused where a report is locked. `progress` hears how many values
/// each period wrote. The same file imported again changes nothing.
pub async fn import(
    ctx: &Ctx,
    caller: &Caller,
    checked: crate::figure_rows::Checked,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Result<Imported> {
    if checked.by != caller.user.id {
        return Err(Error::Internal("số liệu đã kiểm tra thuộc về người dùng khác".into()));
    }
    let started = std::time::Instant::now();
    let changed = ctx.store.write_figure_groups(&caller.actor(), &checked.groups, progress).await?;
    drop(checked.groups);
    let written = started.elapsed();
    ctx.sync().await?;
    let (write_ms, sync_ms) = (written.as_millis() as u64, (started.elapsed() - written).as_millis() as u64);
    tracing::info!(values = checked.values, changed, write_ms, sync_ms, "figures imported");
    Ok(Imported { values: checked.values, changed })
}

/// One row of the figures import template.
#[derive(Clone, Debug)]
pub struct TemplateRow {
    pub org_name: String,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub period: Period,
    /// The value entered so far, as it would be typed.
    pub value: String,
}

/// The figures `org` and every unit below it that the caller enters figures for must
/// report in `period` (each unit's current grain period when not given): what the
/// import template is filled with.
pub fn template(ctx: &Ctx, caller: &Caller, org: OrgId, period: Option<Period>) -> Result<Vec<TemplateRow>> {
    let engine = ctx.engine();
    caller.require(&engine, Action::View, org)?;
    let Some(at) = engine.tree.index_of(org) else { return Err(Error::NotFound("tổ chức")) };
    let mut rows = Vec::new();
    for node in &engine.tree.nodes[at..engine.tree.nodes[at].end] {
        let unit = node.org.id;
        if !caller.may(&engine, Action::EnterFigures, unit) {
            continue;
        }
        let Some(doc) = engine.resolutions_of(unit).first().copied() else { continue };
        let p = period.unwrap_or_else(|| default_grain(doc, ctx.clock.today()));
        let Some((doc, form)) = engine.form(unit, p) else { continue };
        for r in form.iter().filter(|r| !r.aggregated) {
            let bound = r.target.plan_for(p, doc.term);
            rows.push(TemplateRow {
                org_name: node.org.name.clone(),
                code: r.target.code.clone(),
                name: r.target.name.clone(),
                unit: r.target.unit.clone(),
                period: p,
                value: r.entered.map(|v| domain::entry::show_value(bound, Decimal::from_f64(v))).unwrap_or_default(),
            });
        }
    }
    if rows.is_empty() {
        return Err(Error::field("Kỳ", "không có chỉ tiêu nào bạn được nhập số liệu trong kỳ này."));
    }
    Ok(rows)
}
