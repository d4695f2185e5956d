//! Stage 3, derive: everything computed from the records — URLs per
//! language, facets and their counts, totals for the home page,
//! prototype↔sprint links both ways, glossary back-links, previous/next,
//! and one [`PageJob`] per output page with the context its template gets.
//!
//! A pure function of the [`Site`] and the theme's strings: no I/O. Page
//! jobs carry no dependency list: `serve` knows exactly which pages an edit
//! changed by comparing each job's render key (a hash of its context, see
//! `serve::build`), which cannot miss a dependency the way a hand-kept list
//! can, and costs no memory per page (a per-page list of every sprint a
//! list page reads was most of the memory of a 10 000-record build).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Collection;
use crate::markdown::{self, Rendered, TermMatcher};
use crate::records::*;
use crate::search::{Field, SearchDoc};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

/// A value in Tera's own representation. Its arrays and maps are reference
/// counted, so a card built once goes on every list and facet page that
/// shows it without a copy. Page contexts are assembled as
/// `serde_json::Value` (the `json!` macro) and converted once, in
/// [`Deriver::push`]; converting them at every render, and copying each
/// card onto every page, was a fifth of a 10 000-record build.
pub type TemplateValue = tera::Value;

/// Named values added to a page's context as they are (not converted).
type Shared = Vec<(&'static str, TemplateValue)>;

/// Converts a JSON value into Tera's representation.
pub fn template_value(v: &Value) -> TemplateValue {
    tera::Value::try_from_serializable(v).unwrap_or_else(|_| tera::Value::none())
}

/// Glossary forms for [`TermMatcher::new`]: (form, slug, url).
type TermForms = Vec<(String, String, String)>;

/// Rendered Markdown bodies by a hash of everything that decides them,
/// kept between runs in one process once [`remember_bodies`] is called.
/// `serve` calls it: Markdown is most of a rebuild's derive stage, and an
/// edit changes one body. `build` does not (it renders each body once).
static BODY_MEMO: std::sync::Mutex<Option<HashMap<u64, Rendered>>> = std::sync::Mutex::new(None);

/// Glossary matchers by a hash of their forms, kept with [`BODY_MEMO`]:
/// building one is a few milliseconds at 700 terms, most of a preview's
/// Markdown, and the glossary rarely changes between edits.
type MatcherMemo = HashMap<u64, std::sync::Arc<TermMatcher>>;
static MATCHER_MEMO: std::sync::Mutex<Option<MatcherMemo>> = std::sync::Mutex::new(None);

/// Turns on the body memo for the rest of the process (see [`BODY_MEMO`]).
pub fn remember_bodies() {
    if let Ok(mut m) = BODY_MEMO.lock()
        && m.is_none()
    {
        *m = Some(HashMap::new());
    }
    if let Ok(mut m) = MATCHER_MEMO.lock()
        && m.is_none()
    {
        *m = Some(HashMap::new());
    }
}

fn hash_of<T: std::hash::Hash>(v: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// UI strings per language, from the theme's `i18n/<lang>.yaml`.
pub type Strings = BTreeMap<String, serde_yaml::Value>;

/// Looks up a dotted key (`nav.home`) in a language's strings.
fn lookup<'s>(strings: &'s Strings, lang: &str, key: &str) -> Option<&'s serde_yaml::Value> {
    let mut v = strings.get(lang)?;
    for part in key.split('.') {
        v = v.get(part)?;
    }
    Some(v)
}

/// One page to render: which template, with what context, into which file.
#[derive(Debug, Clone)]
pub struct PageJob {
    /// Output path relative to the output root (`sprinti/x/index.html`).
    pub path: String,
    pub template: String,
    pub lang: String,
    /// Page-specific context (merged with the site-wide context at render),
    /// a map, already in Tera's representation.
    pub context: TemplateValue,
}

/// The derived site: pages to render, plus what the outputs stage needs.
pub struct Model {
    /// Every page job, from [`derive`]; empty when pages were streamed.
    pub pages: Vec<PageJob>,
    /// Every indexable page (not `noindex`), for the sitemap.
    pub sitemap: Vec<SitemapRow>,
    /// Search documents per language.
    pub search_docs: BTreeMap<String, Vec<SearchDoc>>,
    /// Site-wide context per language (nav, urls, site) shared by every page.
    pub globals: BTreeMap<String, Value>,
    /// The pages the feeds list: the newest [`crate::outputs::FEED_ITEMS`]
    /// sprints and news items per language.
    pub entries: Vec<Entry>,
    pub diags: Vec<Diagnostic>,
}

/// One `<url>` of the sitemap: a page and its translations.
#[derive(Debug, Clone)]
pub struct SitemapRow {
    /// Output path, the sort key.
    pub path: String,
    /// Root-relative URL.
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

/// URL building for one language.
struct Urls<'a> {
    cfg: &'a Config,
    lang: &'a str,
    prefix: String,
}

impl<'a> Urls<'a> {
    fn new(cfg: &'a Config, lang: &'a str) -> Self {
        Urls {
            cfg,
            lang,
            prefix: cfg.lang_prefix(lang),
        }
    }
    fn home(&self) -> String {
        self.prefix.clone()
    }
    fn section(&self, key: &str) -> String {
        format!("{}{}/", self.prefix, self.cfg.section(key, self.lang))
    }
    fn record(&self, c: Collection, slug: &str) -> String {
        if c == Collection::Pages {
            format!("{}{slug}/", self.prefix)
        } else {
            format!("{}{slug}/", self.section(c.dir()))
        }
    }
    fn facet_index(&self, facet: &str) -> String {
        if facet == "institutions" {
            return self.section("institutions");
        }
        format!(
            "{}{}/",
            self.section("sprints"),
            self.cfg.section(facet, self.lang)
        )
    }
    fn facet(&self, facet: &str, value: &str) -> String {
        format!("{}{value}/", self.facet_index(facet))
    }
    fn print(&self) -> String {
        format!(
            "{}{}/",
            self.section("guidelines"),
            self.cfg.section("print", self.lang)
        )
    }
}

/// Output file path for a root-relative URL (`/lab/a/` → `a/index.html`).
pub fn output_path(cfg: &Config, url: &str) -> String {
    let rel = url
        .strip_prefix(&cfg.base_path())
        .unwrap_or(url.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

type Key = (Collection, String, String); // collection, slug, lang

/// Looks up a UI string, falling back to the key itself.
pub fn tr(strings: &Strings, lang: &str, key: &str) -> String {
    lookup(strings, lang, key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| key.to_string())
}

/// The CLDR plural category of `n` in `lang` (Latvian: zero/one/other).
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    match lang {
        "lv" => {
            if n.is_multiple_of(10) || (11..=19).contains(&(n % 100)) {
                "zero"
            } else if n % 10 == 1 && n % 100 != 11 {
                "one"
            } else {
                "other"
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// A counted phrase, e.g. "21 sprints" / "2 sprinti", from a plural entry
/// in the strings (a map of category → text with `{n}`).
pub fn plural(strings: &Strings, lang: &str, key: &str, n: u64) -> String {
    let cat = plural_category(lang, n);
    let v = lookup(strings, lang, key);
    let form = v
        .and_then(|v| v.get(cat).or_else(|| v.get("other")))
        .and_then(|v| v.as_str())
        .unwrap_or(key);
    form.replace("{n}", &n.to_string())
}

/// Derives the model with every page in [`Model::pages`] (what `serve`
/// and tests want). Builds use [`prepare`] and [`Derivation::pages`] to
/// stream pages instead.
pub fn derive(site: &Site, strings: &Strings) -> Model {
    let mut pages = Vec::new();
    let mut model = prepare(site, strings, None).pages(|batch| pages.extend(batch));
    model.pages = pages;
    model
}

/// How many planned and running sprints the home page shows (the bundled
/// site's ten fit); when there are more, it links their status pages
/// instead of growing without bound (a 10 000-sprint site made a 1.8 MB
/// home page).
pub const HOME_PLANNED: usize = 12;

/// [`derive`] for `serve`'s whole-site rebuild, giving up once `stop()`
/// says so: `None`. Asked after the bodies and search documents, then
/// every 64 page jobs (see [`Derivation::pages_unless`]), so that a save
/// made during a rebuild is previewed within milliseconds instead of
/// after the seconds a 10 000-record derivation takes.
pub fn derive_unless(site: &Site, strings: &Strings, stop: &dyn Fn() -> bool) -> Option<Model> {
    let derivation = prepare(site, strings, None);
    if stop() {
        return None;
    }
    let mut pages = Vec::new();
    let Some(mut model) = derivation.pages_unless(|batch| pages.extend(batch), stop) else {
        drop_later(pages);
        return None;
    };
    model.pages = pages;
    Some(model)
}

/// Frees `garbage` on a thread of its own. Freeing what a stopped
/// 10 000-record rebuild had derived (tens of thousands of page contexts,
/// every rendered body) takes a fifth of a second, which `serve` should
/// not spend before previewing the save that stopped it.
pub fn drop_later<T: Send + 'static>(garbage: T) {
    // Should the thread not start, the closure and `garbage` are dropped here.
    let _ = std::thread::Builder::new()
        .name("inolab-drop".into())
        .spawn(move || drop(garbage));
}

/// How many page jobs [`Derivation::pages_unless`] derives between two
/// questions whether to stop: about 10 ms of derivation at 10 000 records.
const STOP_EVERY: usize = 64;

/// How many page jobs [`Derivation::pages`] hands over at a time: enough
/// to keep both cores rendering, few enough that contexts never pile up.
pub const PAGE_BATCH: usize = 64;

/// The first half of derivation: Markdown bodies, site globals and search
/// documents, everything pages need from the whole site. The page jobs
/// come after, from [`Derivation::pages`], so that a build can build the
/// search index in between and render pages as they are derived.
///
/// With a `spill`, the plain text of sprint and prototype bodies waits on
/// disk, not in memory, between the first pass and the search index
/// ([`crate::spill`]).
pub fn prepare<'a>(
    site: &'a Site,
    strings: &'a Strings,
    spill: Option<crate::spill::Spill>,
) -> Derivation<'a> {
    prepare_for(site, strings, None, spill)
}

/// The records whose own pages [`derive_records`] derives.
pub type RecordSet = BTreeSet<(Collection, String)>;

/// The collections whose records' own pages depend on nothing but the
/// record, the records it names (cards) and site-wide values, so that
/// [`derive_records`] gives exactly what [`derive`] gives for them.
/// Glossary terms (back-links read every body) and chapters (the print
/// annex holds them all) are not among them.
pub const OWN_PAGE_COLLECTIONS: [Collection; 4] = [
    Collection::Sprints,
    Collection::Prototypes,
    Collection::News,
    Collection::Pages,
];

/// The page jobs of `only`'s records' own pages (every language) and
/// nothing else: no list, facet, home or search output, and Markdown only
/// for those records. `serve` shows an edited record's page with this
/// while the rest of the site is rebuilt; each job is equal to the one
/// [`derive`] makes for the same path (`tests/serve_preview.rs` checks
/// every record of the bundled site).
/// Records outside [`OWN_PAGE_COLLECTIONS`] are ignored.
pub fn derive_records(site: &Site, strings: &Strings, only: RecordSet) -> Model {
    let mut pages = Vec::new();
    let mut model = prepare_for(site, strings, Some(only), None).pages(|batch| pages.extend(batch));
    model.pages = pages;
    model
}

fn prepare_for<'a>(
    site: &'a Site,
    strings: &'a Strings,
    only: Option<RecordSet>,
    spill: Option<crate::spill::Spill>,
) -> Derivation<'a> {
    let cfg = &site.config;
    let langs = cfg.lang_codes();
    let mut d = Deriver {
        site,
        cfg,
        strings,
        dl: cfg.default_language.as_str(),
        rendered: BTreeMap::new(),
        pages: Vec::new(),
        emit: None,
        stop: None,
        stopped: false,
        sitemap: Vec::new(),
        entries: Vec::new(),
        search_docs: BTreeMap::new(),
        diags: Vec::new(),
        sprint_by_slug: OnceCell::new(),
        protos_of: OnceCell::new(),
        sorted: OnceCell::new(),
        groups: RefCell::new(HashMap::new()),
        list_cards: RefCell::new(HashMap::new()),
        shared_values: RefCell::new(HashMap::new()),
        // `serve` remembers bodies between builds, HTML included; a
        // preview derives a few pages and needs no second pass either.
        lazy: only.is_none() && !BODY_MEMO.lock().is_ok_and(|m| m.is_some()),
        spill: spill.filter(|_| only.is_none()),
        spilled: HashMap::new(),
        spill_full: false,
        only,
        matchers: BTreeMap::new(),
        ahead: HashMap::new(),
        docs_pending: BTreeSet::new(),
    };
    d.render_bodies(&langs);
    let globals = langs.iter().map(|l| (l.clone(), d.globals(l))).collect();
    if d.only.is_none() {
        // A build makes each language's documents when it indexes that
        // language ([`Derivation::feed_search_docs`]), so that only one
        // language's copy of every text is alive at a time.
        d.docs_pending = langs.iter().cloned().collect();
        if !d.lazy {
            d.all_search_docs();
        }
    }
    Derivation { d, globals, langs }
}

/// Bodies, globals and search documents derived; pages still to come.
pub struct Derivation<'a> {
    d: Deriver<'a, 'static>,
    /// Site-wide context per language (nav, urls, site) shared by every page.
    pub globals: BTreeMap<String, Value>,
    langs: Vec<String>,
}

impl<'a> Derivation<'a> {
    /// Problems found so far (Markdown: image alt text and the like).
    pub fn diags(&self) -> &[Diagnostic] {
        &self.d.diags
    }

    /// Search documents per language.
    pub fn search_docs(&mut self) -> &BTreeMap<String, Vec<SearchDoc>> {
        self.d.all_search_docs();
        &self.d.search_docs
    }

    /// Hands one language's search documents to `feed`, about
    /// [`DOCS_CHUNK`] at a time (made now if they were not yet), for an
    /// index built as they come ([`crate::search::IndexBuilder`]): they
    /// hold the plain text of every page, and the build has no use for
    /// them in the model.
    pub fn feed_search_docs(&mut self, lang: &str, feed: &mut dyn FnMut(Vec<SearchDoc>)) {
        if self.d.docs_pending.remove(lang) {
            self.d.search_docs_for(lang, Some(feed));
        } else if let Some(docs) = self.d.search_docs.remove(lang) {
            feed(docs);
        }
    }

    /// The model without page jobs, for a run that will not render (it
    /// found errors): deriving pages nobody renders is wasted work.
    pub fn without_pages(mut self) -> Model {
        self.d.all_search_docs();
        Model {
            pages: Vec::new(),
            sitemap: Vec::new(),
            search_docs: self.d.search_docs,
            globals: self.globals,
            entries: Vec::new(),
            diags: self.d.diags,
        }
    }

    /// Derives every page, handing them to `emit` in batches of about
    /// [`PAGE_BATCH`]; returns the model without pages.
    pub fn pages<'e>(self, emit: impl FnMut(Vec<PageJob>) + 'e) -> Model {
        self.run_pages(emit, None).0
    }

    /// [`Self::pages`], giving up once `stop()` says so (asked every 64
    /// pages and before each batch is handed over): `None`, and the batches handed over so far
    /// are all there is. `serve` stops a whole-site rebuild this way when
    /// the editor saves again: deriving 40 000 pages takes seconds, and
    /// the new save should be previewed at once, not after them.
    pub fn pages_unless<'e>(
        self,
        emit: impl FnMut(Vec<PageJob>) + 'e,
        stop: &'e dyn Fn() -> bool,
    ) -> Option<Model> {
        let (model, stopped) = self.run_pages(emit, Some(stop));
        (!stopped).then_some(model)
    }

    /// The pages, and whether `stop` stopped them.
    fn run_pages<'e>(
        self,
        emit: impl FnMut(Vec<PageJob>) + 'e,
        stop: Option<&'e dyn Fn() -> bool>,
    ) -> (Model, bool) {
        let Derivation { d, globals, langs } = self;
        let mut d: Deriver<'a, 'e> = d;
        d.emit = Some(Box::new(emit));
        d.stop = stop;
        d.all_search_docs();
        d.shorten_texts();
        for lang in &langs {
            d.lang_pages(lang);
            // Cards are per language: the next language builds its own.
            // Keeping them was a fifth of a 50 000-sprint build's memory.
            if d.whole_site() {
                d.list_cards.borrow_mut().clear();
            }
        }
        d.flush();
        if d.stopped {
            // What was derived is thrown away: let another thread free it.
            let list_cards: Vec<TemplateValue> = d.list_cards.take().into_values().collect();
            drop_later((
                std::mem::take(&mut d.rendered),
                std::mem::take(&mut d.sitemap),
                std::mem::take(&mut d.search_docs),
                std::mem::take(&mut d.entries),
                list_cards,
            ));
        }
        let model = Model {
            pages: Vec::new(),
            sitemap: d.sitemap,
            search_docs: d.search_docs,
            globals,
            entries: d.entries,
            diags: d.diags,
        };
        (model, d.stopped)
    }
}

struct Deriver<'a, 'e> {
    site: &'a Site,
    cfg: &'a Config,
    strings: &'a Strings,
    dl: &'a str,
    rendered: BTreeMap<Key, Rendered>,
    /// Page jobs not yet handed to `emit`.
    pages: Vec<PageJob>,
    emit: Option<Box<dyn FnMut(Vec<PageJob>) + 'e>>,
    /// Asked at every batch handed to `emit` ([`Derivation::pages_unless`]).
    stop: Option<&'e dyn Fn() -> bool>,
    /// `stop` said so: no more pages are derived.
    stopped: bool,
    sitemap: Vec<SitemapRow>,
    entries: Vec<Entry>,
    search_docs: BTreeMap<String, Vec<SearchDoc>>,
    diags: Vec<Diagnostic>,
    // Lookups built once, on first use, so that no page costs a scan of
    // every record (those scans made a 10 000-record build quadratic).
    // Lazy because [`derive_records`] needs none of them: it looks up the
    // few records one edited page names with a scan instead, which at
    // 10 000 records is a hundredth of building the lookups (most of a
    // preview's time before).
    sprint_by_slug: OnceCell<HashMap<&'a str, &'a Record<Sprint>>>,
    protos_of: OnceCell<HashMap<&'a str, Vec<&'a Record<Prototype>>>>,
    /// Every sprint, newest first: the order of every sprint list.
    sorted: OnceCell<Vec<&'a Record<Sprint>>>,
    /// Facet groups per language, computed on first use.
    groups: RefCell<HashMap<String, Rc<Groups<'a>>>>,
    /// Sprint cards per (slug, language) in Tera's representation, built
    /// once and shared by every list that shows them. (The JSON form is
    /// built anew where a page changes it: memoising both was a fifth of
    /// a 50 000-sprint build's memory, for no measurable time.)
    list_cards: RefCell<HashMap<(&'a str, String), TemplateValue>>,
    /// Values cards share ([`Self::shared_value`]).
    shared_values: RefCell<HashMap<(&'static str, String, String), TemplateValue>>,
    /// Derive only these records' own pages ([`derive_records`]).
    only: Option<RecordSet>,
    /// Whether the HTML of sprint and prototype bodies is rendered when
    /// their pages are derived ([`LAZY_HTML`]) rather than kept for all.
    lazy: bool,
    /// Languages whose search documents are still to be made.
    docs_pending: BTreeSet<String>,
    /// Each language's glossary matcher, for rendering HTML later.
    matchers: BTreeMap<String, std::sync::Arc<TermMatcher>>,
    /// HTML rendered ahead (in parallel) for the pages about to be
    /// derived, with how many of those pages still want it.
    ahead: HashMap<Key, (String, usize)>,
    /// Where the plain text of [`LAZY_HTML`] bodies waits for the search
    /// documents, if anywhere but memory ([`prepare`]).
    spill: Option<crate::spill::Spill>,
    /// The spilled texts; their [`Rendered::text`] keeps only the lead
    /// a page description needs ([`description_lead`]).
    spilled: HashMap<Key, crate::spill::Span>,
    /// Writing to the spill failed: texts are kept in memory from then on.
    spill_full: bool,
}

/// Entries held before the older ones are dropped
/// ([`keep_newest_entries`]).
const ENTRIES_KEPT: usize = 4096;

/// Keeps only the entries a feed can show: the newest
/// [`crate::outputs::FEED_ITEMS`] of each collection and language, in the
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
        kept <= crate::outputs::FEED_ITEMS
    });
}

/// Search documents handed over at a time ([`Derivation::feed_search_docs`]).
const DOCS_CHUNK: usize = 2048;

/// Bodies read at a time by the first pass when their texts are spilled:
/// the texts of one chunk are in memory at once.
const SPILL_CHUNK: usize = 4096;

/// The collections whose body HTML a whole-site build renders only when
/// their pages are derived: they are nearly all of a big site's text, and
/// holding every body's HTML at once was a gigabyte at 50 000 sprints.
/// The first pass reads them for text only ([`markdown::Settings::html`]).
const LAZY_HTML: [Collection; 2] = [Collection::Sprints, Collection::Prototypes];

/// How many bodies are rendered ahead at a time, in parallel.
const AHEAD: usize = 64;

/// facet → [(value id, label, member sprints)], values in display order.
type Groups<'a> = Vec<(&'static str, Vec<(String, String, Vec<&'a Record<Sprint>>)>)>;

/// Characters of a page description taken from the body.
const DESCRIPTION_CHARS: usize = 200;

/// The start of a body's plain text, whitespace collapsed, long enough
/// that [`Deriver::description`] of it equals the description of the whole
/// text: [`truncate`] reads the first `DESCRIPTION_CHARS` characters and
/// whether there are more.
fn description_lead(text: &str) -> String {
    let mut lead = String::new();
    let mut chars = 0;
    for w in text.split_whitespace() {
        if chars > DESCRIPTION_CHARS + 1 {
            break;
        }
        if !lead.is_empty() {
            lead.push(' ');
            chars += 1;
        }
        lead.push_str(w);
        chars += w.chars().count();
    }
    lead
}

/// How the body `text` of record `slug` in `c` is rendered: the same
/// settings for the first pass and for HTML rendered later.
fn body_settings<'s>(
    cfg: &Config,
    base_path: &'s str,
    c: Collection,
    slug: &'s str,
    text: &'s Text,
    terms: Option<&'s TermMatcher>,
    html: bool,
) -> markdown::Settings<'s> {
    markdown::Settings {
        lang: &text.lang,
        base_path,
        trusted_html: cfg.markdown.trusted_html,
        terms,
        // A term's own page does not link the term to itself.
        self_term: (c == Collection::Glossary).then_some(slug),
        path: &text.path,
        body_line: text.body_line,
        html,
    }
}

/// The HTML of one body, rendered exactly as the first pass would have
/// with [`markdown::Settings::html`] on (its diagnostics were reported
/// then).
fn body_html(
    cfg: &Config,
    base_path: &str,
    matchers: &BTreeMap<String, std::sync::Arc<TermMatcher>>,
    c: Collection,
    slug: &str,
    text: &Text,
) -> Result<String, Diagnostic> {
    let body = text.body.read().map_err(|e| unread_body(text, e))?;
    let terms = matchers.get(&text.lang).map(|m| &**m);
    let settings = body_settings(cfg, base_path, c, slug, text, terms, true);
    Ok(markdown::render(&body, &settings).html)
}

/// The error for a body its file no longer gives ([`Body::read`]).
pub fn unread_body(text: &Text, why: String) -> Diagnostic {
    Diagnostic::error(crate::diagnostics::Kind::Io, text.path.clone(), why)
        .hint("a file was edited or removed while the site was being built; build again")
}

/// Every sprint, newest first; planned ones (no dates) after the running
/// and completed sprints of their year; ties by slug.
fn sorted_sprints(site: &Site) -> Vec<&Record<Sprint>> {
    let mut v: Vec<&Record<Sprint>> = site.sprints.iter().collect();
    v.sort_by(|a, b| sprint_order(a, b));
    v
}

/// The order of [`sorted_sprints`]: newest first, ties by slug.
fn sprint_order(a: &Record<Sprint>, b: &Record<Sprint>) -> std::cmp::Ordering {
    let ka = (a.data.start, a.data.year);
    let kb = (b.data.start, b.data.year);
    kb.cmp(&ka).then_with(|| a.slug.cmp(&b.slug))
}

/// The sprints just before (newer) and just after (older) `s` in
/// [`sorted_sprints`] order, found with one scan instead of a sort.
fn sprint_neighbours<'s>(
    site: &'s Site,
    s: &Record<Sprint>,
) -> (Option<&'s Record<Sprint>>, Option<&'s Record<Sprint>>) {
    use std::cmp::Ordering::{Greater, Less};
    let mut newer: Option<&Record<Sprint>> = None;
    let mut older: Option<&Record<Sprint>> = None;
    for x in &site.sprints {
        match sprint_order(x, s) {
            Less if newer.is_none_or(|n| sprint_order(x, n) == Greater) => newer = Some(x),
            Greater if older.is_none_or(|o| sprint_order(x, o) == Less) => older = Some(x),
            _ => {}
        }
    }
    (newer, older)
}

/// The prototypes of each sprint: those it lists (in its order) plus those
/// that name it (by slug).
fn prototypes_by_sprint(site: &Site) -> HashMap<&str, Vec<&Record<Prototype>>> {
    let mut map: HashMap<&str, Vec<&Record<Prototype>>> = HashMap::new();
    let protos: HashMap<&str, &Record<Prototype>> = site
        .prototypes
        .iter()
        .map(|p| (p.slug.as_str(), p))
        .collect();
    for p in &site.prototypes {
        map.entry(p.data.sprint.as_str()).or_default().push(p);
    }
    for s in &site.sprints {
        for slug in &s.data.prototypes {
            if let Some(p) = protos.get(slug.as_str()) {
                let v = map.entry(s.slug.as_str()).or_default();
                if !v.iter().any(|x| x.slug == p.slug) {
                    v.push(p);
                }
            }
        }
    }
    for s in &site.sprints {
        if let Some(v) = map.get_mut(s.slug.as_str()) {
            sort_sprint_prototypes(s, v);
        }
    }
    map
}

/// A sprint's prototypes in the order it lists them, then the others by slug.
fn sort_sprint_prototypes(s: &Record<Sprint>, v: &mut [&Record<Prototype>]) {
    v.sort_by_key(|p| {
        (
            s.data
                .prototypes
                .iter()
                .position(|x| *x == p.slug)
                .unwrap_or(usize::MAX),
            p.slug.clone(),
        )
    });
}

/// [`prototypes_by_sprint`] for one sprint, with scans instead of maps.
fn prototypes_of_sprint<'s>(site: &'s Site, s: &Record<Sprint>) -> Vec<&'s Record<Prototype>> {
    let mut v: Vec<&Record<Prototype>> = site
        .prototypes
        .iter()
        .filter(|p| p.data.sprint == s.slug)
        .collect();
    for slug in &s.data.prototypes {
        // Slugs are unique within a collection (validation groups by them).
        if let Some(p) = site.prototypes.iter().find(|p| p.slug == *slug)
            && !v.iter().any(|x| x.slug == p.slug)
        {
            v.push(p);
        }
    }
    sort_sprint_prototypes(s, &mut v);
    v
}

/// One record's (collection, slug, texts), as [`all_texts`] lists them.
fn record_texts<'s>(
    site: &'s Site,
    c: Collection,
    slug: &str,
) -> Option<(Collection, &'s str, &'s Texts)> {
    fn find<'s, T>(
        c: Collection,
        records: &'s [Record<T>],
        slug: &str,
    ) -> Option<(Collection, &'s str, &'s Texts)> {
        let r = records.iter().find(|r| r.slug == slug)?;
        Some((c, r.slug.as_str(), &r.texts))
    }
    match c {
        Collection::Sprints => find(c, &site.sprints, slug),
        Collection::Prototypes => find(c, &site.prototypes, slug),
        Collection::Glossary => find(c, &site.glossary, slug),
        Collection::Guidelines => find(c, &site.guidelines, slug),
        Collection::Pages => find(c, &site.pages, slug),
        Collection::News => find(c, &site.news, slug),
    }
}

/// Every record of every collection as (collection, slug, texts).
fn all_texts(site: &Site) -> Vec<(Collection, &str, &Texts)> {
    fn of<T>(
        c: Collection,
        records: &[Record<T>],
    ) -> impl Iterator<Item = (Collection, &str, &Texts)> {
        records.iter().map(move |r| (c, r.slug.as_str(), &r.texts))
    }
    of(Collection::Sprints, &site.sprints)
        .chain(of(Collection::Prototypes, &site.prototypes))
        .chain(of(Collection::Glossary, &site.glossary))
        .chain(of(Collection::Guidelines, &site.guidelines))
        .chain(of(Collection::Pages, &site.pages))
        .chain(of(Collection::News, &site.news))
        .collect()
}

impl<'a, 'e> Deriver<'a, 'e> {
    fn t(&self, lang: &str, key: &str) -> String {
        tr(self.strings, lang, key)
    }

    /// Markdown of every record text, in parallel, with glossary linking.
    fn render_bodies(&mut self, langs: &[String]) {
        let site = self.site;
        let cfg = self.cfg;
        // Glossary forms per language, and a hash of them for the memo key;
        // the matcher itself is built only if some body is not remembered.
        let forms: BTreeMap<String, (TermForms, u64)> = langs
            .iter()
            .map(|lang| {
                let u = Urls::new(cfg, lang);
                let mut forms = Vec::new();
                if cfg.markdown.link_glossary_terms {
                    for t in &site.glossary {
                        let text = t.text(lang, &cfg.default_language);
                        let url = u.record(Collection::Glossary, &t.slug);
                        forms.push((text.title.clone(), t.slug.clone(), url.clone()));
                        for a in &text.aliases {
                            forms.push((a.clone(), t.slug.clone(), url.clone()));
                        }
                    }
                }
                let h = hash_of(&forms);
                (lang.clone(), (forms, h))
            })
            .collect();
        let matchers: BTreeMap<&str, std::sync::OnceLock<std::sync::Arc<TermMatcher>>> = forms
            .keys()
            .map(|l| (l.as_str(), std::sync::OnceLock::new()))
            .collect();
        let memo_on = BODY_MEMO.lock().is_ok_and(|m| m.is_some());
        let matcher = |lang: &str| -> std::sync::Arc<TermMatcher> {
            let (f, h) = forms.get(lang).cloned().unwrap_or_default();
            if let Ok(mut m) = MATCHER_MEMO.lock()
                && let Some(m) = m.as_mut()
            {
                return m
                    .entry(h)
                    .or_insert_with(|| std::sync::Arc::new(TermMatcher::new(f)))
                    .clone();
            }
            std::sync::Arc::new(TermMatcher::new(f))
        };
        let base_path = cfg.base_path();
        let lazy = self.lazy;
        let texts = match &self.only {
            None => all_texts(site),
            // The edited records alone, not a scan of every record's key.
            Some(only) => only
                .iter()
                .filter_map(|(c, slug)| record_texts(site, *c, slug))
                .collect(),
        };
        let jobs: Vec<(Collection, &str, &Text)> = texts
            .into_iter()
            .flat_map(|(c, slug, texts)| texts.values().map(move |t| (c, slug, t)))
            .collect();
        let chunk = if self.spill.is_some() {
            SPILL_CHUNK
        } else {
            jobs.len().max(1)
        };
        let mut used: std::collections::HashSet<u64> = std::collections::HashSet::new();
        for jobs in jobs.chunks(chunk) {
            let results: Vec<(Key, Rendered, u64)> = jobs
                .par_iter()
                .map(|(c, slug, text)| {
                    let self_term = (*c == Collection::Glossary).then_some(*slug);
                    let memo_key = hash_of(&(
                        text.body.print(),
                        &text.lang,
                        &base_path,
                        cfg.markdown.trusted_html,
                        forms.get(&text.lang).map(|f| f.1),
                        self_term,
                        &text.path,
                        text.body_line,
                    ));
                    let key = (*c, slug.to_string(), text.lang.clone());
                    if memo_on
                        && let Some(r) = BODY_MEMO
                            .lock()
                            .ok()
                            .and_then(|m| m.as_ref()?.get(&memo_key).cloned())
                    {
                        return (key, r, memo_key);
                    }
                    let terms = matchers
                        .get(text.lang.as_str())
                        .map(|m| &**m.get_or_init(|| matcher(&text.lang)));
                    let html = !(lazy && LAZY_HTML.contains(c));
                    let settings = body_settings(cfg, &base_path, *c, slug, text, terms, html);
                    let body = match text.body.read() {
                        Ok(b) => b,
                        Err(e) => {
                            let diags = vec![unread_body(text, e)];
                            return (
                                key,
                                Rendered {
                                    diags,
                                    ..Rendered::default()
                                },
                                memo_key,
                            );
                        }
                    };
                    let mut r = markdown::render(&body, &settings);
                    for d in &mut r.diags {
                        let idx = d.line.saturating_sub(text.body_line);
                        d.source_line = body.lines().nth(idx).map(str::to_owned);
                    }
                    drop(body);
                    if memo_on
                        && let Ok(mut m) = BODY_MEMO.lock()
                        && let Some(m) = m.as_mut()
                    {
                        m.insert(memo_key, r.clone());
                    }
                    (key, r, memo_key)
                })
                .collect();
            if memo_on {
                used.extend(results.iter().map(|r| r.2));
            }
            self.keep_bodies(results);
        }
        if memo_on
            && self.whole_site()
            && let Ok(mut m) = BODY_MEMO.lock()
            && let Some(m) = m.as_mut()
        {
            // Forget bodies no longer in the site (a long serve session).
            m.retain(|k, _| used.contains(k));
        }
        if self.whole_site()
            && let Ok(mut m) = MATCHER_MEMO.lock()
            && let Some(m) = m.as_mut()
        {
            // Keep only the current glossary's matchers.
            m.retain(|h, _| forms.values().any(|f| f.1 == *h));
        }
        if self.lazy {
            self.matchers = matchers
                .into_iter()
                .map(|(l, m)| {
                    let m = m.into_inner().unwrap_or_else(|| matcher(l));
                    (l.to_string(), m)
                })
                .collect();
        }
    }

    /// Keeps one chunk of the first pass's bodies, their diagnostics
    /// reported, the full text of [`LAZY_HTML`] bodies spilled if a spill
    /// was given (or if writing it failed, kept).
    fn keep_bodies(&mut self, results: Vec<(Key, Rendered, u64)>) {
        let mut results: Vec<(Key, Rendered)> = results.into_iter().map(|r| (r.0, r.1)).collect();
        if let Some(spill) = self.spill.as_mut().filter(|_| !self.spill_full) {
            let (keys, texts): (Vec<&Key>, Vec<&str>) = results
                .iter()
                .filter(|(k, _)| LAZY_HTML.contains(&k.0))
                .map(|(k, r)| (k, r.text.as_str()))
                .unzip();
            match spill.put_all(&texts) {
                Ok(spans) => {
                    let spans: Vec<(Key, crate::spill::Span)> =
                        keys.into_iter().cloned().zip(spans).collect();
                    for (_, r) in results.iter_mut().filter(|(k, _)| LAZY_HTML.contains(&k.0)) {
                        r.text = description_lead(&r.text);
                    }
                    self.spilled.extend(spans);
                }
                // Kept in memory from here on: a bigger build, not a
                // failed one. What was spilled before is read back.
                Err(_) => self.spill_full = true,
            }
        }
        for (k, mut r) in results {
            self.diags.append(&mut r.diags);
            self.rendered.insert(k, r);
        }
    }

    /// The whole plain text of a record's body in `lang` (falling back to
    /// the default language's text, as [`Self::body`] does), read back
    /// from the spill if it was spilled.
    fn full_text(&mut self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> String {
        let l = if texts.contains_key(lang) {
            lang
        } else {
            self.dl
        };
        let key = (c, slug.to_string(), l.to_string());
        if let (Some(span), Some(spill)) = (self.spilled.get(&key), self.spill.as_ref()) {
            match spill.get(*span) {
                Ok(text) => return text,
                Err(e) => {
                    let path = texts.get(l).map(|t| t.path.clone()).unwrap_or_default();
                    let d = Diagnostic::error(
                        crate::diagnostics::Kind::Io,
                        path,
                        format!(
                            "cannot read back this body's text from the build's scratch file: {e}"
                        ),
                    )
                    .hint("check free disk space beside the output folder and build again");
                    self.unread(d);
                }
            }
        }
        self.body(c, slug, texts, lang).text.clone()
    }

    /// Whether `c`'s body HTML is rendered when its pages are derived.
    fn html_later(&self, c: Collection) -> bool {
        self.lazy && LAZY_HTML.contains(&c)
    }

    /// Makes the search documents of every language not made yet.
    fn all_search_docs(&mut self) {
        for lang in std::mem::take(&mut self.docs_pending) {
            self.search_docs_for(&lang, None);
        }
    }

    /// Once the search documents are made, a sprint's or prototype's plain
    /// text is only read for its page description ([`Self::description`]:
    /// the first 200 characters, whitespace collapsed), so a build keeps
    /// just the start of it: the whole text of 50 000 bodies is hundreds
    /// of megabytes.
    fn shorten_texts(&mut self) {
        if !self.lazy {
            return;
        }
        for ((c, _, _), r) in self.rendered.iter_mut() {
            if LAZY_HTML.contains(c) {
                r.text = description_lead(&r.text);
            }
        }
    }

    /// The HTML of a record's body in `lang` (falling back to the default
    /// language's text, as [`Self::body`] does): rendered ahead, rendered
    /// now, or kept from the first pass for collections not in
    /// [`LAZY_HTML`].
    fn html(&mut self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> String {
        if !self.html_later(c) {
            return self.body(c, slug, texts, lang).html.clone();
        }
        let Some(text) = texts.get(lang).or_else(|| texts.get(self.dl)) else {
            return String::new();
        };
        let key = (c, slug.to_string(), text.lang.clone());
        match self.ahead.get_mut(&key) {
            Some((html, wanted)) if *wanted > 1 => {
                *wanted -= 1;
                html.clone()
            }
            Some(_) => self.ahead.remove(&key).map(|h| h.0).unwrap_or_default(),
            None => {
                let base_path = self.cfg.base_path();
                match body_html(self.cfg, &base_path, &self.matchers, c, slug, text) {
                    Ok(html) => html,
                    Err(d) => {
                        self.unread(d);
                        String::new()
                    }
                }
            }
        }
    }

    /// Notes a body that could not be read again, once per file.
    fn unread(&mut self, d: Diagnostic) {
        if !self.diags.contains(&d) {
            self.diags.push(d);
        }
    }

    /// Renders the HTML of the bodies `records` show in `langs`, each
    /// text once (an untranslated record's pages in every language show
    /// its default-language text), in parallel, for [`Self::html`] to take
    /// as their pages are derived.
    fn render_ahead<T: Sync>(&mut self, c: Collection, records: &[&Record<T>], langs: &[String]) {
        if !self.html_later(c) {
            return;
        }
        let (cfg, matchers, dl) = (self.cfg, &self.matchers, self.dl);
        let base_path = cfg.base_path();
        let mut wanted: Vec<(&Record<T>, &Text, usize)> = Vec::new();
        for r in records {
            for lang in langs {
                let Some(text) = r.texts.get(lang).or_else(|| r.texts.get(dl)) else {
                    continue;
                };
                match wanted
                    .iter_mut()
                    .rev()
                    .take(langs.len())
                    .find(|w| std::ptr::eq(w.1, text))
                {
                    Some(w) => w.2 += 1,
                    None => wanted.push((r, text, 1)),
                }
            }
        }
        let done: Vec<(Key, Result<String, Diagnostic>, usize)> = wanted
            .par_iter()
            .map(|(r, text, n)| {
                let key = (c, r.slug.clone(), text.lang.clone());
                let html = body_html(cfg, &base_path, matchers, c, &r.slug, text);
                (key, html, *n)
            })
            .collect();
        for (key, html, n) in done {
            match html {
                Ok(html) => {
                    self.ahead.insert(key, (html, n));
                }
                Err(d) => self.unread(d),
            }
        }
    }

    /// The rendered body of a record in `lang` (falling back to the default).
    fn body(&self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> &Rendered {
        let l = if texts.contains_key(lang) {
            lang
        } else {
            self.dl
        };
        static EMPTY: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
        self.rendered
            .get(&(c, slug.to_string(), l.to_string()))
            .unwrap_or_else(|| EMPTY.get_or_init(Rendered::default))
    }

    /// Site-wide context for one language.
    fn globals(&self, lang: &str) -> Value {
        let u = Urls::new(self.cfg, lang);
        let cfg = self.cfg;
        let mut nav: Vec<Value> = [
            "sprints",
            "prototypes",
            "institutions",
            "glossary",
            "guidelines",
            "indicators",
            "news",
        ]
        .iter()
        .map(|k| json!({"key": k, "title": self.t(lang, &format!("nav.{k}")), "url": u.section(k)}))
        .collect();
        let mut menu: Vec<&Record<Page>> = self
            .site
            .pages
            .iter()
            .filter(|p| p.data.menu.is_some())
            .collect();
        menu.sort_by_key(|p| (p.data.menu, p.slug.clone()));
        for p in menu {
            nav.push(json!({"key": format!("page:{}", p.slug), "title": p.text(lang, self.dl).title, "url": u.record(Collection::Pages, &p.slug)}));
        }
        let pages: BTreeMap<&str, Value> = self
            .site
            .pages
            .iter()
            .map(|p| (p.slug.as_str(), json!({"title": p.text(lang, self.dl).title, "url": u.record(Collection::Pages, &p.slug)})))
            .collect();
        let languages: Vec<Value> = cfg
            .languages
            .iter()
            .map(|l| json!({"code": l.code, "name": l.name, "url": cfg.lang_prefix(&l.code)}))
            .collect();
        let mut urls = serde_json::Map::new();
        for k in [
            "sprints",
            "prototypes",
            "institutions",
            "glossary",
            "guidelines",
            "indicators",
            "news",
            "search",
            "data",
        ] {
            urls.insert(k.into(), json!(u.section(k)));
        }
        for f in ["years", "topics", "results", "status"] {
            urls.insert(f.into(), json!(u.facet_index(f)));
        }
        urls.insert("home".into(), json!(u.home()));
        urls.insert("guidelines_print".into(), json!(u.print()));
        urls.insert(
            "feed_news".into(),
            json!(format!("{}atom.xml", u.section("news"))),
        );
        urls.insert(
            "feed_sprints".into(),
            json!(format!("{}atom.xml", u.section("sprints"))),
        );
        urls.insert(
            "assets".into(),
            json!(format!("{}assets/", cfg.base_path())),
        );
        urls.insert(
            "search_index".into(),
            json!(format!("{}search-index/{lang}/", cfg.base_path())),
        );
        json!({
            "lang": lang,
            "site": {
                "title": cfg.localized(&cfg.title, lang),
                "description": cfg.localized(&cfg.description, lang),
                "organisation": cfg.localized(&cfg.organisation, lang),
                "base_url": cfg.base_url,
                "base_path": cfg.base_path(),
                "contact_email": cfg.contact_email,
                "default_language": cfg.default_language,
                "languages": languages,
            },
            "nav": nav,
            "urls": urls,
            "pages": pages,
        })
    }

    // ---------------------------------------------------------------- cards

    fn inst_ref(&self, lang: &str, id: &str) -> Value {
        let u = Urls::new(self.cfg, lang);
        let name = self
            .site
            .institutions
            .get(id)
            .map(|i| self.cfg.localized(&i.name, lang).to_string())
            .unwrap_or_else(|| id.to_string());
        json!({"id": id, "name": name, "url": u.facet("institutions", id)})
    }

    fn topic_ref(&self, lang: &str, id: &str) -> Value {
        let u = Urls::new(self.cfg, lang);
        let label = self
            .site
            .topics
            .get(id)
            .map(|l| self.cfg.localized(l, lang).to_string())
            .unwrap_or_else(|| id.to_string());
        json!({"id": id, "label": label, "url": u.facet("topics", id)})
    }

    fn vocab_ref(&self, lang: &str, facet: &str, prefix: &str, id: &str) -> Value {
        let u = Urls::new(self.cfg, lang);
        json!({"id": id, "label": self.t(lang, &format!("{prefix}.{id}")), "url": u.facet(facet, id)})
    }

    fn lang_info(&self, text_lang: &str, page_lang: &str) -> Value {
        if text_lang == page_lang {
            Value::Null
        } else {
            let name = self
                .cfg
                .languages
                .iter()
                .find(|l| l.code == text_lang)
                .map(|l| l.name.clone())
                .unwrap_or_default();
            json!({"code": text_lang, "name": name})
        }
    }

    /// [`Self::sprint_card`] in Tera's representation, converted once per
    /// sprint and language: a sprint appears on a dozen list pages.
    fn list_card(&self, s: &'a Record<Sprint>, lang: &str) -> TemplateValue {
        let key = (s.slug.as_str(), lang.to_string());
        if let Some(v) = self.list_cards.borrow().get(&key) {
            return v.clone();
        }
        let v = self.sprint_card_value(s, lang);
        self.list_cards.borrow_mut().insert(key, v.clone());
        v
    }

    /// A sprint's card, built in Tera's representation directly, its
    /// institution, topic, result, status and language values shared with
    /// every other card that names them (Tera's maps are reference
    /// counted): converted from JSON, 50 000 cards were 340 MB, each
    /// holding its own copy of a dozen small maps.
    fn sprint_card_value(&self, s: &Record<Sprint>, lang: &str) -> TemplateValue {
        let u = Urls::new(self.cfg, lang);
        let text = s.text(lang, self.dl);
        let d = &s.data;
        let shared = |kind: &'static str, id: &str, make: &dyn Fn() -> Value| {
            self.shared_value(kind, lang, id, make)
        };
        let insts = |ids: &[String]| -> TemplateValue {
            let v: Vec<TemplateValue> = ids
                .iter()
                .map(|i| shared("institution", i, &|| self.inst_ref(lang, i)))
                .collect();
            v.into()
        };
        let number = |n: Option<i64>| -> TemplateValue {
            // As JSON's conversion gives them: unsigned when not negative.
            match n {
                Some(n) if n >= 0 => (n as u64).into(),
                Some(n) => n.into(),
                None => TemplateValue::none(),
            }
        };
        let results: Vec<TemplateValue> = d
            .results
            .iter()
            .map(|r| {
                shared("result", r.as_str(), &|| {
                    self.vocab_ref(lang, "results", "result", r.as_str())
                })
            })
            .collect();
        let topics: Vec<TemplateValue> = d
            .topics
            .iter()
            .map(|t| shared("topic", t, &|| self.topic_ref(lang, t)))
            .collect();
        let status = d.status.as_str();
        let card: BTreeMap<&'static str, TemplateValue> = BTreeMap::from([
            ("slug", s.slug.as_str().into()),
            ("title", text.title.as_str().into()),
            ("url", u.record(Collection::Sprints, &s.slug).into()),
            (
                "text_lang",
                shared("text_lang", &text.lang, &|| {
                    self.lang_info(&text.lang, lang)
                }),
            ),
            ("outcome", text.outcome.as_deref().into()),
            (
                "status",
                shared("status", status, &|| {
                    self.vocab_ref(lang, "status", "status", status)
                }),
            ),
            ("start", d.start.map(|x| x.to_string()).into()),
            ("end", d.end.map(|x| x.to_string()).into()),
            ("year", number(d.year.map(i64::from))),
            ("participants", number(d.participants.map(i64::from))),
            ("institutions", insts(&d.institutions)),
            ("partners", insts(&d.partners)),
            ("results", results.into()),
            ("topics", topics.into()),
        ]);
        card.into()
    }

    /// One small value cards share (an institution's name and link, a
    /// topic, a vocabulary label), made once per kind, language and id.
    fn shared_value(
        &self,
        kind: &'static str,
        lang: &str,
        id: &str,
        make: &dyn Fn() -> Value,
    ) -> TemplateValue {
        let key = (kind, lang.to_string(), id.to_string());
        if let Some(v) = self.shared_values.borrow().get(&key) {
            return v.clone();
        }
        let v = template_value(&make());
        self.shared_values.borrow_mut().insert(key, v.clone());
        v
    }

    /// A sprint card as JSON, for pages that add to it (a sprint's own
    /// page, an institution's role): [`Self::sprint_card_value`], the one
    /// definition of a card, converted.
    fn sprint_card(&self, s: &Record<Sprint>, lang: &str) -> Value {
        serde_json::to_value(self.sprint_card_value(s, lang)).unwrap_or(Value::Null)
    }

    fn prototype_card(&self, p: &Record<Prototype>, lang: &str) -> Value {
        let u = Urls::new(self.cfg, lang);
        let text = p.text(lang, self.dl);
        let sprint = self.sprint_named(&p.data.sprint);
        json!({
            "slug": p.slug,
            "title": text.title,
            "url": u.record(Collection::Prototypes, &p.slug),
            "text_lang": self.lang_info(&text.lang, lang),
            "summary": text.summary,
            "kind": {"id": p.data.kind.as_str(), "label": self.t(lang, &format!("prototype_kind.{}", p.data.kind.as_str()))},
            "stage": {"id": p.data.stage.as_str(), "label": self.t(lang, &format!("stage.{}", p.data.stage.as_str()))},
            "sprint": sprint.map(|s| json!({"title": s.text(lang, self.dl).title, "url": u.record(Collection::Sprints, &s.slug)})),
        })
    }

    fn simple_card<T>(&self, c: Collection, r: &Record<T>, lang: &str) -> Value {
        let u = Urls::new(self.cfg, lang);
        let text = r.text(lang, self.dl);
        json!({
            "slug": r.slug,
            "title": text.title,
            "url": u.record(c, &r.slug),
            "text_lang": self.lang_info(&text.lang, lang),
            "summary": text.summary,
        })
    }

    /// The prototypes of a sprint: those it lists plus those that name it.
    fn sprint_prototypes(&self, s: &Record<Sprint>) -> Vec<&'a Record<Prototype>> {
        if !self.whole_site() {
            return prototypes_of_sprint(self.site, s);
        }
        self.protos_of
            .get_or_init(|| prototypes_by_sprint(self.site))
            .get(s.slug.as_str())
            .cloned()
            .unwrap_or_default()
    }

    /// The sprint with this slug: a map lookup for the whole site, a scan
    /// for [`derive_records`] (a few lookups do not pay for the map).
    fn sprint_named(&self, slug: &str) -> Option<&'a Record<Sprint>> {
        let site: &'a Site = self.site;
        if !self.whole_site() {
            return site.sprints.iter().find(|s| s.slug == slug);
        }
        self.sprint_by_slug
            .get_or_init(|| site.sprints.iter().map(|s| (s.slug.as_str(), s)).collect())
            .get(slug)
            .copied()
    }

    // ---------------------------------------------------------------- pages

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        lang: &str,
        url: &str,
        template: &str,
        title: &str,
        crumbs: Vec<(String, String)>,
        alternates: BTreeMap<String, String>,
        ctx: Value,
    ) {
        self.push_shared(
            lang,
            url,
            template,
            title,
            crumbs,
            alternates,
            ctx,
            Vec::new(),
        );
    }

    /// [`Self::push`] with values already in Tera's representation (card
    /// lists, the facet sidebar) added to the context as they are.
    #[allow(clippy::too_many_arguments)]
    fn push_shared(
        &mut self,
        lang: &str,
        url: &str,
        template: &str,
        title: &str,
        crumbs: Vec<(String, String)>,
        alternates: BTreeMap<String, String>,
        mut ctx: Value,
        shared: Shared,
    ) {
        if self.stopped {
            return;
        }
        let cfg = self.cfg;
        let alts: Vec<Value> = cfg
            .lang_codes()
            .iter()
            .map(|l| {
                let name = cfg
                    .languages
                    .iter()
                    .find(|x| &x.code == l)
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                json!({"lang": l, "name": name, "url": alternates.get(l), "current": l == lang})
            })
            .collect();
        let mut bc =
            vec![json!({"title": self.t(lang, "nav.home"), "url": Urls::new(cfg, lang).home()})];
        bc.extend(crumbs.iter().map(|(t, u)| json!({"title": t, "url": u})));
        let permalink = format!(
            "{}{}",
            cfg.origin_and_path(),
            url.strip_prefix(cfg.base_path().trim_end_matches('/'))
                .unwrap_or(url)
        );
        let breadcrumb_ld = json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": bc.iter().enumerate().map(|(i, b)| json!({
                "@type": "ListItem", "position": i + 1, "name": b["title"],
                "item": format!("{}{}", cfg.origin_and_path(), b["url"].as_str().unwrap_or("").strip_prefix(cfg.base_path().trim_end_matches('/')).unwrap_or(""))
            })).collect::<Vec<_>>()
        });
        let page = json!({
            "title": title,
            "url": url,
            "permalink": permalink,
            "template": template,
            "alternates": alts,
            "breadcrumbs": bc,
        });
        if let Some(m) = ctx.as_object_mut() {
            let mut p = page;
            if let (Some(pm), Some(extra)) = (
                p.as_object_mut(),
                m.remove("page").and_then(|v| v.as_object().cloned()),
            ) {
                pm.extend(extra);
            }
            let mut ld: Vec<Value> = vec![breadcrumb_ld];
            if let Some(extra) = m.remove("jsonld") {
                ld.push(extra);
            }
            let ld_text = serde_json::to_string(&ld)
                .unwrap_or_default()
                .replace("</", "<\\/");
            if let Some(pm) = p.as_object_mut() {
                pm.insert("jsonld".into(), json!(ld_text));
                if !pm.contains_key("description") {
                    pm.insert(
                        "description".into(),
                        json!(cfg.localized(&cfg.description, lang)),
                    );
                }
            }
            m.insert("page".into(), p);
        }
        let path = output_path(cfg, url);
        if ctx["page"]["noindex"] != json!(true) {
            self.sitemap.push(SitemapRow {
                path: path.clone(),
                url: url.to_string(),
                alternates: cfg
                    .lang_codes()
                    .into_iter()
                    .filter_map(|l| alternates.get(&l).map(|u| (l.clone(), u.clone())))
                    .collect(),
            });
        }
        let mut context: BTreeMap<String, TemplateValue> = BTreeMap::new();
        if let Value::Object(m) = ctx {
            for (k, v) in m {
                context.insert(k, template_value(&v));
            }
        }
        for (k, v) in shared {
            context.insert(k.to_string(), v);
        }
        self.pages.push(PageJob {
            path,
            template: template.to_string(),
            lang: lang.to_string(),
            context: TemplateValue::from(context),
        });
        if self.pages.len() >= PAGE_BATCH {
            self.flush();
        } else if self.pages.len().is_multiple_of(STOP_EVERY) {
            self.ask_stop();
        }
    }

    /// Asks `stop` whether to stop deriving; true once it said so.
    fn ask_stop(&mut self) -> bool {
        if !self.stopped && self.stop.is_some_and(|stop| stop()) {
            self.stopped = true;
        }
        self.stopped
    }

    /// Hands the pending page jobs to `emit`, unless `stop` says to stop.
    fn flush(&mut self) {
        if self.ask_stop() {
            self.pages.clear();
            return;
        }
        if let Some(emit) = self.emit.as_mut() {
            emit(std::mem::take(&mut self.pages));
        }
    }

    fn alternates_for(&self, f: impl Fn(&Urls) -> String) -> BTreeMap<String, String> {
        self.cfg
            .lang_codes()
            .iter()
            .map(|l| (l.clone(), f(&Urls::new(self.cfg, l))))
            .collect()
    }

    fn entry(
        &mut self,
        c: Collection,
        slug: &str,
        lang: &str,
        text: &Text,
        url: &str,
        date: Option<String>,
        summary: String,
    ) {
        if !crate::outputs::FEED_COLLECTIONS.contains(&c) {
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

    fn search_doc(
        &mut self,
        lang: &str,
        kind: &str,
        url: &str,
        text: &Text,
        date: Option<String>,
        mut fields: Vec<(Field, String)>,
        body: &str,
    ) {
        fields.insert(0, (Field::Title, text.title.clone()));
        fields.push((Field::Body, body.to_string()));
        self.search_docs
            .entry(lang.to_string())
            .or_default()
            .push(SearchDoc {
                url: url.to_string(),
                kind: kind.to_string(),
                lang: text.lang.clone(),
                title: text.title.clone(),
                date,
                fields,
            });
    }

    fn description(text: &Text, body: &Rendered) -> String {
        let s = text
            .summary
            .clone()
            .or_else(|| text.outcome.clone())
            .unwrap_or_else(|| body.text.split_whitespace().collect::<Vec<_>>().join(" "));
        truncate(&s, DESCRIPTION_CHARS)
    }

    fn sorted_prototypes(&self, lang: &str) -> Vec<&'a Record<Prototype>> {
        let mut v: Vec<&Record<Prototype>> = self.site.prototypes.iter().collect();
        v.sort_by_cached_key(|p| (p.data.stage, collate(&p.text(lang, self.dl).title)));
        v
    }

    /// Every institution as (id, name in `lang`), in Latvian collation order.
    fn sorted_institutions(&self, lang: &str) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .site
            .institutions
            .iter()
            .map(|(id, i)| (id.clone(), self.cfg.localized(&i.name, lang).to_string()))
            .collect();
        v.sort_by_cached_key(|a| collate(&a.1));
        v
    }

    fn sorted_terms(&self, lang: &str) -> Vec<&'a Record<Term>> {
        let mut v: Vec<&Record<Term>> = self.site.glossary.iter().collect();
        v.sort_by_cached_key(|t| collate(&t.text(lang, self.dl).title));
        v
    }

    /// News, newest first.
    fn sorted_news(&self) -> Vec<&'a Record<News>> {
        let mut v: Vec<&Record<News>> = self.site.news.iter().collect();
        v.sort_by(|a, b| {
            b.data
                .date
                .cmp(&a.data.date)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        v
    }

    /// The search documents of one language, in the order the pages are
    /// listed. A pass of its own, before any page context is built, so the
    /// search index (whose content-hashed manifest every page names) is
    /// ready before the first page renders and pages can stream to disk.
    ///
    /// With a `feed`, documents are handed to it a chunk at a time
    /// ([`DOCS_CHUNK`]) instead of kept: the text of every page of a
    /// language is never in memory at once.
    fn search_docs_for(&mut self, lang: &str, mut feed: Option<&mut dyn FnMut(Vec<SearchDoc>)>) {
        let u = Urls::new(self.cfg, lang);
        for s in self.sorted_sprints() {
            let text = s.text(lang, self.dl);
            let url = u.record(Collection::Sprints, &s.slug);
            let body = self.full_text(Collection::Sprints, &s.slug, &s.texts, lang);
            let mut fields = vec![];
            if let Some(o) = &text.outcome {
                fields.push((Field::Summary, o.clone()));
            }
            let meta: Vec<String> = s
                .data
                .institutions
                .iter()
                .chain(&s.data.partners)
                .filter_map(|i| self.site.institutions.get(i))
                .map(|i| self.cfg.localized(&i.name, lang).to_string())
                .chain(
                    s.data
                        .topics
                        .iter()
                        .filter_map(|t| self.site.topics.get(t))
                        .map(|l| self.cfg.localized(l, lang).to_string()),
                )
                .collect();
            fields.push((Field::Meta, meta.join(" · ")));
            self.search_doc(
                lang,
                "sprint",
                &url,
                text,
                s.data.start.map(|d| d.to_string()),
                fields,
                &body,
            );
            self.feed_docs(lang, &mut feed, false);
        }
        let summary = |t: &Text| vec![(Field::Summary, t.summary.clone().unwrap_or_default())];
        for p in self.sorted_prototypes(lang) {
            self.record_doc(lang, Collection::Prototypes, p, "prototype", None, summary);
            self.feed_docs(lang, &mut feed, false);
        }
        for (id, name) in self.sorted_institutions(lang) {
            let t = Text {
                lang: lang.to_string(),
                title: name,
                ..Text::default()
            };
            self.search_doc(
                lang,
                "institution",
                &u.facet("institutions", &id),
                &t,
                None,
                vec![],
                "",
            );
        }
        for t in self.sorted_terms(lang) {
            let aliases = |t: &Text| vec![(Field::Term, t.aliases.join(" "))];
            self.record_doc(lang, Collection::Glossary, t, "term", None, aliases);
        }
        for c in self.site.guidelines.iter() {
            self.record_doc(lang, Collection::Guidelines, c, "chapter", None, summary);
        }
        for n in self.sorted_news() {
            let date = Some(n.data.date.to_string());
            self.record_doc(lang, Collection::News, n, "news", date, summary);
        }
        for p in self.site.pages.iter() {
            self.record_doc(lang, Collection::Pages, p, "page", None, summary);
        }
        self.feed_docs(lang, &mut feed, true);
    }

    /// Hands `lang`'s documents made so far to `feed`, if there is one and
    /// they are a chunk (or `all`).
    fn feed_docs(
        &mut self,
        lang: &str,
        feed: &mut Option<&mut dyn FnMut(Vec<SearchDoc>)>,
        all: bool,
    ) {
        let Some(feed) = feed else {
            return;
        };
        let Some(docs) = self.search_docs.get_mut(lang) else {
            return;
        };
        if all || docs.len() >= DOCS_CHUNK {
            feed(std::mem::take(docs));
        }
        if all {
            self.search_docs.remove(lang);
        }
    }

    /// One record's search document: its URL and text in `lang`, its body
    /// text, and the `fields` taken from its text.
    fn record_doc<T>(
        &mut self,
        lang: &str,
        c: Collection,
        r: &Record<T>,
        kind: &str,
        date: Option<String>,
        fields: impl Fn(&Text) -> Vec<(Field, String)>,
    ) {
        let text = r.text(lang, self.dl);
        let url = Urls::new(self.cfg, lang).record(c, &r.slug);
        let body = self.full_text(c, &r.slug, &r.texts, lang);
        self.search_doc(lang, kind, &url, text, date, fields(text), &body);
    }

    /// Whether list, facet and other whole-site pages are wanted.
    fn whole_site(&self) -> bool {
        self.only.is_none()
    }

    fn lang_pages(&mut self, lang: &str) {
        if let Some(only) = self.only.clone() {
            for (c, slug) in &only {
                self.own_pages(lang, *c, slug);
            }
            return;
        }
        // The sections that list sprint cards come first, so that the
        // cards can be forgotten before the biggest other pages.
        let sections: [fn(&mut Self, &str); 12] = [
            Self::sprint_pages,
            Self::facet_pages,
            Self::institution_pages,
            Self::forget_cards,
            Self::prototype_pages,
            Self::glossary_pages,
            Self::guideline_pages,
            Self::news_pages,
            Self::free_pages,
            Self::indicator_page,
            Self::home_page,
            Self::search_and_404,
        ];
        for section in sections {
            if self.stopped {
                return;
            }
            section(self, lang);
        }
    }

    /// Frees the sprint cards once the lists that share them are derived
    /// (the home page builds its few again): at 50 000 sprints they are
    /// hundreds of megabytes, and the prototype list and glossary pages
    /// that come next are the stage's biggest pages.
    fn forget_cards(&mut self, _lang: &str) {
        self.list_cards.borrow_mut().clear();
    }

    /// One record's own page in `lang` ([`derive_records`]): the record is
    /// found with a scan, and so are a sprint's neighbours, instead of
    /// sorting the collection as the list pages need.
    fn own_pages(&mut self, lang: &str, c: Collection, slug: &str) {
        let site: &'a Site = self.site;
        fn find<'r, T>(v: &'r [Record<T>], slug: &str) -> Option<&'r Record<T>> {
            v.iter().find(|r| r.slug == slug)
        }
        match c {
            Collection::Sprints => {
                if let Some(s) = find(&site.sprints, slug) {
                    let (newer, older) = sprint_neighbours(site, s);
                    self.sprint_page(lang, s, newer, older);
                }
            }
            Collection::Prototypes => {
                if let Some(p) = find(&site.prototypes, slug) {
                    self.prototype_page(lang, p);
                }
            }
            Collection::News => {
                if let Some(n) = find(&site.news, slug) {
                    self.news_page(lang, n);
                }
            }
            Collection::Pages => {
                if let Some(p) = find(&site.pages, slug) {
                    self.free_page(lang, p);
                }
            }
            _ => {}
        }
    }

    fn sorted_sprints(&self) -> Vec<&'a Record<Sprint>> {
        self.sorted
            .get_or_init(|| sorted_sprints(self.site))
            .clone()
    }

    fn sprint_pages(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let sprints = self.sorted_sprints();
        let list_title = self.t(lang, "nav.sprints");
        let mut cards: Vec<TemplateValue> = Vec::with_capacity(sprints.len());
        for (i, s) in sprints.iter().enumerate() {
            // The first list builds every card: a third of a second at
            // 10 000 records, so ask on the way.
            if i.is_multiple_of(8 * STOP_EVERY) && self.ask_stop() {
                return;
            }
            cards.push(self.list_card(s, lang));
        }
        let facets = template_value(&self.facet_nav(lang, None));
        self.paginated(
            lang,
            &u.section("sprints"),
            "sprint_list.html",
            &list_title,
            vec![],
            cards,
            json!({}),
            vec![("facets", facets)],
            |u| u.section("sprints"),
        );
        self.own_pages_of(lang, Collection::Sprints, &sprints, |d, i, l| {
            // Newer sprints come first in the list: "previous" is the older neighbour.
            let newer = i.checked_sub(1).map(|j| sprints[j]);
            let older = sprints.get(i + 1).copied();
            d.sprint_page(l, sprints[i], newer, older);
        });
    }

    /// Derives the own page of each of `records` (of collection `c`) in
    /// every language, with `page(self, index in records, language)`, in
    /// the first language's pass and not after: one record after another,
    /// so that a body shown untranslated in several languages has its HTML
    /// rendered once, [`AHEAD`] records at a time.
    fn own_pages_of<T: Sync>(
        &mut self,
        lang: &str,
        c: Collection,
        records: &[&'a Record<T>],
        mut page: impl FnMut(&mut Self, usize, &str),
    ) {
        let langs = self.cfg.lang_codes();
        if langs.first().map(String::as_str) != Some(lang) {
            return;
        }
        for i in 0..records.len() {
            if self.stopped {
                return;
            }
            if i.is_multiple_of(AHEAD) {
                let next = &records[i..(i + AHEAD).min(records.len())];
                self.render_ahead(c, next, &langs);
            }
            for l in &langs {
                page(self, i, l);
            }
        }
    }

    /// A sprint's own page; `newer` and `older` are its neighbours in
    /// [`sorted_sprints`] order.
    fn sprint_page(
        &mut self,
        lang: &str,
        s: &'a Record<Sprint>,
        newer: Option<&'a Record<Sprint>>,
        older: Option<&'a Record<Sprint>>,
    ) {
        let u = Urls::new(self.cfg, lang);
        let list_title = self.t(lang, "nav.sprints");
        {
            let text = s.text(lang, self.dl).clone();
            let url = u.record(Collection::Sprints, &s.slug);
            let html = self.html(Collection::Sprints, &s.slug, &s.texts, lang);
            let body = self
                .body(Collection::Sprints, &s.slug, &s.texts, lang)
                .clone();
            let mut card = self.sprint_card(s, lang);
            let protos: Vec<Value> = self
                .sprint_prototypes(s)
                .iter()
                .map(|p| self.prototype_card(p, lang))
                .collect();
            let funding = s.data.funding.as_ref().and_then(|f| self.site.funding.get(f)).map(|f| json!({"name": self.cfg.localized(&f.name, lang), "code": f.code, "amount_eur": f.amount_eur}));
            let duration_days = match (s.data.start, s.data.end) {
                (Some(a), Some(b)) => a.until(b).ok().map(|sp| sp.get_days() + 1),
                _ => None,
            };
            let newer = newer.map(|n| self.sprint_card(n, lang));
            let older = older.map(|o| self.sprint_card(o, lang));
            if let Some(m) = card.as_object_mut() {
                m.insert("body".into(), json!(html));
                m.insert("toc".into(), json!(body.toc));
                m.insert("editor_note".into(), json!(text.editor_note));
                m.insert("prototypes".into(), json!(protos));
                m.insert("funding".into(), json!(funding));
                m.insert("duration_days".into(), json!(duration_days));
            }
            let jsonld = json!({
                "@context": "https://schema.org", "@type": "Event", "name": text.title,
                "startDate": s.data.start.map(|d| d.to_string()), "endDate": s.data.end.map(|d| d.to_string()),
                "eventStatus": match s.data.status { Status::Planned => "https://schema.org/EventScheduled", Status::Running => "https://schema.org/EventScheduled", Status::Completed => "https://schema.org/EventCompleted" },
                "description": text.outcome, "inLanguage": text.lang,
                "organizer": s.data.institutions.iter().map(|i| json!({"@type": "GovernmentOrganization", "name": self.site.institutions.get(i).map(|x| self.cfg.localized(&x.name, lang).to_string()).unwrap_or_default()})).collect::<Vec<_>>(),
            });
            let alternates = self.alternates_for(|u| u.record(Collection::Sprints, &s.slug));
            let desc = Self::description(&text, &body);
            self.push(lang, &url, "sprint.html", &text.title, vec![(list_title.clone(), u.section("sprints"))], alternates,
                json!({"sprint": card, "newer": newer, "older": older, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::Sprints,
                &s.slug,
                lang,
                &text,
                &url,
                s.data.start.map(|d| d.to_string()),
                desc,
            );
        }
    }

    /// Facet values with counts and URLs; `active` marks the current one.
    fn facet_nav(&self, lang: &str, active: Option<(&str, &str)>) -> Value {
        let groups = self.facet_groups(lang);
        let mut out = serde_json::Map::new();
        for (facet, values) in groups.iter() {
            let facet = *facet;
            let shown = facet_nav_values(values, active.filter(|a| a.0 == facet).map(|a| a.1));
            let items: Vec<Value> = shown
                .iter()
                .map(|(id, label, members)| json!({"id": id, "label": label, "count": members.len(), "url": Urls::new(self.cfg, lang).facet(facet, id), "active": active == Some((facet, id.as_ref()))}))
                .collect();
            out.insert(facet.to_string(), json!({"title": self.t(lang, &format!("facet.{facet}")), "url": Urls::new(self.cfg, lang).facet_index(facet), "values": items, "total": values.len(), "more": values.len() - shown.len()}));
        }
        Value::Object(out)
    }

    /// Facet values and their member sprints, once per language.
    fn facet_groups(&self, lang: &str) -> Rc<Groups<'a>> {
        if let Some(g) = self.groups.borrow().get(lang) {
            return Rc::clone(g);
        }
        let g = Rc::new(self.build_facet_groups(lang));
        self.groups
            .borrow_mut()
            .insert(lang.to_string(), Rc::clone(&g));
        g
    }

    /// facet → [(value id, label, member sprints)], values in display order.
    fn build_facet_groups(&self, lang: &str) -> Groups<'a> {
        let sprints = self.sorted_sprints();
        let mut years: BTreeMap<i32, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut insts: BTreeMap<String, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut topics: BTreeMap<String, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut results: BTreeMap<ResultKind, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut status: BTreeMap<Status, Vec<&Record<Sprint>>> = BTreeMap::new();
        for s in &sprints {
            if let Some(y) = s.data.year {
                years.entry(y).or_default().push(s);
            }
            let mut seen = BTreeSet::new();
            for i in s.data.institutions.iter().chain(&s.data.partners) {
                if seen.insert(i) && self.site.institutions.contains_key(i) {
                    insts.entry(i.clone()).or_default().push(s);
                }
            }
            for t in &s.data.topics {
                if self.site.topics.contains_key(t) {
                    topics.entry(t.clone()).or_default().push(s);
                }
            }
            for r in &s.data.results {
                results.entry(*r).or_default().push(s);
            }
            status.entry(s.data.status).or_default().push(s);
        }
        let inst_label = |id: &str| {
            self.site
                .institutions
                .get(id)
                .map(|i| self.cfg.localized(&i.name, lang).to_string())
                .unwrap_or_default()
        };
        let mut inst_v: Vec<_> = insts
            .into_iter()
            .map(|(id, v)| {
                let l = inst_label(&id);
                (id, l, v)
            })
            .collect();
        inst_v.sort_by_key(|a| collate(&a.1));
        let mut topic_v: Vec<_> = topics
            .into_iter()
            .map(|(id, v)| {
                let l = self
                    .site
                    .topics
                    .get(&id)
                    .map(|l| self.cfg.localized(l, lang).to_string())
                    .unwrap_or_default();
                (id, l, v)
            })
            .collect();
        topic_v.sort_by_key(|a| collate(&a.1));
        vec![
            (
                "years",
                years
                    .into_iter()
                    .rev()
                    .map(|(y, v)| (y.to_string(), y.to_string(), v))
                    .collect(),
            ),
            ("institutions", inst_v),
            ("topics", topic_v),
            (
                "results",
                results
                    .into_iter()
                    .map(|(r, v)| {
                        (
                            r.as_str().to_string(),
                            self.t(lang, &format!("result.{}", r.as_str())),
                            v,
                        )
                    })
                    .collect(),
            ),
            (
                "status",
                status
                    .into_iter()
                    .map(|(r, v)| {
                        (
                            r.as_str().to_string(),
                            self.t(lang, &format!("status.{}", r.as_str())),
                            v,
                        )
                    })
                    .collect(),
            ),
        ]
    }

    fn facet_pages(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let sprints_title = self.t(lang, "nav.sprints");
        let groups = self.facet_groups(lang);
        for (facet, values) in groups.iter() {
            let facet = *facet;
            if facet == "institutions" {
                continue; // institution pages are their own page type
            }
            let facet_title = self.t(lang, &format!("facet.{facet}"));
            let index_items: Vec<Value> = values.iter().map(|(id, label, m)| json!({"id": id, "label": label, "count": m.len(), "url": u.facet(facet, id)})).collect();
            let alternates = self.alternates_for(|u| u.facet_index(facet));
            self.push(
                lang,
                &u.facet_index(facet),
                "facet_index.html",
                &facet_title,
                vec![(sprints_title.clone(), u.section("sprints"))],
                alternates,
                json!({"facet": {"key": facet, "title": facet_title}, "values": index_items}),
            );
            for (id, label, members) in values {
                if self.stopped {
                    return;
                }
                let cards: Vec<TemplateValue> =
                    members.iter().map(|s| self.list_card(s, lang)).collect();
                let facets = template_value(&self.facet_nav(lang, Some((facet, id))));
                let title = format!("{facet_title}: {label}");
                let idc = id.clone();
                self.paginated(lang, &u.facet(facet, id), "facet.html", &title,
                    vec![(sprints_title.clone(), u.section("sprints")), (facet_title.clone(), u.facet_index(facet))],
                    cards, json!({"facet": {"key": facet, "title": facet_title, "value": id, "label": label}}),
                    vec![("facets", facets)],
                    move |u| u.facet(facet, &idc));
            }
        }
    }

    /// Pushes a list page split into pages of `per_page` items.
    #[allow(clippy::too_many_arguments)]
    fn paginated(
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
        let per = self.cfg.per_page.max(1);
        let total_items = items.len();
        let chunks: Vec<Vec<TemplateValue>> = if items.is_empty() {
            vec![vec![]]
        } else {
            items.chunks(per).map(<[TemplateValue]>::to_vec).collect()
        };
        let n = chunks.len();
        let seg = self.cfg.section("page", lang);
        let page_url = |i: usize| {
            if i == 0 {
                base_url.to_string()
            } else {
                format!("{base_url}{seg}/{}/", i + 1)
            }
        };
        for (i, chunk) in chunks.into_iter().enumerate() {
            let mut ctx = extra.clone();
            let pag = json!({
                "current": i + 1, "total": n, "total_items": total_items,
                "prev": (i > 0).then(|| page_url(i - 1)),
                "next": (i + 1 < n).then(|| page_url(i + 1)),
                "pages": page_window(i, n).into_iter().map(|j| match j {
                    Some(j) => json!({"n": j + 1, "url": page_url(j), "current": j == i}),
                    None => json!({"gap": true}),
                }).collect::<Vec<_>>(),
            });
            if let Some(m) = ctx.as_object_mut() {
                m.insert("pagination".into(), pag);
            }
            let mut page_shared = shared.clone();
            page_shared.push(("items", TemplateValue::from(chunk)));
            let alternates = if i == 0 {
                self.alternates_for(&alt)
            } else {
                BTreeMap::new()
            };
            let t = if i == 0 {
                title.to_string()
            } else {
                format!("{title} ({}/{n})", i + 1)
            };
            self.push_shared(
                lang,
                &page_url(i),
                template,
                &t,
                crumbs.clone(),
                alternates,
                ctx,
                page_shared,
            );
        }
    }

    fn prototype_pages(&mut self, lang: &str) {
        let protos = self.sorted_prototypes(lang);
        self.prototype_list(lang, &protos);
        self.own_pages_of(lang, Collection::Prototypes, &protos, |d, i, l| {
            d.prototype_page(l, protos[i]);
        });
    }

    fn prototype_list(&mut self, lang: &str, protos: &[&'a Record<Prototype>]) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.prototypes");
        // Each stage's cards go into Tera's representation as they are
        // made, not the whole list at once: the list shows every
        // prototype, and two copies of 25 000 cards were a quarter of a
        // gigabyte.
        let mut by_stage: Vec<TemplateValue> = Vec::new();
        for st in Stage::ALL {
            let items: Vec<Value> = protos
                .iter()
                .filter(|p| p.data.stage.as_str() == *st)
                .map(|p| self.prototype_card(p, lang))
                .collect();
            if !items.is_empty() {
                by_stage.push(template_value(&json!({"id": st, "label": self.t(lang, &format!("stage.{st}")), "items": items})));
            }
        }
        let mut by_kind: Vec<Value> = Vec::new();
        for k in PrototypeKind::ALL {
            let n = protos.iter().filter(|p| p.data.kind.as_str() == *k).count();
            if n > 0 {
                by_kind.push(json!({"id": k, "label": self.t(lang, &format!("prototype_kind.{k}")), "count": n}));
            }
        }
        let alternates = self.alternates_for(|u| u.section("prototypes"));
        self.push_shared(
            lang,
            &u.section("prototypes"),
            "prototype_list.html",
            &title,
            vec![],
            alternates,
            json!({"kinds": by_kind, "total": protos.len()}),
            vec![("stages", TemplateValue::from(by_stage))],
        );
    }

    fn prototype_page(&mut self, lang: &str, p: &'a Record<Prototype>) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.prototypes");
        {
            let text = p.text(lang, self.dl).clone();
            let url = u.record(Collection::Prototypes, &p.slug);
            let html = self.html(Collection::Prototypes, &p.slug, &p.texts, lang);
            let body = self
                .body(Collection::Prototypes, &p.slug, &p.texts, lang)
                .clone();
            let mut card = self.prototype_card(p, lang);
            if let Some(m) = card.as_object_mut() {
                m.insert("body".into(), json!(html));
                m.insert("editor_note".into(), json!(text.editor_note));
            }
            let jsonld = json!({"@context": "https://schema.org", "@type": "CreativeWork", "name": text.title, "abstract": text.summary, "creativeWorkStatus": self.t(lang, &format!("stage.{}", p.data.stage.as_str())), "inLanguage": text.lang});
            let alternates = self.alternates_for(|u| u.record(Collection::Prototypes, &p.slug));
            let desc = Self::description(&text, &body);
            self.push(lang, &url, "prototype.html", &text.title, vec![(title.clone(), u.section("prototypes"))], alternates,
                json!({"prototype": card, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::Prototypes,
                &p.slug,
                lang,
                &text,
                &url,
                None,
                desc,
            );
        }
    }

    fn institution_pages(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.institutions");
        let groups = self.facet_groups(lang);
        let no_insts = Vec::new();
        let insts = groups
            .iter()
            .find(|g| g.0 == "institutions")
            .map_or(&no_insts, |g| &g.1);
        let all = self.sorted_institutions(lang);
        let items: Vec<Value> = all.iter().map(|(id, name)| {
            let n = insts.iter().find(|x| &x.0 == id).map(|x| x.2.len()).unwrap_or(0);
            let kind = self.site.institutions[id].kind.as_str();
            json!({"id": id, "name": name, "url": u.facet("institutions", id), "count": n, "kind": {"id": kind, "label": self.t(lang, &format!("institution_kind.{kind}"))}})
        }).collect();
        let alternates = self.alternates_for(|u| u.section("institutions"));
        self.push(
            lang,
            &u.section("institutions"),
            "institution_list.html",
            &title,
            vec![],
            alternates,
            json!({"items": items}),
        );
        for (id, name) in &all {
            if self.stopped {
                return;
            }
            let inst = &self.site.institutions[id];
            let members = insts
                .iter()
                .find(|x| &x.0 == id)
                .map(|x| x.2.clone())
                .unwrap_or_default();
            let cards: Vec<TemplateValue> = members
                .iter()
                .map(|s| {
                    let mut c = self.sprint_card(s, lang);
                    if let Some(m) = c.as_object_mut() {
                        m.insert(
                            "role".into(),
                            json!(if s.data.institutions.contains(id) {
                                "owner"
                            } else {
                                "partner"
                            }),
                        );
                    }
                    template_value(&c)
                })
                .collect();
            let url = u.facet("institutions", id);
            let jsonld = json!({"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": name});
            let kind = inst.kind.as_str();
            let idc = id.clone();
            self.paginated(lang, &url, "institution.html", name, vec![(title.clone(), u.section("institutions"))], cards,
                json!({"institution": {"id": id, "name": name, "website": inst.website, "kind": {"id": kind, "label": self.t(lang, &format!("institution_kind.{kind}"))}}, "jsonld": jsonld}),
                Vec::new(),
                move |u| u.facet("institutions", &idc));
        }
    }

    fn glossary_pages(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.glossary");
        let terms = self.sorted_terms(lang);
        // Back-links: which records mention each term, as indexes into
        // `all`. Their JSON is made one term at a time, as the term's page
        // is derived: made for every term at once it was ~750 bytes per
        // back-link, 0.6-0.7 GB per language at 50 000 sprints.
        let mut all: Vec<(Collection, &'a str, &'a Texts)> = all_texts(self.site);
        all.sort_by_key(|(c, s, _)| (*c, s.to_string()));
        let mut used_by: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, &(c, slug, texts)) in all.iter().enumerate() {
            if texts.get(lang).or_else(|| texts.get(self.dl)).is_none() {
                continue;
            }
            for t in &self.body(c, slug, texts, lang).terms {
                match used_by.get_mut(t.as_str()) {
                    Some(v) => v.push(i as u32),
                    None => {
                        used_by.insert(t.clone(), vec![i as u32]);
                    }
                }
            }
        }
        let mut letters: Vec<Value> = Vec::new();
        for t in &terms {
            let text = t.text(lang, self.dl);
            let letter: String = text
                .title
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            let card = json!({"slug": t.slug, "title": text.title, "url": u.record(Collection::Glossary, &t.slug), "text_lang": self.lang_info(&text.lang, lang), "aliases": text.aliases, "summary": truncate(&self.body(Collection::Glossary, &t.slug, &t.texts, lang).text, 160)});
            match letters.last_mut() {
                Some(l) if l["letter"] == json!(letter) => l["items"].as_array_mut().map(|a| a.push(card)).unwrap_or(()),
                _ => letters.push(json!({"letter": letter, "id": format!("letter-{}", crate::validate::slugify(&letter)), "items": [card]})),
            }
        }
        let jsonld = json!({"@context": "https://schema.org", "@type": "DefinedTermSet", "name": title,
            "hasDefinedTerm": terms.iter().map(|t| json!({"@type": "DefinedTerm", "name": t.text(lang, self.dl).title, "url": format!("{}{}", self.cfg.origin_and_path(), u.record(Collection::Glossary, &t.slug).strip_prefix(self.cfg.base_path().trim_end_matches('/')).unwrap_or(""))})).collect::<Vec<_>>()});
        let alternates = self.alternates_for(|u| u.section("glossary"));
        self.push(
            lang,
            &u.section("glossary"),
            "glossary.html",
            &title,
            vec![],
            alternates,
            json!({"letters": letters, "jsonld": jsonld}),
        );
        for t in &terms {
            let text = t.text(lang, self.dl).clone();
            let url = u.record(Collection::Glossary, &t.slug);
            let body = self
                .body(Collection::Glossary, &t.slug, &t.texts, lang)
                .clone();
            let related: Vec<Value> = t.data.related.iter().filter_map(|r| self.site.glossary.iter().find(|g| &g.slug == r)).map(|g| json!({"title": g.text(lang, self.dl).title, "url": u.record(Collection::Glossary, &g.slug)})).collect();
            let jsonld = json!({"@context": "https://schema.org", "@type": "DefinedTerm", "name": text.title, "description": truncate(&body.text, 300), "inDefinedTermSet": format!("{}{}", self.cfg.origin_and_path(), u.section("glossary").strip_prefix(self.cfg.base_path().trim_end_matches('/')).unwrap_or(""))});
            let used: Vec<Value> = used_by
                .get(t.slug.as_str())
                .map(|ix| {
                    ix.iter()
                        .filter_map(|&i| {
                            let (c, slug, texts) = all[i as usize];
                            let text = texts.get(lang).or_else(|| texts.get(self.dl))?;
                            Some(json!({"title": text.title, "url": u.record(c, slug), "kind": c.dir()}))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let alternates = self.alternates_for(|u| u.record(Collection::Glossary, &t.slug));
            let desc = truncate(
                &body.text.split_whitespace().collect::<Vec<_>>().join(" "),
                200,
            );
            self.push(lang, &url, "term.html", &text.title, vec![(title.clone(), u.section("glossary"))], alternates,
                json!({"term": {"slug": t.slug, "title": text.title, "aliases": text.aliases, "body": body.html, "editor_note": text.editor_note, "related": related, "used_by": used, "text_lang": self.lang_info(&text.lang, lang)}, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(Collection::Glossary, &t.slug, lang, &text, &url, None, desc);
        }
    }

    fn guideline_pages(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.guidelines");
        let chapters: Vec<&Record<Chapter>> = self.site.guidelines.iter().collect();
        let cards: Vec<Value> = chapters
            .iter()
            .map(|c| {
                let mut v = self.simple_card(Collection::Guidelines, c, lang);
                v["number"] = json!(c.data.order);
                v["toc"] = json!(
                    self.body(Collection::Guidelines, &c.slug, &c.texts, lang)
                        .toc
                        .iter()
                        .filter(|h| h.level == 2)
                        .collect::<Vec<_>>()
                );
                v
            })
            .collect();
        let book_ld = json!({"@context": "https://schema.org", "@type": "Book", "name": title, "inLanguage": lang,
            "hasPart": chapters.iter().map(|c| json!({"@type": "Chapter", "position": c.data.order, "name": c.text(lang, self.dl).title})).collect::<Vec<_>>()});
        let alternates = self.alternates_for(|u| u.section("guidelines"));
        self.push(
            lang,
            &u.section("guidelines"),
            "guidelines.html",
            &title,
            vec![],
            alternates,
            json!({"chapters": cards, "jsonld": book_ld}),
        );
        let mut full = Vec::new();
        for (i, c) in chapters.iter().enumerate() {
            let text = c.text(lang, self.dl).clone();
            let url = u.record(Collection::Guidelines, &c.slug);
            let body = self
                .body(Collection::Guidelines, &c.slug, &c.texts, lang)
                .clone();
            let prev = i.checked_sub(1).map(|j| cards[j].clone());
            let next = cards.get(i + 1).cloned();
            let chapter = json!({"slug": c.slug, "number": c.data.order, "title": text.title, "summary": text.summary, "body": body.html, "toc": body.toc, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang), "url": url});
            full.push(chapter.clone());
            let jsonld = json!({"@context": "https://schema.org", "@type": "Chapter", "name": text.title, "position": c.data.order, "isPartOf": {"@type": "Book", "name": title}});
            let alternates = self.alternates_for(|u| u.record(Collection::Guidelines, &c.slug));
            let desc = Self::description(&text, &body);
            self.push(lang, &url, "chapter.html", &text.title, vec![(title.clone(), u.section("guidelines"))], alternates,
                json!({"chapter": chapter, "prev": prev, "next": next, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::Guidelines,
                &c.slug,
                lang,
                &text,
                &url,
                None,
                desc,
            );
        }
        let print_title = self.t(lang, "guidelines.print_title");
        let alternates = self.alternates_for(|u| u.print());
        self.push(
            lang,
            &u.print(),
            "guidelines_print.html",
            &print_title,
            vec![(title.clone(), u.section("guidelines"))],
            alternates,
            json!({"chapters": full}),
        );
    }

    fn news_pages(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.news");
        let news = self.sorted_news();
        let cards: Vec<TemplateValue> = news
            .iter()
            .map(|n| {
                let mut v = self.simple_card(Collection::News, n, lang);
                v["date"] = json!(n.data.date.to_string());
                template_value(&v)
            })
            .collect();
        self.paginated(
            lang,
            &u.section("news"),
            "news_list.html",
            &title,
            vec![],
            cards,
            json!({}),
            Vec::new(),
            |u| u.section("news"),
        );
        for n in news {
            if self.stopped {
                return;
            }
            self.news_page(lang, n);
        }
    }

    /// A news item's own page.
    fn news_page(&mut self, lang: &str, n: &'a Record<News>) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.news");
        {
            let text = n.text(lang, self.dl).clone();
            let url = u.record(Collection::News, &n.slug);
            let body = self.body(Collection::News, &n.slug, &n.texts, lang).clone();
            let jsonld = json!({"@context": "https://schema.org", "@type": "NewsArticle", "headline": text.title, "datePublished": n.data.date.to_string(), "inLanguage": text.lang, "publisher": {"@type": "GovernmentOrganization", "name": self.cfg.localized(&self.cfg.organisation, lang)}});
            let alternates = self.alternates_for(|u| u.record(Collection::News, &n.slug));
            let desc = Self::description(&text, &body);
            self.push(lang, &url, "news.html", &text.title, vec![(title.clone(), u.section("news"))], alternates,
                json!({"item": {"title": text.title, "date": n.data.date.to_string(), "summary": text.summary, "body": body.html, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang)}, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::News,
                &n.slug,
                lang,
                &text,
                &url,
                Some(n.data.date.to_string()),
                desc,
            );
        }
    }

    fn free_pages(&mut self, lang: &str) {
        let site: &'a Site = self.site;
        for p in &site.pages {
            self.free_page(lang, p);
        }
    }

    /// A free page's own page.
    fn free_page(&mut self, lang: &str, p: &'a Record<Page>) {
        let u = Urls::new(self.cfg, lang);
        {
            let text = p.text(lang, self.dl).clone();
            let url = u.record(Collection::Pages, &p.slug);
            let body = self
                .body(Collection::Pages, &p.slug, &p.texts, lang)
                .clone();
            let alternates = self.alternates_for(|u| u.record(Collection::Pages, &p.slug));
            let desc = Self::description(&text, &body);
            let extra = self.page_extras(&p.slug, lang);
            self.push(lang, &url, "page.html", &text.title, vec![], alternates,
                json!({"item": {"slug": p.slug, "title": text.title, "summary": text.summary, "body": body.html, "toc": body.toc, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang)}, "extra": extra, "page": {"description": desc, "lang": text.lang}}));
            self.entry(Collection::Pages, &p.slug, lang, &text, &url, None, desc);
        }
    }

    /// Data some free pages show beside their text (funding table, exports).
    fn page_extras(&self, _slug: &str, lang: &str) -> Value {
        let funding: Vec<Value> = self.site.funding.iter().map(|(id, f)| json!({
            "id": id, "name": self.cfg.localized(&f.name, lang), "code": f.code, "amount_eur": f.amount_eur,
            "programme": f.programme.as_ref().map(|p| self.cfg.localized(p, lang).to_string()),
            "period_end": f.period_end, "target": f.target.as_ref().map(|p| self.cfg.localized(p, lang).to_string()),
            "part_of": f.part_of, "editor_note": f.editor_note.as_ref().map(|p| self.cfg.localized(p, lang).to_string()),
        })).collect();
        let data_url = Urls::new(self.cfg, self.dl).section("data");
        let exports: Vec<Value> = crate::outputs::EXPORTS.iter().map(|c| json!({"name": c, "json": format!("{data_url}{c}.json"), "csv": format!("{data_url}{c}.csv")})).collect();
        json!({"funding": funding, "exports": exports})
    }

    fn indicator_page(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "nav.indicators");
        let ind = &self.site.indicators;
        let periods: Vec<Value> = ind
            .periods
            .iter()
            .map(|p| json!({"id": p.id, "label": self.cfg.localized(&p.label, lang)}))
            .collect();
        let mut rows: Vec<Value> = Vec::new();
        let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
        let mut additive_total = 0u64;
        let mut has_additive = false;
        let mut unique_rows = Vec::new();
        for i in &ind.indicators {
            let values: Vec<Value> = ind
                .periods
                .iter()
                .map(|p| json!(i.values.get(&p.id)))
                .collect();
            let sum: u64 = i.values.values().sum();
            let total = match i.kind {
                IndicatorKind::Additive => {
                    has_additive = true;
                    additive_total += sum;
                    for (p, v) in &i.values {
                        *sums.entry(p.as_str()).or_default() += v;
                    }
                    sum
                }
                IndicatorKind::Unique => i.total.unwrap_or(0),
            };
            let row = json!({"id": i.id, "label": self.cfg.localized(&i.label, lang), "kind": i.kind.as_str(), "values": values, "total": total, "derived": false});
            if i.kind == IndicatorKind::Unique {
                unique_rows.push(row)
            } else {
                rows.push(row)
            }
        }
        if has_additive {
            rows.push(json!({"id": "all-attendances", "label": self.t(lang, "indicators.all_attendances"), "kind": "additive",
                "values": ind.periods.iter().map(|p| json!(sums.get(p.id.as_str()))).collect::<Vec<_>>(), "total": additive_total, "derived": true}));
        }
        rows.extend(unique_rows);
        let chart = crate::outputs::bar_chart(
            &rows,
            &periods,
            &self.t(lang, "indicators.chart_title"),
            &self.t(lang, "indicators.chart_desc"),
        );
        let alternates = self.alternates_for(|u| u.section("indicators"));
        let source = ind
            .source
            .as_ref()
            .map(|s| self.cfg.localized(s, lang).to_string());
        self.push(
            lang,
            &u.section("indicators"),
            "indicators.html",
            &title,
            vec![],
            alternates,
            json!({"periods": periods, "rows": rows, "chart": chart, "source": source}),
        );
    }

    /// Figures for the home page, computed from the records.
    fn stats(&self) -> Value {
        let completed: Vec<&Record<Sprint>> = self
            .site
            .sprints
            .iter()
            .filter(|s| s.data.status == Status::Completed)
            .collect();
        let planned = self
            .site
            .sprints
            .iter()
            .filter(|s| s.data.status == Status::Planned)
            .count();
        let participants: u64 = completed
            .iter()
            .filter_map(|s| s.data.participants)
            .map(u64::from)
            .sum();
        let institutions: BTreeSet<&String> = completed
            .iter()
            .flat_map(|s| s.data.institutions.iter().chain(&s.data.partners))
            .collect();
        let unique = |id: &str| {
            self.site
                .indicators
                .indicators
                .iter()
                .find(|i| i.id == id)
                .and_then(|i| i.total)
        };
        json!({
            "sprints_completed": completed.len(),
            "sprints_planned": planned,
            "participants": participants,
            "institutions": institutions.len(),
            "prototypes": self.site.prototypes.len(),
            "people_reached": unique("unique-people"),
            "institutions_reached": unique("unique-institutions"),
        })
    }

    fn home_page(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let stats = self.stats();
        let mut completed: Vec<&Record<Sprint>> = self
            .site
            .sprints
            .iter()
            .filter(|s| s.data.status == Status::Completed)
            .collect();
        completed.sort_by(|a, b| {
            b.data
                .end
                .cmp(&a.data.end)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let latest: Vec<Value> = completed
            .iter()
            .take(3)
            .map(|s| self.sprint_card(s, lang))
            .collect();
        let open: Vec<&Record<Sprint>> = self
            .sorted_sprints()
            .iter()
            .filter(|s| s.data.status != Status::Completed)
            .copied()
            .collect();
        let planned: Vec<TemplateValue> = open
            .iter()
            .take(HOME_PLANNED)
            .map(|s| self.list_card(s, lang))
            .collect();
        // More than fit: link the status pages that list them all.
        let planned_more: Vec<Value> = if open.len() > HOME_PLANNED {
            [Status::Running, Status::Planned]
                .iter()
                .filter_map(|st| {
                    let n = open.iter().filter(|s| s.data.status == *st).count();
                    (n > 0).then(|| {
                        let mut v = self.vocab_ref(lang, "status", "status", st.as_str());
                        v["count"] = json!(n);
                        v
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut news: Vec<&Record<News>> = self.site.news.iter().collect();
        news.sort_by_key(|n| std::cmp::Reverse(n.data.date));
        let news: Vec<Value> = news
            .iter()
            .take(3)
            .map(|n| {
                let mut v = self.simple_card(Collection::News, n, lang);
                v["date"] = json!(n.data.date.to_string());
                v
            })
            .collect();
        let figures = json!([
            {"value": stats["sprints_completed"], "label": plural(self.strings, lang, "count.sprints_completed", stats["sprints_completed"].as_u64().unwrap_or(0))},
            {"value": stats["participants"], "label": plural(self.strings, lang, "count.participants", stats["participants"].as_u64().unwrap_or(0))},
            {"value": stats["institutions"], "label": plural(self.strings, lang, "count.institutions", stats["institutions"].as_u64().unwrap_or(0))},
            {"value": stats["prototypes"], "label": plural(self.strings, lang, "count.prototypes", stats["prototypes"].as_u64().unwrap_or(0))},
        ]);
        let org_ld = json!({"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": self.cfg.localized(&self.cfg.title, lang), "url": self.cfg.base_url, "email": self.cfg.contact_email, "parentOrganization": {"@type": "GovernmentOrganization", "name": self.cfg.localized(&self.cfg.organisation, lang)}});
        let alternates = self.alternates_for(|u| u.home());
        let title = self.cfg.localized(&self.cfg.title, lang).to_string();
        let apply = self.site.pages.iter().find(|p| p.slug == "pieteikties-sprintam").map(|p| json!({"title": p.text(lang, self.dl).title, "url": u.record(Collection::Pages, &p.slug)}));
        self.push_shared(lang, &u.home(), "home.html", &title, vec![], alternates,
            json!({"stats": stats, "figures": figures, "latest": latest, "planned_more": planned_more, "news": news, "apply": apply, "jsonld": org_ld}),
            vec![("planned", TemplateValue::from(planned))]);
    }

    fn search_and_404(&mut self, lang: &str) {
        let u = Urls::new(self.cfg, lang);
        let title = self.t(lang, "search.title");
        let alternates = self.alternates_for(|u| u.section("search"));
        let kinds: Vec<Value> = [
            "sprint",
            "prototype",
            "term",
            "chapter",
            "institution",
            "page",
            "news",
        ]
        .iter()
        .map(|k| json!({"id": k, "label": self.t(lang, &format!("kind.{k}"))}))
        .collect();
        self.push(
            lang,
            &u.section("search"),
            "search.html",
            &title,
            vec![],
            alternates,
            json!({"kinds": kinds, "page": {"noindex": true}}),
        );
        let url404 = format!("{}404.html", u.home());
        let alternates = self.alternates_for(|u| format!("{}404.html", u.home()));
        self.push(
            lang,
            &url404,
            "404.html",
            &self.t(lang, "notfound.title"),
            vec![],
            alternates,
            json!({"page": {"noindex": true}}),
        );
    }
}

/// How many values of one facet the sidebar lists before "See all".
pub const FACET_NAV_MAX: usize = 12;

/// The values of a facet the sidebar shows, in display order: all of them
/// when there are few, else the [`FACET_NAV_MAX`] with most sprints plus the
/// active one. Listing 200 institutions on every list page made them
/// mostly sidebar, for readers and for the build alike; the facet's own
/// index page lists every value.
fn facet_nav_values<'v, T>(
    values: &'v [(String, String, Vec<T>)],
    active: Option<&str>,
) -> Vec<&'v (String, String, Vec<T>)> {
    if values.len() <= FACET_NAV_MAX {
        return values.iter().collect();
    }
    let mut by_count: Vec<usize> = (0..values.len()).collect();
    by_count.sort_by_key(|&i| (std::cmp::Reverse(values[i].2.len()), i));
    let mut keep: BTreeSet<usize> = by_count.into_iter().take(FACET_NAV_MAX).collect();
    if let Some(a) = active.and_then(|a| values.iter().position(|v| v.0 == a)) {
        keep.insert(a);
    }
    keep.into_iter().map(|i| &values[i]).collect()
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

/// A sort key that orders Latvian letters after their base letter (a < ā < b).
pub fn collate(s: &str) -> Vec<(char, u8)> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            let base = crate::validate::fold_char(c);
            (base, u8::from(base != c))
        })
        .collect()
}

/// Cuts text at a word boundary, adding an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_facets_show_the_biggest_values_and_the_active_one() {
        let values: Vec<(String, String, Vec<u8>)> = (0..20)
            .map(|i| (format!("v{i}"), format!("V{i}"), vec![0; i]))
            .collect();
        let ids = |a| {
            facet_nav_values(&values, a)
                .iter()
                .map(|v| v.0.clone())
                .collect::<Vec<_>>()
        };
        let top = ids(None);
        assert_eq!(top.len(), FACET_NAV_MAX);
        assert_eq!(top.first().map(String::as_str), Some("v8")); // display order kept
        assert_eq!(top.last().map(String::as_str), Some("v19"));
        let with_active = ids(Some("v0"));
        assert_eq!(with_active.len(), FACET_NAV_MAX + 1);
        assert_eq!(with_active[0], "v0");
        assert_eq!(
            ids(None).len(),
            facet_nav_values(&values[..5], None).len() + 7
        );
    }

    /// A build keeps only [`description_lead`] of a body's text; the page
    /// description made from it must be the one the whole text gives,
    /// whatever the words' lengths and the whitespace between them.
    #[test]
    fn a_description_from_the_lead_equals_one_from_the_whole_text() {
        let joined = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let words = [
            "ā",
            "sprints",
            "  ",
            "\n\n",
            "inovācijas",
            "x,",
            "laboratorija.",
            "\t",
        ];
        let mut seed = 7u64;
        for n in 0..400 {
            let mut text = String::new();
            for _ in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(words[(seed >> 33) as usize % words.len()]);
                text.push(if seed & 1 == 0 { ' ' } else { '\n' });
            }
            let lead = description_lead(&text);
            assert!(lead.chars().count() <= DESCRIPTION_CHARS + 16, "{lead}");
            assert_eq!(
                truncate(&joined(&lead), DESCRIPTION_CHARS),
                truncate(&joined(&text), DESCRIPTION_CHARS),
                "{text:?}"
            );
        }
    }

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

    #[test]
    fn latvian_plurals() {
        assert_eq!(plural_category("lv", 1), "one");
        assert_eq!(plural_category("lv", 21), "one");
        assert_eq!(plural_category("lv", 2), "other");
        assert_eq!(plural_category("lv", 11), "zero");
        assert_eq!(plural_category("lv", 10), "zero");
        assert_eq!(plural_category("en", 1), "one");
    }

    #[test]
    fn collation_puts_long_vowels_after_base() {
        let mut v = vec!["ābols", "bumba", "auto"];
        v.sort_by_key(|s| collate(s));
        assert_eq!(v, ["auto", "ābols", "bumba"]);
    }
}
