//! The real binary driven through headless Chromium (Debian's chromium and
//! chromium-driver) over the WebDriver protocol: a reporter of xã Phú Hưng enters
//! figures written the Vietnamese way and submits; the city office returns them with a
//! reason; the reporter corrects and resubmits; the standing office accepts; the city
//! dashboard changes; a reporter of another commune can neither see nor change them.
//! The pages work on a phone-sized screen and every form control has a label.
//!
//! Without Chromium the test says so and is skipped; in CI (`CI=true`) it is required.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const PASSWORD: &str = "trình-duyệt-thử";

/// Kills a child process when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A WebDriver session over plain HTTP/1.0.
struct Browser {
    port: u16,
    session: String,
}

fn call(port: u16, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("chromedriver answers");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // chromedriver keeps the connection open: read the headers, then Content-Length bytes.
    let mut reader = BufReader::new(s);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut buf = vec![0; length];
    reader.read_exact(&mut buf).unwrap();
    let v: Value = serde_json::from_slice(&buf).unwrap_or(Value::Null);
    v.get("value").cloned().unwrap_or(Value::Null)
}

impl Browser {
    fn start(port: u16) -> Browser {
        let profile = std::env::temp_dir().join(format!("tiendo-chromium-{port}"));
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", format!("--user-data-dir={}", profile.display())]
        }}}});
        let v = call(port, "POST", "/session", Some(caps));
        let session = v["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        Browser { port, session }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(self.port, method, &format!("/session/{}{path}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    fn find(&self, css: &str) -> Option<String> {
        let v = self.cmd("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        v.get(ELEMENT).and_then(|e| e.as_str()).map(str::to_string)
    }

    /// Waits up to thirty seconds (a loaded machine starts Chromium slowly) for `css`.
    fn wait(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            if start.elapsed() > Duration::from_secs(30) {
                let url = self.cmd("GET", "/url", None);
                let text = self.script("return document.body ? document.body.innerText : '';");
                panic!("{css} never appeared on {url}: {text}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.wait(css);
        self.cmd("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.cmd("POST", &format!("/element/{e}/value"), Some(json!({"text": text})));
    }

    fn click(&self, css: &str) {
        let e = self.wait(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn text(&self, css: &str) -> String {
        let e = self.wait(css);
        self.cmd("GET", &format!("/element/{e}/text"), None).as_str().unwrap_or_default().to_string()
    }

    /// Waits until the text of `css` contains `needle` (a click may still be loading the
    /// next page), and returns it.
    fn eventually(&self, css: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.find(css).map(|_| self.text(css)).unwrap_or_default();
            if t.contains(needle) {
                return t;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "{css} never read “{needle}”: {t}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn script(&self, js: &str) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({"script": js, "args": []})))
    }

    fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("TIENDO_SCREENSHOTS") {
            let png = self.cmd("GET", "/screenshot", None);
            std::fs::write(format!("{dir}/{name}.png.b64"), png.as_str().unwrap_or_default()).unwrap();
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        call(self.port, "DELETE", &format!("/session/{}", self.session), None);
    }
}

/// Every visible form control is labelled; the page does not scroll sideways.
fn assert_usable(b: &Browser, page: &str) {
    let unlabelled = b.script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]\
         .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name);",
    );
    assert_eq!(unlabelled, json!([]), "unlabelled controls on {page}");
    let fits = b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
    assert_eq!(fits, json!(true), "{page} scrolls sideways");
}

/// The demo server and a headless browser, running for as long as the value lives.
struct Demo {
    b: Browser,
    base: String,
    _driver: Guard,
    _server: Guard,
    _data: tempfile::TempDir,
}

/// Starts the demo and a browser, or says why the test is skipped (never in CI).
fn demo() -> Option<Demo> {
    let have = |p: &str| std::path::Path::new(p).exists();
    if !have("/usr/bin/chromium") || !have("/usr/bin/chromedriver") {
        assert!(std::env::var("CI").is_err(), "CI must install chromium and chromium-driver");
        eprintln!("SKIPPED: /usr/bin/chromium and /usr/bin/chromedriver are not installed");
        return None;
    }
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args(["demo", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data.path())
        .env("TIENDO_ADMIN_PASSWORD", PASSWORD)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tiendo starts");
    // Keep reading the server's output for as long as it runs: a closed pipe would make
    // its next line fail.
    let stdout = server.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(60)).expect("tiendo prints its address");
    let _server = Guard(server);
    assert!(first.contains(&format!("http://127.0.0.1:{port}/")), "{first}");
    let base = format!("http://127.0.0.1:{port}");

    let wd_port = free_port();
    let driver = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={wd_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let _driver = Guard(driver);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", wd_port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }

    let b = Browser::start(wd_port);
    b.cmd("POST", "/window/rect", Some(json!({"width": 1280, "height": 900})));
    Some(Demo { b, base, _driver, _server, _data: data })
}

impl Demo {
    fn login(&self, user: &str) {
        let b = &self.b;
        b.go(&format!("{}/login", self.base));
        assert_usable(b, "login");
        b.type_in("#username", user);
        b.type_in("#password", PASSWORD);
        b.click("button[type=submit]");
        b.wait("#home");
    }

    fn logout(&self) {
        self.b.click("nav.user button");
        self.b.wait("#username");
    }
}

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
