//! The access matrix: every page and API route × every role × the user's own subtree, a
//! sibling's, an ancestor's. The expectation is stated here independently of the policy
//! code: a role reaches its organisation and everything below it; only leaders, office
//! specialists and reporters enter figures; an administrator reaches everything.
//! Refused requests answer 403 (404 where nothing exists) and change nothing.

use crate::common;

use axum::http::StatusCode;
use common::spawn_app;
use domain::OrgId;
use domain::access::Role;

#[tokio::test]
async fn every_route_for_every_role_in_and_out_of_scope() {
    let app = spawn_app().await;
    let s = app.seeded;
    let cell = OrgId(s.phu_hung.0 + 1); // Chi bộ ấp Phú Chánh, inserted right after its commune
    app.add_user("chuyenvien", Role::Specialist, s.city).await;
    app.add_user("ubkt", Role::Inspector, s.city).await;
    app.add_user("xem.phuhung", Role::Viewer, s.phu_hung).await;
    let users = [
        ("admin", Role::Admin, s.province),
        ("thanhuy", Role::Leader, s.city),
        ("chuyenvien", Role::Specialist, s.city),
        ("ubkt", Role::Inspector, s.city),
        ("phuhung", Role::Reporter, s.phu_hung),
        ("sondong", Role::Reporter, s.neighbour),
        ("xem.phuhung", Role::Viewer, s.phu_hung),
    ];
    // Each organisation with one of its documents and one of its own (not rolled-up) targets.
    let orgs: Vec<(OrgId, Option<i64>, Option<i64>)> = {
        let engine = app.state.ctx.engine();
        [s.province, s.city, s.phu_hung, cell, s.neighbour]
            .into_iter()
            .map(|o| {
                let doc = engine.resolutions_of(o).first().map(|d| d.id);
                let target =
                    doc.and_then(|d| engine.targets_of(d).find(|t| !engine.is_aggregated(t.id)).map(|t| t.id.0));
                (o, doc.map(|d| d.0), target)
            })
            .collect()
    };
    let within = |inner: OrgId, outer: OrgId| {
        let engine = app.state.ctx.engine();
        engine.tree.within(inner, outer)
    };
    let figures_before = app.state.ctx.store.list_figures().await.unwrap();
    let meeting = app.state.ctx.store.list_meetings(s.city).await.unwrap()[0].0;
    let mut checked = 0;
    for (username, role, home) in users {
        let cookie = app.login(username).await;
        for &(org, doc, target) in &orgs {
            let view = role == Role::Admin || within(org, home);
            let enter = role == Role::Admin
                || (matches!(role, Role::Leader | Role::Specialist | Role::Reporter) && within(org, home));
            let manage = role == Role::Admin || (matches!(role, Role::Leader | Role::Specialist) && within(org, home));
            let inspect = role == Role::Admin || (matches!(role, Role::Leader | Role::Inspector) && within(org, home));
            let o = org.0;
            let mut expect = vec![
                (format!("/orgs/{o}/read"), manage, true),
                (format!("/orgs/{o}/tasks"), view, true),
                (format!("/orgs/{o}/meetings"), view, true),
                (format!("/orgs/{o}/work"), view, true),
                (format!("/orgs/{o}/people"), view, true),
                (format!("/orgs/{o}/inspections"), inspect, true),
                (format!("/orgs/{o}"), view, true),
                (format!("/orgs/{o}/dashboard?period=2020-9M"), view, true),
                (format!("/orgs/{o}/figures?period=2020-Q3"), enter, doc.is_some()),
            ];
            expect.push((format!("/api/v1/orgs/{o}"), view, true));
            expect.push((format!("/api/v1/orgs/{o}/evaluations?period=2020-9M"), view, true));
            expect.push((format!("/api/v1/orgs/{o}/tasks"), view, true));
            expect.push((format!("/api/v1/orgs/{o}/work?period=2020"), view, true));
            expect.push((format!("/api/v1/orgs/{o}/inspections?year=2020"), inspect, true));
            if let Some(d) = doc {
                expect.push((format!("/resolutions/{d}"), view, true));
                expect.push((format!("/api/v1/documents/{d}"), view, true));
                expect.push((format!("/api/v1/orgs/{o}/figures?period=2020-Q3"), view, true));
            }
            if let Some(t) = target {
                expect.push((format!("/targets/{t}/history"), view, true));
            }
            for (path, allowed, exists) in expect {
                let got = app.get(&path, &cookie).await.status;
                let want = match (allowed, exists) {
                    (false, _) => StatusCode::FORBIDDEN,
                    (true, true) => StatusCode::OK,
                    (true, false) => StatusCode::NOT_FOUND,
                };
                assert_eq!(got, want, "{username} ({role:?}) GET {path}");
                checked += 1;
            }
            if doc.is_some() && !enter {
                let field = format!("v{}", target.unwrap());
                let post =
                    app.post(&format!("/orgs/{o}/figures"), &cookie, &[("period", "2020-Q3"), (&field, "123")]).await;
                assert_eq!(post.status, StatusCode::FORBIDDEN, "{username} POST figures of {o}");
                checked += 1;
            }
        }
        // The demo's working session belongs to the city; its conclusions fall to xã Phú Hưng,
        // whose people see it too.
        let meeting = format!("/meetings/{meeting}");
        let seen = role == Role::Admin || within(s.city, home) || within(s.phu_hung, home);
        let want = if seen { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(app.get(&meeting, &cookie).await.status, want, "{username} GET {meeting}");
        let admin_page = app.get("/admin/users", &cookie).await.status;
        let want = if role == Role::Admin { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(admin_page, want, "{username} /admin/users");
    }
    assert_eq!(app.state.ctx.store.list_figures().await.unwrap(), figures_before, "refused requests change nothing");
    assert!(checked > 150, "{checked} checks");
}
