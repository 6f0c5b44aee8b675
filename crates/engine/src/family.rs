//! A target family: a top target and every target cascaded from it, one per
//! organisation, with values in dense arrays (members in tree pre-order, each member's
//! slots contiguous) and roll-up accumulators kept current on every write.
//!
//! Accumulators are split by field (`sum`, `n`, and `wsum`/`w` only for weighted
//! families) so a full recompute streams through as little memory as possible.

use domain::{Accrual, Rollup, TargetId};

/// No parent: the top member.
const NONE: u32 = u32::MAX;

/// What a member's subtree adds up to in one slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Acc {
    pub sum: f64,
    /// Σ value × weight, for weighted averages.
    pub wsum: f64,
    /// Σ weight.
    pub w: f64,
    /// Number of reporting units.
    pub n: u32,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Family {
    pub root: TargetId,
    /// The roll-up rule of the top target (it decides the weights).
    pub rollup: Rollup,
    /// Each member's own roll-up rule, by position.
    pub rollups: Vec<Rollup>,
    pub accrual: Accrual,
    /// Month index of the first slot and months per slot.
    pub first_month: i32,
    pub grain_months: i32,
    pub slots: usize,
    /// Target of each member, in tree pre-order of their organisations.
    pub members: Vec<TargetId>,
    pub children: Vec<Vec<usize>>,
    parent: Vec<u32>,
    /// Whether each member takes its own entries (has no lower members).
    leaf: Vec<bool>,
    /// Whether the slot starts a calendar year (levels stop standing there).
    year_starts: Vec<bool>,
    /// Weight family and, per member, the member of the weight family at the same
    /// organisation.
    pub weight_of: Option<(usize, Vec<Option<usize>>)>,
    /// Entered values, `NaN` where none, at [`Family::idx`].
    pub raw: Vec<f64>,
    // The accumulators follow from `raw` by a recompute, so a snapshot leaves them out.
    #[serde(skip)]
    sum: Vec<f64>,
    #[serde(skip)]
    n: Vec<u32>,
    #[serde(skip)]
    wsum: Vec<f64>,
    #[serde(skip)]
    w: Vec<f64>,
}

impl Family {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root: TargetId,
        rollup: Rollup,
        rollups: Vec<Rollup>,
        accrual: Accrual,
        first_month: i32,
        grain_months: i32,
        slots: usize,
        members: Vec<TargetId>,
        parent: Vec<Option<usize>>,
    ) -> Family {
        let width = members.len();
        let mut children = vec![Vec::new(); width];
        for (p, par) in parent.iter().enumerate() {
            if let Some(par) = par {
                children[*par].push(p);
            }
        }
        let leaf = children.iter().map(Vec::is_empty).collect();
        let year_starts =
            (0..slots).map(|s| (first_month + s as i32 * grain_months).rem_euclid(12) < grain_months).collect();
        Family {
            root,
            rollup,
            rollups,
            accrual,
            first_month,
            grain_months,
            slots,
            members,
            children,
            leaf,
            parent: parent.iter().map(|p| p.map_or(NONE, |p| p as u32)).collect(),
            year_starts,
            weight_of: None,
            raw: vec![f64::NAN; slots * width],
            sum: vec![0.0; slots * width],
            n: vec![0; slots * width],
            wsum: Vec::new(),
            w: Vec::new(),
        }
    }

    /// Makes this family weighted by `family`, mapping each member to its weight.
    pub fn weigh_by(&mut self, family: usize, map: Vec<Option<usize>>) {
        self.weight_of = Some((family, map));
        self.wsum = vec![0.0; self.sum.len()];
        self.w = vec![0.0; self.sum.len()];
    }

    /// Gives the accumulators their size again after a snapshot is read; a recompute
    /// fills them.
    pub(crate) fn restore(&mut self) {
        let cells = self.raw.len();
        self.sum = vec![0.0; cells];
        self.n = vec![0; cells];
        if self.weight_of.is_some() {
            self.wsum = vec![0.0; cells];
            self.w = vec![0.0; cells];
        }
    }

    pub fn width(&self) -> usize {
        self.members.len()
    }

    /// Where member `pos`'s value for `slot` lives: a member's slots are contiguous, so a
    /// period is one short run and a roll-up adds whole rows.
    pub fn idx(&self, slot: usize, pos: usize) -> usize {
        pos * self.slots + slot
    }

    fn weighted(&self) -> bool {
        !self.w.is_empty()
    }

    pub fn acc(&self, i: usize) -> Acc {
        let (wsum, w) = if self.weighted() { (self.wsum[i], self.w[i]) } else { (0.0, 0.0) };
        Acc { sum: self.sum[i], wsum, w, n: self.n[i] }
    }

    /// Slot of a grain period spanning months `first..=last`, if it lies in the term.
    pub fn slot_of(&self, first: i32, last: i32) -> Option<usize> {
        let off = first - self.first_month;
        let aligned = off >= 0 && off % self.grain_months == 0 && last - first + 1 == self.grain_months;
        let slot = (off / self.grain_months.max(1)) as usize;
        (aligned && slot < self.slots).then_some(slot)
    }

    /// Slots covering months `first..=last` exactly, clipped to the term.
    pub fn slot_range(&self, first: i32, last: i32) -> Option<(usize, usize)> {
        let g = self.grain_months;
        let (a, b) = (first - self.first_month, last - self.first_month + 1);
        if a % g != 0 || b % g != 0 || b <= 0 {
            return None;
        }
        let lo = (a / g).max(0) as usize;
        let hi = ((b / g) as usize).min(self.slots);
        (lo < hi).then_some((lo, hi - 1))
    }

    /// The entered value standing at `slot`: the slot's own for a flow; for a level, the
    /// latest entered since the start of that year.
    fn standing(&self, slot: usize, pos: usize) -> Option<f64> {
        let mut s = slot;
        loop {
            let v = self.raw[self.idx(s, pos)];
            if !v.is_nan() {
                return Some(v);
            }
            if self.accrual == Accrual::Flow || self.year_starts[s] || s == 0 {
                return None;
            }
            s -= 1;
        }
    }

    /// The weight of member `pos` at `slot` from the weight family.
    fn weight(&self, slot: usize, pos: usize, weights: Option<&Family>) -> f64 {
        match (&self.weight_of, weights) {
            (Some((_, map)), Some(wf)) => map[pos].and_then(|wp| wf.standing(slot, wp)).unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// Recomputes every accumulator: leaves from their entries, then each member adds its
    /// row into its parent's, children before parents (reverse pre-order).
    pub fn recompute(&mut self, weights: Option<&Family>) {
        let (width, slots) = (self.width(), self.slots);
        let level = self.accrual == Accrual::Level;
        for pos in 0..width {
            let row = pos * slots;
            let mut carry = f64::NAN;
            for slot in 0..slots {
                let raw = self.raw[row + slot];
                let v = if level {
                    if self.year_starts[slot] {
                        carry = f64::NAN;
                    }
                    if !raw.is_nan() {
                        carry = raw;
                    }
                    carry
                } else {
                    raw
                };
                let counts = self.leaf[pos] && !v.is_nan();
                self.sum[row + slot] = if counts { v } else { 0.0 };
                self.n[row + slot] = u32::from(counts);
            }
        }
        for pos in (1..width).rev() {
            let p = self.parent[pos];
            if p != NONE {
                add_row(&mut self.sum, p as usize, pos, slots);
                add_row(&mut self.n, p as usize, pos, slots);
            }
        }
        if self.weighted() {
            self.recompute_weights(weights);
        }
    }

    /// The weighted sums, after `sum` and `n` are current.
    fn recompute_weights(&mut self, weights: Option<&Family>) {
        let (width, slots) = (self.width(), self.slots);
        for pos in 0..width {
            for slot in 0..slots {
                let i = self.idx(slot, pos);
                let counts = self.leaf[pos] && self.n[i] == 1;
                let wt = if counts { self.weight(slot, pos, weights) } else { 0.0 };
                self.w[i] = wt;
                self.wsum[i] = if counts { self.sum[i] * wt } else { 0.0 };
            }
        }
        for pos in (1..width).rev() {
            let p = self.parent[pos];
            if p != NONE {
                add_row(&mut self.wsum, p as usize, pos, slots);
                add_row(&mut self.w, p as usize, pos, slots);
            }
        }
    }

    /// Updates one member's value and, in every slot the value reaches (the rest of the
    /// year for a level), the accumulators on its path to the top.
    pub fn set(&mut self, slot: usize, pos: usize, value: Option<f64>, weights: Option<&Family>) {
        let at = self.idx(slot, pos);
        self.raw[at] = value.unwrap_or(f64::NAN);
        if !self.leaf[pos] {
            return; // an aggregated member's own entry does not count
        }
        let mut last = slot;
        if self.accrual == Accrual::Level {
            while last + 1 < self.slots && !self.year_starts[last + 1] {
                last += 1;
            }
        }
        for s in slot..=last {
            let i = self.idx(s, pos);
            let v = self.standing(s, pos);
            let (sum, n) = (v.unwrap_or(0.0), u32::from(v.is_some()));
            let (d_sum, d_n) = (sum - self.sum[i], i64::from(n) - i64::from(self.n[i]));
            let (d_wsum, d_w) = if self.weighted() {
                let wt = if v.is_some() { self.weight(s, pos, weights) } else { 0.0 };
                (sum * wt - self.wsum[i], wt - self.w[i])
            } else {
                (0.0, 0.0)
            };
            let mut cur = pos as u32;
            while cur != NONE {
                let j = self.idx(s, cur as usize);
                self.sum[j] += d_sum;
                self.n[j] = (i64::from(self.n[j]) + d_n) as u32;
                if self.weighted() {
                    self.wsum[j] += d_wsum;
                    self.w[j] += d_w;
                }
                cur = self.parent[cur as usize];
            }
        }
    }

    /// The value of member `pos` over slots `lo..=hi` by its roll-up rule: the sum of the
    /// slots for a flow, the standing level at the last slot for a level; `None` when
    /// nothing was reported.
    pub fn value(&self, pos: usize, lo: usize, hi: usize) -> Option<f64> {
        let total = match self.accrual {
            Accrual::Level => self.acc(self.idx(hi, pos)),
            Accrual::Flow => {
                let mut t = Acc::default();
                for s in lo..=hi {
                    let a = self.acc(self.idx(s, pos));
                    t.sum += a.sum;
                    t.wsum += a.wsum;
                    t.w += a.w;
                    t.n = t.n.max(a.n);
                }
                t
            }
        };
        if total.n == 0 {
            return None;
        }
        Some(match self.rollups[pos] {
            Rollup::Average => total.sum / f64::from(total.n),
            Rollup::WeightedAverage(_) if total.w > 0.0 => total.wsum / total.w,
            Rollup::WeightedAverage(_) => total.sum / f64::from(total.n),
            Rollup::Sum | Rollup::CountMeeting => total.sum,
        })
    }

    /// Number of accumulator cells, for comparisons.
    pub fn cells(&self) -> usize {
        self.sum.len()
    }
}

/// Adds member `child`'s row of `slots` values into member `parent`'s; a parent comes
/// before its children in pre-order, so the rows do not overlap.
fn add_row<T: Copy + std::ops::AddAssign>(values: &mut [T], parent: usize, child: usize, slots: usize) {
    let (head, tail) = values.split_at_mut(child * slots);
    let target = &mut head[parent * slots..parent * slots + slots];
    for (t, c) in target.iter_mut().zip(&tail[..slots]) {
        *t += *c;
    }
}
