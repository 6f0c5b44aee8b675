//! The band chart, drawn on the server as SVG so the same picture serves the page and
//! later the reports. A handful of bars needs no plotting library.

/// One bar: its label, count and CSS class.
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub class: &'static str,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Horizontal bars with their counts, scaled to the largest.
pub fn bands_svg(title: &str, bars: &[Bar]) -> String {
    let (row, label_w, bar_w, top) = (30, 210, 300, 28);
    let height = top + row * bars.len() + 10;
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let mut svg = format!(
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {w} {height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="0" y="18" class="chart-title">{t}</text>"#,
        t = escape(title),
        w = label_w + bar_w + 50,
    );
    for (i, b) in bars.iter().enumerate() {
        let y = top + i * row;
        let len = b.count * bar_w / max;
        svg.push_str(&format!(
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text><rect x="{label_w}" y="{y}" width="{len}" height="20" class="bar {class}"/><text x="{vx}" y="{ty}" class="chart-value">{count}</text>"#,
            lx = label_w - 8,
            ty = y + 15,
            label = escape(&b.label),
            class = b.class,
            vx = label_w + len + 6,
            count = b.count,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_one_bar_per_band_and_escapes_text() {
        let bars = [
            super::Bar { label: "Hoàn thành 100%".into(), count: 13, class: "ok" },
            super::Bar { label: "<70%".into(), count: 0, class: "bad" },
        ];
        let svg = super::bands_svg("Kết quả", &bars);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("&lt;70%"));
        assert!(svg.contains(r#"width="300""#));
    }
}
