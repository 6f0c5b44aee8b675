//! The text of a Word document (.docx): the paragraphs of `word/document.xml`, one per
//! line, with tabs and line breaks kept.

use std::io::Cursor;

use quick_xml::events::Event;

use crate::SheetError;

/// The text of a document file: Word by its `.docx` name, otherwise UTF-8; old
/// Vietnamese encodings are refused either way.
pub fn document_text(name: &str, bytes: &[u8]) -> Result<String, SheetError> {
    let text = if name.to_lowercase().ends_with(".docx") {
        extract::refuse_legacy(docx_text(bytes)?)?
    } else {
        extract::decode(bytes)?
    };
    crate::budget::check_text(&text, &crate::BUDGET)?;
    Ok(text)
}

pub fn docx_text(bytes: &[u8]) -> Result<String, SheetError> {
    let err = |e: &dyn std::fmt::Display| SheetError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| err(&e))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| SheetError::Docx("thiếu phần nội dung word/document.xml".into()))?;
    let xml = crate::budget::read_part(part, &crate::BUDGET)?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut deadline = crate::budget::Deadline::new(&crate::BUDGET);
    loop {
        deadline.tick()?;
        match reader.read_event().map_err(|e| err(&e))? {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let c = match (r.resolve_char_ref().map_err(|e| err(&e))?, r.xml10_content().as_ref()) {
                    (Some(c), _) => c,
                    (None, "lt") => '<',
                    (None, "gt") => '>',
                    (None, "amp") => '&',
                    (None, "quot") => '"',
                    (None, "apos") => '\'',
                    (None, _) => continue,
                };
                out.push(c);
            }
            Event::Eof => break,
            _ if out.len() > crate::BUDGET.text_chars * 4 => {
                return Err(SheetError::TooLarge("văn bản quá dài".into()));
            }
            _ => {}
        }
    }
    Ok(vn::nfc(&out))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal Word document holding `body` as its document part.
    pub fn docx(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_runs_and_entities() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>Ngày 18-9-2020, Thành ủy</w:t></w:r><w:r><w:t xml:space="preserve"> Bến Tre &amp; xã Phú Hưng</w:t></w:r></w:p><w:p><w:r><w:t>13/31 chỉ tiêu</w:t><w:tab/><w:t>&#273;ạt</w:t></w:r></w:p></w:body></w:document>"#;
        let text = docx_text(&docx(xml)).unwrap();
        assert_eq!(text, "Ngày 18-9-2020, Thành ủy Bến Tre & xã Phú Hưng\n13/31 chỉ tiêu\tđạt\n");
        assert!(matches!(docx_text(b"not a zip"), Err(SheetError::Docx(_))));
    }
}
