//! PostgreSQL's `COPY … FROM STDIN` for the largest writes (a national import): rows
//! stream as text in buffers of about a megabyte instead of travelling as bound arrays
//! that the server parses whole, and the figures land in a staging table first so one
//! statement upserts them all.

use std::fmt::Write;

use sqlx::PgConnection;

/// From this many rows a PostgreSQL write goes through `COPY`; a form's few rows bind.
pub(crate) const COPY_ROWS: usize = 10_000;

/// How many bytes of rows are sent at a time.
const BUFFER: usize = 1 << 20;

/// One row of `COPY`'s text format being written into the send buffer: fields separated
/// by tabs, `\N` for null.
pub(crate) struct Row<'a> {
    line: &'a mut String,
    first: bool,
}

impl Row<'_> {
    fn field(&mut self) -> &mut String {
        if !std::mem::take(&mut self.first) {
            self.line.push('\t');
        }
        self.line
    }

    /// Appends a field, escaping what the text format gives a meaning to.
    pub(crate) fn text(&mut self, value: Option<&str>) -> &mut Self {
        let line = self.field();
        match value {
            None => line.push_str("\\N"),
            Some(v) => {
                for c in v.chars() {
                    match c {
                        '\\' => line.push_str("\\\\"),
                        '\t' => line.push_str("\\t"),
                        '\n' => line.push_str("\\n"),
                        '\r' => line.push_str("\\r"),
                        c => line.push(c),
                    }
                }
            }
        }
        self
    }

    pub(crate) fn number(&mut self, value: Option<i64>) -> &mut Self {
        match value {
            // Digits and a sign: nothing to escape.
            Some(v) => {
                let _ = write!(self.field(), "{v}");
                self
            }
            None => self.text(None),
        }
    }
}

/// Streams one row per item into `statement` (a `COPY … FROM STDIN`) on `conn`, each
/// written by `write`. On an error the copy is dropped unfinished, which sqlx answers
/// with `CopyFail`, and the caller's transaction rolls back.
pub(crate) async fn copy_in<T>(
    conn: &mut PgConnection,
    statement: &str,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut Row<'_>, T),
) -> sqlx::Result<u64> {
    let mut copy = conn.copy_in_raw(statement).await?;
    let mut buffer = String::with_capacity(BUFFER + 4096);
    for item in items {
        write(&mut Row { line: &mut buffer, first: true }, item);
        buffer.push('\n');
        if buffer.len() >= BUFFER {
            copy.send(buffer.as_bytes()).await?;
            buffer.clear();
        }
    }
    if !buffer.is_empty() {
        copy.send(buffer.as_bytes()).await?;
    }
    copy.finish().await
}

#[cfg(test)]
mod tests {
    use super::Row;

    #[test]
    fn text_fields_escape_what_copy_reads_as_marks() {
        let mut line = String::new();
        Row { line: &mut line, first: true }.number(Some(7)).text(None).text(Some("a\tb\\c\nd"));
        assert_eq!(line, "7\t\\N\ta\\tb\\\\c\\nd");
    }
}
