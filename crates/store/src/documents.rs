//! Documents (văn bản) and the targets (chỉ tiêu) of resolutions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::Row;

use domain::{
    Accrual, AssessAt, Bands, Bound, Direction, Document, DocumentId, Measure, OrgId, Period, Rollup, Target, TargetId,
};
use vn::period::Grain;

use crate::{Actor, Change, Result, Store, StoreError, Tx, on_db, on_tx};

pub struct NewDocument<'a> {
    pub org: OrgId,
    pub doc_type: &'a str,
    pub number: Option<vn::DocumentNumber>,
    pub title: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub term: (i32, i32),
    pub grain: Grain,
    pub bands: Bands,
}

impl Tx {
    pub async fn insert_document(&mut self, actor: &Actor, d: NewDocument<'_>) -> Result<DocumentId> {
        let title = vn::text::clean(d.title);
        let id: i64 = on_tx!(self, c => sqlx::query(
            "INSERT INTO documents (org_id, doc_type, number_raw, number_key, title, issued_on, term_start, term_end, grain, bands)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(d.org.0)
            .bind(d.doc_type)
            .bind(d.number.as_ref().map(|n| n.raw.clone()))
            .bind(d.number.as_ref().map(|n| n.key()))
            .bind(&title)
            .bind(d.issued_on.map(|x| x.to_string()))
            .bind(i64::from(d.term.0))
            .bind(i64::from(d.term.1))
            .bind(d.grain.code())
            .bind(d.bands.code())
            .fetch_one(c).await?.try_get(0)?);
        let after = serde_json::json!({"title": title, "type": d.doc_type}).to_string();
        self.audit(actor, "create", "document", &id.to_string(), None, Some(after)).await?;
        self.log(Change::Structure { what: "văn bản" });
        Ok(DocumentId(id))
    }

    /// Inserts a target and its yearly bounds; a cascaded target joins the family of
    /// its parent, a top target starts its own.
    pub async fn insert_target(&mut self, actor: &Actor, t: &Target) -> Result<TargetId> {
        let family: Option<i64> = match t.parent {
            Some(p) => Some(on_tx!(self, c => sqlx::query("SELECT family_id FROM targets WHERE id = $1")
                .bind(p.0).fetch_optional(c).await?
                .ok_or(StoreError::NotFound("chỉ tiêu cấp trên"))?
                .try_get(0)?)),
            None => None,
        };
        let (op, lo, hi) = t.term_bound.to_parts();
        let weight = match t.rollup {
            Rollup::WeightedAverage(w) => Some(w.0),
            _ => None,
        };
        let id: i64 = on_tx!(self, c => sqlx::query(
            "INSERT INTO targets (document_id, org_id, family_id, code, field, name, unit, op, lo, hi, measure, direction,
                                  accrual, rollup, weight_target_id, assess_at, responsible_org_id, parent_target_id, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id")
            .bind(t.document.0).bind(t.org.0).bind(family.unwrap_or(0))
            .bind(&t.code).bind(vn::text::clean(&t.field)).bind(vn::text::clean(&t.name)).bind(vn::text::clean(&t.unit))
            .bind(op).bind(lo).bind(hi)
            .bind(t.measure.code()).bind(t.direction.code()).bind(t.accrual.code())
            .bind(t.rollup.code()).bind(weight).bind(t.assess_at.code())
            .bind(t.responsible.map(|o| o.0)).bind(t.parent.map(|p| p.0)).bind(i64::from(t.position))
            .fetch_one(c).await?.try_get(0)?);
        if family.is_none() {
            on_tx!(self, c => sqlx::query("UPDATE targets SET family_id = $1 WHERE id = $1").bind(id).execute(c).await?.rows_affected());
        }
        for (year, b) in &t.yearly {
            let (op, lo, hi) = b.to_parts();
            on_tx!(self, c => sqlx::query("INSERT INTO target_years (target_id, year, op, lo, hi) VALUES ($1, $2, $3, $4, $5)")
                .bind(id).bind(i64::from(*year)).bind(op).bind(lo).bind(hi).execute(c).await?.rows_affected());
        }
        let after = serde_json::json!({"name": t.name, "bound": t.term_bound.label()}).to_string();
        self.audit(actor, "create", "target", &id.to_string(), None, Some(after)).await?;
        self.log(Change::Structure { what: "chỉ tiêu" });
        Ok(TargetId(id))
    }
}

/// target_id, year, operator, low, high.
type YearRow = (i64, i64, String, Option<i64>, Option<i64>);

impl Tx {
    /// Saves an edited target and its yearly bounds, with its audit row.
    pub async fn update_target(&mut self, actor: &Actor, before: &Target, after: &Target) -> Result<()> {
        let (op, lo, hi) = after.term_bound.to_parts();
        let weight = match after.rollup {
            Rollup::WeightedAverage(w) => Some(w.0),
            _ => None,
        };
        on_tx!(self, c => sqlx::query(
            "UPDATE targets SET code = $1, field = $2, name = $3, unit = $4, op = $5, lo = $6, hi = $7, measure = $8,
                    direction = $9, accrual = $10, rollup = $11, weight_target_id = $12, assess_at = $13, parent_target_id = $14
             WHERE id = $15")
            .bind(&after.code).bind(vn::text::clean(&after.field)).bind(vn::text::clean(&after.name)).bind(vn::text::clean(&after.unit))
            .bind(op).bind(lo).bind(hi).bind(after.measure.code()).bind(after.direction.code()).bind(after.accrual.code())
            .bind(after.rollup.code()).bind(weight).bind(after.assess_at.code()).bind(after.parent.map(|p| p.0)).bind(after.id.0)
            .execute(c).await?.rows_affected());
        on_tx!(self, c => sqlx::query("DELETE FROM target_years WHERE target_id = $1").bind(after.id.0).execute(c).await?.rows_affected());
        for (year, b) in &after.yearly {
            let (op, lo, hi) = b.to_parts();
            on_tx!(self, c => sqlx::query("INSERT INTO target_years (target_id, year, op, lo, hi) VALUES ($1, $2, $3, $4, $5)")
                .bind(after.id.0).bind(i64::from(*year)).bind(op).bind(lo).bind(hi).execute(c).await?.rows_affected());
        }
        if before.parent != after.parent {
            // The family follows the new link: the top of the new parent's cascade, or itself.
            let family: i64 = match after.parent {
                Some(p) => {
                    on_tx!(self, c => sqlx::query("SELECT family_id FROM targets WHERE id = $1")
                    .bind(p.0).fetch_one(c).await?.try_get(0)?)
                }
                None => after.id.0,
            };
            on_tx!(self, c => sqlx::query("UPDATE targets SET family_id = $1 WHERE id = $2 OR family_id = $3")
                .bind(family).bind(after.id.0).bind(after.id.0).execute(c).await?.rows_affected());
        }
        let json = |t: &Target| {
            serde_json::json!({"code": t.code, "name": t.name, "unit": t.unit, "bound": t.term_bound.label(),
                "yearly": t.yearly.iter().map(|(y, b)| format!("{y}: {}", b.label())).collect::<Vec<_>>(),
                "parent": t.parent.map(|p| p.0)})
            .to_string()
        };
        self.log(Change::Structure { what: "chỉ tiêu" });
        self.audit(actor, "update", "target", &after.id.to_string(), Some(json(before)), Some(json(after))).await
    }

    /// Changes a target's term bound (a re-allocation), with its audit row.
    pub async fn update_target_bound(
        &mut self,
        actor: &Actor,
        target: TargetId,
        before: Bound,
        after: Bound,
    ) -> Result<()> {
        let (op, lo, hi) = after.to_parts();
        on_tx!(self, c => sqlx::query("UPDATE targets SET op = $1, lo = $2, hi = $3 WHERE id = $4")
            .bind(op).bind(lo).bind(hi).bind(target.0).execute(c).await?.rows_affected());
        let json = |b: Bound| serde_json::json!({"bound": b.label()}).to_string();
        self.log(Change::Structure { what: "chỉ tiêu" });
        self.audit(actor, "update", "target", &target.to_string(), Some(json(before)), Some(json(after))).await
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} “{value}”"))
}

impl Store {
    pub async fn list_documents(&self) -> Result<Vec<Document>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, org_id, doc_type, number_raw, title, issued_on, term_start, term_end, grain, bands FROM documents ORDER BY id")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| -> Result<Document> {
                    let grain: String = r.try_get("grain")?;
                    let bands: String = r.try_get("bands")?;
                    let (start, end): (i64, i64) = (r.try_get("term_start")?, r.try_get("term_end")?);
                    Ok(Document {
                        id: DocumentId(r.try_get("id")?),
                        org: OrgId(r.try_get("org_id")?),
                        doc_type: r.try_get("doc_type")?,
                        number: r.try_get("number_raw")?,
                        title: r.try_get("title")?,
                        issued_on: r.try_get::<Option<String>, _>("issued_on")?.and_then(|s| s.parse().ok()),
                        term: Period::Term { start: start as i32, end: end as i32 },
                        grain: Grain::from_code(&grain).ok_or_else(|| corrupt("kỳ nhập số liệu", &grain))?,
                        bands: Bands::parse(&bands).map_err(|_| corrupt("ngưỡng đánh giá", &bands))?,
                    })
                })
                .collect()
        })
    }

    /// Every target with its yearly bounds, in resolution order.
    pub async fn list_targets(&self) -> Result<Vec<Target>> {
        let mut yearly: BTreeMap<i64, BTreeMap<i32, Bound>> = BTreeMap::new();
        let years: Vec<YearRow> = on_db!(&self.db, p => {
            sqlx::query("SELECT target_id, year, op, lo, hi FROM target_years")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
                .collect::<Result<Vec<_>>>()?
        });
        for (t, y, op, lo, hi) in years {
            let b = Bound::from_parts(&op, lo, hi).ok_or_else(|| corrupt("toán tử", &op))?;
            yearly.entry(t).or_default().insert(y as i32, b);
        }
        on_db!(&self.db, p => {
            let mut rows = sqlx::query(
                "SELECT id, document_id, org_id, code, field, name, unit, op, lo, hi, measure, direction, accrual, rollup,
                        weight_target_id, assess_at, responsible_org_id, parent_target_id, position
                 FROM targets ORDER BY document_id, position, id")
                .fetch(p);
            // Row by row: a national tree has 1.7 million targets, too many to hold as rows.
            let mut targets = Vec::new();
            while let Some(r) = futures_util::TryStreamExt::try_next(&mut rows).await? {
                targets.push((|| -> Result<Target> {
                    let id: i64 = r.try_get("id")?;
                    let text = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
                    let op = text("op")?;
                    let code = |c: &str| text(c);
                    let (measure, direction, accrual, rollup, assess) =
                        (code("measure")?, code("direction")?, code("accrual")?, code("rollup")?, code("assess_at")?);
                    let weight = r.try_get::<Option<i64>, _>("weight_target_id")?.map(TargetId);
                    Ok(Target {
                        id: TargetId(id),
                        document: DocumentId(r.try_get("document_id")?),
                        org: OrgId(r.try_get("org_id")?),
                        code: text("code")?,
                        field: text("field")?,
                        name: text("name")?,
                        unit: text("unit")?,
                        term_bound: Bound::from_parts(&op, r.try_get("lo")?, r.try_get("hi")?).ok_or_else(|| corrupt("toán tử", &op))?,
                        measure: Measure::from_code(&measure).ok_or_else(|| corrupt("cách đo", &measure))?,
                        direction: Direction::from_code(&direction).ok_or_else(|| corrupt("chiều", &direction))?,
                        accrual: Accrual::from_code(&accrual).ok_or_else(|| corrupt("cách cộng dồn", &accrual))?,
                        rollup: Rollup::from_parts(&rollup, weight).ok_or_else(|| corrupt("cách tổng hợp", &rollup))?,
                        assess_at: AssessAt::from_code(&assess).ok_or_else(|| corrupt("thời điểm đánh giá", &assess))?,
                        yearly: yearly.remove(&id).unwrap_or_default(),
                        responsible: r.try_get::<Option<i64>, _>("responsible_org_id")?.map(OrgId),
                        parent: r.try_get::<Option<i64>, _>("parent_target_id")?.map(TargetId),
                        position: r.try_get::<i64, _>("position")? as i32,
                    })
                })()?);
            }
            Ok(targets)
        })
    }
}
