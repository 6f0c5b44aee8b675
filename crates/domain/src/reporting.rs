//! The reporting cycle (chế độ báo cáo): when a unit's figures for a period are due, and
//! how its report moves draft → submitted → accepted, or returned with a reason and
//! submitted again. Accepted figures are locked until a leader unlocks them.

use chrono::{Datelike, Duration, NaiveDate};
use vn::Period;

/// When figures are cut off and reports fall due, per resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Figures of a period run to this day of its last month; 0 means the month's end.
    /// With 14, quarter III covers 15 June to 14 September.
    pub cutoff_day: u32,
    /// Days after the cut-off by which the report is due.
    pub due_days: u32,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { cutoff_day: 0, due_days: 5 }
    }
}

impl Schedule {
    /// The cut-off date of `period`.
    pub fn cutoff(&self, period: Period) -> NaiveDate {
        let last = period.last_day();
        if self.cutoff_day == 0 || self.cutoff_day >= last.day() {
            last
        } else {
            last.with_day(self.cutoff_day).unwrap_or(last)
        }
    }

    /// The last day the report of `period` is on time.
    pub fn due(&self, period: Period) -> NaiveDate {
        self.cutoff(period) + Duration::days(i64::from(self.due_days))
    }
}

/// Where a unit's report for a period stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportStatus {
    /// Being entered (also: nothing entered yet).
    Draft,
    Submitted,
    /// Sent back by the reviewing office with a reason.
    Returned,
    /// Accepted: the figures are locked.
    Accepted,
}

impl ReportStatus {
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Accepted => "accepted",
        }
    }

    pub fn from_code(s: &str) -> Option<ReportStatus> {
        [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Returned, ReportStatus::Accepted]
            .into_iter()
            .find(|r| r.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Draft => "Đang nhập",
            ReportStatus::Submitted => "Đã gửi, chờ duyệt",
            ReportStatus::Returned => "Bị trả lại",
            ReportStatus::Accepted => "Đã chấp nhận",
        }
    }

    /// Whether the unit may still change its figures.
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }
}

/// What someone does to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStep {
    Submit,
    Accept,
    Return,
    Unlock,
}

impl ReportStep {
    pub fn from_code(s: &str) -> Option<ReportStep> {
        Some(match s {
            "submit" => ReportStep::Submit,
            "accept" => ReportStep::Accept,
            "return" => ReportStep::Return,
            "unlock" => ReportStep::Unlock,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportStep::Submit => "submit",
            ReportStep::Accept => "accept",
            ReportStep::Return => "return",
            ReportStep::Unlock => "unlock",
        }
    }

    /// Returning and unlocking need a reason the unit can read.
    pub fn needs_reason(self) -> bool {
        matches!(self, ReportStep::Return | ReportStep::Unlock)
    }
}

/// The status after `step`, or why the step is not possible now.
pub fn next_status(from: ReportStatus, step: ReportStep) -> Result<ReportStatus, String> {
    use ReportStatus::*;
    match (from, step) {
        (Draft | Returned, ReportStep::Submit) => Ok(Submitted),
        (Submitted, ReportStep::Accept) => Ok(Accepted),
        (Submitted, ReportStep::Return) => Ok(Returned),
        (Accepted, ReportStep::Unlock) => Ok(Returned),
        (from, step) => Err(format!(
            "Báo cáo đang ở trạng thái “{}”, không thể {}.",
            from.label(),
            match step {
                ReportStep::Submit => "gửi",
                ReportStep::Accept => "chấp nhận",
                ReportStep::Return => "trả lại",
                ReportStep::Unlock => "mở khóa",
            }
        )),
    }
}

/// Whether a report submitted on `day` for `period` is late.
pub fn is_late(schedule: &Schedule, period: Period, day: NaiveDate) -> bool {
    day > schedule.due(period)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn cut_off_and_due_dates() {
        let q3 = Period::Quarter { year: 2020, quarter: 3 };
        let mid_month = Schedule { cutoff_day: 14, due_days: 3 };
        assert_eq!(mid_month.cutoff(q3), ymd(2020, 9, 14));
        assert_eq!(mid_month.due(q3), ymd(2020, 9, 17));
        assert_eq!(Schedule::default().due(q3), ymd(2020, 10, 5));
        assert!(is_late(&mid_month, q3, ymd(2020, 9, 18)));
        assert!(!is_late(&mid_month, q3, ymd(2020, 9, 17)));
        let feb = Period::Month { year: 2021, month: 2 };
        assert_eq!(Schedule { cutoff_day: 30, due_days: 0 }.cutoff(feb), ymd(2021, 2, 28));
    }

    #[test]
    fn the_cycle_of_a_report() {
        use ReportStatus::*;
        assert_eq!(next_status(Draft, ReportStep::Submit), Ok(Submitted));
        assert_eq!(next_status(Submitted, ReportStep::Return), Ok(Returned));
        assert_eq!(next_status(Returned, ReportStep::Submit), Ok(Submitted));
        assert_eq!(next_status(Submitted, ReportStep::Accept), Ok(Accepted));
        assert_eq!(next_status(Accepted, ReportStep::Unlock), Ok(Returned));
        let e = next_status(Accepted, ReportStep::Submit).unwrap_err();
        assert_eq!(e, "Báo cáo đang ở trạng thái “Đã chấp nhận”, không thể gửi.");
        assert!(next_status(Draft, ReportStep::Accept).is_err());
        assert!(!Submitted.editable() && !Accepted.editable() && Returned.editable());
    }
}
