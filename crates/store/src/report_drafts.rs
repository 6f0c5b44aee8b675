//! The period report's editable parts, every saved version kept, and its number from
//! the committee's register of numbers.

use chrono::NaiveDate;
use domain::{DocumentId, OrgId};

use crate::tasks::day;
use crate::{Actor, Result, Store, StoreError, now_ms, on_db, on_tx};

/// The parts of a report a person writes: prefilled from the data, then edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportText {
    pub issued_on: Option<NaiveDate>,
    /// The register position of the person who signs.
    pub signer: Option<i64>,
    /// "Kết quả nổi bật".
    pub highlights: String,
    /// "Hạn chế, khuyết điểm và nguyên nhân".
    pub shortcomings: String,
    /// "Phương hướng, nhiệm vụ".
    pub directions: String,
    /// "Nơi nhận", one recipient per line.
    pub recipients: String,
}

/// One saved version of a report's parts, with who saved it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDraft {
    pub id: i64,
    pub text: ReportText,
    pub saved_by: String,
    pub saved_at: i64,
}

/// Which report: the committee, the resolution it reports on, and the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportKey<'a> {
    pub org: OrgId,
    pub document: DocumentId,
    pub period: &'a str,
}

type DraftRow = (i64, String, Option<i64>, String, String, String, String, Option<String>, i64);

impl Store {
    /// Keeps a new version of a report's parts.
    pub async fn save_report_draft(&self, actor: &Actor, key: ReportKey<'_>, text: &ReportText) -> Result<i64> {
        let issued = text.issued_on.ok_or_else(|| StoreError::Refused("Ngày báo cáo: chưa nhập.".into()))?;
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "INSERT INTO report_drafts (org_id, document_id, period, issued_on, signer_id, highlights, shortcomings, \
             directions, recipients, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
            .bind(key.org.0).bind(key.document.0).bind(key.period).bind(issued.to_string()).bind(text.signer)
            .bind(&text.highlights).bind(&text.shortcomings).bind(&text.directions).bind(&text.recipients)
            .bind(actor.user.map(|u| u.0)).bind(now_ms())
            .fetch_one(c).await?);
        let after = serde_json::json!({
            "org": key.org.0, "document": key.document.0, "period": key.period, "issued_on": issued.to_string(),
            "signer": text.signer, "highlights": text.highlights, "shortcomings": text.shortcomings,
            "directions": text.directions, "recipients": text.recipients,
        });
        tx.audit(actor, "create", "report_draft", &id.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every saved version of a report's parts, newest first.
    pub async fn report_drafts(&self, key: ReportKey<'_>) -> Result<Vec<ReportDraft>> {
        let rows: Vec<DraftRow> = on_db!(&self.db, p => sqlx::query_as(
            "SELECT d.id, d.issued_on, d.signer_id, d.highlights, d.shortcomings, d.directions, d.recipients, \
             u.display_name, d.created_at FROM report_drafts d LEFT JOIN users u ON u.id = d.user_id \
             WHERE d.org_id = $1 AND d.document_id = $2 AND d.period = $3 ORDER BY d.id DESC")
            .bind(key.org.0).bind(key.document.0).bind(key.period).fetch_all(p).await?);
        rows.into_iter()
            .map(|(id, issued, signer, highlights, shortcomings, directions, recipients, by, at)| {
                Ok(ReportDraft {
                    id,
                    text: ReportText {
                        issued_on: Some(day(Some(issued)).ok_or_else(|| StoreError::Corrupt("ngày báo cáo".into()))?),
                        signer,
                        highlights,
                        shortcomings,
                        directions,
                        recipients,
                    },
                    saved_by: by.unwrap_or_default(),
                    saved_at: at,
                })
            })
            .collect()
    }

    /// The number a report already has in the register, if any.
    pub async fn report_number(&self, key: ReportKey<'_>) -> Result<Option<u32>> {
        let n: Option<i64> = on_db!(&self.db, p => sqlx::query_scalar(
            "SELECT number FROM report_numbers WHERE org_id = $1 AND doc_type = 'BC' AND document_id = $2 AND period = $3")
            .bind(key.org.0).bind(key.document.0).bind(key.period).fetch_optional(p).await?);
        Ok(n.and_then(|n| u32::try_from(n).ok()))
    }

    /// Gives a report the next number of the committee's register of reports for the
    /// term beginning in `term_start`, or answers the one it has. Two processes asking
    /// at once get different numbers: the register's unique number decides, and the
    /// loser reads again.
    pub async fn take_report_number(&self, actor: &Actor, key: ReportKey<'_>, term_start: i32) -> Result<u32> {
        for _ in 0..5 {
            if let Some(n) = self.report_number(key).await? {
                return Ok(n);
            }
            let mut tx = self.begin().await?;
            let inserted = on_tx!(&mut tx, c => sqlx::query_scalar::<_, i64>(
                "INSERT INTO report_numbers (org_id, doc_type, term_start, number, document_id, period, user_id, created_at) \
                 SELECT $1, 'BC', $2, COALESCE(MAX(number), 0) + 1, $3, $4, $5, $6 FROM report_numbers \
                 WHERE org_id = $1 AND doc_type = 'BC' AND term_start = $2 RETURNING number")
                .bind(key.org.0).bind(i64::from(term_start)).bind(key.document.0).bind(key.period)
                .bind(actor.user.map(|u| u.0)).bind(now_ms())
                .fetch_one(c).await);
            let number = match inserted {
                Ok(n) => n,
                Err(sqlx::Error::Database(d)) if d.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
            };
            let after = serde_json::json!({"org": key.org.0, "document": key.document.0, "period": key.period, "number": number});
            tx.audit(actor, "create", "report_number", &number.to_string(), None, Some(after.to_string())).await?;
            match tx.commit().await {
                Ok(()) => return u32::try_from(number).map_err(|_| StoreError::Corrupt("số báo cáo".into())),
                Err(StoreError::Sqlx(sqlx::Error::Database(d))) if d.is_unique_violation() => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Refused("Sổ đăng ký số báo cáo đang bận, xin thử lại.".into()))
    }
}
