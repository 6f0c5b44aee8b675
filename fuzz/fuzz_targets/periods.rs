//! Reporting periods in words or codes: any input reads or is refused, and a period read
//! reads again from its own code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vn::period::Period;

fuzz_target!(|text: &str| {
    if let Ok(p) = Period::parse(text) {
        assert_eq!(Period::parse(&p.code()), Ok(p), "{text:?}");
        let _ = p.label();
    }
});
