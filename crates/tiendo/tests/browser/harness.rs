//! The harness: the real binary, headless Chromium over WebDriver, and the checks every
//! page must pass (labelled controls, no sideways scrolling).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
pub const PASSWORD: &str = "trình-duyệt-thử";

/// Kills a child process when the test ends, however it ends.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A WebDriver session over plain HTTP/1.0.
pub struct Browser {
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
    pub fn start(port: u16) -> Browser {
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

    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(self.port, method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    pub fn find(&self, css: &str) -> Option<String> {
        let v = self.cmd("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        v.get(ELEMENT).and_then(|e| e.as_str()).map(str::to_string)
    }

    /// Waits up to thirty seconds (a loaded machine starts Chromium slowly) for `css`.
    pub fn wait(&self, css: &str) -> String {
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

    pub fn type_in(&self, css: &str, text: &str) {
        let e = self.wait(css);
        self.cmd("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.cmd("POST", &format!("/element/{e}/value"), Some(json!({"text": text})));
    }

    pub fn click(&self, css: &str) {
        let e = self.wait(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.wait(css);
        self.cmd("GET", &format!("/element/{e}/text"), None).as_str().unwrap_or_default().to_string()
    }

    /// Waits until the text of `css` contains `needle` (a click may still be loading the
    /// next page), and returns it.
    pub fn eventually(&self, css: &str, needle: &str) -> String {
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

    pub fn script(&self, js: &str) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({"script": js, "args": []})))
    }

    pub fn screenshot(&self, name: &str) {
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
pub fn assert_usable(b: &Browser, page: &str) {
    let unlabelled = b.script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]\
         .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.name);",
    );
    assert_eq!(unlabelled, json!([]), "unlabelled controls on {page}");
    let fits = b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
    assert_eq!(fits, json!(true), "{page} scrolls sideways");
}

/// The demo server and a headless browser, running for as long as the value lives.
pub struct Demo {
    pub b: Browser,
    pub base: String,
    _driver: Guard,
    _server: Guard,
    _data: tempfile::TempDir,
}

/// The 2020 sample, before the illustrative 2025 restructuring, and a browser.
pub fn demo() -> Option<Demo> {
    demo_with(&["--no-restructuring"])
}

/// Starts the demo with `args` and a browser, or says why the test is skipped (never in CI).
pub fn demo_with(args: &[&str]) -> Option<Demo> {
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
        .args(args)
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
    pub fn login(&self, user: &str) {
        let b = &self.b;
        b.go(&format!("{}/login", self.base));
        assert_usable(b, "login");
        b.type_in("#username", user);
        b.type_in("#password", PASSWORD);
        b.click("button[type=submit]");
        b.wait("#home");
    }

    pub fn logout(&self) {
        self.b.click("nav.user button");
        self.b.wait("#username");
    }
}
