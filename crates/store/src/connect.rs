//! Opening the database named by a URL, with the settings each engine needs, and
//! applying the embedded migrations.

use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Db, Result, Store, StoreError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// Connects to `url`: `postgres://…` or `postgresql://…` for PostgreSQL, otherwise
/// `sqlite://PATH` or a plain file path for SQLite (the file is created if missing).
pub async fn connect(url: &str) -> Result<Store> {
    let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .after_release(|conn, _| Box::pin(async move { healthy(conn).await }))
            .connect(url)
            .await?;
        Db::Pg(pool)
    } else if url.contains("://") && !url.starts_with("sqlite:") {
        return Err(StoreError::Config(format!(
            "DATABASE_URL “{}” không hợp lệ: cần dạng postgres://người_dùng@máy:cổng/tên_csdl hoặc sqlite://đường_dẫn",
            redact(url)
        )));
    } else {
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // 64 MiB of pages per connection instead of 2: a large import keeps the
            // indexes it writes in memory rather than reading them back from the log.
            .pragma("cache_size", "-65536")
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .after_release(|conn, _| Box::pin(async move { healthy(conn).await }))
            .connect_with(options)
            .await?;
        Db::Sqlite(pool)
    };
    Ok(Store { db, url: crate::Url(url.to_string()), writer: Default::default() })
}

/// Whether a connection coming back to the pool may be handed out again: once its
/// pending rollback is flushed it must be outside any transaction. A transaction the
/// database ended underneath (a full disk, an unwritable file) leaves the connection
/// believing it is still inside one, and every later `BEGIN` on it would fail; such a
/// connection is closed and the pool opens a fresh one.
async fn healthy<C: sqlx::Connection>(conn: &mut C) -> std::result::Result<bool, sqlx::Error> {
    conn.ping().await?;
    Ok(!conn.is_in_transaction())
}

/// A URL without its password, safe to print.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// The embedded migrations of one engine, in order.
fn migrator(files: &[(&'static str, &'static str)]) -> Migrator {
    let migrations = files
        .iter()
        .enumerate()
        .map(|(i, (name, sql))| {
            Migration::new(i as i64 + 1, Cow::Borrowed(*name), MigrationType::Simple, sql.into_sql_str(), false)
        })
        .collect();
    Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
}

macro_rules! migrations {
    ($engine:literal: $($name:literal),*) => {
        &[$(($name, include_str!(concat!("../../../migrations/", $engine, "/", $name, ".sql")))),*]
    };
}

/// Applies the migrations embedded in the binary that the database has not seen yet.
pub async fn migrate(store: &Store) -> Result<()> {
    match &store.db {
        Db::Sqlite(p) => {
            migrator(migrations!("sqlite": "0001_init", "0002_login_failures", "0003_reporting", "0004_api_tokens", "0005_sources", "0006_task_done", "0007_working_year", "0008_inspections", "0009_explanations", "0010_task_forwarding", "0011_counted_work", "0012_reminders", "0013_people", "0014_task_details", "0015_inspection_plans", "0016_changes", "0017_token_expiry", "0018_task_acceptance", "0019_report_drafts", "0020_estimates", "0021_period_first", "0022_units_over_time"))
                .run(p)
                .await?
        }
        Db::Pg(p) => {
            migrator(migrations!("postgres": "0001_init", "0002_login_failures", "0003_reporting", "0004_api_tokens", "0005_sources", "0006_task_done", "0007_working_year", "0008_inspections", "0009_explanations", "0010_task_forwarding", "0011_counted_work", "0012_reminders", "0013_people", "0014_task_details", "0015_inspection_plans", "0016_changes", "0017_token_expiry", "0018_task_acceptance", "0019_report_drafts", "0020_estimates", "0021_units_over_time"))
                .run(p)
                .await?
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://u:secret@h:5432/d"), "postgres://u@h:5432/d");
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }
}
