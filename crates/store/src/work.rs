//! Counted work (classes, surveys, awards, campaigns, congresses) per unit and period,
//! and the annual quality ratings with each committee's quota, all audited.

use sqlx::Row;

use domain::OrgId;
use domain::work::{Rating, WorkKind};

use crate::{Actor, Result, Store, StoreError, now_ms, on_db, on_tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkEntry {
    pub id: i64,
    pub org: OrgId,
    /// A period code: "2020-Q3", "2020-9M", "2020".
    pub period: String,
    pub kind: WorkKind,
    pub count: i64,
    pub of_total: Option<i64>,
    pub participants: Option<i64>,
    pub eligible: Option<i64>,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingEntry {
    pub id: i64,
    pub org: OrgId,
    pub year: i32,
    pub subject_org: OrgId,
    /// Empty for the rating of an organisation.
    pub member_name: Option<String>,
    pub level: Rating,
    pub score: Option<i32>,
}

/// The quota when a committee has set none: excellent at most 20% of good or better.
pub const DEFAULT_QUOTA_PERCENT: u32 = 20;

impl Store {
    /// Records one entry of counted work, refusing numbers that contradict each other.
    pub async fn record_work(&self, actor: &Actor, e: &WorkEntry) -> Result<i64> {
        let refuse = |why: &str| Err(StoreError::Refused(why.to_string()));
        if e.count < 0 || [e.of_total, e.participants, e.eligible].iter().flatten().any(|n| *n < 0) {
            return refuse("Số lượng: không được âm.");
        }
        if let (Some(p), Some(el)) = (e.participants, e.eligible)
            && p > el
        {
            return refuse("Số người tham dự: lớn hơn số phải tham dự.");
        }
        if e.of_total.is_some_and(|t| t < e.count) {
            return refuse("Tổng số: nhỏ hơn số đã thực hiện.");
        }
        let summary = e.summary.as_deref().and_then(vn::text::clean_nonempty);
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO work_entries (org_id, period, kind, count, of_total, participants, eligible, summary, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(e.org.0).bind(&e.period).bind(e.kind.code()).bind(e.count).bind(e.of_total)
            .bind(e.participants).bind(e.eligible).bind(&summary).bind(actor.user.map(|u| u.0)).bind(now_ms())
            .fetch_one(c).await?.try_get(0)?);
        let after = serde_json::json!({"org": e.org.0, "period": e.period, "kind": e.kind.code(), "count": e.count});
        tx.audit(actor, "create", "work", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every entry of counted work; pages keep those of a subtree and a period. A
    /// province records a few thousand a year, so one read is cheaper than many.
    pub async fn list_work(&self) -> Result<Vec<WorkEntry>> {
        // Every year a period code can name.
        self.work_of_years(1900, 2200).await
    }

    /// The entries of periods that start in `first..=last` (period codes open with their
    /// year, "2020-Q3", "2020-9M"): what a dashboard of those years can sum.
    pub async fn work_of_years(&self, first: i32, last: i32) -> Result<Vec<WorkEntry>> {
        let sql = "SELECT id, org_id, period, kind, count, of_total, participants, eligible, summary
                   FROM work_entries WHERE period >= $1 AND period < $2 ORDER BY id";
        let (from, to) = (format!("{first:04}"), format!("{:04}", last + 1));
        let out = on_db!(&self.db, p => {
            let mut out = Vec::new();
            for r in sqlx::query(sql).bind(&from).bind(&to).fetch_all(p).await? {
                let kind: String = r.try_get("kind")?;
                out.push(WorkEntry {
                    id: r.try_get("id")?,
                    org: OrgId(r.try_get("org_id")?),
                    period: r.try_get("period")?,
                    kind: WorkKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(format!("kind “{kind}”")))?,
                    count: r.try_get("count")?,
                    of_total: r.try_get("of_total")?,
                    participants: r.try_get("participants")?,
                    eligible: r.try_get("eligible")?,
                    summary: r.try_get("summary")?,
                });
            }
            out
        });
        Ok(out)
    }

    /// Records a rating; a score, when given, must be 0–100.
    pub async fn record_rating(&self, actor: &Actor, r: &RatingEntry) -> Result<i64> {
        if r.score.is_some_and(|s| !(0..=100).contains(&s)) {
            return Err(StoreError::Refused("Điểm: từ 0 đến 100.".into()));
        }
        let member = r.member_name.as_deref().and_then(vn::text::clean_nonempty);
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO ratings (org_id, year, subject_org_id, member_name, level, score, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(r.org.0).bind(r.year).bind(r.subject_org.0).bind(&member).bind(r.level.code()).bind(r.score)
            .bind(actor.user.map(|u| u.0)).bind(now_ms())
            .fetch_one(c).await?.try_get(0)?);
        let after =
            serde_json::json!({"year": r.year, "subject": r.subject_org.0, "member": member, "level": r.level.code()});
        tx.audit(actor, "create", "rating", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The ratings a committee gave for a year.
    pub async fn list_ratings(&self, org: OrgId, year: i32) -> Result<Vec<RatingEntry>> {
        self.ratings(year, Some(org)).await
    }

    /// Every rating given for a year, by any committee: for roll-ups over a subtree.
    pub async fn ratings_of_year(&self, year: i32) -> Result<Vec<RatingEntry>> {
        self.ratings(year, None).await
    }

    async fn ratings(&self, year: i32, org: Option<OrgId>) -> Result<Vec<RatingEntry>> {
        let sql = "SELECT id, org_id, year, subject_org_id, member_name, level, score FROM ratings
                   WHERE year = $1 AND org_id = COALESCE($2, org_id) ORDER BY id";
        let out = on_db!(&self.db, p => {
            let mut out = Vec::new();
            for r in sqlx::query(sql).bind(year).bind(org.map(|o| o.0)).fetch_all(p).await? {
                let level: String = r.try_get("level")?;
                out.push(RatingEntry {
                    id: r.try_get("id")?,
                    org: OrgId(r.try_get("org_id")?),
                    year: r.try_get("year")?,
                    subject_org: OrgId(r.try_get("subject_org_id")?),
                    member_name: r.try_get("member_name")?,
                    level: Rating::from_code(&level).ok_or_else(|| StoreError::Corrupt(format!("level “{level}”")))?,
                    score: r.try_get("score")?,
                });
            }
            out
        });
        Ok(out)
    }

    /// The committee's quota in percent, or the default.
    pub async fn rating_quota(&self, org: OrgId) -> Result<u32> {
        let sql = "SELECT percent FROM rating_quotas WHERE org_id = $1";
        let percent: Option<i32> = on_db!(&self.db, p => match sqlx::query(sql).bind(org.0).fetch_optional(p).await? {
            Some(r) => Some(r.try_get("percent")?),
            None => None,
        });
        Ok(percent.map_or(DEFAULT_QUOTA_PERCENT, |p| p as u32))
    }

    pub async fn set_rating_quota(&self, actor: &Actor, org: OrgId, percent: u32) -> Result<()> {
        if percent > 100 {
            return Err(StoreError::Refused("Tỷ lệ: từ 0 đến 100%.".into()));
        }
        let before = self.rating_quota(org).await?;
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO rating_quotas (org_id, percent) VALUES ($1, $2) ON CONFLICT (org_id) DO UPDATE SET percent = $2")
            .bind(org.0).bind(percent as i32).execute(c).await?.rows_affected());
        let (b, a) = (serde_json::json!({"percent": before}), serde_json::json!({"percent": percent}));
        tx.audit(actor, "update", "rating_quota", &org.0.to_string(), Some(b.to_string()), Some(a.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }
}
