//! PostgreSQL's `COPY … FROM STDIN` for the largest writes (a national import): rows
//! stream as text in buffers of about a megabyte instead of travelling as bound arrays
//! that the server parses whole, and the figures land in a staging table first so one
//! statement upserts them all.

use sqlx::PgConnection;

/// From this many rows a PostgreSQL write goes through `COPY`; a form's few rows bind.
pub(crate) const COPY_ROWS: usize = 10_000;

/// How many bytes of rows are sent at a time.
const BUFFER: usize = 1 << 20;

/// One row of `COPY`'s text format: fields separated by tabs, `\N` for null.
#[derive(Default)]
pub(crate) struct Row(String);

impl Row {
    /// Appends a field, escaping what the text format gives a meaning to.
    pub(crate) fn text(&mut self, value: Option<&str>) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('\t');
        }
        match value {
            None => self.0.push_str("\\N"),
            Some(v) => {
                for c in v.chars() {
                    match c {
                        '\\' => self.0.push_str("\\\\"),
                        '\t' => self.0.push_str("\\t"),
                        '\n' => self.0.push_str("\\n"),
                        '\r' => self.0.push_str("\\r"),
                        c => self.0.push(c),
                    }
                }
            }
        }
        self
    }

    pub(crate) fn number(&mut self, value: Option<i64>) -> &mut Self {
        self.text(value.map(|v| v.to_string()).as_deref())
    }
}

/// Streams `rows` into `statement` (a `COPY … FROM STDIN`) on `conn`.
pub(crate) async fn copy_in(
    conn: &mut PgConnection,
    statement: &str,
    rows: impl Iterator<Item = Row>,
) -> sqlx::Result<u64> {
    let mut copy = conn.copy_in_raw(statement).await?;
    let mut buffer = String::with_capacity(BUFFER + 4096);
    for row in rows {
        buffer.push_str(&row.0);
        buffer.push('\n');
        if buffer.len() >= BUFFER {
            if let Err(e) = copy.send(buffer.as_bytes()).await {
                let _ = copy.abort("tiendo: gửi dữ liệu thất bại").await;
                return Err(e);
            }
            buffer.clear();
        }
    }
    if !buffer.is_empty()
        && let Err(e) = copy.send(buffer.as_bytes()).await
    {
        let _ = copy.abort("tiendo: gửi dữ liệu thất bại").await;
        return Err(e);
    }
    copy.finish().await
}

#[cfg(test)]
mod tests {
    use super::Row;

    #[test]
    fn text_fields_escape_what_copy_reads_as_marks() {
        let mut row = Row::default();
        row.number(Some(7)).text(None).text(Some("a\tb\\c\nd"));
        assert_eq!(row.0, "7\t\\N\ta\\tb\\\\c\\nd");
    }
}
