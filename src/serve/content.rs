//! The content cache: every file under `content/` read and classified
//! once, by path, and read again only when a change event names it (or a
//! folder holding it) and its bytes changed. The pipeline takes its
//! sources from here ([`pipeline::ContentCache`]) instead of walking the
//! folder, so a one-file edit at 10 000 records reads one file.

use super::reuse::hash_bytes;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Loaded, RecordSource, SourceText, Sources};
use crate::pipeline;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One file as [`load::load_file`] classified it.
pub(super) enum Cached {
    Record(Box<RecordSource>),
    Data(SourceText),
    Skip,
    Problem(Diagnostic),
}

pub(super) struct CachedFile {
    hash: u64,
    pub(super) value: Cached,
}

/// Files under `content/` by path, and the changes not yet read.
#[derive(Default)]
pub(super) struct Content {
    root: PathBuf,
    /// The translation languages the files were classified with
    /// (`slug.<lang>.md`); another list means reading everything again.
    langs: Option<Vec<String>>,
    files: BTreeMap<PathBuf, CachedFile>,
    /// Everything is to be read again ([`Content::note`]).
    pending_all: bool,
    /// Changed paths (files or folders) not yet read again.
    pending: BTreeSet<PathBuf>,
    /// Files read by the last [`pipeline::ContentCache::sources`].
    pub(super) last_reread: usize,
}

impl Content {
    pub(super) fn new(root: PathBuf) -> Content {
        Content {
            root,
            ..Content::default()
        }
    }

    /// Changed paths under `content/` to read at the next run; `all`:
    /// read everything again (first build, watcher overflow, site.yaml).
    pub(super) fn note<'p>(&mut self, all: bool, paths: impl IntoIterator<Item = &'p PathBuf>) {
        self.pending_all |= all;
        self.pending.extend(paths.into_iter().cloned());
    }

    /// The languages the cache was last read with.
    pub(super) fn langs(&self) -> Option<&[String]> {
        self.langs.as_deref()
    }

    pub(super) fn get(&self, path: &Path) -> Option<&CachedFile> {
        self.files.get(path)
    }

    /// Replaces one file's entry (a preview read it).
    pub(super) fn put(&mut self, path: PathBuf, file: CachedFile) {
        self.files.insert(path, file);
    }

    /// Drops one file's entry (a preview saw it deleted).
    pub(super) fn forget(&mut self, path: &Path) {
        self.files.remove(path);
    }

    /// Whether the cache holds a file under the folder `dir`.
    pub(super) fn has_under(&self, dir: &Path) -> bool {
        self.files
            .range(dir.to_path_buf()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(dir) && k != dir)
    }

    /// The cached files of one record (its default-language file and
    /// translations), by path: what a preview validates again.
    pub(super) fn record_files(
        &self,
        c: load::Collection,
        slug: &str,
    ) -> Vec<(&PathBuf, &RecordSource)> {
        self.files
            .iter()
            .filter_map(|(p, f)| match &f.value {
                Cached::Record(r) if r.collection == c && r.slug == slug => Some((p, &**r)),
                _ => None,
            })
            .collect()
    }

    /// The file at `path` read and classified, unless its bytes are those
    /// cached (`None`, also when it is not a regular file).
    pub(super) fn read_one(&self, path: &Path, langs: &[String]) -> Option<CachedFile> {
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

    /// Brings the cache up to date with the pending changes; returns the
    /// number of files read.
    fn refresh(&mut self, langs: &[String]) -> usize {
        let changed = std::mem::take(&mut self.pending);
        let full = std::mem::take(&mut self.pending_all) || self.langs.as_deref() != Some(langs);
        let mut todo: Vec<PathBuf> = Vec::new();
        if full {
            self.files.clear();
            self.langs = Some(langs.to_vec());
            todo = walk_files(&self.root.join("content"));
        } else {
            for p in &changed {
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
}

impl pipeline::ContentCache for Content {
    fn sources(&mut self, root: &Path, langs: &[String]) -> (Sources, Vec<Diagnostic>) {
        self.last_reread = self.refresh(langs);
        let mut diags = Vec::new();
        let mut s = Sources::default();
        match load::read_text(root, &root.join("site.yaml")) {
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
        (s, diags)
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
