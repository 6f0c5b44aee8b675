//! Accounts: the growing delay after failed logins, changing one's password, logging out
//! everywhere, administration by a system administrator, and the history of a figure.

use crate::common;

use axum::http::StatusCode;
use common::{PASSWORD, spawn_app, text};

#[tokio::test]
async fn repeated_failures_delay_the_next_login_and_are_audited() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let r = app.post("/login", "", &[("username", "phuhung"), ("password", "sai mật khẩu"), ("next", "/")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app.post("/login", "", &[("username", "phuhung"), ("password", PASSWORD), ("next", "/")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(text(&r.body).contains("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 30 giây."), "{}", text(&r.body));
    let audit = app.state.ctx.store.list_audit("user", "phuhung", 20).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "login_failed").count(), 5);
    app.login("sondong").await; // another account is not held up
}

#[tokio::test]
async fn a_user_changes_the_password_and_logs_out_everywhere() {
    let app = spawn_app().await;
    let laptop = app.login("phuhung").await;
    let phone = app.login("phuhung").await;
    let new = "mật khẩu mới dài hơn";
    let cases = [
        (("sai", new, new), "Mật khẩu hiện tại không đúng."),
        ((PASSWORD, new, "khác"), "Nhập lại mật khẩu mới chưa khớp."),
        ((PASSWORD, "ngắn", "ngắn"), "Mật khẩu mới cần ít nhất 10 ký tự."),
    ];
    for ((current, n, confirm), message) in cases {
        let r = app.post("/account/password", &laptop, &[("current", current), ("new", n), ("confirm", confirm)]).await;
        assert!(text(&r.body).contains(message), "{message}");
    }
    let ok = app.post("/account/password", &laptop, &[("current", PASSWORD), ("new", new), ("confirm", new)]).await;
    assert!(text(&ok.body).contains("Đã đổi mật khẩu."));
    app.login_with("phuhung", new).await;
    let old = app.post("/login", "", &[("username", "phuhung"), ("password", PASSWORD), ("next", "/")]).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);

    let out = app.post("/account/logout-all", &laptop, &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    for cookie in [&laptop, &phone] {
        assert_eq!(app.get("/orgs", cookie).await.status, StatusCode::SEE_OTHER, "every session is closed");
    }
}

#[tokio::test]
async fn an_administrator_manages_accounts() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let city = app.seeded.city.0.to_string();
    let bad = app
        .post(
            "/admin/users",
            &admin,
            &[("username", "có dấu cách"), ("name", " "), ("password", "ngắn"), ("role", "boss"), ("org", "x")],
        )
        .await;
    let t = text(&bad.body);
    for field in ["Tên đăng nhập:", "Họ tên:", "Mật khẩu:", "Vai trò:", "Đơn vị:"] {
        assert!(t.contains(field), "{field} in {t}");
    }
    let form = [
        ("username", "ubkt.thanhuy"),
        ("name", "Ủy ban Kiểm tra Thành ủy"),
        ("password", "mười ký tự trở lên"),
        ("role", "inspector"),
        ("org", city.as_str()),
    ];
    let ok = app.post("/admin/users", &admin, &form).await;
    assert!(text(&ok.body).contains("Đã tạo tài khoản ubkt.thanhuy."), "{}", text(&ok.body));
    let dup = app.post("/admin/users", &admin, &form).await;
    assert!(text(&dup.body).contains("Tên đăng nhập: “ubkt.thanhuy” đã có người dùng."));
    let session = app.login_with("ubkt.thanhuy", "mười ký tự trở lên").await;

    let id = app.state.ctx.store.find_user_by_name("ubkt.thanhuy").await.unwrap().unwrap().id.0;
    let locked = app.post(&format!("/admin/users/{id}/disable"), &admin, &[]).await;
    assert!(text(&locked.body).contains("Đã khóa tài khoản ubkt.thanhuy."));
    assert_eq!(app.get("/orgs", &session).await.status, StatusCode::SEE_OTHER, "a disabled account's session ends");
    let refused = app
        .post("/login", "", &[("username", "ubkt.thanhuy"), ("password", "mười ký tự trở lên"), ("next", "/")])
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    app.post(&format!("/admin/users/{id}/disable"), &admin, &[]).await;

    let reset = app.post(&format!("/admin/users/{id}/password"), &admin, &[]).await;
    let t = text(&reset.body);
    let password = t.split("Mật khẩu mới của ubkt.thanhuy: ").nth(1).unwrap().split(' ').next().unwrap().to_string();
    app.login_with("ubkt.thanhuy", &password).await;
    let granted = app.post(&format!("/admin/users/{id}/grant"), &admin, &[("role", "viewer"), ("org", "1")]).await;
    assert!(text(&granted.body).contains("Đã thêm vai trò Người xem cho ubkt.thanhuy."));
    let id_user = domain::UserId(id);
    assert_eq!(app.state.ctx.store.grants_of(id_user).await.unwrap().len(), 2, "a user may hold several roles");
    let reporter = app.login("phuhung").await;
    assert_eq!(app.post(&format!("/admin/users/{id}/password"), &reporter, &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&format!("/admin/users/{id}/grant"), &reporter, &[("role", "admin"), ("org", "1")]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn each_figure_has_a_history() {
    let app = spawn_app().await;
    let cookie = app.login("phuhung").await;
    let target = {
        let engine = app.state.ctx.engine();
        let doc = engine.resolutions_of(app.seeded.phu_hung)[0].id;
        engine.targets_of(doc).nth(5).unwrap().id.0
    };
    let field = format!("v{target}");
    app.post(&format!("/orgs/{}/figures", app.seeded.phu_hung.0), &cookie, &[("period", "2020-Q3"), (&field, "9")])
        .await;
    let r = app.get(&format!("/targets/{target}/history"), &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = text(&r.body);
    assert!(t.contains("quý III/2020 phuhung"), "{t}");
    assert!(t.contains("7 9"), "before and after: {t}");
    let other = app.login("sondong").await;
    assert_eq!(app.get(&format!("/targets/{target}/history"), &other).await.status, StatusCode::FORBIDDEN);
}

/// A token's secret as the account page shows it once.
fn secret(page: &str) -> String {
    let at = page.find("td_").expect("the new token is shown");
    page[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

async fn api_status(app: &common::App, token: &str) -> axum::http::StatusCode {
    use axum::body::Body;
    use axum::http::{Request, header};
    let req = Request::get("/api/v1/orgs").header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty());
    app.send(req.unwrap()).await.status
}

/// No old credential outlives a password change, a reset or "log out everywhere".
#[tokio::test]
async fn old_sessions_and_tokens_end_with_the_password() {
    use axum::http::StatusCode;
    let app = common::spawn_app().await;
    let here = app.login("phuhung").await;
    let there = app.login("phuhung").await;
    let token = secret(&app.post("/account/tokens", &here, &[("name", "Excel")]).await.body);
    assert_eq!(api_status(&app, &token).await, StatusCode::OK);

    let new = "mật khẩu mới dài hơn";
    let changed =
        app.post("/account/password", &here, &[("current", common::PASSWORD), ("new", new), ("confirm", new)]).await;
    assert!(changed.body.contains("Đã đổi mật khẩu."), "{}", changed.body);
    assert_eq!(app.get("/account", &here).await.status, StatusCode::OK, "this session goes on");
    assert_eq!(app.get("/account", &there).await.status, StatusCode::SEE_OTHER, "the other one ended");
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED, "the token was revoked");

    let token = secret(&app.post("/account/tokens", &here, &[("name", "Excel 2")]).await.body);
    app.post("/account/logout-all", &here, &[]).await;
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED, "log out everywhere includes tokens");

    let mine = app.login_with("phuhung", new).await;
    let token = secret(&app.post("/account/tokens", &mine, &[("name", "Excel 3")]).await.body);
    let admin = app.login("admin").await;
    let id = app.state.ctx.store.find_user_by_name("phuhung").await.unwrap().unwrap().id.0;
    app.post(&format!("/admin/users/{id}/password"), &admin, &[]).await;
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED, "a reset revokes tokens");
    assert_eq!(app.get("/account", &mine).await.status, StatusCode::SEE_OTHER);
}

/// After login only a path on this site is followed, and pages are never cached.
#[tokio::test]
async fn login_goes_only_to_this_site() {
    let app = common::spawn_app().await;
    for next in
        ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example", "/x\r\nSet-Cookie: a=b"]
    {
        let r =
            app.post("/login", "", &[("username", "phuhung"), ("password", common::PASSWORD), ("next", next)]).await;
        assert_eq!(r.location(), "/", "{next:?}");
    }
    let cookie = app.login("phuhung").await;
    let page = app.get("/orgs", &cookie).await;
    assert_eq!(page.headers["cache-control"], "no-store");
}

/// A login form posted from `ip`.
async fn login_from(app: &common::App, ip: [u8; 4], username: &str, password: &str) -> StatusCode {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, header};
    let body = serde_urlencoded::to_string([("username", username), ("password", password), ("next", "/")]).unwrap();
    let mut req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "tiendo.test")
        .header(header::ORIGIN, "http://tiendo.test")
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40_000))));
    app.send(req).await.status
}

/// Guessing at an account stops the one who guesses, not its owner, and concurrent
/// guesses are counted before any is checked.
#[tokio::test]
async fn throttling_holds_under_concurrency_and_spares_the_owner() {
    let app = spawn_app().await;
    let attacker = [203, 0, 113, 7];
    let guesses = (0..24).map(|_| login_from(&app, attacker, "phuhung", "đoán bừa một mật khẩu"));
    let answers = futures_join(guesses).await;
    let checked = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert!(
        checked <= domain::access::LoginPolicy::default().free_failures as usize + 1,
        "{checked} guesses were checked: {answers:?}"
    );
    assert!(answers.iter().all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(login_from(&app, attacker, "phuhung", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // The owner, from the office, still signs in; so does a colleague behind the attacker's address.
    assert_eq!(login_from(&app, [10, 0, 0, 5], "phuhung", PASSWORD).await, StatusCode::SEE_OTHER);
    assert_eq!(login_from(&app, attacker, "sondong", PASSWORD).await, StatusCode::SEE_OTHER);
    let audit = app.state.ctx.store.list_audit("user", "phuhung", 50).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "login_failed").count(), checked);
    assert!(audit.iter().any(|e| e.action == "login_throttled"));
}

/// Runs the futures at once on this task and gathers their answers in order.
async fn futures_join<F: std::future::Future<Output = StatusCode>>(all: impl Iterator<Item = F>) -> Vec<StatusCode> {
    let mut set = Vec::new();
    for f in all {
        set.push(Box::pin(f));
    }
    let mut out = vec![StatusCode::OK; set.len()];
    let mut done = vec![false; set.len()];
    std::future::poll_fn(|cx| {
        for (i, f) in set.iter_mut().enumerate() {
            if !done[i]
                && let std::task::Poll::Ready(s) = f.as_mut().poll(cx)
            {
                out[i] = s;
                done[i] = true;
            }
        }
        if done.iter().all(|d| *d) { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    out
}

/// A token works for ninety days, then stops, and its owner sees it has expired.
#[tokio::test]
async fn tokens_expire() {
    let app = spawn_app().await;
    let cookie = app.login("phuhung").await;
    let made = app.post("/account/tokens", &cookie, &[("name", "Excel")]).await;
    assert!(text(&made.body).contains("Mã dùng được 90 ngày."), "{}", text(&made.body));
    let token = secret(&made.body);
    assert_eq!(api_status(&app, &token).await, StatusCode::OK);
    let mut tx = app.state.ctx.store.begin().await.unwrap();
    tx.raw("UPDATE api_tokens SET expires_at = 1").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED);
    assert!(text(&app.get("/account", &cookie).await.body).contains("Đã hết hạn"));
}
