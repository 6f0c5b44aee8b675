//! Files people already keep, read into text. Tables into rows of text: CSV (comma or semicolon, with or
//! without a byte-order mark, as Excel writes them in Vietnamese) and XLSX (the first
//! sheet). Cells come back trimmed and in NFC; numbers from XLSX are written the
//! Vietnamese way so one parser reads both. Word documents (.docx) into paragraphs.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

mod docx;
pub use docx::{document_text, docx_text};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SheetError {
    #[error("tệp trống")]
    Empty,
    #[error("không đọc được tệp CSV: {0}")]
    Csv(String),
    #[error("không đọc được tệp Excel (.xlsx): {0}")]
    Xlsx(String),
    #[error("tệp “{0}” không phải CSV hay XLSX; hãy lưu bảng tính dưới dạng .xlsx hoặc .csv (UTF-8)")]
    Unknown(String),
    #[error("tệp CSV không phải UTF-8; trong Excel chọn “CSV UTF-8” khi lưu")]
    NotUtf8,
    #[error("không đọc được tệp Word (.docx): {0}; hãy lưu lại bằng Word dưới dạng .docx")]
    Docx(String),
    #[error("{0}")]
    Text(#[from] extract::DecodeError),
}

/// Reads a table by its file name and content.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    let lower = name.to_lowercase();
    if bytes.starts_with(b"PK") || lower.ends_with(".xlsx") {
        read_xlsx(bytes)
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") || !lower.contains('.') {
        read_csv(bytes)
    } else {
        Err(SheetError::Unknown(name.to_string()))
    }
}

fn cell(s: &str) -> String {
    vn::text::clean(s)
}

pub fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SheetError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv(e.to_string()))?;
        rows.push(record.iter().map(cell).collect());
    }
    Ok(rows)
}

pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::Xlsx(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| SheetError::Xlsx("không có trang tính nào".into()))?
        .map_err(|e| SheetError::Xlsx(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) => vn::number::format_f64(*f, 4),
                    Data::Int(i) => vn::number::format_f64(*i as f64, 0),
                    Data::Empty => String::new(),
                    other => cell(&other.to_string()),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_as_excel_writes_it() {
        let semicolons = "\u{feff}đơn vị;chỉ tiêu;kỳ;giá trị\n3;6;quý III/2020;45.799,5\n";
        let rows = read("so-lieu.csv", semicolons.as_bytes()).unwrap();
        assert_eq!(rows[1], vec!["3", "6", "quý III/2020", "45.799,5"]);
        let commas = "a,b\n\"x, y\",Phu\u{0301}\n";
        assert_eq!(read("t.csv", commas.as_bytes()).unwrap()[1], vec!["x, y", "Phú"]);
        assert_eq!(read("t.csv", b""), Err(SheetError::Empty));
        assert_eq!(read("t.csv", &[0xff, 0xfe, 0x00]), Err(SheetError::NotUtf8));
        assert!(matches!(read("t.pdf", b"%PDF"), Err(SheetError::Unknown(_))));
        assert!(matches!(read("t.xlsx", b"PK\x03\x04broken"), Err(SheetError::Xlsx(_))));
    }
}
