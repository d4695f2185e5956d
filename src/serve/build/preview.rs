//! Previews ([`Builder::preview`]): the pages of the records a save
//! touched, published at once, before the whole-site rebuild brings the
//! rest of the site up to date. Every other page waits for that rebuild
//! (`serve` holds requests for them), so a preview shows nothing stale;
//! what it shows equals what the rebuild makes (`tests/serve_preview.rs`,
//! `tests/serve_records.rs`).

use super::super::content::{Cached, CachedFile, Content};
use super::{Builder, Built};
use crate::derive;
use crate::diagnostics::Diagnostic;
use crate::load::{Collection, RecordSource};
use crate::records::{Record, Site, Text};
use crate::validate::{self, OneRecord};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

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

/// The collections whose new records a preview may show. A new free page
/// may enter every page's menu, a new glossary term is linked from every
/// body that uses its words, a new chapter renumbers the guidelines:
/// those go to the rebuild.
const NEW_PREVIEW: [Collection; 3] = [
    Collection::Sprints,
    Collection::Prototypes,
    Collection::News,
];

/// The collections whose deleted records a preview takes out at once:
/// their own pages are theirs alone. A chapter's pages are the whole
/// guidelines section's; its deletion goes to the rebuild.
const GONE_PREVIEW: [Collection; 5] = [
    Collection::Sprints,
    Collection::Prototypes,
    Collection::News,
    Collection::Pages,
    Collection::Glossary,
];

/// One save's changed files, sorted by what a preview does with them.
#[derive(Default)]
struct Sorted {
    /// Existing record files with new bytes, and new record files.
    edits: Vec<(PathBuf, CachedFile)>,
    /// Record files deleted: path, collection, slug, language.
    gone: Vec<(PathBuf, Collection, String, Option<String>)>,
    /// Existing records validated again: front matter changed, or a
    /// translation file came or went.
    fronts: BTreeSet<(Collection, String)>,
    /// Records new to the site (their default-language file is new).
    added: BTreeSet<(Collection, String)>,
    /// Records deleted (their default-language file is gone).
    deleted: BTreeSet<(Collection, String)>,
}

/// The files of record `c`/`slug` as this save leaves them: the cached
/// ones with `edits` over them and `gone` left out, and new ones. `None`
/// when an edit turned one into something other than a record file.
fn files_now(
    content: &Content,
    c: Collection,
    slug: &str,
    s: &Sorted,
) -> Option<Vec<RecordSource>> {
    let cached = content.record_files(c, slug);
    let mut out = Vec::with_capacity(cached.len() + 1);
    for (p, r) in &cached {
        if s.gone.iter().any(|(g, ..)| g == *p) {
            continue;
        }
        match s.edits.iter().find(|(e, _)| e == *p).map(|(_, f)| &f.value) {
            Some(Cached::Record(n)) => out.push((**n).clone()),
            Some(_) => return None,
            None => out.push((*r).clone()),
        }
    }
    for (p, f) in &s.edits {
        if let Cached::Record(n) = &f.value
            && n.collection == c
            && n.slug == slug
            && !cached.iter().any(|(q, _)| *q == p)
        {
            out.push((**n).clone());
        }
    }
    Some(out)
}

/// The default-language file and the translations among `files`.
fn split(files: &[RecordSource]) -> (Option<&RecordSource>, Vec<&RecordSource>) {
    let default = files.iter().find(|r| r.lang.is_none());
    let translations = files.iter().filter(|r| r.lang.is_some()).collect();
    (default, translations)
}

/// The existing record `c`/`slug` as this save leaves it, validated on
/// its own against `site`; `None` unless it may be previewed: no error,
/// no diagnostic its saved version did not already have (so the preview
/// hides nothing the build would newly report), and nothing changed that
/// other records' validation or other pages read.
fn check_front(
    content: &Content,
    site: &mut Site,
    drafts: bool,
    c: Collection,
    slug: &str,
    s: &Sorted,
) -> Option<OneRecord> {
    let files = files_now(content, c, slug, s)?;
    let opts = validate::Options { drafts };
    let (default, translations) = split(&files);
    let checked = validate::validate_record(site, default?, &translations, opts);
    let record = checked.record?;
    if !checked.diags.is_empty() {
        let saved: Vec<RecordSource> = content
            .record_files(c, slug)
            .into_iter()
            .map(|(_, r)| r.clone())
            .collect();
        let (default, translations) = split(&saved);
        let before = validate::check_record(site, default?, &translations, opts);
        let id = |d: &Diagnostic| format!("{:?}\n{}\n{:?}\n{}", d.kind, d.file, d.field, d.message);
        let known: BTreeSet<String> = before.diags.iter().map(id).collect();
        if checked.diags.iter().any(|d| !known.contains(&id(d))) {
            return None;
        }
    }
    keeps_the_rest(site, &record).then_some(record)
}

/// The new record `c`/`slug`, validated on its own against `site` (its
/// references resolved with it added); `None` unless it may be
/// previewed: no error, published (not a draft left out), no
/// `old_urls` (redirect pages are checked against every page), and no
/// record of that slug in the site already. Warnings do not stop it:
/// they do not change the page a build makes, and the rebuild that
/// follows reports them as for any other record.
fn check_new(
    content: &Content,
    site: &mut Site,
    drafts: bool,
    c: Collection,
    slug: &str,
    s: &Sorted,
) -> Option<OneRecord> {
    let files = files_now(content, c, slug, s)?;
    let (default, translations) = split(&files);
    let checked =
        validate::validate_record(site, default?, &translations, validate::Options { drafts });
    let record = checked.record?;
    if record.has_old_urls() {
        return None;
    }
    let mut probe = record.clone();
    if probe.swap(site) {
        probe.swap(site);
        return None; // the site has a record of that slug already
    }
    Some(record)
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

impl Builder {
    /// Sorts the save's changed paths; `None` when one is beyond what a
    /// preview can show (the rebuild does it all).
    fn sort_changes(&self, paths: &BTreeSet<PathBuf>, langs: &[String]) -> Option<Sorted> {
        let mut s = Sorted::default();
        // New translation files, and deleted ones, by record.
        let mut translations: BTreeSet<(Collection, String)> = BTreeSet::new();
        for p in paths {
            let meta = std::fs::symlink_metadata(p);
            let exists = meta.is_ok();
            let is_file = meta.is_ok_and(|m| m.is_file());
            match self.content.get(p).map(|f| &f.value) {
                Some(Cached::Record(old)) => {
                    if !derive::PREVIEW_COLLECTIONS.contains(&old.collection) {
                        return None;
                    }
                    if !exists {
                        s.gone.push((
                            p.clone(),
                            old.collection,
                            old.slug.clone(),
                            old.lang.clone(),
                        ));
                        continue;
                    }
                    if !is_file {
                        return None; // replaced by a folder
                    }
                    let Some(new) = self.content.read_one(p, langs) else {
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
                        s.fronts.insert((n.collection, n.slug.clone()));
                    }
                    s.edits.push((p.clone(), new));
                }
                // A dot file (an editor's swap file) gone: no input.
                Some(Cached::Skip) if !exists => {}
                Some(_) => return None,
                None if !exists => {
                    // Never read: a temporary file come and gone, unless
                    // it was a folder of files the cache holds.
                    if self.content.has_under(p) {
                        return None;
                    }
                }
                None if !is_file => return None, // a new folder
                None => {
                    let new = self.content.read_one(p, langs)?;
                    match &new.value {
                        Cached::Skip => continue, // a dot file: no input
                        Cached::Record(n) if n.lang.is_none() => {
                            if !NEW_PREVIEW.contains(&n.collection) {
                                return None;
                            }
                            s.added.insert((n.collection, n.slug.clone()));
                        }
                        Cached::Record(n) => {
                            translations.insert((n.collection, n.slug.clone()));
                        }
                        _ => return None,
                    }
                    s.edits.push((p.clone(), new));
                }
            }
        }
        for (_, c, slug, lang) in &s.gone {
            if lang.is_none() {
                if !GONE_PREVIEW.contains(c) {
                    return None;
                }
                s.deleted.insert((*c, slug.clone()));
            }
        }
        for (_, c, slug, lang) in &s.gone {
            let key = (*c, slug.clone());
            if lang.is_some() && !s.deleted.contains(&key) {
                translations.insert(key);
            }
        }
        for key in translations {
            if s.added.contains(&key) {
                continue; // a new record's own translation
            }
            if s.deleted.contains(&key) || !FRONT_PREVIEW.contains(&key.0) {
                return None;
            }
            s.fronts.insert(key);
        }
        for (c, slug) in &s.deleted {
            // A record whose default file went while its translations
            // stay (orphans) or come: the rebuild reports it.
            let left = files_now(&self.content, *c, slug, &s)?;
            if !left.is_empty() || s.fronts.contains(&(*c, slug.clone())) {
                return None;
            }
        }
        for (c, slug) in &s.added {
            // Another file of that slug is known: a clash the whole
            // validation reports.
            if !self.content.record_files(*c, slug).is_empty() {
                return None;
            }
        }
        Some(s)
    }

    /// The records a save touched, their own pages at once, before
    /// [`Builder::build`] brings the rest of the site up to date: what an
    /// editor looks at while writing. Only when the last build succeeded
    /// and every change is one of these:
    ///
    /// - a body edit (front matter byte-identical, so validation cannot
    ///   judge it differently) of a sprint, prototype, news item, page,
    ///   glossary term or guidelines chapter: the body replaces the old
    ///   one in the last build's site;
    /// - a front-matter edit of a sprint, prototype, news item or page, or
    ///   a translation file of one added or deleted, that validates on
    ///   its own ([`validate::validate_record`]: the collection's check,
    ///   translations, references against the last site) with no
    ///   diagnostic the record did not already have, and that leaves what
    ///   other records' validation or every page reads alone
    ///   ([`keeps_the_rest`]): the typed record replaces the old one;
    /// - a new sprint, prototype or news file that validates on its own
    ///   without error, is published and has no `old_urls`
    ///   ([`check_new`]): it joins the site in its place, and its pages
    ///   are served at once (a URL that did not exist, so nothing else
    ///   could show it);
    /// - a deleted record file (not a chapter), with no translation left:
    ///   the record leaves the site and its own pages stop being served at
    ///   once (404), so that a deleted record is never shown.
    ///
    /// [`derive::derive_records`] then derives just those records' pages
    /// (a sprint's neighbours and prototypes found in the updated site),
    /// rendered with the last build's globals. The jobs equal the full
    /// derivation's, so the following build finds their render keys
    /// unchanged and keeps them. Lists, facets, the home page and the
    /// other records' pages (a deleted sprint's neighbours) follow in the
    /// rebuild; `serve` holds requests for them until then. `None` means
    /// nothing was previewed (the build does it all), including when the
    /// record has an error: the build reports it; an empty `changed`
    /// means the files were saved unchanged (the caller waits for the
    /// rebuild as after any preview).
    pub fn preview(&mut self, changes: &super::Changes) -> Option<Built> {
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
        let sorted = self.sort_changes(&changes.content, &langs)?;
        let theme = self.theme.theme()?;
        let last_site = self.last_site.as_mut()?;
        self.last.as_ref()?;
        // Every record is judged before the site is touched.
        let mut records = Vec::new();
        for (c, slug) in &sorted.fronts {
            records.push(check_front(
                &self.content,
                last_site,
                self.drafts,
                *c,
                slug,
                &sorted,
            )?);
        }
        let mut new_records = Vec::new();
        for (c, slug) in &sorted.added {
            new_records.push(check_new(
                &self.content,
                last_site,
                self.drafts,
                *c,
                slug,
                &sorted,
            )?);
        }
        // A new record's pages must not take the place of another output.
        // The new records' model, kept for when nothing else changes.
        let mut new_model: Option<(derive::RecordSet, derive::Model)> = None;
        if !new_records.is_empty() {
            let inserted: Vec<(Collection, String)> = new_records
                .iter()
                .filter(|r| OneRecord::clone(r).insert(last_site))
                .map(|r| (r.collection(), r.slug().to_string()))
                .collect();
            let only: derive::RecordSet = inserted.iter().cloned().collect();
            let model =
                derive::derive_records(last_site, &theme.strings, only.clone(), Some(&self.bodies));
            for (c, slug) in &inserted {
                OneRecord::remove(last_site, *c, slug);
            }
            let map = self.last.as_ref()?;
            let clash = model.pages.iter().any(|j| map.contains_key(&j.path));
            if inserted.len() != new_records.len()
                || clash
                || model.diags.iter().any(Diagnostic::is_error)
            {
                return None;
            }
            new_model = Some((only, model));
        }
        self.previewed.extend(changes.content.iter().cloned());
        if sorted.edits.is_empty() && sorted.deleted.is_empty() && sorted.fronts.is_empty() {
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
        // The deleted records' own pages, found as the site still has them.
        let mut gone_pages: Vec<String> = Vec::new();
        if !sorted.deleted.is_empty() {
            let model = derive::derive_records(
                last_site,
                &theme.strings,
                sorted.deleted.clone(),
                Some(&self.bodies),
            );
            gone_pages = model.pages.into_iter().map(|j| j.path).collect();
            for (c, slug) in &sorted.deleted {
                OneRecord::remove(last_site, *c, slug);
            }
        }
        let mut only = derive::RecordSet::new();
        for mut r in records {
            only.insert((r.collection(), r.slug().to_string()));
            // Checked by `check_front`: the site has the record.
            r.swap(last_site);
        }
        for r in new_records {
            only.insert((r.collection(), r.slug().to_string()));
            r.insert(last_site);
        }
        for (_, f) in &sorted.edits {
            let Cached::Record(r) = &f.value else {
                return None;
            };
            let key = (r.collection, r.slug.clone());
            if sorted.fronts.contains(&key) || sorted.added.contains(&key) {
                continue; // the whole record was replaced or added
            }
            let lang = r
                .lang
                .clone()
                .unwrap_or_else(|| last_site.config.default_language.clone());
            text_mut(last_site, r.collection, &r.slug, &lang)?.body =
                crate::load::Body::Held(r.body().to_string());
            only.insert(key);
        }
        // The site now holds the new records: keep the file cache in
        // step, whatever happens below.
        for (p, ..) in &sorted.gone {
            self.content.forget(p);
        }
        for (p, f) in sorted.edits {
            self.content.put(p, f);
        }
        let t_read = start.elapsed();
        // The save only added these records: the site is as it was when
        // their pages were derived above (they were taken out and put
        // back in the same place), so those pages stand.
        let model = match new_model {
            Some((set, model))
                if set == only && sorted.deleted.is_empty() && sorted.fronts.is_empty() =>
            {
                model
            }
            _ => derive::derive_records(last_site, &theme.strings, only, Some(&self.bodies)),
        };
        if model.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        let t_derive = start.elapsed();
        // A deleted record's pages leave the page cache too: should the
        // file come back before the rebuild, its pages are rendered again.
        self.pages.forget(&gone_pages);
        let fresh = self.pages.preview(theme, &model.pages)?;
        let rendered = fresh.len();
        let t_render = start.elapsed();
        // Updated in place when nobody else holds the map (`serve` lets go
        // of its copy while previewing); copying 70 000 entries to change
        // two was most of a preview at 10 000 records.
        let mut site = self.last.take()?;
        let map = std::sync::Arc::make_mut(&mut site);
        let mut changed = Vec::new();
        for path in gone_pages {
            if map.remove(&path).is_some() {
                changed.push(path);
            }
        }
        for (path, page) in fresh {
            if map.get(&path).is_none_or(|f| f.etag != page.etag) {
                changed.push(path.clone());
            }
            map.insert(path, page);
        }
        changed.sort();
        changed.dedup();
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
}
