//! An in-process tiendo on a real SQLite file with the Bến Tre sample and its accounts.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tiendo::demo::{self, Seeded};
use tower::ServiceExt;

pub const PASSWORD: &str = "mật khẩu thử nghiệm";

pub struct App {
    pub router: axum::Router,
    pub seeded: Seeded,
    pub state: web::AppState,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> App {
    let (store, dir) = store::testing::sqlite_store().await;
    let seeded = demo::seed(&store).await.expect("sample seeds");
    demo::ensure_accounts(&store, PASSWORD).await.expect("accounts");
    let live = usecase::Live::load(&store).await.expect("engine loads");
    let ctx = usecase::Ctx::new(store, live, usecase::Clock::System);
    let state = web::AppState::new(ctx, web::WebConfig::default());
    App { router: web::router(state.clone()), seeded, state, _dir: dir }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// Where a redirect points.
    #[allow(dead_code)]
    pub fn location(&self) -> String {
        self.headers.get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string()
    }
}

impl App {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// A download: its status, type and bytes as sent.
    #[allow(dead_code)]
    pub async fn download(&self, path: &str, cookie: &str) -> (StatusCode, String, Vec<u8>) {
        let req = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let kind = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (status, kind, res.into_body().collect().await.expect("body").to_bytes().to_vec())
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Reply {
        self.send(Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).unwrap();
        let req = Request::post(path)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "tiendo.test")
            .header(header::ORIGIN, "http://tiendo.test")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts one multipart part (`filename` makes it a file) from this origin.
    pub async fn multipart(&self, path: &str, cookie: &str, part: &str, filename: Option<&str>, bytes: &[u8]) -> Reply {
        self.send_parts(path, cookie, &[(part, filename, bytes)]).await
    }

    /// Posts a multipart form from this origin: text fields, then files as
    /// (field, file name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Reply {
        let mut parts: Vec<(&str, Option<&str>, &[u8])> =
            fields.iter().map(|(n, v)| (*n, None, v.as_bytes())).collect();
        parts.extend(files.iter().map(|(n, f, b)| (*n, Some(*f), *b)));
        self.send_parts(path, cookie, &parts).await
    }

    /// Posts parts (name, file name if a file, bytes) as one multipart body, byte for byte.
    async fn send_parts(&self, path: &str, cookie: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
        let boundary = "tiendo-test-boundary";
        let mut body = Vec::new();
        for (name, file, bytes) in parts {
            let file = file.map(|f| format!("; filename=\"{f}\"")).unwrap_or_default();
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n").bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let req = Request::post(path)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::HOST, "tiendo.test")
            .header(header::ORIGIN, "http://tiendo.test")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn login(&self, username: &str) -> String {
        self.login_with(username, PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> String {
        let r = self.post("/login", "", &[("username", username), ("password", password), ("next", "/orgs")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{username} logs in");
        let set = r.headers.get(header::SET_COOKIE).expect("session cookie").to_str().unwrap().to_string();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
        set.split(';').next().unwrap().to_string()
    }
}

pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl App {
    /// Creates an account holding `role` on `org`, with the common test password.
    pub async fn add_user(&self, username: &str, role: domain::access::Role, org: domain::OrgId) {
        let actor = store::Actor::system();
        let mut tx = self.state.ctx.store.begin().await.unwrap();
        let id = tx.create_user(&actor, username, username, PASSWORD).await.unwrap();
        tx.grant_role(&actor, id, role, org).await.unwrap();
        tx.commit().await.unwrap();
    }
}

/// A local SMTP sink the test starts itself: it answers like a mail server and keeps
/// every message it accepts, as (recipients, raw message).
pub struct SmtpSink {
    pub port: u16,
    pub messages: Kept,
}

/// The messages a sink accepted: (recipients, raw message).
pub type Kept = std::sync::Arc<std::sync::Mutex<Vec<(Vec<String>, String)>>>;

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let (mut to, mut data, mut in_data) = (Vec::new(), String::new(), false);
                    while let Ok(Some(line)) = lines.next_line().await {
                        if in_data {
                            if line == "." {
                                in_data = false;
                                kept.lock().unwrap().push((std::mem::take(&mut to), std::mem::take(&mut data)));
                                let _ = write.write_all(b"250 kept\r\n").await;
                            } else {
                                data.push_str(&line);
                                data.push('\n');
                            }
                            continue;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "RCPT" => {
                                to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                                b"250 ok\r\n"
                            }
                            "DATA" => {
                                in_data = true;
                                b"354 go on\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        SmtpSink { port, messages }
    }

    pub fn count(&self) -> usize {
        self.messages.lock().unwrap().len()
    }
}
