//! What each document contributes to the index: its words analysed into
//! keys ([`Analyser`], one per worker, remembering words it has seen), the
//! per-slot counts ([`DocTerms`]), and how those become postings and the
//! typo lexicon ([`postings`], [`Vocab`]).

use super::analysis::{exact_key, for_each_word};
use super::format::cmp_utf16;
use super::format::{Entry, posting};
use super::fxhash::FxMap;
use super::{Field, SearchDoc};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::sync::Arc;

/// BM25 saturation constant.
const K1: f64 = 1.2;

/// Slots of a document's term counts: the five fields in [`Field::ALL`]
/// order, then the exact keys of the title and term fields.
pub(super) const SLOTS: usize = 6;
/// Documents analysed at a time by a build without a cache.
pub(super) const ANALYSE_CHUNK: usize = 2048;
pub(super) const EXACT: usize = 5;

/// What one document contributes to the index, independent of every other
/// document: the number of keys per slot (for length normalisation) and,
/// per distinct key, how often it occurs in each slot. Keys with the same
/// counts share a pattern, so impacts are computed once per pattern.
pub(crate) struct DocTerms {
    pub(super) lens: [u64; SLOTS],
    pub(super) patterns: Vec<[u32; SLOTS]>,
    /// (key, pattern index), each key once, in order of first occurrence.
    pub(super) terms: Vec<(Arc<str>, u32)>,
}

/// One word's analysis, remembered by a worker.
pub(super) struct WordInfo {
    /// Local id of its key (`fold(stem(word))`).
    pub(super) key: u32,
    /// Local id of its other key for a consonant alternation, if any
    /// ([`super::analysis::keys`]): counted like the key itself.
    pub(super) alt: Option<u32>,
    /// Local id of its exact key, computed on first use.
    pub(super) exact: Option<u32>,
    pub(super) stop: bool,
}

/// Per-worker state of the analysis: words already analysed (words repeat,
/// Zipf) and the scratch space of the document being analysed.
#[derive(Default)]
pub(super) struct Analyser {
    pub(super) words: Vec<(String, FxMap<Box<str>, WordInfo>)>,
    pub(super) keys: Vec<Arc<str>>,
    pub(super) key_ids: FxMap<Arc<str>, u32>,
    /// Per local key id: the document stamp it was last counted in and its
    /// row in `rows`.
    pub(super) seen: Vec<(u32, u32)>,
    pub(super) stamp: u32,
    pub(super) rows: Vec<(u32, [u32; SLOTS])>,
}

impl Analyser {
    pub(super) fn key_id(&mut self, key: String) -> u32 {
        if let Some(&id) = self.key_ids.get(key.as_str()) {
            return id;
        }
        let id = self.keys.len() as u32;
        let key: Arc<str> = key.into();
        self.keys.push(key.clone());
        self.key_ids.insert(key, id);
        self.seen.push((0, 0));
        id
    }

    pub(super) fn count(&mut self, id: u32, slot: usize) {
        let seen = &mut self.seen[id as usize];
        if seen.0 != self.stamp {
            *seen = (self.stamp, self.rows.len() as u32);
            self.rows.push((id, [0; SLOTS]));
        }
        let row = &mut self.rows[seen.1 as usize].1[slot];
        *row = row.saturating_add(1);
    }

    /// Counts the keys of `text` into `slot` (stop words dropped unless
    /// `keep_stop`); returns how many were counted.
    pub(super) fn lang_index(&mut self, lang: &str) -> usize {
        match self.words.iter().position(|(l, _)| l == lang) {
            Some(i) => i,
            None => {
                self.words.push((lang.to_string(), FxMap::default()));
                self.words.len() - 1
            }
        }
    }

    pub(super) fn text(&mut self, lang: &str, text: &str, slot: usize, keep_stop: bool) -> u64 {
        let li = self.lang_index(lang);
        let mut n = 0;
        let mut words = std::mem::take(&mut self.words);
        for_each_word(text, |w| {
            let map = &mut words[li].1;
            let info = match map.get(w) {
                Some(i) => i,
                None => {
                    let (key, alt) = super::analysis::keys(lang, w);
                    let key = self.key_id(key);
                    let alt = alt.map(|a| self.key_id(a));
                    let stop = super::stopwords::is_stop(lang, w);
                    map.entry(w.into()).or_insert(WordInfo {
                        key,
                        alt,
                        exact: None,
                        stop,
                    })
                }
            };
            if keep_stop || !info.stop {
                let (id, alt) = (info.key, info.alt);
                self.count(id, slot);
                if let Some(a) = alt {
                    self.count(a, slot);
                }
                n += 1;
            }
        });
        self.words = words;
        n
    }

    /// Counts the exact keys of `text` into the exact slot.
    pub(super) fn exact(&mut self, lang: &str, text: &str) -> u64 {
        let li = self.lang_index(lang);
        let mut n = 0;
        let mut words = std::mem::take(&mut self.words);
        for_each_word(text, |w| {
            let id = match words[li].1.get_mut(w) {
                Some(WordInfo { exact: Some(e), .. }) => *e,
                Some(info) => {
                    let e = self.key_id(exact_key(w));
                    info.exact = Some(e);
                    e
                }
                None => self.key_id(exact_key(w)),
            };
            self.count(id, EXACT);
            n += 1;
        });
        self.words = words;
        n
    }

    pub(super) fn doc(&mut self, d: &SearchDoc) -> DocTerms {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| s.0 = u32::MAX);
            self.stamp = 1;
        }
        self.rows.clear();
        let mut lens = [0u64; SLOTS];
        for (slot, &f) in Field::ALL.iter().enumerate() {
            if f == Field::Title {
                lens[slot] += self.text(&d.lang, &d.title, slot, true);
            }
            for (g, t) in &d.fields {
                if *g == f && !(f == Field::Title && *t == d.title) {
                    lens[slot] += self.text(&d.lang, t, slot, f == Field::Title);
                }
            }
        }
        // Exact keys from the title and term fields, weighted like the title.
        lens[EXACT] += self.exact(&d.lang, &d.title);
        for (f, t) in &d.fields {
            if matches!(f, Field::Title | Field::Term) && *t != d.title {
                lens[EXACT] += self.exact(&d.lang, t);
            }
        }
        let mut pattern_ids: FxMap<[u32; SLOTS], u32> = FxMap::default();
        let mut patterns = Vec::new();
        let terms = self
            .rows
            .iter()
            .map(|&(id, counts)| {
                let p = *pattern_ids.entry(counts).or_insert_with(|| {
                    patterns.push(counts);
                    patterns.len() as u32 - 1
                });
                (self.keys[id as usize].clone(), p)
            })
            .collect();
        DocTerms {
            lens,
            patterns,
            terms,
        }
    }
}

/// Quantised impacts (BM25F without idf; the browser multiplies by idf from
/// df and the number of docs), as postings per key in doc-id order.
///
/// For each key the weighted frequency is summed exactly as a per-occurrence
/// loop would (the slots in order, `weight / norm` added once per
/// occurrence), so the floating-point result does not depend on how the
/// counts were gathered.
pub(super) fn postings<'a>(
    terms: &[&DocTerms],
    gids: Vec<Arc<[u32]>>,
    pats: Vec<Pats>,
    vocab: &'a Vocab,
    flat: &'a mut Vec<u32>,
) -> Vec<Entry<'a>> {
    let avg = avg_lens(terms.iter().map(|t| &t.lens), terms.len());
    // Impacts per document and pattern, in parallel.
    let imps: Vec<Vec<u8>> = terms
        .par_iter()
        .map(|t| {
            let x = slot_weights(&t.lens, &avg);
            t.patterns.iter().map(|c| impact(&x, c)).collect()
        })
        .collect();
    // Postings of all keys in one array (a counting sort by key id); doc
    // ids ascend within a key because documents are visited in order.
    let nk = vocab.keys.len();
    let mut df = vec![0u32; nk];
    for g in &gids {
        for &k in g.iter() {
            df[k as usize] += 1;
        }
    }
    let mut start = Vec::with_capacity(nk + 1);
    let mut total = 0usize;
    for &d in &df {
        start.push(total);
        total += d as usize;
    }
    start.push(total);
    flat.clear();
    flat.resize(total, 0);
    let mut pos = start.clone();
    // Each document's key ids and patterns are freed once its postings
    // are in place: with `flat`, they were twice the postings' memory.
    for (doc, ((p, g), imp)) in pats.into_iter().zip(gids).zip(&imps).enumerate() {
        p.each(|p, j| {
            let k = g[j] as usize;
            flat[pos[k]] = posting(doc as u32, imp[p as usize]);
            pos[k] += 1;
        });
    }
    let flat: &'a [u32] = flat;
    vocab
        .sorted
        .iter()
        .filter(|&&k| df[k as usize] > 0)
        .map(|&k| Entry {
            key: &vocab.keys[k as usize],
            postings: &flat[start[k as usize]..start[k as usize + 1]],
        })
        .collect()
}

/// The average number of keys per slot over all documents (at least 1),
/// for BM25F's length normalisation.
pub(super) fn avg_lens<'l>(
    lens: impl Iterator<Item = &'l [u64; SLOTS]>,
    docs: usize,
) -> [f64; SLOTS] {
    let n = docs.max(1) as f64;
    let mut total = [0u64; SLOTS];
    for l in lens {
        for (t, x) in total.iter_mut().zip(l) {
            *t += x;
        }
    }
    let mut avg = [0f64; SLOTS];
    for (a, t) in avg.iter_mut().zip(total) {
        *a = (t as f64 / n).max(1.0);
    }
    avg
}

/// What one occurrence in each slot of a document of these lengths adds
/// to a key's weighted frequency: the field weight over its length norm.
pub(super) fn slot_weights(lens: &[u64; SLOTS], avg: &[f64; SLOTS]) -> [f64; SLOTS] {
    let mut x = [0f64; SLOTS];
    for (slot, x) in x.iter_mut().enumerate() {
        let f = if slot == EXACT {
            Field::Title
        } else {
            Field::ALL[slot]
        };
        let (w, b) = (f.weight(), f.b());
        let norm = 1.0 - b + b * lens[slot] as f64 / avg[slot];
        *x = w / norm;
    }
    x
}

/// The 4-bit impact (1..=15) of a key with these counts per slot.
pub(super) fn impact(x: &[f64; SLOTS], counts: &[u32; SLOTS]) -> u8 {
    let mut w = 0f64;
    for slot in 0..SLOTS {
        for _ in 0..counts[slot] {
            w += x[slot];
        }
    }
    let s = w / (K1 + w);
    (s * 15.0).round().clamp(1.0, 15.0) as u8
}

/// Every key seen, numbered; the numbers in UTF-16 key order. A cache
/// keeps it across builds, so a kept document's keys need no lookup.
#[derive(Default)]
pub(super) struct Vocab {
    pub(super) keys: Vec<Arc<str>>,
    pub(super) ids: FxMap<Arc<str>, u32>,
    /// All ids, in UTF-16 order of their keys.
    pub(super) sorted: Vec<u32>,
}

impl Vocab {
    pub(super) fn intern(&mut self, key: &Arc<str>) -> u32 {
        if let Some(&id) = self.ids.get(&**key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.ids.insert(key.clone(), id);
        id
    }

    /// Ids of a document's keys. Keys are shared `Arc`s: the same pointer
    /// is the same key, so most lookups hash a pointer, not a string.
    pub(super) fn ids_of(&mut self, t: &DocTerms, by_ptr: &mut FxMap<usize, u32>) -> Vec<u32> {
        t.terms
            .iter()
            .map(|(key, _)| {
                let ptr = Arc::as_ptr(key) as *const u8 as usize;
                match by_ptr.get(&ptr) {
                    Some(&id) => id,
                    None => {
                        let id = self.intern(key);
                        by_ptr.insert(ptr, id);
                        id
                    }
                }
            })
            .collect()
    }

    /// Brings `sorted` up to date after new keys were interned.
    pub(super) fn sort(&mut self) {
        let old = self.sorted.len();
        if old == self.keys.len() {
            return;
        }
        let keys = &self.keys;
        let mut new: Vec<u32> = (old as u32..keys.len() as u32).collect();
        new.sort_unstable_by(|&a, &b| cmp_utf16(&keys[a as usize], &keys[b as usize]));
        let mut merged = Vec::with_capacity(keys.len());
        let (mut i, mut j) = (0, 0);
        while i < old && j < new.len() {
            let (a, b) = (self.sorted[i], new[j]);
            if cmp_utf16(&keys[a as usize], &keys[b as usize]) == Ordering::Less {
                merged.push(a);
                i += 1;
            } else {
                merged.push(b);
                j += 1;
            }
        }
        merged.extend_from_slice(&self.sorted[i..]);
        merged.extend_from_slice(&new[j..]);
        self.sorted = merged;
    }
}

pub(super) fn lex_name(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        c.to_string()
    } else {
        format!("u{:x}", c as u32)
    }
}

/// The pattern of each of a document's keys, in the order of its key ids.
pub(super) enum Pats {
    /// One pattern per key.
    Each(Box<[u32]>),
}

impl Pats {
    /// Calls `f(pattern, key index)` for every key.
    pub(super) fn each(&self, mut f: impl FnMut(u32, usize)) {
        match self {
            Pats::Each(p) => p.iter().enumerate().for_each(|(j, &p)| f(p, j)),
        }
    }
}
