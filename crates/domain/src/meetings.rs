//! The kinds of meeting a committee holds, by the names its office writes them under.

/// (code, label) of every meeting kind, in the order forms offer them.
pub const MEETING_KINDS: [(&str, &str); 6] = [
    ("bch_plenum", "Hội nghị Ban Chấp hành"),
    ("btv_meeting", "Họp Ban Thường vụ"),
    ("working_session", "Buổi làm việc"),
    ("interim_review", "Sơ kết"),
    ("final_review", "Tổng kết"),
    ("dissemination", "Học tập, quán triệt"),
];

/// The label of a meeting kind, or the code itself when it is not one of ours.
pub fn meeting_label(code: &str) -> &str {
    MEETING_KINDS.iter().find(|(k, _)| *k == code).map_or(code, |(_, l)| l)
}
