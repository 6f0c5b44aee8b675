//! The register of people and the titles they hold in organisations over time: only a
//! name, a title, a unit and a work contact, as the issue allows.

use chrono::NaiveDate;
use sqlx::Row;

use domain::OrgId;

use crate::tasks::day;
use crate::{Actor, Result, Store, StoreError, now_ms, on_db, on_tx};

/// A title held in an organisation, from a day, until a day when it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub id: i64,
    pub person: i64,
    pub full_name: String,
    pub contact: Option<String>,
    pub org: OrgId,
    pub title: String,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
}

impl Position {
    /// "Bí thư Thành ủy Nguyễn Văn Tuấn".
    pub fn label(&self) -> String {
        format!("{} {}", self.title, self.full_name)
    }

    pub fn held_on(&self, day: NaiveDate) -> bool {
        self.from_on <= day && self.to_on.is_none_or(|t| day <= t)
    }
}

impl Store {
    /// Adds a person with a first title in an organisation.
    pub async fn add_person(
        &self,
        actor: &Actor,
        full_name: &str,
        contact: &str,
        org: OrgId,
        title: &str,
        from_on: NaiveDate,
    ) -> Result<i64> {
        let (name, title) = (vn::text::clean(full_name), vn::text::clean(title));
        if name.is_empty() || title.is_empty() {
            return Err(StoreError::Refused("Họ tên và chức vụ: cần nhập cả hai.".into()));
        }
        let contact = vn::text::clean_nonempty(contact);
        let mut tx = self.begin().await?;
        let person: i64 = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO people (full_name, contact, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(&name).bind(&contact).bind(now_ms()).fetch_one(c).await?.try_get(0)?);
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO positions (person_id, org_id, title, from_on) VALUES ($1, $2, $3, $4)")
            .bind(person).bind(org.0).bind(&title).bind(from_on.to_string()).execute(c).await?.rows_affected());
        let after = serde_json::json!({"name": name, "org": org.0, "title": title, "from": from_on.to_string()});
        tx.audit(actor, "create", "person", &person.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(person)
    }

    /// Ends a title on a day (a transfer, a new term); the history stays.
    pub async fn end_position(&self, actor: &Actor, position: i64, to_on: NaiveDate) -> Result<()> {
        let mut tx = self.begin().await?;
        let changed = on_tx!(&mut tx, c => sqlx::query(
            "UPDATE positions SET to_on = $1 WHERE id = $2 AND to_on IS NULL AND from_on <= $1")
            .bind(to_on.to_string()).bind(position).execute(c).await?.rows_affected());
        if changed == 0 {
            return Err(StoreError::Refused(
                "Ngày thôi giữ chức vụ: chức vụ đã kết thúc, hoặc ngày sớm hơn ngày bắt đầu.".into(),
            ));
        }
        let after = serde_json::json!({"to": to_on.to_string()});
        tx.audit(actor, "update", "position", &position.to_string(), None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every title ever held, for pages to keep those of a subtree; current ones first.
    pub async fn list_positions(&self) -> Result<Vec<Position>> {
        self.positions_where("TRUE ORDER BY p.to_on IS NOT NULL, p.org_id, p.id", None).await
    }

    pub async fn position(&self, id: i64) -> Result<Position> {
        let found = self.positions_where("p.id = $1", Some(id)).await?.pop();
        found.ok_or(StoreError::NotFound("chức vụ"))
    }

    async fn positions_where(&self, condition: &str, key: Option<i64>) -> Result<Vec<Position>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.person_id, pe.full_name, pe.contact, p.org_id, p.title, p.from_on, p.to_on
             FROM positions p JOIN people pe ON pe.id = p.person_id WHERE {condition}"
        ));
        on_db!(&self.db, p => {
            let mut q = sqlx::query(sql);
            if let Some(k) = key {
                q = q.bind(k);
            }
            q.fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(Position {
                    id: r.try_get("id")?,
                    person: r.try_get("person_id")?,
                    full_name: r.try_get("full_name")?,
                    contact: r.try_get("contact")?,
                    org: OrgId(r.try_get("org_id")?),
                    title: r.try_get("title")?,
                    from_on: day(r.try_get("from_on")?).ok_or_else(|| StoreError::Corrupt("from_on".into()))?,
                    to_on: day(r.try_get("to_on")?),
                }))
                .collect()
        })
    }
}
