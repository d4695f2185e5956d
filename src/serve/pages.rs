//! The page cache ([`pipeline::PageCache`]): every rendered page by output
//! path, with the render key that made it. A page is rendered again only
//! when its key changed: a hash of the theme (every template and string),
//! the page's language globals (including the search manifest), its
//! template name, path and context. Equal keys mean equal Tera input,
//! hence equal bytes.
//!
//! Pages are rendered with placeholders for the per-build `extra` values
//! (the content-hashed search manifest URL changes on nearly every edit,
//! and most pages print it); the placeholders are replaced by the real
//! values afterwards, so a manifest change costs a substitution, not a
//! render. One page per template and run is checked against a real
//! render; on any difference the cache falls back to real values for
//! good and asks for the run again ([`Pages::take_redo`]).

use super::reuse::{
    File, Placeholders, contains, file, hash_json, placeholders, render_key, substitute, theme_hash,
};
use crate::derive::PageJob;
use crate::diagnostics::Diagnostic;
use crate::pipeline::{self, PageRun};
use crate::render::{self, Theme};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// A rendered page.
struct CachedPage {
    key: u64,
    /// The bytes as rendered, placeholders included.
    raw: Arc<[u8]>,
    has_placeholder: bool,
    /// Hash of the substitutions `out` was made with.
    subst: u64,
    out: File,
}

/// What every page of a language is rendered with in one run.
pub(super) struct Inputs {
    theme: u64,
    /// Site-wide contexts with placeholders for the `extra` values.
    contexts: BTreeMap<String, tera::Context>,
    /// The same with the real values, to check the placeholders with.
    real: BTreeMap<String, tera::Context>,
    /// Hash of what every page of a language shares (globals, strings,
    /// `extra` with placeholders).
    globals: BTreeMap<String, u64>,
    pairs: Placeholders,
    /// Hash of each language's substitutions.
    subst: BTreeMap<String, u64>,
}

impl Inputs {
    fn key(&self, job: &PageJob) -> u64 {
        render_key(
            self.theme,
            self.globals.get(&job.lang).copied().unwrap_or(0),
            job,
        )
    }
    fn pairs(&self, lang: &str) -> &[(String, String)] {
        self.pairs.get(lang).map_or(&[], Vec::as_slice)
    }
    fn subst(&self, lang: &str) -> u64 {
        self.subst.get(lang).copied().unwrap_or(0)
    }
    fn contexts(&self, real: bool) -> BTreeMap<&str, tera::Context> {
        let c = if real { &self.real } else { &self.contexts };
        c.iter().map(|(l, c)| (l.as_str(), c.clone())).collect()
    }
}

/// What to do with one job of a batch.
enum Todo {
    Keep,
    /// Kept, but the substituted values changed.
    Substitute,
    Render,
}

/// The page cache of one served site.
pub(super) struct Pages {
    root: PathBuf,
    pages: HashMap<String, CachedPage>,
    /// Set when a template used the per-build `extra` values in a way the
    /// placeholder substitution cannot reproduce: render with real values.
    exact: bool,
    /// Hash of the theme's files, taken when the theme was loaded.
    theme_hash: Option<u64>,
    /// The inputs of the run in progress (or the last one).
    run: Option<Inputs>,
    /// The inputs of the last successful run ([`Pages::commit`]), which
    /// previews render with.
    last: Option<Inputs>,
    /// Output paths of the run's jobs so far.
    seen: HashSet<String>,
    /// Templates whose placeholders this run checked.
    checked: HashSet<String>,
    /// Pages rendered by this run.
    pub(super) rendered: usize,
    /// The placeholder check failed: the run's pages cannot be trusted.
    redo: bool,
}

impl Pages {
    pub(super) fn new(root: PathBuf) -> Pages {
        Pages {
            root,
            pages: HashMap::new(),
            exact: false,
            theme_hash: None,
            run: None,
            last: None,
            seen: HashSet::new(),
            checked: HashSet::new(),
            rendered: 0,
            redo: false,
        }
    }

    /// Whether the last run must be done again (its placeholder check
    /// failed; the cache now renders with real values). Clears the flag.
    pub(super) fn take_redo(&mut self) -> bool {
        std::mem::take(&mut self.redo)
    }

    /// After a successful run: drops the pages no longer in the site and
    /// keeps the run's inputs for previews.
    pub(super) fn commit(&mut self) {
        let seen = std::mem::take(&mut self.seen);
        self.pages.retain(|p, _| seen.contains(p));
        self.last = self.run.take();
    }

    /// Every page of the last run, by output path.
    pub(super) fn files(&self) -> impl Iterator<Item = (&String, &File)> {
        self.pages.iter().map(|(p, c)| (p, &c.out))
    }

    pub(super) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Drops these pages (a deleted record's): nothing renders them
    /// unless their record comes back, and then they must be rendered.
    pub(super) fn forget(&mut self, paths: &[String]) {
        for p in paths {
            self.pages.remove(p);
        }
    }

    /// The edited records' own pages, rendered with the last successful
    /// run's inputs (a preview), unless their keys are those cached.
    /// Returns the new pages; `None` when one failed to render (the
    /// rebuild reports it) or no run has succeeded yet.
    pub(super) fn preview(
        &mut self,
        theme: &Theme,
        jobs: &[PageJob],
    ) -> Option<Vec<(String, File)>> {
        let last = self.last.as_ref()?;
        let contexts = last.contexts(false);
        let mut fresh = Vec::new();
        for job in jobs {
            let key = last.key(job);
            if self.pages.get(&job.path).is_some_and(|c| c.key == key) {
                continue;
            }
            let page = render::render_one(&theme.tera, &contexts, job).ok()?;
            fresh.push((job.path.clone(), cached(key, page.bytes, last, &job.lang)));
        }
        self.rendered = fresh.len();
        let mut out = Vec::with_capacity(fresh.len());
        for (path, page) in fresh {
            out.push((path.clone(), page.out.clone()));
            self.pages.insert(path, page);
        }
        Some(out)
    }
}

/// A page rendered with `inputs` as it is cached: placeholders replaced.
fn cached(key: u64, bytes: Vec<u8>, inputs: &Inputs, lang: &str) -> CachedPage {
    let ps = inputs.pairs(lang);
    let has = ps.iter().any(|(ph, _)| contains(&bytes, ph.as_bytes()));
    // Without placeholders the raw bytes are the output: share them
    // instead of keeping two copies.
    let (raw, out): (Arc<[u8]>, File) = if has {
        let out = file(substitute(&bytes, ps));
        (bytes.into(), out)
    } else {
        let out = file(bytes);
        (out.bytes.clone(), out)
    };
    CachedPage {
        key,
        raw,
        has_placeholder: has,
        subst: inputs.subst(lang),
        out,
    }
}

impl pipeline::PageCache for Pages {
    fn begin(&mut self, run: PageRun<'_>) {
        if run.fresh_theme || self.theme_hash.is_none() {
            self.theme_hash = Some(theme_hash(run.root, &run.config.theme));
        }
        let theme = run.theme;
        let (ph_extra, pairs) = placeholders(run.extra, self.exact);
        let contexts = render::contexts(theme, run.globals, &ph_extra)
            .into_iter()
            .map(|(l, c)| (l.to_string(), c))
            .collect();
        let real = render::contexts(theme, run.globals, run.extra)
            .into_iter()
            .map(|(l, c)| (l.to_string(), c))
            .collect();
        let globals = run
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
                (lang.clone(), h.finish())
            })
            .collect();
        let subst = run
            .globals
            .keys()
            .map(|lang| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                pairs.get(lang).hash(&mut h);
                (lang.clone(), h.finish())
            })
            .collect();
        self.run = Some(Inputs {
            theme: self.theme_hash.unwrap_or_default(),
            contexts,
            real,
            globals,
            pairs,
            subst,
        });
        self.seen.clear();
        self.checked.clear();
        self.rendered = 0;
        self.redo = false;
    }

    fn render(&mut self, theme: &Theme, jobs: &[PageJob]) -> Vec<Diagnostic> {
        let Some(inputs) = self.run.as_ref() else {
            return Vec::new();
        };
        if self.redo {
            return Vec::new(); // the run is done again anyway
        }
        let todo: Vec<(u64, Todo)> = jobs
            .par_iter()
            .map(|j| {
                let key = inputs.key(j);
                let todo = match self.pages.get(&j.path) {
                    Some(c) if c.key == key => {
                        if c.has_placeholder && c.subst != inputs.subst(&j.lang) {
                            Todo::Substitute
                        } else {
                            Todo::Keep
                        }
                    }
                    _ => Todo::Render,
                };
                (key, todo)
            })
            .collect();
        let contexts = inputs.contexts(false);
        let root = &self.root;
        let pages = &self.pages;
        let done: Vec<(usize, Result<CachedPage, Diagnostic>)> = todo
            .par_iter()
            .enumerate()
            .filter(|(_, (_, t))| !matches!(t, Todo::Keep))
            .map(|(i, (key, t))| {
                let job = &jobs[i];
                let page = match (t, pages.get(&job.path)) {
                    (Todo::Substitute, Some(c)) => Ok(CachedPage {
                        key: c.key,
                        raw: c.raw.clone(),
                        has_placeholder: true,
                        subst: inputs.subst(&job.lang),
                        out: file(substitute(&c.raw, inputs.pairs(&job.lang))),
                    }),
                    _ => render::render_one(&theme.tera, &contexts, job)
                        .map(|p| cached(*key, p.bytes, inputs, &job.lang))
                        .map_err(|e| render::template_error(root, theme, &e)),
                };
                (i, page)
            })
            .collect();
        // Check the placeholders against a real render: one page per
        // template among the pages this run rendered or substituted.
        let mut sample = Vec::new();
        if !inputs.pairs.is_empty() {
            for (i, p) in &done {
                if let Ok(p) = p
                    && self.checked.insert(jobs[*i].template.clone())
                {
                    sample.push((*i, p.out.bytes.clone()));
                }
            }
        }
        let ok = sample.is_empty() || {
            let real = inputs.contexts(true);
            sample.par_iter().all(|(i, out)| {
                render::render_one(&theme.tera, &real, &jobs[*i]).is_ok_and(|p| *p.bytes == **out)
            })
        };
        if !ok {
            self.exact = true;
            self.pages.clear();
            self.redo = true;
            return Vec::new();
        }
        let mut diags = Vec::new();
        for j in jobs {
            self.seen.insert(j.path.clone());
        }
        for (i, page) in done {
            match page {
                Ok(p) => {
                    if matches!(todo[i].1, Todo::Render) {
                        self.rendered += 1;
                    }
                    self.pages.insert(jobs[i].path.clone(), p);
                }
                Err(d) => {
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
        }
        diags
    }
}
