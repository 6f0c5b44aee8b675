//! Lists that scale: one page of a long list at a time, with links that keep the
//! list's other filters.

/// What a list's address may ask: which page, which order, which kind.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    /// The page, from 1.
    pub trang: Option<String>,
    /// The column that leads and its direction (see `sorting`).
    pub sap: Option<String>,
    /// Only rows of one kind.
    pub loai: Option<String>,
}

impl ListQuery {
    pub fn page(&self) -> Option<usize> {
        self.trang.as_deref().and_then(|t| t.trim().parse().ok())
    }

    /// The kind asked for, if any.
    pub fn kind(&self) -> Option<&str> {
        self.loai.as_deref().map(str::trim).filter(|k| !k.is_empty())
    }

    /// The list's order and its page of `rows`: sorted by `compare` as the address asks
    /// (`default` otherwise), the links built on `path` (which may carry a query of its
    /// own) with the kind kept.
    pub fn arrange<T>(
        &self,
        path: &str,
        default: &str,
        mut rows: Vec<T>,
        compare: impl Fn(&str, &T, &T) -> std::cmp::Ordering,
    ) -> (Vec<T>, crate::pages::sorting::Sort, Pager) {
        let kind = self.kind().map(|k| format!("loai={}&", crate::error::percent_encode(k, b""))).unwrap_or_default();
        let sep = if path.contains('?') { '&' } else { '?' };
        let base = format!("{path}{sep}{kind}");
        let sort = crate::pages::sorting::Sort::parse(self.sap.as_deref(), default, &base);
        sort.apply(&mut rows, compare);
        let leading = if sort.descending { format!("-{}", sort.key) } else { sort.key.clone() };
        let pager = Pager::new(rows.len(), self.page(), &format!("{base}sap={leading}&"));
        (pager.slice(rows), sort, pager)
    }
}

/// Rows on one page of a list.
pub const PER_PAGE: usize = 25;

/// Where a list stands: which page of how many, and the links to its neighbours.
#[derive(Clone, Debug, Default)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    /// The address of the previous and the next page, when there is one.
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The `page`-th page (from 1; out of range is clamped) of `total` rows, its links
    /// built on `base` (a path with the list's other query parameters, `?` included).
    pub fn new(total: usize, page: Option<usize>, base: &str) -> Pager {
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = page.unwrap_or(1).clamp(1, pages);
        let link = |p: usize| format!("{base}trang={p}");
        Pager {
            page,
            pages,
            total,
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }

    /// The rows of this page.
    pub fn slice<T>(&self, rows: Vec<T>) -> Vec<T> {
        rows.into_iter().skip((self.page - 1) * PER_PAGE).take(PER_PAGE).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_clamped_and_linked() {
        let p = Pager::new(70, Some(2), "/orgs/2/inspections?year=2020&");
        assert_eq!((p.page, p.pages), (2, 3));
        assert_eq!(p.previous.as_deref(), Some("/orgs/2/inspections?year=2020&trang=1"));
        assert_eq!(p.next.as_deref(), Some("/orgs/2/inspections?year=2020&trang=3"));
        assert_eq!(p.slice((0..70).collect()), (25..50).collect::<Vec<_>>());
        let last = Pager::new(70, Some(99), "?");
        assert_eq!((last.page, last.next.is_none(), last.slice((0..70).collect()).len()), (3, true, 20));
        assert_eq!(Pager::new(0, None, "?").pages, 1);
    }
}
