//! A target's trend over its term: the plan and the actual value of each year (or each
//! grain period), the unit's own or rolled-up line, and each lower unit's line.

use domain::access::Action;
use domain::{Bound, Period, TargetId};

use crate::{Caller, Ctx, Error, Result};

/// One line of the chart: whose values, one per period (`None` where there is none).
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Clone, Debug)]
pub struct Trend {
    pub target: TargetId,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub org_name: String,
    pub periods: Vec<Period>,
    /// The plan of each period, as a number a line can be drawn through.
    pub plan: Vec<Option<f64>>,
    /// The unit's line: its own figures, or its lower units' rolled up.
    pub total: Series,
    pub aggregated: bool,
    /// Each lower unit's line, when the value rolls up from them.
    pub lower: Vec<Series>,
}

/// The number a plan's line passes through: the threshold, the middle of a range, 1 for
/// "đạt".
pub fn plan_value(b: Bound) -> f64 {
    match b {
        Bound::Exact(v) | Bound::About(v) => v.to_f64(),
        Bound::AtLeast { value, .. } | Bound::AtMost { value, .. } => value.to_f64(),
        Bound::Range { low, high } => (low.to_f64() + high.to_f64()) / 2.0,
        Bound::YesNo => 1.0,
    }
}

/// The trend of `target` by year of its term, or by grain period when `by_grain`.
pub fn of_target(ctx: &Ctx, caller: &Caller, target: TargetId, by_grain: bool) -> Result<Trend> {
    let engine = ctx.engine();
    let t = engine.target(target).ok_or(Error::NotFound("chỉ tiêu"))?;
    caller.require(&engine, Action::View, t.org)?;
    let doc = engine.document(t.document).ok_or(Error::NotFound("nghị quyết"))?;
    let periods: Vec<Period> = match doc.term {
        _ if by_grain => doc.term.split(doc.grain),
        Period::Term { start, end } => (start..=end).map(|year| Period::Year { year }).collect(),
        other => vec![other],
    };
    let values = |id: TargetId| periods.iter().map(|p| engine.evaluation(id, *p).and_then(|e| e.actual)).collect();
    let name_of = |o| engine.tree.get(o).map(|n| n.org.name.clone()).unwrap_or_default();
    let lower = engine
        .linked_below(target)
        .into_iter()
        .filter(|c| caller.may(&engine, Action::View, c.org))
        .map(|c| Series { name: name_of(c.org), values: values(c.id) })
        .collect();
    Ok(Trend {
        target,
        code: t.code.clone(),
        name: t.name.clone(),
        unit: t.unit.clone(),
        org_name: name_of(t.org),
        plan: periods.iter().map(|p| Some(plan_value(t.plan_for(*p, doc.term)))).collect(),
        total: Series { name: name_of(t.org), values: values(target) },
        aggregated: engine.is_aggregated(target),
        lower,
        periods,
    })
}
