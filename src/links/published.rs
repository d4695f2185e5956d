//! Published URLs never vanish silently. A URL is published when the
//! previous build in the output folder produced it (its [`MANIFEST`]) or
//! when the site's committed list names it ([`LIST`], written by
//! `inolab urls --write`). A published URL this build does not produce,
//! and that no `old_urls` entry redirects, is an error naming the record
//! that most likely took its place, with the `old_urls` line to add.
//!
//! A page removed for good is recorded as `gone /path/` in the list
//! (`inolab urls --write` does that for every published URL the build no
//! longer has), so that the removal is a reviewed change of a committed
//! file, not an accident.

use crate::derive::{BaseUrl, RecordUrl, record_urls};
use crate::diagnostics::{Diagnostic, Kind, Pos};
use crate::records::Site;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The list of URLs a build published, written into its output.
pub const MANIFEST: &str = ".inolab-urls";

/// The site's committed list of published URLs, at its root.
pub const LIST: &str = "published-urls.txt";

/// The URLs of the HTML pages among output paths, without the base path
/// (`sprinti/a/index.html` → `/sprinti/a/`): what readers and other
/// sites link to. Search index files, feeds and assets are not pages.
pub fn page_urls<'p>(paths: impl Iterator<Item = &'p str>) -> BTreeSet<String> {
    paths
        .filter(|p| p.ends_with(".html") && !p.starts_with("search-index/"))
        .map(|p| match p.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{p}"),
        })
        .collect()
}

/// The text of a list: the URLs, sorted, one per line, then the `gone` ones.
pub fn list_text(urls: &BTreeSet<String>, gone: &BTreeSet<String>) -> String {
    let mut s = String::new();
    for u in urls {
        s.push_str(u);
        s.push('\n');
    }
    for g in gone {
        s.push_str("gone ");
        s.push_str(g);
        s.push('\n');
    }
    s
}

/// A list read back: URL → its line, and the `gone` URLs.
#[derive(Default, Debug)]
pub struct List {
    pub urls: BTreeMap<String, usize>,
    pub gone: BTreeSet<String>,
}

/// Parses a list (the committed one or a build's manifest); blank lines
/// and `#` comments are skipped.
pub fn parse_list(text: &str) -> List {
    let mut l = List::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(g) = line.strip_prefix("gone ") {
            l.gone.insert(g.trim().to_string());
        } else {
            l.urls.entry(line.to_string()).or_insert(i + 1);
        }
    }
    l
}

/// The committed list of the site at `root`, if it has one.
pub fn read_list(root: &Path) -> Option<List> {
    std::fs::read_to_string(root.join(LIST))
        .ok()
        .map(|t| parse_list(&t))
}

/// The URLs the previous build in `output` published, if it wrote a list.
pub fn read_previous(output: &Path) -> Option<List> {
    std::fs::read_to_string(output.join(MANIFEST))
        .ok()
        .map(|t| parse_list(&t))
}

/// The published URLs missing from `current` (this build's page URLs,
/// redirects included), each an error: at the record that most likely
/// replaced it, with the `old_urls` line to write.
pub fn vanished(
    site: &Site,
    current: &BTreeSet<String>,
    previous: Option<&Path>,
) -> Vec<Diagnostic> {
    let cfg = &site.config;
    let list = read_list(&cfg.root).unwrap_or_default();
    let prev = previous.and_then(read_previous).unwrap_or_default();
    // URL → where it was published (file and line), for the message.
    let mut published: BTreeMap<&str, (String, usize)> = BTreeMap::new();
    for (u, line) in &prev.urls {
        published.insert(u, (format!("the previous build ({MANIFEST})"), *line));
    }
    for (u, line) in &list.urls {
        published.insert(u, (LIST.to_string(), *line));
    }
    let missing: Vec<(&str, &(String, usize))> = published
        .iter()
        .filter(|(u, _)| !current.contains(**u) && !list.gone.contains(**u))
        .map(|(u, w)| (*u, w))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let base = BaseUrl::new(cfg);
    let strip = |u: &str| format!("/{}", u.strip_prefix(base.path()).unwrap_or(u));
    let records = record_urls(site);
    // Records whose page is new: not published before.
    let new: Vec<(String, &RecordUrl)> = records
        .iter()
        .map(|r| (strip(&r.url), r))
        .filter(|(u, _)| !published.contains_key(u.as_str()))
        .collect();
    // The likely new home of each missing URL, and what each record's
    // `old_urls` line becomes with all of them.
    let homes: Vec<(&str, &(String, usize), Option<&RecordUrl>)> = missing
        .iter()
        .map(|(u, w)| (*u, *w, likely_home(u, &new)))
        .collect();
    let mut lines: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (u, _, home) in &homes {
        if let Some(r) = home {
            let l = lines
                .entry(r.file.as_str())
                .or_insert_with(|| r.old_urls.iter().map(|o| o.path.clone()).collect());
            if !l.iter().any(|x| x == u) {
                l.push(u.to_string());
            }
        }
    }
    homes
        .into_iter()
        .map(|(u, (source, line), home)| match home {
            Some(r) => {
                let at = r.old_urls.first().map_or(Pos::new(1, 1, 3), |o| o.pos);
                let line = lines.get(r.file.as_str()).map(|l| l.join(", ")).unwrap_or_default();
                Diagnostic::error(
                    Kind::VanishedUrl,
                    r.file.clone(),
                    format!(
                        "`{u}` was published ({source}) and the build no longer has it; this record, now at `{}`, is likely where it went",
                        strip(&r.url)
                    ),
                )
                .field("old_urls")
                .at(at)
                .hint(format!(
                    "add to this record's front matter: `old_urls: [{line}]` (readers and links to the old address are then redirected); if it is gone for good, run `inolab urls --write` to record it as gone"
                ))
            }
            None => {
                let d = Diagnostic::error(
                    Kind::VanishedUrl,
                    source.clone(),
                    format!("`{u}` was published and the build no longer has it"),
                )
                .hint(format!(
                    "add `old_urls: [{u}]` to the record that replaces it; if it is gone for good, run `inolab urls --write` to record it as gone"
                ));
                if source == LIST {
                    d.at(Pos::new(*line, 1, u.chars().count()))
                } else {
                    d
                }
            }
        })
        .collect()
}

/// The record most likely to be `url`'s new home among records whose
/// page is new: one with the same last segment (moved), else in the same
/// folder, the nearest slug or the only new one there (renamed).
fn likely_home<'r>(url: &str, new: &[(String, &'r RecordUrl)]) -> Option<&'r RecordUrl> {
    let trimmed = url.trim_end_matches('/');
    let (parent, last) = trimmed.rsplit_once('/')?;
    let same_lang = |u: &str| lang_of(u) == lang_of(url);
    if let Some((_, r)) = new
        .iter()
        .find(|(u, _)| same_lang(u) && u.trim_end_matches('/').rsplit('/').next() == Some(last))
    {
        return Some(r);
    }
    let siblings: Vec<&(String, &RecordUrl)> = new
        .iter()
        .filter(|(u, _)| u.trim_end_matches('/').rsplit_once('/').map(|p| p.0) == Some(parent))
        .collect();
    let slugs: Vec<&str> = siblings.iter().map(|(_, r)| r.slug.as_str()).collect();
    if let Some(n) = crate::diagnostics::nearest(last, slugs.iter().copied()) {
        return siblings.iter().find(|(_, r)| r.slug == n).map(|(_, r)| *r);
    }
    match siblings.as_slice() {
        [(_, r)] => Some(r),
        _ => None,
    }
}

/// The first path segment when it is short enough to be a language code.
fn lang_of(url: &str) -> Option<&str> {
    let first = url.trim_start_matches('/').split('/').next()?;
    (first.len() == 2).then_some(first)
}

/// `inolab urls --write`: the list of the URLs a build produces (`urls`),
/// keeping every URL published before and no longer produced as `gone`.
/// Returns the text to write and how many URLs were added and gone.
pub fn updated_list(
    root: &Path,
    previous: Option<&Path>,
    urls: &BTreeSet<String>,
) -> (String, usize, usize) {
    let old = read_list(root).unwrap_or_default();
    let prev = previous.and_then(read_previous).unwrap_or_default();
    let mut gone: BTreeSet<String> = old
        .gone
        .iter()
        .filter(|g| !urls.contains(*g))
        .cloned()
        .collect();
    let before = gone.len();
    for u in old.urls.keys().chain(prev.urls.keys()) {
        if !urls.contains(u) {
            gone.insert(u.clone());
        }
    }
    let added = urls.iter().filter(|u| !old.urls.contains_key(*u)).count();
    (list_text(urls, &gone), added, gone.len() - before)
}
