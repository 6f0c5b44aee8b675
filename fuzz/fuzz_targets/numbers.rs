//! Numbers written the Vietnamese way and JSON number text: any input reads or is refused,
//! and what reads formats back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vn::number::Decimal;

fuzz_target!(|text: &str| {
    if let Ok(d) = Decimal::parse_vn(text) {
        assert_eq!(Decimal::parse_vn(&d.format_vn(4)), Ok(d), "{text:?}");
    }
    let _ = Decimal::parse_plain(text);
});
