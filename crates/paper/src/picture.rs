//! Charts as PNG pictures for the Word report: the very SVG a page draws, rendered by
//! resvg with the machine's fonts, on white.

use std::sync::{Arc, OnceLock};

use resvg::usvg::{Options, Tree, fontdb};

use crate::PaperError;

/// A picture and its size in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// The drawing, carrying its own styles.
    pub svg: String,
    /// The PNG the Word report embeds; empty until rendered.
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// What it shows, for readers who cannot see it.
    pub description: String,
}

/// The machine's fonts, loaded once per process.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            Arc::new(db)
        })
        .clone()
}

/// `svg` drawn `width` pixels wide (its height in proportion), described as `description`.
pub fn render(svg: &str, width: u32, description: &str) -> Result<Picture, PaperError> {
    let options = Options { fontdb: fonts(), font_family: "Liberation Sans".into(), ..Options::default() };
    let tree = Tree::from_str(svg, &options).map_err(|e| PaperError::Write(format!("biểu đồ: {e}")))?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height.max(1))
        .ok_or_else(|| PaperError::Write("biểu đồ: kích thước không hợp lệ".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| PaperError::Write(format!("biểu đồ: {e}")))?;
    Ok(Picture { svg: svg.to_string(), png, width, height, description: description.to_string() })
}

/// `svg` kept as a drawing only, for a page that shows it as it is.
pub fn unrendered(svg: &str, description: &str) -> Picture {
    Picture { svg: svg.to_string(), png: Vec::new(), width: 1, height: 1, description: description.to_string() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chart_becomes_a_png_of_its_proportions() {
        let svg = r##"<svg viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg"><rect x="10" y="10" width="50" height="80" fill="#2e7d32"/><text x="70" y="50">Hoàn thành 100%</text></svg>"##;
        let p = super::render(svg, 400, "Kết quả").unwrap();
        assert_eq!((p.width, p.height), (400, 200));
        assert!(p.png.starts_with(b"\x89PNG"));
    }
}
