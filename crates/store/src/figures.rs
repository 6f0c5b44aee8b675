//! Figures (số liệu): one value per target and grain period, and manual overrides of
//! an evaluation. Writes are transactional and audited value by value.

use sqlx::{AssertSqlSafe, Row};

use domain::{Decimal, Override, Status, TargetId};

use std::collections::HashMap;

use crate::audit::AuditRow;
use crate::{Actor, Change, Result, Store, StoreError, Tx, now_ms, on_db, on_tx};

/// A stored figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureRow {
    pub target: TargetId,
    pub period: String,
    pub value: Decimal,
}

/// One value a form writes: the new value (`None` clears it) and, when the form showed
/// one, the value it showed. A value changed in the store since then is a conflict,
/// never silently overwritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureWrite {
    pub target: TargetId,
    pub value: Option<Decimal>,
    /// `Some(shown)`: write only if the store still holds `shown`.
    pub expected: Option<Option<Decimal>>,
    /// The writer's comment on this value, kept in its history.
    pub note: Option<String>,
}

impl From<(TargetId, Option<Decimal>)> for FigureWrite {
    fn from((target, value): (TargetId, Option<Decimal>)) -> FigureWrite {
        FigureWrite { target, value, expected: None, note: None }
    }
}

/// A value someone else changed after the form showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureConflict {
    pub target: TargetId,
    pub period: String,
    /// What the form showed.
    pub shown: Option<Decimal>,
    /// What the store holds now.
    pub current: Option<Decimal>,
    /// What the user typed.
    pub typed: Option<Decimal>,
}

/// One figure that a write changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureChange {
    pub target: TargetId,
    pub period: String,
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
}

impl Store {
    /// Writes the figures of one form (`None` clears a value) in one transaction, with
    /// an audit row for every value that changed.
    pub async fn write_figures(
        &self,
        actor: &Actor,
        period: &str,
        entries: &[(TargetId, Option<Decimal>)],
    ) -> Result<Vec<FigureChange>> {
        let writes: Vec<FigureWrite> = entries.iter().copied().map(FigureWrite::from).collect();
        let mut tx = self.begin().await?;
        let changes = tx.write_figures(actor, period, &writes).await?;
        tx.commit().await?;
        Ok(changes)
    }

    /// Loads many figures at once without auditing: for generated benchmark data only.
    pub async fn bulk_load_figures(&self, rows: &[FigureRow]) -> Result<()> {
        let mut tx = self.begin().await?;
        for chunk in rows.chunks(800) {
            let mut sql = String::from("INSERT INTO figures (target_id, period, value, updated_at) VALUES ");
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(',');
                }
                // Values are integers and period codes made by `Period::code`: no user text.
                sql.push_str(&format!("({},'{}',{},0)", r.target.0, r.period.replace('\'', ""), r.value.scaled()));
            }
            on_tx!(&mut tx, c => sqlx::query(AssertSqlSafe(sql.clone())).execute(c).await?.rows_affected());
        }
        tx.log(Change::Structure { what: "số liệu nạp hàng loạt" });
        tx.commit().await
    }

    pub async fn list_figures(&self) -> Result<Vec<FigureRow>> {
        let mut rows = Vec::new();
        self.each_figure(|target, period, value| rows.push(FigureRow { target, period: period.to_string(), value }))
            .await?;
        Ok(rows)
    }

    /// Hands every stored figure to `each`, a period at a time, so that loading the
    /// engine never holds the whole table in memory (31 million rows at national scale).
    pub async fn each_figure(&self, mut each: impl FnMut(TargetId, &str, Decimal)) -> Result<()> {
        match &self.db {
            // SQLite hands rows over one at a time through its worker thread, about a
            // microsecond each: each period comes back as one JSON text instead, read
            // along the figures' key (period, target).
            crate::Db::Sqlite(p) => {
                let mut period = String::new();
                while let Some(next) =
                    sqlx::query_scalar::<_, Option<String>>("SELECT MIN(period) FROM figures WHERE period > $1")
                        .bind(&period)
                        .fetch_one(p)
                        .await?
                {
                    period = next;
                    let pairs: String = sqlx::query_scalar(
                        "SELECT COALESCE(json_group_array(json_array(target_id, value)), '[]') FROM figures WHERE period = $1",
                    )
                    .bind(&period)
                    .fetch_one(p)
                    .await?;
                    let pairs: Vec<(i64, i64)> =
                        serde_json::from_str(&pairs).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    for (target, value) in pairs {
                        each(TargetId(target), &period, Decimal::from_scaled(value));
                    }
                }
            }
            crate::Db::Pg(p) => {
                use futures_util::TryStreamExt;
                let mut rows =
                    sqlx::query_as::<_, (i64, String, i64)>("SELECT target_id, period, value FROM figures").fetch(p);
                while let Some((target, period, value)) = rows.try_next().await? {
                    each(TargetId(target), &period, Decimal::from_scaled(value));
                }
            }
        }
        Ok(())
    }

    pub async fn set_override(
        &self,
        actor: &Actor,
        target: TargetId,
        period: &str,
        o: Option<&Override>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        match o {
            Some(o) => on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO overrides (target_id, period, status, reason, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (target_id, period) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind(target.0).bind(period).bind(o.status.code()).bind(vn::text::clean(&o.reason)).bind(now_ms())
                .bind(actor.user.map(|u| u.0)).execute(c).await?.rows_affected()),
            None => {
                on_tx!(&mut tx, c => sqlx::query("DELETE FROM overrides WHERE target_id = $1 AND period = $2")
                .bind(target.0).bind(period).execute(c).await?.rows_affected())
            }
        };
        let after = o.map(|o| serde_json::json!({"status": o.status.code(), "reason": o.reason}).to_string());
        tx.audit(actor, "override", "evaluation", &format!("{}/{period}", target.0), None, after).await?;
        tx.log(Change::Override { target, period: period.to_string(), set: o.cloned() });
        tx.commit().await
    }

    pub async fn list_overrides(&self) -> Result<Vec<(TargetId, String, Override)>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT target_id, period, status, reason FROM overrides")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| -> Result<(TargetId, String, Override)> {
                    let status: String = r.try_get(2)?;
                    Ok((TargetId(r.try_get(0)?), r.try_get(1)?, Override {
                        status: Status::from_code(&status).ok_or_else(|| StoreError::Corrupt(format!("trạng thái {status}")))?,
                        reason: r.try_get(3)?,
                    }))
                })
                .collect()
        })
    }

    /// The roll-up of every target family over `periods` done by the database with a
    /// GROUP BY: the yardstick the in-memory engine is measured against.
    pub async fn sum_by_family_sql(&self, periods: &[String]) -> Result<Vec<(i64, i64)>> {
        let list = periods.iter().map(|p| format!("'{}'", p.replace('\'', ""))).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT t.family_id, CAST(SUM(f.value) AS BIGINT) FROM figures f JOIN targets t ON t.id = f.target_id
             WHERE f.period IN ({list}) GROUP BY t.family_id ORDER BY t.family_id"
        );
        on_db!(&self.db, p => {
            sqlx::query(AssertSqlSafe(sql.clone()))
                .fetch_all(p).await?
                .into_iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get::<Option<i64>, _>(1)?.unwrap_or(0))))
                .collect()
        })
    }
}

impl Tx {
    /// Sets the values of `set` in a few statements: multi-row inserts on SQLite, arrays
    /// on PostgreSQL, or from `COPY_ROWS` rows a `COPY` into a staging table.
    async fn upsert_figures(
        &mut self,
        period: &str,
        now: i64,
        user: Option<i64>,
        set: &[(TargetId, Decimal)],
    ) -> Result<()> {
        if set.is_empty() {
            return Ok(());
        }
        const UPSERT: &str = "ON CONFLICT (target_id, period) DO UPDATE SET value = excluded.value,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by";
        let done = match &mut self.conn {
            // Prepared multi-row upserts: each chunk binds its pairs directly, and the
            // period, time and writer once, in a `WITH` (every mark stays anonymous).
            crate::TxConn::Sqlite(t) => {
                let mut affected = Ok(0);
                for chunk in set.chunks(crate::SQLITE_ROWS) {
                    let sql = format!(
                        "WITH shared (period, at, user) AS (SELECT ?, ?, ?)
                         INSERT INTO figures (period, updated_at, updated_by, target_id, value)
                         SELECT shared.period, shared.at, shared.user, v.column1, v.column2
                         FROM shared, (VALUES {}) AS v WHERE true {UPSERT}",
                        crate::anonymous_rows(chunk.len(), 2)
                    );
                    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(period).bind(now).bind(user);
                    for (target, value) in chunk {
                        q = q.bind(target.0).bind(value.scaled());
                    }
                    affected = q.execute(&mut **t).await.map(|r| r.rows_affected());
                    if affected.is_err() {
                        break;
                    }
                }
                affected
            }
            // A whole import: the pairs stream into a staging table, then one upsert.
            crate::TxConn::Pg(t) if set.len() >= crate::copy::COPY_ROWS => {
                async {
                    sqlx::query(
                        "CREATE TEMP TABLE IF NOT EXISTS figure_rows (target_id BIGINT NOT NULL, value BIGINT NOT NULL)
                         ON COMMIT DROP",
                    )
                    .execute(&mut **t)
                    .await?;
                    sqlx::query("TRUNCATE figure_rows").execute(&mut **t).await?;
                    crate::copy::copy_in(
                        t,
                        "COPY figure_rows (target_id, value) FROM STDIN",
                        set,
                        |row, (target, value)| {
                            row.number(Some(target.0)).number(Some(value.scaled()));
                        },
                    )
                    .await?;
                    sqlx::query(AssertSqlSafe(format!(
                        "INSERT INTO figures (period, updated_at, updated_by, target_id, value)
                         SELECT $1, $2, $3, target_id, value FROM figure_rows {UPSERT}"
                    )))
                    .bind(period)
                    .bind(now)
                    .bind(user)
                    .execute(&mut **t)
                    .await
                    .map(|r| r.rows_affected())
                }
                .await
            }
            crate::TxConn::Pg(t) => {
                let (ids, values): (Vec<i64>, Vec<i64>) = set.iter().map(|(t, v)| (t.0, v.scaled())).unzip();
                sqlx::query(AssertSqlSafe(format!(
                    "INSERT INTO figures (period, updated_at, updated_by, target_id, value)
                     SELECT $1, $2, $3, u.t, u.v FROM unnest($4::bigint[], $5::bigint[]) AS u(t, v) {UPSERT}"
                )))
                .bind(period)
                .bind(now)
                .bind(user)
                .bind(&ids)
                .bind(&values)
                .execute(&mut **t)
                .await
                .map(|r| r.rows_affected())
            }
        };
        done.map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::NotFound("chỉ tiêu"),
            _ => StoreError::Sqlx(e),
        })?;
        Ok(())
    }

    /// Clears the values of `targets` in one statement.
    async fn delete_figures(&mut self, period: &str, targets: &[TargetId]) -> Result<()> {
        if targets.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = targets.iter().map(|t| t.0).collect();
        match &mut self.conn {
            crate::TxConn::Sqlite(t) => {
                let list = crate::json_rows(&ids)?;
                sqlx::query("DELETE FROM figures WHERE period = $1 AND target_id IN (SELECT value FROM json_each($2))")
                    .bind(period)
                    .bind(list)
                    .execute(&mut **t)
                    .await?
                    .rows_affected()
            }
            crate::TxConn::Pg(t) => sqlx::query("DELETE FROM figures WHERE period = $1 AND target_id = ANY($2)")
                .bind(period)
                .bind(&ids)
                .execute(&mut **t)
                .await?
                .rows_affected(),
        };
        Ok(())
    }

    /// The stored values of `targets` in `period`, in one statement: the list travels
    /// as one array (PostgreSQL) or one JSON text (SQLite), however long it is.
    pub(crate) async fn figures_of(
        &mut self,
        targets: &[TargetId],
        period: &str,
    ) -> Result<HashMap<TargetId, Decimal>> {
        let ids: Vec<i64> = targets.iter().map(|t| t.0).collect();
        let rows: Vec<(i64, i64)> = match &mut self.conn {
            // One row back, the pairs as JSON: SQLite hands rows over one at a time.
            crate::TxConn::Sqlite(t) => {
                let list = crate::json_rows(&ids)?;
                let (pairs,): (String,) = sqlx::query_as(
                    "SELECT COALESCE(json_group_array(json_array(f.target_id, f.value)), '[]') FROM json_each($2) AS j
                     CROSS JOIN figures f ON f.target_id = j.value AND f.period = $1",
                )
                .bind(period)
                .bind(list)
                .fetch_one(&mut **t)
                .await?;
                serde_json::from_str(&pairs).map_err(|e| StoreError::Corrupt(e.to_string()))?
            }
            crate::TxConn::Pg(t) => {
                // Joined with the list rather than filtered by `= ANY`: with a million
                // targets the filter was tested row by row (84 s a period at national scale).
                sqlx::query_as(
                    "SELECT f.target_id, f.value FROM unnest($2::bigint[]) AS u(t)
                     JOIN figures f ON f.target_id = u.t AND f.period = $1",
                )
                .bind(period)
                .bind(&ids)
                .fetch_all(&mut **t)
                .await?
            }
        };
        Ok(rows.into_iter().map(|(t, v)| (TargetId(t), Decimal::from_scaled(v))).collect())
    }

    /// Writes figures (`None` clears a value) with an audit row for every value that
    /// changed, inside this transaction, in a few statements whatever their number. When
    /// any value was changed by someone else since its form showed it, nothing is written
    /// and the conflicts are returned.
    pub async fn write_figures(
        &mut self,
        actor: &Actor,
        period: &str,
        entries: &[FigureWrite],
    ) -> Result<Vec<FigureChange>> {
        self.write_figures_over(actor, period, entries, None).await
    }

    /// [`Tx::write_figures`] over the stored values when they are already known, as
    /// this transaction sees them (read ahead: see `read_ahead`).
    pub(crate) async fn write_figures_over(
        &mut self,
        actor: &Actor,
        period: &str,
        entries: &[FigureWrite],
        stored: Option<HashMap<TargetId, Decimal>>,
    ) -> Result<Vec<FigureChange>> {
        // One value per target: the last given wins, as if written one after another.
        let mut seen = std::collections::HashSet::new();
        let mut entries: Vec<&FigureWrite> = entries.iter().rev().filter(|w| seen.insert(w.target)).collect();
        entries.reverse();
        let stored = match stored {
            Some(stored) => stored,
            None => self.figures_of(&entries.iter().map(|w| w.target).collect::<Vec<_>>(), period).await?,
        };
        let mut changes = Vec::with_capacity(entries.len());
        let mut conflicts = Vec::new();
        for w in &entries {
            let before = stored.get(&w.target).copied();
            match w.expected {
                Some(shown) if shown != before && before != w.value => conflicts.push(FigureConflict {
                    target: w.target,
                    period: period.to_string(),
                    shown,
                    current: before,
                    typed: w.value,
                }),
                _ if before != w.value => {
                    changes.push(FigureChange { target: w.target, period: period.to_string(), before, after: w.value })
                }
                _ => {}
            }
        }
        if !conflicts.is_empty() {
            return Err(StoreError::Conflict(conflicts));
        }
        let (now, user) = (now_ms(), actor.user.map(|u| u.0));
        let set: Vec<(TargetId, Decimal)> = changes.iter().filter_map(|c| c.after.map(|v| (c.target, v))).collect();
        self.upsert_figures(period, now, user, &set).await?;
        let cleared: Vec<TargetId> = changes.iter().filter(|c| c.after.is_none()).map(|c| c.target).collect();
        self.delete_figures(period, &cleared).await?;
        let notes: HashMap<TargetId, &str> =
            entries.iter().filter_map(|w| w.note.as_deref().map(|n| (w.target, n))).collect();
        // A Vietnamese number is digits, dots, commas and a sign: nothing to escape.
        let json = |v: Option<Decimal>, note: Option<&str>| {
            v.map(|v| match note {
                Some(note) => serde_json::json!({"value": v.format_vn(4), "note": vn::text::clean(note)}).to_string(),
                None => format!(r#"{{"value":"{}"}}"#, v.format_vn(4)),
            })
        };
        let audits: Vec<AuditRow> = changes
            .iter()
            .map(|c| AuditRow {
                action: "set",
                entity: "figure",
                entity_id: format!("{}/{period}", c.target.0),
                before: json(c.before, None),
                after: json(c.after, notes.get(&c.target).copied()),
            })
            .collect();
        self.audit_many(actor, &audits).await?;
        let logged: Vec<(TargetId, Option<Decimal>)> = changes.iter().map(|c| (c.target, c.after)).collect();
        self.log_figures(period, &logged);
        Ok(changes)
    }
}
