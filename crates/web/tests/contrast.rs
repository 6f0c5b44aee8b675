//! Every text colour of the stylesheet against the background it sits on has a contrast
//! of at least 4.5:1 (WCAG AA for normal text): the rule's own background where it sets
//! one, else both the page's and a card's; a rule that sets only a background is read
//! with the text colour of its base rule, or the body's ink. A text colour whose
//! variants all set their own background (`.status` and `.status.ok`) is read on those.
//! Swatches hold no text: as graphics they need 3:1 against the page.

use std::collections::HashMap;

const CSS: &str = include_str!("../static/app.css");
const AA: f64 = 4.5;

fn rules() -> Vec<(String, HashMap<String, String>)> {
    let mut css = CSS.to_string();
    while let Some(start) = css.find("/*") {
        let end = css[start..].find("*/").map_or(css.len(), |e| start + e + 2);
        css.replace_range(start..end, "");
    }
    css.split('}')
        .filter_map(|block| {
            let (selector, body) = block.split_once('{')?;
            let decls = body
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
                .collect();
            Some((selector.trim().to_string(), decls))
        })
        .collect()
}

/// The colour of a value: a hex colour, or a variable of `:root` holding one.
fn colour(value: &str, vars: &HashMap<String, String>) -> Option<[f64; 3]> {
    let value = value.split_whitespace().find(|w| w.starts_with('#') || w.starts_with("var("))?;
    let value = match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        Some(name) => vars.get(name)?.as_str(),
        None => value,
    };
    let hex = value.strip_prefix('#')?;
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    let byte = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).ok().map(|b| f64::from(b) / 255.0);
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn luminance(c: [f64; 3]) -> f64 {
    let lin = |x: f64| if x <= 0.03928 { x / 12.92 } else { ((x + 0.055) / 1.055).powf(2.4) };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The text colour a rule that sets only a background shows: that of the rule of its
/// first simple selector (`.status` for `.status.ok`), if it sets one.
fn inherited(
    selector: &str,
    rules: &[(String, HashMap<String, String>)],
    vars: &HashMap<String, String>,
) -> Option<[f64; 3]> {
    let first = selector.split([',', ' ']).next()?;
    let base: String = match first.strip_prefix('.') {
        Some(rest) => format!(".{}", rest.split('.').next()?),
        None => first.split('.').next()?.to_string(),
    };
    rules
        .iter()
        .filter(|(s, _)| s.split(',').any(|one| one.trim() == base))
        .find_map(|(_, d)| d.get("color"))
        .and_then(|v| colour(v, vars))
}

#[test]
fn every_text_colour_meets_four_and_a_half_to_one() {
    let rules = rules();
    let vars: HashMap<String, String> = rules
        .iter()
        .filter(|(s, _)| s == ":root")
        .flat_map(|(_, d)| d.iter().map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    let ink = colour("var(--ink)", &vars).expect("the body's ink");
    let page = colour("var(--bg)", &vars).expect("the page's background");
    let card = [1.0, 1.0, 1.0];
    let mut checked = 0;
    let mut weak = Vec::new();
    let has_variants = |selector: &str| {
        rules.iter().any(|(s, d)| s.starts_with(&format!("{selector}.")) && d.contains_key("background"))
    };
    for (selector, decls) in &rules {
        if selector.contains("swatch") {
            if let Some(bg) = decls.get("background").and_then(|v| colour(v, &vars)) {
                checked += 1;
                if contrast(bg, page) < 3.0 {
                    weak.push(format!("{selector}: {:.2}:1 against the page", contrast(bg, page)));
                }
            }
            continue;
        }
        if has_variants(selector) && !decls.contains_key("background") {
            continue;
        }
        let fg = decls.get("color").and_then(|v| colour(v, &vars));
        let bg = decls.get("background").or(decls.get("background-color")).and_then(|v| colour(v, &vars));
        let pairs: Vec<([f64; 3], [f64; 3])> = match (fg, bg) {
            (Some(fg), Some(bg)) => vec![(fg, bg)],
            (Some(fg), None) => vec![(fg, page), (fg, card)],
            (None, Some(bg)) => vec![(inherited(selector, &rules, &vars).unwrap_or(ink), bg)],
            (None, None) => continue,
        };
        for (fg, bg) in pairs {
            checked += 1;
            let c = contrast(fg, bg);
            if c < AA {
                weak.push(format!("{selector}: {c:.2}:1"));
            }
        }
    }
    assert!(checked > 20, "the stylesheet was read: {checked} pairs");
    assert!(weak.is_empty(), "below {AA}:1: {weak:#?}");
}
