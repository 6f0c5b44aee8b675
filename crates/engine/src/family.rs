//! A target family: a top target and every target cascaded from it, one per
//! organisation, with values in dense arrays (slot-major, members in tree pre-order)
//! and roll-up accumulators kept current on every write.

use domain::{Accrual, Rollup, TargetId};

/// What a member's subtree adds up to in one slot.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Acc {
    pub sum: f64,
    /// Σ value × weight, for weighted averages.
    pub wsum: f64,
    /// Σ weight.
    pub w: f64,
    /// Number of reporting units.
    pub n: u32,
}

impl Acc {
    fn add(&mut self, o: &Acc) {
        self.sum += o.sum;
        self.wsum += o.wsum;
        self.w += o.w;
        self.n += o.n;
    }
}

#[derive(Clone, Debug)]
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
    pub parent: Vec<Option<usize>>,
    /// Weight of each member (by position) from the denominator family, if weighted.
    pub weight_of: Option<(usize, Vec<Option<usize>>)>,
    /// Entered values, `NaN` where none: `raw[slot * members + pos]`.
    pub raw: Vec<f64>,
    pub acc: Vec<Acc>,
}

impl Family {
    pub fn width(&self) -> usize {
        self.members.len()
    }

    /// Slot of a grain period starting at month `m`, if it lies in the term.
    pub fn slot_of(&self, first: i32, last: i32) -> Option<usize> {
        let off = first - self.first_month;
        let aligned =
            off >= 0 && off % self.grain_months == 0 && last - first + 1 == self.grain_months;
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

    /// First slot of the calendar year that `slot` lies in.
    fn year_start(&self, slot: usize) -> usize {
        let month = self.first_month + slot as i32 * self.grain_months;
        let year_first = month.div_euclid(12) * 12;
        ((year_first - self.first_month).max(0) / self.grain_months) as usize
    }

    /// Last slot of the calendar year that `slot` lies in.
    fn year_end(&self, slot: usize) -> usize {
        let month = self.first_month + slot as i32 * self.grain_months;
        let next_year = (month.div_euclid(12) + 1) * 12;
        (((next_year - self.first_month) / self.grain_months) as usize).min(self.slots) - 1
    }

    /// A leaf's own contribution in `slot`. A level stands until it is reported
    /// again within the same year, so units reporting in different quarters still
    /// add up at the end of a period.
    fn leaf_acc(&self, slot: usize, pos: usize, weights: Option<&Family>) -> Acc {
        let v = match self.accrual {
            Accrual::Flow => Some(self.raw[slot * self.width() + pos]).filter(|v| !v.is_nan()),
            Accrual::Level => self.latest_raw(self.year_start(slot), slot, pos),
        };
        let Some(v) = v else { return Acc::default() };
        let w = match (&self.weight_of, weights) {
            (Some((_, map)), Some(wf)) => map[pos]
                .and_then(|wp| wf.latest_raw(wf.year_start(slot), slot, wp))
                .unwrap_or(0.0),
            _ => 0.0,
        };
        Acc {
            sum: v,
            wsum: v * w,
            w,
            n: 1,
        }
    }

    /// The latest entered value of member `pos` in slots `from..=slot`.
    fn latest_raw(&self, from: usize, slot: usize, pos: usize) -> Option<f64> {
        (from..=slot.min(self.slots.saturating_sub(1)))
            .rev()
            .map(|s| self.raw[s * self.width() + pos])
            .find(|v| !v.is_nan())
    }

    /// Recomputes every accumulator of one slot, leaves up.
    pub fn recompute_slot(&mut self, slot: usize, weights: Option<&Family>) {
        let w = self.width();
        for pos in (0..w).rev() {
            let acc = if self.children[pos].is_empty() {
                self.leaf_acc(slot, pos, weights)
            } else {
                let mut a = Acc::default();
                for &c in &self.children[pos] {
                    a.add(&self.acc[slot * w + c]);
                }
                a
            };
            self.acc[slot * w + pos] = acc;
        }
    }

    pub fn recompute(&mut self, weights: Option<&Family>) {
        for slot in 0..self.slots {
            self.recompute_slot(slot, weights);
        }
    }

    /// Updates one member's value and the accumulators on its path to the root, in
    /// every slot the value reaches (the rest of the year for a level).
    pub fn set(&mut self, slot: usize, pos: usize, value: Option<f64>, weights: Option<&Family>) {
        let w = self.width();
        self.raw[slot * w + pos] = value.unwrap_or(f64::NAN);
        if !self.children[pos].is_empty() {
            return; // an aggregated member's own entry does not count
        }
        let last = match self.accrual {
            Accrual::Flow => slot,
            Accrual::Level => self.year_end(slot),
        };
        for s in slot..=last {
            self.acc[s * w + pos] = self.leaf_acc(s, pos, weights);
            let mut cur = self.parent[pos];
            while let Some(p) = cur {
                let mut a = Acc::default();
                for &c in &self.children[p] {
                    a.add(&self.acc[s * w + c]);
                }
                self.acc[s * w + p] = a;
                cur = self.parent[p];
            }
        }
    }

    /// The value of member `pos` over slots `lo..=hi` by the family's rules: the sum of
    /// the slots for a flow, the standing level at the last slot for a level; `None`
    /// when nothing was reported.
    pub fn value(&self, pos: usize, lo: usize, hi: usize) -> Option<f64> {
        let w = self.width();
        let of = |a: &Acc| -> Option<f64> {
            if a.n == 0 {
                return None;
            }
            match self.rollups[pos] {
                Rollup::Average => Some(a.sum / f64::from(a.n)),
                Rollup::WeightedAverage(_) if a.w > 0.0 => Some(a.wsum / a.w),
                Rollup::WeightedAverage(_) => Some(a.sum / f64::from(a.n)),
                Rollup::Sum | Rollup::CountMeeting => Some(a.sum),
            }
        };
        match self.accrual {
            Accrual::Level => of(&self.acc[hi * w + pos]),
            Accrual::Flow => {
                let mut total = Acc::default();
                let mut max_n = 0;
                for s in lo..=hi {
                    let a = &self.acc[s * w + pos];
                    total.add(a);
                    max_n = max_n.max(a.n);
                }
                if total.n == 0 {
                    return None;
                }
                total.n = max_n;
                of(&total)
            }
        }
    }
}
