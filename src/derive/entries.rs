//! What derivation hands the site-wide outputs ([`crate::outputs`]): a
//! sitemap row per indexable page, the feed entries, and which feeds and
//! open-data exports exist (the pages link them, the outputs write them).

use super::Deriver;
use crate::load::Collection;
use crate::records::Text;
use std::collections::BTreeMap;

/// Entries per feed, newest first.
pub const FEED_ITEMS: usize = 50;

/// The collections with a feed (news and sprints).
pub const FEED_COLLECTIONS: [Collection; 2] = [Collection::News, Collection::Sprints];

/// Collections exported as open data, in this order.
pub const EXPORTS: &[&str] = &[
    "sprints",
    "prototypes",
    "institutions",
    "topics",
    "glossary",
    "guidelines",
    "news",
    "pages",
    "funding",
    "indicators",
];

/// One `<url>` of the sitemap: a page and its translations, packed into
/// one allocation. The sitemap lists every page, and a row of a `String`
/// per URL and per language code was ~370 bytes with the allocator's
/// rounding: 70 MB at 50,000 records, held from the first page derived to
/// the sitemap written. The page's own URL is stored once, as the index
/// of its alternate, when it is one of them (it nearly always is).
#[derive(Clone, PartialEq, Eq)]
pub struct SitemapRow {
    /// `[alternates count][own: index of the alternate, or 255 and its
    /// URL last]`, then each alternate as `[code length][code][URL
    /// length, u32 LE][URL]`.
    packed: Box<[u8]>,
}

/// [`SitemapRow`]'s `own` byte when the page's URL is not an alternate.
const OWN_APART: u8 = u8::MAX;

impl SitemapRow {
    /// The row of the page at `url` (root-relative), with (language,
    /// root-relative URL) of the page in every language. More than 254
    /// alternates, or a language code over 255 bytes, are not kept.
    pub fn new<'s>(url: &str, alternates: impl IntoIterator<Item = (&'s str, &'s str)>) -> Self {
        let alternates: Vec<(&str, &str)> = alternates
            .into_iter()
            .filter(|(l, _)| l.len() <= usize::from(u8::MAX))
            .take(usize::from(OWN_APART) - 1)
            .collect();
        let own = alternates.iter().position(|(_, u)| *u == url);
        let mut b = Vec::with_capacity(
            2 + alternates
                .iter()
                .map(|(l, u)| 5 + l.len() + u.len())
                .sum::<usize>()
                + if own.is_none() { 4 + url.len() } else { 0 },
        );
        b.push(alternates.len() as u8);
        b.push(own.map_or(OWN_APART, |i| i as u8));
        let put_url = |b: &mut Vec<u8>, u: &str| {
            b.extend_from_slice(&(u.len() as u32).to_le_bytes());
            b.extend_from_slice(u.as_bytes());
        };
        for (l, u) in &alternates {
            b.push(l.len() as u8);
            b.extend_from_slice(l.as_bytes());
            put_url(&mut b, u);
        }
        if own.is_none() {
            put_url(&mut b, url);
        }
        SitemapRow {
            packed: b.into_boxed_slice(),
        }
    }

    /// Root-relative URL of the page.
    pub fn url(&self) -> &str {
        let mut r = Reader(&self.packed[2.min(self.packed.len())..]);
        let own = self.packed.get(1).copied().unwrap_or(OWN_APART);
        let mut url = "";
        for i in 0..self.alternates_len() {
            let (_, u) = r.alternate();
            if i == usize::from(own) {
                url = u;
            }
        }
        if own == OWN_APART { r.str32() } else { url }
    }

    /// (language, root-relative URL) of the page in every language.
    pub fn alternates(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut r = Reader(&self.packed[2.min(self.packed.len())..]);
        (0..self.alternates_len()).map(move |_| r.alternate())
    }

    fn alternates_len(&self) -> usize {
        usize::from(self.packed.first().copied().unwrap_or(0))
    }
}

impl std::fmt::Debug for SitemapRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SitemapRow")
            .field("url", &self.url())
            .field("alternates", &self.alternates().collect::<Vec<_>>())
            .finish()
    }
}

/// Reads [`SitemapRow::packed`] front to back. What [`SitemapRow::new`]
/// wrote is whole UTF-8 strings; a short read gives empty ones.
struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> &'b [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }

    fn str(&mut self, n: usize) -> &'b str {
        std::str::from_utf8(self.take(n)).unwrap_or_default()
    }

    fn str32(&mut self) -> &'b str {
        let t = self.take(4);
        let mut len = [0u8; 4];
        len[..t.len()].copy_from_slice(t);
        self.str(u32::from_le_bytes(len) as usize)
    }

    fn alternate(&mut self) -> (&'b str, &'b str) {
        let n = self.take(1).first().copied().unwrap_or(0);
        let lang = self.str(usize::from(n));
        (lang, self.str32())
    }
}

/// A published record page in one language, as a feed lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub collection: &'static str,
    pub slug: String,
    pub lang: String,
    /// Language of the text (differs from `lang` when untranslated).
    pub text_lang: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub date: Option<String>,
    /// Root-relative URLs of this page in every language, by code.
    pub alternates: BTreeMap<String, String>,
}

/// Entries held before the older ones are dropped
/// ([`keep_newest_entries`]).
const ENTRIES_KEPT: usize = 4096;

/// Keeps only the entries a feed can show: the newest
/// [`FEED_ITEMS`] of each collection and language, in the
/// feeds' order (newest first, then by slug). Keeping all was a record
/// page's title, summary and links for every page of a 50 000-sprint site.
fn keep_newest_entries(entries: &mut Vec<Entry>) {
    entries.sort_by(|a, b| {
        (a.collection, &a.lang)
            .cmp(&(b.collection, &b.lang))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let mut kept = 0;
    let mut last: Option<(&'static str, String)> = None;
    entries.retain(|e| {
        if last
            .as_ref()
            .is_none_or(|(c, l)| *c != e.collection || *l != e.lang)
        {
            last = Some((e.collection, e.lang.clone()));
            kept = 0;
        }
        kept += 1;
        kept <= FEED_ITEMS
    });
}

impl<'a, 'e> Deriver<'a, 'e> {
    /// Notes a record page for the feeds, if its collection has one,
    /// keeping only the newest ([`keep_newest_entries`]).
    pub(crate) fn entry(
        &mut self,
        c: Collection,
        slug: &str,
        lang: &str,
        text: &Text,
        url: &str,
        date: Option<String>,
        summary: String,
    ) {
        if !FEED_COLLECTIONS.contains(&c) {
            return;
        }
        let alternates = self.alternates_for(|u| u.record(c, slug));
        if self.entries.len() >= ENTRIES_KEPT {
            keep_newest_entries(&mut self.entries);
        }
        self.entries.push(Entry {
            collection: c.dir(),
            slug: slug.to_string(),
            lang: lang.to_string(),
            text_lang: text.lang.clone(),
            title: text.title.clone(),
            url: url.to_string(),
            summary,
            date,
            alternates,
        });
    }
}

#[cfg(test)]
mod sitemap_row_tests {
    use super::SitemapRow;

    fn alternates(r: &SitemapRow) -> Vec<(&str, &str)> {
        r.alternates().collect()
    }

    #[test]
    fn a_row_gives_back_its_url_and_alternates_in_order() {
        let own_among = SitemapRow::new(
            "/en/sprints/x/",
            [("lv", "/sprinti/x/"), ("en", "/en/sprints/x/")],
        );
        assert_eq!(own_among.url(), "/en/sprints/x/");
        assert_eq!(
            alternates(&own_among),
            [("lv", "/sprinti/x/"), ("en", "/en/sprints/x/")]
        );

        // A page whose URL is not among its alternates keeps it apart.
        let apart = SitemapRow::new("/meklēt/ā/", [("lv", "/cits/")]);
        assert_eq!(apart.url(), "/meklēt/ā/");
        assert_eq!(alternates(&apart), [("lv", "/cits/")]);

        let alone = SitemapRow::new("/404/", []);
        assert_eq!(alone.url(), "/404/");
        assert!(alternates(&alone).is_empty());
    }

    #[test]
    fn a_row_is_one_allocation_of_its_urls() {
        let r = SitemapRow::new(
            "/en/sprints/abc/",
            [("lv", "/sprinti/abc/"), ("en", "/en/sprints/abc/")],
        );
        // Two header bytes, and per alternate a code length, the code, a
        // URL length and the URL: the own URL is not stored twice.
        assert_eq!(r.packed.len(), 2 + (1 + 2 + 4 + 13) + (1 + 2 + 4 + 16));
    }
}
