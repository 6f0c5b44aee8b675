//! Units' estimates of a target's whole-year outcome ("ước thực hiện cả năm").

use domain::{Decimal, TargetId};

use crate::{Actor, Result, Store, marks, now_ms, on_db, on_tx};

impl Store {
    /// Sets (or, with `None`, withdraws) the estimates of `year` for some targets in one
    /// transaction, each change audited.
    pub async fn set_estimates(&self, actor: &Actor, year: i32, values: &[(TargetId, Option<Decimal>)]) -> Result<()> {
        let mut tx = self.begin().await?;
        for (target, value) in values {
            let before: Option<i64> = on_tx!(&mut tx, c => sqlx::query_scalar(
                "SELECT value FROM estimates WHERE target_id = $1 AND year = $2")
                .bind(target.0).bind(i64::from(year)).fetch_optional(&mut *c).await?);
            if before == value.map(Decimal::scaled) {
                continue;
            }
            match value {
                Some(v) => on_tx!(&mut tx, c => sqlx::query(
                    "INSERT INTO estimates (target_id, year, value, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (target_id, year) DO UPDATE SET value = excluded.value,
                       updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                    .bind(target.0).bind(i64::from(year)).bind(v.scaled()).bind(now_ms()).bind(actor.user.map(|u| u.0))
                    .execute(c).await?.rows_affected()),
                None => on_tx!(&mut tx, c => sqlx::query("DELETE FROM estimates WHERE target_id = $1 AND year = $2")
                    .bind(target.0).bind(i64::from(year)).execute(c).await?.rows_affected()),
            };
            let shown = |v: Option<i64>| v.map(|v| Decimal::from_scaled(v).format_vn(4));
            tx.audit(
                actor,
                "estimate",
                "target",
                &format!("{}/{year}", target.0),
                shown(before),
                shown(value.map(Decimal::scaled)),
            )
            .await?;
        }
        tx.commit().await
    }

    /// The estimates of `year` for `targets`.
    pub async fn estimates(&self, year: i32, targets: &[TargetId]) -> Result<Vec<(TargetId, Decimal)>> {
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        // Only numbered placeholders are formatted into the text.
        let sql = format!(
            "SELECT target_id, value FROM estimates WHERE year = $1 AND target_id IN ({})",
            marks(targets.len(), 2)
        );
        let rows: Vec<(i64, i64)> = on_db!(&self.db, p => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(i64::from(year));
            for t in targets {
                q = q.bind(t.0);
            }
            q.fetch_all(p).await?
        });
        Ok(rows.into_iter().map(|(t, v)| (TargetId(t), Decimal::from_scaled(v))).collect())
    }
}
