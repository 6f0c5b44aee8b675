//! What a use case answers when it does not do what was asked. Pages and the API each
//! map this once: to a page or a form with its messages, and to problem details.

use store::{FigureConflict, StoreError};

/// A mistake in one field of a command, named for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field as the caller named it (a form input's name or a JSON path).
    pub field: String,
    /// What is wrong and what is expected, in Vietnamese.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing asked for does not exist (or is not there for this caller to find).
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// The access policy refuses: what the caller may not do.
    #[error("bạn không có quyền {0}")]
    Forbidden(&'static str),
    /// The command is malformed: every mistake, each at its field; nothing was done.
    #[error("{} giá trị không hợp lệ", .0.len())]
    Invalid(Vec<FieldError>),
    /// A business rule refuses the change (a locked report, a closed task); why, in Vietnamese.
    #[error("{0}")]
    Refused(String),
    /// Someone else changed these values since the caller saw them; nothing was written.
    #[error("{} giá trị đã được người khác thay đổi", .0.len())]
    Conflict(Vec<FigureConflict>),
    /// The database cannot take the change now (busy, full, read-only); nothing was
    /// written and the message says what to do.
    #[error("{0}")]
    Unavailable(&'static str),
    /// The server itself failed; the details go to the log, never to the user.
    #[error("lỗi hệ thống: {0}")]
    Internal(String),
}

impl Error {
    /// One field's mistake.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::NotFound(what) => Error::NotFound(what),
            StoreError::Refused(why) => Error::Refused(why),
            StoreError::Duplicate(what) => Error::Refused(format!("{what} đã tồn tại.")),
            StoreError::Conflict(c) => Error::Conflict(c),
            other => match other.fault() {
                Some(store::Fault::Busy) => {
                    Error::Unavailable("Hệ thống đang bận, chưa ghi được; vui lòng thử lại sau ít giây.")
                }
                Some(store::Fault::Full) => Error::Unavailable(
                    "Bộ nhớ lưu trữ của máy chủ đã đầy nên chưa ghi được gì; hãy báo quản trị viên giải phóng dung lượng rồi thử lại.",
                ),
                Some(store::Fault::ReadOnly) => Error::Unavailable(
                    "Cơ sở dữ liệu đang ở chế độ chỉ đọc nên chưa ghi được gì; hãy báo quản trị viên.",
                ),
                None => Error::Internal(other.to_string()),
            },
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
