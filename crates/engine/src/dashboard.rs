//! What a dashboard and a figure form need, read from the engine: a unit's targets
//! for a period with their evaluation, and each child unit's band counts.

use domain::{Document, Evaluation, Org, OrgId, Period, Target, UnitSummary};

use crate::Engine;

/// The document type that carries a unit's targets.
pub const RESOLUTION: &str = "Nghị quyết";

/// One target's line on a dashboard.
#[derive(Clone, Debug)]
pub struct DashRow<'a> {
    pub target: &'a Target,
    pub evaluation: Evaluation,
    /// The value is rolled up from lower units.
    pub aggregated: bool,
    /// The higher unit's target this one is linked to.
    pub linked_to: Option<&'a Target>,
}

/// A child unit's result for the same period.
#[derive(Clone, Debug)]
pub struct ChildRow<'a> {
    pub org: &'a Org,
    /// Its name during the period, which a later rename does not rewrite.
    pub name: &'a str,
    pub summary: Option<UnitSummary>,
}

#[derive(Clone, Debug)]
pub struct Dashboard<'a> {
    pub org: &'a Org,
    pub period: Period,
    pub resolution: Option<&'a Document>,
    pub rows: Vec<DashRow<'a>>,
    pub summary: UnitSummary,
    pub children: Vec<ChildRow<'a>>,
}

/// One target's line on the figure form.
#[derive(Clone, Debug)]
pub struct FormRow<'a> {
    pub target: &'a Target,
    pub entered: Option<f64>,
    pub aggregated: bool,
}

impl Engine {
    /// The resolution of `org` whose term covers `period`.
    pub fn resolution_for(&self, org: OrgId, period: Period) -> Option<&Document> {
        self.resolutions_of(org).into_iter().find(|d| d.term.contains(period))
    }

    /// Resolutions (nghị quyết) of `org` that have targets, newest term first. Other
    /// documents with indicators (statistics used as weights) are not resolutions.
    pub fn resolutions_of(&self, org: OrgId) -> Vec<&Document> {
        let mut docs: Vec<&Document> = self
            .documents_of(org)
            .filter(|d| d.doc_type == RESOLUTION && !self.target_indices(d.id).is_empty())
            .collect();
        docs.sort_by_key(|d| std::cmp::Reverse(d.term.months().0));
        docs
    }

    /// Band counts of `org`'s resolution for `period`, if it has one.
    pub fn summary(&self, org: OrgId, period: Period) -> Option<UnitSummary> {
        let doc = self.resolution_for(org, period)?;
        let mut summary = UnitSummary::of(std::iter::empty(), &doc.bands);
        for &ti in self.target_indices(doc.id) {
            if let Some(e) = self.evaluation_at(ti, period) {
                summary.add(&e);
            }
        }
        Some(summary)
    }

    pub fn dashboard(&self, org: OrgId, period: Period) -> Option<Dashboard<'_>> {
        let node = self.tree.get(org)?;
        let resolution = self.resolution_for(org, period);
        let rows: Vec<DashRow<'_>> = resolution
            .map(|doc| {
                self.target_indices(doc.id)
                    .iter()
                    .filter_map(|&ti| {
                        let t = self.target_at(ti);
                        Some(DashRow {
                            target: t,
                            evaluation: self.evaluation_at(ti, period)?,
                            aggregated: self.is_aggregated(t.id),
                            linked_to: t.parent.and_then(|p| self.target(p)),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let summary =
            resolution.map(|doc| UnitSummary::of(rows.iter().map(|r| &r.evaluation), &doc.bands)).unwrap_or_default();
        let children = self
            .children_in(org, period)
            .into_iter()
            .map(|c| {
                let org = &self.tree.nodes[c].org;
                ChildRow { org, name: self.name_in(org, period), summary: self.summary(org.id, period) }
            })
            .collect();
        Some(Dashboard { org: &node.org, period, resolution, rows, summary, children })
    }

    /// `org`'s name on the last day of `period` it was in force: the name it reported under.
    pub fn name_in<'a>(&'a self, org: &'a Org, period: Period) -> &'a str {
        self.history
            .last_day_within(org.id, period.first_day(), period.last_day())
            .and_then(|day| self.history.version_at(org.id, day))
            .map_or(org.name.as_str(), |v| v.name.as_str())
    }

    /// The units under `org` during `period`, as the tree stood on the last day of it
    /// that `org` was in force: a merged commune's 2020 dashboard lists its chi bộ of
    /// 2020, wherever they are now. Indices into the tree, in tree order.
    pub fn children_in(&self, org: OrgId, period: Period) -> Vec<usize> {
        let Some(node) = self.tree.get(org) else { return Vec::new() };
        if self.history.events().is_empty() {
            return node.children.clone();
        }
        let Some(day) = self.history.last_day_within(org, period.first_day(), period.last_day()) else {
            return Vec::new();
        };
        let mut at: Vec<usize> =
            self.history.children_at(org, day).into_iter().filter_map(|c| self.tree.index_of(c)).collect();
        at.sort_unstable();
        at
    }

    /// The resolution `org` enters figures of in `period`, when that is one of its
    /// grain periods.
    pub fn form_document(&self, org: OrgId, period: Period) -> Option<&Document> {
        self.resolution_for(org, period).filter(|doc| doc.grain.fits(period))
    }

    /// The targets `org` enters figures for in the grain period `period`.
    pub fn form(&self, org: OrgId, period: Period) -> Option<(&Document, Vec<FormRow<'_>>)> {
        let doc = self.form_document(org, period)?;
        let rows = self
            .targets_of(doc.id)
            .map(|t| FormRow { target: t, entered: self.entered(t.id, period), aggregated: self.is_aggregated(t.id) })
            .collect();
        Some((doc, rows))
    }
}
