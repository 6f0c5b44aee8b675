//! The 2025 restructuring in a browser: the city office uploads a plan, reads the
//! mistakes by row, uploads it corrected, previews and applies it; the merged ward gets a
//! 2025–2030 resolution and its 2026 dashboard; its predecessors' 2020 dashboard and
//! their restated history stay readable; the merged commune's reporter writes no more.
//! Then the full demo (restructured) on a phone-sized screen.

use serde_json::json;

use crate::harness::{Browser, Demo, assert_usable, demo, demo_with};

/// Writes a plan to a file the browser can upload.
fn plan_file(dir: &std::path::Path, name: &str, lines: &[&str]) -> String {
    let header = "Đơn vị cũ;Đơn vị mới;Hình thức;Tỷ lệ;Ngày hiệu lực;Số quyết định;Đơn vị cấp trên;Loại đơn vị";
    let body: Vec<&str> = std::iter::once(header).chain(lines.iter().copied()).collect();
    let path = dir.join(name);
    std::fs::write(&path, body.join("\n")).unwrap();
    path.to_string_lossy().into_owned()
}

/// The id of the unit linked as `name` on the current page.
fn linked(b: &Browser, name: &str) -> i64 {
    let js = format!(
        "const a = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === '{name}'); \
         return a ? Number(a.getAttribute('href').split('/')[2]) : null;"
    );
    b.script(&js).as_i64().unwrap_or_else(|| panic!("no link to {name}"))
}

fn upload(demo: &Demo, file: &str) {
    let b = &demo.b;
    b.go(&format!("{}/orgs/restructure", demo.base));
    b.type_in("#file", file);
    b.click("#plan-check");
}

#[test]
fn a_plan_is_uploaded_previewed_applied_and_followed() {
    let Some(demo) = demo() else { return };
    let (b, base) = (&demo.b, &demo.base);
    let files = tempfile::tempdir().unwrap();
    demo.login("vanphong");
    b.go(&format!("{base}/orgs"));
    b.click("#restructure-link");
    b.wait("#plan-check");
    assert_usable(b, "restructure");

    let wrong = plan_file(
        files.path(),
        "sai.csv",
        &[
            "Đảng ủy xã Phú Hưng;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 12-QĐ/ThU;Thành ủy Bến Tre;Đảng ủy phường",
            "Đảng ủy xã Sơn Đông;Đảng ủy phường Sơn Đông;Sáp nhập;;31/6/2025;QĐ 12-QĐ/ThU;;",
        ],
    );
    upload(&demo, &wrong);
    let errors = b.eventually("#plan-errors", "Ngày hiệu lực");
    assert!(errors.contains('3') && errors.contains("31/6/2025"), "{errors}");
    assert!(b.find("#plan-apply").is_none(), "a plan with a mistake cannot be applied");

    let right = plan_file(
        files.path(),
        "dung.csv",
        &[
            "Đảng ủy xã Phú Hưng;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 12-QĐ/ThU;Thành ủy Bến Tre;Đảng ủy phường",
            "Đảng ủy xã Sơn Đông;Đảng ủy phường Sơn Đông;Sáp nhập;;01/7/2025;QĐ 12-QĐ/ThU;;",
        ],
    );
    upload(&demo, &right);
    let preview = b.eventually("#plan-preview", "Đảng ủy xã Phú Hưng sáp nhập vào Đảng ủy phường Sơn Đông");
    assert!(
        preview.contains("Chi bộ ấp Phú Chánh chuyển theo đơn vị được sáp nhập về trực thuộc"),
        "lower units follow: {preview}"
    );
    b.click("#plan-apply");
    b.eventually("#restructure-notice", "thành lập 1 đơn vị mới");

    // Today's tree has the ward; the tree of 30/9/2020 has the communes.
    b.go(&format!("{base}/orgs"));
    let ward = linked(b, "Đảng ủy phường Sơn Đông");
    b.eventually("#tree-changes", "sáp nhập vào Đảng ủy phường Sơn Đông");
    b.type_in("#ngay", "30/9/2020");
    b.click("#tree-day button");
    b.eventually("h1", "30/9/2020");
    let phu_hung = linked(b, "Đảng ủy xã Phú Hưng");

    // The ward's 2025–2030 resolution and its dashboard for 2026.
    b.go(&format!("{base}/orgs/{ward}"));
    b.click("details.card summary");
    b.type_in("#title", "Nghị quyết Đại hội Đảng bộ phường Sơn Đông lần thứ I, nhiệm kỳ 2025–2030");
    b.type_in("#term", "2025–2030");
    b.click("#create-resolution");
    b.click("#add-target summary");
    b.type_in("#code", "1");
    b.type_in("#field", "Kinh tế");
    b.type_in("#name", "Thu ngân sách nhà nước trên địa bàn");
    b.type_in("#unit", "tỷ đồng");
    b.type_in("#bound", "từ 160 trở lên");
    b.click("#add-target-button");
    b.eventually("main", "từ 160 trở lên");
    b.go(&format!("{base}/orgs/{ward}/dashboard?period=2026"));
    let dashboard = b.eventually("main", "nhiệm kỳ 2025–2030");
    assert!(dashboard.contains("Đảng ủy phường Sơn Đông"), "{dashboard}");

    // The predecessors' 2020 dashboard as it was, and their history restated onto the ward.
    b.go(&format!("{base}/orgs/{phu_hung}/dashboard?period=2020-9M"));
    let old = b.eventually("main", "Thu ngân sách nhà nước trên địa bàn");
    assert!(old.contains("Chi bộ ấp Phú Lợi"), "its chi bộ of 2020: {old}");
    b.go(&format!("{base}/orgs/{phu_hung}"));
    b.eventually("#org-ended", "sáp nhập vào Đảng ủy phường Sơn Đông");
    b.go(&format!("{base}/orgs/{ward}/lineage"));
    let history = b.eventually("main", "Quy đổi về Đảng ủy phường Sơn Đông");
    assert!(history.contains("Đảng ủy xã Phú Hưng (đã báo cáo)"), "{history}");
    b.go(&format!("{base}/"));
    demo.logout();

    // The merged commune's reporter reads its history and writes nothing more.
    demo.login("phuhung");
    b.go(&format!("{base}/orgs/{phu_hung}/figures?period=2020-Q3"));
    b.eventually("main", "không có quyền nhập số liệu");
    b.go(&format!("{base}/orgs/{phu_hung}/dashboard?period=2020-9M"));
    b.eventually("main", "Thu ngân sách nhà nước trên địa bàn");
    b.go(&format!("{base}/"));
    demo.logout();
}

#[test]
fn the_restructured_demo_fits_a_phone() {
    let Some(demo) = demo_with(&[]) else { return };
    let (b, base) = (&demo.b, &demo.base);
    demo.login("phuongsondong");
    b.go(&format!("{base}/orgs"));
    let ward = linked(b, "Đảng ủy phường Sơn Đông");
    b.cmd("POST", "/window/rect", Some(json!({"width": 390, "height": 844})));
    for path in [
        "/orgs".to_string(),
        "/orgs?ngay=30/9/2020".into(),
        "/orgs?ngay=hom qua".into(),
        format!("/orgs/{ward}"),
        format!("/orgs/{ward}/lineage"),
        format!("/orgs/{ward}/lineage?ngay=01/7/2025"),
        format!("/orgs/{ward}/dashboard?period=2026"),
        "/orgs/restructure".into(),
    ] {
        b.go(&format!("{base}{path}"));
        b.wait("main");
        assert_usable(b, &path);
    }
    b.go(&format!("{base}/orgs/{ward}/lineage"));
    let restated = b.eventually(".lineage-table", "quý I/2020");
    assert!(restated.contains("8,26"), "Phú Hưng, Sơn Đông and 60% of Nhơn Thạnh: {restated}");
    b.go(&format!("{base}/orgs/{ward}/dashboard?period=2026"));
    let trend = b.script("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href')).find(h => h && h.endsWith('/trend'));");
    b.go(&format!("{base}{}", trend.as_str().expect("a trend link")));
    b.eventually("#earlier-term", "Quy đổi về");
    assert_usable(b, "trend with the earlier term");
    b.cmd("POST", "/window/rect", Some(json!({"width": 1280, "height": 900})));
    b.go(&format!("{base}/"));
    demo.logout();
}
