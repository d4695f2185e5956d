//! How a record's body is held between the first pass and its page, so
//! that page code asks for a body's HTML ([`Bodies::html`]) or its
//! rendering ([`Bodies::body`]) and does not know which of these it got:
//!
//! - kept in memory from the first pass (small collections, `serve`, a
//!   preview);
//! - rendered again from its file when its page is derived, a few dozen
//!   ahead in parallel ([`LAZY_HTML`]: a big site's sprints and
//!   prototypes, whose HTML for every body at once was a gigabyte at
//!   50 000 sprints);
//! - its plain text spilled to a scratch file until the search documents
//!   are made ([`crate::spill`]), and in a build its HTML, headings and
//!   links too, until its page and the link check read them back;
//! - taken from a [`BodyCache`] that `serve` keeps between rebuilds.

use super::urls::{BaseUrl, SiteLinks, Urls};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Collection;
use crate::markdown::{self, Rendered, TermMatcher};
use crate::records::{Record, Site, Text, Texts};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

mod cache;

pub use cache::BodyCache;
use cache::TermUses;

/// Glossary forms for [`TermMatcher::new`]: (form, slug, url).
type TermForms = Vec<(String, String, String)>;

fn hash_of<T: std::hash::Hash>(v: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// (collection, slug, language of the text).
pub(crate) type Key = (Collection, String, String);

/// Where a spilled body's pieces are in the scratch file: its plain text;
/// when the first pass rendered its HTML, that HTML and (as JSON) its
/// headings and links. The headings are read back with the HTML, for its
/// page; the links once every page is written, for the link check. Kept
/// in memory they were 85 MiB of a 50,000-record build's peak.
///
/// When its HTML was spilled, the body is held here alone, with the two
/// things of its rendering still read in memory: its lead and its terms.
/// Its whole [`Rendered`] in a second map (a 250-byte slot, mostly empty
/// fields) with a set of terms was ~600 bytes a body, 60 MiB at 50,000
/// records.
#[derive(Debug, Clone)]
struct Spilled {
    text: crate::spill::Span,
    html: Option<crate::spill::Span>,
    toc_and_links: Option<crate::spill::Span>,
    /// The start of the body's plain text, for a page description
    /// ([`Bodies::lead`]); empty when no description reads it.
    lead: Box<str>,
    /// The glossary terms the body uses, in order.
    terms: Box<[Arc<str>]>,
}

/// Bodies read at a time by the first pass when their texts are spilled:
/// the texts of one chunk are in memory at once.
const SPILL_CHUNK: usize = 4096;

/// The same when their HTML is spilled too: a chunk's HTML is several
/// times its text (4,096 bodies' HTML and text raised a 10,000-record
/// build's peak by 90 MiB).
const SPILL_HTML_CHUNK: usize = 256;

/// Bodies read at a time by a first pass that may be stopped
/// ([`super::prepare_unless`]) between two chunks: `serve`'s whole-site
/// pass at 10 000 records takes about half a second, most of it hashing
/// bodies to find them in the cache; a save should not wait for all of
/// it.
const STOP_CHUNK: usize = 1024;

/// The collections whose body HTML a whole-site build renders only when
/// their pages are derived: they are nearly all of a big site's text, and
/// holding every body's HTML at once was a gigabyte at 50 000 sprints.
/// The first pass reads them for text only ([`markdown::Settings::html`]).
const LAZY_HTML: [Collection; 2] = [Collection::Sprints, Collection::Prototypes];

/// Characters of a page description taken from the body.
pub(crate) const DESCRIPTION_CHARS: usize = 200;

/// The start of a body's plain text, whitespace collapsed, long enough
/// that a page description made of it equals the description of the
/// whole text: [`super::pages::truncate`] reads the first `DESCRIPTION_CHARS` characters and
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

/// Whether a page description never reads this text's body: it is made
/// of the summary, else the outcome, else the body's lead
/// ([`super::Deriver::description`]).
fn lead_unused(text: &Text) -> bool {
    text.summary.is_some() || text.outcome.is_some()
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
    links: &'s SiteLinks<'s>,
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
        links: Some(links),
    }
}

/// The HTML of one body, rendered exactly as the first pass would have
/// with [`markdown::Settings::html`] on (its diagnostics were reported
/// then).
fn body_html(
    cfg: &Config,
    base_path: &str,
    matchers: &BTreeMap<String, Arc<TermMatcher>>,
    c: Collection,
    slug: &str,
    text: &Text,
    links: &SiteLinks,
) -> Result<String, Diagnostic> {
    let body = text.body.read().map_err(|e| unread_body(text, e))?;
    let terms = matchers.get(&text.lang).map(|m| &**m);
    let settings = body_settings(cfg, base_path, c, slug, text, terms, true, links);
    Ok(markdown::render(&body, &settings).html)
}

/// The error for a body its file no longer gives
/// ([`crate::load::Body::read`]).
pub fn unread_body(text: &Text, why: String) -> Diagnostic {
    Diagnostic::error(crate::diagnostics::Kind::Io, text.path.clone(), why)
        .hint("a file was edited or removed while the site was being built; build again")
}

/// Every record's rendered body, held as this derivation needs (see the
/// module's documentation), with the diagnostics its Markdown gave.
pub(crate) struct Bodies<'a> {
    cfg: &'a Config,
    /// The site, to name a body's file in a diagnostic.
    site: &'a Site,
    /// The default language's code: an untranslated record shows its text.
    dl: &'a str,
    base_path: String,
    /// The first pass's renderings; without HTML for [`LAZY_HTML`] bodies
    /// when `lazy`.
    rendered: BTreeMap<Key, Rendered>,
    /// Whether the HTML of sprint and prototype bodies is rendered when
    /// their pages are derived ([`LAZY_HTML`]) rather than kept for all.
    lazy: bool,
    /// Each language's glossary matcher, for rendering HTML later.
    matchers: BTreeMap<String, Arc<TermMatcher>>,
    /// HTML rendered ahead (in parallel) for the pages about to be
    /// derived, with how many of those pages still want it.
    ahead: HashMap<Key, (String, usize)>,
    /// Where the plain text of [`LAZY_HTML`] bodies waits for the search
    /// documents, if anywhere but memory.
    spill: Option<crate::spill::Spill>,
    /// Where each spilled text is, and its HTML, headings and links if
    /// those were spilled too (one map: a second map's keys were 20 MiB at
    /// 50,000 records); their [`Rendered::text`] keeps only the lead a page
    /// description needs ([`description_lead`]).
    spilled: HashMap<Key, Spilled>,
    /// The links with a `#fragment` of the bodies whose links were
    /// spilled: known before any page is written
    /// ([`Self::fragment_links`]).
    fragment_links: Vec<markdown::BodyLink>,
    /// The media files of the bodies held in [`Self::spilled`] alone.
    spilled_media: Vec<markdown::MediaCopy>,
    /// Whether the first pass renders [`LAZY_HTML`] bodies' HTML too and
    /// spills it beside their text, for their pages to read back: each
    /// body is then read and rendered once. Without a spill they are
    /// rendered again when their pages are derived ([`Self::render_ahead`]).
    html_spilled: bool,
    /// Writing to the spill failed: texts are kept in memory from then on.
    spill_full: bool,
    /// Markdown's diagnostics, then bodies that could not be read again.
    diags: Vec<Diagnostic>,
    /// The site's records and files, for links and images in bodies.
    links: SiteLinks<'a>,
    /// For a derivation of a few records: the glossary terms of the
    /// bodies it did not read, as the cache remembers them
    /// ([`Bodies::remember_users_of`]), by slug (looked up for every
    /// record of the site without allocating a key), with their
    /// collection and language.
    remembered_terms: Option<HashMap<String, Vec<(Collection, String, Vec<Arc<str>>)>>>,
}

impl<'a> Bodies<'a> {
    /// The first pass: the Markdown of every text of `texts`, in
    /// parallel, with glossary linking. A `whole_site` derivation without
    /// a `cache` leaves [`LAZY_HTML`] HTML for later and may `spill`;
    /// with a `cache`, bodies it holds are not rendered again.
    pub(crate) fn read(
        site: &'a Site,
        base: &BaseUrl,
        langs: &[String],
        texts: Vec<(Collection, &'a str, &'a Texts)>,
        whole_site: bool,
        spill: Option<crate::spill::Spill>,
        cache: Option<&BodyCache>,
        stop: Option<&dyn Fn() -> bool>,
    ) -> (Bodies<'a>, bool) {
        let cfg = &site.config;
        let mut b = Bodies {
            cfg,
            site,
            dl: cfg.default_language.as_str(),
            base_path: base.path().to_string(),
            rendered: BTreeMap::new(),
            // `serve` remembers bodies between builds, HTML included; a
            // preview derives a few pages and needs no second pass either.
            lazy: whole_site && cache.is_none(),
            // The first pass renders the HTML it can spill (before `spill`
            // moves in).
            html_spilled: whole_site && cache.is_none() && spill.is_some(),
            spill: spill.filter(|_| whole_site),
            spilled: HashMap::new(),
            fragment_links: Vec::new(),
            spilled_media: Vec::new(),
            spill_full: false,
            matchers: BTreeMap::new(),
            ahead: HashMap::new(),
            diags: Vec::new(),
            links: match cache {
                Some(cache) => SiteLinks::kept(site, base, &cache.links),
                None => SiteLinks::new(site, base),
            },
            remembered_terms: None,
        };
        let links_key = b.links.fingerprint();
        // Glossary forms per language, and a hash of them for the memo key;
        // the matcher itself is built only if some body is not remembered.
        let forms: BTreeMap<String, (TermForms, u64)> = langs
            .iter()
            .map(|lang| {
                let u = Urls::new(cfg, base, lang);
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
        let matchers: BTreeMap<&str, OnceLock<Arc<TermMatcher>>> = forms
            .keys()
            .map(|l| (l.as_str(), OnceLock::new()))
            .collect();
        let matcher = |lang: &str| -> Arc<TermMatcher> {
            let (f, h) = forms.get(lang).cloned().unwrap_or_default();
            if let Some(cache) = cache
                && let Ok(mut m) = cache.matchers.lock()
            {
                return m
                    .entry(h)
                    .or_insert_with(|| Arc::new(TermMatcher::quick(f)))
                    .clone();
            }
            Arc::new(TermMatcher::new(f))
        };
        let base_path = b.base_path.clone();
        let lazy = b.lazy;
        let html_now = b.html_spilled;
        let jobs: Vec<(Collection, &str, &Text)> = texts
            .into_iter()
            .flat_map(|(c, slug, texts)| texts.values().map(move |t| (c, slug, t)))
            .collect();
        let chunk = if html_now {
            SPILL_HTML_CHUNK
        } else if b.spill.is_some() {
            SPILL_CHUNK
        } else if stop.is_some() {
            STOP_CHUNK
        } else {
            jobs.len().max(1)
        };
        let mut used: HashSet<u64> = HashSet::new();
        // A whole site's term uses replace the cache's at the end, and
        // only if the pass was not stopped: a preview of a term's page
        // must not find half of them.
        let mut fresh_terms = (whole_site && cache.is_some()).then(TermUses::default);
        for jobs in jobs.chunks(chunk) {
            if stop.is_some_and(|stop| stop()) {
                return (b, true);
            }
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
                        links_key,
                    ));
                    let key = (*c, slug.to_string(), text.lang.clone());
                    if let Some(r) =
                        cache.and_then(|m| m.bodies.lock().ok()?.get(&memo_key).cloned())
                    {
                        return (key, r, memo_key);
                    }
                    let terms = matchers
                        .get(text.lang.as_str())
                        .map(|m| &**m.get_or_init(|| matcher(&text.lang)));
                    let html = html_now || !(lazy && LAZY_HTML.contains(c));
                    let settings =
                        body_settings(cfg, &base_path, *c, slug, text, terms, html, &b.links);
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
                    if let Some(cache) = cache
                        && let Ok(mut m) = cache.bodies.lock()
                    {
                        m.insert(memo_key, r.clone());
                    }
                    (key, r, memo_key)
                })
                .collect();
            if let Some(cache) = cache {
                used.extend(results.iter().map(|r| r.2));
                match fresh_terms.as_mut() {
                    Some(fresh) => {
                        for (k, r, _) in &results {
                            fresh.set(k, &r.terms);
                        }
                    }
                    None => {
                        if let Ok(mut m) = cache.terms.lock() {
                            for (k, r, _) in &results {
                                m.set(k, &r.terms);
                            }
                        }
                    }
                }
            }
            b.keep(results, jobs);
        }
        if whole_site && let Some(cache) = cache {
            if let (Some(fresh), Ok(mut m)) = (fresh_terms, cache.terms.lock()) {
                // A whole site: what it no longer has goes.
                *m = fresh;
            }
            if let Ok(mut m) = cache.bodies.lock() {
                // Forget bodies no longer in the site (a long serve session).
                m.retain(|k, _| used.contains(k));
            }
            if let Ok(mut m) = cache.matchers.lock() {
                // Keep only the current glossary's matchers.
                m.retain(|h, _| forms.values().any(|f| f.1 == *h));
            }
        }
        // Kept only for HTML rendered later: when the first pass rendered
        // every body's HTML (`html_spilled`), nothing asks for a matcher
        // again, and at 50,000 records the two languages' DFAs are 20 MiB
        // held through the whole pages stage.
        if b.lazy && !b.html_spilled {
            b.matchers = matchers
                .into_iter()
                .map(|(l, m)| {
                    let m = m.into_inner().unwrap_or_else(|| matcher(l));
                    (l.to_string(), m)
                })
                .collect();
        }
        (b, false)
    }

    /// Keeps one chunk of the first pass's bodies, their diagnostics
    /// reported, the full text of [`LAZY_HTML`] bodies spilled if a spill
    /// was given (or if writing it failed, kept). `jobs` are the texts of
    /// `results`, in their order.
    fn keep(&mut self, results: Vec<(Key, Rendered, u64)>, jobs: &[(Collection, &str, &Text)]) {
        let mut results: Vec<(Key, Rendered, bool)> = results
            .into_iter()
            .zip(jobs)
            .map(|(r, (_, _, text))| (r.0, r.1, lead_unused(text)))
            .collect();
        // Whether this chunk's sprints and prototypes are held in
        // `spilled` alone.
        let mut moved = false;
        if let Some(spill) = self.spill.as_mut().filter(|_| !self.spill_full) {
            let lazy: Vec<(&Key, &Rendered)> = results
                .iter()
                .filter(|(k, _, _)| LAZY_HTML.contains(&k.0))
                .map(|(k, r, _)| (k, r))
                .collect();
            // Texts, then (when the first pass rendered them) their HTML,
            // then their headings and links.
            let metas: Vec<String> = if self.html_spilled {
                lazy.iter()
                    .map(|(_, r)| serde_json::to_string(&(&r.toc, &r.links)).unwrap_or_default())
                    .collect()
            } else {
                Vec::new()
            };
            let mut pieces: Vec<&str> = lazy.iter().map(|(_, r)| r.text.as_str()).collect();
            if self.html_spilled {
                pieces.extend(lazy.iter().map(|(_, r)| r.html.as_str()));
                pieces.extend(metas.iter().map(String::as_str));
            }
            match spill.put_all(&pieces) {
                Ok(mut spans) => {
                    let mut rest = spans.split_off(lazy.len());
                    let mut meta_spans = rest.split_off(rest.len().min(lazy.len())).into_iter();
                    let mut html_spans = rest.into_iter();
                    let html_spilled = self.html_spilled;
                    moved = html_spilled;
                    let lazy_results = results
                        .iter_mut()
                        .filter(|(k, _, _)| LAZY_HTML.contains(&k.0));
                    for ((k, r, lead_unused), text) in lazy_results.zip(spans) {
                        // Its page's description needs the body's lead
                        // only when the text has no summary or outcome:
                        // otherwise 24 MiB of leads at 50,000 records
                        // nobody reads.
                        r.text = if *lead_unused {
                            String::new()
                        } else {
                            description_lead(&r.text)
                        };
                        let mut spilled = Spilled {
                            text,
                            html: html_spans.next(),
                            toc_and_links: meta_spans.next(),
                            lead: Box::default(),
                            terms: Box::default(),
                        };
                        if html_spilled {
                            let links = std::mem::take(&mut r.links);
                            self.fragment_links
                                .extend(links.into_iter().filter(|l| l.fragment.is_some()));
                            self.spilled_media.append(&mut r.media);
                            spilled.lead = std::mem::take(&mut r.text).into_boxed_str();
                            spilled.terms = std::mem::take(&mut r.terms).into_iter().collect();
                        }
                        self.spilled.insert(k.clone(), spilled);
                    }
                }
                // Kept in memory from here on: a bigger build, not a
                // failed one. What was spilled before is read back.
                Err(_) => self.spill_full = true,
            }
        }
        for (k, mut r, _) in results {
            self.diags.append(&mut r.diags);
            if moved && LAZY_HTML.contains(&k.0) {
                continue;
            }
            self.rendered.insert(k, r);
        }
    }

    /// Whether bodies are held to save memory: a whole-site derivation
    /// without a cache (a build), where [`LAZY_HTML`] HTML waits for its
    /// pages and texts may be spilled, so search documents are better made
    /// one language at a time. Otherwise (`serve`, a preview) every body
    /// is kept whole.
    pub(crate) fn saves_memory(&self) -> bool {
        self.lazy
    }

    /// Whether `c`'s body HTML is rendered when its pages are derived.
    fn html_later(&self, c: Collection) -> bool {
        self.lazy && LAZY_HTML.contains(&c)
    }

    /// Every internal link of every body, to check once pages exist: in
    /// the bodies' order, read back from the scratch file where spilled.
    pub(crate) fn links(&mut self) -> Vec<markdown::BodyLink> {
        let mut parts: Vec<Result<Vec<markdown::BodyLink>, (crate::spill::Span, Key)>> = Vec::new();
        let mut keys: Vec<&Key> = self
            .rendered
            .keys()
            .chain(
                self.spilled
                    .keys()
                    .filter(|k| !self.rendered.contains_key(*k)),
            )
            .collect();
        keys.sort_unstable();
        for k in keys {
            match self.spilled.get(k).and_then(|s| s.toc_and_links) {
                Some(span) => parts.push(Err((span, k.clone()))),
                None => parts.push(Ok(self
                    .rendered
                    .get(k)
                    .map(|r| r.links.clone())
                    .unwrap_or_default())),
            }
        }
        let mut out = Vec::new();
        for part in parts {
            match part {
                Ok(links) => out.extend(links),
                Err((span, key)) => {
                    if let Some((_, links)) = self
                        .read_toc_and_links::<(serde::de::IgnoredAny, Vec<markdown::BodyLink>)>(
                            span, &key,
                        )
                    {
                        out.extend(links);
                    }
                }
            }
        }
        out
    }

    /// The links with a `#fragment` (their pages' ids are noted as they
    /// are written), without reading spilled links back.
    pub(crate) fn fragment_links(&self) -> Vec<&markdown::BodyLink> {
        self.rendered
            .values()
            .flat_map(|r| r.links.iter())
            .chain(&self.fragment_links)
            .filter(|l| l.fragment.is_some())
            .collect()
    }

    /// The file of the text `key` names, for a diagnostic (a scan of
    /// the collection: only when something went wrong).
    fn text_path(&self, key: &Key) -> Option<String> {
        let (_, _, texts) = super::record_texts(self.site, key.0, &key.1)?;
        texts.get(&key.2).map(|t| t.path.clone())
    }

    /// The headings and links (`T`: both, or the headings alone with the
    /// links skipped) the first pass spilled at `span` for the text `key`;
    /// `None`, its file reported, if they cannot be read back.
    fn read_toc_and_links<T: serde::de::DeserializeOwned>(
        &mut self,
        span: crate::spill::Span,
        key: &Key,
    ) -> Option<T> {
        let json = self.read_back(
            span,
            |b| b.text_path(key).unwrap_or_default(),
            "headings and links",
        )?;
        match serde_json::from_str(&json) {
            Ok(v) => Some(v),
            Err(e) => {
                let d = Diagnostic::error(
                    crate::diagnostics::Kind::Io,
                    self.text_path(key).unwrap_or_default(),
                    format!("this body's headings and links in the build's scratch file are damaged: {e}"),
                )
                .hint("check free disk space beside the output folder and build again");
                self.unread(d);
                None
            }
        }
    }

    /// The headings of a record's body in `lang` (the default language's
    /// text when untranslated), read back from the scratch file where the
    /// first pass spilled them.
    pub(crate) fn toc(
        &mut self,
        c: Collection,
        slug: &str,
        texts: &Texts,
        lang: &str,
    ) -> Vec<markdown::Heading> {
        let Some(text) = texts.get(lang).or_else(|| texts.get(self.dl)) else {
            return Vec::new();
        };
        let key = (c, slug.to_string(), text.lang.clone());
        match self.spilled.get(&key).and_then(|s| s.toc_and_links) {
            Some(span) => self
                // The links are skipped, not built: a sprint page wants
                // only its headings.
                .read_toc_and_links::<(Vec<markdown::Heading>, serde::de::IgnoredAny)>(span, &key)
                .map(|(toc, _)| toc)
                .unwrap_or_default(),
            None => self.body(c, slug, texts, lang).toc.clone(),
        }
    }

    /// Every media file the bodies use, once.
    pub(crate) fn media(&self) -> Vec<markdown::MediaCopy> {
        let all: std::collections::BTreeSet<&markdown::MediaCopy> = self
            .rendered
            .values()
            .flat_map(|r| r.media.iter())
            .chain(&self.spilled_media)
            .collect();
        all.into_iter().cloned().collect()
    }

    /// The diagnostics so far.
    pub(crate) fn diags(&self) -> &[Diagnostic] {
        &self.diags
    }

    /// Takes the diagnostics, for the finished model.
    pub(crate) fn take_diags(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
    }

    /// Takes the first pass's renderings (for a stopped derivation to
    /// free elsewhere).
    pub(crate) fn take_rendered(&mut self) -> BTreeMap<Key, Rendered> {
        std::mem::take(&mut self.rendered)
    }

    /// The whole plain text of a record's body in `lang` (falling back to
    /// the default language's text, as [`Self::body`] does), read back
    /// from the spill if it was spilled.
    pub(crate) fn full_text(
        &mut self,
        c: Collection,
        slug: &str,
        texts: &Texts,
        lang: &str,
    ) -> String {
        let key = self.key(c, slug, texts, lang);
        if let Some(span) = self.spilled.get(&key).map(|s| s.text) {
            let path = |_: &Self| {
                texts
                    .get(&key.2)
                    .map(|t| t.path.clone())
                    .unwrap_or_default()
            };
            if let Some(text) = self.read_back(span, path, "text") {
                return text;
            }
        }
        self.body(c, slug, texts, lang).text.clone()
    }

    /// Once the search documents are made, a sprint's or prototype's plain
    /// text is only read for its page description (the first 200
    /// characters, whitespace collapsed), so a build keeps just the start
    /// of it: the whole text of 50 000 bodies is hundreds of megabytes.
    pub(crate) fn shorten_texts(&mut self) {
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
    pub(crate) fn html(&mut self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> String {
        if !self.html_later(c) {
            return self.body(c, slug, texts, lang).html.clone();
        }
        let Some(text) = texts.get(lang).or_else(|| texts.get(self.dl)) else {
            return String::new();
        };
        let key = (c, slug.to_string(), text.lang.clone());
        if self.html_spilled {
            return self.spilled_html(&key, text);
        }
        match self.ahead.get_mut(&key) {
            Some((html, wanted)) if *wanted > 1 => {
                *wanted -= 1;
                html.clone()
            }
            Some(_) => self.ahead.remove(&key).map(|h| h.0).unwrap_or_default(),
            None => match body_html(
                self.cfg,
                &self.base_path,
                &self.matchers,
                c,
                slug,
                text,
                &self.links,
            ) {
                Ok(html) => html,
                Err(d) => {
                    self.unread(d);
                    String::new()
                }
            },
        }
    }

    /// The HTML the first pass spilled for `key`, read back; or, if the
    /// spill could not take it, the HTML kept in memory instead.
    fn spilled_html(&mut self, key: &Key, text: &Text) -> String {
        match self.spilled.get(key).and_then(|s| s.html) {
            Some(span) => self
                .read_back(span, |_| text.path.clone(), "HTML")
                .unwrap_or_default(),
            _ => self
                .rendered
                .get(key)
                .map(|r| r.html.clone())
                .unwrap_or_default(),
        }
    }

    /// What `span` of the spill holds, or `None` with the body's file
    /// (`path`, asked only then) reported once as unreadable.
    fn read_back(
        &mut self,
        span: crate::spill::Span,
        path: impl FnOnce(&Self) -> String,
        what: &str,
    ) -> Option<String> {
        let e = match self.spill.as_ref()?.get(span) {
            Ok(s) => return Some(s),
            Err(e) => e,
        };
        let d = Diagnostic::error(
            crate::diagnostics::Kind::Io,
            path(self),
            format!("cannot read back this body's {what} from the build's scratch file: {e}"),
        )
        .hint("check free disk space beside the output folder and build again");
        self.unread(d);
        None
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
    pub(crate) fn render_ahead<T: Sync>(
        &mut self,
        c: Collection,
        records: &[&Record<T>],
        langs: &[String],
    ) {
        if !self.html_later(c) || self.html_spilled {
            return;
        }
        let (cfg, matchers, dl, links) = (self.cfg, &self.matchers, self.dl, &self.links);
        let base_path = &self.base_path;
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
                let html = body_html(cfg, base_path, matchers, c, &r.slug, text, links);
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

    /// The rendered body of a record in `lang` (falling back to the
    /// default language's): its plain text, headings and glossary terms,
    /// and its HTML unless that waits for the page ([`Self::html`]).
    pub(crate) fn body(&self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> &Rendered {
        static EMPTY: OnceLock<Rendered> = OnceLock::new();
        self.rendered
            .get(&self.key(c, slug, texts, lang))
            .unwrap_or_else(|| EMPTY.get_or_init(Rendered::default))
    }

    /// The start of a record's body text in `lang` (the default
    /// language's when untranslated), whitespace collapsed, for its page
    /// description ([`super::Deriver::description`]): empty for a spilled
    /// body whose text has a summary or an outcome.
    pub(crate) fn lead(&self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> &str {
        let key = self.key(c, slug, texts, lang);
        match self.rendered.get(&key) {
            Some(r) => &r.text,
            // Held in the spill map alone ([`Spilled`]).
            None => self.spilled.get(&key).map_or("", |s| &s.lead),
        }
    }

    /// The key of the text a record shows in `lang`: its own, else (an
    /// untranslated record) the default language's.
    fn key(&self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> Key {
        let l = if texts.contains_key(lang) {
            lang
        } else {
            self.dl
        };
        (c, slug.to_string(), l.to_string())
    }

    /// The glossary terms a record's body uses in `lang` (the default
    /// language's text when untranslated): from this derivation's
    /// reading, else as the cache remembers it.
    pub(crate) fn terms(&self, c: Collection, slug: &str, texts: &Texts, lang: &str) -> Vec<&str> {
        let key = self.key(c, slug, texts, lang);
        let l = key.2.as_str();
        let Some(remembered) = &self.remembered_terms else {
            return match self.rendered.get(&key) {
                Some(r) => r.terms.iter().map(|t| &**t).collect(),
                // Held in the spill map alone ([`Spilled`]).
                None => self
                    .spilled
                    .get(&key)
                    .map(|s| s.terms.iter().map(|t| &**t).collect())
                    .unwrap_or_default(),
            };
        };
        // A few records were read: a scan of them, then the cache's.
        let read = self
            .rendered
            .iter()
            .find(|(k, _)| k.0 == c && k.1 == slug && k.2 == l);
        match read {
            Some((_, r)) => r.terms.iter().map(|t| &**t).collect(),
            None => remembered
                .get(slug)
                .and_then(|v| v.iter().find(|(kc, kl, _)| *kc == c && kl == l))
                .map(|(_, _, t)| t.iter().map(|t| &**t).collect())
                .unwrap_or_default(),
        }
    }

    /// In a preview of a term's pages ([`Self::remember_users_of`]), the
    /// records whose bodies may use a wanted term (remembered, or read in
    /// this derivation): the back-links need no other record, and sorting
    /// every record of the site for them was most of such a preview.
    /// `None` otherwise.
    pub(crate) fn term_users(&self) -> Option<HashSet<(Collection, &str)>> {
        let remembered = self.remembered_terms.as_ref()?;
        let mut out = HashSet::new();
        for (slug, v) in remembered {
            for (c, _, _) in v {
                out.insert((*c, slug.as_str()));
            }
        }
        for k in self.rendered.keys().chain(self.spilled.keys()) {
            out.insert((k.0, k.1.as_str()));
        }
        Some(out)
    }

    /// Takes from `cache` which bodies use the glossary terms `wanted`,
    /// for the back-links of their pages when only a few records are
    /// derived ([`super::derive_records`]).
    pub(crate) fn remember_users_of(&mut self, cache: &BodyCache, wanted: &BTreeSet<&str>) {
        let mut by_slug: HashMap<String, Vec<(Collection, String, Vec<Arc<str>>)>> = HashMap::new();
        for ((c, slug, lang), terms) in cache.users_of(wanted) {
            by_slug.entry(slug).or_default().push((c, lang, terms));
        }
        self.remembered_terms = Some(by_slug);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::pages::truncate;

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
}
