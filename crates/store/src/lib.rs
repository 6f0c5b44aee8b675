//! Persistence for tiendo: one API over SQLite and PostgreSQL.
//!
//! Business queries are written once, in SQL both engines accept, and run against
//! whichever pool is live through [`on_db!`] and [`on_tx!`]. Every write happens in one
//! transaction together with its audit row.

mod accounts;
mod audit;
pub mod changes;
pub mod connect;
mod copy;
mod documents;
mod estimates;
mod explanations;
mod figures;
mod inspections;
mod meetings;
mod orgs;
mod people;
mod read_ahead;
mod reminders;
mod report_drafts;
mod reports;
mod sample;
mod sources;
mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod units;
mod users;
mod work;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

pub use audit::{Actor, AuditEntry};
pub use changes::{Change, Logged};

pub use connect::{Engine, connect, migrate};
pub use documents::NewDocument;
pub use explanations::Explanation;
pub use figures::{FigureChange, FigureConflict, FigureRow, FigureWrite};
pub use inspections::{InspectionRow, NewInspection, PlanLine};
pub use meetings::{MeetingView, NewMeeting};
pub use orgs::NewOrg;
pub use people::Position;
pub use reminders::{Claimed, NewReminder, Notification};
pub use report_drafts::{ReportDraft, ReportKey, ReportText};
pub use reports::{FigureGroup, Report, ReportRef};
pub use sample::{Sample, SampleShape};
pub use sources::{NewSource, Recorded, SourceItem, SourceView};
pub use tasks::{NewFile, NewTask, TaskFile, TaskRow, TaskUpdate};
pub use tokens::{ApiToken, TOKEN_DAYS, TOKEN_PREFIX};
pub use users::{SessionUser, User, random_token as users_token};
pub use work::{DEFAULT_QUOTA_PERCENT, RatingEntry, WorkEntry};

/// A connection pool to whichever database is configured.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// An open write transaction, with the changes it makes that the engine depends on;
/// they are appended to the change log when it commits (see [`changes`]).
pub struct Tx {
    conn: TxConn,
    /// The change log's rows this transaction appends when it commits (kind, body).
    changes: Vec<(&'static str, String)>,
    /// This process's turn at SQLite's single writer, held until the transaction ends.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// The connection of a write transaction, on whichever engine is live.
pub enum TxConn {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$pool` bound to the live pool; the body is compiled once per engine.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Pg($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut ($tx).conn {
            $crate::TxConn::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::TxConn::Pg(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

/// Errors of the store. Messages are Vietnamese because some reach the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Config(String),
    #[error("{0} đã tồn tại")]
    Duplicate(&'static str),
    /// A business rule refused the change; the message says why, in Vietnamese.
    #[error("{0}")]
    Refused(String),
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// Values changed by someone else since the form showed them; nothing was written.
    #[error("{} giá trị đã được người khác thay đổi", .0.len())]
    Conflict(Vec<FigureConflict>),
    #[error("dữ liệu không hợp lệ trong cơ sở dữ liệu: {0}")]
    Corrupt(String),
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("lỗi cập nhật lược đồ cơ sở dữ liệu: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A fault of the database itself, which the user can wait out or report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Another writer holds the database, or no connection was free in time.
    Busy,
    /// The disk is full.
    Full,
    /// The database cannot be written (a read-only file or replica).
    ReadOnly,
}

impl StoreError {
    /// Which fault of the database this error is, if it is one.
    pub fn fault(&self) -> Option<Fault> {
        let StoreError::Sqlx(e) = self else { return None };
        if matches!(e, sqlx::Error::PoolTimedOut) {
            return Some(Fault::Busy);
        }
        let sqlx::Error::Database(d) = e else { return None };
        let code = d.code().unwrap_or_default();
        // SQLite answers extended result codes (the primary code in the low byte);
        // PostgreSQL answers SQLSTATE.
        let sqlite = code.parse::<i32>().ok().map(|c| c & 0xff);
        match (sqlite, code.as_ref()) {
            (Some(5 | 6), _) | (_, "40001" | "40P01" | "55P03") => Some(Fault::Busy),
            (Some(13), _) | (_, "53100") => Some(Fault::Full),
            (Some(8), _) | (_, "25006") => Some(Fault::ReadOnly),
            _ => None,
        }
    }

    /// Maps a unique violation on a named constraint to a field-level duplicate error.
    fn unique(e: sqlx::Error, constraint: &str, what: &'static str) -> StoreError {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                let named = d.constraint().is_none_or(|c| c == constraint);
                if named { StoreError::Duplicate(what) } else { StoreError::Sqlx(e) }
            }
            _ => StoreError::Sqlx(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The store: a pool and the operations on it.
#[derive(Clone, Debug)]
pub struct Store {
    pub db: Db,
    url: Url,
    /// The queue for SQLite's single writer within this process. Without it, writers
    /// waiting for the lock poll it with sleeps that grow to 100 ms, so a form arriving
    /// during an import waits well past the import's commit; in this queue it goes in
    /// the moment the writer before it ends, in arrival order.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// The URL a store was opened with; printed without its password.
#[derive(Clone)]
struct Url(String);

impl std::fmt::Debug for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&connect::redact(&self.0))
    }
}

impl Store {
    pub fn engine(&self) -> Engine {
        match self.db {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Pg(_) => Engine::Postgres,
        }
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite, so a read-then-write
    /// transaction never fails to upgrade its lock).
    pub async fn begin(&self) -> Result<Tx> {
        let (conn, turn) = match &self.db {
            Db::Sqlite(p) => {
                let turn = self.writer.clone().lock_owned().await;
                (TxConn::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?), Some(turn))
            }
            Db::Pg(p) => (TxConn::Pg(p.begin().await?), None),
        };
        Ok(Tx { conn, changes: Vec::new(), _turn: turn })
    }

    /// A second, independent pool on the same database: what another tiendo process
    /// sharing it would hold.
    pub async fn reconnect(&self) -> Result<Store> {
        connect(&self.url.0).await
    }

    pub async fn close(&self) {
        on_db!(&self.db, p => p.close().await)
    }
}

impl Tx {
    /// Appends the transaction's changes to the change log, then commits: both or neither.
    pub async fn commit(mut self) -> Result<()> {
        self.append_changes().await?;
        match self.conn {
            TxConn::Sqlite(t) => t.commit().await?,
            TxConn::Pg(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Whether this transaction runs on PostgreSQL (where row locks need saying).
    fn is_pg(&self) -> bool {
        matches!(self.conn, TxConn::Pg(_))
    }
}

/// Rows passed to SQLite as one JSON text, read back with `json_each`: one bound value
/// however many rows (PostgreSQL takes arrays instead).
pub(crate) fn json_rows(rows: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Rows per multi-row statement on SQLite: enough that a large write is a few
/// statements, few enough that a row of eight values stays under SQLite's limit of
/// 32,766 bound values.
pub(crate) const SQLITE_ROWS: usize = 2_000;

/// `$first, $first+1, …`: `count` bound values, for an `IN (…)` list.
pub(crate) fn marks(count: usize, first: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(",")
}

/// `count` rows of a multi-row `VALUES` list: each row starts with the `shared` values
/// `$1 … $shared`, bound once, then `width` values of its own, numbered after them.
pub(crate) fn value_rows(count: usize, shared: usize, width: usize) -> String {
    (0..count)
        .map(|i| {
            let own = marks(width, shared + 1 + i * width);
            if shared == 0 { format!("({own})") } else { format!("({},{own})", marks(shared, 1)) }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `count` rows of `width` anonymous `?` values, for a multi-row `VALUES` on SQLite.
/// Anonymous marks matter there: binding a numbered `$n` looks its name up through
/// every name before it, so a statement of thousands of numbered values binds in
/// quadratic time.
pub(crate) fn anonymous_rows(count: usize, width: usize) -> String {
    let row = format!("({})", vec!["?"; width].join(","));
    vec![row; count].join(",")
}

/// Milliseconds since the Unix epoch, the timestamp format of every table.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
