//! A table as a page shows it, with typed cells: the Word report prints them the
//! Vietnamese way, the Excel workbook keeps numbers as numbers and dates as dates.

use chrono::NaiveDate;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number shown with at most this many decimals.
    Number(f64, u8),
    /// A completion ratio in percent (87,5 means 87,5%).
    Percent(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number, or empty when there is none.
    pub fn number(x: Option<f64>, decimals: u8) -> Cell {
        x.map_or(Cell::Empty, |v| Cell::Number(v, decimals))
    }

    pub fn percent(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Percent)
    }

    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// As printed: "1.234,5", "87,5%", "07/8/2020".
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(v, d) => vn::number::format_f64(*v, usize::from(*d)),
            Cell::Percent(v) => format!("{}%", vn::number::format_f64(*v, 1)),
            Cell::Date(d) => vn::date::format_date(*d),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub header: String,
    /// The width in the Word table, in millimetres; Excel fits its own.
    pub width_mm: u32,
    pub align: Align,
}

impl Column {
    pub fn new(header: &str, width_mm: u32, align: Align) -> Column {
        Column { header: header.to_string(), width_mm, align }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// A heading row across the table ("Kinh tế").
    Group(String),
    Cells(Vec<Cell>),
}

/// A titled table.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    /// The sheet's name and the title above it.
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Headings on the first row, no title above: what an import template must be.
    pub bare: bool,
}

impl Table {
    pub fn new(title: &str, columns: Vec<Column>) -> Table {
        Table { title: title.to_string(), columns, rows: Vec::new(), bare: false }
    }

    pub fn push(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row::Cells(cells));
    }

    pub fn group(&mut self, name: &str) {
        self.rows.push(Row::Group(name.to_string()));
    }
}
