use chrono::NaiveDate;

use super::*;
use crate::units::UnitVersion;

fn units() -> History {
    let v = |org: i64, name: &str, kind: &str, parent: Option<i64>| UnitVersion {
        org: OrgId(org),
        from: None,
        to: None,
        name: name.into(),
        kind: kind.into(),
        parent: parent.map(OrgId),
        code: (org == 4).then(|| "28759".to_string()),
    };
    History::new(
        vec![
            v(1, "Tỉnh ủy Bến Tre", "tinh_uy", None),
            v(2, "Thành ủy Bến Tre", "thanh_uy", Some(1)),
            v(3, "Đảng ủy xã Phú Hưng", "dang_uy_xa", Some(2)),
            v(4, "Đảng ủy xã Sơn Đông", "dang_uy_xa", Some(2)),
            v(5, "Chi bộ ấp Phú Chánh", "chi_bo", Some(3)),
            v(6, "Đảng ủy xã Bình Phú", "dang_uy_xa", Some(2)),
        ],
        vec![],
    )
}

fn kinds() -> Vec<OrgKind> {
    [
        ("tinh_uy", "Tỉnh ủy"),
        ("thanh_uy", "Thành ủy"),
        ("dang_uy_xa", "Đảng ủy xã"),
        ("dang_uy_phuong", "Đảng ủy phường"),
        ("chi_bo", "Chi bộ"),
    ]
    .iter()
    .map(|(c, l)| OrgKind { code: c.to_string(), label: l.to_string() })
    .collect()
}

const HEADER: &str =
    "Đơn vị cũ;Đơn vị mới;Hình thức;Tỷ lệ;Ngày hiệu lực;Số quyết định;Đơn vị cấp trên;Loại đơn vị;Mã đơn vị mới";

fn read(lines: &[&str]) -> Result<Plan, Vec<PlanError>> {
    let rows: Vec<Vec<String>> = std::iter::once(HEADER)
        .chain(lines.iter().copied())
        .map(|l| l.split(';').map(String::from).collect())
        .collect();
    read_plan(&rows, &units(), &kinds())
}

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
}

#[test]
fn a_merge_into_a_new_ward_founds_it_and_carries_lower_units() {
    let plan = read(&[
        "Đảng ủy xã Phú Hưng;Đảng ủy phường An Hội Mới;Sáp nhập;;01/7/2025;QĐ 1656/QĐ-TTg;Tỉnh ủy Bến Tre;Đảng ủy phường",
        "Đảng ủy xã Sơn Đông;Đảng ủy phường An Hội Mới;sáp nhập;;1/7/2025;QĐ 1656/QĐ-TTg;;",
        "Thành ủy Bến Tre;;Giải thể;;01/07/2025;QĐ 1656/QĐ-TTg;;",
        "Đảng ủy xã Bình Phú;Đảng ủy phường An Hội Mới;Sáp nhập;;01/07/2025;QĐ 1656/QĐ-TTg;;",
    ])
    .unwrap();
    assert_eq!(plan.founded.len(), 1);
    assert_eq!(plan.founded[0].kind, "dang_uy_phuong");
    assert_eq!(plan.founded[0].parent, Some(Unit::Existing(OrgId(1))));
    assert_eq!(plan.steps[1].into, Some(Unit::New(0)));
    // The chi bộ of Phú Hưng follows it to the new ward.
    let carried = plan.steps.iter().find(|s| s.line == 0).unwrap();
    assert_eq!(
        (carried.kind, carried.unit, carried.parent),
        (EventKind::Moved, Unit::Existing(OrgId(5)), Some(Unit::New(0)))
    );
    assert_eq!(carried.on, on());
}

#[test]
fn shares_of_a_split_must_make_the_whole() {
    let errors = read(&[
        "Đảng ủy xã Bình Phú;Phường Một;Chia tách;60%;01/7/2025;QĐ 1;Thành ủy Bến Tre;",
        "Đảng ủy xã Bình Phú;Phường Hai;Chia tách;30%;01/7/2025;QĐ 1;Thành ủy Bến Tre;",
    ])
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("90%"), "{errors:?}");
    let ok = read(&[
        "Đảng ủy xã Bình Phú;Phường Một;Chia tách;60%;01/7/2025;QĐ 1;Thành ủy Bến Tre;",
        "Đảng ủy xã Bình Phú;Phường Hai;Chia tách;40;01/7/2025;QĐ 1;Thành ủy Bến Tre;",
    ])
    .unwrap();
    assert_eq!(ok.steps.iter().map(|s| s.share).collect::<Vec<_>>(), [Some(6_000), Some(4_000)]);
}

#[test]
fn a_unit_merged_twice_on_one_date_is_refused_with_both_rows() {
    let errors = read(&[
        "Đảng ủy xã Phú Hưng;Đảng ủy xã Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1;;",
        "Đảng ủy xã Phú Hưng;Đảng ủy xã Bình Phú;Sáp nhập;;01/7/2025;QĐ 1;;",
    ])
    .unwrap_err();
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.contains("dòng 2"), "{errors:?}");
}

#[test]
fn a_cycle_is_refused() {
    let errors = read(&["#3;#4;Sáp nhập;;01/7/2025;QĐ 1;;", "#4;#3;Sáp nhập;;01/7/2025;QĐ 1;;"]).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("vòng tròn")), "{errors:?}");
    let moved = read(&["Thành ủy Bến Tre;;Chuyển;;01/7/2025;QĐ 1;Chi bộ ấp Phú Chánh;"]).unwrap_err();
    assert!(moved[0].message.contains("dưới chính nó"), "{moved:?}");
}

#[test]
fn unknown_units_kinds_and_dates_are_named_by_row_and_column() {
    let errors = read(&[
        "Đảng ủy xã Không Có;Phường Một;Sáp nhập;;01/7/2025;QĐ 1;;",
        "Đảng ủy xã Phú Hưng;Phường Một;Gộp lại;;01/7/2025;QĐ 1;;",
        "Đảng ủy xã Phú Hưng;Phường Một;Sáp nhập;;31/6/2025;QĐ 1;;",
        "Đảng ủy xã Phú Hưng;Phường Một;Sáp nhập;;01/7/2025;;;",
    ])
    .unwrap_err();
    let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.message.split(':').next().unwrap())).collect();
    assert_eq!(got, [(2, "cột Đơn vị cũ"), (3, "cột Hình thức"), (4, "cột Ngày hiệu lực"), (5, "cột Số quyết định")]);
    assert!(errors[0].message.contains("Không Có"));
}

#[test]
fn lower_units_of_a_dissolved_unit_must_be_placed() {
    let errors = read(&["Thành ủy Bến Tre;;Giải thể;;01/7/2025;QĐ 1;;"]).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].message.contains("Phú Hưng"));
}

#[test]
fn a_missing_column_is_named() {
    let rows = vec![vec!["Đơn vị cũ".to_string(), "Hình thức".to_string()]];
    let errors = read_plan(&rows, &units(), &kinds()).unwrap_err();
    assert!(errors[0].message.contains("Đơn vị mới") && errors[0].message.contains("Ngày hiệu lực"));
}

#[test]
fn a_new_unit_may_take_the_name_of_one_it_absorbs() {
    let plan = read(&[
        "Đảng ủy xã Phú Hưng;Đảng ủy xã Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1;;",
        "Đảng ủy xã Sơn Đông;Đảng ủy xã Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1;;",
    ])
    .unwrap();
    assert_eq!(plan.founded.len(), 1);
    assert_eq!(plan.steps[0].into, Some(Unit::New(0)));
    assert_eq!((plan.steps[1].unit, plan.steps[1].into), (Unit::Existing(OrgId(4)), Some(Unit::New(0))));
}

#[test]
fn units_are_found_by_code_and_new_ones_take_theirs() {
    let plan = read(&[
        "28759;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1;Tỉnh ủy Bến Tre;Đảng ủy phường;P001",
        "Đảng ủy xã Sơn Đông;Đảng ủy xã Sơn Đông mới;Đổi tên;;01/8/2025;QĐ 2;;;X002",
    ])
    .unwrap_err();
    // Sơn Đông ended on 1/7: it cannot be renamed on 1/8.
    assert_eq!(plan[0].line, 3, "{plan:?}");
    let plan =
        read(&["28759;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 1;Tỉnh ủy Bến Tre;Đảng ủy phường;P001"]).unwrap();
    assert_eq!(plan.steps[0].unit, Unit::Existing(OrgId(4)));
    assert_eq!(plan.founded[0].code.as_deref(), Some("P001"));
}

#[test]
fn a_unit_cannot_merge_into_its_own_lower_unit() {
    let errors = read(&["Thành ủy Bến Tre;Đảng ủy xã Phú Hưng;Sáp nhập;;01/7/2025;QĐ 1;;"]).unwrap_err();
    assert!(errors[0].message.contains("trực thuộc của nó"), "{errors:?}");
    let deeper = read(&["Thành ủy Bến Tre;Chi bộ ấp Phú Chánh;Sáp nhập;;01/7/2025;QĐ 1;;"]).unwrap_err();
    assert!(deeper[0].message.contains("trực thuộc của nó"), "{deeper:?}");
}

#[test]
fn a_new_unit_is_not_placed_under_one_that_ends() {
    // The new ward would default to the city committee, dissolved the same day.
    let errors = read(&[
        "Đảng ủy xã Phú Hưng;Đảng ủy phường Mới;Sáp nhập;;01/7/2025;QĐ 1;;Đảng ủy phường",
        "Đảng ủy xã Sơn Đông;Đảng ủy phường Mới;Sáp nhập;;01/7/2025;QĐ 1;;",
        "Đảng ủy xã Bình Phú;Đảng ủy phường Mới;Sáp nhập;;01/7/2025;QĐ 1;;",
        "Thành ủy Bến Tre;;Giải thể;;01/7/2025;QĐ 1;;",
    ])
    .unwrap_err();
    assert!(errors.iter().any(|e| e.line == 2 && e.message.contains("Đơn vị cấp trên")), "{errors:?}");
}

#[test]
fn a_plan_has_one_effective_date() {
    let errors = read(&[
        "Đảng ủy xã Phú Hưng;Phường Một;Sáp nhập;;01/7/2025;QĐ 1;Thành ủy Bến Tre;Đảng ủy phường",
        "Đảng ủy xã Sơn Đông;;Đổi tên;;01/8/2025;QĐ 2;;",
    ])
    .unwrap_err();
    assert_eq!((errors[0].line, errors.len()), (3, 1), "{errors:?}");
    assert!(errors[0].message.contains("cùng một ngày hiệu lực"));
}

#[test]
fn an_ambiguous_successor_is_asked_for_not_founded() {
    let v = |org: i64, name: &str, parent: i64| UnitVersion {
        org: OrgId(org),
        from: None,
        to: None,
        name: name.into(),
        kind: "chi_bo".into(),
        parent: Some(OrgId(parent)),
        code: None,
    };
    let mut versions: Vec<UnitVersion> = (1..=6).map(|i| units().versions_of(OrgId(i))[0].clone()).collect();
    versions.extend([v(7, "Chi bộ ấp 1", 3), v(8, "Chi bộ ấp 1", 4)]);
    let h = History::new(versions, vec![]);
    let rows: Vec<Vec<String>> = [HEADER, "Chi bộ ấp Phú Chánh;Chi bộ ấp 1;Sáp nhập;;01/7/2025;QĐ 1;;"]
        .iter()
        .map(|l| l.split(';').map(String::from).collect())
        .collect();
    let errors = read_plan(&rows, &h, &kinds()).unwrap_err();
    assert!(errors[0].message.contains("#7 (thuộc Đảng ủy xã Phú Hưng)"), "{errors:?}");
}

#[test]
fn a_unit_changed_on_a_day_may_be_corrected_that_day() {
    let day = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
    let mut versions: Vec<UnitVersion> = (1..=6).map(|i| units().versions_of(OrgId(i))[0].clone()).collect();
    versions[4].from = Some(day);
    let h = History::new(versions, vec![]);
    let rows: Vec<Vec<String>> = [HEADER, "Chi bộ ấp Phú Chánh;Chi bộ ấp Phú Chánh A;Đổi tên;;01/7/2025;QĐ 2;;"]
        .iter()
        .map(|l| l.split(';').map(String::from).collect())
        .collect();
    assert!(read_plan(&rows, &h, &kinds()).is_ok());
}
