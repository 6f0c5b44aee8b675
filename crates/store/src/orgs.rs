//! Organisations and their kinds.

use chrono::NaiveDate;
use sqlx::Row;

use domain::{Org, OrgId, OrgKind};

use crate::{Actor, Change, Result, Store, StoreError, Tx, on_db, on_tx};

pub struct NewOrg<'a> {
    pub parent: Option<OrgId>,
    pub name: &'a str,
    pub kind: &'a str,
    pub position: i64,
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl Tx {
    pub async fn put_org_kind(&mut self, code: &str, label: &str) -> Result<()> {
        on_tx!(self, c => sqlx::query(
            "INSERT INTO org_kinds (code, label) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET label = excluded.label")
            .bind(code).bind(label).execute(c).await?.rows_affected());
        Ok(())
    }

    pub async fn insert_org(&mut self, actor: &Actor, org: NewOrg<'_>) -> Result<OrgId> {
        let name = vn::text::clean(org.name);
        let id: i64 = on_tx!(self, c => sqlx::query(
            "INSERT INTO orgs (parent_id, name, name_folded, kind, position) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(org.parent.map(|p| p.0))
            .bind(&name)
            .bind(vn::fold(&name))
            .bind(org.kind)
            .bind(org.position)
            .fetch_one(c).await?.try_get(0)?);
        let after = serde_json::json!({"name": name, "kind": org.kind, "parent": org.parent.map(|p| p.0)}).to_string();
        self.audit(actor, "create", "org", &id.to_string(), None, Some(after)).await?;
        self.log(Change::Structure { what: "tổ chức" });
        Ok(OrgId(id))
    }
}

impl Store {
    /// Every organisation, parents before children within each level, siblings in order.
    pub async fn list_orgs(&self) -> Result<Vec<Org>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT id, parent_id, name, kind, valid_from, valid_to, successor_id, code FROM orgs ORDER BY position, id")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| -> Result<Org> {
                    Ok(Org {
                        id: OrgId(r.try_get("id")?),
                        parent: r.try_get::<Option<i64>, _>("parent_id")?.map(OrgId),
                        name: r.try_get("name")?,
                        kind: r.try_get("kind")?,
                        valid_from: date(r.try_get("valid_from")?),
                        valid_to: date(r.try_get("valid_to")?),
                        successor: r.try_get::<Option<i64>, _>("successor_id")?.map(OrgId),
                        code: r.try_get("code")?,
                    })
                })
                .collect()
        })
    }

    pub async fn list_org_kinds(&self) -> Result<Vec<OrgKind>> {
        on_db!(&self.db, p => {
            sqlx::query("SELECT code, label FROM org_kinds ORDER BY code")
                .fetch_all(p).await?
                .into_iter()
                .map(|r| Ok(OrgKind { code: r.try_get("code")?, label: r.try_get("label")? }))
                .collect()
        })
    }

    pub async fn count_orgs(&self) -> Result<i64> {
        let n: i64 = on_db!(&self.db, p => sqlx::query("SELECT COUNT(*) FROM orgs").fetch_one(p).await?.try_get(0)?);
        Ok(n)
    }

    pub async fn get_org(&self, id: OrgId) -> Result<Org> {
        self.list_orgs().await?.into_iter().find(|o| o.id == id).ok_or(StoreError::NotFound("tổ chức"))
    }
}
