//! Restructuring plans as uploaded: any table read against a small tree is a plan or a
//! list of mistakes by row, never a fault.
#![no_main]

use domain::restructuring::read_plan;
use domain::units::{History, UnitVersion};
use domain::{OrgId, OrgKind};
use libfuzzer_sys::fuzz_target;

fn units() -> History {
    let v = |org: i64, name: &str, kind: &str, parent: Option<i64>| UnitVersion {
        org: OrgId(org),
        from: None,
        to: None,
        name: name.into(),
        kind: kind.into(),
        parent: parent.map(OrgId),
        code: Some(format!("M{org}")),
    };
    History::new(
        vec![
            v(1, "Tỉnh ủy A", "tinh_uy", None),
            v(2, "Huyện ủy B", "huyen_uy", Some(1)),
            v(3, "Đảng ủy xã C", "dang_uy_xa", Some(2)),
            v(4, "Đảng ủy xã D", "dang_uy_xa", Some(2)),
            v(5, "Chi bộ 1", "chi_bo", Some(3)),
            v(6, "Chi bộ 1", "chi_bo", Some(4)),
        ],
        vec![],
    )
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(rows) = sheet::read("plan.csv", bytes) else { return };
    let kinds: Vec<OrgKind> = ["tinh_uy", "huyen_uy", "dang_uy_xa", "chi_bo"]
        .iter()
        .map(|c| OrgKind { code: c.to_string(), label: c.to_string() })
        .collect();
    let _ = read_plan(&rows, &units(), &kinds);
});
