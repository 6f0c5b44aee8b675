//! Reading what a large figure write replaces before it takes SQLite's single writer.
//!
//! SQLite lets one transaction write at a time, so every moment an import spends
//! inside the writer is a moment every form waits. The stored values an import needs
//! (for its audit rows and its list of changes) are read beforehand in a read
//! snapshot, together with the change log's position; once inside the writer, the few
//! changes the log gained since then are applied to them. The result equals reading
//! inside the writer, because every write to a figure is in the log (decision 0015).

use std::collections::HashMap;

use crate::{Change, Db, Result, Store, Tx, TxConn};
use domain::{Decimal, TargetId};

/// Values written at once from which reading ahead pays: below it the read is short.
const READ_AHEAD_FROM: usize = 1_000;

/// Stored values of some targets per period, as of one position of the change log.
pub(crate) struct ReadAhead {
    seq: i64,
    stored: HashMap<String, HashMap<TargetId, Decimal>>,
}

impl Store {
    /// The stored values of `wanted` (targets per period), read in one snapshot before
    /// writing; `None` on PostgreSQL, whose writers do not wait for each other, and for
    /// small writes.
    pub(crate) async fn read_ahead(&self, wanted: &[(&str, Vec<TargetId>)]) -> Result<Option<ReadAhead>> {
        let Db::Sqlite(pool) = &self.db else { return Ok(None) };
        if wanted.iter().map(|(_, t)| t.len()).sum::<usize>() < READ_AHEAD_FROM {
            return Ok(None);
        }
        // A deferred transaction: one snapshot for the position and the values.
        let mut tx = Tx { conn: TxConn::Sqlite(pool.begin().await?), changes: Vec::new(), _turn: None };
        let seq = tx.last_change().await?;
        let mut stored = HashMap::new();
        for (period, targets) in wanted {
            stored.insert(period.to_string(), tx.figures_of(targets, period).await?);
        }
        Ok(Some(ReadAhead { seq, stored }))
    }
}

impl ReadAhead {
    /// The values as the writer `tx` sees them: those read ahead with the log's later
    /// changes applied. `None` when the structure changed meanwhile; the caller reads
    /// again inside the writer.
    pub(crate) async fn inside(mut self, tx: &mut Tx) -> Result<Option<HashMap<String, HashMap<TargetId, Decimal>>>> {
        for logged in tx.changes_since(self.seq).await? {
            match logged.change {
                Change::Figure { target, period, value } => {
                    if let Some(values) = self.stored.get_mut(&period) {
                        match value {
                            Some(v) => values.insert(target, v),
                            None => values.remove(&target),
                        };
                    }
                }
                Change::Override { .. } => {}
                Change::Structure { .. } => return Ok(None),
            }
        }
        Ok(Some(self.stored))
    }
}

#[cfg(test)]
mod tests {
    use crate::Actor;
    use crate::testing::{sqlite_store, tree};

    #[tokio::test]
    async fn values_read_ahead_catch_up_with_the_log() {
        let (store, _dir) = sqlite_store().await;
        let (_, _, _, t) = tree(&store).await;
        let value = domain::Decimal::from_int;
        store.write_figures(&Actor::system(), "2020-Q1", &[(t, Some(value(1)))]).await.unwrap();
        let many = [("2020-Q1", vec![t; super::READ_AHEAD_FROM])];
        let few = [("2020-Q1", vec![t; 10])];
        assert!(store.read_ahead(&few).await.unwrap().is_none(), "a small write reads inside the writer");

        // A form lands between the read and the writer: the writer sees its value.
        let ahead = store.read_ahead(&many).await.unwrap().expect("a large write reads ahead");
        store.write_figures(&Actor::system(), "2020-Q1", &[(t, Some(value(2)))]).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let seen = ahead.inside(&mut tx).await.unwrap().expect("no structure change");
        assert_eq!(seen["2020-Q1"].get(&t), Some(&value(2)));
        drop(tx);

        // A cleared value is gone; a structure change makes the writer read again.
        let ahead = store.read_ahead(&many).await.unwrap().unwrap();
        store.write_figures(&Actor::system(), "2020-Q1", &[(t, None)]).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        assert!(ahead.inside(&mut tx).await.unwrap().unwrap()["2020-Q1"].is_empty());
        drop(tx);
        let ahead = store.read_ahead(&many).await.unwrap().unwrap();
        store.bulk_load_figures(&[]).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        assert!(ahead.inside(&mut tx).await.unwrap().is_none());
    }
}
