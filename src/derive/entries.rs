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

/// One `<url>` of the sitemap: a page and its translations.
#[derive(Debug, Clone)]
pub struct SitemapRow {
    /// Root-relative URL. The sitemap is in the order of its output path
    /// ([`super::BaseUrl::output_path`]), worked out when it is written:
    /// a copy per row was 16 MB at 50,000 records.
    pub url: String,
    /// (language, root-relative URL) of the page in every language.
    pub alternates: Vec<(String, String)>,
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
