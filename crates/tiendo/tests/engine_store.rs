//! The engine kept current by writes equals a full recompute from the store, on every
//! engine the tests can reach.

use domain::{Decimal, TargetId};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use store::{Actor, Store, store_test};
use tiendo::{demo, setup};

async fn random_writes_match_a_rebuild(store: Store) {
    demo::seed(&store).await.unwrap();
    let mut engine = setup::load_engine(&store).await.unwrap();
    let targets: Vec<TargetId> = store.list_targets().await.unwrap().iter().map(|t| t.id).collect();
    let periods = ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2021-Q2", "2025-Q4"];
    let mut rng = SmallRng::seed_from_u64(20_200_918);
    for round in 0..60 {
        let period = periods[rng.random_range(0..periods.len())];
        let entries: Vec<(TargetId, Option<Decimal>)> = (0..8)
            .map(|_| {
                let t = targets[rng.random_range(0..targets.len())];
                let v = (rng.random_range(0..8) > 0).then(|| Decimal::from_f64(rng.random_range(0.0..500.0)));
                (t, v)
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<_> = entries.into_iter().filter(|(t, _)| seen.insert(*t)).collect();
        for c in store.write_figures(&Actor::system(), period, &entries).await.unwrap() {
            engine.apply_figure(c.target, &c.period, c.after);
        }
        if round % 20 == 19 {
            let rebuilt = setup::load_engine(&store).await.unwrap();
            assert_eq!(engine.diff(&rebuilt), None, "after {} forms", round + 1);
        }
    }
}
store_test!(random_writes_match_a_rebuild, super::random_writes_match_a_rebuild);

/// A process started from a snapshot and the change log replayed since holds what a
/// process built from the store holds; a snapshot of another history, of another
/// schema, cut short or damaged is set aside and the engine rebuilt.
async fn a_snapshot_and_the_log_replayed_equal_a_rebuild(store: Store) {
    use std::sync::Arc;
    use usecase::{Live, Start};
    demo::seed(&store).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("engine.snapshot");
    let (live, start) = Live::start(&store, Some(&path)).await.unwrap();
    assert_eq!(start, Start::Rebuilt { snapshot: None }, "no snapshot yet");
    let live = Arc::new(live);
    let seq = live.write_snapshot(&store, &path).await.unwrap().expect("the demo's changes are in the log");

    // Forms after the snapshot, one of them clearing a value.
    let targets: Vec<TargetId> = store.list_targets().await.unwrap().iter().map(|t| t.id).collect();
    for (k, period) in ["2020-Q3", "2020-Q4", "2021-Q1"].iter().enumerate() {
        let entries: Vec<(TargetId, Option<Decimal>)> = targets
            .iter()
            .take(12)
            .enumerate()
            .map(|(i, t)| (*t, (i != k).then(|| Decimal::from_int((i * 7 + k) as i64))))
            .collect();
        store.write_figures(&Actor::system(), period, &entries).await.unwrap();
    }
    let (resumed, start) = Live::start(&store, Some(&path)).await.unwrap();
    assert_eq!(start, Start::Snapshot { seq });
    assert_eq!(resumed.position(), store.last_change().await.unwrap());
    let rebuilt = setup::load_engine(&store).await.unwrap();
    assert_eq!(resumed.read().diff(&rebuilt), None, "snapshot and replay equal a rebuild");

    // Stamps of another history, of a backup restored behind the snapshot, of another
    // schema: each set aside.
    let at = store.change_at(seq).await.unwrap().unwrap();
    let schema = store.schema_version().await.unwrap();
    for stamp in [
        engine::Stamp { seq, at: at + 1, schema },
        engine::Stamp { seq: seq + 1_000_000, at, schema },
        engine::Stamp { seq, at, schema: schema - 1 },
    ] {
        rebuilt.write_snapshot(&path, &stamp).unwrap();
        let (live, start) = Live::start(&store, Some(&path)).await.unwrap();
        assert!(matches!(start, Start::Rebuilt { snapshot: Some(_) }), "{stamp:?}: {start:?}");
        assert_eq!(live.read().diff(&rebuilt), None);
    }
    // Cut short, or one byte changed.
    resumed.read().write_snapshot(&path, &engine::Stamp { seq: resumed.position(), at, schema }).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    for damaged in [bytes[..bytes.len() / 2].to_vec(), {
        let mut b = bytes.clone();
        let i = b.len() / 3;
        b[i] ^= 1;
        b
    }] {
        std::fs::write(&path, &damaged).unwrap();
        let (live, start) = Live::start(&store, Some(&path)).await.unwrap();
        assert!(matches!(start, Start::Rebuilt { snapshot: Some(_) }), "{start:?}");
        assert_eq!(live.read().diff(&rebuilt), None);
    }

    // A structure change after the snapshot: the replay rebuilds, and still agrees.
    let live = Arc::new(Live::start(&store, None).await.unwrap().0);
    let seq = live.write_snapshot(&store, &path).await.unwrap().unwrap();
    let mut tx = store.begin().await.unwrap();
    let root = store.list_orgs().await.unwrap()[0].id;
    tx.insert_org(
        &Actor::system(),
        store::NewOrg { parent: Some(root), name: "Chi bộ mới", kind: "chi_bo", position: 99 },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (resumed, start) = Live::start(&store, Some(&path)).await.unwrap();
    assert_eq!(start, Start::Snapshot { seq });
    assert_eq!(resumed.read().tree.nodes.len(), setup::load_engine(&store).await.unwrap().tree.nodes.len());
}
store_test!(a_snapshot_and_the_log_replayed_equal_a_rebuild, super::a_snapshot_and_the_log_replayed_equal_a_rebuild);
