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

/// The band chart of a unit's period, as the dashboard and the report show it.
pub fn band_chart(bands: &domain::Bands, s: &domain::UnitSummary, period: domain::Period) -> String {
    let mut bars: Vec<Bar> = (0..bands.len())
        .map(|i| Bar {
            label: bands.label(i),
            count: s.bands.get(i).copied().unwrap_or(0),
            class: crate::fmt::band_class(i, bands.len()),
        })
        .collect();
    bars.push(Bar { label: "đang thực hiện".into(), count: s.in_progress, class: "wip" });
    bands_svg(&format!("Kết quả thực hiện {}", period.label()), &bars)
}

/// The chart rules of the stylesheet with its colours written out: what a chart needs to
/// look the same outside the page (a picture in the Word report). Read once per process.
static CHART_RULES: std::sync::LazyLock<String> = std::sync::LazyLock::new(chart_rules);

fn chart_rules() -> String {
    const CSS: &str = include_str!("../static/app.css");
    let vars: Vec<(String, String)> = CSS
        .split(":root {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .map(|root| {
            root.split(';')
                .filter_map(|d| d.split_once(':'))
                .map(|(k, v)| (format!("var({})", k.trim()), v.trim().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let mut rules: String = CSS
        .split('}')
        .map(str::trim)
        .filter(|r| r.starts_with(".chart") || r.starts_with(".bar") || r.starts_with(".trend"))
        .map(|r| format!("{r}}}"))
        .collect();
    for (k, v) in &vars {
        rules = rules.replace(k, v);
    }
    rules + "text{font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif}"
}

/// `svg` carrying its own styles, to be drawn without the page's stylesheet.
pub fn standalone(svg: &str) -> String {
    match svg.find("<title>") {
        Some(at) => format!("{}<style>{}</style>{}", &svg[..at], *CHART_RULES, &svg[at..]),
        None => svg.to_string(),
    }
}

/// One line of a trend chart.
pub struct Line<'a> {
    pub name: &'a str,
    pub values: &'a [Option<f64>],
    /// "total" for the unit's own line, "s1" … "s6" for lower units.
    pub class: &'static str,
}

/// Values over periods: the plan dashed, the unit's line thick, lower units thin, each
/// point with its value on hover; a legend above. Gaps where a period has no value.
pub fn trend_svg(title: &str, labels: &[String], plan: &[Option<f64>], lines: &[Line]) -> String {
    // The plan has a legend entry only when there is a plan to draw.
    let planned = plan.iter().any(Option::is_some);
    let entries = lines.len() + usize::from(planned);
    let (left, top, plot_w, plot_h) = (64.0, 34.0 + 18.0 * entries as f64, 520.0, 200.0);
    let all = lines.iter().flat_map(|l| l.values.iter()).chain(plan.iter()).flatten().copied();
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let hi = if hi - lo <= f64::EPSILON { lo + 1.0 } else { hi + (hi - lo) * 0.1 };
    let n = labels.len().max(1);
    let x = |i: usize| left + if n == 1 { plot_w / 2.0 } else { plot_w * i as f64 / (n - 1) as f64 };
    let y = |v: f64| top + plot_h * (1.0 - (v - lo) / (hi - lo));
    let height = top + plot_h + 40.0;
    let mut svg = format!(
        r#"<svg class="chart trend" role="img" aria-label="{t}" viewBox="0 0 {w} {height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="0" y="18" class="chart-title">{t}</text>"#,
        t = escape(title),
        // Room on the right for the last period's label, centred on its point.
        w = left + plot_w + 50.0,
    );
    let legend = planned.then_some(("Kế hoạch", "plan")).into_iter().chain(lines.iter().map(|l| (l.name, l.class)));
    for (i, (name, class)) in legend.enumerate() {
        let ly = 34.0 + 18.0 * i as f64;
        svg.push_str(&format!(
            r#"<line x1="0" y1="{ly}" x2="24" y2="{ly}" class="line {class}"/><text x="30" y="{ty}" class="chart-label">{name}</text>"#,
            ty = ly + 4.0,
            name = escape(name),
        ));
    }
    for k in 0..=4 {
        let v = lo + (hi - lo) * k as f64 / 4.0;
        svg.push_str(&format!(
            r#"<line x1="{left}" y1="{gy}" x2="{r}" y2="{gy}" class="grid"/><text x="{tx}" y="{ty}" text-anchor="end" class="chart-value">{v}</text>"#,
            gy = y(v),
            r = left + plot_w,
            tx = left - 6.0,
            ty = y(v) + 4.0,
            v = vn::number::format_f64(v, 1),
        ));
    }
    // At most six labels along the axis, the first and every k-th after it.
    let step = n.div_ceil(6);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % step == 0) {
        svg.push_str(&format!(
            r#"<text x="{lx}" y="{ly}" text-anchor="middle" class="chart-value">{label}</text>"#,
            lx = x(i),
            ly = top + plot_h + 20.0,
            label = escape(label),
        ));
    }
    let mut draw = |values: &[Option<f64>], class: &str, name: &str| {
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, svg: &mut String| {
            if run.len() > 1 {
                svg.push_str(&format!(r#"<polyline points="{}" class="line {class}"/>"#, run.join(" ")));
            }
            run.clear();
        };
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    run.push(format!("{:.1},{:.1}", x(i), y(*v)));
                    svg.push_str(&format!(
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" class="dot {class}"><title>{}: {}</title></circle>"#,
                        x(i),
                        y(*v),
                        escape(name),
                        vn::number::format_f64(*v, 2)
                    ));
                }
                None => flush(&mut run, &mut svg),
            }
        }
        flush(&mut run, &mut svg);
    };
    draw(plan, "plan", "Kế hoạch");
    for l in lines.iter().rev() {
        draw(l.values, l.class, l.name);
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_standalone_chart_carries_its_colours() {
        let svg = super::standalone(&super::bands_svg("Kết quả", &[]));
        assert!(svg.contains(".bar.ok { fill: #2e7d32;"), "{svg}");
        assert!(!svg.contains("var(--"), "{svg}");
    }

    #[test]
    fn a_trend_leaves_gaps_and_names_its_lines() {
        let labels: Vec<String> = (2020..2025).map(|y| y.to_string()).collect();
        let own = [Some(1.0), Some(2.0), None, Some(4.0), Some(5.0)];
        let plan = [Some(3.0); 5];
        let lines = [super::Line { name: "Xã <A>", values: &own, class: "total" }];
        let svg = super::trend_svg("Xu hướng", &labels, &plan, &lines);
        assert_eq!(svg.matches("<polyline").count(), 3, "the plan, then two runs around the gap");
        assert_eq!(svg.matches("<circle").count(), 9);
        assert!(svg.contains("Xã &lt;A&gt;"));
    }

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
