//! Figures and evaluations as the pages show them, the Vietnamese way.

use domain::{Bound, Status};

pub fn number(x: Option<f64>) -> String {
    x.map(|v| vn::number::format_f64(v, 2)).unwrap_or_default()
}

pub fn ratio(x: Option<f64>) -> String {
    x.map(|v| format!("{}%", vn::number::format_f64(v, 1))).unwrap_or_default()
}

/// A value as typed back into a form field.
pub fn input(x: Option<f64>) -> String {
    x.map(|v| vn::number::format_f64(v, 4)).unwrap_or_default()
}

/// A value of a target with `bound` as typed back into its form field: "đạt" or
/// "chưa đạt" for a yes/no target.
pub fn input_for(bound: Bound, x: Option<f64>) -> String {
    match (bound, x) {
        (Bound::YesNo, Some(v)) => domain::entry::show_value(bound, vn::Decimal::from_f64(v)),
        _ => input(x),
    }
}

/// A value of a target with `bound` as a table shows it.
pub fn number_for(bound: Bound, x: Option<f64>) -> String {
    match bound {
        Bound::YesNo => input_for(bound, x),
        _ => number(x),
    }
}

pub fn plan(b: Bound) -> String {
    b.label()
}

/// The colour of band `i` of `n`: the top band green, the bottom one red, the second
/// teal, any between amber. Rows, counts, chart and legend all use it.
pub fn band_class(i: usize, n: usize) -> &'static str {
    match i {
        0 => "ok",
        _ if i + 1 >= n => "bad",
        1 => "track",
        _ => "warn",
    }
}

/// A target's badge: the band it counts in, in the band's words and colour, so the
/// row, the counts and the sentence never disagree; "Đang thực hiện" before it can be
/// judged; "không đạt" added where the rule closes it as missed.
pub fn band_badge(bands: &domain::evaluation::Bands, e: &domain::evaluation::Evaluation) -> (String, &'static str) {
    let Some(i) = e.band else {
        return ("Đang thực hiện".to_string(), "wip");
    };
    let missed = if e.status == Status::Missed { " · không đạt" } else { "" };
    (format!("{}{missed}", crate::error::capitalised(&bands.label(i))), band_class(i, bands.len()))
}

/// The colour of a report's status: accepted green, sent teal, returned red, being
/// entered grey.
pub fn report_class(s: domain::reporting::ReportStatus) -> &'static str {
    use domain::reporting::ReportStatus::*;
    match s {
        Accepted => "ok",
        Submitted => "track",
        Returned => "bad",
        Draft => "wip",
    }
}
