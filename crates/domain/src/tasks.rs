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

/// The largest evidence file kept with a task.
pub const EVIDENCE_MAX_BYTES: usize = 10 << 20;
/// Evidence files one report may attach.
pub const EVIDENCE_MAX_FILES: usize = 3;

/// The content type of an evidence file, read from its first bytes and its name (a
/// scanned decision, a signed report, a photo), or why it is not kept.
pub fn evidence_type(name: &str, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.len() > EVIDENCE_MAX_BYTES {
        return Err(format!("tệp “{name}” lớn hơn {} MB", EVIDENCE_MAX_BYTES >> 20));
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let kind = match (bytes, ext.as_str()) {
        ([b'%', b'P', b'D', b'F', ..], _) => "application/pdf",
        ([0x89, b'P', b'N', b'G', ..], _) => "image/png",
        ([0xFF, 0xD8, 0xFF, ..], _) => "image/jpeg",
        ([b'P', b'K', 3, 4, ..], "docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ([b'P', b'K', 3, 4, ..], "xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => return Err(format!("tệp “{name}” không phải PDF, ảnh JPG/PNG, Word (.docx) hay Excel (.xlsx)")),
    };
    Ok(kind)
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn evidence_is_known_by_its_first_bytes() {
        assert_eq!(evidence_type("quyet-dinh.pdf", b"%PDF-1.7 ..."), Ok("application/pdf"));
        assert_eq!(evidence_type("anh.JPG", &[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert!(evidence_type("bao-cao.docx", b"PK\x03\x04rest").unwrap().contains("wordprocessingml"));
        assert!(evidence_type("gia-mao.pdf", b"MZ\x90\x00").unwrap_err().contains("không phải PDF"));
        assert!(evidence_type("nen.zip", b"PK\x03\x04").is_err(), "a zip is not a document");
        let big = vec![b'%'; EVIDENCE_MAX_BYTES + 1];
        assert!(evidence_type("lon.pdf", &big).unwrap_err().contains("lớn hơn 10 MB"));
    }
}
