//! Test support: a fresh database per test, SQLite always and PostgreSQL when
//! `TEST_DATABASE_URL` is set. In CI (`CI=true`) PostgreSQL is required, so nothing is
//! skipped there.

use sqlx::AssertSqlSafe;

use crate::{Store, connect, migrate};

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
