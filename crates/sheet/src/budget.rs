//! What reading one file may cost: checked before the work that would exceed it, so a
//! small hostile file (a zip bomb, a sheet that claims a million rows) is refused with a
//! message instead of filling the machine.

use std::io::{Cursor, Read};
use std::time::{Duration, Instant};

use crate::SheetError;

/// The limits of one file.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Unpacked size of any one part of a .xlsx or .docx, and of all parts together.
    pub unpacked_bytes: u64,
    /// Rows of a table.
    pub rows: usize,
    /// Columns of a table.
    pub columns: usize,
    /// Cells of a table, counting the empty ones a row holds before its last value.
    pub cells: usize,
    /// Characters of a text.
    pub text_chars: usize,
    /// Wall-clock time of the whole reading, in seconds.
    pub seconds: u64,
}

/// Generous for what committee offices keep (a 60,000-row figure file, a long report),
/// small enough that two files at once cost a few hundred megabytes at most.
pub const BUDGET: Budget = Budget {
    unpacked_bytes: 64 << 20,
    rows: 100_000,
    columns: 64,
    cells: 2_000_000,
    text_chars: 2_000_000,
    seconds: 20,
};

/// For a figures file the server's operator imports from the command line
/// (`tiendo import`): a whole country's figures — 31.2 million rows — and a little more,
/// read one row at a time.
pub const BULK: Budget = Budget {
    unpacked_bytes: 64 << 20,
    rows: 40_000_000,
    columns: 64,
    cells: 400_000_000,
    text_chars: 2_000_000,
    seconds: 1_800,
};

fn mb(bytes: u64) -> u64 {
    bytes >> 20
}

/// Refuses an archive whose parts unpack beyond the budget, before anything is unpacked.
pub fn check_archive(bytes: &[u8], budget: &Budget) -> Result<(), SheetError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::Xlsx(e.to_string()))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map_err(|e| SheetError::Xlsx(e.to_string()))?.size();
        total = total.saturating_add(size);
        if total > budget.unpacked_bytes {
            return Err(SheetError::TooLarge(format!(
                "nội dung giải nén vượt {} MB (tối đa {} MB)",
                mb(total),
                mb(budget.unpacked_bytes)
            )));
        }
    }
    Ok(())
}

/// Reads at most the budget's unpacked size from `part`, refusing more.
pub fn read_part(part: impl Read, budget: &Budget) -> Result<String, SheetError> {
    let mut text = String::new();
    part.take(budget.unpacked_bytes + 1).read_to_string(&mut text).map_err(|e| SheetError::Docx(e.to_string()))?;
    if text.len() as u64 > budget.unpacked_bytes {
        return Err(SheetError::TooLarge(format!("nội dung giải nén vượt {} MB", mb(budget.unpacked_bytes))));
    }
    Ok(text)
}

/// The moment a reading must stop, checked now and then by the loops that read: a file
/// slow to read for any reason the other limits miss is refused, not read for minutes.
pub struct Deadline {
    at: Instant,
    seconds: u64,
    ticks: u32,
}

impl Deadline {
    pub fn new(budget: &Budget) -> Deadline {
        Deadline { at: Instant::now() + Duration::from_secs(budget.seconds), seconds: budget.seconds, ticks: 0 }
    }

    /// Counts one step of work; every thousandth asks the clock.
    pub fn tick(&mut self) -> Result<(), SheetError> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(1024) && Instant::now() > self.at {
            return Err(SheetError::TooLarge(format!("đọc tệp mất hơn {} giây", self.seconds)));
        }
        Ok(())
    }
}

/// Counts a table's cells as they are read and refuses the first one past the budget.
pub struct Tally<'a> {
    budget: &'a Budget,
    cells: usize,
    deadline: Deadline,
}

impl<'a> Tally<'a> {
    pub fn new(budget: &'a Budget) -> Tally<'a> {
        Tally { budget, cells: 0, deadline: Deadline::new(budget) }
    }

    /// A value at (row, column), both from 0, that makes its row `width` cells wide.
    pub fn cell(&mut self, row: usize, column: usize, width: usize) -> Result<(), SheetError> {
        self.deadline.tick()?;
        let b = self.budget;
        if row >= b.rows {
            return Err(SheetError::TooLarge(format!("bảng có hơn {} dòng", vn::number::format_f64(b.rows as f64, 0))));
        }
        if column >= b.columns {
            return Err(SheetError::TooLarge(format!("bảng có hơn {} cột", b.columns)));
        }
        self.cells += width;
        if self.cells > b.cells {
            let most = vn::number::format_f64(b.cells as f64, 0);
            return Err(SheetError::TooLarge(format!("bảng có hơn {most} ô")));
        }
        Ok(())
    }
}

/// Refuses a text longer than the budget.
pub fn check_text(text: &str, budget: &Budget) -> Result<(), SheetError> {
    let chars = text.chars().count();
    if chars > budget.text_chars {
        let most = vn::number::format_f64(budget.text_chars as f64, 0);
        return Err(SheetError::TooLarge(format!("văn bản dài hơn {most} ký tự")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::read_xlsx;

    /// A workbook whose first sheet is `cells`: (reference, value) pairs.
    fn workbook(cells: &[(&str, &str)]) -> Vec<u8> {
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
            ),
            ("xl/worksheets/sheet1.xml", {
                let cells: String = cells
                    .iter()
                    .map(|(at, v)| format!(r#"<row r="{}"><c r="{at}" t="inlineStr"><is><t>{v}</t></is></c></row>"#, &at.trim_start_matches(char::is_alphabetic)))
                    .collect();
                format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#)
            }),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_sheet_is_read_cell_by_cell() {
        let rows = read_xlsx(&workbook(&[("B2", "Đơn vị"), ("D2", "Kỳ"), ("C4", "45.799,5")])).unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["Đơn vị".to_string(), String::new(), "Kỳ".into()],
                vec![],
                vec![String::new(), "45.799,5".into()]
            ]
        );
    }

    #[test]
    fn a_sheet_claiming_the_whole_grid_is_refused_at_once() {
        let far = read_xlsx(&workbook(&[("A1", "x"), ("XFD1048576", "y")]));
        assert!(matches!(far, Err(SheetError::TooLarge(ref m)) if m.contains("dòng")), "{far:?}");
        let wide = read_xlsx(&workbook(&[("A1", "x"), ("GR2", "y")]));
        assert!(matches!(wide, Err(SheetError::TooLarge(ref m)) if m.contains("64 cột")), "{wide:?}");
    }

    #[test]
    fn parts_unpack_only_within_the_budget() {
        let small = Budget { unpacked_bytes: 1000, ..BUDGET };
        let bomb = "0".repeat(100_000);
        assert!(matches!(read_part(bomb.as_bytes(), &small), Err(SheetError::TooLarge(_))));
        assert_eq!(read_part("vừa đủ".as_bytes(), &small).unwrap(), "vừa đủ");
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bomb.as_bytes()).unwrap();
        let packed = zip.finish().unwrap().into_inner();
        assert!(packed.len() < 5_000, "a small file: {} bytes", packed.len());
        assert!(matches!(check_archive(&packed, &small), Err(SheetError::TooLarge(_))));
        assert!(check_archive(&packed, &BUDGET).is_ok());
    }

    #[test]
    fn a_reading_past_its_time_stops() {
        let mut none = Deadline::new(&Budget { seconds: 0, ..BUDGET });
        std::thread::sleep(Duration::from_millis(2));
        let stopped = (0..2048).map(|_| none.tick()).find(Result::is_err);
        assert!(matches!(stopped, Some(Err(SheetError::TooLarge(ref m))) if m.contains("0 giây")), "{stopped:?}");
        let mut ample = Deadline::new(&BUDGET);
        assert!((0..5000).all(|_| ample.tick().is_ok()));
    }

    #[test]
    fn a_csv_of_empty_fields_is_counted() {
        let commas = ",".repeat(70);
        assert!(matches!(crate::read_csv(commas.as_bytes()), Err(SheetError::TooLarge(_))));
        let long = "a\n".repeat(100_001);
        assert!(matches!(crate::read_csv(long.as_bytes()), Err(SheetError::TooLarge(ref m)) if m.contains("dòng")));
    }
}
