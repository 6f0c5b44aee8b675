//! In-memory analytics: the organisation tree in pre-order, figures in dense arrays per
//! target family, roll-ups kept current on every write, and evaluation of any unit's
//! targets for any period. The store is the truth; the engine is a cache rebuilt from
//! it at start and checked against a full recompute in tests.

mod dashboard;
mod family;
mod over_time;
mod search;
mod snapshot;
mod tree;

use std::collections::HashMap;

use domain::{
    Decimal, Document, DocumentId, Evaluation, Org, OrgId, Override, Period, Rollup, Status, Target, TargetId, evaluate,
};

pub use dashboard::{ChildRow, DashRow, Dashboard, FormRow, RESOLUTION};
pub use family::{Acc, Family};
pub use over_time::SeriesPoint;
pub use search::{Entry, Hit, HitKind};
pub use snapshot::{SnapshotError, Stamp};
pub use tree::{Node, Tree};

/// A figure as loaded from the store.
#[derive(Clone, Debug)]
pub struct Figure {
    pub target: TargetId,
    pub period: String,
    pub value: Decimal,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Engine {
    pub tree: Tree,
    documents: Vec<Document>,
    document_index: HashMap<DocumentId, usize>,
    /// Written apart in a snapshot, so that they decode beside the rest.
    #[serde(skip)]
    targets: Vec<Target>,
    target_index: HashMap<TargetId, usize>,
    /// Target indices of each document, in order.
    targets_by_doc: HashMap<DocumentId, Vec<usize>>,
    /// Document indices of each organisation.
    docs_by_org: HashMap<OrgId, Vec<usize>>,
    /// Document index of each target, by target index.
    doc_of: Vec<Option<usize>>,
    /// Family and position of each target, by target index.
    place: Vec<Option<(usize, usize)>>,
    families: Vec<Family>,
    overrides: HashMap<(TargetId, Period), Override>,
    /// Units, documents and targets as the search box sees them; left out of a
    /// snapshot and built again after it is read (see [`Engine::search_entries`]).
    #[serde(skip)]
    search: Vec<search::Entry>,
    /// Every unit's versions and the lineage of merges and splits.
    pub history: domain::units::History,
    /// Targets continuing earlier-term targets ("kế thừa").
    predecessors: HashMap<TargetId, Vec<TargetId>>,
}

impl Engine {
    pub fn build(
        orgs: Vec<Org>,
        documents: Vec<Document>,
        targets: Vec<Target>,
        figures: &[Figure],
        overrides: Vec<(TargetId, String, Override)>,
    ) -> Engine {
        let tree = Tree::build(orgs);
        let document_index = documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let target_index: HashMap<TargetId, usize> = targets.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let mut targets_by_doc: HashMap<DocumentId, Vec<usize>> = HashMap::new();
        for (i, t) in targets.iter().enumerate() {
            targets_by_doc.entry(t.document).or_default().push(i);
        }
        let mut docs_by_org: HashMap<OrgId, Vec<usize>> = HashMap::new();
        for (i, d) in documents.iter().enumerate() {
            docs_by_org.entry(d.org).or_default().push(i);
        }
        let mut e = Engine {
            tree,
            documents,
            document_index,
            targets_by_doc,
            docs_by_org,
            doc_of: Vec::new(),
            place: vec![None; targets.len()],
            targets,
            target_index,
            families: Vec::new(),
            overrides: HashMap::new(),
            search: Vec::new(),
            history: Default::default(),
            predecessors: HashMap::new(),
        };
        e.doc_of = e.targets.iter().map(|t| e.document_index.get(&t.document).copied()).collect();
        e.build_families();
        for f in figures {
            e.place_figure(f.target, &f.period, Some(f.value.to_f64()));
        }
        for (t, p, o) in overrides {
            if let Ok(p) = Period::from_code(&p) {
                e.overrides.insert((t, p), o);
            }
        }
        e.recompute_all();
        e.search = e.search_entries();
        e
    }

    /// Puts a stored value in place while loading; [`Engine::recompute_all`] rolls
    /// them up once all are in.
    pub fn load_figure(&mut self, target: TargetId, period: &str, value: Decimal) {
        self.place_figure(target, period, Some(value.to_f64()));
    }

    /// Whether the search box's index is built.
    pub fn search_ready(&self) -> bool {
        !self.search.is_empty()
    }

    pub fn set_search(&mut self, entries: Vec<search::Entry>) {
        self.search = entries;
    }

    fn root_of(&self, mut i: usize) -> usize {
        for _ in 0..64 {
            match self.targets[i].parent.and_then(|p| self.target_index.get(&p)) {
                Some(&p) => i = p,
                None => break,
            }
        }
        i
    }

    fn build_families(&mut self) {
        let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..self.targets.len() {
            if self.tree.index_of(self.targets[i].org).is_some() {
                by_root.entry(self.root_of(i)).or_default().push(i);
            }
        }
        let mut roots: Vec<usize> = by_root.keys().copied().collect();
        roots.sort_unstable();
        for root in roots {
            let mut members = by_root.remove(&root).unwrap_or_default();
            members.sort_by_key(|&i| self.tree.index_of(self.targets[i].org));
            let Some(doc) = self.document_of(root) else {
                continue;
            };
            let (first, last) = doc.term.months();
            let g = doc.grain.months();
            let f = self.families.len();
            let pos_of: HashMap<usize, usize> = members.iter().enumerate().map(|(p, &i)| (i, p)).collect();
            let parent: Vec<Option<usize>> = members
                .iter()
                .map(|&i| {
                    self.targets[i]
                        .parent
                        .and_then(|p| self.target_index.get(&p))
                        .and_then(|pi| pos_of.get(pi).copied())
                })
                .collect();
            for (p, &i) in members.iter().enumerate() {
                self.place[i] = Some((f, p));
            }
            let t = &self.targets[root];
            self.families.push(Family::new(
                t.id,
                t.rollup,
                members.iter().map(|&i| self.targets[i].rollup).collect(),
                t.accrual,
                first,
                g,
                ((last - first + 1) / g) as usize,
                members.iter().map(|&i| self.targets[i].id).collect(),
                parent,
            ));
        }
        // Weighted averages read the denominator family's value at the same organisation.
        for f in 0..self.families.len() {
            let Rollup::WeightedAverage(w) = self.families[f].rollup else {
                continue;
            };
            let Some((wf, _)) = self.target_index.get(&w).and_then(|&i| self.place[i]) else {
                continue;
            };
            let org_pos: HashMap<OrgId, usize> = self.families[wf]
                .members
                .iter()
                .enumerate()
                .map(|(p, t)| (self.targets[self.target_index[t]].org, p))
                .collect();
            let map = self.families[f]
                .members
                .iter()
                .map(|t| org_pos.get(&self.targets[self.target_index[t]].org).copied())
                .collect();
            self.families[f].weigh_by(wf, map);
        }
    }

    fn document_of(&self, target: usize) -> Option<&Document> {
        self.document_index.get(&self.targets[target].document).map(|&d| &self.documents[d])
    }

    /// Puts a value in place without rolling up; returns the family touched.
    fn place_figure(&mut self, target: TargetId, period: &str, value: Option<f64>) -> Option<(usize, usize, usize)> {
        let &ti = self.target_index.get(&target)?;
        let (f, pos) = self.place[ti]?;
        let (first, last) = Period::from_code(period).ok()?.months();
        let fam = &mut self.families[f];
        let slot = fam.slot_of(first, last)?;
        let at = fam.idx(slot, pos);
        fam.raw[at] = value.unwrap_or(f64::NAN);
        Some((f, slot, pos))
    }

    /// Families mutably with the read-only family that weights them.
    fn with_weights(&mut self, f: usize) -> (&mut Family, Option<&Family>) {
        let w = self.families[f].weight_of.as_ref().map(|(w, _)| *w);
        match w {
            Some(w) if w < f => {
                let (a, b) = self.families.split_at_mut(f);
                (&mut b[0], Some(&a[w]))
            }
            Some(w) if w > f => {
                let (a, b) = self.families.split_at_mut(w);
                (&mut a[f], Some(&b[0]))
            }
            _ => (&mut self.families[f], None),
        }
    }

    /// Recomputes every roll-up from the entered values. Families are independent (a
    /// weighted family reads only the entries of its weights), so unweighted families are
    /// spread over the available cores; weighted ones follow.
    pub fn recompute_all(&mut self) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let plain: Vec<&mut Family> = self.families.iter_mut().filter(|f| f.weight_of.is_none()).collect();
        let cells: usize = plain.iter().map(|f| f.cells()).sum();
        let share = cells / threads + 1;
        let mut batches: Vec<Vec<&mut Family>> = vec![Vec::new()];
        let mut filled = 0;
        for f in plain {
            if filled >= share {
                batches.push(Vec::new());
                filled = 0;
            }
            filled += f.cells();
            batches.last_mut().expect("one batch at least").push(f);
        }
        std::thread::scope(|scope| {
            for batch in batches {
                scope.spawn(move || batch.into_iter().for_each(|f| f.recompute(None)));
            }
        });
        for f in 0..self.families.len() {
            if self.families[f].weight_of.is_some() {
                let (fam, weights) = self.with_weights(f);
                fam.recompute(weights);
            }
        }
    }

    /// Applies one committed figure: the value and the roll-ups above it.
    pub fn apply_figure(&mut self, target: TargetId, period: &str, value: Option<Decimal>) {
        let Some((f, slot, pos)) = self.place_figure(target, period, value.map(Decimal::to_f64)) else {
            return;
        };
        let raw = self.families[f].raw[self.families[f].idx(slot, pos)];
        let (fam, weights) = self.with_weights(f);
        fam.set(slot, pos, (!raw.is_nan()).then_some(raw), weights);
        let dependants: Vec<usize> = (0..self.families.len())
            .filter(|&d| self.families[d].weight_of.as_ref().is_some_and(|(w, _)| *w == f))
            .collect();
        for d in dependants {
            let (fam, weights) = self.with_weights(d);
            fam.recompute(weights);
        }
    }

    pub fn apply_override(&mut self, target: TargetId, period: Period, o: Option<Override>) {
        match o {
            Some(o) => self.overrides.insert((target, period), o),
            None => self.overrides.remove(&(target, period)),
        };
    }

    pub fn target(&self, id: TargetId) -> Option<&Target> {
        self.target_index.get(&id).map(|&i| &self.targets[i])
    }

    pub fn document(&self, id: DocumentId) -> Option<&Document> {
        self.document_index.get(&id).map(|&i| &self.documents[i])
    }

    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// Targets of a document in order.
    pub fn targets_of(&self, doc: DocumentId) -> impl Iterator<Item = &Target> {
        self.targets_by_doc.get(&doc).into_iter().flatten().map(|&i| &self.targets[i])
    }

    /// Documents of an organisation.
    pub fn documents_of(&self, org: OrgId) -> impl Iterator<Item = &Document> {
        self.docs_by_org.get(&org).into_iter().flatten().map(|&i| &self.documents[i])
    }

    /// Whether a target's value comes from lower units rather than its own entry.
    pub fn is_aggregated(&self, id: TargetId) -> bool {
        self.slot_place(id).is_some_and(|(f, pos)| !self.families[f].children[pos].is_empty())
    }

    /// The lower units' targets whose values roll up into `id`, in tree order.
    pub fn linked_below(&self, id: TargetId) -> Vec<&Target> {
        let Some((f, pos)) = self.slot_place(id) else { return Vec::new() };
        let fam = &self.families[f];
        fam.children[pos].iter().filter_map(|&c| self.target(fam.members[c])).collect()
    }

    fn slot_place(&self, id: TargetId) -> Option<(usize, usize)> {
        self.target_index.get(&id).and_then(|&i| self.place[i])
    }

    /// The entered value of a target for one grain period.
    pub fn entered(&self, id: TargetId, period: Period) -> Option<f64> {
        let (f, pos) = self.slot_place(id)?;
        let fam = &self.families[f];
        let (first, last) = period.months();
        let slot = fam.slot_of(first, last)?;
        let v = fam.raw[fam.idx(slot, pos)];
        (!v.is_nan()).then_some(v)
    }

    /// The value of a target for `period`: its own figures, or its lower units' rolled up.
    pub fn value(&self, id: TargetId, period: Period) -> Option<f64> {
        self.value_at(*self.target_index.get(&id)?, period)
    }

    fn value_at(&self, ti: usize, period: Period) -> Option<f64> {
        let (f, pos) = self.place[ti]?;
        let fam = &self.families[f];
        let (first, last) = period.months();
        let (lo, hi) = fam.slot_range(first, last)?;
        if fam.rollups[pos] == Rollup::CountMeeting && !fam.children[pos].is_empty() {
            let met = fam.children[pos]
                .iter()
                .filter(|&&c| {
                    let status = self.target_index.get(&fam.members[c]).and_then(|&ci| self.evaluation_at(ci, period));
                    matches!(status.map(|e| e.status), Some(Status::Met | Status::Exceeded))
                })
                .count();
            return Some(met as f64);
        }
        fam.value(pos, lo, hi)
    }

    /// Evaluates a target for `period` against its plan, with any manual override.
    pub fn evaluation(&self, id: TargetId, period: Period) -> Option<Evaluation> {
        self.evaluation_at(*self.target_index.get(&id)?, period)
    }

    pub(crate) fn evaluation_at(&self, ti: usize, period: Period) -> Option<Evaluation> {
        let t = &self.targets[ti];
        let doc = &self.documents[self.doc_of[ti]?];
        let actual = self.value_at(ti, period);
        let manual = if self.overrides.is_empty() { None } else { self.overrides.get(&(t.id, period)) };
        Some(evaluate(t, period, doc.term, actual, &doc.bands, manual))
    }

    /// Target indices of a document.
    pub(crate) fn target_indices(&self, doc: DocumentId) -> &[usize] {
        self.targets_by_doc.get(&doc).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn target_at(&self, ti: usize) -> &Target {
        &self.targets[ti]
    }

    /// First difference between two engines' values and roll-ups, if any.
    pub fn diff(&self, other: &Engine) -> Option<String> {
        if self.families.len() != other.families.len() {
            return Some(format!("{} families vs {}", self.families.len(), other.families.len()));
        }
        let close = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()));
        for (f, (a, b)) in self.families.iter().zip(&other.families).enumerate() {
            for (i, (x, y)) in a.raw.iter().zip(&b.raw).enumerate() {
                if !close(*x, *y) {
                    return Some(format!("family {f} raw {i}: {x} vs {y}"));
                }
            }
            for i in 0..a.cells().min(b.cells()) {
                let (x, y) = (a.acc(i), b.acc(i));
                if x.n != y.n || !close(x.sum, y.sum) || !close(x.wsum, y.wsum) || !close(x.w, y.w) {
                    return Some(format!("family {f} acc {i}: {x:?} vs {y:?}"));
                }
            }
        }
        None
    }

    /// Number of values the engine holds (entered or not), for reports.
    pub fn capacity(&self) -> usize {
        self.families.iter().map(|f| f.raw.len()).sum()
    }
}

#[cfg(test)]
mod tests;
