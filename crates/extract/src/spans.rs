//! Byte offsets (what regular expressions give) to character offsets (what facts carry).

pub struct CharMap {
    /// Character index of each byte offset that starts a character, and of the end.
    starts: Vec<(usize, usize)>,
}

impl CharMap {
    pub fn new(text: &str) -> CharMap {
        let mut starts: Vec<(usize, usize)> = text.char_indices().enumerate().map(|(c, (b, _))| (b, c)).collect();
        starts.push((text.len(), starts.len()));
        CharMap { starts }
    }

    /// The character index at byte offset `b` (a character boundary).
    pub fn chars(&self, b: usize) -> usize {
        match self.starts.binary_search_by_key(&b, |(byte, _)| *byte) {
            Ok(i) => self.starts[i].1,
            Err(i) => self.starts[i.saturating_sub(1)].1,
        }
    }
}
