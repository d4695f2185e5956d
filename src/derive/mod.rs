//! Stage 3, derive: everything computed from the records — URLs per
//! language, facets and their counts, totals for the home page,
//! prototype↔sprint links both ways, glossary back-links, previous/next,
//! and one [`PageJob`] per output page with the context its template gets.
//!
//! A pure function of the [`Site`] and the theme's strings: no I/O but
//! bodies read again from their files. Page jobs carry no dependency
//! list: `serve` knows exactly which pages an edit changed by comparing
//! each job's render key (a hash of its context, see `serve::pages`),
//! which cannot miss a dependency the way a hand-kept list can, and costs
//! no memory per page (a per-page list of every sprint a list page reads
//! was most of the memory of a 10 000-record build).
//!
//! The stage, in order ([`prepare`], then [`Derivation::pages`]):
//!
//! 1. [`bodies`]: every record's Markdown, once (how a body is then held
//!    — in memory, read again from its file, spilled — is its business);
//! 2. [`globals`]: the site-wide context of each language;
//! 3. [`search_docs`]: one search document per page, per language;
//! 4. [`pages`]: each language's pages, one module per page kind, reading
//!    [`urls`], [`relations`], [`cards`] and [`facets`];
//! 5. [`entries`]: the sitemap rows and feed entries the pages left, for
//!    [`crate::outputs`].

mod bodies;
mod cards;
pub mod digest;
mod entries;
mod facets;
mod globals;
mod pages;
mod relations;
mod search_docs;
pub(crate) mod urls;

pub use bodies::{BodyCache, unread_body};
pub use entries::{EXPORTS, Entry, FEED_COLLECTIONS, FEED_ITEMS, SitemapRow};
pub use facets::FACET_NAV_MAX;
pub use pages::home::HOME_PLANNED;
pub use urls::{
    BaseUrl, LINK_KINDS, RecordUrl, Redirect, SiteLinks, old_url_problem, output_path, record_urls,
    redirects,
};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::{Strings, tr};
use crate::load::Collection;
use crate::records::*;
use crate::search::SearchDoc;
use bodies::Bodies;
use cards::CardCache;
use facets::Groups;
use relations::Relations;
use serde_json::Value;
use std::cell::RefCell;
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
pub(crate) type Shared = Vec<(&'static str, TemplateValue)>;

/// Converts a JSON value into Tera's representation.
pub fn template_value(v: &Value) -> TemplateValue {
    tera::Value::try_from_serializable(v).unwrap_or_else(|_| tera::Value::none())
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
    /// The pages the feeds list: the newest [`FEED_ITEMS`]
    /// sprints and news items per language.
    pub entries: Vec<Entry>,
    pub diags: Vec<Diagnostic>,
    /// Every internal link of every body, for [`crate::links`] to check
    /// against the pages built.
    pub links: Vec<crate::markdown::BodyLink>,
    /// Media files the bodies use, copied into the output by
    /// [`crate::outputs`].
    pub media: Vec<crate::markdown::MediaCopy>,
}

/// Derives the model with every page in [`Model::pages`] (what `serve`
/// and tests want). Builds use [`prepare`] and [`Derivation::pages`] to
/// stream pages instead.
pub fn derive(site: &Site, strings: &Strings) -> Model {
    let mut pages = Vec::new();
    let mut model = prepare(site, strings, None, None).pages(|batch| pages.extend(batch));
    model.pages = pages;
    model
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
pub(crate) const STOP_EVERY: usize = 64;

/// How many page jobs [`Derivation::pages`] hands over at a time: enough
/// to keep both cores rendering, few enough that contexts never pile up.
pub const PAGE_BATCH: usize = 64;

/// How many listed things (cards, back-links: [`listed`]) the page jobs
/// of one batch may carry before it is handed over, whatever its length:
/// 64 pages of 30 cards fit, while a glossary term's pages list 500
/// back-links each, and 64 of them, a few batches in flight, were a
/// quarter of a 10 000-record build's heap at its peak.
pub const BATCH_ITEMS: usize = 2_048;

/// How many things a page's context lists: the lengths of its top-level
/// lists. A cheap stand-in for the context's size, which is mostly its
/// lists' entries.
fn listed(context: &TemplateValue) -> usize {
    context.as_map().map_or(0, |m| {
        m.values()
            .filter_map(|v| v.as_array())
            .map(<[TemplateValue]>::len)
            .sum()
    })
}

/// The first half of derivation: Markdown bodies, site globals and search
/// documents, everything pages need from the whole site. The page jobs
/// come after, from [`Derivation::pages`], so that a build can build the
/// search index in between and render pages as they are derived.
///
/// With a `spill`, the plain text of sprint and prototype bodies waits on
/// disk, not in memory, between the first pass and the search index
/// ([`crate::spill`]). With a `cache`, bodies rendered by an earlier run
/// are taken from it and every body's HTML is kept ([`BodyCache`]).
pub fn prepare<'a>(
    site: &'a Site,
    strings: &'a Strings,
    spill: Option<crate::spill::Spill>,
    cache: Option<&BodyCache>,
) -> Derivation<'a> {
    prepare_for(site, strings, None, spill, cache, None).0
}

/// [`prepare`], giving up once `stop()` says so: `None`. Asked between
/// chunks of bodies and every few hundred search documents. `serve`
/// stops a whole-site rebuild this way when the editor saves again: at
/// 10 000 records this half takes about a second, which the save's
/// preview would otherwise wait for.
pub fn prepare_unless<'a>(
    site: &'a Site,
    strings: &'a Strings,
    spill: Option<crate::spill::Spill>,
    cache: Option<&BodyCache>,
    stop: &dyn Fn() -> bool,
) -> Option<Derivation<'a>> {
    match prepare_for(site, strings, None, spill, cache, Some(stop)) {
        (_, true) => None,
        (d, false) => Some(d),
    }
}

/// The records whose own pages [`derive_records`] derives.
pub type RecordSet = BTreeSet<(Collection, String)>;

/// The collections whose records' pages [`derive_records`] derives
/// exactly as [`derive`] does. A sprint's, prototype's, news item's or
/// free page's own pages depend on nothing but the record, the records it
/// names (cards, found in the site as it is) and site-wide values; a
/// guidelines chapter's pages are derived with every chapter (the
/// contents, its neighbours' cards and the print annex hold them all); a
/// glossary term's page lists the records whose bodies use it, taken
/// from the [`BodyCache`] (what each body used when last read), so a
/// term's pages are derived only with a cache.
pub const PREVIEW_COLLECTIONS: [Collection; 6] = [
    Collection::Sprints,
    Collection::Prototypes,
    Collection::News,
    Collection::Pages,
    Collection::Guidelines,
    Collection::Glossary,
];

/// The page jobs of `only`'s records' own pages (every language) and
/// nothing else: no list, facet, home or search output, and Markdown only
/// for those records — but for a guidelines chapter, every page of the
/// guidelines section (contents, chapters, print annex, change log), with
/// every chapter's Markdown. `serve` shows an edited record's page with
/// this while the rest of the site is rebuilt; each job is equal to the
/// one [`derive`] makes for the same path (`tests/serve_preview.rs`
/// checks every record of the bundled site).
/// Records outside [`PREVIEW_COLLECTIONS`] are ignored.
pub fn derive_records(
    site: &Site,
    strings: &Strings,
    only: RecordSet,
    cache: Option<&BodyCache>,
) -> Model {
    let mut pages = Vec::new();
    let (prep, _) = prepare_for(site, strings, Some(only), None, cache, None);
    let mut model = prep.pages(|batch| pages.extend(batch));
    model.pages = pages;
    model
}

fn prepare_for<'a>(
    site: &'a Site,
    strings: &'a Strings,
    only: Option<RecordSet>,
    spill: Option<crate::spill::Spill>,
    cache: Option<&BodyCache>,
    stop: Option<&dyn Fn() -> bool>,
) -> (Derivation<'a>, bool) {
    let cfg = &site.config;
    let langs = cfg.lang_codes();
    let base = BaseUrl::new(cfg);
    // A term's back-links come from the cache (see PREVIEW_COLLECTIONS).
    let only = only.map(|mut o| {
        if cache.is_none() {
            o.retain(|(c, _)| *c != Collection::Glossary);
        }
        o
    });
    let texts = match &only {
        None => all_texts(site),
        // The edited records alone, not a scan of every record's key.
        Some(only) => {
            let mut texts: Vec<_> = only
                .iter()
                .filter(|(c, _)| *c != Collection::Guidelines)
                .filter_map(|(c, slug)| record_texts(site, *c, slug))
                .collect();
            if only.iter().any(|(c, _)| *c == Collection::Guidelines) {
                texts.extend(
                    site.guidelines
                        .iter()
                        .map(|r| (Collection::Guidelines, r.slug.as_str(), &r.texts)),
                );
            }
            texts
        }
    };
    let (mut bodies, stopped) = Bodies::read(
        site,
        &base,
        &langs,
        texts,
        only.is_none(),
        spill,
        cache,
        stop,
    );
    if let (Some(only), Some(cache)) = (&only, cache) {
        let terms: BTreeSet<&str> = only
            .iter()
            .filter(|(c, _)| *c == Collection::Glossary)
            .map(|(_, slug)| slug.as_str())
            .collect();
        if !terms.is_empty() {
            bodies.remember_users_of(cache, &terms);
        }
    }
    let mut d = Deriver {
        site,
        cfg,
        strings,
        dl: cfg.default_language.as_str(),
        base,
        bodies,
        jobs: Jobs::default(),
        sitemap: Vec::new(),
        entries: Vec::new(),
        search_docs: BTreeMap::new(),
        docs_pending: BTreeSet::new(),
        relations: Relations::default(),
        cards: CardCache::default(),
        groups: RefCell::new(HashMap::new()),
        only,
    };
    let globals = langs.iter().map(|l| (l.clone(), d.globals(l))).collect();
    let mut stopped = stopped;
    if d.only.is_none() && !stopped {
        // A build makes each language's documents when it indexes that
        // language ([`Derivation::feed_search_docs`]), so that only one
        // language's copy of every text is alive at a time.
        d.docs_pending = langs.iter().cloned().collect();
        if !d.bodies.saves_memory() {
            for lang in std::mem::take(&mut d.docs_pending) {
                if d.search_docs_for(&lang, None, stop) {
                    stopped = true;
                    break;
                }
            }
        }
    }
    if stopped {
        // What was read is thrown away: let another thread free it.
        drop_later((d.bodies.take_rendered(), std::mem::take(&mut d.search_docs)));
    }
    (Derivation { d, globals, langs }, stopped)
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
        self.d.bodies.diags()
    }

    /// The pages whose element ids the body links need (`#fragment`
    /// links), as output paths, to note while the pages are written.
    pub fn fragment_targets(&self) -> std::collections::HashSet<String> {
        self.d
            .bodies
            .fragment_links()
            .into_iter()
            .map(|l| self.d.base.output_path(&l.url))
            .collect()
    }

    /// The media files the bodies use (known before any page is derived).
    pub fn media(&self) -> Vec<crate::markdown::MediaCopy> {
        self.d.bodies.media()
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
            self.d.search_docs_for(lang, Some(feed), None);
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
            // Links first: reading spilled ones back may add a diagnostic.
            links: self.d.bodies.links(),
            diags: self.d.bodies.take_diags(),
            media: self.d.bodies.media(),
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
        d.jobs.emit = Some(Box::new(emit));
        d.jobs.stop = stop;
        d.all_search_docs();
        d.bodies.shorten_texts();
        for lang in &langs {
            d.lang_pages(lang);
            // Cards are per language: the next language builds its own.
            // Keeping them was a fifth of a 50 000-sprint build's memory.
            if d.whole_site() {
                d.cards.forget();
            }
        }
        d.jobs.flush();
        if d.jobs.stopped {
            // What was derived is thrown away: let another thread free it.
            let list_cards: Vec<TemplateValue> = d.cards.take();
            drop_later((
                d.bodies.take_rendered(),
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
            // Links first: reading spilled ones back may add a diagnostic.
            links: d.bodies.links(),
            diags: d.bodies.take_diags(),
            media: d.bodies.media(),
        };
        (model, d.jobs.stopped)
    }
}

/// The state of one derivation, shared by the steps of the stage: the
/// site, what is derived so far, and the caches that keep a big site
/// linear. Each step is an `impl` block in its own module.
struct Deriver<'a, 'e> {
    site: &'a Site,
    cfg: &'a Config,
    strings: &'a Strings,
    /// The default language's code.
    dl: &'a str,
    /// The site's base URL, parsed once.
    base: BaseUrl,
    /// Every record's rendered body, however it is held ([`Bodies`]).
    bodies: Bodies<'a>,
    /// Page jobs on their way to the renderer ([`Jobs`]).
    jobs: Jobs<'e>,
    sitemap: Vec<SitemapRow>,
    entries: Vec<Entry>,
    search_docs: BTreeMap<String, Vec<SearchDoc>>,
    /// Languages whose search documents are still to be made.
    docs_pending: BTreeSet<String>,
    /// Sprint and prototype lookups, built on first use ([`Relations`]).
    relations: Relations<'a>,
    /// Cards and their shared pieces, made once ([`CardCache`]).
    cards: CardCache<'a>,
    /// Facet groups per language, computed on first use.
    groups: RefCell<HashMap<String, Rc<Groups<'a>>>>,
    /// Derive only these records' own pages ([`derive_records`]).
    only: Option<RecordSet>,
}

/// Where page jobs go as they are derived, and whether to stop deriving
/// them ([`Derivation::pages_unless`]).
#[derive(Default)]
struct Jobs<'e> {
    /// Page jobs not yet handed to `emit`.
    pending: Vec<PageJob>,
    /// What the pending jobs list ([`listed`]), together.
    pending_items: usize,
    emit: Option<Box<dyn FnMut(Vec<PageJob>) + 'e>>,
    /// Asked at every batch handed to `emit`.
    stop: Option<&'e dyn Fn() -> bool>,
    /// `stop` said so: no more pages are derived.
    stopped: bool,
}

impl Jobs<'_> {
    /// Takes one page job; hands a batch to `emit` every [`PAGE_BATCH`]
    /// jobs or [`BATCH_ITEMS`] listed things, whichever comes first, and
    /// asks `stop` every [`STOP_EVERY`] in between.
    fn push(&mut self, job: PageJob) {
        self.pending_items += listed(&job.context);
        self.pending.push(job);
        if self.pending.len() >= PAGE_BATCH || self.pending_items >= BATCH_ITEMS {
            self.flush();
        } else if self.pending.len().is_multiple_of(STOP_EVERY) {
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
        self.pending_items = 0;
        if self.ask_stop() {
            self.pending.clear();
            return;
        }
        if let Some(emit) = self.emit.as_mut() {
            emit(std::mem::take(&mut self.pending));
        }
    }
}

/// One record's (collection, slug, texts), as [`all_texts`] lists them.
pub(crate) fn record_texts<'s>(
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
pub(crate) fn all_texts(site: &Site) -> Vec<(Collection, &str, &Texts)> {
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
    /// A UI string of `lang` ([`tr`]).
    fn t(&self, lang: &str, key: &str) -> String {
        tr(self.strings, lang, key)
    }

    /// Whether list, facet and other whole-site pages are wanted.
    fn whole_site(&self) -> bool {
        self.only.is_none()
    }

    /// Every page of one language, section by section; for
    /// [`derive_records`], the edited records' own pages alone.
    fn lang_pages(&mut self, lang: &str) {
        if let Some(only) = self.only.clone() {
            for (c, slug) in &only {
                self.own_pages(lang, *c, slug);
            }
            if only.iter().any(|(c, _)| *c == Collection::Guidelines) {
                self.guideline_pages(lang);
            }
            return;
        }
        // The sections that list sprint cards come first, so that the
        // cards can be forgotten before the biggest other pages.
        let with_cards: [fn(&mut Self, &str); 3] = [
            Self::sprint_pages,
            Self::facet_pages,
            Self::institution_pages,
        ];
        let after: [fn(&mut Self, &str); 9] = [
            Self::prototype_pages,
            Self::glossary_pages,
            Self::guideline_pages,
            Self::news_pages,
            Self::free_pages,
            Self::indicator_page,
            Self::home_page,
            Self::search_and_404,
            Self::redirect_pages,
        ];
        for section in with_cards {
            if self.jobs.stopped {
                return;
            }
            section(self, lang);
        }
        if self.jobs.stopped {
            return;
        }
        // Frees the sprint cards once the lists that share them are
        // derived (the home page builds its few again): at 50 000 sprints
        // they are hundreds of megabytes, and the prototype list and
        // glossary pages that come next are the stage's biggest pages.
        self.cards.forget();
        for section in after {
            if self.jobs.stopped {
                return;
            }
            section(self, lang);
        }
    }
}
