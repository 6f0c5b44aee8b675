//! The engine every request reads, kept equal to the store by following the change log
//! (decision 0010): changes are applied in the order they were committed, whichever
//! process made them, five thousand at a time; the writer of a change catches up before
//! it answers, and every process catches up on a timer. A structure change, or a process
//! more than a million changes behind, rebuilds the engine from the store without losing
//! a change committed meanwhile.

use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::Duration;

use domain::Period;
use engine::Engine;
use store::{Change, Store, StoreError};

/// How many changes are read and applied at once.
const BATCH: i64 = 5_000;
/// A process this far behind rebuilds from the store instead of replaying.
const REBUILD_AFTER: i64 = 1_000_000;

/// The engine and the last change it reflects.
struct Synced {
    engine: Engine,
    seq: i64,
}

/// The live engine of one process.
pub struct Live {
    synced: RwLock<Synced>,
    /// One catch-up at a time, so changes are applied once and in order.
    applying: tokio::sync::Mutex<()>,
}

/// A read of the engine; writers wait until it is dropped, so keep it short and never
/// hold it across an `.await`.
pub struct Reading<'a>(RwLockReadGuard<'a, Synced>);

impl std::ops::Deref for Reading<'_> {
    type Target = Engine;

    fn deref(&self) -> &Engine {
        &self.0.engine
    }
}

/// Builds the engine from everything in the store.
pub async fn load_engine(store: &Store) -> Result<Engine, StoreError> {
    let figures: Vec<engine::Figure> = store
        .list_figures()
        .await?
        .into_iter()
        .map(|f| engine::Figure { target: f.target, period: f.period, value: f.value })
        .collect();
    Ok(Engine::build(
        store.list_orgs().await?,
        store.list_documents().await?,
        store.list_targets().await?,
        &figures,
        store.list_overrides().await?,
    )
    .with_history(
        domain::units::History::new(store.list_unit_versions().await?, store.list_unit_events().await?),
        store.list_target_predecessors().await?,
    ))
}

/// The position in the log, then the data: whatever committed in between is both in
/// the data and after the position, and applying it again is harmless.
async fn snapshot(store: &Store) -> Result<Synced, StoreError> {
    let seq = store.last_change().await?;
    let engine = load_engine(store).await?;
    Ok(Synced { engine, seq })
}

fn apply(engine: &mut Engine, change: &Change) {
    match change {
        Change::Figure { target, period, value } => engine.apply_figure(*target, period, *value),
        Change::Override { target, period, set } => {
            if let Ok(p) = Period::parse(period) {
                engine.apply_override(*target, p, set.clone());
            }
        }
        Change::Structure { .. } => {}
    }
}

impl Live {
    /// Loads the engine from the store, positioned on the change log.
    pub async fn load(store: &Store) -> Result<Live, StoreError> {
        Ok(Live { synced: RwLock::new(snapshot(store).await?), applying: tokio::sync::Mutex::new(()) })
    }

    /// Wraps an engine built elsewhere (benchmarks), positioned at `seq`.
    pub fn with(engine: Engine, seq: i64) -> Live {
        Live { synced: RwLock::new(Synced { engine, seq }), applying: tokio::sync::Mutex::new(()) }
    }

    /// Reads the engine. A poisoned lock still holds consistent data (changes are
    /// applied whole), so it is used as is.
    pub fn read(&self) -> Reading<'_> {
        Reading(self.synced.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The last change the engine reflects.
    pub fn position(&self) -> i64 {
        self.read().0.seq
    }

    fn swap(&self, fresh: Synced) {
        *self.synced.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    }

    /// Applies every change committed since the engine's position, in commit order;
    /// rebuilds on a structure change or when too far behind.
    pub async fn catch_up(&self, store: &Store) -> Result<(), StoreError> {
        let _one = self.applying.lock().await;
        loop {
            let seq = self.position();
            let batch = store.changes_since(seq, BATCH).await?;
            let Some(last) = batch.last().map(|l| l.seq) else {
                return Ok(());
            };
            let far_behind = batch.len() as i64 >= BATCH && store.last_change().await? - seq > REBUILD_AFTER;
            let rebuild = far_behind || batch.iter().any(|l| matches!(l.change, Change::Structure { .. }));
            if rebuild {
                tracing::info!(from = seq, to = last, "rebuilding the engine from the store");
                let fresh = snapshot(store).await?;
                self.swap(fresh);
                continue;
            }
            let mut guard = self.synced.write().unwrap_or_else(|e| e.into_inner());
            for logged in &batch {
                apply(&mut guard.engine, &logged.change);
            }
            guard.seq = last;
        }
    }

    /// Catches up every `every` for as long as the process runs.
    pub fn follow(self: Arc<Self>, store: Store, every: Duration) {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = self.catch_up(&store).await {
                    tracing::warn!(error = %e, "could not follow the change log");
                }
            }
        });
    }
}
