//! The audit log: who changed what, when, from where, before and after. Rows are only
//! ever inserted, in the same transaction as the change they describe.

use sqlx::Row;

use domain::UserId;

use crate::{Result, Store, Tx, now_ms, on_db, on_tx};

/// Who is making a change, and from which address.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub user: Option<UserId>,
    pub addr: Option<String>,
}

impl Actor {
    pub fn system() -> Actor {
        Actor::default()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub at: i64,
    pub user: Option<UserId>,
    pub username: Option<String>,
    pub addr: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One audit row of many written at once.
pub(crate) struct AuditRow {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Tx {
    /// Writes many audit rows of one actor in a few statements: multi-row inserts on
    /// SQLite, arrays on PostgreSQL, or from `COPY_ROWS` rows a `COPY`.
    pub(crate) async fn audit_many(&mut self, actor: &Actor, rows: &[AuditRow]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let (at, user, addr) = (now_ms(), actor.user.map(|u| u.0), actor.addr.clone());
        const INSERT: &str =
            "INSERT INTO audit_log (at, user_id, remote_addr, action, entity, entity_id, before_json, after_json)";
        match &mut self.conn {
            // Runs of one action on one kind of entity, in chunks: what the rows share is
            // bound once in a `WITH` (every mark stays anonymous), the rest row by row.
            crate::TxConn::Sqlite(t) => {
                for run in rows.chunk_by(|a, b| (a.action, a.entity) == (b.action, b.entity)) {
                    for chunk in run.chunks(crate::SQLITE_ROWS) {
                        let sql = format!(
                            "WITH shared (at, user, addr, action, entity) AS (SELECT ?, ?, ?, ?, ?)
                             {INSERT} SELECT shared.at, shared.user, shared.addr, shared.action, shared.entity,
                                v.column1, v.column2, v.column3
                             FROM shared, (VALUES {}) AS v",
                            crate::anonymous_rows(chunk.len(), 3)
                        );
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                            .bind(at)
                            .bind(user)
                            .bind(addr.clone())
                            .bind(chunk[0].action)
                            .bind(chunk[0].entity);
                        for r in chunk {
                            q = q.bind(r.entity_id.as_str()).bind(r.before.as_deref()).bind(r.after.as_deref());
                        }
                        q.execute(&mut **t).await?;
                    }
                }
            }
            // A whole import's rows stream as text.
            crate::TxConn::Pg(t) if rows.len() >= crate::copy::COPY_ROWS => {
                crate::copy::copy_in(
                    t,
                    "COPY audit_log (at, user_id, remote_addr, action, entity, entity_id, before_json, after_json) FROM STDIN",
                    rows,
                    |row, r| {
                        row.number(Some(at))
                            .number(user)
                            .text(addr.as_deref())
                            .text(Some(r.action))
                            .text(Some(r.entity))
                            .text(Some(&r.entity_id))
                            .text(r.before.as_deref())
                            .text(r.after.as_deref());
                    },
                )
                .await?;
            }
            crate::TxConn::Pg(t) => {
                let column = |f: fn(&AuditRow) -> Option<&str>| -> Vec<Option<String>> {
                    rows.iter().map(|r| f(r).map(str::to_string)).collect()
                };
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "{INSERT} SELECT $1, $2, $3, u.a, u.e, u.i, u.b, u.f
                     FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(a, e, i, b, f)"
                )))
                .bind(at)
                .bind(user)
                .bind(addr)
                .bind(column(|r| Some(r.action)))
                .bind(column(|r| Some(r.entity)))
                .bind(column(|r| Some(r.entity_id.as_str())))
                .bind(column(|r| r.before.as_deref()))
                .bind(column(|r| r.after.as_deref()))
                .execute(&mut **t)
                .await?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn audit(
        &mut self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: &str,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<()> {
        on_tx!(self, c => {
            sqlx::query(
                "INSERT INTO audit_log (at, user_id, remote_addr, action, entity, entity_id, before_json, after_json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(now_ms())
            .bind(actor.user.map(|u| u.0))
            .bind(actor.addr.clone())
            .bind(action)
            .bind(entity)
            .bind(entity_id)
            .bind(before)
            .bind(after)
            .execute(c)
            .await?
            .rows_affected()
        });
        Ok(())
    }
}

impl Store {
    /// The latest audit entries for one entity, newest first.
    pub async fn list_audit(&self, entity: &str, entity_id: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = on_db!(&self.db, p => {
            sqlx::query(
                "SELECT a.at, a.user_id, u.username, a.remote_addr, a.action, a.entity, a.entity_id, a.before_json, a.after_json
                 FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                 WHERE a.entity = $1 AND a.entity_id LIKE $2
                 ORDER BY a.id DESC LIMIT $3",
            )
            .bind(entity)
            .bind(entity_id)
            .bind(limit)
            .fetch_all(p)
            .await?
            .into_iter()
            .map(|r| -> Result<AuditEntry> {
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    user: r.try_get::<Option<i64>, _>("user_id")?.map(UserId),
                    username: r.try_get("username")?,
                    addr: r.try_get("remote_addr")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    before: r.try_get("before_json")?,
                    after: r.try_get("after_json")?,
                })
            })
            .collect::<Result<Vec<_>>>()?
        });
        Ok(rows)
    }
}
