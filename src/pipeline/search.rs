//! The search stage: each language's index built from the derivation's
//! search documents and written through the [`Sink`] (a build), or built
//! in memory, with or without `serve`'s caches (an in-memory run).

use super::{Outcome, Sink, Target};
use crate::derive;
use crate::diagnostics::{Diagnostic, Kind};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The search index of each language in turn, written as soon as it is
/// built, its documents freed before the next language's index is built:
/// one index under construction at a time (each builds in parallel
/// inside) instead of all of them, which at 50 000 sprints was 1.5 GiB.
///
/// A language's index is finished (postings, shards, fragment packs: a
/// mostly serial second of work per language at 50,000 sprints) on a
/// thread of its own while the next language's documents are derived and
/// analysed, in the moments the analysis leaves a core waiting. At most
/// one finish runs at a time, so memory stays that of one index being
/// finished and one being built.
pub(super) fn search_streamed(
    cfg: &crate::config::Config,
    derivation: &mut derive::Derivation,
    sink: &Sink,
    out: &mut Outcome,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, serde_json::Value> {
    let t = Instant::now();
    let mut extra = BTreeMap::new();
    // Each document's keys and fragment wait in a scratch file beside the
    // output (or in the temporary folder) until the index is assembled.
    let scratch = match &sink.target {
        Target::Dir(staging) => Some(staging.scratch_dir().to_path_buf()),
        Target::Discard => Some(std::env::temp_dir()),
        Target::Memory => None,
    };
    let mut writing = Duration::ZERO;
    let mut finished = |done: Finished| {
        writing += done.writing;
        match done.manifest {
            Ok(m) => {
                let url = format!("{}search-index/{}/{m}", cfg.base_path(), done.lang);
                extra.insert(done.lang, serde_json::json!({ "search_manifest": url }));
            }
            Err(e) => diags.push(Diagnostic::error(
                Kind::Io,
                "search",
                format!(
                    "the {} search index could not read back its scratch file: {e}",
                    done.lang
                ),
            )),
        }
    };
    std::thread::scope(|scope| {
        let mut finishing: Option<std::thread::ScopedJoinHandle<'_, Option<Finished>>> = None;
        for lang in cfg.lang_codes() {
            let mut builder = crate::search::IndexBuilder::new(&lang);
            if let Some(dir) = &scratch {
                builder.spill_in(dir);
            }
            // Each chunk is analysed while the next is derived.
            derivation.feed_search_docs(&lang, &mut |docs| builder.add_later(docs));
            if let Some(done) = finishing.take().and_then(join_finish) {
                finished(done);
            }
            // The work goes through a slot so that it is not lost if the
            // thread cannot be started: then it is done here.
            let slot = Arc::new(Mutex::new(Some((lang, builder))));
            let theirs = Arc::clone(&slot);
            let spawned = std::thread::Builder::new()
                .name("search-finish".into())
                .spawn_scoped(scope, move || {
                    let work = theirs.lock().ok().and_then(|mut w| w.take());
                    work.map(|(lang, builder)| finish_index(lang, builder, sink))
                });
            match spawned {
                Ok(h) => finishing = Some(h),
                Err(_) => {
                    if let Some((lang, builder)) = slot.lock().ok().and_then(|mut w| w.take()) {
                        finished(finish_index(lang, builder, sink));
                    }
                }
            }
        }
        if let Some(done) = finishing.take().and_then(join_finish) {
            finished(done);
        }
    });
    out.stage_done("search", t.elapsed().saturating_sub(writing));
    out.stage_done("search/write", writing);
    extra
}

/// A language's finished search index: its manifest's file name, and the
/// time spent writing its files.
struct Finished {
    lang: String,
    manifest: std::io::Result<String>,
    writing: Duration,
}

/// Assembles `builder`'s index and writes its files, a few at a time in
/// parallel, as they are made (fragment packs one at a time), not held
/// until the index is complete.
fn finish_index(lang: String, builder: crate::search::IndexBuilder, sink: &Sink) -> Finished {
    let dir = format!("search-index/{lang}");
    let mut writing = Duration::ZERO;
    let mut batch: Vec<(String, Vec<u8>)> = Vec::new();
    let mut flush = |batch: &mut Vec<(String, Vec<u8>)>| {
        let t = Instant::now();
        std::mem::take(batch)
            .into_par_iter()
            .for_each(|(p, b)| sink.put(p, b));
        writing += t.elapsed();
    };
    let manifest = builder.finish_into(&mut |f| {
        batch.push((format!("{dir}/{}", f.path), f.bytes));
        if batch.len() >= 32 {
            flush(&mut batch);
        }
    });
    flush(&mut batch);
    Finished {
        lang,
        manifest,
        writing,
    }
}

/// Waits for a language's index to be finished; a panic there is passed
/// on, as if it had happened here.
fn join_finish(h: std::thread::ScopedJoinHandle<'_, Option<Finished>>) -> Option<Finished> {
    match h.join() {
        Ok(done) => done,
        Err(e) => std::panic::resume_unwind(e),
    }
}

/// The search index files of every language, and the per-language extra
/// template context (`search_manifest`) that points pages at them.
pub(super) fn search_outputs(
    cfg: &crate::config::Config,
    search_docs: &BTreeMap<String, Vec<crate::search::SearchDoc>>,
) -> (Vec<(String, Vec<u8>)>, BTreeMap<String, serde_json::Value>) {
    // One index per language, built in parallel.
    let indexes: Vec<(String, crate::search::SearchIndex)> = cfg
        .lang_codes()
        .into_par_iter()
        .map(|lang| {
            let docs = search_docs.get(&lang).map_or(&[][..], Vec::as_slice);
            let idx = crate::search::build_index(&lang, docs);
            (lang, idx)
        })
        .collect();
    search_files(cfg, indexes)
}

/// [`search_outputs`] for repeated runs ([`Caches::search`]): the same
/// files and context, byte for byte, built with one
/// [`crate::search::IndexCache`] per language kept in `caches` between runs (created on first use;
/// caches of languages no longer configured are dropped). After one
/// document changed, only that document is analysed again and only the
/// shards whose bytes changed are compressed again.
pub(super) fn search_outputs_cached(
    cfg: &crate::config::Config,
    search_docs: &BTreeMap<String, Vec<crate::search::SearchDoc>>,
    caches: &mut BTreeMap<String, crate::search::IndexCache>,
    stop: &dyn Fn() -> bool,
) -> Option<(Vec<(String, Vec<u8>)>, BTreeMap<String, serde_json::Value>)> {
    let langs = cfg.lang_codes();
    caches.retain(|l, _| langs.contains(l));
    // One language after another (each in parallel inside), so that
    // `stop` (not thread-safe) is asked between the steps of each.
    let mut indexes: Vec<(String, crate::search::SearchIndex)> = Vec::new();
    for lang in langs {
        let cache = caches.entry(lang.clone()).or_default();
        let docs = search_docs
            .get(lang.as_str())
            .map_or(&[][..], Vec::as_slice);
        let idx = crate::search::build_index_cached_unless(&lang, docs, cache, stop)?;
        indexes.push((lang, idx));
    }
    Some(search_files(cfg, indexes))
}

/// The output paths and template context of built indexes.
fn search_files(
    cfg: &crate::config::Config,
    indexes: Vec<(String, crate::search::SearchIndex)>,
) -> (Vec<(String, Vec<u8>)>, BTreeMap<String, serde_json::Value>) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut extra = BTreeMap::new();
    for (lang, idx) in indexes {
        let dir = format!("search-index/{lang}");
        extra.insert(
            lang.clone(),
            serde_json::json!({"search_manifest": format!("{}{dir}/{}", cfg.base_path(), idx.manifest)}),
        );
        files.extend(
            idx.files
                .into_iter()
                .map(|f| (format!("{dir}/{}", f.path), f.bytes)),
        );
    }
    (files, extra)
}
