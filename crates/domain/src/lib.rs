//! The model of tiendo and its rules, free of IO and frameworks: organisations,
//! targets and their evaluation, users and what they may do.

#[macro_use]
mod coded;

pub mod access;
pub mod allocation;
pub mod bound_text;
pub mod document;
pub mod entry;
pub mod evaluation;
pub mod ids;
pub mod inspections;
pub mod meetings;
pub mod org;
pub mod report;
pub mod reporting;
pub mod restructuring;
pub mod summary;
pub mod target;
pub mod tasks;
pub mod units;
pub mod work;

pub use document::Document;
pub use evaluation::{Bands, Evaluation, Override, Status, evaluate};
pub use ids::{DocumentId, OrgId, TargetId, UserId};
pub use org::{Org, OrgKind};
pub use summary::UnitSummary;
pub use target::{Accrual, AssessAt, Bound, Direction, Measure, Rollup, Target};
pub use vn::{Decimal, Period};
