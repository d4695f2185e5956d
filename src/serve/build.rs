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

use super::content::Content;
use super::pages::Pages;
use crate::derive::{self, BodyCache};
use crate::diagnostics::Diagnostic;
use crate::pipeline::{self, BuildOptions, Caches, Target, ThemeCache};
use crate::records::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::reuse::File;
use super::reuse::{file, read_statics};

mod preview;

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
    /// with nothing published. The pipeline asks inside validation, among
    /// the bodies and the search documents, between the search index's
    /// steps, every few dozen pages and inside the outputs
    /// ([`pipeline::run_with`]). `serve` interrupts a
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
