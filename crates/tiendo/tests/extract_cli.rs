//! `tiendo extract` on the seeds: JSON with character spans into the NFC text.

use std::process::Command;

use serde_json::Value;

#[test]
fn extracts_the_seed_facts_as_json() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds/000_69a8bae1cdbc6f1b.txt");
    if !std::path::Path::new(seed).exists() {
        assert!(std::env::var("CI").is_err(), "CI has ../shared beside the checkout");
        eprintln!("SKIPPED: {seed} is not there");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tiendo")).args(["extract", seed]).output().expect("tiendo runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["file"].as_str().unwrap().ends_with("000_69a8bae1cdbc6f1b.txt"));
    let facts = v["facts"].as_array().unwrap();
    let has = |kind: &str, text: &str| facts.iter().any(|f| f["kind"] == kind && f["text"] == text);
    assert!(has("event_date", "Ngày 18-9-2020"), "{facts:?}");
    assert!(has("period", "9 tháng năm 2020"));
    let text = vn::nfc(&std::fs::read_to_string(seed).unwrap());
    let chars: Vec<char> = text.chars().collect();
    for f in facts {
        let (s, e) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), f["text"].as_str().unwrap());
    }
    let missing = Command::new(env!("CARGO_BIN_EXE_tiendo")).args(["extract", "/no/such/file.txt"]).output().unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("không đọc được tệp /no/such/file.txt"));
}
