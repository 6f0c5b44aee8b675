//! Generated data for benchmarks, written by the database itself: a whole tree of
//! units, each with one resolution whose targets are cascaded from its parent's, and a
//! value for every grassroots target in every period. Nobody typed any of it, so it
//! has no audit rows; it goes into an empty database only.

use sqlx::AssertSqlSafe;

use domain::Target;

use crate::{Actor, Change, NewDocument, Result, Store, StoreError, on_tx};

/// The shape of a generated tree: how many units each level holds, the first level
/// being the one top unit. Each level's units are spread evenly over the level above.
pub struct SampleShape<'a> {
    pub levels: &'a [usize],
    /// The name of a unit of each level, completed by its number ("Xã 17").
    pub names: &'a [&'a str],
    pub kind: &'a str,
    /// The resolution every unit gets (its `org` is ignored).
    pub document: NewDocument<'a>,
    /// The top unit's targets (their document, org, parent and responsible unit are
    /// ignored).
    pub targets: &'a [Target],
    /// The periods that get a value for every grassroots target.
    pub periods: &'a [String],
}

/// What a generated tree holds.
pub struct Sample {
    /// Organisation ids of each level, first to last.
    pub levels: Vec<std::ops::Range<i64>>,
    /// Values written.
    pub values: u64,
}

impl Store {
    /// Builds a sample of `shape` in one transaction. Refused unless the database holds
    /// no organisation yet.
    pub async fn generate_sample(&self, shape: &SampleShape<'_>) -> Result<Sample> {
        let actor = Actor::system();
        let mut tx = self.begin().await?;
        let (orgs,): (i64,) = on_tx!(&mut tx, c => sqlx::query_as("SELECT COUNT(*) FROM orgs").fetch_one(c).await?);
        if orgs > 0 {
            return Err(StoreError::Refused("dữ liệu mẫu chỉ tạo trong một cơ sở dữ liệu trống".into()));
        }
        // The copy down the levels carries a target's own columns only.
        let copyable = shape
            .targets
            .iter()
            .all(|t| t.yearly.is_empty() && !matches!(t.rollup, domain::Rollup::WeightedAverage(_)));
        if !copyable || shape.periods.is_empty() || shape.levels.first() != Some(&1) {
            return Err(StoreError::Refused(
                "dữ liệu mẫu cần một đơn vị cấp cao nhất, ít nhất một kỳ, và chỉ tiêu không có mục tiêu từng năm hay trọng số"
                    .into(),
            ));
        }
        tx.put_org_kind(shape.kind, "Đơn vị").await?;
        // Units level by level, ids given in order: a level's ids follow the one above.
        let mut levels = Vec::new();
        let mut next = 1i64;
        for (depth, &count) in shape.levels.iter().enumerate() {
            let parents = levels.last().cloned().unwrap_or(0..0);
            let name = shape.names.get(depth).copied().unwrap_or("Đơn vị");
            let rows: Vec<(i64, Option<i64>, String, i64)> = (0..count)
                .map(|i| {
                    // Spread evenly: child i of `count` goes to parent i × parents / count.
                    let parent = (!parents.is_empty())
                        .then(|| parents.start + (i as i64 * (parents.end - parents.start)) / count as i64);
                    (next + i as i64, parent, format!("{name} {}", i + 1), i as i64)
                })
                .collect();
            for chunk in rows.chunks(500) {
                let sql = format!(
                    "INSERT INTO orgs (kind, id, parent_id, name, name_folded, position) VALUES {}",
                    crate::value_rows(chunk.len(), 1, 5)
                );
                on_tx!(&mut tx, c => {
                    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(shape.kind);
                    for (id, parent, name, position) in chunk {
                        q = q.bind(id).bind(parent).bind(name).bind(vn::fold(name)).bind(position);
                    }
                    q.execute(c).await?.rows_affected()
                });
            }
            levels.push(next..next + count as i64);
            next += count as i64;
        }
        // One resolution per unit, numbered as its unit.
        let d = &shape.document;
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO documents (id, org_id, doc_type, title, term_start, term_end, grain, bands)
             SELECT id, id, $1, $2, $3, $4, $5, $6 FROM orgs")
            .bind(d.doc_type).bind(d.title).bind(i64::from(d.term.0)).bind(i64::from(d.term.1))
            .bind(d.grain.code()).bind(d.bands.code())
            .execute(c).await?.rows_affected());
        if matches!(self.db, crate::Db::Pg(_)) {
            for table in ["orgs", "documents"] {
                let sql =
                    format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
                on_tx!(&mut tx, c => sqlx::query(AssertSqlSafe(sql)).execute(c).await?.rows_affected());
            }
        }
        // The top unit's targets through the ordinary path, then each level's copied
        // from the level above by one statement.
        let top = levels.first().map_or(1, |l| l.start);
        for t in shape.targets {
            let t = Target {
                document: domain::DocumentId(top),
                org: domain::OrgId(top),
                parent: None,
                responsible: None,
                ..t.clone()
            };
            tx.insert_target(&actor, &t).await?;
        }
        // As for the figures below: the keys each copied target points at are checked,
        // and its indexes built, once for all rows rather than row by row.
        let pg = matches!(self.db, crate::Db::Pg(_));
        if pg {
            for sql in [
                "ALTER TABLE targets DROP CONSTRAINT targets_document_id_fkey, DROP CONSTRAINT targets_org_id_fkey,
                   DROP CONSTRAINT targets_parent_target_id_fkey",
                "DROP INDEX targets_document_idx, targets_parent_idx",
            ] {
                on_tx!(&mut tx, c => sqlx::query(sql).execute(c).await?.rows_affected());
            }
        }
        for level in levels.iter().skip(1) {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO targets (document_id, org_id, family_id, code, field, name, unit, op, lo, hi, measure,
                                      direction, accrual, rollup, assess_at, parent_target_id, position)
                 SELECT o.id, o.id, p.family_id, p.code, p.field, p.name, p.unit, p.op, p.lo, p.hi, p.measure,
                        p.direction, p.accrual, p.rollup, p.assess_at, p.id, p.position
                 FROM orgs o CROSS JOIN targets p
                 WHERE o.id >= $1 AND o.id < $2 AND p.document_id = o.parent_id
                 ORDER BY o.id, p.position")
                .bind(level.start).bind(level.end)
                .execute(c).await?.rows_affected());
        }
        if pg {
            for sql in [
                // Keys and indexes are built by sorting every row: in memory, not in runs on disk.
                "SET LOCAL maintenance_work_mem = '1GB'",
                "SET LOCAL work_mem = '256MB'",
                "CREATE INDEX targets_document_idx ON targets (document_id)",
                "CREATE INDEX targets_parent_idx ON targets (parent_target_id)",
                "ALTER TABLE targets ADD CONSTRAINT targets_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents (id),
                   ADD CONSTRAINT targets_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
                   ADD CONSTRAINT targets_parent_target_id_fkey FOREIGN KEY (parent_target_id) REFERENCES targets (id)",
            ] {
                on_tx!(&mut tx, c => sqlx::query(sql).execute(c).await?.rows_affected());
            }
        }
        // A value for every grassroots target in every period, in the figures' key order:
        // a level of its own per target (20–99) that moves a little from quarter to
        // quarter, so that no value is ten times the last, as real figures are not.
        let leaves = levels.last().cloned().unwrap_or(0..0);
        let periods = (0..shape.periods.len()).map(|i| format!("(${}, {i})", i + 2)).collect::<Vec<_>>().join(",");
        let sql = format!(
            "INSERT INTO figures (period, target_id, value, updated_at)
             SELECT p.column1, t.id, ((t.id * 31) % 80 + 20 + (p.column2 * 17) % 7) * {scale}, 0
             FROM (VALUES {periods}) AS p CROSS JOIN targets t WHERE t.org_id >= $1",
            scale = vn::number::SCALE
        );
        // PostgreSQL checks a foreign key and extends the key's index row by row; for
        // millions of rows both are made once afterwards (its "Populating a Database"),
        // inside the same transaction.
        if pg {
            on_tx!(&mut tx, c => sqlx::query(
                "ALTER TABLE figures DROP CONSTRAINT figures_target_id_fkey, DROP CONSTRAINT figures_pkey")
                .execute(c).await?.rows_affected());
        }
        let values = on_tx!(&mut tx, c => {
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(leaves.start);
            for p in shape.periods {
                q = q.bind(p.as_str());
            }
            q.execute(c).await?.rows_affected()
        });
        if pg {
            on_tx!(&mut tx, c => sqlx::query(
                "ALTER TABLE figures ADD CONSTRAINT figures_pkey PRIMARY KEY (target_id, period),
                 ADD CONSTRAINT figures_target_id_fkey FOREIGN KEY (target_id) REFERENCES targets (id)")
                .execute(c).await?.rows_affected());
        }
        tx.log(Change::Structure { what: "dữ liệu mẫu" });
        tx.commit().await?;
        Ok(Sample { levels, values })
    }
}
