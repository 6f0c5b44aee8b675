//! A unit's history across restructurings: its versions, the changes that made it, and
//! the earlier term's targets of the units it took over, as reported and restated.

use chrono::NaiveDate;
use domain::access::Action;
use domain::units::{EventKind, Restated, UnitEvent, UnitVersion};
use domain::{OrgId, Period, TargetId};

use crate::trend::Series;
use crate::{Caller, Ctx, Error, Result};

/// One earlier-term target followed onto a unit.
#[derive(Clone, Debug)]
pub struct Inherited {
    /// The top target of the family (the earlier term's resolution).
    pub root: TargetId,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub periods: Vec<Period>,
    /// Each earlier unit's line, as reported.
    pub reported: Vec<Series>,
    /// The sum restated onto the unit as it is on the chosen day.
    pub restated: Vec<Restated>,
    /// The unit's own target of the new term that continues this one, if linked.
    pub continued_by: Option<TargetId>,
}

#[derive(Clone, Debug)]
pub struct UnitHistory {
    pub org: OrgId,
    pub name: String,
    pub day: NaiveDate,
    pub versions: Vec<UnitVersion>,
    /// Changes that involved the unit or the units it took over, oldest first, told.
    pub events: Vec<String>,
    pub inherited: Vec<Inherited>,
    /// The unit's targets of a term still running on the day ("1. Thu ngân sách …"):
    /// those that may be linked to an earlier term's.
    pub open_targets: Vec<(TargetId, String)>,
}

/// The history of `org` restated onto it as it is on `day`. The caller must see the
/// unit; lines of earlier units the caller may not see are left out, and so is any
/// restated sum they would enter.
pub fn of_unit(ctx: &Ctx, caller: &Caller, org: OrgId, day: NaiveDate) -> Result<UnitHistory> {
    let engine = ctx.engine();
    caller.require(&engine, Action::View, org)?;
    let h = &engine.history;
    let name_of = |o: OrgId| engine.tree.get(o).map_or_else(|| format!("#{}", o.0), |n| n.org.name.clone());
    let mut involved = h.predecessors(org);
    involved.push(org);
    let events = h
        .events()
        .iter()
        .filter(|e| involved.contains(&e.org) || e.into.is_some_and(|i| involved.contains(&i)))
        .map(|e| describe(&engine, e))
        .collect();
    let own_targets: Vec<TargetId> =
        engine.documents_of(org).flat_map(|d| engine.targets_of(d.id)).map(|t| t.id).collect();
    let inherited = engine
        .inherited_families(org)
        .into_iter()
        .filter_map(|root| {
            let continued_by = own_targets
                .iter()
                .copied()
                .find(|&own| engine.predecessors_of(own).iter().any(|p| engine.family_root(*p) == Some(root)));
            follow(&engine, caller, root, org, day, continued_by)
        })
        .collect();
    let open_targets = engine
        .documents_of(org)
        .filter(|d| d.term.last_day() >= day)
        .flat_map(|d| engine.targets_of(d.id))
        .map(|t| (t.id, format!("{}. {}", t.code, t.name)))
        .collect();
    Ok(UnitHistory {
        org,
        name: name_of(org),
        day,
        versions: h.versions_of(org).to_vec(),
        events,
        inherited,
        open_targets,
    })
}

/// The family of `root` followed onto `org` as it is on `day`; none when nobody
/// reported, or when the caller may not see one of the earlier units.
fn follow(
    engine: &engine::Engine,
    caller: &Caller,
    root: TargetId,
    org: OrgId,
    day: NaiveDate,
    continued_by: Option<TargetId>,
) -> Option<Inherited> {
    let t = engine.target(root)?;
    let points = engine.restated_series(root, org, day);
    // Units take part in the periods they were in force: one line each, blank elsewhere.
    let mut units: Vec<OrgId> = points.iter().flat_map(|p| p.reported.iter().map(|r| r.0)).collect();
    units.sort_unstable();
    units.dedup();
    if points.is_empty() || units.iter().any(|&u| !caller.may(engine, Action::View, u)) {
        return None;
    }
    let name_of = |o: OrgId| engine.tree.get(o).map_or_else(|| format!("#{}", o.0), |n| n.org.name.clone());
    let value = |p: &engine::SeriesPoint, u: OrgId| p.reported.iter().find(|r| r.0 == u).and_then(|r| r.1);
    // A divided unit is named with the part of it that came here.
    let part = |u: OrgId| {
        let w = engine.history.carried(u, day).get(&org).copied().unwrap_or(1.0);
        if w < 1.0 - 1e-9 {
            format!(" ({}% chuyển về)", vn::number::format_f64(w * 100.0, 2))
        } else {
            String::new()
        }
    };
    let reported = units
        .iter()
        .map(|&u| Series {
            name: format!("{}{}", name_of(u), part(u)),
            values: points.iter().map(|p| value(p, u)).collect(),
        })
        .collect();
    Some(Inherited {
        root,
        code: t.code.clone(),
        name: t.name.clone(),
        unit: t.unit.clone(),
        periods: points.iter().map(|p| p.period).collect(),
        reported,
        restated: points.into_iter().map(|p| p.restated).collect(),
        continued_by,
    })
}

/// What `target` continues from the earlier term, each followed onto its unit as it is
/// on `day`: the trend of a new term's target shows it beside its own.
pub fn continued(ctx: &Ctx, caller: &Caller, target: TargetId, day: NaiveDate) -> Result<Vec<Inherited>> {
    let engine = ctx.engine();
    let t = engine.target(target).ok_or(Error::NotFound("chỉ tiêu"))?;
    caller.require(&engine, Action::View, t.org)?;
    let roots: Vec<TargetId> = engine.predecessors_of(target).iter().filter_map(|p| engine.family_root(*p)).collect();
    Ok(roots.into_iter().filter_map(|root| follow(&engine, caller, root, t.org, day, Some(target))).collect())
}

/// Records that `target`, of a new term, continues `predecessor` ("kế thừa"), a target
/// of a term that began earlier: its history then shows the earlier figures restated.
pub async fn link(ctx: &Ctx, caller: &Caller, target: TargetId, predecessor: TargetId) -> Result<()> {
    {
        let engine = ctx.engine();
        let t = engine.target(target).ok_or(Error::NotFound("chỉ tiêu"))?;
        let p = engine.target(predecessor).ok_or(Error::NotFound("chỉ tiêu kế thừa"))?;
        caller.require(&engine, Action::ManageTargets, t.org)?;
        caller.require(&engine, Action::View, p.org)?;
        let start = |id| engine.document(id).map(|d: &domain::Document| d.term.first_day());
        if start(p.document) >= start(t.document) {
            return Err(Error::field("predecessor", "Chỉ tiêu kế thừa phải thuộc nhiệm kỳ trước."));
        }
    }
    let mut tx = ctx.store.begin().await?;
    tx.link_predecessor(&caller.actor(), target, predecessor).await?;
    tx.commit().await?;
    ctx.sync().await
}

/// A change as a sentence: "01/7/2025: Đảng ủy xã Phú Hưng sáp nhập vào Đảng ủy phường
/// Sơn Đông (Nghị quyết số …)", each unit named as it was on the day.
pub fn describe(engine: &engine::Engine, e: &UnitEvent) -> String {
    let h = &engine.history;
    let name_on = |o: OrgId, day: NaiveDate| {
        h.version_at(o, day)
            .map(|v| v.name.clone())
            .or_else(|| engine.tree.get(o).map(|n| n.org.name.clone()))
            .unwrap_or_else(|| format!("#{}", o.0))
    };
    let before = e.on.pred_opt().unwrap_or(e.on);
    let old = name_on(e.org, before);
    let now = name_on(e.org, e.on);
    let parent = || h.version_at(e.org, e.on).and_then(|v| v.parent).map(|p| name_on(p, e.on)).unwrap_or_default();
    let into = || e.into.map(|i| name_on(i, e.on)).unwrap_or_default();
    let what = match e.kind {
        EventKind::Merged => format!("{old} sáp nhập vào {}", into()),
        EventKind::Split => {
            let share = vn::number::format_f64(e.share.unwrap_or(0) as f64 / 100.0, 2);
            format!("{old} chia tách, {share}% sang {}", into())
        }
        EventKind::Renamed => format!("{old} đổi tên thành {now}"),
        EventKind::Moved => format!("{now} chuyển về trực thuộc {}", parent()),
        EventKind::Founded => format!("thành lập {now} trực thuộc {}", parent()),
        EventKind::Dissolved => format!("{old} giải thể"),
    };
    format!("{}: {what} ({})", vn::date::format_date(e.on), e.decision)
}
