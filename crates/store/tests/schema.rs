//! The SQLite and PostgreSQL migrations are written twice; this checks that they
//! describe the same tables, columns (and whether each may be empty), unique
//! constraints, foreign keys and indexes.

use std::collections::BTreeSet;

use sqlx::{Row, SqlitePool};

/// One fact of a schema, comparable across engines.
type Facts = BTreeSet<String>;

async fn sqlite_facts(p: &SqlitePool) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(p)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    for t in &tables {
        facts.insert(format!("table {t}"));
        for r in
            sqlx::query("SELECT name, \"notnull\", pk FROM pragma_table_info($1)").bind(t).fetch_all(p).await.unwrap()
        {
            let (name, notnull, pk): (String, i64, i64) = (r.get(0), r.get(1), r.get(2));
            let null = if notnull == 1 || pk > 0 { "not null" } else { "null" };
            facts.insert(format!("column {t}.{name} {null}"));
        }
        for r in sqlx::query("SELECT \"table\", \"from\" FROM pragma_foreign_key_list($1)")
            .bind(t)
            .fetch_all(p)
            .await
            .unwrap()
        {
            let (to, from): (String, String) = (r.get(0), r.get(1));
            facts.insert(format!("foreign key {t}.{from} -> {to}"));
        }
        for r in
            sqlx::query("SELECT name FROM pragma_index_list($1) WHERE origin = 'u'").bind(t).fetch_all(p).await.unwrap()
        {
            let index: String = r.get(0);
            let mut cols: Vec<String> = sqlx::query("SELECT name FROM pragma_index_info($1)")
                .bind(&index)
                .fetch_all(p)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            cols.sort();
            facts.insert(format!("unique {t}({})", cols.join(",")));
        }
    }
    for r in sqlx::query("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .fetch_all(p)
        .await
        .unwrap()
    {
        let (name, table): (String, String) = (r.get(0), r.get(1));
        facts.insert(format!("index {name} on {table}"));
    }
    facts
}

async fn postgres_facts(p: &sqlx::PgPool) -> Facts {
    let mut facts = Facts::new();
    let rows = |sql: &'static str| async move { sqlx::query(sql).fetch_all(p).await.unwrap() };
    for r in rows(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .await
    {
        facts.insert(format!("table {}", r.get::<String, _>(0)));
    }
    for r in rows(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .await
    {
        let (t, c, n): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        facts.insert(format!("column {t}.{c} {}", if n == "YES" { "null" } else { "not null" }));
    }
    for r in rows(
        "SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace",
    )
    .await
    {
        let (t, from, to): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        facts.insert(format!("foreign key {t}.{from} -> {to}"));
    }
    for r in rows(
        "SELECT c.conrelid::regclass::text, string_agg(a.attname::text, ',' ORDER BY a.attname::text) FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
         WHERE c.contype = 'u' AND c.connamespace = 'public'::regnamespace GROUP BY c.oid, c.conrelid",
    )
    .await
    {
        let (t, cols): (String, String) = (r.get(0), r.get(1));
        facts.insert(format!("unique {t}({cols})"));
    }
    for r in rows(
        "SELECT indexname::text, tablename::text FROM pg_indexes WHERE schemaname = 'public'
         AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .await
    {
        let (name, table): (String, String) = (r.get(0), r.get(1));
        facts.insert(format!("index {name} on {table}"));
    }
    facts
}

#[tokio::test]
async fn both_engines_describe_the_same_schema() {
    let (lite, _dir) = store::testing::sqlite_store().await;
    let Some((pg, admin, name)) = store::testing::pg_store().await else {
        return;
    };
    let (store::Db::Sqlite(l), store::Db::Pg(p)) = (&lite.db, &pg.db) else {
        panic!("one store of each engine");
    };
    let (a, b) = (sqlite_facts(l).await, postgres_facts(p).await);
    pg.close().await;
    store::testing::drop_pg(&admin, &name).await;
    let only_sqlite: Vec<_> = a.difference(&b).collect();
    let only_postgres: Vec<_> = b.difference(&a).collect();
    eprintln!("schema facts: {} on SQLite, {} on PostgreSQL", a.len(), b.len());
    assert!(a.len() > 100, "the schema was read: {} facts", a.len());
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
}
