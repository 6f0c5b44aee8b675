//! The documents tiendo hands out: a committee's period report as a Word document in the
//! Party's layout, and any table a page shows as an Excel workbook. Both are written from
//! plain models filled by the pages, so what is printed is what is shown.

pub mod docx;
pub mod picture;
mod table;
pub mod xlsx;

pub use table::{Align, Cell, Column, Row, Table};

/// A document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("không tạo được tệp: {0}")]
    Write(String),
}

impl From<std::io::Error> for PaperError {
    fn from(e: std::io::Error) -> Self {
        PaperError::Write(e.to_string())
    }
}

impl From<zip::result::ZipError> for PaperError {
    fn from(e: zip::result::ZipError) -> Self {
        PaperError::Write(e.to_string())
    }
}

impl From<askama::Error> for PaperError {
    fn from(e: askama::Error) -> Self {
        PaperError::Write(e.to_string())
    }
}

impl From<rust_xlsxwriter::XlsxError> for PaperError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        PaperError::Write(e.to_string())
    }
}
