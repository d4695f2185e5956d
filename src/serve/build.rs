//! Incremental rebuilds for `serve`, byte-identical to a full build.
//!
//! A rebuild is one run of the pipeline ([`pipeline::run_with`]) into
//! memory, with every cache `serve` keeps: the content cache
//! ([`super::content`]: a change event re-reads only that file, and
//! re-parses it only when its bytes changed), the theme, the rendered
//! Markdown bodies, the search index caches and the page cache
//! ([`super::pages`]: a page is rendered again only when its inputs
//! changed). Validation and derivation run on the whole site (both are
//! pure), so the model is exactly the one a build derives. What is left
//! here is serve's own: which changes reach which cache, the served map
//! assembled from the run and the static folders, what changed since the
//! last site, and previews of body edits.

use super::content::{Cached, Content};
use super::pages::Pages;
use crate::derive::{self, BodyCache};
use crate::diagnostics::Diagnostic;
use crate::load::{Collection, RecordSource};
use crate::pipeline::{self, BuildOptions, Caches, Target, ThemeCache};
use crate::records::{Record, Site, Text};
use crate::validate::{self, OneRecord};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::reuse::File;
use super::reuse::{file, read_statics};

/// The whole served site: output path (`a/index.html`) → file.
pub type SiteMap = HashMap<String, File>;

/// What changed on disk since the last build.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Re-read everything (first build, watcher overflow, site.yaml).
    pub all: bool,
    /// Changed paths (files or folders) under `content/`.
    pub content: BTreeSet<PathBuf>,
    /// A template or string file changed.
    pub theme: bool,
    /// Something under a static folder changed.
    pub statics: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            all: true,
            ..Changes::default()
        }
    }
    pub fn is_empty(&self) -> bool {
        !self.all && self.content.is_empty() && !self.theme && !self.statics
    }
    /// Sorts a changed path into the right bucket; false when it is none
    /// of the site's inputs (e.g. `public/`).
    pub fn add(&mut self, root: &Path, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match first.as_deref() {
            Some("site.yaml") => self.all = true,
            Some("content") => {
                if rel.components().count() == 1 {
                    self.all = true; // the folder itself came or went
                } else {
                    self.content.insert(path.to_path_buf());
                }
            }
            Some("themes") => {
                // A theme's static folder only needs a static reload, but a
                // template or string change also needs pages re-rendered.
                let in_static = rel
                    .components()
                    .nth(2)
                    .is_some_and(|c| c.as_os_str() == "static");
                if !in_static {
                    self.theme = true;
                }
                self.statics = true;
            }
            Some("static") => self.statics = true,
            _ => return false,
        }
        true
    }
    pub fn merge(&mut self, o: Changes) {
        self.all |= o.all;
        self.content.extend(o.content);
        self.theme |= o.theme;
        self.statics |= o.statics;
    }
}

/// Counters for tests and the terminal.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Successful builds so far (the first one included).
    pub builds: u64,
    /// Page jobs in the current model.
    pub pages: usize,
    /// Pages rendered by the last successful build.
    pub last_rendered: usize,
    /// Pages rendered since the start (previews included).
    pub total_rendered: u64,
    /// Content files re-read by the last build.
    pub last_reread: usize,
    /// Previews published so far (see [`Builder::preview`]).
    pub previews: u64,
}

/// A successful build.
pub struct Built {
    pub site: Arc<SiteMap>,
    /// Output paths added, changed or removed compared with the last site.
    pub changed: Vec<String>,
    pub warnings: usize,
    pub took: Duration,
    pub timings: Vec<(&'static str, Duration)>,
}

/// The text of one record in one language, for a preview to replace its body.
fn text_mut<'s>(site: &'s mut Site, c: Collection, slug: &str, lang: &str) -> Option<&'s mut Text> {
    fn find<'s, T>(v: &'s mut [Record<T>], slug: &str, lang: &str) -> Option<&'s mut Text> {
        v.iter_mut().find(|r| r.slug == slug)?.texts.get_mut(lang)
    }
    match c {
        Collection::Sprints => find(&mut site.sprints, slug, lang),
        Collection::Prototypes => find(&mut site.prototypes, slug, lang),
        Collection::News => find(&mut site.news, slug, lang),
        Collection::Pages => find(&mut site.pages, slug, lang),
        Collection::Glossary => find(&mut site.glossary, slug, lang),
        Collection::Guidelines => find(&mut site.guidelines, slug, lang),
    }
}

/// The collections whose front-matter edits a preview may show: their
/// own pages depend on the record, the records it names and site-wide
/// values only. A glossary term's title and aliases are how every body
/// links it, and a chapter's front matter feeds the contents and the
/// print annex: those go to the rebuild.
const FRONT_PREVIEW: [Collection; 4] = [
    Collection::Sprints,
    Collection::Prototypes,
    Collection::News,
    Collection::Pages,
];

/// The record `c`/`slug` as this save leaves it (`edits` over the cached
/// files), validated on its own against `site`; `None` unless it may be
/// previewed: no error, no diagnostic its saved version did not already
/// have (so the preview hides nothing the build would newly report), and
/// nothing changed that other records' validation or other pages read.
fn check_front(
    content: &Content,
    site: &mut Site,
    drafts: bool,
    c: Collection,
    slug: &str,
    edits: &[(PathBuf, super::content::CachedFile)],
) -> Option<OneRecord> {
    let cached = content.record_files(c, slug);
    let now = |p: &PathBuf, r: &'_ RecordSource| -> Option<RecordSource> {
        match edits.iter().find(|(e, _)| e == p).map(|(_, f)| &f.value) {
            Some(Cached::Record(n)) => Some((**n).clone()),
            Some(_) => None,
            None => Some(r.clone()),
        }
    };
    let mut new_files = Vec::with_capacity(cached.len());
    for (p, r) in &cached {
        new_files.push(now(p, r)?);
    }
    fn split(files: Vec<&RecordSource>) -> (Option<&RecordSource>, Vec<&RecordSource>) {
        let default = files.iter().find(|r| r.lang.is_none()).copied();
        let translations = files.into_iter().filter(|r| r.lang.is_some()).collect();
        (default, translations)
    }
    let opts = validate::Options { drafts };
    let (default, translations) = split(new_files.iter().collect());
    let checked = validate::validate_record(site, default?, &translations, opts);
    let record = checked.record?;
    if !checked.diags.is_empty() {
        let (default, translations) = split(cached.iter().map(|(_, r)| *r).collect());
        let before = validate::check_record(site, default?, &translations, opts);
        let id = |d: &Diagnostic| format!("{:?}\n{}\n{:?}\n{}", d.kind, d.file, d.field, d.message);
        let known: BTreeSet<String> = before.diags.iter().map(id).collect();
        if checked.diags.iter().any(|d| !known.contains(&id(d))) {
            return None;
        }
    }
    keeps_the_rest(site, &record).then_some(record)
}

/// Whether replacing its old version in `site` with `new` leaves alone
/// what a one-record validation and derivation cannot follow: its
/// `old_urls` (redirect pages, checked against every page), whether it is
/// a draft, a prototype's sprint (that sprint's and the old one's
/// validation), a free page's menu place and titles (every page's
/// navigation).
fn keeps_the_rest(site: &Site, new: &OneRecord) -> bool {
    fn old<'s, T>(v: &'s [Record<T>], slug: &str) -> Option<&'s Record<T>> {
        v.iter().find(|r| r.slug == slug)
    }
    fn titles<T>(r: &Record<T>, langs: &[String]) -> Vec<Option<String>> {
        langs
            .iter()
            .map(|l| r.texts.get(l).map(|t| t.title.clone()))
            .collect()
    }
    let langs = site.config.lang_codes();
    match new {
        OneRecord::Sprint(n) => old(&site.sprints, &n.slug)
            .is_some_and(|o| o.draft == n.draft && o.data.old_urls == n.data.old_urls),
        OneRecord::Prototype(n) => old(&site.prototypes, &n.slug).is_some_and(|o| {
            o.draft == n.draft
                && o.data.old_urls == n.data.old_urls
                && o.data.sprint == n.data.sprint
        }),
        OneRecord::News(n) => old(&site.news, &n.slug)
            .is_some_and(|o| o.draft == n.draft && o.data.old_urls == n.data.old_urls),
        OneRecord::Page(n) => old(&site.pages, &n.slug).is_some_and(|o| {
            o.draft == n.draft
                && o.data.old_urls == n.data.old_urls
                && o.data.menu == n.data.menu
                && titles(o, &langs) == titles(n, &langs)
        }),
        OneRecord::Term(_) | OneRecord::Chapter(_) => false,
    }
}

/// The incremental builder: owns every cache; one per served site.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    content: Content,
    theme: ThemeCache,
    pages: Pages,
    statics: Option<Arc<BTreeMap<String, File>>>,
    last: Option<Arc<SiteMap>>,
    /// The validated site of the last successful build, which previews
    /// put edited bodies into.
    last_site: Option<Site>,
    /// Per-language search index caches: an edit re-analyses one document
    /// and recompresses a few files instead of rebuilding the index.
    search_caches: BTreeMap<String, crate::search::IndexCache>,
    /// Paths previewed since the last successful build.
    previewed: BTreeSet<PathBuf>,
    /// A build started with changes no preview had applied to
    /// `last_site` (and did not finish): previews would mix old and new.
    stale_site: bool,
    /// Rendered Markdown kept between rebuilds: an edit changes one body.
    bodies: BodyCache,
    pub stats: Stats,
}

impl Builder {
    pub fn new(root: PathBuf, base_url: String, drafts: bool) -> Builder {
        Builder {
            bodies: BodyCache::new(),
            content: Content::new(root.clone()),
            pages: Pages::new(root.clone()),
            root,
            base_url,
            drafts,
            theme: ThemeCache::default(),
            statics: None,
            last: None,
            last_site: None,
            search_caches: BTreeMap::new(),
            previewed: BTreeSet::new(),
            stale_site: false,
            stats: Stats::default(),
        }
    }

    /// The site of the last successful build.
    pub fn site(&self) -> Option<Arc<SiteMap>> {
        self.last.clone()
    }

    /// The edited records' own pages, at once, before [`Builder::build`]
    /// brings the rest of the site up to date: what an editor looks at
    /// while writing. Only when the last build succeeded and every change
    /// is an edit of an existing record file that keeps its collection,
    /// slug and language:
    ///
    /// - a body edit (front matter byte-identical, so validation cannot
    ///   judge it differently) of a sprint, prototype, news item, page,
    ///   glossary term or guidelines chapter: the body replaces the old
    ///   one in the last build's site;
    /// - a front-matter edit of a sprint, prototype, news item or page
    ///   that validates on its own ([`validate::validate_record`]: the
    ///   collection's check, translations, references against the last
    ///   site) with no diagnostic the record did not already have, and
    ///   that leaves what other records' validation or every page reads
    ///   alone ([`keeps_the_rest`]): the typed record replaces the old one.
    ///
    /// [`derive::derive_records`] then derives just those records' pages
    /// (a sprint's neighbours and prototypes found in the updated site),
    /// rendered with the last build's globals. The jobs equal the full
    /// derivation's, so the following build finds their render keys
    /// unchanged and keeps them. `None` means nothing was previewed (the
    /// build does it all), including when the record has an error: the
    /// build reports it; an empty `changed` means the files were saved
    /// unchanged (the caller waits for the rebuild as after any preview).
    pub fn preview(&mut self, changes: &Changes) -> Option<Built> {
        let start = Instant::now();
        if changes.all
            || changes.theme
            || changes.statics
            || changes.content.is_empty()
            || self.stale_site
        {
            return None;
        }
        let langs = self.content.langs()?.to_vec();
        let mut edits = Vec::new();
        // Records whose front matter changed: validated again below.
        let mut fronts: BTreeSet<(Collection, String)> = BTreeSet::new();
        for p in &changes.content {
            let Some(Cached::Record(old)) = self.content.get(p).map(|f| &f.value) else {
                return None;
            };
            if !derive::PREVIEW_COLLECTIONS.contains(&old.collection) {
                return None;
            }
            if !std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()) {
                return None; // deleted or replaced by a folder
            }
            let Some(new) = self.content.read_one(p, &langs) else {
                continue; // unchanged
            };
            let Cached::Record(n) = &new.value else {
                return None;
            };
            let same_record = n.collection == old.collection
                && n.slug == old.slug
                && n.lang == old.lang
                && n.order == old.order;
            if !same_record {
                return None;
            }
            let same_front = n.front() == old.front()
                && n.front_line == old.front_line
                && n.body_line == old.body_line;
            if !same_front {
                if !FRONT_PREVIEW.contains(&n.collection) {
                    return None;
                }
                fronts.insert((n.collection, n.slug.clone()));
            }
            edits.push((p.clone(), new));
        }
        let theme = self.theme.theme()?;
        let last_site = self.last_site.as_mut()?;
        self.last.as_ref()?;
        // Every front-matter edit is judged before the site is touched.
        let mut records = Vec::new();
        for (c, slug) in &fronts {
            records.push(check_front(
                &self.content,
                last_site,
                self.drafts,
                *c,
                slug,
                &edits,
            )?);
        }
        self.previewed.extend(changes.content.iter().cloned());
        if edits.is_empty() {
            // Saved without a change (or a second event for one save):
            // nothing to show, nothing the rebuild must hurry for.
            return Some(Built {
                site: self.last.clone()?,
                changed: Vec::new(),
                warnings: 0,
                took: start.elapsed(),
                timings: Vec::new(),
            });
        }
        let mut only = derive::RecordSet::new();
        for mut r in records {
            only.insert((r.collection(), r.slug().to_string()));
            // Checked by `check_front`: the site has the record.
            r.swap(last_site);
        }
        for (_, f) in &edits {
            let Cached::Record(r) = &f.value else {
                return None;
            };
            if fronts.contains(&(r.collection, r.slug.clone())) {
                continue; // the whole record was replaced
            }
            let lang = r
                .lang
                .clone()
                .unwrap_or_else(|| last_site.config.default_language.clone());
            text_mut(last_site, r.collection, &r.slug, &lang)?.body =
                crate::load::Body::Held(r.body().to_string());
            only.insert((r.collection, r.slug.clone()));
        }
        // The site now holds the new records: keep the file cache in
        // step, whatever happens below.
        for (p, f) in edits {
            self.content.put(p, f);
        }
        let t_read = start.elapsed();
        let model = derive::derive_records(last_site, &theme.strings, only, Some(&self.bodies));
        if model.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        let t_derive = start.elapsed();
        let fresh = self.pages.preview(theme, &model.pages)?;
        let rendered = fresh.len();
        let t_render = start.elapsed();
        // Updated in place when nobody else holds the map (`serve` lets go
        // of its copy while previewing); copying 70 000 entries to change
        // two was most of a preview at 10 000 records.
        let mut site = self.last.take()?;
        let map = Arc::make_mut(&mut site);
        let mut changed = Vec::new();
        for (path, page) in fresh {
            if map.get(&path).is_none_or(|f| f.etag != page.etag) {
                changed.push(path.clone());
            }
            map.insert(path, page);
        }
        changed.sort();
        self.last = Some(site.clone());
        self.stats.previews += 1;
        self.stats.total_rendered += rendered as u64;
        let took = start.elapsed();
        Some(Built {
            site,
            changed,
            warnings: 0,
            took,
            timings: vec![
                ("read", t_read),
                ("derive", t_derive - t_read),
                ("render", t_render - t_derive),
                ("assemble", took - t_render),
            ],
        })
    }

    /// Rebuilds after `changes`. On errors returns the diagnostics (the
    /// caller keeps serving the last good site).
    pub fn build(&mut self, changes: &Changes) -> Result<Built, Vec<Diagnostic>> {
        match self.build_unless(changes, &|| false) {
            Ok(Some(b)) => Ok(b),
            Ok(None) => Err(Vec::new()), // not interrupted: cannot happen
            Err(d) => Err(d),
        }
    }

    /// [`Self::build`], giving up once `interrupted()` says so: `Ok(None)`,
    /// with nothing published. The pipeline asks after validation, after
    /// the bodies, after the search index, every few dozen pages and
    /// before the outputs ([`pipeline::run_with`]). `serve` interrupts a
    /// whole-site rebuild when the editor saves again, so the new save is
    /// previewed at once instead of waiting; the next build redoes the
    /// merged changes.
    pub fn build_unless(
        &mut self,
        changes: &Changes,
        interrupted: &dyn Fn() -> bool,
    ) -> Result<Option<Built>, Vec<Diagnostic>> {
        let start = Instant::now();
        let covered = !changes.all
            && !changes.theme
            && !changes.statics
            && changes.content.iter().all(|p| self.previewed.contains(p));
        if !covered {
            self.stale_site = true;
        }
        self.content.note(changes.all, &changes.content);
        if changes.all || changes.theme {
            self.theme.forget();
        }
        let opts = BuildOptions {
            root: self.root.clone(),
            base_url: Some(self.base_url.clone()),
            drafts: self.drafts,
            force: false,
        };
        let out = loop {
            let caches = Caches {
                content: Some(&mut self.content),
                bodies: Some(&self.bodies),
                theme: Some(&mut self.theme),
                search: Some(&mut self.search_caches),
                pages: Some(&mut self.pages),
            };
            let out = pipeline::run_with(&opts, Target::Memory, caches, interrupted);
            // The page cache found a template its placeholders cannot
            // serve: it renders with real values from now on.
            if out.interrupted || !self.pages.take_redo() {
                break out;
            }
        };
        if out.interrupted {
            return Ok(None);
        }
        if out.has_errors() {
            return Err(out.diags);
        }
        let t = Instant::now();
        self.pages.commit();
        if self.statics.is_none() || changes.statics || changes.all || changes.theme {
            self.statics = Some(Arc::new(read_statics(&out.static_dirs)));
        }
        let mut map: SiteMap = SiteMap::with_capacity(
            self.pages.len() + out.files.len() + self.statics.as_ref().map_or(0, |s| s.len()),
        );
        if let Some(s) = &self.statics {
            for (p, f) in s.iter() {
                map.insert(p.clone(), f.clone());
            }
        }
        let prev = self.last.clone();
        for (p, b) in out.files {
            // Reuse the old entry (and its ETag) when the bytes are equal.
            let f = match prev.as_ref().and_then(|m| m.get(&p)) {
                Some(old) if *old.bytes == *b => old.clone(),
                _ => file(b),
            };
            map.insert(p, f);
        }
        for (p, f) in self.pages.files() {
            map.insert(p.clone(), f.clone());
        }
        let mut changed: Vec<String> = Vec::new();
        match &prev {
            Some(old) => {
                for (p, f) in &map {
                    if old.get(p).is_none_or(|o| o.etag != f.etag) {
                        changed.push(p.clone());
                    }
                }
                for p in old.keys() {
                    if !map.contains_key(p) {
                        changed.push(p.clone());
                    }
                }
            }
            None => changed.extend(map.keys().cloned()),
        }
        changed.sort();
        let mut timings = out.timings;
        timings.push(("assemble", t.elapsed()));
        let site_map = Arc::new(map);
        self.last = Some(site_map.clone());
        if let Some(old) = std::mem::replace(&mut self.last_site, out.site) {
            derive::drop_later(old);
        }
        if let Some(model) = out.model {
            derive::drop_later(model);
        }
        self.previewed.clear();
        self.stale_site = false;
        self.stats.builds += 1;
        self.stats.pages = out.pages_per_lang.values().sum();
        self.stats.last_rendered = self.pages.rendered;
        self.stats.total_rendered += self.pages.rendered as u64;
        self.stats.last_reread = self.content.last_reread;
        Ok(Some(Built {
            site: site_map,
            changed,
            warnings: out.diags.len(),
            took: start.elapsed(),
            timings,
        }))
    }
}

/// The files a full `pipeline::run` + write would produce, as a map —
/// what the byte-identity tests compare the served site with.
pub fn full_build_map(outcome: &pipeline::Outcome) -> BTreeMap<String, Vec<u8>> {
    let mut m: BTreeMap<String, Vec<u8>> = read_statics(&outcome.static_dirs)
        .into_iter()
        .map(|(p, f)| (p, f.bytes.to_vec()))
        .collect();
    for (p, b) in &outcome.files {
        m.insert(p.clone(), b.clone());
    }
    m
}
