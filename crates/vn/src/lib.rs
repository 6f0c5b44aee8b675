//! Vietnamese language and official conventions: pure functions, no IO.
//!
//! Text normalisation and folding, numbers and dates as Vietnamese writes them,
//! reporting-period phrases and Party/State document numbers.

pub mod abbrev;
pub mod collate;
pub mod date;
pub mod docnum;
pub mod number;
pub mod period;
pub mod text;
pub mod time;

pub use date::{format_date, parse_date};
pub use docnum::DocumentNumber;
pub use number::Decimal;
pub use period::Period;
pub use text::{fold, nfc};
