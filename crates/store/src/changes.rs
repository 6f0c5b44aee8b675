//! The change log: every committed change the engine depends on (figures, overrides,
//! the structure of organisations, documents and targets), numbered in commit order, so
//! that every tiendo process sharing the database applies the same changes in the same
//! order (decision 0010).
//!
//! A transaction collects its changes in [`Tx`] and appends them when it commits. On
//! PostgreSQL the append first takes one transaction-level advisory lock, held until
//! commit: sequence numbers are then drawn in commit order, and a reader that sees
//! number n has already seen every smaller number that will ever commit. SQLite has one
//! writer at a time (`BEGIN IMMEDIATE`), which gives the same guarantee.

use serde_json::{Value, json};
use sqlx::{AssertSqlSafe, Row};

use domain::{Decimal, Override, Status, TargetId};

use crate::{Result, Store, StoreError, Tx, now_ms, on_db, on_tx};

/// The advisory lock that orders appends to the change log on PostgreSQL ("tiendo").
const LOG_LOCK: i64 = 0x7469_656e_646f;

/// One change the engine must follow.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A figure's new value (`None`: cleared); applying it twice is harmless.
    Figure { target: TargetId, period: String, value: Option<Decimal> },
    /// An evaluation's manual override, set or removed.
    Override { target: TargetId, period: String, set: Option<Override> },
    /// Organisations, documents or targets changed: the engine is rebuilt.
    Structure { what: &'static str },
}

/// A change with its place in the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    pub seq: i64,
    pub change: Change,
}

impl Change {
    fn encode(&self) -> (&'static str, String) {
        match self {
            Change::Figure { target, period, value } => Change::encode_figures(period, &[(*target, *value)]),
            Change::Override { target, period, set } => (
                "override",
                json!({"t": target.0, "p": period, "s": set.as_ref().map(|o| o.status.code()),
                       "r": set.as_ref().map(|o| o.reason.clone())})
                .to_string(),
            ),
            Change::Structure { what } => ("structure", json!({"what": what}).to_string()),
        }
    }

    /// The row that records one run of figure changes of one period.
    fn encode_figures(period: &str, run: &[(TargetId, Option<Decimal>)]) -> (&'static str, String) {
        let values: Vec<Value> = run.iter().map(|(t, v)| json!([t.0, v.map(|v| v.scaled())])).collect();
        ("figures", json!({"p": period, "v": values}).to_string())
    }

    fn decode_all(kind: &str, body: &str) -> Result<Vec<Change>> {
        if kind != "figures" {
            return Ok(vec![Change::decode(kind, body)?]);
        }
        // Read into its own shape, not a tree of values: a national import replays
        // thirty million of these pairs.
        #[derive(serde::Deserialize)]
        struct Run {
            p: String,
            v: Vec<(i64, Option<i64>)>,
        }
        let run: Run =
            serde_json::from_str(body).map_err(|_| StoreError::Corrupt(format!("nhật ký thay đổi: {kind} {body}")))?;
        Ok(run
            .v
            .into_iter()
            .map(|(target, value)| Change::Figure {
                target: TargetId(target),
                period: run.p.clone(),
                value: value.map(Decimal::from_scaled),
            })
            .collect())
    }

    fn decode(kind: &str, body: &str) -> Result<Change> {
        let corrupt = || StoreError::Corrupt(format!("nhật ký thay đổi: {kind} {body}"));
        let v: Value = serde_json::from_str(body).map_err(|_| corrupt())?;
        let target = || v["t"].as_i64().map(TargetId).ok_or_else(corrupt);
        let period = || v["p"].as_str().map(str::to_string).ok_or_else(corrupt);
        Ok(match kind {
            "figure" => Change::Figure {
                target: target()?,
                period: period()?,
                value: v["v"].as_i64().map(Decimal::from_scaled),
            },
            "override" => Change::Override {
                target: target()?,
                period: period()?,
                set: match v["s"].as_str() {
                    None => None,
                    Some(code) => Some(Override {
                        status: Status::from_code(code).ok_or_else(corrupt)?,
                        reason: v["r"].as_str().unwrap_or_default().to_string(),
                    }),
                },
            },
            // What changed is only a hint for the log's reader; any structure change rebuilds.
            "structure" => Change::Structure { what: "cơ cấu" },
            _ => return Err(corrupt()),
        })
    }
}

/// Figure changes recorded per row of the log: an import of sixty thousand values costs
/// a row per period, and one of thirty million a few thousand rows of bounded size.
const FIGURES_PER_ROW: usize = 10_000;

impl Tx {
    /// Records a change to append to the log when this transaction commits. It is
    /// encoded at once: a transaction of millions of values keeps only their text.
    pub fn log(&mut self, change: Change) {
        self.changes.push(change.encode());
    }

    /// Records new values of figures of one period, in order.
    pub fn log_figures(&mut self, period: &str, values: &[(TargetId, Option<Decimal>)]) {
        for run in values.chunks(FIGURES_PER_ROW) {
            self.changes.push(Change::encode_figures(period, run));
        }
    }

    /// Appends the collected changes, in order, under the log's lock on PostgreSQL.
    pub(crate) async fn append_changes(&mut self) -> Result<()> {
        if self.changes.is_empty() {
            return Ok(());
        }
        if self.is_pg() {
            on_tx!(self, c => sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(LOG_LOCK).execute(c).await?.rows_affected());
        }
        let rows = std::mem::take(&mut self.changes);
        let at = now_ms();
        for chunk in rows.chunks(200) {
            let sql = format!("INSERT INTO changes (at, kind, body) VALUES {}", crate::value_rows(chunk.len(), 1, 2));
            on_tx!(self, c => {
                let mut q = sqlx::query(AssertSqlSafe(sql.clone())).bind(at);
                for (kind, body) in chunk {
                    q = q.bind(*kind).bind(body.as_str());
                }
                q.execute(c).await?.rows_affected()
            });
        }
        Ok(())
    }
}

impl Store {
    /// The log's changes after `seq`, oldest first, from at most `limit` rows; the
    /// changes of one row share its number.
    pub async fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<Logged>> {
        let rows = on_db!(&self.db, p => sqlx::query_as(SINCE).bind(seq).bind(limit).fetch_all(p).await?);
        expand(rows)
    }

    /// The number of the last committed change (0 when the log is empty).
    pub async fn last_change(&self) -> Result<i64> {
        on_db!(&self.db, p => Ok(sqlx::query(LAST).fetch_one(p).await?.try_get::<i64, _>(0)?))
    }
}

impl Store {
    /// When change `seq` was committed, if the log holds it: with its number, what
    /// tells one history of the store from another (a backup restored, another store).
    pub async fn change_at(&self, seq: i64) -> Result<Option<i64>> {
        on_db!(&self.db, p => Ok(sqlx::query_scalar("SELECT at FROM changes WHERE seq = $1").bind(seq).fetch_optional(p).await?))
    }

    /// The version of the last migration applied to the store.
    pub async fn schema_version(&self) -> Result<i64> {
        on_db!(&self.db, p => Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(p).await?.unwrap_or(0)))
    }
}

impl Tx {
    /// [`Store::last_change`] as this transaction sees it.
    pub(crate) async fn last_change(&mut self) -> Result<i64> {
        Ok(on_tx!(self, c => sqlx::query(LAST).fetch_one(c).await?.try_get::<i64, _>(0)?))
    }

    /// Every change after `seq`, as this transaction sees it.
    pub(crate) async fn changes_since(&mut self, seq: i64) -> Result<Vec<Logged>> {
        let rows = on_tx!(self, c => sqlx::query_as(SINCE).bind(seq).bind(i64::MAX).fetch_all(c).await?);
        expand(rows)
    }
}

/// The number of the last committed change (0 when the log is empty).
const LAST: &str = "SELECT COALESCE(MAX(seq), 0) FROM changes";
/// The log's rows after `$1`, oldest first, at most `$2` of them.
const SINCE: &str = "SELECT seq, kind, body FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2";

/// The changes of rows read with [`SINCE`]; the changes of one row share its number.
fn expand(rows: Vec<(i64, String, String)>) -> Result<Vec<Logged>> {
    let mut out = Vec::with_capacity(rows.len());
    for (seq, kind, body) in rows {
        out.extend(Change::decode_all(&kind, &body)?.into_iter().map(|change| Logged { seq, change }));
    }
    Ok(out)
}
