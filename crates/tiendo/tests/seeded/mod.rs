//! A database seeded with the demo sample and its accounts, on SQLite and on
//! PostgreSQL, for tests that run the `tiendo` program itself against it.

/// Every seeded account's password.
pub const PASSWORD: &str = "hai-tiến-trình";

/// Runs `check` on a seeded SQLite file.
pub fn on_sqlite(check: impl FnOnce(&str)) {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("tiendo.db").to_string_lossy().into_owned();
    tokio::runtime::Runtime::new().unwrap().block_on(seed(&url));
    check(&url);
}

/// Runs `check` on a fresh seeded PostgreSQL database (skipped without one, outside CI).
pub fn on_postgres(check: impl FnOnce(&str)) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some((store, admin, name)) = rt.block_on(store::testing::pg_store()) else {
        return;
    };
    rt.block_on(store.close());
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    rt.block_on(seed(&url));
    check(&url);
    rt.block_on(store::testing::drop_pg(&admin, &name));
}

async fn seed(url: &str) {
    let store = store::connect(url).await.unwrap();
    store::migrate(&store).await.unwrap();
    tiendo::demo::seed(&store).await.expect("sample seeds");
    tiendo::demo::ensure_accounts(&store, PASSWORD).await.expect("accounts");
    store.close().await;
}
