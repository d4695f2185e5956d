//! The pipeline, top to bottom: load → validate → derive → render → write.
//! This is the only place that knows the stage order. `build` (a staging
//! folder on disk), `check` (discard), `serve` and the in-memory run used
//! by tests and tools all go through [`run_with`]; they differ in the
//! [`Target`], in the [`Caches`] they keep between runs (only `serve`
//! keeps any) and in whether a run may be stopped half-way. Each stage is
//! timed for `--timings`.

use crate::config::Config;
use crate::derive::{self, Model};
use crate::diagnostics::{self, Diagnostic, Kind};
use crate::load::{self, Sources};
use crate::records::Site;
use crate::render::{self, Theme};
use crate::validate::{self, Options};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod search;
use search::{search_outputs, search_outputs_cached, search_streamed};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml (CI publishing under a sub-path).
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Lets `build` replace a non-empty output folder that inolab did not
    /// write (never one holding the site's sources; see
    /// [`crate::write::guard`]).
    pub force: bool,
}

/// Everything one run of the pipeline produced.
#[derive(Default)]
pub struct Outcome {
    /// Sorted: by file, line, column.
    pub diags: Vec<Diagnostic>,
    /// Output files (relative path → bytes) of a [`Target::Memory`] run,
    /// sorted by path; without the pages when a [`PageCache`] holds them.
    /// Empty when an error stopped the run before rendering.
    pub files: Vec<(String, Vec<u8>)>,
    /// Folders copied into the output first (theme static, then site static).
    pub static_dirs: Vec<PathBuf>,
    /// HTML pages per language.
    pub pages_per_lang: BTreeMap<String, usize>,
    pub timings: Vec<(&'static str, Duration)>,
    /// Peak memory (resident set, KiB) when each stage of `timings` ended,
    /// where the OS tells it (Linux): shows which stage sets the peak.
    pub peak_kib: Vec<Option<u64>>,
    /// Total render time per template, slowest first — for `--timings`.
    pub slowest: Vec<(String, Duration)>,
    /// Files produced (for `build`, including static files).
    pub file_count: usize,
    pub config: Option<Config>,
    pub site: Option<Site>,
    pub model: Option<Model>,
    /// The run's `stop` said so before the end: nothing is complete (no
    /// diagnostics are reported, no output is whole).
    pub interrupted: bool,
}

impl Outcome {
    fn stage_done(&mut self, name: &'static str, took: Duration) {
        self.timings.push((name, took));
        // The kernel's VmHWM can read a few KiB lower than a moment ago
        // (per-thread RSS counters are folded in lazily), so keep the
        // running maximum: a peak so far never falls.
        let before = self.peak_kib.last().copied().flatten();
        let now = peak_rss_kib().map(|p| p.max(before.unwrap_or(0)));
        self.peak_kib.push(now);
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
    pub fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diags.len() - self.errors()
    }
}

/// The process's peak resident set so far (`VmHWM`), in KiB; `None`
/// where `/proc/self/status` does not exist.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads and parses `site.yaml`, applying the `--base-url` override.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let src = load::read_text(root, &root.join("site.yaml")).map_err(|d| {
        vec![d.hint("run inolab in the site's folder, or pass --root DIR; `inolab init DIR` creates a new site")]
    })?;
    let mut cfg = Config::parse(&src.text, &src.path)?;
    cfg.root = root.to_path_buf();
    if let Some(b) = base_url {
        cfg.base_url = if b.ends_with('/') {
            b.to_string()
        } else {
            format!("{b}/")
        };
    }
    Ok(cfg)
}

/// Runs every stage, keeping the output files in memory
/// ([`Outcome::files`]) for [`write`], tests and tools. Never panics on
/// bad input: problems are diagnostics, and rendering is skipped when
/// validation found errors.
pub fn run(opts: &BuildOptions) -> Outcome {
    run_with(opts, Target::Memory, Caches::default(), &|| false)
}

/// [`run`], taking rendered bodies from `cache` and keeping them there
/// ([`derive::BodyCache`]), as `serve` derives: every body's HTML is then
/// kept from the first pass, none rendered when its page is derived.
pub fn run_cached(opts: &BuildOptions, cache: Option<&derive::BodyCache>) -> Outcome {
    let caches = Caches {
        bodies: cache,
        ..Caches::default()
    };
    run_with(opts, Target::Memory, caches, &|| false)
}

/// Runs every stage and renders every page, but keeps no output: what
/// `check` needs to find template errors and colliding paths.
pub fn check(opts: &BuildOptions) -> Outcome {
    run_with(opts, Target::Discard, Caches::default(), &|| false)
}

/// Every stage, in order, into `target`, reusing what `caches` hold from
/// earlier runs and keeping there what later runs can reuse; `stop` is
/// asked inside validation, among the bodies and search documents
/// ([`derive::prepare_unless`]), between the steps of each language's
/// cached search index, every few dozen pages and inside the outputs,
/// and once it says so the
/// run ends with [`Outcome::interrupted`] (`serve` stops a whole-site
/// rebuild when the editor saves again). With the caches and the stop
/// signal unused this is [`run`], [`check`] or (with [`build`]'s staging
/// folder) a build; the caches change how much work is done, never a byte
/// of the output (`tests/serve_*.rs` compare).
pub fn run_with(
    opts: &BuildOptions,
    target: Target,
    caches: Caches,
    stop: &dyn Fn() -> bool,
) -> Outcome {
    let sink = Sink::new(target);
    let mut out = run_into(opts, &sink, caches, stop, &opts.root.join("public"));
    out.files = sink.into_files();
    out
}

/// What one run may reuse from earlier runs, each optional: `build` and
/// `check` pass none, `serve` passes them all. A cache never changes the
/// output, only how much of it is computed again.
#[derive(Default)]
pub struct Caches<'c> {
    /// Where the sources come from instead of reading `content/` afresh.
    pub content: Option<&'c mut dyn ContentCache>,
    /// Rendered Markdown bodies, taken and kept ([`derive::BodyCache`]).
    pub bodies: Option<&'c derive::BodyCache>,
    /// The compiled theme, loaded again only when it was forgotten or the
    /// site names another theme or other languages.
    pub theme: Option<&'c mut ThemeCache>,
    /// One search index cache per language: after an edit only the
    /// changed documents are analysed and only changed shards compressed.
    pub search: Option<&'c mut BTreeMap<String, crate::search::IndexCache>>,
    /// Rendered pages, kept by the cache instead of going to the target
    /// (their paths are still checked for collisions).
    pub pages: Option<&'c mut dyn PageCache>,
}

/// Sources kept between runs (`serve`'s content cache: it reads again
/// only the files that changed).
pub trait ContentCache {
    /// `site.yaml` and everything under `content/`, as [`load::load`]
    /// with [`load::Bodies::Keep`] would read them now, with the problems
    /// found. `langs` are the site's non-default language codes.
    fn sources(&mut self, root: &Path, langs: &[String]) -> (Sources, Vec<Diagnostic>);
}

/// Rendered pages kept between runs. The pipeline hands over every page
/// job; the cache renders those whose inputs changed and keeps the
/// others, and holds the pages itself (a 10 000-record site's pages are
/// hundreds of megabytes: copying them into the target at every run was
/// not an option).
pub trait PageCache: Send {
    /// Before the first page of a run: what every page of a language
    /// shares. `fresh_theme` says the theme was loaded in this run (a
    /// template may have changed).
    fn begin(&mut self, run: PageRun<'_>);
    /// A batch of page jobs, in parallel: rendered, or kept when their
    /// inputs are unchanged. Template errors come back as diagnostics.
    fn render(&mut self, theme: &Theme, jobs: &[derive::PageJob]) -> Vec<Diagnostic>;
}

/// The render inputs shared by every page of a run ([`PageCache::begin`]).
pub struct PageRun<'r> {
    pub root: &'r Path,
    pub config: &'r Config,
    pub theme: &'r Theme,
    pub fresh_theme: bool,
    /// Site-wide context per language ([`Model::globals`]).
    pub globals: &'r BTreeMap<String, serde_json::Value>,
    /// Per-build values per language (the search manifest's URL).
    pub extra: &'r BTreeMap<String, serde_json::Value>,
}

/// A compiled theme kept between runs.
#[derive(Default)]
pub struct ThemeCache {
    /// Theme name, language codes, theme.
    kept: Option<(String, Vec<String>, Theme)>,
}

impl ThemeCache {
    /// Forgets the theme: one of its templates or string files changed.
    pub fn forget(&mut self) {
        self.kept = None;
    }

    /// The theme kept, if any.
    pub fn theme(&self) -> Option<&Theme> {
        self.kept.as_ref().map(|k| &k.2)
    }

    /// The site's theme, loaded unless kept for the same name and
    /// languages; true when it was loaded now.
    fn get(&mut self, root: &Path, cfg: &Config) -> Result<(&Theme, bool), Vec<Diagnostic>> {
        let langs = cfg.lang_codes();
        let fresh = !matches!(&self.kept, Some((n, l, _)) if *n == cfg.theme && *l == langs);
        if fresh {
            self.kept = None;
            let theme = render::load_theme(root, &cfg.theme, &langs)?;
            self.kept = Some((cfg.theme.clone(), langs, theme));
        }
        match &self.kept {
            Some((_, _, theme)) => Ok((theme, fresh)),
            None => Err(Vec::new()), // cannot happen: set just above
        }
    }
}

/// Runs every stage and writes the site into `output` as it renders,
/// atomically: the new folder replaces the old one only when the whole
/// build succeeded, so a failed build leaves `output` as it was. Pages go
/// to disk as they are rendered, so memory does not grow with the output.
/// An I/O error becomes a diagnostic.
pub fn build(opts: &BuildOptions, output: &Path) -> Outcome {
    let staging = match crate::write::Staging::new(output, &opts.root, opts.force) {
        Ok(s) => s,
        Err(e) => return write_failure(output, e),
    };
    let sink = Sink::new(Target::Dir(&staging));
    let mut out = run_into(opts, &sink, Caches::default(), &|| false, output);
    if out.has_errors() {
        return out; // dropping `staging` deletes the half-written folder
    }
    let generated = sink.paths.into_inner().unwrap_or_default();
    let result = match sink.error.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => staging
            .copy_static(&out.static_dirs, &opts.root, &generated)
            .and_then(|statics| staging.commit().map(|()| statics)),
    };
    match result {
        Ok((statics, skipped)) => {
            out.file_count = generated.len() + statics + 1; // and the marker
            out.diags.extend(skipped_links(&opts.root, &skipped));
        }
        Err(e) => out.diags.push(io_diagnostic(output, &e)),
    }
    out
}

/// Warnings for static symlinks that were not copied.
fn skipped_links(root: &Path, skipped: &[crate::write::SkippedLink]) -> Vec<Diagnostic> {
    skipped
        .iter()
        .map(|l| {
            Diagnostic::warning(
                Kind::OutsideSymlink,
                diagnostics::display_path(root, &l.path),
                format!("symlink not published: {}", l.reason),
            )
            .hint("copy the file into static/ if it should be published, or remove the link")
        })
        .collect()
}

fn io_diagnostic(output: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Kind::Io,
        output.display().to_string(),
        format!("cannot write the output: {e}"),
    )
    .hint(
        "check the folder's permissions and free disk space; the previous output is left as it was",
    )
}

/// The outcome of a build that could not start writing: the guard's
/// refusal (nothing was touched) or an I/O error.
fn write_failure(output: &Path, e: crate::write::WriteError) -> Outcome {
    let d = match e {
        crate::write::WriteError::Io(e) => io_diagnostic(output, &e),
        crate::write::WriteError::Refused(r) => {
            Diagnostic::error(Kind::OutputRefused, output.display().to_string(), r.message)
                .hint(r.hint)
        }
    };
    Outcome {
        diags: vec![d],
        ..Outcome::default()
    }
}

/// Where a run's output files go.
pub enum Target<'a> {
    /// Into [`Outcome::files`]: tests, tools, `serve`. Bodies stay in
    /// memory, the model is kept whole.
    Memory,
    /// Nowhere: `check` (everything is still rendered, to find errors).
    Discard,
    /// Into a staging folder as they render: `build`.
    Dir(&'a crate::write::Staging),
}

/// Receives output files from parallel renderers, noting every path so
/// that two outputs wanting one path are reported.
struct Sink<'a> {
    target: Target<'a>,
    /// The files of a [`Target::Memory`] run.
    files: Mutex<Vec<(String, Vec<u8>)>>,
    paths: Mutex<HashSet<String>>,
    dups: Mutex<BTreeSet<String>>,
    error: Mutex<Option<std::io::Error>>,
    /// Ids of the pages `#fragment` links point at ([`crate::links`]).
    anchors: std::sync::OnceLock<crate::links::Anchors>,
}

impl<'a> Sink<'a> {
    fn new(target: Target<'a>) -> Self {
        Sink {
            target,
            files: Mutex::default(),
            paths: Mutex::default(),
            dups: Mutex::default(),
            error: Mutex::default(),
            anchors: std::sync::OnceLock::new(),
        }
    }

    /// Notes that `path` is taken (a second taker is a collision).
    fn note(&self, path: &str) {
        if let Ok(mut p) = self.paths.lock()
            && !p.insert(path.to_string())
            && let Ok(mut d) = self.dups.lock()
        {
            d.insert(path.to_string());
        }
    }

    fn fail(&self, e: std::io::Error) {
        if let Ok(mut slot) = self.error.lock() {
            slot.get_or_insert(e);
        }
    }

    fn put(&self, path: String, bytes: Vec<u8>) {
        self.note(&path);
        if let Some(a) = self.anchors.get() {
            a.see(&path, &bytes);
        }
        match &self.target {
            Target::Memory => {
                if let Ok(mut f) = self.files.lock() {
                    f.push((path, bytes));
                }
            }
            Target::Discard => {}
            Target::Dir(staging) => {
                if let Err(e) = staging.put(&path, &bytes) {
                    self.fail(e);
                }
            }
        }
    }

    /// The pages' folders, made on the deriving thread before the batch
    /// is rendered ([`crate::write::Staging::make_parents`]).
    fn make_parents(&self, batch: &[derive::PageJob]) {
        if let Target::Dir(staging) = &self.target {
            staging.make_parents(batch.iter().map(|j| j.path.as_str()));
        }
    }

    /// A file written in pieces: straight into its staging file when
    /// building into a folder.
    fn put_stream(
        &self,
        path: String,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        match &self.target {
            Target::Dir(staging) => {
                self.note(&path);
                let written = staging.create(&path).and_then(|mut f| write(&mut f));
                if let Err(e) = written {
                    self.fail(e);
                }
            }
            Target::Discard => {
                self.note(&path);
                let _ = write(&mut std::io::sink());
            }
            Target::Memory => {
                let mut bytes = Vec::new();
                let _ = write(&mut bytes);
                self.put(path, bytes);
            }
        }
    }

    /// Two outputs wanting one path, as errors.
    fn collisions(&self) -> Vec<Diagnostic> {
        let dups = self.dups.lock().map(|d| d.clone()).unwrap_or_default();
        dups.into_iter()
            .map(|p| {
                Diagnostic::error(
                    Kind::DuplicateSlug,
                    "content",
                    format!("two outputs want the same path `{p}`"),
                )
                .hint("a page slug collides with a section name; rename the page")
            })
            .collect()
    }

    /// The collected files, sorted by path (memory target only).
    fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut f = self.files.into_inner().unwrap_or_default();
        f.sort_by(|a, b| a.0.cmp(&b.0));
        f
    }
}

/// The stages, in order. Returns early (with [`Outcome::interrupted`])
/// when `stop` says so.
/// `previous`: the output folder of the previous build, whose URLs must
/// not vanish ([`crate::links::published`]).
fn run_into(
    opts: &BuildOptions,
    sink: &Sink,
    caches: Caches,
    stop: &dyn Fn() -> bool,
    previous: &Path,
) -> Outcome {
    let Caches {
        content,
        bodies: body_cache,
        theme: theme_cache,
        search: search_cache,
        pages: page_cache,
    } = caches;
    let mut out = Outcome::default();
    let mut t = Instant::now();
    let mut lap = |name: &'static str, out: &mut Outcome| {
        out.stage_done(name, t.elapsed());
        t = Instant::now();
    };
    let cfg = match load_config(&opts.root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(d) => {
            out.diags = d;
            return out;
        }
    };
    let langs: Vec<String> = cfg.translation_langs();
    // Only an in-memory run hands its site to tools and tests. A build or
    // check reads each body again from its file when it renders it, and
    // sets plain texts aside until the search index (beside its output,
    // or in the temporary folder; if neither can be written they stay in
    // memory).
    let (bodies, spill_dir) = match &sink.target {
        Target::Memory => (load::Bodies::Keep, None),
        Target::Dir(staging) => (
            load::Bodies::Leave,
            Some(staging.scratch_dir().to_path_buf()),
        ),
        Target::Discard => (load::Bodies::Leave, Some(std::env::temp_dir())),
    };
    let (sources, mut diags): (Sources, Vec<Diagnostic>) = match content {
        Some(c) => c.sources(&opts.root, &langs),
        None => load::load(&opts.root, &langs, bodies),
    };
    lap("load", &mut out);
    let (site, vdiags, stopped) = validate::validate_unless(
        &sources,
        &cfg,
        Options {
            drafts: opts.drafts,
        },
        stop,
    );
    drop(sources);
    diags.extend(vdiags);
    lap("validate", &mut out);
    if stopped || stop() {
        return interrupted(out, site);
    }
    let mut owned_theme = None;
    let theme: Option<(&Theme, bool)> = match theme_cache {
        Some(c) => c.get(&opts.root, &cfg).map_err(|d| diags.extend(d)).ok(),
        None => match render::load_theme(&opts.root, &cfg.theme, &cfg.lang_codes()) {
            Ok(t) => Some((&*owned_theme.insert(t), true)),
            Err(d) => {
                diags.extend(d);
                None
            }
        },
    };
    lap("theme", &mut out);
    let strings = theme
        .as_ref()
        .map(|t| t.0.strings.clone())
        .unwrap_or_default();
    // Derivation in two halves: first what every page needs from the
    // whole site (Markdown bodies, search documents), then the pages
    // themselves, rendered and written batch by batch as they are derived,
    // so page contexts never pile up in memory.
    let spill = spill_dir.and_then(|d| crate::spill::Spill::new_in(&d).ok());
    let Some(derivation) = derive::prepare_unless(&site, &strings, spill, body_cache, stop) else {
        return interrupted(out, site);
    };
    diags.extend(derivation.diags().iter().cloned());
    crate::links::media_are_expected(&cfg, &derivation.media(), &mut diags);
    lap("derive", &mut out);
    if stop() {
        drop(derivation);
        return interrupted(out, site);
    }
    let fatal = diags.iter().any(Diagnostic::is_error);
    let model = match (theme, fatal) {
        // Times its own parts: search, pages, outputs.
        (Some((theme, fresh_theme)), false) => {
            // The whole-site link checks need every page's bytes; pages a
            // page cache keeps (serve) never pass through the sink, so
            // serve skips them (docs/errors.md, `broken-link`).
            let link_checks = page_cache.is_none();
            let _ = sink
                .anchors
                .set(crate::links::Anchors::new(derivation.fragment_targets()));
            let render = Render {
                root: &opts.root,
                theme,
                fresh_theme,
                site: &site,
                sink,
                search: search_cache,
                pages: page_cache,
                stop,
            };
            let model = match render.run(derivation, &mut out, &mut diags) {
                Some(model) => model,
                None => return interrupted(out, site),
            };
            if link_checks {
                let t = Instant::now();
                check_links(opts, &site, &model, sink, previous, &mut diags);
                out.stage_done("links", t.elapsed());
            }
            model
        }
        _ => derivation.without_pages(),
    };
    diagnostics::sort(&mut diags);
    out.diags = diags;
    out.static_dirs = cfg.static_dirs(&opts.root);
    out.config = Some(cfg);
    out.site = Some(site);
    out.model = Some(model);
    out
}

/// The checks of the whole built site ([`crate::links`]): body links and
/// fragments against the pages written, `old_urls`, published URLs.
fn check_links(
    opts: &BuildOptions,
    site: &Site,
    model: &Model,
    sink: &Sink,
    previous: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let produced = sink.paths.lock().map(|p| p.clone()).unwrap_or_default();
    let collisions = sink.dups.lock().map(|d| d.clone()).unwrap_or_default();
    let built = crate::links::Built {
        produced: &produced,
        collisions: &collisions,
        anchors: sink.anchors.get(),
        static_dirs: &site.config.static_dirs(&opts.root),
        previous: Some(previous),
    };
    // Only a build into a folder leaves the list of its URLs there
    // ([`write`] adds it for an in-memory run).
    let mut emit = SinkEmit(sink);
    let manifest_to: Option<&mut dyn crate::outputs::Emit> =
        matches!(sink.target, Target::Dir(_)).then_some(&mut emit);
    crate::links::check(site, model, &built, diags, manifest_to);
}

/// The outcome of a run that `stop` ended: the site it validated is freed
/// on another thread (a second at 50 000 records, which the save that
/// stopped the run should not wait for).
fn interrupted(mut out: Outcome, site: Site) -> Outcome {
    derive::drop_later(site);
    out.interrupted = true;
    out
}

/// What the render half of a run works with.
struct Render<'r, 's, 'c> {
    root: &'r Path,
    theme: &'r Theme,
    fresh_theme: bool,
    site: &'r Site,
    sink: &'r Sink<'s>,
    search: Option<&'c mut BTreeMap<String, crate::search::IndexCache>>,
    pages: Option<&'c mut dyn PageCache>,
    stop: &'r dyn Fn() -> bool,
}

impl Render<'_, '_, '_> {
    /// Builds the search index, then derives, renders and emits every
    /// page, then the sitemap, feeds and exports. `None`: stopped.
    fn run(
        self,
        mut derivation: derive::Derivation,
        out: &mut Outcome,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Model> {
        let Render {
            root,
            theme,
            fresh_theme,
            site,
            sink,
            search,
            mut pages,
            stop,
        } = self;
        let cfg = &site.config;
        let extra = if matches!(sink.target, Target::Memory) {
            // Only an in-memory run hands its model (search documents
            // included) to tools and tests: all languages at once.
            let t = Instant::now();
            let docs = derivation.search_docs();
            let (files, extra) = match search {
                Some(caches) => search_outputs_cached(cfg, docs, caches, stop)?,
                None => search_outputs(cfg, docs),
            };
            out.stage_done("search", t.elapsed());
            let t = Instant::now();
            files.into_par_iter().for_each(|(p, b)| sink.put(p, b));
            out.stage_done("search/write", t.elapsed());
            extra
        } else {
            search_streamed(cfg, &mut derivation, sink, out, diags)
        };
        if stop() {
            return None;
        }
        let globals_json = derivation.globals.clone();
        let globals = match pages.as_deref_mut() {
            Some(cache) => {
                cache.begin(PageRun {
                    root,
                    config: cfg,
                    theme,
                    fresh_theme,
                    globals: &globals_json,
                    extra: &extra,
                });
                BTreeMap::new() // the cache makes its own
            }
            None => render::contexts(theme, &globals_json, &extra),
        };
        let t = Instant::now();
        let mut pages_per_lang: BTreeMap<String, usize> = BTreeMap::new();
        // Page contexts are derived on this thread (derivation is
        // sequential) while another hands the previous batches to the
        // rayon pool ([`render::render_stream`]); a bounded channel and
        // a bounded number of batches in flight keep at most a few
        // batches of contexts alive.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<derive::PageJob>>(2);
        // Problems found while pages are derived (a body whose file
        // changed since it was loaded) come after those already reported.
        let known = derivation.diags().len();
        // The exports need only the site: a run without a page cache (not
        // `serve`) makes them on a thread of their own while pages are
        // derived and rendered, in the moments the renderers wait.
        let halt = std::sync::atomic::AtomicBool::new(false);
        let early_exports = pages.is_none();
        let (model, (per_template, rdiags), exported) = std::thread::scope(|scope| {
            let exporter = early_exports.then(|| {
                let halt = &halt;
                scope.spawn(move || {
                    let stopped = || halt.load(std::sync::atomic::Ordering::Relaxed);
                    crate::outputs::exports_unless(site, &mut SinkEmit(sink), &stopped)
                })
            });
            let renderer = scope.spawn(move || {
                let Some(cache) = pages else {
                    let emit = |p: render::Rendered| sink.put(p.path, p.bytes);
                    return render::render_stream(root, theme, &globals, rx.into_iter(), &emit);
                };
                let mut rdiags: Vec<Diagnostic> = Vec::new();
                for batch in rx {
                    for j in &batch {
                        sink.note(&j.path);
                    }
                    for d in cache.render(theme, &batch) {
                        if !rdiags.contains(&d) {
                            rdiags.push(d);
                        }
                    }
                }
                (BTreeMap::new(), rdiags)
            });
            let model = derivation.pages_unless(
                |batch| {
                    for j in &batch {
                        *pages_per_lang.entry(j.lang.clone()).or_default() += 1;
                    }
                    sink.make_parents(&batch);
                    // Fails only if the renderer is gone, which join reports.
                    let _ = tx.send(batch);
                },
                stop,
            );
            drop(tx);
            let rendered = renderer.join().unwrap_or_else(|_| {
                let d = Diagnostic::error(
                    Kind::Io,
                    "render",
                    "the renderer thread stopped unexpectedly".to_string(),
                );
                (BTreeMap::new(), vec![d])
            });
            if model.is_none() || stop() {
                halt.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            let exported = exporter.map(|e| {
                e.join().unwrap_or_else(|_| {
                    Some(vec![Diagnostic::error(
                        Kind::Io,
                        "exports",
                        "the exports' thread stopped unexpectedly".to_string(),
                    )])
                })
            });
            (model, rendered, exported)
        });
        let model = model?;
        if stop() {
            derive::drop_later(model);
            return None;
        }
        let mut slowest: Vec<(String, std::time::Duration)> = per_template.into_iter().collect();
        slowest.sort_by_key(|s| std::cmp::Reverse(s.1));
        out.slowest = slowest;
        // Deriving page contexts and rendering them, interleaved batch by batch.
        out.stage_done("pages", t.elapsed());
        let t = Instant::now();
        out.pages_per_lang = pages_per_lang;
        diags.extend(rdiags);
        diags.extend(model.diags.iter().skip(known).cloned());
        let emitted = crate::outputs::emit_derived_unless(site, &model, &mut SinkEmit(sink), stop)
            .and_then(|mut d| {
                let exports = match exported {
                    Some(done) => done,
                    None => crate::outputs::exports_unless(site, &mut SinkEmit(sink), stop),
                };
                d.extend(exports?);
                Some(d)
            });
        match emitted {
            Some(d) => diags.extend(d),
            None => {
                derive::drop_later(model);
                return None;
            }
        }
        diags.extend(sink.collisions());
        out.file_count = sink.paths.lock().map(|p| p.len()).unwrap_or_default();
        out.stage_done("outputs", t.elapsed());
        Some(model)
    }
}

/// The outputs stage's view of a [`Sink`].
struct SinkEmit<'s, 'a>(&'s Sink<'a>);

impl crate::outputs::Emit for SinkEmit<'_, '_> {
    fn file(&mut self, f: crate::outputs::OutFile) {
        self.0.put(f.path, f.bytes);
    }
    fn stream(
        &mut self,
        path: String,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        self.0.put_stream(path, write);
    }
}

/// Writes a successful in-memory run of the site at `opts.root` into
/// `output` atomically, behind the same output guard as [`build`].
/// Refuses when the run has errors, so the previous output stays as it was.
pub fn write(
    out: &Outcome,
    opts: &BuildOptions,
    output: &Path,
) -> Result<Vec<crate::write::SkippedLink>, crate::write::WriteError> {
    if out.has_errors() || out.files.is_empty() {
        return Err(std::io::Error::other(
            "the build has errors; the previous output is left untouched",
        )
        .into());
    }
    // The list of its URLs, as a streaming build leaves it.
    let mut files = out.files.clone();
    if out.config.is_some() {
        let urls = crate::links::published::page_urls(files.iter().map(|f| f.0.as_str()));
        let m = crate::links::manifest(&urls);
        files.push((m.path, m.bytes));
        files.sort_by(|a, b| a.0.cmp(&b.0));
    }
    crate::write::write_atomic(output, &opts.root, opts.force, &files, &out.static_dirs)
}
