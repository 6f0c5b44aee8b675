//! The core loop through the real router on a real SQLite file with the Bến Tre sample:
//! log in, read dashboards, enter figures, and stay out of a neighbour's data.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{spawn_app, text};

#[tokio::test]
async fn every_page_asks_for_a_login() {
    let app = spawn_app().await;
    for path in ["/", "/orgs", "/orgs/1", "/orgs/3/dashboard", "/orgs/3/figures", "/resolutions/1"] {
        let r = app.get(path, "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.headers[header::LOCATION].to_str().unwrap().starts_with("/login?next="), "{path}");
    }
    let wrong = app.post("/login", "", &[("username", "admin"), ("password", "sai"), ("next", "/")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    let r = app.get("/orgs", "tiendo_session=forged").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn phu_hung_nine_months_reads_like_seed_000() {
    let app = spawn_app().await;
    let cookie = app.login("admin").await;
    let path = format!("/orgs/{}/dashboard?period=9+th%C3%A1ng+n%C4%83m+2020", app.seeded.phu_hung.0);
    let r = app.get(&path, &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = text(&r.body);
    assert!(
        t.contains(
            "13/31 chỉ tiêu hoàn thành 100%, 2/31 chỉ tiêu đạt từ 90% trở lên, 4/31 chỉ tiêu đạt từ 70% trở lên, \
             4/31 chỉ tiêu dưới 70% và 8 chỉ tiêu đang thực hiện."
        ),
        "{t}"
    );
    assert!(t.contains("TT Chỉ tiêu ĐVT Kế hoạch Thực hiện Tỷ lệ Đánh giá"));
    assert!(t.contains("Thu ngân sách nhà nước trên địa bàn Liên thông"));
    assert!(r.body.contains("<svg class=\"chart\""));
    for h in ["content-security-policy", "x-content-type-options", "x-frame-options"] {
        assert!(r.headers.contains_key(h), "{h}");
    }
}

#[tokio::test]
async fn the_city_rolls_up_its_communes_and_drills_down() {
    let app = spawn_app().await;
    let cookie = app.login("thanhuy").await;
    let r = app.get(&format!("/orgs/{}/dashboard?period=2020-9M", app.seeded.city.0), &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = text(&r.body);
    assert!(t.contains("Đảng ủy xã Phú Hưng 31 13/31 (41,9%) 13 2 4 4 8"), "{t}");
    assert!(t.contains("tổng hợp từ cấp dưới"));
    assert!(r.body.contains(&format!("/orgs/{}/dashboard?period=2020-9M", app.seeded.phu_hung.0)));
    let r =
        app.get(&format!("/orgs/{}/dashboard?period=quý II-2021", app.seeded.city.0).replace(' ', "+"), &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(text(&r.body).contains("quý II/2021"));
    let bad = app.get(&format!("/orgs/{}/dashboard?period=quy+9", app.seeded.city.0), &cookie).await;
    assert!(text(&bad.body).contains("Kỳ báo cáo: “quy 9” không phải là kỳ báo cáo"));
    let res = app.get("/resolutions/1", &cookie).await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn figures_entered_the_vietnamese_way_change_every_dashboard() {
    let app = spawn_app().await;
    let cookie = app.login("phuhung").await;
    let form_path = format!("/orgs/{}/figures?period=2020-Q3", app.seeded.phu_hung.0);
    let form = app.get(&form_path, &cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    // Target 6 (new household businesses) is the sixth input of the form.
    let ids: Vec<String> = form
        .body
        .match_indices("name=\"v")
        .map(|(i, _)| form.body[i + 7..].split('"').next().unwrap().to_string())
        .filter(|id| id.parse::<i64>().is_ok())
        .collect();
    assert_eq!(ids.len(), 30, "31 targets, one rolled up from the chi bộ");
    let field = format!("v{}", ids[5]);
    let post_path = format!("/orgs/{}/figures", app.seeded.phu_hung.0);

    let bad = app.post(&post_path, &cookie, &[("period", "2020-Q3"), (&field, "1.5")]).await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(text(&bad.body).contains("Chỉ tiêu 6 (Số hộ kinh doanh cá thể thành lập mới)"), "{}", text(&bad.body));
    assert!(bad.body.contains("Chưa thực hiện được"));

    let ok = app.post(&post_path, &cookie, &[("period", "2020-Q3"), (&field, "45")]).await;
    assert!(text(&ok.body).contains("Đã lưu 1 giá trị cho quý III/2020"), "{}", text(&ok.body));
    assert!(text(&ok.body).contains("45"));

    let admin = app.login("admin").await;
    let d = app.get(&format!("/orgs/{}/dashboard?period=2020-9M", app.seeded.phu_hung.0), &admin).await;
    let t = text(&d.body);
    assert!(t.contains("14/31 chỉ tiêu hoàn thành 100%"), "{t}");
    assert!(t.contains("3/31 chỉ tiêu dưới 70%"));
    let city = app.get(&format!("/orgs/{}/dashboard?period=2020-9M", app.seeded.city.0), &admin).await;
    assert!(text(&city.body).contains("Đảng ủy xã Phú Hưng 31 14/31 (45,2%) 14 2 4 3 8"));
}

#[tokio::test]
async fn a_neighbouring_commune_is_out_of_reach() {
    let app = spawn_app().await;
    let cookie = app.login("sondong").await;
    let ph = app.seeded.phu_hung.0;
    for path in [
        format!("/orgs/{ph}"),
        format!("/orgs/{ph}/dashboard"),
        format!("/orgs/{ph}/figures?period=2020-Q3"),
        "/resolutions/2".into(),
    ] {
        let r = app.get(&path, &cookie).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    let city = app.get(&format!("/orgs/{}/dashboard", app.seeded.city.0), &cookie).await;
    assert_eq!(city.status, StatusCode::FORBIDDEN);
    let post = app.post(&format!("/orgs/{ph}/figures"), &cookie, &[("period", "2020-Q3"), ("v40", "9")]).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    let own = app.get(&format!("/orgs/{}/dashboard", app.seeded.neighbour.0), &cookie).await;
    assert_eq!(own.status, StatusCode::OK);
    let tree = app.get("/orgs", &cookie).await;
    assert!(!tree.body.contains("Phú Hưng"), "the tree shows only the user's subtree");
    assert_eq!(app.get("/orgs/999999", &cookie).await.status, StatusCode::NOT_FOUND);
    // A reporter cannot write a target of its own unit's rolled-up figure or of another unit.
    let viewer = app.login("phuhung").await;
    let cross = app.post(&format!("/orgs/{}/figures", app.seeded.neighbour.0), &viewer, &[("period", "2020-Q3")]).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = spawn_app().await;
    let cookie = app.login("phuhung").await;
    let req = Request::post(format!("/orgs/{}/figures", app.seeded.phu_hung.0))
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "tiendo.test")
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::from("period=2020-Q3"))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    // Without any Origin a state change is refused too, unless it carries a bearer token.
    let bare = Request::post(format!("/orgs/{}/figures", app.seeded.phu_hung.0))
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("period=2020-Q3"))
        .unwrap();
    assert_eq!(app.send(bare).await.status, StatusCode::FORBIDDEN);
    let token = Request::post(format!("/api/v1/orgs/{}/figures", app.seeded.phu_hung.0))
        .header(header::AUTHORIZATION, "Bearer td_không_hợp_lệ")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"period": "2020-Q3", "values": {}}"#))
        .unwrap();
    assert_eq!(app.send(token).await.status, StatusCode::UNAUTHORIZED, "reaches the token check");
}

#[tokio::test]
async fn a_leader_overrides_an_evaluation_with_a_reason() {
    let app = spawn_app().await;
    let ph = app.seeded.phu_hung.0;
    let target = {
        let engine = app.state.ctx.engine();
        let doc = engine.resolutions_of(app.seeded.phu_hung)[0].id;
        engine.targets_of(doc).nth(1).unwrap().id.0
    };
    let path = format!("/targets/{target}/override");
    let reporter = app.login("phuhung").await;
    let form = [("period", "2020-9M"), ("status", "met"), ("reason", "Số liệu thu nhập quý III chưa cập nhật")];
    assert_eq!(app.post(&path, &reporter, &form).await.status, StatusCode::FORBIDDEN);
    let leader = app.login("thanhuy").await;
    let no_reason = app.post(&path, &leader, &[("period", "2020-9M"), ("status", "met"), ("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&path, &leader, &form).await.status, StatusCode::SEE_OTHER);
    let t = text(&app.get(&format!("/orgs/{ph}/dashboard?period=2020-9M"), &leader).await.body);
    assert!(t.contains("14/31 chỉ tiêu hoàn thành 100%, 1/31 chỉ tiêu đạt từ 90% trở lên"), "{t}");
    assert!(t.contains("Điều chỉnh: Số liệu thu nhập quý III chưa cập nhật"));
    app.post(&path, &leader, &[("period", "2020-9M"), ("status", ""), ("reason", "")]).await;
    let t = text(&app.get(&format!("/orgs/{ph}/dashboard?period=2020-9M"), &leader).await.body);
    assert!(t.contains("13/31 chỉ tiêu hoàn thành 100%"), "{t}");
}
