//! Pasted report text: the reader finds its facts or none, with spans on the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (prepared, facts) = extract::extract(text);
    let chars = prepared.chars().count();
    for f in &facts {
        assert!(f.start <= f.end && f.end <= chars, "{f:?}");
    }
});
