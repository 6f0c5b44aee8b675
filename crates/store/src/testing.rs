//! Test support: a fresh database per test, SQLite always and PostgreSQL when
//! `TEST_DATABASE_URL` is set. In CI (`CI=true`) PostgreSQL is required, so nothing is
//! skipped there.

use std::collections::BTreeMap;

use domain::{
    Accrual, AssessAt, Bands, Bound, Decimal, Direction, DocumentId, Measure, OrgId, Rollup, Target, TargetId,
};
use sqlx::AssertSqlSafe;
use vn::period::Grain;

use crate::{Actor, NewDocument, NewOrg, Store, connect, migrate};

pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = connect(dir.path().join("test.db").to_str().expect("utf-8 path")).await.expect("sqlite opens");
    migrate(&store).await.expect("sqlite migrates");
    (store, dir)
}

/// A fresh PostgreSQL database and the admin URL to drop it with.
pub async fn pg_store() -> Option<(Store, String, String)> {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must set TEST_DATABASE_URL so store tests run on PostgreSQL");
        eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set");
        return None;
    };
    let name = format!("tiendo_test_{}", &crate::users_token()[..16]);
    let admin = connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
    if let crate::Db::Pg(p) = &admin.db {
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(p).await.expect("create database");
    }
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL has a database name");
    let store = connect(&format!("{base}/{name}")).await.expect("test database opens");
    migrate(&store).await.expect("postgres migrates");
    Some((store, admin_url, name))
}

pub async fn drop_pg(admin_url: &str, name: &str) {
    let admin = connect(admin_url).await.expect("TEST_DATABASE_URL reachable");
    if let crate::Db::Pg(p) = &admin.db {
        let _ = sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(p).await;
    }
    admin.close().await;
}

/// Declares `$name::sqlite` and `$name::postgres`, both running `$body(store)`.
#[macro_export]
macro_rules! store_test {
    ($name:ident, $body:path) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let (store, _dir) = ::store::testing::sqlite_store().await;
                $body(store.clone()).await;
                store.close().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some((store, admin, name)) = ::store::testing::pg_store().await {
                    $body(store.clone()).await;
                    store.close().await;
                    ::store::testing::drop_pg(&admin, &name).await;
                }
            }
        }
    };
}

impl crate::Tx {
    /// Runs a statement inside the transaction: for tests that need to cause a fault.
    pub async fn raw(&mut self, sql: &'static str) -> crate::Result<()> {
        crate::on_tx!(self, c => sqlx::query(sql).execute(c).await?.rows_affected());
        Ok(())
    }
}

/// A target of `document` for `org`: at least 25 new members over the term, 20 in 2020.
pub fn sample_target(document: DocumentId, org: OrgId, parent: Option<TargetId>) -> Target {
    Target {
        id: TargetId(0),
        document,
        org,
        code: "1".into(),
        field: "Xây dựng Đảng".into(),
        name: "Kết nạp đảng viên mới".into(),
        unit: "đảng viên".into(),
        term_bound: Bound::AtLeast { value: Decimal::from_int(25), strict: false },
        measure: Measure::EveryYear,
        direction: Direction::HigherIsBetter,
        accrual: Accrual::Flow,
        rollup: Rollup::Sum,
        assess_at: AssessAt::AnyPeriod,
        yearly: BTreeMap::from([(2020, Bound::AtLeast { value: Decimal::from_int(20), strict: false })]),
        responsible: Some(org),
        parent,
        position: 1,
    }
}

/// A city, a commune below it, a resolution for each, and one cascaded target.
pub async fn tree(store: &Store) -> (OrgId, OrgId, TargetId, TargetId) {
    let actor = Actor::system();
    let mut tx = store.begin().await.unwrap();
    tx.put_org_kind("thanh_uy", "Thành ủy").await.unwrap();
    tx.put_org_kind("dang_uy_xa", "Đảng ủy xã").await.unwrap();
    let city = tx
        .insert_org(&actor, NewOrg { parent: None, name: "Thành ủy Bến Tre", kind: "thanh_uy", position: 0 })
        .await
        .unwrap();
    let commune = tx
        .insert_org(
            &actor,
            NewOrg { parent: Some(city), name: "Đảng ủy xã  Phu\u{0301} Hưng", kind: "dang_uy_xa", position: 1 },
        )
        .await
        .unwrap();
    let doc = |org, title| NewDocument {
        org,
        doc_type: "Nghị quyết",
        number: None,
        title,
        issued_on: None,
        term: (2020, 2025),
        grain: Grain::Quarter,
        bands: Bands::default(),
    };
    let city_doc = tx.insert_document(&actor, doc(city, "Nghị quyết Đại hội Thành ủy")).await.unwrap();
    let commune_doc = tx.insert_document(&actor, doc(commune, "Nghị quyết Đại hội xã")).await.unwrap();
    let city_target = tx.insert_target(&actor, &sample_target(city_doc, city, None)).await.unwrap();
    let commune_target =
        tx.insert_target(&actor, &sample_target(commune_doc, commune, Some(city_target))).await.unwrap();
    tx.commit().await.unwrap();
    (city, commune, city_target, commune_target)
}
