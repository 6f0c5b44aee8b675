//! Tables as Excel workbooks (`rust_xlsxwriter`): one sheet per table, its title above,
//! headers frozen, numbers as numbers with a thousands format, ratios as percentages,
//! dates as dates, columns fitted to their contents.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::{Cell, PaperError, Row, Table};

/// Characters a sheet name may not hold, and its longest length.
const NOT_IN_NAMES: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];
const NAME_MAX: usize = 31;

/// A sheet name from a title: forbidden characters dropped, at most 31 characters,
/// distinct from the names already taken.
fn sheet_name(title: &str, taken: &[String]) -> String {
    let base: String = title.chars().filter(|c| !NOT_IN_NAMES.contains(c)).take(NAME_MAX).collect();
    let base = if base.trim().is_empty() { "Bảng".to_string() } else { base.trim().to_string() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = base.chars().take(NAME_MAX - suffix.chars().count()).collect::<String>() + &suffix;
        n += 1;
    }
    name
}

struct Formats {
    title: Format,
    header: Format,
    group: Format,
    text: Format,
    integer: Format,
    decimal: Format,
    percent: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = || Format::new().set_border(FormatBorder::Thin).set_font_name("Times New Roman").set_font_size(12);
        Formats {
            title: Format::new().set_bold().set_font_name("Times New Roman").set_font_size(14),
            header: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            group: cell().set_bold(),
            text: cell().set_text_wrap().set_align(FormatAlign::Top),
            integer: cell().set_num_format("#,##0"),
            decimal: cell().set_num_format("#,##0.0#"),
            percent: cell().set_num_format("0.0%"),
            date: cell().set_num_format("dd/mm/yyyy"),
        }
    }
}

fn write_cell(ws: &mut Worksheet, f: &Formats, row: u32, col: u16, cell: &Cell) -> Result<(), PaperError> {
    match cell {
        Cell::Empty => {
            ws.write_blank(row, col, &f.text)?;
        }
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.text)?;
        }
        Cell::Number(v, _) => {
            let format = if v.fract() == 0.0 { &f.integer } else { &f.decimal };
            ws.write_number_with_format(row, col, *v, format)?;
        }
        Cell::Percent(v) => {
            ws.write_number_with_format(row, col, v / 100.0, &f.percent)?;
        }
        Cell::Date(d) => {
            use chrono::Datelike;
            let at = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &at, &f.date)?;
        }
    }
    Ok(())
}

/// The first row of data below the title and the headers.
pub const FIRST_DATA_ROW: u32 = 2;

/// The tables as the bytes of an .xlsx file, one sheet each.
pub fn write(tables: &[Table]) -> Result<Vec<u8>, PaperError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let mut taken: Vec<String> = Vec::new();
    for t in tables {
        let name = sheet_name(&t.title, &taken);
        taken.push(name.clone());
        let ws = book.add_worksheet();
        ws.set_name(&name)?;
        let first = if t.bare { 1 } else { FIRST_DATA_ROW };
        if !t.bare {
            ws.write_string_with_format(0, 0, &t.title, &f.title)?;
        }
        for (c, column) in t.columns.iter().enumerate() {
            ws.write_string_with_format(first - 1, c as u16, &column.header, &f.header)?;
        }
        let last_col = t.columns.len().saturating_sub(1) as u16;
        for (i, row) in t.rows.iter().enumerate() {
            let r = first + i as u32;
            match row {
                Row::Group(name) if last_col > 0 => {
                    ws.merge_range(r, 0, r, last_col, name, &f.group)?;
                }
                Row::Group(name) => {
                    ws.write_string_with_format(r, 0, name, &f.group)?;
                }
                Row::Cells(cells) => {
                    for (c, cell) in cells.iter().enumerate() {
                        write_cell(ws, &f, r, c as u16, cell)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(first, 0)?;
        ws.autofit();
        // A long name or body would make a column a screen wide: cap it and wrap.
        for (c, column) in t.columns.iter().enumerate() {
            if column.width_mm >= 40 {
                ws.set_column_width(c as u16, 60)?;
            }
        }
    }
    if tables.is_empty() {
        book.add_worksheet();
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal_and_distinct() {
        let a = sheet_name("Chỉ tiêu: quý III/2020 [bản nháp]", &[]);
        assert!(!a.contains(':') && !a.contains('/') && !a.contains('['));
        assert!(a.chars().count() <= NAME_MAX);
        let b = sheet_name("Chỉ tiêu: quý III/2020 [bản nháp]", std::slice::from_ref(&a));
        assert_ne!(a, b);
        assert!(b.chars().count() <= NAME_MAX);
    }
}
