//! The unit summary (tổng hợp đánh giá): how many targets fall in each band, as data
//! and as the sentence reports write.

use crate::evaluation::{Bands, Evaluation, Status};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct UnitSummary {
    pub total: usize,
    /// Count per band, highest band first.
    pub bands: Vec<usize>,
    pub in_progress: usize,
    pub exceeded: usize,
    pub met: usize,
    pub on_track: usize,
    pub behind: usize,
    pub missed: usize,
}

impl UnitSummary {
    pub fn of<'a>(evaluations: impl IntoIterator<Item = &'a Evaluation>, bands: &Bands) -> UnitSummary {
        let mut s = UnitSummary { bands: vec![0; bands.len()], ..Default::default() };
        for e in evaluations {
            s.add(e);
        }
        s
    }

    pub fn add(&mut self, e: &Evaluation) {
        self.total += 1;
        match e.band {
            Some(b) if b < self.bands.len() => self.bands[b] += 1,
            _ => self.in_progress += 1,
        }
        match e.status {
            Status::Exceeded => self.exceeded += 1,
            Status::Met => self.met += 1,
            Status::OnTrack => self.on_track += 1,
            Status::Behind => self.behind += 1,
            Status::Missed => self.missed += 1,
            Status::InProgress => {}
        }
    }

    /// "13/31 chỉ tiêu hoàn thành 100%, 2/31 chỉ tiêu đạt từ 90% trở lên, …, 4/31 chỉ
    /// tiêu dưới 70% và 8 chỉ tiêu đang thực hiện."
    pub fn sentence(&self, bands: &Bands) -> String {
        if self.total == 0 {
            return "Chưa có chỉ tiêu nào.".to_string();
        }
        let mut parts: Vec<String> = self
            .bands
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| format!("{n}/{} chỉ tiêu {}", self.total, bands.label(i)))
            .collect();
        if self.in_progress > 0 {
            parts.push(format!("{} chỉ tiêu đang thực hiện", self.in_progress));
        }
        let text = match parts.len() {
            0 => return "Chưa có chỉ tiêu nào được đánh giá.".to_string(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().expect("two or more parts");
                format!("{} và {last}", parts.join(", "))
            }
        };
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{}.", chars.as_str())
    }

    /// Targets met or exceeded ("đạt và vượt").
    pub fn achieved(&self) -> usize {
        self.exceeded + self.met
    }

    /// The targets in the top band, and their share in percent of all: what lower units
    /// are ranked by. `None` without targets.
    pub fn completion(&self) -> Option<(usize, f64)> {
        let top = self.bands.first().copied().unwrap_or(0);
        (self.total > 0).then(|| (top, 100.0 * top as f64 / self.total as f64))
    }
}
