//! Document numbers ("07-KH/ThU"): any input reads or is refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(n) = vn::DocumentNumber::parse(text) {
        let _ = (n.key(), n.canonical());
    }
});
