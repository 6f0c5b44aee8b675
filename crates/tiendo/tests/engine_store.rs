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
