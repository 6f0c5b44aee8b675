//! PDF by LibreOffice, where the server has it (`soffice`, or the program named by
//! `TIENDO_SOFFICE`): one conversion at a time, each in its own directory and profile,
//! under a time limit, so a stuck office suite costs one request, never the server.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::AppError;

/// Conversions running at once.
static CONVERTING: Semaphore = Semaphore::const_new(1);
/// Names each conversion's directory within this process.
static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// How long one conversion may take.
const LIMIT: Duration = Duration::from_secs(90);

/// The LibreOffice program, if installed.
fn program() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TIENDO_SOFFICE") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

pub fn available() -> bool {
    program().is_some()
}

fn unavailable(why: &'static str) -> AppError {
    AppError::Case(usecase::Error::Unavailable(why))
}

/// A Word document converted to PDF.
pub async fn convert(docx: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let Some(soffice) = program() else {
        return Err(unavailable(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF; hãy tải bản Word (.docx) hoặc dùng Bản in.",
        ));
    };
    let _turn = CONVERTING.acquire().await.map_err(|_| unavailable("Máy chủ đang dừng."))?;
    let n = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tiendo-pdf-{}-{n}", std::process::id()));
    let result = run(&soffice, &dir, docx).await;
    let _ = tokio::fs::remove_dir_all(&dir).await;
    result
}

async fn run(soffice: &PathBuf, dir: &std::path::Path, docx: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let failed = |e: &dyn std::fmt::Display| AppError::Case(usecase::Error::Internal(format!("LibreOffice: {e}")));
    tokio::fs::create_dir_all(dir).await.map_err(|e| failed(&e))?;
    let input = dir.join("bao-cao.docx");
    tokio::fs::write(&input, docx).await.map_err(|e| failed(&e))?;
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let mut child = tokio::process::Command::new(soffice)
        .arg(profile)
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| failed(&e))?;
    match tokio::time::timeout(LIMIT, child.wait()).await {
        Ok(Ok(status)) if status.success() => {}
        Ok(Ok(status)) => return Err(failed(&status)),
        Ok(Err(e)) => return Err(failed(&e)),
        Err(_) => return Err(unavailable("LibreOffice không chuyển xong trong thời gian cho phép; hãy thử lại sau.")),
    }
    tokio::fs::read(dir.join("bao-cao.pdf")).await.map_err(|e| failed(&e))
}
