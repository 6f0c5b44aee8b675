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

/// How many rows of the log are read and applied at once. A row holds one form's
/// values or up to 10,000 of an import, so a batch holds at most five million values.
const BATCH: i64 = 500;
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

/// Builds the engine from everything in the store, the figures streamed into place.
pub async fn load_engine(store: &Store) -> Result<Engine, StoreError> {
    let mut engine = Engine::build(
        store.list_orgs().await?,
        store.list_documents().await?,
        store.list_targets().await?,
        &[],
        store.list_overrides().await?,
    );
    store.each_figure(|target, period, value| engine.load_figure(target, period, value)).await?;
    engine.recompute_all();
    Ok(engine.with_history(
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

/// How a process's engine came to be.
#[derive(Debug, PartialEq)]
pub enum Start {
    /// From the snapshot, then the change log replayed from its position.
    Snapshot { seq: i64 },
    /// Built from the store; the reason the snapshot was not used, if there was one.
    Rebuilt { snapshot: Option<String> },
}

impl Live {
    /// The engine from the snapshot at `path` when it matches the store (the same
    /// change under its number, the same schema), caught up on the change log since;
    /// otherwise built from the store. A snapshot is only ever a shortcut: the store
    /// stays the truth.
    pub async fn start(store: &Store, path: Option<&std::path::Path>) -> Result<(Live, Start), StoreError> {
        let Some(path) = path.filter(|p| p.exists()) else {
            return Ok((Live::load(store).await?, Start::Rebuilt { snapshot: None }));
        };
        let owned = path.to_path_buf();
        let started = std::time::Instant::now();
        // A snapshot that cannot be read, even one that makes the reading fail, only
        // means a rebuild.
        let read = tokio::task::spawn_blocking(move || Engine::read_snapshot(&owned)).await;
        let refused = match read {
            Err(failed) => format!("đọc bản chụp thất bại: {failed}"),
            Ok(Err(e)) => e.to_string(),
            Ok(Ok((engine, stamp))) => {
                let same_change = store.change_at(stamp.seq).await? == Some(stamp.at);
                let same_schema = store.schema_version().await? == stamp.schema;
                if same_change && same_schema {
                    let read_ms = started.elapsed().as_millis() as u64;
                    let live = Live::with(engine, stamp.seq);
                    live.catch_up(store).await?;
                    let ms = started.elapsed().as_millis() as u64;
                    tracing::info!(seq = stamp.seq, read_ms, ms, "the engine started from its snapshot");
                    return Ok((live, Start::Snapshot { seq: stamp.seq }));
                }
                if same_schema {
                    "bản chụp không khớp lịch sử của cơ sở dữ liệu"
                } else {
                    "lược đồ đã đổi"
                }
                .to_string()
            }
        };
        tracing::warn!(path = %path.display(), reason = %refused, "the engine's snapshot is not used; rebuilding");
        Ok((Live::load(store).await?, Start::Rebuilt { snapshot: Some(refused) }))
    }

    /// Builds the search box's index when the engine came from a snapshot, which leaves
    /// it out: dashboards answer at once, the search box a few seconds later.
    pub fn index_search(self: &Arc<Self>) {
        if self.read().search_ready() {
            return;
        }
        let live = self.clone();
        tokio::task::spawn_blocking(move || {
            let entries = live.read().search_entries();
            // Waiting for the write lock while a snapshot is written would hold up every
            // reader behind it: take the catch-up's turn first, as a change would.
            let _one = live.applying.blocking_lock();
            let mut guard = live.synced.write().unwrap_or_else(|e| e.into_inner());
            // A rebuild meanwhile brought its own.
            if !guard.engine.search_ready() {
                guard.engine.set_search(entries);
            }
        });
    }

    /// Writes the engine to `path` as of its position, while no change is applied;
    /// readers go on meanwhile. Nothing is written before the first change.
    pub async fn write_snapshot(
        self: &Arc<Self>,
        store: &Store,
        path: &std::path::Path,
    ) -> Result<Option<i64>, StoreError> {
        let _one = self.applying.lock().await;
        let seq = self.position();
        let Some(at) = store.change_at(seq).await? else { return Ok(None) };
        let stamp = engine::Stamp { seq, at, schema: store.schema_version().await? };
        let (live, path) = (self.clone(), path.to_path_buf());
        tokio::task::spawn_blocking(move || live.read().write_snapshot(&path, &stamp))
            .await
            .map_err(|e| StoreError::Config(e.to_string()))?
            .map_err(|e| StoreError::Config(e.to_string()))?;
        Ok(Some(seq))
    }

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
