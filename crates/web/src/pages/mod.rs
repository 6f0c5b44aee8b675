//! Pages, one module each, named for what the user sees.

pub mod account;
pub mod allocate;
pub mod assign;
pub mod dashboard;
pub mod explanations;
pub mod exports;
pub mod figures;
pub mod history;
pub mod home;
pub mod import;
pub mod import_targets;
pub mod inbox;
pub mod inspections;
pub mod lineage;
pub mod manage;
pub mod meeting_edit;
pub mod meetings;
pub mod paging;
pub mod people;
pub mod period_report;
pub mod read_text;
pub mod resolution;
pub mod search;
pub mod sorting;
pub mod task_done;
pub mod tasks;
pub mod tree;
pub mod trend;
pub mod users;
pub mod work;

use domain::{OrgId, Period};

use crate::auth::CurrentUser;

/// A link in the path from the top of the tree to a unit.
pub struct Crumb {
    pub id: i64,
    pub name: String,
}

/// The path to `org`, limited to the part the user may see.
pub fn crumbs(engine: &engine::Engine, user: &CurrentUser, org: OrgId) -> Vec<Crumb> {
    engine
        .tree
        .lineage(org)
        .into_iter()
        .filter(|id| user.may(engine, domain::access::Action::View, *id))
        .filter_map(|id| engine.tree.get(id).map(|n| Crumb { id: id.0, name: n.org.name.clone() }))
        .collect()
}

/// A choice in the period switch.
pub struct PeriodChoice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// The periods a dashboard can show within a term: quarters, halves, nine months and
/// years of each year, and the whole term.
pub fn period_choices(term: Period, selected: Period) -> Vec<PeriodChoice> {
    let Period::Term { start, end } = term else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for year in start..=end {
        let mut list: Vec<Period> = (1..=4).map(|quarter| Period::Quarter { year, quarter }).collect();
        list.extend([
            Period::Half { year, half: 1 },
            Period::NineMonths { year },
            Period::Half { year, half: 2 },
            Period::Year { year },
        ]);
        out.extend(list.into_iter().map(|p| PeriodChoice {
            code: p.code(),
            label: p.label(),
            selected: p == selected,
        }));
    }
    out.push(PeriodChoice { code: term.code(), label: term.label(), selected: term == selected });
    out
}

/// A change the use case refused or found invalid (a done task, a discipline that does
/// not fit) is the user's mistake, to show on the page; any other failure is not.
pub fn refused<T>(result: usecase::Result<T>) -> Result<Result<T, String>, crate::AppError> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(usecase::Error::Refused(why)) => Ok(Err(why)),
        Err(usecase::Error::Invalid(errors)) => Ok(Err(said(errors))),
        Err(e) => Err(e.into()),
    }
}

/// The messages of a command's mistakes, as one sentence after another.
pub fn said(errors: Vec<usecase::FieldError>) -> String {
    errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")
}

/// A mistake in what the address or a hidden field carries is a bad request, not a
/// form to show again: the page only offers valid choices.
pub fn bad_request(e: usecase::Error) -> crate::AppError {
    match e {
        usecase::Error::Invalid(errors) => crate::AppError::BadRequest(said(errors)),
        other => other.into(),
    }
}

/// Reads a `period` query value (a code or a phrase), or says what is expected.
pub fn parse_period(raw: Option<&str>, default: Period) -> Result<Period, String> {
    optional_period(raw).map(|p| p.unwrap_or(default)).map_err(|e| format!("Kỳ báo cáo: {e}"))
}

/// A `period` query value that may be left empty; the error says what was not understood.
pub fn optional_period(raw: Option<&str>) -> Result<Option<Period>, vn::period::PeriodError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Period::parse(&vn::nfc(s)).map(Some),
    }
}
