//! Evaluation (đánh giá) of a target for a unit and period: the completion ratio
//! against the plan that applies, the status, and the band it counts in.

use vn::Period;

use crate::target::{ABOUT_TOLERANCE, Accrual, AssessAt, Bound, Direction, Target};

/// Status of a target in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// vượt: better than planned.
    Exceeded,
    /// đạt: as planned.
    Met,
    /// đạt tiến độ: not yet met, but ahead of the time elapsed.
    OnTrack,
    /// chưa đạt tiến độ: not yet met and behind the time elapsed.
    Behind,
    /// không đạt: the period that judges it is over and it was not met.
    Missed,
    /// chưa đánh giá / đang thực hiện: no figure yet, or too early to judge.
    InProgress,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Exceeded, Status::Met, Status::OnTrack, Status::Behind, Status::Missed, Status::InProgress];

    pub fn label(self) -> &'static str {
        match self {
            Status::Exceeded => "Vượt",
            Status::Met => "Đạt",
            Status::OnTrack => "Đạt tiến độ",
            Status::Behind => "Chưa đạt tiến độ",
            Status::Missed => "Không đạt",
            Status::InProgress => "Đang thực hiện",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Met => "met",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::Missed => "missed",
            Status::InProgress => "in_progress",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.code() == s)
    }
}

/// Completion bands, as descending thresholds in percent. The default 100/90/70 is a
/// convention, not a national rule, so each resolution may set its own.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bands(Vec<f64>);

impl Default for Bands {
    fn default() -> Self {
        Bands(vec![100.0, 90.0, 70.0])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Ngưỡng đánh giá “{0}” không hợp lệ: cần các số phần trăm giảm dần, ví dụ 100;90;70")]
pub struct BandsError(pub String);

impl Bands {
    pub fn new(thresholds: Vec<f64>) -> Result<Bands, BandsError> {
        let descending = thresholds.windows(2).all(|w| w[0] > w[1]);
        if thresholds.is_empty() || !descending || thresholds.iter().any(|t| !t.is_finite() || *t <= 0.0) {
            return Err(BandsError(format!("{thresholds:?}")));
        }
        Ok(Bands(thresholds))
    }

    /// Reads "100;90;70" (Vietnamese decimals allowed).
    pub fn parse(s: &str) -> Result<Bands, BandsError> {
        let values: Result<Vec<f64>, _> = s.split(';').map(|t| vn::Decimal::parse_vn(t).map(|d| d.to_f64())).collect();
        values.map_err(|_| BandsError(s.to_string())).and_then(Bands::new)
    }

    pub fn code(&self) -> String {
        self.0.iter().map(|t| vn::number::format_f64(*t, 2)).collect::<Vec<_>>().join(";")
    }

    pub fn thresholds(&self) -> &[f64] {
        &self.0
    }

    /// Number of bands: one per threshold plus "below the last".
    pub fn len(&self) -> usize {
        self.0.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn band_of(&self, ratio: f64) -> usize {
        self.0.iter().position(|t| ratio >= *t).unwrap_or(self.0.len())
    }

    /// Phrase for band `i` as reports write it: "hoàn thành 100%", "đạt từ 90% trở
    /// lên", "dưới 70%".
    pub fn label(&self, i: usize) -> String {
        let pct = |t: f64| vn::number::format_f64(t, 2);
        match (i, self.0.get(i)) {
            (0, Some(t)) => format!("hoàn thành {}%", pct(*t)),
            (_, Some(t)) => format!("đạt từ {}% trở lên", pct(*t)),
            _ => format!("dưới {}%", pct(*self.0.last().expect("bands are never empty"))),
        }
    }
}

/// A person's decision that replaces the computed status.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Override {
    pub status: Status,
    pub reason: String,
}

/// The outcome for one target, unit and period.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub plan: Bound,
    pub actual: Option<f64>,
    /// Completion in percent of the plan.
    pub ratio: Option<f64>,
    pub status: Status,
    /// Index into the bands; `None` while the target is in progress.
    pub band: Option<usize>,
    pub overridden: Option<String>,
}

/// Evaluates `target` for `period` of `term` given the actual value, if any.
pub fn evaluate(
    target: &Target,
    period: Period,
    term: Period,
    actual: Option<f64>,
    bands: &Bands,
    manual: Option<&Override>,
) -> Evaluation {
    let plan = target.plan_for(period, term);
    let assessable = match target.assess_at {
        AssessAt::AnyPeriod => true,
        AssessAt::YearEnd => period.ends_a_year(),
        AssessAt::TermEnd => period.months().1 == term.months().1,
    };
    let judged = actual.filter(|a| a.is_finite() && assessable).map(|a| judge(plan, target.direction, a));
    let (mut status, ratio) = match judged {
        None => (Status::InProgress, None),
        Some(Judgement { ratio, satisfied, better }) => {
            let status = if satisfied {
                if better { Status::Exceeded } else { Status::Met }
            } else if is_final(target, period, term) {
                Status::Missed
            } else if ratio >= expected_progress(target, period) {
                Status::OnTrack
            } else {
                Status::Behind
            };
            (status, Some(ratio))
        }
    };
    let mut band = ratio.map(|r| bands.band_of(r));
    if let Some(o) = manual {
        status = o.status;
        band = match o.status {
            Status::Exceeded | Status::Met => Some(0),
            Status::InProgress => None,
            _ => band.filter(|b| *b > 0).or(Some(1.min(bands.len() - 1))),
        };
    }
    Evaluation { plan, actual, ratio, status, band, overridden: manual.map(|o| o.reason.clone()) }
}

struct Judgement {
    ratio: f64,
    satisfied: bool,
    better: bool,
}

/// Ratio of actual to plan in percent, respecting operator and direction; a met
/// target is at least 100 and an unmet one below 100.
fn judge(plan: Bound, direction: Direction, a: f64) -> Judgement {
    let higher = direction == Direction::HigherIsBetter;
    let toward = |v: f64, higher: bool| -> f64 {
        if v <= 0.0 {
            return if (higher && a >= v) || (!higher && a <= v) { 100.0 } else { 0.0 };
        }
        if higher {
            a / v * 100.0
        } else if a <= 0.0 {
            f64::INFINITY
        } else {
            v / a * 100.0
        }
    };
    let (ratio, satisfied, better) = match plan {
        Bound::Exact(v) => {
            let v = v.to_f64();
            let ok = if higher { a >= v } else { a <= v };
            (toward(v, higher), ok, ok && a != v)
        }
        Bound::AtLeast { value, strict } => {
            let v = value.to_f64();
            let ok = if strict { a > v } else { a >= v };
            (toward(v, true), ok, ok && !strict && a > v)
        }
        Bound::AtMost { value, strict } => {
            let v = value.to_f64();
            let ok = if strict { a < v } else { a <= v };
            (toward(v, false), ok, ok && !strict && a < v)
        }
        Bound::Range { low, high } => {
            let (lo, hi) = (low.to_f64(), high.to_f64());
            if higher {
                (if a > hi { toward(hi, true) } else { toward(lo, true) }, a >= lo, a > hi)
            } else {
                (if a < lo { toward(lo, false) } else { toward(hi, false) }, a <= hi, a < lo)
            }
        }
        Bound::About(v) => {
            let v = v.to_f64();
            let (lo, hi) = (v * (1.0 - ABOUT_TOLERANCE), v * (1.0 + ABOUT_TOLERANCE));
            let ok = if higher { a >= lo } else { a <= hi };
            let better = if higher { a > hi } else { a < lo };
            (toward(v, higher), ok, better)
        }
        Bound::YesNo => {
            let ok = a >= 0.5;
            (if ok { 100.0 } else { 0.0 }, ok, false)
        }
    };
    let ratio = if satisfied { ratio.max(100.0) } else { ratio.min(99.99) };
    let ratio = if ratio.is_finite() { ratio.max(0.0) } else { 999.99 };
    Judgement { ratio, satisfied, better }
}

/// Whether `period` is the one that finally judges the plan that applies to it.
fn is_final(target: &Target, period: Period, term: Period) -> bool {
    let term_end = period.months().1 == term.months().1;
    match period.year() {
        Some(y) if target.yearly.contains_key(&y) => period.ends_a_year(),
        _ => match target.measure {
            crate::Measure::EveryYear | crate::Measure::YearlyAverage => period.ends_a_year(),
            crate::Measure::Cumulative if target.accrual == Accrual::Flow => period.ends_a_year(),
            _ => term_end,
        },
    }
}

/// The share of the plan expected by the end of `period` (percent): the months elapsed
/// for an amount that accrues over the year, the whole plan for a level.
fn expected_progress(target: &Target, period: Period) -> f64 {
    match (target.accrual, period.year()) {
        (Accrual::Flow, Some(_)) => {
            let (_, last) = period.months();
            f64::from(last.rem_euclid(12) + 1) / 12.0 * 100.0
        }
        _ => 100.0,
    }
}

#[cfg(test)]
mod tests;
