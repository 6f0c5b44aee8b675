//! The engine's snapshot for a serving process (decision 0017): read at start, written
//! in the background every few minutes when the engine has moved, and once more on a
//! clean stop, so the next start replays only what changed since.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use store::Store;
use usecase::Live;

/// Where a process keeps its snapshot and the position of the last one written.
#[derive(Clone)]
pub struct Snapshots {
    pub path: PathBuf,
    written: Arc<AtomicI64>,
    /// One write at a time: the last one on a clean stop waits for one under way.
    writing: Arc<tokio::sync::Mutex<()>>,
}

impl Snapshots {
    /// `written`: the position of the snapshot the process started from, if any.
    pub fn new(path: PathBuf, written: Option<i64>) -> Snapshots {
        Snapshots {
            path,
            written: Arc::new(AtomicI64::new(written.unwrap_or(-1))),
            writing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Writes a snapshot when the engine moved since the last one.
    pub async fn write_if_moved(&self, live: &Arc<Live>, store: &Store) {
        let _one = self.writing.lock().await;
        if live.position() <= self.written.load(Ordering::Relaxed) {
            return;
        }
        let started = std::time::Instant::now();
        match live.write_snapshot(store, &self.path).await {
            Ok(Some(seq)) => {
                self.written.store(seq, Ordering::Relaxed);
                tracing::info!(seq, ms = started.elapsed().as_millis() as u64, "wrote the engine's snapshot");
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, path = %self.path.display(), "could not write the engine's snapshot"),
        }
    }

    /// Writes every `every` for as long as the process runs, the first time at once.
    pub fn spawn(&self, live: Arc<Live>, store: Store, every: Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                this.write_if_moved(&live, &store).await;
            }
        });
    }
}

/// How often the snapshot is written: `TIENDO_SNAPSHOT_MINUTES`, 10 by default.
pub fn every() -> anyhow::Result<Duration> {
    let Ok(text) = std::env::var("TIENDO_SNAPSHOT_MINUTES") else { return Ok(Duration::from_secs(600)) };
    let minutes: u64 = text
        .trim()
        .parse()
        .ok()
        .filter(|m| (1..=1440).contains(m))
        .ok_or_else(|| anyhow::anyhow!("TIENDO_SNAPSHOT_MINUTES “{text}”: cần một số phút từ 1 đến 1440"))?;
    Ok(Duration::from_secs(minutes * 60))
}
