//! After every page is rendered: the checks that need the whole built
//! site. Each internal link of a body must lead to a page (or file) the
//! build produced and each `#fragment` to an id on that page; each
//! `old_urls` entry must be a well-formed path no page or other entry
//! takes; and no published URL may vanish without a redirect
//! ([`published`]).
//!
//! Markdown resolves what a body alone decides (record links, `.md`
//! files, relative links; [`crate::markdown::Resolve`]); whether the
//! target exists is only known here. Ids are read from the pages that
//! fragment links point at as they are written ([`Anchors`]), never
//! from every page.

pub mod published;

use crate::derive::{BaseUrl, Model, old_url_problem, redirects};
use crate::diagnostics::{Diagnostic, Kind, nearest};
use crate::outputs::{Emit, OutFile};
use crate::records::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The element ids of the pages `#fragment` links point at, noted as the
/// pages are written.
#[derive(Default)]
pub struct Anchors {
    wanted: HashSet<String>,
    found: Mutex<HashMap<String, BTreeSet<String>>>,
}

impl Anchors {
    /// Notes the ids of the pages at these output paths.
    pub fn new(wanted: HashSet<String>) -> Anchors {
        Anchors {
            wanted,
            found: Mutex::default(),
        }
    }

    /// Reads the ids of `bytes` if `path` is wanted.
    pub fn see(&self, path: &str, bytes: &[u8]) {
        if !self.wanted.contains(path) {
            return;
        }
        let ids = element_ids(&String::from_utf8_lossy(bytes));
        if let Ok(mut f) = self.found.lock() {
            f.insert(path.to_string(), ids);
        }
    }

    fn ids(&self, path: &str) -> Option<BTreeSet<String>> {
        self.found.lock().ok()?.get(path).cloned()
    }
}

/// The `id="…"` (and `<a name="…">`) values of an HTML page, entities
/// `&amp;` and `&quot;` decoded.
pub fn element_ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for attr in [" id=\"", " name=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.insert(
                    rest[..end]
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&"),
                );
            }
        }
    }
    out
}

/// What the build produced, for [`check`].
pub struct Built<'a> {
    /// Every output path written (pages, outputs, media), not static files.
    pub produced: &'a HashSet<String>,
    /// Paths two outputs wanted.
    pub collisions: &'a BTreeSet<String>,
    pub anchors: Option<&'a Anchors>,
    /// The static folders copied into the output.
    pub static_dirs: &'a [PathBuf],
    /// The output folder of the previous build, if any.
    pub previous: Option<&'a Path>,
}

/// The checks of the whole built site (see the module's documentation):
/// adds their diagnostics to `diags` (replacing the generic collision
/// error of a redirect with one at its `old_urls` line), and, given
/// `out` (a build writing its output), emits the list of the URLs this
/// build publishes ([`manifest`]), which the next build compares against.
pub fn check(
    site: &Site,
    model: &Model,
    built: &Built,
    diags: &mut Vec<Diagnostic>,
    out: Option<&mut dyn Emit>,
) {
    let cfg = &site.config;
    let base = BaseUrl::new(cfg);
    let mut broken = body_links(&base, model, built);
    for d in &mut broken {
        if let Ok(text) = std::fs::read_to_string(cfg.root.join(&d.file)) {
            *d = d.clone().with_source(&text);
        }
    }
    diags.extend(broken);
    let old = old_urls(site, &base, built, diags);
    diags.extend(old);
    let urls = published::page_urls(built.produced.iter().map(String::as_str));
    diags.extend(published::vanished(site, &urls, built.previous));
    if let Some(out) = out {
        out.file(manifest(&urls));
    }
}

/// The list of the page URLs an output holds (`.inolab-urls`), written
/// beside its pages for the next build to compare against.
pub fn manifest(urls: &BTreeSet<String>) -> OutFile {
    OutFile {
        path: published::MANIFEST.into(),
        bytes: published::list_text(urls, &BTreeSet::new()).into_bytes(),
    }
}

/// Before rendering: a media file a body uses, beside its record in
/// `content/`, is not the "unexpected file" loading took it for.
pub fn media_are_expected(
    cfg: &crate::config::Config,
    media: &[crate::markdown::MediaCopy],
    diags: &mut Vec<Diagnostic>,
) {
    let used: HashSet<String> = media
        .iter()
        .map(|m| crate::diagnostics::display_path(&cfg.root, &m.from))
        .collect();
    diags.retain(|d| !(d.kind == Kind::UnexpectedFile && used.contains(&d.file)));
}

/// Whether `url` (root-relative, with the base path) is a file of the
/// build: its output path, with `index.html` for a folder; a static file.
fn target(base: &BaseUrl, url: &str, built: &Built) -> Option<String> {
    let rel = url.strip_prefix(base.path())?;
    let mut candidates = vec![base.output_path(url)];
    if !rel.is_empty() && !rel.ends_with('/') {
        candidates.push(format!("{rel}/index.html"));
    }
    if let Some(c) = candidates.iter().find(|c| built.produced.contains(*c)) {
        return Some(c.clone());
    }
    let in_static = !rel.is_empty()
        && crate::markdown::normalize(rel).is_some()
        && built
            .static_dirs
            .iter()
            .any(|d| d.join(rel).is_file() || d.join(rel).join("index.html").is_file());
    in_static.then(|| rel.to_string())
}

/// The broken links and fragments of every body.
fn body_links(base: &BaseUrl, model: &Model, built: &Built) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut pages: Option<Vec<String>> = None;
    let mut seen = HashSet::new();
    for l in &model.links {
        if !seen.insert(l) {
            continue;
        }
        let shown = |u: &str| format!("/{}", u.strip_prefix(base.path()).unwrap_or(u));
        match target(base, &l.url, built) {
            None => {
                let pages = pages.get_or_insert_with(|| {
                    let mut p: Vec<String> =
                        published::page_urls(built.produced.iter().map(String::as_str))
                            .into_iter()
                            .collect();
                    p.sort();
                    p
                });
                let want = shown(&l.url);
                let hint = match nearest(&want, pages.iter().map(String::as_str)) {
                    Some(n) => format!("did you mean `{n}`? (or link the record itself: `@sprint/slug`, `@page/slug`, …)"),
                    None => "link a page the site has (its address from the site's root, `/section/page/`), or the record itself: `@sprint/slug`, `@page/slug`, …".into(),
                };
                diags.push(
                    Diagnostic::error(
                        Kind::BrokenLink,
                        l.file.clone(),
                        format!(
                            "the link `{}` leads to `{want}`, which the site does not have",
                            l.written
                        ),
                    )
                    .at(crate::diagnostics::Pos::new(
                        l.line,
                        l.column,
                        l.written.chars().count(),
                    ))
                    .hint(hint),
                );
            }
            Some(path) => {
                let Some(frag) = &l.fragment else { continue };
                let Some(ids) = built.anchors.and_then(|a| a.ids(&path)) else {
                    continue;
                };
                if ids.contains(frag) {
                    continue;
                }
                let hint = match nearest(frag, ids.iter().map(String::as_str)) {
                    Some(n) => format!("did you mean `#{n}`? A heading's id is its text in lower case with `-` for spaces (`## Mērķis` → `#merkis`)"),
                    None => "a heading's id is its text in lower case with `-` for spaces (`## Mērķis` → `#merkis`); or set one: `## Title {#my-id}`".into(),
                };
                diags.push(
                    Diagnostic::error(
                        Kind::BrokenLink,
                        l.file.clone(),
                        format!(
                            "`{}` has no `#{frag}` (no element with that id)",
                            shown(&l.url)
                        ),
                    )
                    .at(crate::diagnostics::Pos::new(
                        l.line,
                        l.column,
                        l.written.chars().count(),
                    ))
                    .hint(hint),
                );
            }
        }
    }
    diags
}

/// Malformed `old_urls` entries and redirects that collide with a page or
/// with each other. The generic collision errors of those paths are taken
/// out of `diags` (this one says which line to change).
fn old_urls(
    site: &Site,
    base: &BaseUrl,
    built: &Built,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut malformed = BTreeSet::new();
    for r in crate::derive::record_urls(site) {
        if r.lang != site.config.default_language {
            continue;
        }
        for o in &r.old_urls {
            if let Some(why) = old_url_problem(&o.path)
                && malformed.insert((r.file.clone(), o.path.clone()))
            {
                out.push(
                    Diagnostic::error(
                        Kind::OldUrl,
                        r.file.clone(),
                        format!("`{}` cannot be an old URL", o.path),
                    )
                    .field("old_urls")
                    .at(o.pos)
                    .hint(why),
                );
            }
        }
    }
    let mut by_path: BTreeMap<String, Vec<crate::derive::Redirect>> = BTreeMap::new();
    for r in redirects(site) {
        by_path
            .entry(base.output_path(&r.from))
            .or_default()
            .push(r);
    }
    for (path, rs) in &by_path {
        if !built.collisions.contains(path) {
            continue;
        }
        diags.retain(|d| {
            !(d.kind == Kind::DuplicateSlug && d.message.contains(&format!("`{path}`")))
        });
        // One redirect at a colliding path collides with a page; more
        // than one collide with each other (the first is kept).
        let first = &rs[0];
        for (i, r) in rs.iter().enumerate() {
            let (message, hint) = if r.from == r.to {
                (
                    format!("`{}` is this record's own address", r.written),
                    "delete this entry: a record's current address needs no redirect".to_string(),
                )
            } else if rs.len() == 1 {
                (
                    format!("`{}` is the address of a page the site has", r.written),
                    "a redirect cannot replace a live page; delete this entry".to_string(),
                )
            } else if i > 0 {
                (
                    format!("`{}` is already an old URL of {}", r.written, first.file),
                    "an old address redirects to one record only; delete one of the two entries"
                        .to_string(),
                )
            } else {
                continue;
            };
            out.push(
                Diagnostic::error(Kind::OldUrl, r.file.clone(), message)
                    .field("old_urls")
                    .at(r.pos)
                    .hint(hint),
            );
        }
    }
    out
}
