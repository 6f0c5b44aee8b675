//! The engine on disk, so that a process serving the whole country answers within
//! seconds of starting instead of rebuilding from the store (decision 0017).
//!
//! A file holds a header, the engine and a checksum. The header says which position
//! of the store it reflects (a [`Stamp`]); the caller checks that against the store
//! before using it and replays the change log from there. A file written by another
//! build of tiendo, of another format, cut short or damaged is refused whole, never
//! half read: the store stays the truth and the engine can always be rebuilt from it.

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Engine;

const MAGIC: &[u8; 8] = b"TIENDOE\x01";
/// Changed whenever the engine's fields change, so an older file is never misread.
const FORMAT: u32 = 1;

/// The position of the store a snapshot reflects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The last change of the log the engine holds.
    pub seq: i64,
    /// When that change was committed: a store restored from a backup, or another
    /// store, has another change under the same number.
    pub at: i64,
    /// The store's schema version.
    pub schema: i64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    build: String,
    stamp: Stamp,
}

/// Why a snapshot was not used.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("không đọc/ghi được tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("tệp không phải bản chụp của bộ máy tiendo")]
    NotASnapshot,
    #[error("bản chụp của phiên bản khác ({0})")]
    OtherBuild(String),
    #[error("bản chụp bị hỏng: {0}")]
    Damaged(String),
}

/// This build of tiendo: the format and a checksum of the running program, so that a
/// snapshot is only ever read by the very build that wrote it (any other may lay the
/// engine out otherwise without the format saying so).
fn build() -> String {
    static BUILD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let program = std::env::current_exe().and_then(std::fs::read).map_or(0, |bytes| crc32fast::hash(&bytes));
        format!("{} format {FORMAT} build {program:08x}", env!("CARGO_PKG_VERSION"))
    });
    BUILD.clone()
}

/// A writer that keeps a checksum of what passes through it.
struct Summing<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Engine {
    /// Writes the engine to `path` as of `stamp`: into a file beside it first, synced,
    /// then renamed over it, so a crash leaves the old snapshot or the new one.
    pub fn write_snapshot(&self, path: &Path, stamp: &Stamp) -> Result<(), SnapshotError> {
        let damaged = |e: postcard::Error| SnapshotError::Damaged(e.to_string());
        let header = Header { format: FORMAT, build: build(), stamp: stamp.clone() };
        let header = postcard::to_stdvec(&header).map_err(damaged)?;
        // A name of this process's own: processes sharing a directory never write into
        // each other's file.
        let partial = path.with_extension(format!("partial-{}", std::process::id()));
        let written = Self::write_to(self, &partial, &header);
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written?;
        std::fs::rename(&partial, path)?;
        Ok(())
    }

    fn write_to(&self, partial: &Path, header: &[u8]) -> Result<(), SnapshotError> {
        let damaged = |e: postcard::Error| SnapshotError::Damaged(e.to_string());
        let file = std::fs::File::create(partial)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(MAGIC)?;
        out.write_all(&(header.len() as u32).to_le_bytes())?;
        out.write_all(header)?;
        // The targets first, with their length, then the rest, each with its own
        // checksum at the end: the two halves are read and decoded side by side.
        let targets = postcard::to_stdvec(&self.targets).map_err(damaged)?;
        out.write_all(&(targets.len() as u64).to_le_bytes())?;
        out.write_all(&targets)?;
        let targets_sum = crc32fast::hash(&targets);
        drop(targets);
        let mut body = Summing { inner: out, crc: crc32fast::Hasher::new() };
        postcard::to_io(self, &mut body).map_err(damaged)?;
        let rest_sum = body.crc.finalize();
        let mut out = body.inner;
        out.write_all(&targets_sum.to_le_bytes())?;
        out.write_all(&rest_sum.to_le_bytes())?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    }

    /// The stamp of the snapshot at `path`, read from its header alone.
    pub fn snapshot_stamp(path: &Path) -> Result<Stamp, SnapshotError> {
        let mut file = std::fs::File::open(path)?;
        let mut head = vec![0u8; 12];
        file.read_exact(&mut head)?;
        let size = header_size(&head)?;
        let mut header = vec![0u8; size];
        file.read_exact(&mut header)?;
        Ok(parse_header(&header)?.stamp)
    }

    /// Reads the engine at `path`, whole and checked, with the position it reflects.
    pub fn read_snapshot(path: &Path) -> Result<(Engine, Stamp), SnapshotError> {
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        let mut head = [0u8; 12];
        file.read_exact_at(&mut head, 0).map_err(|_| SnapshotError::NotASnapshot)?;
        let header_len = header_size(&head)? as u64;
        let mut header = vec![0u8; header_len as usize];
        file.read_exact_at(&mut header, 12)?;
        let header = parse_header(&header)?;
        let short = || SnapshotError::Damaged("tệp bị cắt ngắn".into());
        let mut count = [0u8; 8];
        file.read_exact_at(&mut count, 12 + header_len).map_err(|_| short())?;
        let targets_at = 12 + header_len + 8;
        let rest_at = targets_at.checked_add(u64::from_le_bytes(count)).ok_or_else(short)?;
        let sums_at = size.checked_sub(8).filter(|&at| at >= rest_at).ok_or_else(short)?;
        let mut sums = [0u8; 8];
        file.read_exact_at(&mut sums, sums_at)?;
        // Reads a part, checks its sum and decodes it.
        fn part<T: serde::de::DeserializeOwned>(
            file: &std::fs::File,
            range: std::ops::Range<u64>,
            sum: &[u8],
        ) -> Result<T, SnapshotError> {
            let mut bytes = vec![0u8; (range.end - range.start) as usize];
            file.read_exact_at(&mut bytes, range.start)?;
            if crc32fast::hash(&bytes).to_le_bytes() != sum {
                return Err(SnapshotError::Damaged("sai tổng kiểm tra".into()));
            }
            postcard::from_bytes(&bytes).map_err(|e| SnapshotError::Damaged(e.to_string()))
        }
        let (targets, engine) = std::thread::scope(|scope| {
            let targets = scope.spawn(|| part::<Vec<domain::Target>>(&file, targets_at..rest_at, &sums[..4]));
            let engine = part::<Engine>(&file, rest_at..sums_at, &sums[4..]);
            (targets.join().unwrap_or_else(|_| Err(short())), engine)
        });
        let mut engine = engine?;
        engine.targets = targets?;
        engine.families.iter_mut().for_each(crate::Family::restore);
        engine.recompute_all();
        Ok((engine, header.stamp))
    }
}

fn header_size(head: &[u8]) -> Result<usize, SnapshotError> {
    if head.len() < 12 || &head[..8] != MAGIC {
        return Err(SnapshotError::NotASnapshot);
    }
    let size = u32::from_le_bytes([head[8], head[9], head[10], head[11]]) as usize;
    if size > 4096 {
        return Err(SnapshotError::NotASnapshot);
    }
    Ok(size)
}

fn parse_header(bytes: &[u8]) -> Result<Header, SnapshotError> {
    let header: Header = postcard::from_bytes(bytes).map_err(|e| SnapshotError::Damaged(e.to_string()))?;
    if header.format != FORMAT || header.build != build() {
        return Err(SnapshotError::OtherBuild(header.build));
    }
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Engine {
        crate::tests::small_engine()
    }

    #[test]
    fn a_snapshot_reads_back_equal_and_a_damaged_one_is_refused() {
        let dir = std::env::temp_dir().join(format!("tiendo-snapshot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("engine.snapshot");
        let engine = sample();
        let stamp = Stamp { seq: 42, at: 1_700_000_000_000, schema: 22 };
        engine.write_snapshot(&path, &stamp).unwrap();
        assert_eq!(Engine::snapshot_stamp(&path).unwrap(), stamp);
        let (back, read) = Engine::read_snapshot(&path).unwrap();
        assert_eq!(read, stamp);
        assert_eq!(back.diff(&engine), None);
        assert_eq!(back.capacity(), engine.capacity());

        // One flipped byte in the engine's part, a file cut short, or another file.
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x40;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(Engine::read_snapshot(&path), Err(SnapshotError::Damaged(_))));
        bytes[middle] ^= 0x40;
        std::fs::write(&path, &bytes[..bytes.len() - 9]).unwrap();
        assert!(matches!(Engine::read_snapshot(&path), Err(SnapshotError::Damaged(_))));
        std::fs::write(&path, b"not a snapshot at all").unwrap();
        assert!(matches!(Engine::read_snapshot(&path), Err(SnapshotError::NotASnapshot)));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
