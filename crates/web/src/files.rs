//! Uploaded files are read off the request threads, two at a time at most, each under
//! the reading budget (`sheet::BUDGET`): a hostile file costs one bounded worker, never
//! the server.

use sheet::SheetError;
use tokio::sync::Semaphore;

/// How many files are being read at once, across all requests.
static READING: Semaphore = Semaphore::const_new(2);

async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SheetError> + Send + 'static,
) -> Result<T, SheetError> {
    let _turn = READING.acquire().await.map_err(|_| SheetError::TooLarge("máy chủ đang dừng".into()))?;
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Err(SheetError::TooLarge("không đọc hết được tệp".into())))
}

/// The rows of an uploaded table (.xlsx or .csv).
pub async fn table(name: String, bytes: Vec<u8>) -> Result<Vec<Vec<String>>, SheetError> {
    off_thread(move || sheet::read(&name, &bytes)).await
}

/// The text of an uploaded document (.docx or plain text).
pub async fn document(name: String, bytes: Vec<u8>) -> Result<String, SheetError> {
    off_thread(move || sheet::document_text(&name, &bytes)).await
}
