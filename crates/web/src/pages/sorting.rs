//! Tables sorted by any column: the column and direction travel in the address
//! (`sap=ten`, `sap=-ten` for descending), each heading links to its own order, and
//! `aria-sort` tells a screen reader which column leads.

use std::cmp::Ordering;

/// How a table is sorted: by which column, which way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub key: String,
    pub descending: bool,
    /// The address of the table with its other parameters, ending in `?` or `&`.
    base: String,
}

impl Sort {
    /// The order `raw` asks for ("ten", "-hang"), or `default` when empty.
    pub fn parse(raw: Option<&str>, default: &str, base: &str) -> Sort {
        let raw = raw.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(default);
        let (descending, key) = match raw.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, raw),
        };
        Sort { key: key.to_string(), descending, base: base.to_string() }
    }

    /// The address that sorts by `key`: the other way round when it already leads.
    pub fn link(&self, key: &str) -> String {
        let desc = self.key == key && !self.descending;
        format!("{}sap={}{key}", self.base, if desc { "-" } else { "" })
    }

    /// "ascending", "descending" or "none", for the heading of `key`.
    pub fn aria(&self, key: &str) -> &'static str {
        match (self.key == key, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// Sorts `rows` by the column that leads, through `compare(key, a, b)`; rows the
    /// column holds equal keep their order.
    pub fn apply<T>(&self, rows: &mut [T], compare: impl Fn(&str, &T, &T) -> Ordering) {
        rows.sort_by(|a, b| {
            let o = compare(&self.key, a, b);
            if self.descending { o.reverse() } else { o }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_toggle_and_rows_follow() {
        let s = Sort::parse(Some("-so"), "ten", "/orgs/2/dashboard?period=2020&");
        assert_eq!((s.key.as_str(), s.descending), ("so", true));
        assert_eq!(s.link("so"), "/orgs/2/dashboard?period=2020&sap=so");
        assert_eq!(s.link("ten"), "/orgs/2/dashboard?period=2020&sap=ten");
        assert_eq!((s.aria("so"), s.aria("ten")), ("descending", "none"));
        let mut rows = vec![3, 1, 2];
        s.apply(&mut rows, |_, a, b| a.cmp(b));
        assert_eq!(rows, [3, 2, 1]);
        assert_eq!(Sort::parse(None, "ten", "?").link("ten"), "?sap=-ten");
    }
}
