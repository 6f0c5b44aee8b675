//! Two real `tiendo serve` processes on one database, as the design scales out: what is
//! written through one shows on the other within a second (figures and dashboards, a
//! new resolution in search, an accepted report's lock), and after writers race on
//! both, each answers exactly as a third process freshly started from the store. Runs
//! on one SQLite file and on PostgreSQL (required in CI).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod seeded;

use seeded::{PASSWORD, on_postgres, on_sqlite};
/// The bound the issue sets: a change shows on every process within this.
const WITHIN: Duration = Duration::from_secs(1);

/// A serving process, killed when the test ends however it ends.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(url: &str) -> Server {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args(["serve", "--database-url", url, "--listen", &format!("127.0.0.1:{port}")])
        .env("TIENDO_FOLLOW_MS", "100")
        .env("TIENDO_REMIND_EVERY", "3600")
        .env("TIENDO_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("tiendo starts");
    let server = Server { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "tiendo listens within a minute");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// One HTTP/1.1 request with `Connection: close`.
fn http(port: u16, method: &str, path: &str, cookie: &str, body: Option<(&str, String)>) -> Reply {
    try_http(port, method, path, cookie, body).expect("server answers")
}

/// One request, or `None` when the server is gone or went away before answering.
fn try_http(port: u16, method: &str, path: &str, cookie: &str, body: Option<(&str, String)>) -> Option<Reply> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let (kind, body) = body.unwrap_or(("text/plain", String::new()));
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = raw.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok())?;
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.into() };
    Some(Reply { status, headers: head.to_string(), body })
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

fn form(fields: &[(&str, &str)]) -> Option<(&'static str, String)> {
    Some(("application/x-www-form-urlencoded", serde_urlencoded::to_string(fields).unwrap()))
}

fn login(port: u16, username: &str) -> String {
    let r = http(port, "POST", "/login", "", form(&[("username", username), ("password", PASSWORD), ("next", "/")]));
    assert_eq!(r.status, 303, "{username} logs in: {}", r.body);
    let line = r.headers.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).expect("a session");
    line.split_once(':').unwrap().1.trim().split(';').next().unwrap().to_string()
}

fn json_get(port: u16, path: &str, cookie: &str) -> Value {
    let r = http(port, "GET", path, cookie, None);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// Waits until `check` holds on `port`, and answers how long it took.
fn within(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < WITHIN, "{what} within {WITHIN:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
    started.elapsed()
}

/// The ids of xã Phú Hưng and of the city above it, as the API lists them.
fn phu_hung_and_city(port: u16, cookie: &str) -> (i64, i64) {
    let orgs = json_get(port, "/api/v1/orgs", cookie);
    let id_of = |name: &str| {
        orgs["orgs"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].as_i64().unwrap()
    };
    (id_of("Đảng ủy xã Phú Hưng"), id_of("Thành ủy Bến Tre"))
}

fn value_of(figures: &Value, target: i64) -> Value {
    figures["values"].as_array().unwrap().iter().find(|v| v["target"] == target).unwrap()["value"].clone()
}

fn two_processes_agree(url: &str) {
    let (a, b) = (start(url), start(url));
    let reporter = login(a.port, "phuhung");
    let leader = login(a.port, "thanhuy");
    let (ph, city) = phu_hung_and_city(b.port, &leader);
    let q3 = format!("/api/v1/orgs/{ph}/figures?period=2020-Q3");
    let figures = json_get(b.port, &q3, &reporter);
    let own: Vec<i64> = figures["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["aggregated"] == false)
        .map(|v| v["target"].as_i64().unwrap())
        .take(3)
        .collect();

    // A figure written through A reaches B's form and dashboard.
    let body = json!({"period": "2020-Q3", "values": {own[0].to_string(): 12345.5},
        "notes": {own[0].to_string(): "Số liệu thử của hai tiến trình"}})
    .to_string();
    let w = http(a.port, "POST", &format!("/api/v1/orgs/{ph}/figures"), &reporter, Some(("application/json", body)));
    assert_eq!(w.status, 200, "{}", w.body);
    let took = within("the figure on B", || value_of(&json_get(b.port, &q3, &reporter), own[0]) == json!(12345.5));
    let eval = json_get(b.port, &format!("/api/v1/orgs/{ph}/evaluations?period=2020-Q3"), &leader);
    let row = eval["targets"].as_array().unwrap().iter().find(|t| t["target"] == own[0]).unwrap().clone();
    assert_eq!(row["actual"], json!(12345.5), "B's dashboard reads it");
    eprintln!("figure written on A read on B after {took:?}");

    // A report submitted and accepted through A is locked on B.
    for (who, step) in [(&reporter, "submit"), (&leader, "accept")] {
        let r = http(
            a.port,
            "POST",
            &format!("/orgs/{ph}/report"),
            who,
            form(&[("period", "2020-Q3"), ("step", step), ("confirm", "yes")]),
        );
        assert_eq!(r.status, 200, "{step}: {}", r.body);
    }
    let body = json!({"period": "2020-Q3", "values": {own[1].to_string(): 7}}).to_string();
    let locked =
        http(b.port, "POST", &format!("/api/v1/orgs/{ph}/figures"), &reporter, Some(("application/json", body)));
    assert_eq!(locked.status, 409, "{}", locked.body);
    assert!(locked.body.contains("đã khóa"), "{}", locked.body);

    // A task reported done through A is done on B.
    let tasks = format!("/api/v1/orgs/{ph}/tasks");
    let open = json_get(b.port, &tasks, &reporter)["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["assignee_org"] == ph && t["done_on"].is_null())
        .expect("an open task of Phú Hưng")["id"]
        .as_i64()
        .unwrap();
    // Reported done through A, accepted by the city through B: done as of that day.
    let done =
        multipart_fields(&[("done_on", "5/10/2020"), ("note", "Đã tổ chức hội nghị"), ("from", &ph.to_string())]);
    assert_eq!(http(a.port, "POST", &format!("/tasks/{open}/done"), &reporter, done).status, 303);
    let city_office = login(b.port, "vanphong");
    let accepted = http(b.port, "POST", &format!("/tasks/{open}/accept"), &city_office, form(&[("note", "Đã đủ")]));
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let list = json_get(b.port, &tasks, &reporter);
    let row = list["tasks"].as_array().unwrap().iter().find(|t| t["id"] == open).unwrap().clone();
    let today = vn::time::today().to_string();
    assert_eq!(row["done_on"], json!(today), "{row}");

    // A resolution created through A is found by B's search.
    let office = login(b.port, "vanphong");
    let title = "Nghị quyết chuyên đề về chuyển đổi số";
    let fields = [
        ("title", title),
        ("number", "09-NQ/ThU"),
        ("term", "2020 - 2025"),
        ("grain", "quarter"),
        ("bands", "100;90;70"),
    ];
    let r = http(a.port, "POST", &format!("/orgs/{city}/resolutions"), &office, form(&fields));
    assert_eq!(r.status, 303, "{}", r.body);
    let took = within("the new resolution in B's search", || {
        http(b.port, "GET", "/search?q=chuyen+doi+so", &office, None).body.contains("chuyển đổi số")
    });
    eprintln!("resolution created on A found on B after {took:?}");

    // Writers race on both processes; each then answers as a fresh process does.
    let writers: Vec<_> = (0..4)
        .map(|n| {
            let (port, cookie, own) = (if n % 2 == 0 { a.port } else { b.port }, reporter.clone(), own.clone());
            std::thread::spawn(move || {
                for round in 0..25 {
                    let values: serde_json::Map<String, Value> =
                        own.iter().map(|t| (t.to_string(), json!(round * 4 + n))).collect();
                    // Values far from the plan are confirmed with a note, as a clerk would.
                    let notes: serde_json::Map<String, Value> =
                        own.iter().map(|t| (t.to_string(), json!("ghi đồng thời"))).collect();
                    let body = json!({"period": "2020-Q4", "values": values, "notes": notes}).to_string();
                    let r = http(
                        port,
                        "POST",
                        &format!("/api/v1/orgs/{ph}/figures"),
                        &cookie,
                        Some(("application/json", body)),
                    );
                    assert_eq!(r.status, 200, "{}", r.body);
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let fresh = start(url);
    let reads = [
        format!("/api/v1/orgs/{ph}/figures?period=2020-Q4"),
        format!("/api/v1/orgs/{city}/evaluations?period=2020-Q4"),
        format!("/api/v1/orgs/{city}/evaluations?period=2020-9M"),
    ];
    for path in &reads {
        let truth = json_get(fresh.port, path, &leader);
        for server in [&a, &b] {
            within("every engine equal to a rebuild", || json_get(server.port, path, &leader) == truth);
        }
    }
}

/// A multipart body holding one file part.
/// A multipart form of text fields only, as a browser sends a form that can carry files.
fn multipart_fields(fields: &[(&str, &str)]) -> Option<(&'static str, String)> {
    let mut body: String = fields
        .iter()
        .map(|(k, v)| format!("--b\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"))
        .collect();
    body.push_str("--b--\r\n");
    Some(("multipart/form-data; boundary=b", body))
}

fn multipart(name: &str, bytes: &str) -> Option<(&'static str, String)> {
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n{bytes}\r\n--b--\r\n"
    );
    Some(("multipart/form-data; boundary=b", body))
}

/// The text a reader saves over and over while the process is killed.
const TEXT: &str = "Ngày 18-9-2020, Thường trực Thành ủy Bến Tre làm việc với Đảng ủy xã Phú Hưng. \
    Thu ngân sách xã ước đạt 4,8 tỷ đồng, bằng 96% dự toán. Phát biểu kết luận, đồng chí Bí thư đề nghị Văn phòng Thành ủy hoàn chỉnh quy chế làm việc, \
    trình ký chậm nhất đến ngày 20-9-2020.\n";

/// Saves `TEXT` with its meeting, its task and one figure, up to forty times, each a text
/// of its own under its own title ("Lưu {run} lần {n}"), and sends the number of every
/// save acknowledged.
fn save_texts(port: u16, cookie: String, run: i32, city: i64, target: i64, acks: std::sync::mpsc::Sender<i64>) {
    let (_, facts) = extract::extract(TEXT);
    let at = |kind: &str| facts.iter().position(|f| f.kind == kind).expect(kind).to_string();
    let (m, t, f) = (at("meeting"), at("task"), at("figure"));
    for n in 1..=40 {
        let fields = [
            // Each save its own text: the same text saved again would update the first.
            ("body".to_string(), format!("{TEXT}Bản lưu {run}-{n}.\n")),
            ("title".into(), format!("Lưu {run} lần {n}")),
            (format!("keep{m}"), "on".into()),
            (format!("mkind{m}"), "working_session".into()),
            (format!("mtitle{m}"), format!("Làm việc lần {n}")),
            (format!("date{m}"), "18/9/2020".into()),
            (format!("keep{t}"), "on".into()),
            (format!("text{t}"), format!("Hoàn chỉnh quy chế, lần {n}")),
            (format!("due{t}"), "20/9/2020".into()),
            (format!("keep{f}"), "on".into()),
            (format!("target{f}"), target.to_string()),
            (format!("period{f}"), "quý III/2020".into()),
            (format!("value{f}"), n.to_string()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        match try_http(port, "POST", &format!("/orgs/{city}/read/save"), &cookie, form(&fields)) {
            Some(r) if r.status == 200 && r.body.contains("Đã lưu văn bản") => {
                let _ = acks.send(n);
            }
            Some(r) if r.status == 200 || r.status == 503 => {}
            Some(r) => panic!("a save answered {}: {}", r.status, r.body),
            None => return,
        }
    }
}

/// A process killed with SIGKILL while it imports a large file, takes a stream of form
/// writes and saves read texts: after a restart every acknowledged write is there, the
/// import is whole or absent with an audit row per value, every saved text has its
/// meeting, task and figure or is absent with them, and the change log every process
/// follows agrees with the figures.
/// When the process is killed.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    /// This long after the import is sent: while it is read or written.
    IntoImport(Duration),
    /// This long after the first text is saved: while forms stream and texts are saved.
    AfterFirstSave(Duration),
}

fn a_killed_process_leaves_every_write_whole_or_absent(url: &str, years: [i32; 2], kill_at: KillAt) {
    let mut a = start(url);
    let reporter = login(a.port, "phuhung");
    let office = login(a.port, "vanphong");
    let (ph, city) = phu_hung_and_city(a.port, &office);
    let own = |org: i64| -> Vec<(i64, String)> {
        json_get(a.port, &format!("/api/v1/orgs/{org}/figures?period=2021-Q1"), &office)["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["aggregated"] == false)
            .map(|v| (v["target"].as_i64().unwrap(), v["code"].as_str().unwrap().to_string()))
            .collect()
    };
    // Every unit below the city, every target it enters, four quarters of 2021.
    let units: Vec<i64> = json_get(a.port, &format!("/api/v1/orgs/{city}"), &office)["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_i64().unwrap())
        .collect();
    let mut csv = String::from("Đơn vị;Chỉ tiêu;Kỳ;Giá trị;Ghi chú\n");
    for u in &units {
        for (_, code) in own(*u) {
            for year in years {
                for q in ["I", "II", "III", "IV"] {
                    // 1 reads for every kind of target, a yes/no one included.
                    csv.push_str(&format!("{u};{code};quý {q}/{year};1;số liệu thử\n"));
                }
            }
        }
    }
    let rows = csv.lines().count() - 1;
    let stream: Vec<i64> = own(ph).into_iter().map(|(t, _)| t).take(3).collect();

    let (ack_tx, ack_rx) = std::sync::mpsc::channel::<(i64, i64)>();
    let (port, cookie) = (a.port, reporter.clone());
    let writer = std::thread::spawn(move || {
        let base = i64::from(years[0]) * 1_000_000;
        for round in base + 1..i64::MAX {
            for t in &stream {
                let body = json!({"period": "2020-Q4", "values": {t.to_string(): round},
                    "notes": {t.to_string(): "ghi liên tục"}})
                .to_string();
                let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return };
                let sent = write!(
                    s,
                    "POST /api/v1/orgs/{ph}/figures HTTP/1.1\r\nHost: x\r\nOrigin: http://x\r\nCookie: {cookie}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let mut answer = String::new();
                if sent.is_err() || s.read_to_string(&mut answer).is_err() {
                    return;
                }
                if answer.starts_with("HTTP/1.1 200") {
                    let _ = ack_tx.send((*t, round));
                } else if answer.is_empty() {
                    return;
                }
            }
        }
    });
    let (port, cookie) = (a.port, office.clone());
    let sent = Instant::now();
    let importer = std::thread::spawn(move || {
        // Acknowledged: the page says what it wrote.
        try_http(port, "POST", &format!("/orgs/{city}/import"), &cookie, multipart("lon.csv", &csv))
            .map(|r| (r.status, r.body.contains("Đã đọc")))
    });
    let city_target = own(city)[0].0;
    let (saved_tx, saved_rx) = std::sync::mpsc::channel::<i64>();
    let (port, cookie) = (a.port, office.clone());
    let saver = std::thread::spawn(move || save_texts(port, cookie, years[0], city, city_target, saved_tx));
    let (mut saved, mut acks) = (Vec::new(), Vec::new());
    match kill_at {
        KillAt::IntoImport(after) => std::thread::sleep(after.saturating_sub(sent.elapsed())),
        KillAt::AfterFirstSave(after) => {
            saved.push(saved_rx.recv_timeout(Duration::from_secs(30)).expect("a text is saved"));
            acks.push(ack_rx.recv_timeout(Duration::from_secs(30)).expect("a form is saved"));
            std::thread::sleep(after);
        }
    }
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    writer.join().unwrap();
    saver.join().unwrap();
    saved.extend(saved_rx.try_iter());
    let imported = importer.join().unwrap();
    acks.extend(ack_rx.try_iter());
    let acked: std::collections::BTreeMap<i64, i64> = acks.iter().copied().collect();
    if matches!(kill_at, KillAt::AfterFirstSave(_)) {
        assert!(!acked.is_empty(), "some writes were acknowledged before the kill");
    }

    let restarted = start(url);
    let q4 = json_get(restarted.port, &format!("/api/v1/orgs/{ph}/figures?period=2020-Q4"), &office);
    for (t, round) in &acked {
        let v = value_of(&q4, *t).as_f64().unwrap_or(0.0);
        assert!(v >= *round as f64, "target {t}: acknowledged {round}, found {v}");
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = store::connect(url).await.unwrap();
        let figures = store.list_figures().await.unwrap();
        let ours = |p: &str| years.iter().any(|y| p.starts_with(&format!("{y}-Q")));
        let found = figures.iter().filter(|f| ours(&f.period)).count();
        assert!(found == 0 || found == rows, "the import is whole or absent: {found} of {rows} (answer {imported:?})");
        if imported.is_some_and(|(_, acknowledged)| acknowledged) {
            assert_eq!(found, rows, "an acknowledged import is kept whole");
        }
        let mut audited = 0;
        for y in years {
            audited += store.list_audit("figure", &format!("%/{y}-Q%"), 1_000_000).await.unwrap().len();
        }
        assert_eq!(audited, found, "an audit row per imported value");
        let mut last = std::collections::BTreeMap::new();
        for l in store.changes_since(0, i64::MAX).await.unwrap() {
            if let store::Change::Figure { target, period, value } = l.change {
                last.insert((target, period), value);
            }
        }
        for f in &figures {
            if let Some(logged) = last.get(&(f.target, f.period.clone())) {
                assert_eq!(*logged, Some(f.value), "the change log agrees with figure {}/{}", f.target.0, f.period);
            }
        }
        // Every saved text kept whole, every acknowledged one kept, the figure the last.
        let texts = store.list_sources(domain::OrgId(city)).await.unwrap();
        let prefix = format!("Lưu {} lần ", years[0]);
        let kept: Vec<i64> =
            texts.iter().filter_map(|(_, title, _)| title.strip_prefix(&prefix)?.parse().ok()).collect();
        for n in &saved {
            assert!(kept.contains(n), "acknowledged save {n} kept: {kept:?}");
        }
        for (id, title, _) in texts.iter().filter(|(_, t, _)| t.starts_with(&prefix)) {
            let records = store.source(*id).await.unwrap().records;
            assert_eq!(records.len(), 2, "{title}: its meeting and its task, whole: {records:?}");
        }
        if let Some(last_saved) = kept.iter().max() {
            let value = figures.iter().find(|f| f.target.0 == city_target && f.period == "2020-Q3").map(|f| f.value);
            assert_eq!(value, Some(domain::Decimal::from_int(*last_saved)), "the last save's figure");
        }
        store.close().await;
    });
    eprintln!(
        "killed {kill_at:?}: {} acknowledged writes and {} saved texts kept; import of {rows} rows answered {imported:?}, {}",
        acks.len(),
        saved.len(),
        if imported.is_some_and(|(_, acknowledged)| acknowledged) {
            "acknowledged and kept whole"
        } else {
            "absent or whole"
        }
    );
}

/// Kills twice on one database: once early in the import, once late.
fn killed_twice(url: &str) {
    a_killed_process_leaves_every_write_whole_or_absent(
        url,
        [2021, 2022],
        KillAt::IntoImport(Duration::from_millis(40)),
    );
    a_killed_process_leaves_every_write_whole_or_absent(
        url,
        [2023, 2024],
        KillAt::AfterFirstSave(Duration::from_millis(5)),
    );
}

#[test]
fn a_killed_process_on_sqlite() {
    on_sqlite(killed_twice);
}

#[test]
fn a_killed_process_on_postgres() {
    on_postgres(killed_twice);
}

#[test]
fn two_processes_on_one_sqlite_file() {
    on_sqlite(two_processes_agree);
}

#[test]
fn two_processes_on_one_postgres_database() {
    on_postgres(two_processes_agree);
}
