use super::*;
use proptest::prelude::*;

#[test]
fn reads_the_facts_of_seed_000() {
    let text = "BDK.VN - Ngày 18-9-2020, Thường trực Thành ủy Bến Tre có buổi làm việc với Ban Chấp hành \
                Đảng bộ xã Phú Hưng về kết quả thực hiện Nghị quyết (NQ) 9 tháng năm 2020 và tình hình triển khai \
                NQ Đại hội (ĐH) Đảng bộ xã Phú Hưng nhiệm kỳ 2020 - 2025.";
    let (_, facts) = extract(text);
    let kinds: Vec<(&str, &str)> = facts.iter().map(|f| (f.kind, f.text.as_str())).collect();
    assert!(kinds.contains(&("event_date", "Ngày 18-9-2020")), "{kinds:?}");
    assert!(kinds.contains(&("period", "9 tháng năm 2020")), "{kinds:?}");
    assert!(kinds.contains(&("period", "nhiệm kỳ 2020 - 2025")), "{kinds:?}");
    assert!(kinds.contains(&("meeting", "buổi làm việc")), "{kinds:?}");
    let date = facts.iter().find(|f| f.kind == "event_date").unwrap();
    assert_eq!(date.value["date"], "2020-09-18");
}

#[test]
fn reads_document_references_of_seed_003() {
    let text = "BTV Thành ủy đã ban hành Kế hoạch số 07-KH/ThU, ngày 7-8-2020 lãnh đạo … căn cứ vào \
                Quy định số 127-QĐ/TW ngày 1-3-2020 của Ban Bí thư; Hướng dẫn số 16 - HD/BTCTW; Nghị quyết 78/NQ-HĐND.";
    let (nfc, facts) = extract(text);
    let docs: Vec<&Fact> = facts.iter().filter(|f| f.kind == "document_ref").collect();
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert_eq!(docs[0].value["full"], "07-KH/ThU");
    assert_eq!(docs[0].value["type"], "Kế hoạch");
    assert_eq!(docs[0].value["date"], "2020-08-07");
    assert_eq!(docs[1].value["full"], "127-QĐ/TW");
    assert_eq!(docs[1].value["issuer"], "Ban Bí thư");
    assert_eq!(docs[2].value["full"], "16-HD/BTCTW");
    assert_eq!(docs[3].value["full"], "78/NQ-HĐND");
    let chars: Vec<char> = nfc.chars().collect();
    for f in &facts {
        assert_eq!(chars[f.start..f.end].iter().collect::<String>(), f.text);
    }
    assert!(mark(&nfc, &facts).contains("[[document_ref: Kế hoạch số 07-KH/ThU, ngày 7-8-2020]]"));
}

#[test]
fn nfd_and_old_tone_placement_read_the_same() {
    let text = "Đảng uỷ xã Phú Hưng có 13/31 chỉ tiêu hoàn thành 100%.";
    let decomposed: String = unicode_nfd(text);
    let (a, fa) = extract(text);
    let (b, fb) = extract(&decomposed);
    assert_eq!(a, b);
    assert_eq!(fa, fb);
    assert!(fa.iter().any(|f| f.kind == "organization" && f.value["name"] == "Đảng ủy xã Phú Hưng"), "{fa:?}");
}

fn unicode_nfd(s: &str) -> String {
    // "ủ" and "ư" written as base letter and combining marks.
    s.replace('ủ', "u\u{309}").replace('ư', "u\u{31b}").replace('ú', "u\u{301}")
}

#[test]
fn registers_match_organisations() {
    let (_, mut facts) = extract("Đoàn công tác làm việc với UBND xã Phú Hưng.");
    match_organizations(&mut facts, &[(7, "Ủy ban nhân dân xã Phú Hưng".into()), (8, "xã Sơn Đông".into())]);
    let org = facts.iter().find(|f| f.kind == "organization").unwrap();
    assert_eq!(org.value["org_id"], 7);
}

fn fits(s: &str) -> Result<(), TestCaseError> {
    let (nfc, facts) = extract(s);
    let chars: Vec<char> = nfc.chars().collect();
    for f in &facts {
        prop_assert!(f.start < f.end && f.end <= chars.len());
        prop_assert_eq!(chars[f.start..f.end].iter().collect::<String>(), f.text.clone());
    }
    prop_assert_eq!(extract(s).1, facts);
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_and_spans_fit(s in "\\PC{0,300}") {
        fits(&s)?;
    }

    /// Fragments of the genre shuffled together reach the finders' deeper paths.
    #[test]
    fn shuffled_report_words_never_break(parts in proptest::collection::vec(proptest::sample::select(vec![
        "ngày 18-9", "-2020", " 13/31 chỉ tiêu", " hoàn thành 100%", ", ", "; ", ". ", "\n", "đề nghị:", " yêu cầu ",
        "Bí thư Thành ủy", " Nguyễn Văn Tuấn", " chủ trì", " kiểm tra 22 tổ chức Đảng và", " 20 đảng viên", " 2 lớp",
        " cho 120 quần chúng", " đạt 96,5%", " 45.799/36.875 tỷ đồng", " Kế hoạch số 07-KH/ThU", " của Ban Bí thư",
        " chậm nhất đến ngày 20-9-2020", " quý III/2020", " 9 tháng đầu năm", "Đảng ủy xã", " phường 4", "uỷ", "oà",
        " mười ba", " 250 phiếu", " 67/67 tổ chức cơ sở đảng", " đại hội", "giao", " UBND thành phố", "é", "\u{301}",
    ]), 0..40)) {
        fits(&parts.concat())?;
    }
}

#[test]
fn names_match_one_unit_of_a_register() {
    let register = vec![(3, "Đảng ủy xã Phú Hưng".to_string()), (9, "Ủy ban nhân dân xã Phú Hưng".to_string())];
    assert_eq!(crate::match_name("Đảng ủy xã  Phú Hưng", &register), Some(3));
    assert_eq!(crate::match_name("UBND xã Phú Hưng", &register), Some(9));
    assert_eq!(crate::match_name("Văn phòng Thành ủy", &register), None);
    let twice = vec![(1, "Chi bộ ấp 1".to_string()), (2, "Chi bộ ấp 1".to_string())];
    assert_eq!(crate::match_name("Chi bộ ấp 1", &twice), None, "an ambiguous name matches nothing");
}
