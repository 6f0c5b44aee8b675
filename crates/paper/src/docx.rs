//! The period report as a Word document (WordprocessingML written through templates and
//! packed by `zip`): the heading block, the title, the numbered parts with their
//! tables, "Nơi nhận:" and the signature, on A4 with the margins, fonts and page numbers
//! of the layout rules in force on the report's date.

use std::io::{Cursor, Write};

use askama::Template;
use domain::report::Layout;
use zip::write::SimpleFileOptions;

use crate::picture::Picture;
use crate::{Align, PaperError, Row, Table};

/// A block of the report's body, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// "I- KẾT QUẢ ĐẠT ĐƯỢC".
    Part(String),
    /// "1. Thực hiện các chỉ tiêu".
    Section(String),
    Para(String),
    Table(Table),
    /// The report's picture number `n` (from 0), centred.
    Picture(usize),
}

/// A report, every text as it is printed.
#[derive(Clone, Debug)]
pub struct Report {
    pub layout: Layout,
    /// "ĐẢNG BỘ THÀNH PHỐ BẾN TRE".
    pub superior: String,
    /// "ĐẢNG ỦY XÃ PHÚ HƯNG".
    pub body: String,
    /// "Số 15-BC/ĐU".
    pub number: String,
    /// "Phú Hưng, ngày 25 tháng 9 năm 2020".
    pub dateline: String,
    /// "BÁO CÁO".
    pub kind: String,
    pub summary: String,
    pub blocks: Vec<Block>,
    pub recipients: Vec<String>,
    /// "T/M ĐẢNG ỦY".
    pub on_behalf: String,
    /// "BÍ THƯ".
    pub signer_title: String,
    pub signer_name: String,
    /// The charts the blocks show, in order.
    pub pictures: Vec<Picture>,
}

const TWIPS_PER_MM: f64 = 56.692_913;
const EMU_PER_MM: u64 = 36_000;
/// How wide a chart is printed.
const PICTURE_MM: u64 = 150;
const A4_WIDTH_MM: u32 = 210;

fn twips(mm: u32) -> u32 {
    (f64::from(mm) * TWIPS_PER_MM).round() as u32
}

#[derive(Template)]
#[template(path = "docx/document.xml")]
struct DocumentXml<'a> {
    r: &'a Report,
    text_twips: u32,
    head_left: u32,
    head_right: u32,
    rule_inset: u32,
    recipients_half_points: u32,
    margin_top: u32,
    margin_bottom: u32,
    margin_left: u32,
    margin_right: u32,
}

impl DocumentXml<'_> {
    /// A column's share of the text width, by its width in millimetres.
    fn column_twips(&self, t: &Table, i: impl std::borrow::Borrow<usize>) -> u32 {
        let i = *i.borrow();
        let total: u32 = t.columns.iter().map(|c| c.width_mm).sum::<u32>().max(1);
        let w = t.columns.get(i).map_or(0, |c| c.width_mm);
        (u64::from(self.text_twips) * u64::from(w) / u64::from(total)) as u32
    }

    fn align(&self, t: &Table, i: impl std::borrow::Borrow<usize>) -> &'static str {
        let i = *i.borrow();
        match t.columns.get(i).map(|c| c.align) {
            Some(Align::Centre) => "center",
            Some(Align::Right) => "right",
            _ => "left",
        }
    }

    fn recipient_lines(&self) -> Vec<String> {
        recipient_lines(&self.r.recipients)
    }

    /// Picture `n`'s printed width and height in EMU, its proportions kept.
    fn extent(&self, n: &usize) -> (u64, u64) {
        let p = &self.r.pictures[*n];
        let cx = PICTURE_MM * EMU_PER_MM;
        (cx, cx * u64::from(p.height) / u64::from(p.width.max(1)))
    }

    fn description(&self, n: &usize) -> &str {
        &self.r.pictures[*n].description
    }
}

#[derive(Template)]
#[template(path = "docx/document_rels.xml")]
struct RelsXml {
    pictures: usize,
}

#[derive(Template)]
#[template(path = "docx/styles.xml")]
struct StylesXml<'a> {
    layout: &'a Layout,
    body_half_points: u32,
    after_twips: u32,
    indent_twips: u32,
}

#[derive(Template)]
#[template(path = "docx/core.xml")]
struct CoreXml<'a> {
    title: &'a str,
    creator: &'a str,
}

/// Recipients as printed: "- Ban Thường vụ Thành ủy (để báo cáo)," … "- Lưu Văn phòng
/// Đảng ủy." (a comma after each, a full stop after the last).
pub fn recipient_lines(recipients: &[String]) -> Vec<String> {
    let n = recipients.len();
    recipients
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let line = line.trim().trim_start_matches(['-', ' ']).trim_end_matches([',', '.', ';']);
            format!("- {line}{}", if i + 1 == n { "." } else { "," })
        })
        .collect()
}

/// The report as the bytes of a .docx file.
pub fn write(report: &Report) -> Result<Vec<u8>, PaperError> {
    let l = &report.layout;
    let [top, bottom, left, right] = l.margins_mm;
    let text_twips = twips(A4_WIDTH_MM - left - right);
    let head_left = text_twips * 45 / 100;
    let document = DocumentXml {
        r: report,
        text_twips,
        head_left,
        head_right: text_twips - head_left,
        rule_inset: 250,
        recipients_half_points: l.recipients_pt * 2,
        margin_top: twips(top),
        margin_bottom: twips(bottom),
        margin_left: twips(left),
        margin_right: twips(right),
    }
    .render()?;
    let styles = StylesXml {
        layout: l,
        body_half_points: l.body_pt * 2,
        after_twips: l.after_pt * 20,
        indent_twips: twips(l.indent_mm),
    }
    .render()?;
    let title = format!("{} {}", report.kind, report.summary);
    let core = CoreXml { title: &title, creator: &report.body }.render()?;

    let rels = RelsXml { pictures: report.pictures.len() }.render()?;
    let parts: [(&str, &str); 9] = [
        ("[Content_Types].xml", include_str!("../templates/docx/content_types.xml")),
        ("_rels/.rels", include_str!("../templates/docx/rels.xml")),
        ("docProps/core.xml", &core),
        ("word/document.xml", &document),
        ("word/styles.xml", &styles),
        ("word/settings.xml", include_str!("../templates/docx/settings.xml")),
        ("word/header1.xml", include_str!("../templates/docx/header_number.xml")),
        ("word/header2.xml", include_str!("../templates/docx/header_first.xml")),
        ("word/_rels/document.xml.rels", &rels),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())?;
    }
    for (n, p) in report.pictures.iter().enumerate() {
        zip.start_file(format!("word/media/image{n}.png"), options)?;
        zip.write_all(&p.png)?;
    }
    Ok(zip.finish()?.into_inner())
}
