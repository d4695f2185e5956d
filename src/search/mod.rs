//! Search: text analysis (tokenising, Latvian and English stemming, folding)
//! and the sharded static index read by `themes/default/static/js/search.js`.
//!
//! Why our own index rather than Pagefind or lunr (docs/search-design.md):
//! Latvian needs a stemmer none of them has, and a query should fetch a few
//! kilobytes, not the whole index. So keys are `fold(stem(word))`, postings
//! carry a 4-bit precomputed BM25F impact and no positions, and the postings
//! are cut into gzip shards of at most ~8 KB by key prefix. A query fetches
//! a ~1 KB manifest, the shard(s) of its keys and one small fragment per
//! result shown.
//!
//! The pipeline calls [`build_index`] once per language and writes
//! [`SearchIndex::files`] under `<output>/<search-dir>/<lang>/`.

pub mod analysis;
mod builder;
pub mod compound;
pub mod english;
pub mod facets;
pub mod fold;
mod format;
mod fxhash;
pub mod index;
pub mod latvian;
mod shards;
pub mod stopwords;
mod store;
mod terms;

pub use analysis::{
    Token, analyze, analyze_with, exact_key, key, keys, query_keys, stem_en, stem_lv,
    stem_lv_folded, tokenize, tokens,
};
pub use fold::fold;

/// Which part of a page a text comes from. The field decides the weight of
/// a match: a word in the title says more about the page than one in the
/// body. Order of weight: title > term/alias > summary/outcome > meta
/// (institution names, topics) ≥ body (see [`Field::weight`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    /// The page title.
    Title,
    /// A glossary term and its aliases.
    Term,
    /// Summary, outcome or lead paragraph.
    Summary,
    /// Institution names, topics and other metadata shown on the page.
    Meta,
    /// The body text, already stripped of HTML.
    Body,
    /// Not text: a sprint's facet values as `facet:value` tokens
    /// (`topics:veseliba years:2024 status:completed`), for the combined
    /// filters of the sprint list ([`facets`]). Neither indexed nor shown.
    Facet,
}

impl Field {
    /// BM25F field weight: a term's frequency in this field counts this many
    /// times. Baked into the postings' impacts at build time.
    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 5.0,
            Field::Term => 4.0,
            Field::Summary => 2.0,
            Field::Meta => 1.2,
            Field::Body => 1.0,
            Field::Facet => 0.0,
        }
    }

    /// BM25F length normalisation strength: long bodies are diluted, a
    /// long title much less so.
    pub fn b(self) -> f64 {
        match self {
            Field::Body => 0.75,
            _ => 0.5,
        }
    }

    pub(crate) const ALL: [Field; 5] = [
        Field::Title,
        Field::Term,
        Field::Summary,
        Field::Meta,
        Field::Body,
    ];
}

/// One page to index. Serialisable so that benches can save the documents
/// of a big site once and time the index alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SearchDoc {
    /// Root-relative URL, already including any base path, e.g.
    /// "/lab/sprinti/cilveks-pirmaja-vieta/". Used as is by the browser.
    pub url: String,
    /// "sprint" | "prototype" | "term" | "chapter" | "page" | "news" | "institution".
    /// Documents are numbered grouped by kind, so the browser can filter by
    /// type from a few ranges in the manifest instead of a per-page table.
    pub kind: String,
    /// Language of the text ("lv"/"en"). An untranslated lv record listed in
    /// the en index has "lv": its words are analysed as Latvian.
    pub lang: String,
    pub title: String,
    /// YYYY-MM-DD if any; shown with the result.
    pub date: Option<String>,
    /// Plain text per field (body already stripped of HTML). The title is
    /// indexed from [`SearchDoc::title`]; a `Field::Title` entry adds to it.
    pub fields: Vec<(Field, String)>,
}

/// One output file; `path` is relative to the index folder of the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything to write for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIndex {
    /// All files, sorted by path.
    pub files: Vec<SearchFile>,
    /// Relative path of the (content-hashed) manifest; the theme puts its
    /// full URL in `data-manifest` on `#search-app`.
    pub manifest: String,
}

/// Builds the index for one language. Deterministic: same docs in →
/// byte-identical files out (everything is sorted; no HashMap iteration
/// order reaches the output; gzip at a fixed level with a zero mtime), so
/// rebuilding an unchanged site changes no file and no cache is busted.
pub fn build_index(lang: &str, docs: &[SearchDoc]) -> SearchIndex {
    builder::build(lang, docs)
}

pub use builder::IndexBuilder;
pub use index::IndexCache;

/// [`build_index`] for repeated builds (`inolab serve`): reuses from `cache`
/// the analysis and fragment of every document seen in the previous build
/// and every compressed shard or lexicon part whose raw bytes are
/// unchanged, then leaves in `cache` what this build used. The result is
/// byte-identical to `build_index(lang, docs)`. Use one cache per language
/// (a cache from another language's index works, it just finds nothing).
pub fn build_index_cached(lang: &str, docs: &[SearchDoc], cache: &mut IndexCache) -> SearchIndex {
    match index::build_cached_unless(lang, docs, cache, &|| false) {
        Some(index) => index,
        // Never stopped, so not reached; the same files all the same.
        None => builder::build(lang, docs),
    }
}

/// [`build_index_cached`], giving up once `stop()` says so: `None`, with
/// `cache` as it was. Asked between its steps (fingerprints, cache look-up,
/// analysis); `serve` stops a whole-site rebuild this way when the editor
/// saves again, instead of the save waiting for the index of every page.
pub fn build_index_cached_unless(
    lang: &str,
    docs: &[SearchDoc],
    cache: &mut IndexCache,
    stop: &dyn Fn() -> bool,
) -> Option<SearchIndex> {
    index::build_cached_unless(lang, docs, cache, stop)
}
