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

fn tiendo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tiendo")).args(args).output().expect("tiendo runs")
}

#[test]
fn word_files_old_encodings_marks_and_the_labelled_score() {
    let dir = tempfile::tempdir().unwrap();
    // A Word document with one paragraph per fact-bearing sentence.
    let docx = dir.path().join("bien-ban.docx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&docx).unwrap());
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(
            "<w:document><w:body><w:p><w:r><w:t>Ngày 18-9-2020, Thành ủy Bến Tre làm việc với Đảng ủy xã Phú Hưng.</w:t></w:r></w:p>\
             <w:p><w:r><w:t>Căn cứ Kế hoạch số 07-KH/ThU, ngày 7-8-2020.</w:t></w:r></w:p></w:body></w:document>"
                .as_bytes(),
        )
        .unwrap();
        zip.finish().unwrap();
    }
    let out = tiendo(&["extract", docx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = v["facts"].as_array().unwrap().iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(
        kinds.contains(&"event_date") && kinds.contains(&"document_ref") && kinds.contains(&"organization"),
        "{kinds:?}"
    );

    let register = dir.path().join("don-vi.csv");
    std::fs::write(&register, "Mã;Tên đơn vị\n1;Thành ủy Bến Tre\n2;Đảng ủy xã Phú Hưng\n").unwrap();
    let out = tiendo(&["extract", "--register", register.to_str().unwrap(), docx.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<i64> = v["facts"].as_array().unwrap().iter().filter_map(|f| f["value"]["org_id"].as_i64()).collect();
    assert_eq!(ids, [1, 2], "{v}");
    std::fs::write(&register, "1;Thành ủy Bến Tre\nhai;Đảng ủy xã Phú Hưng\n").unwrap();
    let bad = tiendo(&["extract", "--register", register.to_str().unwrap(), docx.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("dòng 2, cột mã đơn vị"));

    let marked = tiendo(&["extract", "--format", "text", docx.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&marked.stdout).contains("[[document_ref: Kế hoạch số 07-KH/ThU, ngày 7-8-2020]]"));

    let old = dir.path().join("cu.txt");
    let bytes: Vec<u8> =
        "Thµnh ñy BÕn Tre lµm viÖc víi Ban ChÊp hµnh §¶ng bé x· Phó Hng vÒ kÕt qu¶ thùc hiÖn NghÞ quyÕt"
            .chars()
            .map(|c| c as u32 as u8)
            .collect();
    std::fs::write(&old, bytes).unwrap();
    let refused = tiendo(&["extract", old.to_str().unwrap()]);
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("cu.txt") && why.contains("TCVN3") && why.contains("Unicode"), "{why}");

    let labelled = concat!(env!("CARGO_MANIFEST_DIR"), "/../extract/tests/labelled");
    let score = tiendo(&["extract", "--score", labelled]);
    let table = String::from_utf8_lossy(&score.stdout);
    if !score.status.success() {
        // The seeds' labels point at ../shared; without it only CI's checkout can score.
        assert!(std::env::var("CI").is_err(), "{}", String::from_utf8_lossy(&score.stderr));
        return;
    }
    assert!(table.contains("| task |") && table.contains("| all |"), "{table}");
}
