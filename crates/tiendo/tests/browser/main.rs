//! The real binary driven through headless Chromium (Debian's chromium and
//! chromium-driver) over the WebDriver protocol: a reporter of xã Phú Hưng enters
//! figures written the Vietnamese way and submits; the city office returns them with a
//! reason; the reporter corrects and resubmits; the standing office accepts; the city
//! dashboard changes; a reporter of another commune can neither see nor change them.
//! The pages work on a phone-sized screen and every form control has a label.
//!
//! Without Chromium the test says so and is skipped; in CI (`CI=true`) it is required.

mod harness;
mod restructuring;

use serde_json::json;

use harness::{assert_usable, demo};

#[test]
fn a_period_is_reported_returned_corrected_and_accepted() {
    let Some(demo) = demo() else { return };
    let (b, base) = (&demo.b, &demo.base);
    let login = |user: &str| demo.login(user);
    let logout = || demo.logout();

    // A reporter of xã Phú Hưng reads seed 000's result and enters figures.
    login("phuhung");
    assert!(b.eventually("#home", "Đảng ủy xã Phú Hưng").contains("Nhập số liệu"), "the reporter's home");
    b.cmd("POST", "/window/rect", Some(json!({"width": 390, "height": 844})));
    assert_usable(b, "a reporter's home on a phone");
    b.screenshot("home-reporter-phone");
    b.cmd("POST", "/window/rect", Some(json!({"width": 1280, "height": 900})));
    b.click("#home a[href$='/dashboard']");
    assert!(!b.text("#summary").is_empty());
    b.go(&format!("{base}/orgs/3/dashboard?period=2020-9M"));
    assert!(b.eventually("#summary", "13/31 chỉ tiêu hoàn thành 100%").starts_with("13/31 chỉ tiêu hoàn thành 100%"));
    b.go(&format!("{base}/orgs/3/figures?period=2020-Q3"));
    assert_usable(b, "figures");
    b.cmd("POST", "/window/rect", Some(json!({"width": 390, "height": 844})));
    assert_usable(b, "the figure form on a phone");
    b.screenshot("figures-reporter-phone");
    b.cmd("POST", "/window/rect", Some(json!({"width": 1280, "height": 900})));
    let input = b.script(
        "return [...document.querySelectorAll('label')].find(l => l.textContent.includes('Số hộ kinh doanh cá thể')).htmlFor;",
    );
    let css = format!("#{}", input.as_str().expect("the target has a labelled input"));
    b.type_in(&css, "45.799,5");
    let shown = format!("#u{}", &css[2..]);
    assert_eq!(b.text(&shown), "45.799,5", "the form shows how it reads a number as it is typed");
    b.type_in(&css, "1.5");
    b.click("#save");
    b.eventually("[role=alert]", "Chỉ tiêu 6");
    b.type_in(&css, "45");
    b.click("#save");
    b.eventually("[role=status]", "Đã lưu 1 giá trị cho quý III/2020");
    b.click("#submit-report");
    b.eventually("#review", "Kiểm tra trước khi gửi báo cáo quý III/2020");
    b.click("#confirm-submit");
    b.eventually("[role=status]", "Đã gửi báo cáo quý III/2020");
    logout();

    // The city office finds it in its inbox and returns it with a reason.
    login("vanphong");
    b.go(&format!("{base}/inbox"));
    b.eventually("#inbox", "Đảng ủy xã Phú Hưng");
    b.click("#inbox a[href='/orgs/3/figures?period=2020-Q3']");
    b.type_in("#return-reason", "Số hộ kinh doanh mới cần khớp với báo cáo của UBND xã");
    b.click("#return-report");
    b.eventually("[role=status]", "Đã trả lại báo cáo");
    logout();

    // The reporter corrects and submits again.
    login("phuhung");
    b.go(&format!("{base}/inbox"));
    b.eventually("#inbox", "cần khớp với báo cáo của UBND xã");
    b.click("#inbox a[href='/orgs/3/figures?period=2020-Q3']");
    b.type_in(&css, "46");
    b.click("#save");
    b.eventually("[role=status]", "Đã lưu 1 giá trị");
    b.click("#submit-report");
    b.click("#confirm-submit");
    b.eventually("#report-status", "Đã gửi, chờ duyệt");
    logout();

    // The standing office accepts; the city's dashboard reads the new figure.
    login("thanhuy");
    b.eventually("#home", "Đơn vị trực thuộc");
    b.screenshot("home-leader-laptop");
    b.go(&format!("{base}/orgs/3/figures?period=2020-Q3"));
    b.screenshot("figures-review");
    b.click("#accept-report");
    b.eventually("#report-status", "Đã chấp nhận");
    b.go(&format!("{base}/orgs/2/dashboard?period=2020-9M"));
    b.eventually("#children", "Đảng ủy xã Phú Hưng 31 14/31 (45,2%) 14 2 4 3 8");
    b.screenshot("dashboard-laptop");
    b.cmd("POST", "/window/rect", Some(json!({"width": 390, "height": 844})));
    b.go(&format!("{base}/orgs/3/dashboard?period=2020-9M"));
    assert!(b.eventually("#summary", "14/31 chỉ tiêu hoàn thành 100%").starts_with("14/31 chỉ tiêu hoàn thành 100%"));
    assert_usable(b, "dashboard on a phone");
    b.screenshot("dashboard-phone");
    b.cmd("POST", "/window/rect", Some(json!({"width": 1280, "height": 900})));
    logout();

    // A reporter of another commune can neither read nor change them.
    login("sondong");
    b.go(&format!("{base}/orgs/3/dashboard?period=2020-9M"));
    b.eventually("h1", "Không có quyền");
    b.go(&format!("{base}/orgs/3/figures?period=2020-Q3"));
    b.eventually("h1", "Không có quyền");
    b.go(&format!("{base}/api/v1/orgs/3/evaluations?period=2020-9M"));
    b.eventually("body", "\"status\":403");
}

/// A leader records a working session and its conclusion, a task for xã Phú Hưng due on
/// 20/9/2020; the commune's reporter reports it done on 25/9/2020; the city's tasks read
/// "hoàn thành quá hạn". A neighbouring commune cannot open the session.
#[test]
fn a_conclusion_becomes_a_task_the_commune_reports_done_late() {
    let Some(demo) = demo() else { return };
    let (b, base) = (&demo.b, &demo.base);

    demo.login("thanhuy");
    b.go(&format!("{base}/orgs/2"));
    b.click("#meetings-link");
    b.wait("#meeting-form");
    assert_usable(b, "meetings");
    b.type_in("#held_on", "18/9/2020");
    b.type_in("#title", "Làm việc với Ban Thường vụ Đảng ủy xã Phú Hưng");
    b.type_in("#chair", "Bí thư Thành ủy Nguyễn Văn Tuấn");
    b.click("#concerns option[value='3']");
    b.click("#c1_unit option[value='3']");
    b.type_in("#c1_body", "Rà soát, kiện toàn chi bộ ấp Phú Chánh");
    b.type_in("#c1_due", "20/9/2020");
    b.click("#record-meeting");
    b.eventually("#meeting-tasks", "Rà soát, kiện toàn chi bộ ấp Phú Chánh");
    let meeting = b.cmd("GET", "/url", None).as_str().unwrap_or_default().to_string();
    demo.logout();

    demo.login("phuhung");
    b.go(&format!("{base}/orgs/3/tasks"));
    b.eventually("#tasks", "Rà soát, kiện toàn chi bộ ấp Phú Chánh");
    let id = b
        .script(
            "return [...document.querySelectorAll('#tasks tbody tr')].find(r => r.cells[0].textContent.includes('Rà soát, kiện toàn')).id.slice(5);",
        )
        .as_str()
        .unwrap_or_default()
        .to_string();
    b.click(&format!("#task-{id} summary"));
    assert_usable(b, "tasks");
    b.type_in(&format!("#done-{id}"), "25/9/2020");
    b.type_in(&format!("#note-{id}"), "Đã kiện toàn chi ủy ấp Phú Chánh");
    b.click(&format!("#finish-{id}"));
    b.eventually(&format!("#task-{id}"), "chờ đơn vị giao xác nhận");
    demo.logout();

    // The city, which gave the task, accepts it: done as of that day, late.
    demo.login("vanphong");
    b.go(&format!("{base}/orgs/2/tasks"));
    b.eventually(&format!("#task-{id}"), "chờ đơn vị giao xác nhận");
    b.click(&format!("#accept-{id}"));
    b.eventually(&format!("#task-{id}"), "hoàn thành quá hạn");
    demo.logout();

    demo.login("thanhuy");
    b.go(&format!("{base}/orgs/2/tasks"));
    b.eventually(&format!("#task-{id}"), "hoàn thành quá hạn");
    b.eventually("#task-sentence", "quá hạn");
    demo.logout();

    demo.login("sondong");
    b.go(&meeting);
    b.eventually("h1", "Không có quyền");
}

/// Every page a user reaches, as the city's office and as a commune's reporter, fits a
/// 390 px phone: nothing scrolls sideways but a table inside its own scrolling box,
/// and every control is labelled.
#[test]
fn every_page_fits_a_phone() {
    let Some(demo) = demo() else { return };
    let (b, base) = (&demo.b, &demo.base);
    let pages = |org: i64| {
        let mut p: Vec<String> =
            ["/", "/orgs", "/inbox", "/search?q=nguyen+van+tuan", "/account", "/khong-co-trang-nay"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        for tail in [
            "",
            "/dashboard?period=2020-9M",
            "/figures?period=2020-Q3",
            "/tasks",
            "/meetings",
            "/people",
            "/work",
            "/period-report?period=2020-9M",
        ] {
            p.push(format!("/orgs/{org}{tail}"));
        }
        p.extend(
            [
                "/resolutions/1",
                "/targets/1/history",
                "/targets/1/trend",
                "/orgs/2/import",
                "/orgs/2/read",
                "/targets/1/edit",
            ]
            .map(String::from),
        );
        p
    };
    // A long list of units is typed into: the first unit matching is chosen.
    demo.login("vanphong");
    b.go(&format!("{base}/orgs/2/meetings"));
    b.wait("#c1_unit");
    let picker = b.script("return document.getElementById('c1_unit').previousElementSibling.className;");
    assert_eq!(picker, json!("picker"), "a box to type into sits before the list");
    b.script(
        "const box = document.getElementById('c1_unit').previousElementSibling; box.value = 'phu chanh'; \
         box.dispatchEvent(new Event('input'));",
    );
    let chosen = b.script("const s = document.getElementById('c1_unit'); return s.options[s.selectedIndex].text;");
    assert!(chosen.as_str().unwrap_or("").starts_with("Chi bộ ấp Phú Chánh"), "{chosen}");
    b.go(&format!("{base}/"));
    demo.logout();

    // The tree filters as one types, keeping the levels above a match.
    demo.login("vanphong");
    b.go(&format!("{base}/orgs"));
    b.type_in("#tree-filter", "phu chanh");
    let shown = b.script(
        "return [...document.querySelectorAll('#tree li')].filter(li => !li.hidden && li.offsetParent !== null)\
         .map(li => li.getAttribute('data-name'));",
    );
    let shown: Vec<&str> = shown.as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(shown.contains(&"Chi bộ ấp Phú Chánh") && shown.contains(&"Đảng ủy xã Phú Hưng"), "{shown:?}");
    assert!(!shown.contains(&"Đảng ủy xã Sơn Đông"), "{shown:?}");
    b.go(&format!("{base}/"));
    demo.logout();
    let mut wide = Vec::new();
    for (user, org) in [("vanphong", 2), ("phuhung", 3)] {
        demo.login(user);
        b.cmd("POST", "/window/rect", Some(json!({"width": 390, "height": 844})));
        for path in pages(org) {
            b.go(&format!("{base}{path}"));
            b.wait("main");
            let overflow = b.script(
                "const w = window.innerWidth; \
                 if (document.documentElement.scrollWidth <= w + 1) return null; \
                 const e = [...document.querySelectorAll('main *')].find(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.scroll')); \
                 return e ? e.tagName + '.' + e.className + ' ' + (e.id || '') : 'page';",
            );
            if !overflow.is_null() {
                wide.push(format!("{user} {path}: {overflow}"));
            }
            let unlabelled = b.script(
                "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]\
                 .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name);",
            );
            if unlabelled != json!([]) {
                wide.push(format!("{user} {path}: unlabelled {unlabelled}"));
            }
        }
        b.cmd("POST", "/window/rect", Some(json!({"width": 1280, "height": 900})));
        b.go(&format!("{base}/"));
        demo.logout();
    }
    assert!(wide.is_empty(), "pages wider than a phone or unlabelled: {wide:#?}");
}
