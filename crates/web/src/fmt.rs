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

pub fn plan(b: Bound) -> String {
    b.label()
}

/// CSS class of a status, for its colour.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Exceeded | Status::Met => "ok",
        Status::OnTrack => "track",
        Status::Behind => "warn",
        Status::Missed => "bad",
        Status::InProgress => "wip",
    }
}
