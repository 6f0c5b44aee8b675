//! Explanation requests on targets: asked by a unit above with a deadline, answered once
//! by the responsible unit, both audited and kept with the target.

use chrono::NaiveDate;
use sqlx::Row;

use domain::TargetId;

use crate::tasks::day;
use crate::{Actor, Result, Store, StoreError, now_ms, on_db, on_tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub id: i64,
    pub target: TargetId,
    pub period: String,
    pub question: String,
    pub due_on: Option<NaiveDate>,
    pub asked_by: Option<String>,
    pub asked_at: i64,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
}

const SELECT: &str = "SELECT e.id, e.target_id, e.period, e.question, e.due_on, a.display_name AS asker, e.asked_at,
        e.answer, b.display_name AS answerer, e.answered_at
    FROM explanations e LEFT JOIN users a ON a.id = e.asked_by LEFT JOIN users b ON b.id = e.answered_by";

macro_rules! explanation {
    ($r:expr) => {
        Explanation {
            id: $r.try_get("id")?,
            target: TargetId($r.try_get("target_id")?),
            period: $r.try_get("period")?,
            question: $r.try_get("question")?,
            due_on: day($r.try_get("due_on")?),
            asked_by: $r.try_get("asker")?,
            asked_at: $r.try_get("asked_at")?,
            answer: $r.try_get("answer")?,
            answered_by: $r.try_get("answerer")?,
            answered_at: $r.try_get("answered_at")?,
        }
    };
}

impl Store {
    /// Asks the responsible unit to explain a target's result for a period.
    pub async fn ask_explanation(
        &self,
        actor: &Actor,
        target: TargetId,
        period: &str,
        question: &str,
        due_on: Option<NaiveDate>,
    ) -> Result<i64> {
        let question = vn::text::clean(question);
        if question.is_empty() {
            return Err(StoreError::Refused("Nội dung yêu cầu giải trình: chưa nhập.".into()));
        }
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO explanations (target_id, period, question, due_on, asked_by, asked_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(target.0).bind(period).bind(&question).bind(due_on.map(|d| d.to_string()))
            .bind(actor.user.map(|u| u.0)).bind(now_ms())
            .fetch_one(c).await?.try_get(0)?);
        let after = serde_json::json!({"target": target.0, "period": period, "question": question});
        tx.audit(actor, "create", "explanation", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the answer, once: a second answer is refused rather than overwriting.
    pub async fn answer_explanation(&self, actor: &Actor, id: i64, answer: &str) -> Result<()> {
        let answer = vn::text::clean(answer);
        if answer.is_empty() {
            return Err(StoreError::Refused("Nội dung giải trình: chưa nhập.".into()));
        }
        let mut tx = self.begin().await?;
        let changed = on_tx!(&mut tx, c => sqlx::query(
            "UPDATE explanations SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND answer IS NULL")
            .bind(&answer).bind(actor.user.map(|u| u.0)).bind(now_ms()).bind(id)
            .execute(c).await?.rows_affected());
        if changed == 0 {
            return Err(StoreError::Refused("Yêu cầu này đã được giải trình.".into()));
        }
        let after = serde_json::json!({"answer": answer});
        tx.audit(actor, "update", "explanation", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn explanation(&self, id: i64) -> Result<Explanation> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE e.id = $1"));
        let found: Option<Explanation> = on_db!(&self.db, p => match sqlx::query(sql).bind(id).fetch_optional(p).await? {
            Some(r) => Some(explanation!(r)),
            None => None,
        });
        found.ok_or(StoreError::NotFound("yêu cầu giải trình"))
    }

    /// The requests on one target, oldest first.
    pub async fn target_explanations(&self, target: TargetId) -> Result<Vec<Explanation>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE e.target_id = $1 ORDER BY e.id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).bind(target.0).fetch_all(p).await?.into_iter().map(|r| Ok(explanation!(r))).collect()
        })
    }

    /// Every request not yet answered, for the inbox to filter by the user's units.
    pub async fn open_explanations(&self) -> Result<Vec<Explanation>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE e.answer IS NULL ORDER BY e.id"));
        on_db!(&self.db, p => {
            sqlx::query(sql).fetch_all(p).await?.into_iter().map(|r| Ok(explanation!(r))).collect()
        })
    }
}
