//! Uploaded tables, CSV or XLSX by their first bytes: read under the budget or refused.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let name = if bytes.starts_with(b"PK") { "t.xlsx" } else { "t.csv" };
    let _ = sheet::read(name, bytes);
});
