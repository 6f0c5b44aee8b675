//! Restructuring: reading a plan into a preview of what each change does, and applying
//! it in one transaction. The page and the API both come here.

use domain::OrgId;
use domain::access::Action;
use domain::restructuring::{Plan, Unit, read_plan};
use domain::units::EventKind;

use crate::{Caller, Ctx, Error, FieldError, Result};

/// The most rows a plan sent back to be applied may hold, from the page or the API.
pub const MAX_ROWS: usize = 5_000;

/// A plan read and checked, with what each change will do, in Vietnamese.
pub struct Preview {
    pub plan: Plan,
    pub lines: Vec<PreviewLine>,
}

pub struct PreviewLine {
    /// The sheet's row, or 0 for a change the plan implies.
    pub row: usize,
    pub kind: EventKind,
    pub text: String,
}

/// Whether the caller may restructure any unit at all: who may open the plan page.
pub fn require_some(ctx: &Ctx, caller: &Caller) -> Result<()> {
    let engine = ctx.engine();
    if engine.tree.nodes.iter().any(|n| caller.may(&engine, Action::Restructure, n.org.id)) {
        Ok(())
    } else {
        Err(Error::Forbidden("sắp xếp, sáp nhập đơn vị"))
    }
}

/// Reads `rows` (a sheet, the header first) against the units as they are and checks
/// that the caller may restructure every unit it touches. Mistakes come back as field
/// errors named by row ("3") with the column in the message.
pub async fn preview(ctx: &Ctx, caller: &Caller, rows: &[Vec<String>]) -> Result<Preview> {
    require_some(ctx, caller)?;
    let kinds = ctx.store.list_org_kinds().await?;
    let engine = ctx.engine();
    // The plan is read against the units the caller sees: its messages name no others.
    let seen = engine.history.only(|o| caller.may(&engine, Action::View, o));
    let plan = read_plan(rows, &seen, &kinds).map_err(|errors| {
        Error::Invalid(errors.into_iter().map(|e| FieldError::new(e.line.to_string(), e.message)).collect())
    })?;
    let existing = |u: Unit| match u {
        Unit::Existing(id) => Some(id),
        Unit::New(_) => None,
    };
    // A unit is changed by a committee above it; units receive others where the caller
    // manages (its own committee included).
    for org in plan.steps.iter().filter_map(|s| existing(s.unit)) {
        caller.require(&engine, Action::Restructure, org)?;
    }
    let receivers = plan.steps.iter().flat_map(|s| [s.into, s.parent]).chain(plan.founded.iter().map(|n| n.parent));
    for org in receivers.flatten().filter_map(existing) {
        if !caller.may(&engine, Action::Restructure, org) {
            caller.require(&engine, Action::ManageTargets, org)?;
        }
    }
    let name = |u: Unit| match u {
        Unit::Existing(id) => engine.tree.get(id).map_or_else(|| format!("#{}", id.0), |n| n.org.name.clone()),
        Unit::New(n) => format!("{} (thành lập mới)", plan.founded[n].name),
    };
    let founded = plan.founded.iter().map(|n| {
        let parent = n.parent.map(name).unwrap_or_else(|| "(không có cấp trên)".into());
        let code = n.code.as_ref().map(|c| format!(", mã {c}")).unwrap_or_default();
        PreviewLine {
            row: n.line,
            kind: EventKind::Founded,
            text: format!(
                "Thành lập {} trực thuộc {parent}{code}, từ ngày {} ({})",
                n.name,
                vn::date::format_date(n.on),
                n.decision
            ),
        }
    });
    let changed = plan.steps.iter().filter(|s| s.kind != EventKind::Founded).map(|s| {
        let what = match s.kind {
            EventKind::Merged => format!("{} sáp nhập vào {}", name(s.unit), name(s.into.expect("merge"))),
            EventKind::Split => format!(
                "{} chia tách: {}% sang {}",
                name(s.unit),
                vn::number::format_f64(s.share.unwrap_or(0) as f64 / 100.0, 2),
                name(s.into.expect("split"))
            ),
            EventKind::Renamed => format!("{} đổi tên thành {}", name(s.unit), s.name.clone().unwrap_or_default()),
            EventKind::Moved => format!(
                "{} chuyển{} về trực thuộc {}",
                name(s.unit),
                if s.line == 0 { " theo đơn vị được sáp nhập" } else { "" },
                name(s.parent.expect("move"))
            ),
            EventKind::Dissolved => format!("{} giải thể", name(s.unit)),
            EventKind::Founded => String::new(),
        };
        PreviewLine {
            row: s.line,
            kind: s.kind,
            text: format!("{what}, từ ngày {} ({})", vn::date::format_date(s.on), s.decision),
        }
    });
    let lines = founded.chain(changed).collect();
    drop(engine);
    Ok(Preview { plan, lines })
}

/// Applies a plan: checked again against the units as they are now, written in one
/// transaction with its audit rows and a change-log entry that every engine follows.
/// Returns the ids of the units it founded.
pub async fn apply(ctx: &Ctx, caller: &Caller, rows: &[Vec<String>]) -> Result<Vec<OrgId>> {
    let Preview { plan, .. } = preview(ctx, caller, rows).await?;
    if plan.steps.is_empty() {
        return Err(Error::field("file", "Kế hoạch không có dòng thay đổi nào."));
    }
    let mut tx = ctx.store.begin().await?;
    let founded = tx.apply_plan(&caller.actor(), &plan).await?;
    tx.commit().await?;
    ctx.sync().await?;
    Ok(founded)
}
