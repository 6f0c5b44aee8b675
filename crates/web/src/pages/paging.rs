//! Lists that scale: one page of a long list at a time, with links that keep the
//! list's other filters.

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
