//! Tasks (nhiệm vụ) given by a conclusion or a document, judged by the Government's
//! convention: done on time, done late, in progress within the deadline, overdue.

use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskStatus {
    /// Quá hạn chưa hoàn thành — listed first: it needs action.
    Overdue,
    InProgress,
    DoneLate,
    DoneOnTime,
}

impl TaskStatus {
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Overdue => "quá hạn chưa hoàn thành",
            TaskStatus::InProgress => "đang thực hiện trong hạn",
            TaskStatus::DoneLate => "hoàn thành quá hạn",
            TaskStatus::DoneOnTime => "hoàn thành đúng hạn",
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, TaskStatus::DoneLate | TaskStatus::DoneOnTime)
    }
}

/// A task's status on `today`. A task without a deadline is never late.
pub fn task_status(due: Option<NaiveDate>, done: Option<NaiveDate>, today: NaiveDate) -> TaskStatus {
    match (done, due) {
        (Some(d), Some(due)) if d > due => TaskStatus::DoneLate,
        (Some(_), _) => TaskStatus::DoneOnTime,
        (None, Some(due)) if today > due => TaskStatus::Overdue,
        (None, _) => TaskStatus::InProgress,
    }
}

/// Counts of a unit's tasks by status, for "k/N nhiệm vụ".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskCounts {
    pub total: usize,
    pub done_on_time: usize,
    pub done_late: usize,
    pub in_progress: usize,
    pub overdue: usize,
}

impl TaskCounts {
    pub fn of(statuses: impl IntoIterator<Item = TaskStatus>) -> TaskCounts {
        let mut c = TaskCounts::default();
        for s in statuses {
            c.total += 1;
            match s {
                TaskStatus::DoneOnTime => c.done_on_time += 1,
                TaskStatus::DoneLate => c.done_late += 1,
                TaskStatus::InProgress => c.in_progress += 1,
                TaskStatus::Overdue => c.overdue += 1,
            }
        }
        c
    }

    /// "5/8 nhiệm vụ đã hoàn thành (4 đúng hạn, 1 quá hạn); 2 đang thực hiện trong hạn;
    /// 1 quá hạn chưa hoàn thành".
    pub fn sentence(&self) -> String {
        let n = self.total;
        format!(
            "{}/{n} nhiệm vụ đã hoàn thành ({} đúng hạn, {} quá hạn); {} đang thực hiện trong hạn; {} quá hạn chưa hoàn thành",
            self.done_on_time + self.done_late,
            self.done_on_time,
            self.done_late,
            self.in_progress,
            self.overdue
        )
    }
}

/// Whether a deadline falls within a period: how tasks are counted per period.
pub fn due_in(due: Option<NaiveDate>, period: vn::Period) -> bool {
    due.is_some_and(|d| period.first_day() <= d && d <= period.last_day())
}

/// A deadline as a conclusion writes it: a day ("20/9/2020", "20-9-2020") or a period
/// ("trong quý III/2020", "trước tháng 10/2020", "năm 2020"), which ends on its last day.
pub fn parse_deadline(input: &str) -> Result<NaiveDate, String> {
    let text = vn::nfc(input.trim());
    if let Ok(day) = vn::parse_date(&text) {
        return Ok(day);
    }
    let folded = vn::fold(&text);
    let lead = ["chậm nhất", "trong", "trước", "hết", "đến", "cuối"]
        .iter()
        .find(|w| folded.starts_with(&vn::fold(w)))
        .map_or(0, |w| w.chars().count());
    let rest: String = text.chars().skip(lead).collect();
    vn::Period::parse(rest.trim())
        .map(|p| p.last_day())
        .map_err(|_| format!("“{}” không phải ngày (20/9/2020) hay kỳ (trong quý III/2020)", text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_are_days_or_periods() {
        let day = |s: &str| vn::parse_date(s).unwrap();
        assert_eq!(parse_deadline("20-9-2020"), Ok(day("20/9/2020")));
        assert_eq!(parse_deadline("trong quý III/2020"), Ok(day("30/9/2020")));
        assert_eq!(parse_deadline("Trước tháng 10/2020"), Ok(day("31/10/2020")));
        assert_eq!(parse_deadline("năm 2020"), Ok(day("31/12/2020")));
        assert!(parse_deadline("sớm").unwrap_err().contains("sớm"));
    }

    fn d(s: &str) -> NaiveDate {
        vn::parse_date(s).unwrap()
    }

    #[test]
    fn the_four_statuses_of_the_convention() {
        let due = Some(d("20/9/2020"));
        assert_eq!(task_status(due, Some(d("20/9/2020")), d("1/10/2020")), TaskStatus::DoneOnTime);
        assert_eq!(task_status(due, Some(d("21/9/2020")), d("1/10/2020")), TaskStatus::DoneLate);
        assert_eq!(task_status(due, None, d("20/9/2020")), TaskStatus::InProgress);
        assert_eq!(task_status(due, None, d("21/9/2020")), TaskStatus::Overdue);
        assert_eq!(task_status(None, None, d("1/1/2030")), TaskStatus::InProgress);
        let c =
            TaskCounts::of([TaskStatus::DoneOnTime, TaskStatus::DoneLate, TaskStatus::Overdue, TaskStatus::InProgress]);
        assert_eq!(
            c.sentence(),
            "2/4 nhiệm vụ đã hoàn thành (1 đúng hạn, 1 quá hạn); 1 đang thực hiện trong hạn; 1 quá hạn chưa hoàn thành"
        );
    }
}
