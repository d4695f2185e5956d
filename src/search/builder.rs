//! The streamed index builder ([`IndexBuilder`]): documents handed over
//! a chunk at a time, kept compactly (a scratch file for what is not needed
//! until the end), files handed over one at a time. The file format and
//! the cached builder are in [`super::index`].

use super::format::{Entry, FNV_START, fnv, fnv_hex, posting, put_varint};
use super::fxhash::FxMap;
use super::index::{
    Head, PACK_DOCS, fragment_bytes, kinds_and_langs, manifest_file, pack, postings_files,
};
use super::shards::GzMemo;
use super::store::{Span, Store};
use super::terms::{
    ANALYSE_CHUNK, Analyser, DocTerms, SLOTS, Vocab, avg_lens, impact, slot_weights,
};
use super::{SearchDoc, SearchFile, SearchIndex};
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

/// One language's index from documents handed over a chunk at a time, in
/// any order: each chunk is analysed (in parallel) and cut down to what the
/// postings need before the next is made, so a build never holds every
/// document's text, nor every full analysis, at once. What is kept per
/// document beyond its sort key and lengths (its key ids, grouped by
/// pattern and delta-coded, and its compressed fragment) goes to a
/// [`Store`]: a scratch file when [`IndexBuilder::spill_in`] gave a
/// folder. [`IndexBuilder::finish_into`] hands each file over as soon as
/// it is made, fragment packs one at a time. At 50,000 sprints the heap
/// then holds a few dozen bytes per document and four per posting, not
/// the ~3 kB per document that raised the build's peak by ~370 MiB. The
/// result is the index [`super::build_index`] makes of all the documents at once.
pub struct IndexBuilder {
    lang: String,
    /// `None` while a chunk is analysed in the background.
    state: Option<Built>,
    /// The chunk being analysed in the background ([`Self::add_later`]).
    job: Option<std::thread::JoinHandle<Built>>,
}

/// What an [`IndexBuilder`] has kept of the documents added so far.
#[derive(Default)]
struct Built {
    docs: Vec<Kept>,
    vocab: Vocab,
    /// Per key id: the number of documents with that key.
    df: Vec<u32>,
    store: Store,
}

/// What stays in memory of one document: what fixes its id, its facets,
/// its lengths per slot, and where the rest is in the store.
struct Kept {
    kind: String,
    url: String,
    lang: String,
    title: String,
    date: Option<String>,
    /// Its facet tokens, if any ([`super::facets`]).
    facets: Option<Box<str>>,
    lens: [u64; SLOTS],
    /// Its terms ([`put_terms`]), then its gzipped fragment.
    span: Span,
    terms_len: u32,
}

/// A document's keys for the store: varint pattern count, then per
/// pattern its count per slot (varints), the number of keys with it and
/// their key ids, ascending, as varint gaps (the first is the id). The
/// order of a document's keys does not matter to the postings, so sorting
/// them makes the gaps small.
fn put_terms(t: &DocTerms, ids: &[u32], out: &mut Vec<u8>) {
    let mut by_pattern: Vec<(u32, u32)> = t
        .terms
        .iter()
        .map(|k| k.1)
        .zip(ids.iter().copied())
        .collect();
    by_pattern.sort_unstable();
    put_varint(out, t.patterns.len() as u64);
    let mut rest = &by_pattern[..];
    for (p, counts) in t.patterns.iter().enumerate() {
        for &c in counts {
            put_varint(out, u64::from(c));
        }
        let n = rest.iter().take_while(|x| x.0 == p as u32).count();
        put_varint(out, n as u64);
        let mut last = 0;
        for &(_, id) in &rest[..n] {
            put_varint(out, u64::from(id - last));
            last = id;
        }
        rest = &rest[n..];
    }
}

/// Reads a varint at `*at`, moving past it; `None` at a truncated one.
fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Calls `f(pattern counts, key id)` for every key of a [`put_terms`]
/// record; `None` if the record is damaged.
fn each_term(bytes: &[u8], mut f: impl FnMut(&[u32; SLOTS], u32)) -> Option<()> {
    let mut at = 0;
    let patterns = get_varint(bytes, &mut at)?;
    for _ in 0..patterns {
        let mut counts = [0u32; SLOTS];
        for c in &mut counts {
            *c = u32::try_from(get_varint(bytes, &mut at)?).ok()?;
        }
        let n = get_varint(bytes, &mut at)?;
        let mut id = 0u32;
        for _ in 0..n {
            id = id.checked_add(u32::try_from(get_varint(bytes, &mut at)?).ok()?)?;
            f(&counts, id);
        }
    }
    Some(())
}

impl IndexBuilder {
    pub fn new(lang: &str) -> Self {
        IndexBuilder {
            lang: lang.to_string(),
            state: Some(Built::default()),
            job: None,
        }
    }

    /// The documents kept so far, once the background chunk (if any) is
    /// done. A panic in it is passed on, as if it had happened here.
    fn state(&mut self) -> &mut Built {
        if let Some(job) = self.job.take() {
            match job.join() {
                Ok(b) => self.state = Some(b),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        self.state.get_or_insert_with(Built::default)
    }

    /// [`Self::add`] on another thread: returns at once, so the caller
    /// makes the next chunk of documents while this one is analysed (a
    /// build derives its search documents on one thread; analysing them
    /// keeps every core busy, so the two overlap). The next call waits for
    /// this one. If no thread can be started, the chunk is added here.
    pub fn add_later(&mut self, docs: Vec<SearchDoc>) {
        let built = std::mem::take(self.state());
        // The work goes through a slot so that it is not lost if the
        // thread cannot be started.
        let slot = Arc::new(Mutex::new(Some((built, docs))));
        let theirs = slot.clone();
        let job = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                let work = theirs.lock().ok().and_then(|mut w| w.take());
                let Some((mut built, docs)) = work else {
                    return Built::default();
                };
                built.add(&docs);
                built
            });
        match job {
            Ok(j) => self.job = Some(j),
            Err(_) => {
                let work = slot.lock().ok().and_then(|mut w| w.take());
                if let Some((built, docs)) = work {
                    self.state = Some(built);
                    self.add(&docs);
                }
            }
        }
    }

    /// Sets each document's key ids and fragment aside in a scratch file
    /// in `dir` (removed when the builder is dropped) instead of memory.
    /// Call before [`Self::add`]. Returns whether the file could be made;
    /// if not, they stay in memory (the same index, more memory).
    pub fn spill_in(&mut self, dir: &std::path::Path) -> bool {
        let b = self.state();
        if b.docs.is_empty() {
            b.store = Store::in_dir(dir);
        }
        b.store.on_disk()
    }

    /// Analyses `docs` and keeps what the index needs of them.
    pub fn add(&mut self, docs: &[SearchDoc]) {
        self.state().add(docs);
    }
}

impl Built {
    fn add(&mut self, docs: &[SearchDoc]) {
        let mut by_ptr: FxMap<usize, u32> = FxMap::default();
        let mut buf = Vec::new();
        for docs in docs.chunks(ANALYSE_CHUNK) {
            let done: Vec<(DocTerms, Vec<u8>)> = docs
                .par_iter()
                .map_init(Analyser::default, |a, d| (a.doc(d), fragment_bytes(d)))
                .collect();
            // The chunk's records go to the store in one write.
            buf.clear();
            let mut at = Vec::with_capacity(done.len());
            for (t, frag) in &done {
                let ids = self.vocab.ids_of(t, &mut by_ptr);
                if self.df.len() < self.vocab.keys.len() {
                    self.df.resize(self.vocab.keys.len(), 0);
                }
                for &k in &ids {
                    self.df[k as usize] += 1;
                }
                let start = buf.len();
                put_terms(t, &ids, &mut buf);
                let terms_len = (buf.len() - start) as u32;
                buf.extend_from_slice(frag);
                at.push((start, buf.len() - start, terms_len));
            }
            let span = self.store.put(&buf);
            for (d, ((t, _), (start, len, terms_len))) in docs.iter().zip(done.iter().zip(at)) {
                let (_, rest) = span.split(start as u32);
                let (span, _) = rest.split(len as u32);
                self.docs.push(Kept {
                    kind: d.kind.clone(),
                    url: d.url.clone(),
                    lang: d.lang.clone(),
                    title: d.title.clone(),
                    date: d.date.clone(),
                    facets: super::facets::of(d),
                    lens: t.lens,
                    span,
                    terms_len,
                });
            }
            // The analyses of this chunk are gone, and with them the keys
            // not kept by `vocab`: their addresses may be reused.
            drop(done);
            by_ptr.clear();
        }
    }
}

impl IndexBuilder {
    /// The index of every document added.
    pub fn finish(self) -> SearchIndex {
        let lang = self.lang.clone();
        let mut files = Vec::new();
        let manifest = match self.finish_into(&mut |f| files.push(f)) {
            Ok(m) => m,
            // Only a store in a file can fail to read, and `build` and
            // tests keep theirs in memory; an empty index is all that is
            // left to give.
            Err(_) => return build(&lang, &[]),
        };
        files.sort_by(|a, b| a.path.cmp(&b.path));
        SearchIndex { files, manifest }
    }

    /// The index of every document added, each file handed to `put` as
    /// soon as it is made (in no particular order); returns the manifest's
    /// path. Fails only if the scratch file cannot be read back.
    pub fn finish_into(mut self, put: &mut dyn FnMut(SearchFile)) -> std::io::Result<String> {
        let Built {
            mut docs,
            mut vocab,
            df,
            store,
        } = std::mem::take(self.state());
        let lang = self.lang;
        docs.sort_by(|a, b| {
            let ka = (&a.kind, &a.url, &a.lang, &a.title, &a.date);
            ka.cmp(&(&b.kind, &b.url, &b.lang, &b.title, &b.date))
        });
        vocab.sort();
        let (kinds, langs) = kinds_and_langs(
            &lang,
            docs.iter().map(|d| (d.kind.as_str(), d.lang.as_str())),
        );
        let facets = super::facets::collect(docs.iter().map(|d| d.facets.as_deref()));
        let damaged = || std::io::Error::other("a damaged record in the search scratch store");

        // Postings of all keys in one array, by key id (a counting sort;
        // doc ids ascend within a key as documents are visited in order).
        let avg = avg_lens(docs.iter().map(|d| &d.lens), docs.len());
        let mut start = Vec::with_capacity(df.len() + 1);
        let mut total = 0usize;
        for &d in &df {
            start.push(total);
            total += d as usize;
        }
        start.push(total);
        let mut flat = vec![0u32; total];
        let mut pos = start.clone();
        let mut buf = Vec::new();
        for (doc, d) in docs.iter().enumerate() {
            let (terms, _) = d.span.split(d.terms_len);
            store.get(terms, &mut buf)?;
            let x = slot_weights(&d.lens, &avg);
            let mut last: Option<([u32; SLOTS], u32)> = None;
            each_term(&buf, |counts, k| {
                let p = match last {
                    Some((c, p)) if c == *counts => p,
                    _ => {
                        let p = posting(doc as u32, impact(&x, counts));
                        last = Some((*counts, p));
                        p
                    }
                };
                if let Some(slot) = pos.get_mut(k as usize).and_then(|at| {
                    let i = *at;
                    *at += 1;
                    flat.get_mut(i)
                }) {
                    *slot = p;
                }
            })
            .ok_or_else(damaged)?;
        }
        drop(pos);
        let entries: Vec<Entry<'_>> = vocab
            .sorted
            .iter()
            .filter(|&&k| df.get(k as usize).is_some_and(|&n| n > 0))
            .map(|&k| Entry {
                key: &vocab.keys[k as usize],
                postings: &flat[start[k as usize]..start[k as usize + 1]],
            })
            .collect();
        let memo = GzMemo::none();
        let (shards, lex, _) = postings_files(entries, &memo, put);
        drop(flat);

        // Fragment packs: all named by one hash of all packs, so they are
        // made twice: once to hash, then again to hand over, one at a time.
        let mut state = FNV_START;
        let mut frags: Vec<Vec<u8>> = Vec::new();
        let read_pack = |group: &[Kept], frags: &mut Vec<Vec<u8>>| -> std::io::Result<Vec<u8>> {
            frags.resize_with(group.len(), Vec::new);
            for (d, f) in group.iter().zip(frags.iter_mut()) {
                store.get(d.span.split(d.terms_len).1, f)?;
            }
            Ok(pack(frags[..group.len()].iter().map(Vec::as_slice)))
        };
        for group in docs.chunks(PACK_DOCS) {
            state = fnv(state, &read_pack(group, &mut frags)?);
        }
        let frag = format!("d/{}-", fnv_hex(state));
        for (n, group) in docs.chunks(PACK_DOCS).enumerate() {
            put(SearchFile {
                path: format!("{frag}{n}.bin"),
                bytes: read_pack(group, &mut frags)?,
            });
        }
        let head = Head {
            lang: &lang,
            kinds,
            langs,
            docs: docs.len(),
            facets,
        };
        Ok(manifest_file(head, shards, lex, frag, &memo, put))
    }
}

/// The index of `docs`, all at once ([`super::build_index`]).
pub(crate) fn build(lang: &str, docs: &[SearchDoc]) -> SearchIndex {
    let mut b = IndexBuilder::new(lang);
    b.add(docs);
    b.finish()
}
