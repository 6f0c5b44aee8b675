//! Units over time: each unit's versions (name, kind, parent) with the dates they were in
//! force, and the lineage of changes between units: merged into, split into. A unit keeps
//! its id for life, so every figure, target and task stays attached to the unit as it
//! was; a later change adds a version or an event and rewrites nothing.
//!
//! Validity is half-open: a version in force `from` (inclusive) `to` (exclusive); `None`
//! is "since always" and "until now".

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::ids::OrgId;
use crate::org::Org;

/// One state of a unit over a span of dates.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnitVersion {
    pub org: OrgId,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub name: String,
    pub kind: String,
    pub parent: Option<OrgId>,
    /// Its code (mã đơn vị), where it has one.
    pub code: Option<String>,
}

impl UnitVersion {
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day < t)
    }

    /// The current state of a unit, as the organisation row holds it.
    pub fn of(org: &Org) -> UnitVersion {
        UnitVersion {
            org: org.id,
            from: org.valid_from,
            to: org.valid_to,
            name: org.name.clone(),
            kind: org.kind.clone(),
            parent: org.parent,
            code: org.code.clone(),
        }
    }
}

/// What happened to a unit on a date, by the decision that ordered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EventKind {
    Founded,
    Renamed,
    Moved,
    Merged,
    Split,
    Dissolved,
}

coded!(EventKind {
    Founded = "thanh_lap", "Thành lập";
    Renamed = "doi_ten", "Đổi tên";
    Moved = "chuyen", "Chuyển đơn vị cấp trên";
    Merged = "sap_nhap", "Sáp nhập";
    Split = "chia_tach", "Chia tách";
    Dissolved = "giai_the", "Giải thể";
});

/// A share of a divided unit, in hundredths of a percent (10,000 is the whole).
pub type Share = u32;
pub const WHOLE: Share = 10_000;

/// A change in the lineage. `into` is the successor of a merge or a split.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnitEvent {
    pub kind: EventKind,
    pub org: OrgId,
    pub into: Option<OrgId>,
    /// The part of `org` that went to `into` in a split; a merge passes the whole.
    pub share: Option<Share>,
    pub on: NaiveDate,
    /// The decision that ordered it: "Quyết định số 1656/QĐ-TTg".
    pub decision: String,
}

impl UnitEvent {
    /// What of `org` went to `into`, as a fraction.
    pub fn weight(&self) -> f64 {
        match self.kind {
            EventKind::Merged => 1.0,
            EventKind::Split => self.share.unwrap_or(0) as f64 / WHOLE as f64,
            _ => 0.0,
        }
    }
}

/// Every version and every event, with the questions asked of them.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct History {
    versions: HashMap<OrgId, Vec<UnitVersion>>,
    /// Events in date order.
    events: Vec<UnitEvent>,
}

impl History {
    pub fn new(versions: Vec<UnitVersion>, mut events: Vec<UnitEvent>) -> History {
        let mut by_org: HashMap<OrgId, Vec<UnitVersion>> = HashMap::new();
        for v in versions {
            by_org.entry(v.org).or_default().push(v);
        }
        for list in by_org.values_mut() {
            list.sort_by_key(|v| v.from);
        }
        events.sort_by_key(|e| e.on);
        History { versions: by_org, events }
    }

    /// The same history with only the units `keep` allows, and the events between them:
    /// what one caller may see of it.
    pub fn only(&self, keep: impl Fn(OrgId) -> bool) -> History {
        History {
            versions: self.versions.iter().filter(|(o, _)| keep(**o)).map(|(o, v)| (*o, v.clone())).collect(),
            events: self.events.iter().filter(|e| keep(e.org) && e.into.is_none_or(&keep)).cloned().collect(),
        }
    }

    pub fn events(&self) -> &[UnitEvent] {
        &self.events
    }

    /// The unit as it was on `day`, if it existed then.
    pub fn version_at(&self, org: OrgId, day: NaiveDate) -> Option<&UnitVersion> {
        self.versions.get(&org)?.iter().find(|v| v.in_force(day))
    }

    pub fn versions_of(&self, org: OrgId) -> &[UnitVersion] {
        self.versions.get(&org).map_or(&[], |v| v.as_slice())
    }

    /// The units in force on `day`, each as it was then; parents out of force are dropped.
    pub fn tree_at(&self, day: NaiveDate) -> Vec<Org> {
        let alive: Vec<&UnitVersion> =
            self.versions.values().filter_map(|l| l.iter().find(|v| v.in_force(day))).collect();
        let ids: HashSet<OrgId> = alive.iter().map(|v| v.org).collect();
        let mut out: Vec<Org> = alive
            .into_iter()
            .map(|v| Org {
                id: v.org,
                parent: v.parent.filter(|p| ids.contains(p)),
                name: v.name.clone(),
                kind: v.kind.clone(),
                valid_from: v.from,
                valid_to: v.to,
                successor: None,
                code: v.code.clone(),
            })
            .collect();
        out.sort_by_key(|o| o.id);
        out
    }

    /// The units directly under `org` on `day`.
    pub fn children_at(&self, org: OrgId, day: NaiveDate) -> Vec<OrgId> {
        let under =
            |l: &Vec<UnitVersion>| l.iter().find(|v| v.in_force(day)).filter(|v| v.parent == Some(org)).map(|v| v.org);
        self.versions.values().filter_map(under).collect()
    }

    /// The last day `org` was in force within `from..=to`, if it was.
    pub fn last_day_within(&self, org: OrgId, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        let v = self.versions.get(&org)?;
        v.iter()
            .filter(|v| v.from.is_none_or(|f| f <= to) && v.to.is_none_or(|t| t > from))
            .map(|v| v.to.and_then(|t| t.pred_opt()).map_or(to, |t| t.min(to)))
            .max()
    }

    /// The day a unit stopped being in force, if it has.
    pub fn ended(&self, org: OrgId) -> Option<NaiveDate> {
        let last = self.versions.get(&org)?.last()?;
        last.to
    }

    /// Units that took over `org`, directly or through later changes, by merge or split.
    pub fn heirs(&self, org: OrgId) -> Vec<OrgId> {
        self.follow(org, |e| e.org, |e| e.into)
    }

    /// Units that `org` took over, directly or through earlier changes.
    pub fn predecessors(&self, org: OrgId) -> Vec<OrgId> {
        self.follow(org, |e| e.into.unwrap_or(e.org), |e| Some(e.org).filter(|_| e.into.is_some()))
    }

    fn follow(
        &self,
        start: OrgId,
        from: impl Fn(&UnitEvent) -> OrgId,
        to: impl Fn(&UnitEvent) -> Option<OrgId>,
    ) -> Vec<OrgId> {
        let mut seen = vec![start];
        let mut i = 0;
        while i < seen.len() {
            let at = seen[i];
            for e in self.events.iter().filter(|e| from(e) == at) {
                if let Some(next) = to(e).filter(|n| !seen.contains(n)) {
                    seen.push(next);
                }
            }
            i += 1;
        }
        seen.remove(0);
        seen
    }

    /// Where `org` went by `day`: each unit holding part of it then, with the part.
    /// Weights add up to at most 1; what a dissolution ended is lost, not guessed.
    pub fn carried(&self, org: OrgId, day: NaiveDate) -> BTreeMap<OrgId, f64> {
        let mut held = BTreeMap::from([(org, 1.0)]);
        for e in self.events.iter().filter(|e| e.on <= day && e.into.is_some()) {
            let Some(&w) = held.get(&e.org) else { continue };
            let into = e.into.expect("filtered");
            *held.entry(into).or_default() += w * e.weight();
        }
        // A unit that ended hands all it held on; what is left is what is still in force.
        held.retain(|&o, _| self.version_at(o, day).is_some());
        held
    }
}

/// A value restated onto the units of a later date.
#[derive(Clone, Debug, PartialEq)]
pub enum Restated {
    Value(f64),
    /// Cannot be restated honestly: why, in Vietnamese.
    NotComparable(String),
}

/// Restates values reported by earlier units onto `onto`, a unit in force on `day`: a
/// full merge adds up, a split passes the recorded share. `additive` says whether the
/// values may be summed at all (counts and amounts, not rates); a missing value of any
/// predecessor makes the whole not comparable rather than a partial sum.
pub fn restate(
    history: &History,
    reported: &BTreeMap<OrgId, Option<f64>>,
    onto: OrgId,
    day: NaiveDate,
    additive: bool,
    name_of: impl Fn(OrgId) -> String,
) -> Restated {
    let mut parts = Vec::new();
    for (&org, &value) in reported {
        let w = history.carried(org, day).get(&onto).copied().unwrap_or(0.0);
        if w > 0.0 {
            parts.push((org, value, w));
        }
    }
    if parts.is_empty() {
        return Restated::NotComparable("không có đơn vị tiền thân báo cáo kỳ này".into());
    }
    let single_whole = parts.len() == 1 && (parts[0].2 - 1.0).abs() < 1e-9;
    if !additive && !single_whole {
        return Restated::NotComparable("chỉ tiêu tỷ lệ, bình quân không cộng dồn hay chia theo tỷ lệ được".into());
    }
    if let Some((org, ..)) = parts.iter().find(|p| p.1.is_none()) {
        return Restated::NotComparable(format!("thiếu số liệu của {}", name_of(*org)));
    }
    Restated::Value(parts.iter().map(|(_, v, w)| v.unwrap_or(0.0) * w).sum())
}

#[cfg(test)]
mod tests;
