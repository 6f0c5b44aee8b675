//! Everything else a committee counts beside its targets: classes and who attended,
//! opinion surveys, awards, model campaigns, congresses held, and the annual quality
//! rating of organisations and members with its quota rule. Totals roll up the tree by
//! plain addition; percentages are computed from the sums, never averaged.

/// A kind of counted work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkKind {
    /// Lớp (hội nghị) học tập, quán triệt nghị quyết.
    Dissemination,
    /// Lớp bồi dưỡng nhận thức về Đảng, đảng viên mới.
    Admission,
    /// Lớp bồi dưỡng, tập huấn cán bộ.
    Training,
    /// Khảo sát, lấy ý kiến: the count is the number of forms.
    Survey,
    /// Khen thưởng.
    Award,
    /// Mô hình, phong trào.
    Campaign,
    /// Đại hội chi bộ, đảng bộ: count held of total (eligible).
    Congress,
}

coded!(WorkKind {
    Dissemination = "dissemination", "Học tập, quán triệt nghị quyết";
    Admission = "admission", "Bồi dưỡng nhận thức về Đảng, đảng viên mới";
    Training = "training", "Bồi dưỡng, tập huấn cán bộ";
    Survey = "survey", "Khảo sát, lấy ý kiến";
    Award = "award", "Khen thưởng";
    Campaign = "campaign", "Mô hình, phong trào";
    Congress = "congress", "Đại hội chi bộ, đảng bộ";
});

impl WorkKind {
    /// What the count counts: "lớp", "phiếu", "đại hội".
    pub fn noun(self) -> &'static str {
        match self {
            WorkKind::Dissemination | WorkKind::Admission | WorkKind::Training => "lớp",
            WorkKind::Survey => "phiếu",
            WorkKind::Award => "tập thể, cá nhân được khen thưởng",
            WorkKind::Campaign => "mô hình",
            WorkKind::Congress => "đại hội",
        }
    }

    /// Whether entries carry attendance (participants of eligible).
    pub fn has_attendance(self) -> bool {
        matches!(self, WorkKind::Dissemination | WorkKind::Admission | WorkKind::Training)
    }
}

/// Sums of one kind over units and periods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkTotal {
    pub count: i64,
    /// For congresses, how many were due; for classes, unused.
    pub of: i64,
    pub participants: i64,
    pub eligible: i64,
    /// The count of the entries that gave attendance, when some did not.
    pub counted_with_attendance: i64,
}

impl WorkTotal {
    pub fn add(&mut self, count: i64, of: Option<i64>, participants: Option<i64>, eligible: Option<i64>) {
        self.count += count;
        self.of += of.unwrap_or(0);
        self.participants += participants.unwrap_or(0);
        self.eligible += eligible.unwrap_or(0);
        if eligible.is_some() {
            self.counted_with_attendance += count;
        }
    }

    /// "11 lớp, 1.250/1.300 người tham dự (96,15%)", "250 phiếu", "67/67 đại hội".
    pub fn sentence(&self, kind: WorkKind) -> String {
        let n = |v: i64| vn::number::format_f64(v as f64, 0);
        let mut s = if kind == WorkKind::Congress && self.of > 0 {
            format!("{}/{} {}", n(self.count), n(self.of), kind.noun())
        } else {
            format!("{} {}", n(self.count), kind.noun())
        };
        if kind.has_attendance() && self.eligible > 0 {
            let percent = self.participants as f64 * 100.0 / self.eligible as f64;
            let p = vn::number::format_f64((percent * 100.0).round() / 100.0, 2);
            // Attendance stands for the classes that reported it, and says so when not all did.
            let scope = if self.counted_with_attendance < self.count {
                format!(" ở {} {} có số liệu", n(self.counted_with_attendance), kind.noun())
            } else {
                String::new()
            };
            s.push_str(&format!(", {}/{} người tham dự{scope} ({p}%)", n(self.participants), n(self.eligible)));
        } else if kind.has_attendance() && self.participants > 0 {
            s.push_str(&format!(", {} người tham dự", n(self.participants)));
        }
        s
    }
}

/// The four levels of the annual quality rating (xếp loại chất lượng).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    Excellent,
    Good,
    Fulfilled,
    NotFulfilled,
}

coded!(Rating {
    Excellent = "xuat_sac", "hoàn thành xuất sắc nhiệm vụ";
    Good = "tot", "hoàn thành tốt nhiệm vụ";
    Fulfilled = "hoan_thanh", "hoàn thành nhiệm vụ";
    NotFulfilled = "khong_hoan_thanh", "không hoàn thành nhiệm vụ";
});

impl Rating {
    /// The level a 100-point score falls in (90, 70, 50 are the usual thresholds).
    pub fn of_score(score: u8) -> Rating {
        match score {
            90.. => Rating::Excellent,
            70..=89 => Rating::Good,
            50..=69 => Rating::Fulfilled,
            _ => Rating::NotFulfilled,
        }
    }
}

/// Counts per level, and the quota rule: those rated excellent may not exceed
/// `quota_percent` of those rated good or better.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RatingCounts {
    pub counts: [usize; 4],
}

impl RatingCounts {
    pub fn of(ratings: impl IntoIterator<Item = Rating>) -> RatingCounts {
        let mut c = RatingCounts::default();
        for r in ratings {
            c.counts[r as usize] += 1;
        }
        c
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// "12 hoàn thành xuất sắc nhiệm vụ, 40 hoàn thành tốt nhiệm vụ, …" (levels with none omitted).
    pub fn sentence(&self) -> String {
        Rating::ALL
            .iter()
            .copied()
            .filter(|r| self.counts[*r as usize] > 0)
            .map(|r| format!("{} {}", self.counts[r as usize], r.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The warning when the quota is broken, in the words of the rule.
    pub fn quota_warning(&self, quota_percent: u32) -> Option<String> {
        let excellent = self.counts[Rating::Excellent as usize];
        let good = self.counts[Rating::Good as usize] + excellent;
        let limit = good * quota_percent as usize / 100;
        (excellent > limit).then(|| {
            format!(
                "Vượt tỷ lệ: {excellent} hoàn thành xuất sắc nhiệm vụ, trong khi tối đa là {quota_percent}% của {good} được xếp loại hoàn thành tốt nhiệm vụ trở lên ({limit})."
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_read_as_reports_write_them() {
        let mut t = WorkTotal::default();
        t.add(6, None, Some(700), Some(720));
        t.add(5, None, Some(550), Some(580));
        assert_eq!(t.sentence(WorkKind::Dissemination), "11 lớp, 1.250/1.300 người tham dự (96,15%)");
        t.add(4, None, None, None);
        assert_eq!(
            t.sentence(WorkKind::Dissemination),
            "15 lớp, 1.250/1.300 người tham dự ở 11 lớp có số liệu (96,15%)"
        );
        let mut c = WorkTotal::default();
        c.add(67, Some(67), None, None);
        assert_eq!(c.sentence(WorkKind::Congress), "67/67 đại hội");
        let mut s = WorkTotal::default();
        s.add(250, None, None, None);
        assert_eq!(s.sentence(WorkKind::Survey), "250 phiếu");
        assert_eq!(WorkKind::from_code("survey"), Some(WorkKind::Survey));
    }

    #[test]
    fn the_quota_warns_when_broken() {
        let ok = RatingCounts::of([vec![Rating::Excellent; 2], vec![Rating::Good; 8]].concat());
        assert_eq!(ok.quota_warning(20), None);
        let broken = RatingCounts::of([vec![Rating::Excellent; 3], vec![Rating::Good; 7]].concat());
        assert!(broken.quota_warning(20).unwrap().contains("3 hoàn thành xuất sắc nhiệm vụ"));
        assert_eq!(broken.sentence(), "3 hoàn thành xuất sắc nhiệm vụ, 7 hoàn thành tốt nhiệm vụ");
        assert_eq!(Rating::of_score(91), Rating::Excellent);
        assert_eq!(Rating::of_score(49), Rating::NotFulfilled);
    }
}
