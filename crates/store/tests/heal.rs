//! A connection whose transaction ended badly is never handed out again: later writes go
//! through without a restart. The faults are made the ways SQLite makes them: a foreign
//! key checked only at commit, and a statement that rolls the whole transaction back by
//! itself (as SQLite does when the disk fills or the file becomes unwritable).

use domain::{Decimal, TargetId};
use store::{Actor, Store};

async fn failed_commit(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.raw("PRAGMA defer_foreign_keys = ON").await.unwrap();
    tx.write_figures(&Actor::system(), "2020-Q1", &[(TargetId(999_999), Some(Decimal::from_int(1))).into()])
        .await
        .unwrap();
    assert!(tx.commit().await.is_err(), "the commit fails on the foreign key");
}

async fn rolled_back_underneath(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    tx.put_org_kind("trung", "Trùng").await.unwrap();
    let fault = tx.raw("INSERT OR ROLLBACK INTO org_kinds (code, label) VALUES ('trung', 'Trùng lần hai')").await;
    assert!(fault.is_err(), "the statement fails and rolls back");
}

#[tokio::test]
async fn writes_resume_after_a_failed_commit() {
    let (store, _dir) = store::testing::sqlite_store().await;
    for _ in 0..3 {
        failed_commit(&store).await;
        rolled_back_underneath(&store).await;
    }
    let mut failures = Vec::new();
    for i in 0..24 {
        let mut tx = store.begin().await.unwrap_or_else(|e| panic!("write {i} cannot begin: {e}"));
        if let Err(e) = tx.put_org_kind(&format!("kind_{i}"), "Loại thử").await {
            failures.push(format!("{i}: {e}"));
            continue;
        }
        if let Err(e) = tx.commit().await {
            failures.push(format!("{i}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A database that cannot be written is named as such, not as an internal error.
#[tokio::test]
async fn an_unwritable_database_is_a_fault_of_its_own() {
    let (store, _dir) = store::testing::sqlite_store().await;
    let mut tx = store.begin().await.unwrap();
    tx.raw("PRAGMA query_only = ON").await.unwrap();
    let refused = tx.put_org_kind("chi_doc", "Chỉ đọc").await.unwrap_err();
    assert_eq!(refused.fault(), Some(store::Fault::ReadOnly), "{refused}");
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    tx.raw("PRAGMA query_only = OFF").await.unwrap();
    tx.put_org_kind("ghi_lai", "Ghi lại được").await.unwrap();
    tx.commit().await.unwrap();
}
