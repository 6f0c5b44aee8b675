//! Units over time in the engine: the tree in force on a date, who reaches a unit
//! through its lineage, and a target's series restated onto the units of a later date.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use domain::units::{History, Restated, restate};
use domain::{OrgId, Period, Rollup, TargetId};

use crate::{Engine, Tree};

/// The members of a family that a unit's series reads: its predecessors' and its own.
struct Sources {
    members: BTreeMap<OrgId, TargetId>,
    additive: bool,
    first_target: TargetId,
}

/// One period of a series: what each earlier unit reported, and the sum restated.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesPoint {
    pub period: Period,
    pub reported: Vec<(OrgId, Option<f64>)>,
    pub restated: Restated,
}

impl Engine {
    /// The same engine, knowing every unit's versions and lineage, and which targets
    /// continue which earlier-term ones.
    pub fn with_history(mut self, history: History, predecessors: Vec<(TargetId, TargetId)>) -> Engine {
        self.history = history;
        self.predecessors = HashMap::new();
        for (t, p) in predecessors {
            self.predecessors.entry(t).or_default().push(p);
        }
        self
    }

    /// The units in force on `day`, each as it was then.
    pub fn tree_at(&self, day: NaiveDate) -> Cow<'_, Tree> {
        if self.history.events().is_empty() {
            return Cow::Borrowed(&self.tree);
        }
        Cow::Owned(Tree::build(self.history.tree_at(day)))
    }

    /// Whether `org` is in force on `day` (a unit with no history always is).
    pub fn in_force(&self, org: OrgId, day: NaiveDate) -> bool {
        self.history.version_at(org, day).is_some() || self.history.versions_of(org).is_empty()
    }

    /// Every unit whose holders reach `org`: its ancestors from the root down to itself,
    /// preceded by the units that took over any of them (and their ancestors). The last
    /// entry is `org` itself; empty if `org` is unknown.
    pub fn reach(&self, org: OrgId) -> Vec<OrgId> {
        let lineage = self.tree.lineage(org);
        if self.history.events().is_empty() {
            return lineage;
        }
        let mut out: Vec<OrgId> = Vec::new();
        for a in &lineage {
            for heir in self.history.heirs(*a) {
                for h in self.tree.lineage(heir) {
                    if !out.contains(&h) && !lineage.contains(&h) {
                        out.push(h);
                    }
                }
            }
        }
        out.extend(lineage);
        out
    }

    /// The top target of the family `target` belongs to.
    pub fn family_root(&self, target: TargetId) -> Option<TargetId> {
        self.slot_place(target).map(|(f, _)| self.families[f].root)
    }

    /// The targets `target` continues from an earlier term ("kế thừa").
    pub fn predecessors_of(&self, target: TargetId) -> &[TargetId] {
        self.predecessors.get(&target).map_or(&[], Vec::as_slice)
    }

    /// The series of `family`'s target at each earlier unit that became part of `onto`
    /// (or is `onto` itself), period by period over the family's term, as reported and
    /// restated onto `onto` as it is on `day`. Periods nobody reported are left out.
    pub fn restated_series(&self, family: TargetId, onto: OrgId, day: NaiveDate) -> Vec<SeriesPoint> {
        let Some(sources) = self.sources(family, onto) else { return Vec::new() };
        let Some(doc) = self.target(sources.first_target).and_then(|t| self.document(t.document)) else {
            return Vec::new();
        };
        doc.term
            .split(doc.grain)
            .into_iter()
            .filter_map(|period| self.restated_point(&sources, onto, period, day))
            .collect()
    }

    /// `family`'s value for `period` restated onto `onto` as it is on `day`: what the
    /// units it took over reported then, and their sum as restating allows; none when
    /// none of them reported.
    pub fn restated_value(&self, family: TargetId, onto: OrgId, period: Period, day: NaiveDate) -> Option<SeriesPoint> {
        self.restated_point(&self.sources(family, onto)?, onto, period, day)
    }

    fn sources(&self, family: TargetId, onto: OrgId) -> Option<Sources> {
        let (f, _) = self.slot_place(family)?;
        let fam = &self.families[f];
        let mut units: Vec<OrgId> = self.history.predecessors(onto);
        units.push(onto);
        let members: BTreeMap<OrgId, TargetId> = fam
            .members
            .iter()
            .filter_map(|&t| self.target(t))
            .filter(|t| units.contains(&t.org))
            .map(|t| (t.org, t.id))
            .collect();
        let first_target = *members.values().next()?;
        Some(Sources { members, additive: fam.rollup == Rollup::Sum, first_target })
    }

    /// One period restated: only the units in force during it take part, and a unit
    /// whose higher unit also takes part is already in that unit's value.
    fn restated_point(&self, s: &Sources, onto: OrgId, period: Period, day: NaiveDate) -> Option<SeriesPoint> {
        let (from, to) = (period.first_day(), period.last_day());
        let h = &self.history;
        let taking: Vec<(OrgId, TargetId, NaiveDate)> =
            s.members.iter().filter_map(|(&org, &t)| Some((org, t, h.last_day_within(org, from, to)?))).collect();
        let inside = |org: OrgId, on: NaiveDate| {
            let mut at = h.version_at(org, on).and_then(|v| v.parent);
            for _ in 0..64 {
                match at {
                    Some(p) if taking.iter().any(|(o, ..)| *o == p) => return true,
                    Some(p) => at = h.version_at(p, on).and_then(|v| v.parent),
                    None => return false,
                }
            }
            false
        };
        let reported: BTreeMap<OrgId, Option<f64>> = taking
            .iter()
            .filter(|(org, _, on)| !inside(*org, *on))
            .map(|&(org, t, _)| (org, self.value(t, period)))
            .collect();
        if reported.values().all(Option::is_none) {
            return None;
        }
        let name_of = |o: OrgId| self.tree.get(o).map_or_else(String::new, |n| n.org.name.clone());
        let restated = restate(h, &reported, onto, day, s.additive, name_of);
        Some(SeriesPoint { period, reported: reported.into_iter().collect(), restated })
    }

    /// The earlier-term families whose targets some predecessor of `org` holds: the
    /// root target of each, in document order.
    pub fn inherited_families(&self, org: OrgId) -> Vec<TargetId> {
        let sources = self.history.predecessors(org);
        let mut roots: Vec<TargetId> = Vec::new();
        for fam in &self.families {
            let held = fam.members.iter().filter_map(|&t| self.target(t)).any(|t| sources.contains(&t.org));
            if held && !roots.contains(&fam.root) {
                roots.push(fam.root);
            }
        }
        roots
    }
}
