//! List pages split into pages of `per_page` items, with a window of
//! page links.

use crate::derive::urls::Urls;
use crate::derive::{Deriver, Shared, TemplateValue};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A list page before it is split: what every page of it shares.
pub(crate) struct ListPage<'x> {
    pub lang: &'x str,
    /// The first page's URL; page n (n ≥ 2) is `{url}{page segment}/n/`.
    pub url: &'x str,
    pub template: &'x str,
    pub title: &'x str,
    pub crumbs: Vec<(String, String)>,
    /// Context every page gets (`pagination` is added per page).
    pub extra: Value,
    /// Tera values every page gets.
    pub shared: Shared,
}

impl ListPage<'_> {
    /// The URL of page `i` (0-based).
    pub(crate) fn page_url(&self, seg: &str, i: usize) -> String {
        Self::url_of(self.url, seg, i)
    }

    /// The URL of page `i` (0-based) of the list whose first page is `url`.
    pub(crate) fn url_of(url: &str, seg: &str, i: usize) -> String {
        if i == 0 {
            url.to_string()
        } else {
            format!("{url}{seg}/{}/", i + 1)
        }
    }
}

impl<'a, 'e> Deriver<'a, 'e> {
    /// Pushes a list page split into pages of `per_page` items, given to
    /// the template as `items`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn paginated(
        &mut self,
        lang: &str,
        base_url: &str,
        template: &str,
        title: &str,
        crumbs: Vec<(String, String)>,
        items: Vec<TemplateValue>,
        extra: Value,
        shared: Shared,
        alt: impl Fn(&Urls) -> String,
    ) {
        let list = ListPage {
            lang,
            url: base_url,
            template,
            title,
            crumbs,
            extra,
            shared,
        };
        let per = self.cfg.per_page;
        self.paginate(list, items, per, alt, |chunk, _| {
            vec![("items", TemplateValue::from(chunk.to_vec()))]
        });
    }

    /// Pushes `list` split into pages of `per` items; `shape` turns one
    /// page's items (and the page's 0-based index) into what its template
    /// reads. Every page gets `pagination` (current, total, prev/next,
    /// a window of page links) and a sitemap row; only the first has
    /// language alternates (the others' counterparts need not exist).
    pub(crate) fn paginate<T>(
        &mut self,
        list: ListPage<'_>,
        items: Vec<T>,
        per: usize,
        alt: impl Fn(&Urls) -> String,
        shape: impl Fn(&[T], usize) -> Shared,
    ) {
        let per = per.max(1);
        let total_items = items.len();
        let n = total_items.div_ceil(per).max(1);
        let seg = self.cfg.section("page", list.lang);
        for i in 0..n {
            let chunk = &items[(i * per).min(total_items)..((i + 1) * per).min(total_items)];
            let mut ctx = list.extra.clone();
            let pag = json!({
                "current": i + 1, "total": n, "total_items": total_items,
                "prev": (i > 0).then(|| list.page_url(&seg, i - 1)),
                "next": (i + 1 < n).then(|| list.page_url(&seg, i + 1)),
                "pages": page_window(i, n).into_iter().map(|j| match j {
                    Some(j) => json!({"n": j + 1, "url": list.page_url(&seg, j), "current": j == i}),
                    None => json!({"gap": true}),
                }).collect::<Vec<_>>(),
            });
            if let Some(m) = ctx.as_object_mut() {
                m.insert("pagination".into(), pag);
            }
            let mut page_shared = list.shared.clone();
            page_shared.extend(shape(chunk, i));
            let alternates = if i == 0 {
                self.alternates_for(&alt)
            } else {
                BTreeMap::new()
            };
            let t = if i == 0 {
                list.title.to_string()
            } else {
                format!("{} ({}/{n})", list.title, i + 1)
            };
            let url = list.page_url(&seg, i);
            self.push_shared(
                list.lang,
                &url,
                list.template,
                &t,
                list.crumbs.clone(),
                alternates,
                ctx,
                page_shared,
            );
        }
    }
}

/// Which page links a list page shows (0-based; `None` is a gap "…"):
/// the first and last page and two either side of the current one. Linking
/// every page made each of 300 pages of a 10 000-sprint list carry 300
/// links — quadratic output, and a long tab stop list for keyboard users.
pub fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let lo = current.saturating_sub(2);
    let hi = (current + 2).min(total.saturating_sub(1));
    let mut out = Vec::new();
    let mut last: Option<usize> = None;
    for j in (0..total).filter(|&j| j == 0 || j + 1 == total || (lo..=hi).contains(&j)) {
        if let Some(l) = last {
            match j - l {
                1 => {}
                2 => out.push(Some(l + 1)), // a gap of one page: show the page
                _ => out.push(None),
            }
        }
        out.push(Some(j));
        last = Some(j);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_window_keeps_ends_and_neighbours() {
        let show = |c, t| {
            page_window(c, t)
                .iter()
                .map(|p| p.map_or("…".to_string(), |j| (j + 1).to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(0, 1), "1");
        assert_eq!(show(0, 5), "1 2 3 4 5");
        assert_eq!(show(0, 10), "1 2 3 … 10");
        assert_eq!(show(5, 12), "1 … 4 5 6 7 8 … 12");
        assert_eq!(show(5, 10), "1 … 4 5 6 7 8 9 10");
        assert_eq!(show(3, 10), "1 2 3 4 5 6 … 10"); // a one-page gap shows the page
        assert_eq!(show(9, 300), "1 … 8 9 10 11 12 … 300");
        assert_eq!(show(299, 300), "1 … 298 299 300");
    }
}
