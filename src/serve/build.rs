//! Incremental rebuilds for `serve`, byte-identical to a full build.
//!
//! * Files under `content/` are cached by path; a change event re-reads
//!   only that file, and re-parses it only when its text hash changed.
//! * Validation and derivation run on the whole site (both are pure), so
//!   the model is exactly the one `pipeline::run` would derive.
//! * A page is re-rendered only when its *render key* changed: a hash of
//!   the theme (every template and string), the page's language globals
//!   (including the search manifest), its template name, path and
//!   context. Equal keys mean equal Tera input, hence equal bytes.
//! * Non-template outputs (search index, sitemap, feeds, exports) are
//!   recomputed whenever the model may have changed.

use crate::config::Config;
use crate::derive::{self, BodyCache};
use crate::diagnostics::{self, Diagnostic};
use crate::load::{self, Collection, Loaded, RecordSource, SourceText, Sources};
use crate::pipeline;
use crate::records::{Record, Site, Text};
use crate::render::{self, Theme};
use crate::validate::{self, Options};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::reuse::File;
use super::reuse::{
    Placeholders, contains, file, hash_bytes, hash_json, placeholders, read_statics, render_key,
    substitute, theme_hash,
};

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

enum Cached {
    Record(Box<RecordSource>),
    Data(SourceText),
    Skip,
    Problem(Diagnostic),
}

struct CachedFile {
    hash: u64,
    value: Cached,
}

/// A rendered page. Pages are rendered with placeholders for the values
/// of `extra` (the content-hashed search manifest URL changes on nearly
/// every edit, and most pages print it); the placeholders are replaced by
/// the real values afterwards, so a manifest change costs a substitution,
/// not a render. Every build checks one page per template against a real
/// render, and falls back to real values for good on any difference.
struct CachedPage {
    key: u64,
    raw: Arc<[u8]>,
    has_placeholder: bool,
    /// Hash of the substitutions `out` was made with.
    subst: u64,
    out: File,
}

struct ThemeCache {
    name: String,
    langs: Vec<String>,
    hash: u64,
    theme: Theme,
}

/// What the last successful build rendered with, kept for
/// [`Builder::preview`]: the validated site and the per-language render
/// inputs that do not depend on one record's body.
struct LastBuild {
    site: Site,
    contexts: BTreeMap<String, tera::Context>,
    globals: BTreeMap<String, u64>,
    pairs: Placeholders,
    subst: BTreeMap<String, u64>,
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
        _ => None,
    }
}

/// How many pages a rebuild renders between two looks at whether it was
/// interrupted: about 30 ms of rendering on two cores at 10 000 records.
const RENDER_BATCH: usize = 64;

/// The incremental builder: owns every cache; one per served site.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    langs: Option<Vec<String>>,
    files: BTreeMap<PathBuf, CachedFile>,
    theme: Option<ThemeCache>,
    /// Rendered pages by output path, with the render key that made them.
    pages: HashMap<String, CachedPage>,
    /// Set when a template used the per-build `extra` values in a way the
    /// placeholder substitution cannot reproduce: render with real values.
    exact_extra: bool,
    statics: Option<Arc<BTreeMap<String, File>>>,
    last: Option<Arc<SiteMap>>,
    /// Set by a successful build.
    last_build: Option<LastBuild>,
    /// Per-language search index caches: an edit re-analyses one document
    /// and recompresses a few files instead of rebuilding the index.
    search_caches: BTreeMap<String, crate::search::IndexCache>,
    /// Paths previewed since the last successful build.
    previewed: BTreeSet<PathBuf>,
    /// A build started with changes no preview had applied to
    /// `last_build` (and did not finish): previews would mix old and new.
    stale_site: bool,
    /// Rendered Markdown kept between rebuilds: an edit changes one body.
    bodies: BodyCache,
    pub stats: Stats,
}

impl Builder {
    pub fn new(root: PathBuf, base_url: String, drafts: bool) -> Builder {
        Builder {
            bodies: BodyCache::new(),
            root,
            base_url,
            drafts,
            langs: None,
            files: BTreeMap::new(),
            theme: None,
            pages: HashMap::new(),
            exact_extra: false,
            statics: None,
            last: None,
            last_build: None,
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

    fn read_one(&self, path: &Path, langs: &[String]) -> Option<CachedFile> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        let hash = hash_bytes(&bytes);
        if let Some(c) = self.files.get(path)
            && c.hash == hash
        {
            return None; // unchanged: keep the parsed value
        }
        let value = match load::load_file(&self.root, path, langs) {
            Loaded::Record(r) => Cached::Record(r),
            Loaded::Data(t) => Cached::Data(t),
            Loaded::Skip => Cached::Skip,
            Loaded::Problem(d) => Cached::Problem(d),
        };
        Some(CachedFile { hash, value })
    }

    /// Brings the content cache up to date; returns files re-read.
    fn refresh_content(&mut self, changes: &Changes, langs: &[String]) -> usize {
        let full = changes.all || self.langs.as_deref() != Some(langs);
        let mut todo: Vec<PathBuf> = Vec::new();
        if full {
            self.files.clear();
            self.langs = Some(langs.to_vec());
            todo = walk_files(&self.root.join("content"));
        } else {
            for p in &changes.content {
                // Whatever was at or under this path is re-examined.
                let gone: Vec<PathBuf> = self
                    .files
                    .range(p.clone()..)
                    .take_while(|(k, _)| k.starts_with(p))
                    .map(|(k, _)| k.clone())
                    .collect();
                let is_dir = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
                for k in gone {
                    if !(k == *p && !is_dir && p.exists()) {
                        self.files.remove(&k);
                    }
                }
                if is_dir {
                    todo.extend(walk_files(p));
                } else {
                    todo.push(p.clone());
                }
            }
        }
        todo.sort();
        todo.dedup();
        let read: Vec<(PathBuf, Option<CachedFile>, bool)> = todo
            .par_iter()
            .map(|p| {
                let exists = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
                (p.clone(), self.read_one(p, langs), exists)
            })
            .collect();
        let n = read.len();
        for (p, c, exists) in read {
            match c {
                Some(c) => {
                    self.files.insert(p, c);
                }
                None if !exists => {
                    self.files.remove(&p);
                }
                None => {}
            }
        }
        n
    }

    fn sources(&self, diags: &mut Vec<Diagnostic>) -> Sources {
        let mut s = Sources::default();
        match load::read_text(&self.root, &self.root.join("site.yaml")) {
            Ok(t) => s.config = Some(t),
            Err(d) => diags.push(d),
        }
        for c in self.files.values() {
            match &c.value {
                Cached::Record(r) => s.records.push((**r).clone()),
                Cached::Data(t) => s.data.push(t.clone()),
                Cached::Skip => {}
                Cached::Problem(d) => diags.push(d.clone()),
            }
        }
        s
    }

    /// The edited records' own pages, at once, before [`Builder::build`]
    /// brings the rest of the site up to date: what an editor looks at
    /// while writing. Only when every change is the Markdown body of a
    /// sprint, prototype, news item or page (front matter byte-identical,
    /// so validation cannot judge it differently) and the last build
    /// succeeded; the body replaces the old one in the last build's site,
    /// and [`derive::derive_records`] derives just those pages, rendered
    /// with the last build's globals. The jobs equal the full derivation's,
    /// so the following build finds their render keys unchanged and keeps
    /// them. `None` means nothing was previewed (the build does it all),
    /// including when the body has an error: the build reports it; an
    /// empty `changed` means the files were saved unchanged (the caller
    /// waits for the rebuild as after any preview).
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
        let langs = self.langs.clone()?;
        let mut edits: Vec<(PathBuf, CachedFile)> = Vec::new();
        for p in &changes.content {
            let Some(CachedFile {
                value: Cached::Record(old),
                ..
            }) = self.files.get(p)
            else {
                return None;
            };
            if !derive::OWN_PAGE_COLLECTIONS.contains(&old.collection) {
                return None;
            }
            if !std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()) {
                return None; // deleted or replaced by a folder
            }
            let Some(new) = self.read_one(p, &langs) else {
                continue; // unchanged
            };
            let Cached::Record(n) = &new.value else {
                return None;
            };
            let same_front = n.collection == old.collection
                && n.slug == old.slug
                && n.lang == old.lang
                && n.order == old.order
                && n.front() == old.front()
                && n.front_line == old.front_line
                && n.body_line == old.body_line;
            if !same_front {
                return None;
            }
            edits.push((p.clone(), new));
        }
        let tc = self.theme.as_ref()?;
        let last = self.last_build.as_mut()?;
        self.last.as_ref()?;
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
        for (_, f) in &edits {
            let Cached::Record(r) = &f.value else {
                return None;
            };
            let lang = r
                .lang
                .clone()
                .unwrap_or_else(|| last.site.config.default_language.clone());
            text_mut(&mut last.site, r.collection, &r.slug, &lang)?.body =
                crate::load::Body::Held(r.body().to_string());
            only.insert((r.collection, r.slug.clone()));
        }
        // The site now holds the new bodies: keep the file cache in step,
        // whatever happens below.
        for (p, f) in edits {
            self.files.insert(p, f);
        }
        let t_read = start.elapsed();
        let model = derive::derive_records(&last.site, &tc.theme.strings, only, Some(&self.bodies));
        if model.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        let t_derive = start.elapsed();
        let contexts: BTreeMap<&str, tera::Context> = last
            .contexts
            .iter()
            .map(|(l, c)| (l.as_str(), c.clone()))
            .collect();
        let no_pairs = Vec::new();
        let mut fresh: Vec<(String, CachedPage)> = Vec::new();
        for job in &model.pages {
            let key = render_key(
                tc.hash,
                last.globals.get(&job.lang).copied().unwrap_or(0),
                job,
            );
            if self.pages.get(&job.path).is_some_and(|c| c.key == key) {
                continue;
            }
            let page = render::render_one(&tc.theme.tera, &contexts, job).ok()?;
            let ps = last.pairs.get(&job.lang).unwrap_or(&no_pairs);
            let has = ps
                .iter()
                .any(|(ph, _)| contains(&page.bytes, ph.as_bytes()));
            let out = file(if has {
                substitute(&page.bytes, ps)
            } else {
                page.bytes.clone()
            });
            fresh.push((
                job.path.clone(),
                CachedPage {
                    key,
                    raw: page.bytes.into(),
                    has_placeholder: has,
                    subst: last.subst.get(&job.lang).copied().unwrap_or(0),
                    out,
                },
            ));
        }
        let rendered = fresh.len();
        let t_render = start.elapsed();
        // Updated in place when nobody else holds the map (`serve` lets go
        // of its copy while previewing); copying 70 000 entries to change
        // two was most of a preview at 10 000 records.
        let mut site = self.last.take()?;
        let map = Arc::make_mut(&mut site);
        let mut changed = Vec::new();
        for (path, page) in fresh {
            if map.get(&path).is_none_or(|f| f.etag != page.out.etag) {
                changed.push(path.clone());
            }
            map.insert(path.clone(), page.out.clone());
            self.pages.insert(path, page);
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
    /// with nothing published or cached. Asked after validation, between
    /// batches of page jobs while deriving ([`derive::derive_unless`]),
    /// after the search index, between batches of pages while rendering,
    /// and before the outputs. `serve` interrupts a whole-site rebuild when
    /// the editor saves again, so the new save is previewed at once
    /// instead of waiting; the next build redoes the merged changes.
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
        let mut timings = Vec::new();
        let mut t = Instant::now();
        let mut lap = |name: &'static str| {
            timings.push((name, t.elapsed()));
            t = Instant::now();
        };
        let cfg: Config = pipeline::load_config(&self.root, Some(&self.base_url))?;
        let langs: Vec<String> = cfg.translation_langs();
        let reread = self.refresh_content(changes, &langs);
        let mut diags = Vec::new();
        let sources = self.sources(&mut diags);
        lap("load");
        let (site, vdiags) = validate::validate(
            &sources,
            &cfg,
            Options {
                drafts: self.drafts,
            },
        );
        diags.extend(vdiags);
        drop(sources);
        lap("validate");
        if interrupted() {
            derive::drop_later(site);
            return Ok(None);
        }
        let all_langs = cfg.lang_codes();
        let reload_theme = changes.all
            || changes.theme
            || !self
                .theme
                .as_ref()
                .is_some_and(|t| t.name == cfg.theme && t.langs == all_langs);
        if reload_theme {
            self.theme = None;
            match render::load_theme(&self.root, &cfg.theme, &all_langs) {
                Ok(theme) => {
                    self.theme = Some(ThemeCache {
                        name: cfg.theme.clone(),
                        langs: all_langs.clone(),
                        hash: theme_hash(&self.root, &cfg.theme),
                        theme,
                    })
                }
                Err(d) => diags.extend(d),
            }
        }
        lap("theme");
        let strings = self
            .theme
            .as_ref()
            .map(|t| t.theme.strings.clone())
            .unwrap_or_default();
        let Some(model) = derive::derive_unless(&site, &strings, &self.bodies, interrupted) else {
            derive::drop_later(site);
            return Ok(None);
        };
        diags.extend(model.diags.iter().cloned());
        lap("derive");
        let fail = |mut diags: Vec<Diagnostic>| {
            diagnostics::sort(&mut diags);
            Err(diags)
        };
        let Some(tc) = self.theme.as_ref() else {
            return fail(diags);
        };
        if diags.iter().any(Diagnostic::is_error) {
            return fail(diags);
        }
        let theme = &tc.theme;
        let (search_files, extra) =
            pipeline::search_outputs_cached(&cfg, &model.search_docs, &mut self.search_caches);
        lap("search");
        if interrupted() {
            derive::drop_later((site, model, search_files));
            return Ok(None);
        }
        let (ph_extra, pairs) = placeholders(&extra, self.exact_extra);
        let contexts = render::contexts(theme, &model.globals, &ph_extra);
        let globals: BTreeMap<&str, u64> = model
            .globals
            .iter()
            .map(|(lang, g)| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                hash_json(g, &mut h);
                let strings = theme
                    .strings
                    .get(lang)
                    .and_then(|s| serde_json::to_value(s).ok())
                    .unwrap_or_default();
                hash_json(&strings, &mut h);
                hash_json(
                    ph_extra.get(lang).unwrap_or(&serde_json::Value::Null),
                    &mut h,
                );
                (lang.as_str(), h.finish())
            })
            .collect();
        let subst_hash: BTreeMap<&str, u64> = model
            .globals
            .keys()
            .map(|lang| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                pairs.get(lang).hash(&mut h);
                (lang.as_str(), h.finish())
            })
            .collect();
        let keys: Vec<u64> = model
            .pages
            .par_iter()
            .map(|j| {
                render_key(
                    tc.hash,
                    globals.get(j.lang.as_str()).copied().unwrap_or(0),
                    j,
                )
            })
            .collect();
        let todo: Vec<usize> = (0..model.pages.len())
            .filter(|&i| {
                self.pages
                    .get(&model.pages[i].path)
                    .is_none_or(|c| c.key != keys[i])
            })
            .collect();
        let no_pairs = Vec::new();
        let pairs_of = |lang: &str| pairs.get(lang).unwrap_or(&no_pairs);
        let render = |&i: &usize| {
            let job = &model.pages[i];
            let r = render::render_one(&theme.tera, &contexts, job)
                .map(|p| {
                    let ps = pairs_of(&job.lang);
                    let has = ps.iter().any(|(ph, _)| contains(&p.bytes, ph.as_bytes()));
                    // Without placeholders the raw bytes are the output:
                    // share them instead of keeping two copies.
                    let (raw, out): (Arc<[u8]>, File) = if has {
                        let out = file(substitute(&p.bytes, ps));
                        (p.bytes.into(), out)
                    } else {
                        let out = file(p.bytes);
                        (out.bytes.clone(), out)
                    };
                    CachedPage {
                        key: keys[i],
                        raw,
                        has_placeholder: has,
                        subst: subst_hash[job.lang.as_str()],
                        out,
                    }
                })
                .map_err(|e| render::template_error(&self.root, theme, &e));
            (i, r)
        };
        // In batches, asking between them whether to give up: rendering
        // every page takes seconds at 10 000 records.
        let mut rendered: Vec<(usize, Result<CachedPage, Diagnostic>)> =
            Vec::with_capacity(todo.len());
        for batch in todo.chunks(RENDER_BATCH) {
            if interrupted() {
                derive::drop_later((site, model, search_files, rendered));
                return Ok(None);
            }
            rendered.par_extend(batch.par_iter().map(render));
        }
        lap("render");
        let mut rdiags: Vec<Diagnostic> = Vec::new();
        let mut fresh: Vec<(usize, CachedPage)> = Vec::new();
        for (i, r) in rendered {
            match r {
                Ok(f) => fresh.push((i, f)),
                Err(d) => {
                    if !rdiags.contains(&d) {
                        rdiags.push(d);
                    }
                }
            }
        }
        if !rdiags.is_empty() {
            diags.extend(rdiags);
            return fail(diags);
        }
        // Commit the page cache: drop pages no longer in the model.
        let n_rendered = fresh.len();
        for (i, f) in fresh {
            self.pages.insert(model.pages[i].path.clone(), f);
        }
        let live: BTreeSet<&str> = model.pages.iter().map(|j| j.path.as_str()).collect();
        self.pages.retain(|p, _| live.contains(p.as_str()));
        // Kept pages whose substituted values changed: substitute again.
        let stale: Vec<usize> = (0..model.pages.len())
            .filter(|&i| {
                let c = &self.pages[&model.pages[i].path];
                c.has_placeholder && c.subst != subst_hash[model.pages[i].lang.as_str()]
            })
            .collect();
        let redone: Vec<(usize, File)> = stale
            .par_iter()
            .map(|&i| {
                let j = &model.pages[i];
                (
                    i,
                    file(substitute(&self.pages[&j.path].raw, pairs_of(&j.lang))),
                )
            })
            .collect();
        for (i, f) in redone {
            let j = &model.pages[i];
            let c = self.pages.get_mut(&j.path).expect("cached");
            c.out = f;
            c.subst = subst_hash[j.lang.as_str()];
        }
        // Check the placeholders against a real render: one page per
        // template among the pages rendered or substituted by this build.
        if !pairs.is_empty() && (!stale.is_empty() || !todo.is_empty()) {
            let real = render::contexts(theme, &model.globals, &extra);
            let mut seen = BTreeSet::new();
            let sample: Vec<usize> = todo
                .iter()
                .chain(&stale)
                .copied()
                .filter(|&i| seen.insert(model.pages[i].template.as_str()))
                .collect();
            let ok = sample.par_iter().all(|&i| {
                let j = &model.pages[i];
                render::render_one(&theme.tera, &real, j)
                    .is_ok_and(|p| *p.bytes == *self.pages[&j.path].out.bytes)
            });
            if !ok {
                self.exact_extra = true;
                self.pages.clear();
                return self.build_unless(&Changes::default(), interrupted);
            }
        }
        lap("substitute");

        let mut outputs: Vec<(String, Vec<u8>)> = search_files;
        outputs.extend(
            crate::outputs::build(&site, &model)
                .into_iter()
                .map(|f| (f.path, f.bytes)),
        );
        // Duplicate-path check over every output, as the full build does.
        let mut names: Vec<(String, Vec<u8>)> = outputs
            .iter()
            .map(|(p, _)| (p.clone(), Vec::new()))
            .chain(model.pages.iter().map(|j| (j.path.clone(), Vec::new())))
            .collect();
        pipeline::sort_and_check(&mut names, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return fail(diags);
        }
        lap("outputs");

        if self.statics.is_none() || changes.statics || changes.all || reload_theme {
            self.statics = Some(Arc::new(read_statics(&cfg.static_dirs(&self.root))));
        }
        let mut map: SiteMap = SiteMap::with_capacity(
            self.pages.len() + outputs.len() + self.statics.as_ref().map_or(0, |s| s.len()),
        );
        if let Some(s) = &self.statics {
            for (p, f) in s.iter() {
                map.insert(p.clone(), f.clone());
            }
        }
        let prev = self.last.clone();
        for (p, b) in outputs {
            // Reuse the old entry (and its ETag) when the bytes are equal.
            let f = match prev.as_ref().and_then(|m| m.get(&p)) {
                Some(old) if *old.bytes == *b => old.clone(),
                _ => file(b),
            };
            map.insert(p, f);
        }
        for (p, c) in &self.pages {
            map.insert(p.clone(), c.out.clone());
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
        lap("assemble");
        let site_map = Arc::new(map);
        self.last = Some(site_map.clone());
        self.last_build = Some(LastBuild {
            contexts: contexts
                .into_iter()
                .map(|(l, c)| (l.to_string(), c))
                .collect(),
            globals: globals
                .into_iter()
                .map(|(l, h)| (l.to_string(), h))
                .collect(),
            pairs,
            subst: subst_hash
                .into_iter()
                .map(|(l, h)| (l.to_string(), h))
                .collect(),
            site,
        });
        self.previewed.clear();
        self.stale_site = false;
        self.stats.builds += 1;
        self.stats.pages = model.pages.len();
        self.stats.last_rendered = n_rendered;
        self.stats.total_rendered += n_rendered as u64;
        self.stats.last_reread = reread;
        Ok(Some(Built {
            site: site_map,
            changed,
            warnings: diags.len(),
            took: start.elapsed(),
            timings,
        }))
    }
}

/// Every regular file under `dir` (symlinks not followed, as `load` does).
fn walk_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
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
