//! Uploaded documents, Word or plain text: read under the budget or refused.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let name = if bytes.starts_with(b"PK") { "t.docx" } else { "t.txt" };
    let _ = sheet::document_text(name, bytes);
});
