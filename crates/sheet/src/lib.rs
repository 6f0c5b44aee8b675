//! Files people already keep, read into text. Tables into rows of text: CSV (comma or semicolon, with or
//! without a byte-order mark, as Excel writes them in Vietnamese) and XLSX (the first
//! sheet). Cells come back trimmed and in NFC; numbers from XLSX are written the
//! Vietnamese way so one parser reads both. Word documents (.docx) into paragraphs.

use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{Data, DataRef, Reader, Xlsx};

pub mod budget;
mod docx;
pub use budget::{BUDGET, BULK, Budget};
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
    /// Over the reading budget; the message names the limit.
    #[error("tệp quá lớn để đọc: {0}")]
    TooLarge(String),
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
    CsvRows::new(bytes, &BUDGET)?.collect()
}

/// The rows of a CSV file read one at a time, under `budget`: a file of thirty million
/// figures is read in the memory of one row.
pub struct CsvRows<'b, R: Read> {
    reader: csv::Reader<BufReader<R>>,
    tally: budget::Tally<'b>,
    record: csv::StringRecord,
    row: usize,
}

impl<'b, R: Read> CsvRows<'b, R> {
    /// Reads the first line to tell the delimiter (a comma, or the semicolon Excel
    /// writes in Vietnamese), skipping a byte-order mark.
    pub fn new(source: R, budget: &'b Budget) -> Result<CsvRows<'b, R>, SheetError> {
        let mut source = BufReader::with_capacity(1 << 16, source);
        let head = source.fill_buf().map_err(|e| SheetError::Csv(e.to_string()))?;
        if head.is_empty() {
            return Err(SheetError::Empty);
        }
        let bom = if head.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
        let first = &head[bom..];
        let first = &first[..first.iter().position(|&b| b == b'\n').unwrap_or(first.len())];
        let count = |c: u8| first.iter().filter(|&&b| b == c).count();
        let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
        source.consume(bom);
        let reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(source);
        Ok(CsvRows { reader, tally: budget::Tally::new(budget), record: csv::StringRecord::new(), row: 0 })
    }
}

impl<R: Read> Iterator for CsvRows<'_, R> {
    type Item = Result<Vec<String>, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        let read = match self.reader.read_record(&mut self.record) {
            Ok(true) => Ok(()),
            Ok(false) => return None,
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => Err(SheetError::NotUtf8),
            Err(e) => Err(SheetError::Csv(e.to_string())),
        };
        let row = read.and_then(|()| {
            let width = self.record.len();
            self.tally.cell(self.row, width.saturating_sub(1), width)?;
            Ok(self.record.iter().map(cell).collect())
        });
        self.row += 1;
        Some(row)
    }
}

/// The first sheet of a workbook, read cell by cell under the budget: a workbook that
/// claims a vast range but holds two cells costs two cells, and one past the budget stops.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    budget::check_archive(bytes, &BUDGET)?;
    let xlsx = |e: calamine::XlsxError| SheetError::Xlsx(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx)?;
    let first =
        book.sheet_names().into_iter().next().ok_or_else(|| SheetError::Xlsx("không có trang tính nào".into()))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(xlsx)?;
    let mut tally = budget::Tally::new(&BUDGET);
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(c) = cells.next_cell().map_err(xlsx)? {
        let (r, col) = c.get_position();
        let (r, col) = (r as usize, col as usize);
        let text = match c.get_value() {
            DataRef::Float(f) => vn::number::format_f64(*f, 4),
            DataRef::Int(i) => vn::number::format_f64(*i as f64, 0),
            DataRef::Empty => continue,
            other => cell(&Data::from(other.clone()).to_string()),
        };
        if text.is_empty() {
            continue;
        }
        let width = rows.get(r).map_or(0, Vec::len).max(col + 1);
        tally.cell(r, col, width - rows.get(r).map_or(0, Vec::len))?;
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() < width {
            row.resize_with(width, String::new);
        }
        row[col] = text;
    }
    // As a range would: from the first row and column that hold a value.
    let first_row = rows.iter().position(|r| !r.is_empty()).unwrap_or(rows.len());
    rows.drain(..first_row);
    let first_col = rows.iter().filter_map(|r| r.iter().position(|c| !c.is_empty())).min().unwrap_or(0);
    for r in &mut rows {
        r.drain(..first_col.min(r.len()));
    }
    Ok(rows)
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
