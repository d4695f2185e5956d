//! The index builder and its file format (version 1).
//!
//! Files, relative to the language's index folder:
//!
//! * `manifest-<hash>.json` — small JSON, fetched first:
//!   `{"v":1,"lang":"lv","langs":["lv"],"docs":N,`
//!   `"kinds":[["news",0,12],…],` (doc ids are grouped by kind: [kind, first, end))
//!   `"shards":[["",file],["k",file],…],` (leaf i holds the keys ≥ its start
//!   and < the next start; starts are the shortest separating prefixes)
//!   `"lex":[["a",file],…],` (typo lexicon, one part per first character)
//!   `"frag":"d/<hash>/"}` (fragment of doc id i is `frag + i + ".bin"`).
//! * `p/<hash>.bin` — a postings shard, gzip of: varint key count, then per
//!   key: varint shared-prefix length (UTF-16 units, as JS strings count),
//!   varint suffix byte length, suffix UTF-8, varint df, then df varints
//!   `(doc-id gap << 4) | impact` (first gap = doc id; impact 1..=15).
//!   Besides stem keys, a shard holds exact keys (`word!`, titles and
//!   terms: [`super::analysis::EXACT_MARK`]) and part keys (`part#`, the
//!   documents of compounds with that part: [`super::compound`]).
//! * `l/<c>-<hash>.bin` — typo lexicon part, gzip of: varint count, then per
//!   key the same front coding and varint df.
//! * `d/<hash>/<id>.bin` — gzip of the fragment JSON
//!   `{"url","title","kind","lang","date"?,"text"}`, text ≤ 2,500 chars.
//!
//! Keys are sorted by UTF-16 code units so that JavaScript's `<` on strings
//! agrees with the order here. Varints are unsigned LEB128.

use super::analysis::{exact_key, for_each_word};
use super::{Field, SearchDoc, SearchFile, SearchIndex};
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// Largest gzipped shard we aim for (a single huge key may exceed it).
pub const SHARD_TARGET: usize = 8 * 1024;
/// Longest fragment text, in characters.
pub const FRAGMENT_CHARS: usize = 2500;
/// Shortest key in the typo lexicon, in characters.
pub const LEX_MIN: usize = 3;
/// BM25 saturation constant.
const K1: f64 = 1.2;

use super::format::{Entry, FNV_START, encode_shard, fnv, fnv_hex, put_key};
pub use super::format::{cmp_utf16, gzip, hash, put_varint};

/// Sizes used to plan the shards without compressing every candidate: the
/// raw encoded size of each entry (prefix sums) and the compression ratio
/// of the whole index, made a little pessimistic because small shards
/// compress worse than the whole.
struct Sizes {
    sums: Vec<usize>,
    ratio: f64,
}

impl Sizes {
    fn new(entries: &[Entry], memo: &GzMemo) -> Self {
        let mut sums = vec![0];
        let mut prev = "";
        let mut total = 0;
        let mut scratch = Vec::new();
        for e in entries {
            scratch.clear();
            put_key(&mut scratch, prev, e.key);
            put_varint(&mut scratch, e.postings.len() as u64);
            let mut last = 0u32;
            for (i, &(doc, imp)) in e.postings.iter().enumerate() {
                let gap = if i == 0 { doc } else { doc - last };
                put_varint(&mut scratch, (u64::from(gap) << 4) | u64::from(imp));
                last = doc;
            }
            total += scratch.len();
            sums.push(total);
            prev = e.key;
        }
        // The ratio of shard-sized samples (≈ 32 KB raw), up to 8 of them
        // spread over the keys: cheaper than compressing everything, and
        // closer to how a small shard compresses.
        let n = entries.len();
        let mut raw_sum = 0usize;
        let mut gz_sum = 0usize;
        let mut start = 0;
        let step = (total / 8).max(32 * 1024);
        while start < n {
            let mut end = start + 1;
            while end < n && sums[end] - sums[start] < 32 * 1024 {
                end += 1;
            }
            raw_sum += sums[end] - sums[start];
            gz_sum += memo.gzip(encode_shard(&entries[start..end])).bytes.len();
            let next = sums[start] + step;
            start = end.max(sums.partition_point(|&x| x < next).min(n));
        }
        let ratio = (gz_sum as f64 / raw_sum.max(1) as f64 * 1.05).min(1.0);
        Sizes { sums, ratio }
    }

    /// Estimated gzip size of entries a..b.
    fn est(&self, a: usize, b: usize) -> usize {
        ((self.sums[b] - self.sums[a]) as f64 * self.ratio) as usize + 24
    }
}

/// Plans leaves (index ranges) of ≤ SHARD_TARGET estimated gzip bytes:
/// split a bucket by the character at `depth` (1, 2, 3… characters of
/// prefix) while it is too big.
fn split(
    entries: &[Entry],
    sizes: &Sizes,
    a: usize,
    b: usize,
    depth: usize,
    out: &mut Vec<(usize, usize)>,
) {
    if b - a <= 1 || sizes.est(a, b) <= SHARD_TARGET {
        out.push((a, b));
        return;
    }
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut start = a;
    for i in a + 1..=b {
        if i == b || entries[i].key.chars().nth(depth) != entries[start].key.chars().nth(depth) {
            groups.push((start, i));
            start = i;
        }
    }
    if groups.len() == 1 {
        split(entries, sizes, a, b, depth + 1, out);
        return;
    }
    for (ga, gb) in groups {
        split(entries, sizes, ga, gb, depth + 1, out);
    }
}

/// Compresses a planned leaf; if it is still over the target (the estimate
/// was low), halves it by key range until each part fits.
fn compress_leaf(
    entries: &[Entry],
    memo: &GzMemo,
    a: usize,
    b: usize,
    out: &mut Vec<(usize, usize, Arc<Gz>)>,
) {
    let gz = memo.gzip(encode_shard(&entries[a..b]));
    if gz.bytes.len() <= SHARD_TARGET || b - a <= 1 {
        out.push((a, b, gz));
        return;
    }
    let mid = a + (b - a) / 2;
    compress_leaf(entries, memo, a, mid, out);
    compress_leaf(entries, memo, mid, b, out);
}

/// The shards: ranges of `entries` with their gzip bytes. Plan by prefix,
/// merge small neighbours while the estimate fits (the "by key range"
/// part), then compress (in parallel) and check the real size.
fn leaves(entries: &[Entry], memo: &GzMemo) -> Vec<(usize, usize, Arc<Gz>)> {
    if entries.is_empty() {
        return vec![(0, 0, memo.gzip(encode_shard(entries)))];
    }
    let sizes = Sizes::new(entries, memo);
    let mut planned = Vec::new();
    split(entries, &sizes, 0, entries.len(), 0, &mut planned);
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in planned {
        if let Some(last) = merged.last_mut()
            && sizes.est(last.0, b) <= SHARD_TARGET
        {
            last.1 = b;
            continue;
        }
        merged.push((a, b));
    }
    merged
        .into_par_iter()
        .map(|(a, b)| {
            let mut out = Vec::new();
            compress_leaf(entries, memo, a, b, &mut out);
            out
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The shortest prefix of `first` that sorts after `prev_last`.
fn separator(prev_last: &str, first: &str) -> String {
    let mut s = String::new();
    for c in first.chars() {
        s.push(c);
        if cmp_utf16(&s, prev_last) == Ordering::Greater {
            break;
        }
    }
    s
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    text: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    lang: &'a str,
    langs: Vec<&'a str>,
    docs: usize,
    kinds: Vec<(&'a str, usize, usize)>,
    shards: Vec<(String, String)>,
    lex: Vec<(String, String)>,
    frag: String,
    /// The sprint facets file ([`super::facets`]), if any document has facets.
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<String>,
}

/// The text snippets are cut from: summary then body, whitespace collapsed,
/// capped at FRAGMENT_CHARS (cut at a space when there is one near the end).
/// Not [`Field::Term`]: a glossary term's aliases are a list of word forms
/// (`prototipa prototipu prototipi …`), good for matching, useless to read,
/// and the window with the most matches would be that list.
fn fragment_text(doc: &SearchDoc) -> String {
    let mut all = String::new();
    for field in [Field::Summary, Field::Body] {
        for (f, t) in &doc.fields {
            if *f == field {
                for w in t.split_whitespace() {
                    if !all.is_empty() {
                        all.push(' ');
                    }
                    all.push_str(w);
                }
            }
        }
    }
    let all = match super::analysis::nfc(&all) {
        std::borrow::Cow::Borrowed(_) => all,
        std::borrow::Cow::Owned(n) => n,
    };
    if all.chars().count() <= FRAGMENT_CHARS {
        return all;
    }
    let cut: String = all.chars().take(FRAGMENT_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) if i > cut.len() * 4 / 5 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

/// FxHash-style hasher (the rustc one, word at a time): far cheaper than
/// SipHash for the short keys of the builder's maps. Only for lookups; no
/// map is ever iterated into the output.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

const FX_K: u64 = 0xf135_7aea_2e62_a9c5;

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(26) ^ w).wrapping_mul(FX_K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(26) ^ u64::from_le_bytes(b)).wrapping_mul(FX_K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(26) ^ i).wrapping_mul(FX_K);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        // One more mix so that the low bits (hashbrown's buckets) depend on
        // every input bit.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

fn fx_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fx::default();
    std::hash::Hasher::write(&mut h, bytes);
    h.write_usize(bytes.len());
    std::hash::Hasher::finish(&h)
}

/// Slots of a document's term counts: the five fields in [`Field::ALL`]
/// order, then the exact keys of the title and term fields.
const SLOTS: usize = 6;
/// Documents analysed at a time by a build without a cache.
const ANALYSE_CHUNK: usize = 2048;
const EXACT: usize = 5;

/// What one document contributes to the index, independent of every other
/// document: the number of keys per slot (for length normalisation) and,
/// per distinct key, how often it occurs in each slot. Keys with the same
/// counts share a pattern, so impacts are computed once per pattern.
pub(crate) struct DocTerms {
    lens: [u64; SLOTS],
    patterns: Vec<[u32; SLOTS]>,
    /// (key, pattern index), each key once, in order of first occurrence.
    terms: Vec<(Arc<str>, u32)>,
}

/// One word's analysis, remembered by a worker.
struct WordInfo {
    /// Local id of its key (`fold(stem(word))`).
    key: u32,
    /// Local id of its other key for a consonant alternation, if any
    /// ([`super::analysis::keys`]): counted like the key itself.
    alt: Option<u32>,
    /// Local id of its exact key, computed on first use.
    exact: Option<u32>,
    stop: bool,
}

/// Per-worker state of the analysis: words already analysed (words repeat,
/// Zipf) and the scratch space of the document being analysed.
#[derive(Default)]
struct Analyser {
    words: Vec<(String, FxMap<Box<str>, WordInfo>)>,
    keys: Vec<Arc<str>>,
    key_ids: FxMap<Arc<str>, u32>,
    /// Per local key id: the document stamp it was last counted in and its
    /// row in `rows`.
    seen: Vec<(u32, u32)>,
    stamp: u32,
    rows: Vec<(u32, [u32; SLOTS])>,
}

impl Analyser {
    fn key_id(&mut self, key: String) -> u32 {
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

    fn count(&mut self, id: u32, slot: usize) {
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
    fn lang_index(&mut self, lang: &str) -> usize {
        match self.words.iter().position(|(l, _)| l == lang) {
            Some(i) => i,
            None => {
                self.words.push((lang.to_string(), FxMap::default()));
                self.words.len() - 1
            }
        }
    }

    fn text(&mut self, lang: &str, text: &str, slot: usize, keep_stop: bool) -> u64 {
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
    fn exact(&mut self, lang: &str, text: &str) -> u64 {
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

    fn doc(&mut self, d: &SearchDoc) -> DocTerms {
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
fn postings<'a>(
    terms: &[&DocTerms],
    gids: Vec<Arc<[u32]>>,
    pats: Vec<Pats>,
    vocab: &'a Vocab,
    flat: &'a mut Vec<(u32, u8)>,
) -> Vec<Entry<'a>> {
    let n = terms.len().max(1) as f64;
    let mut avg = [0f64; SLOTS];
    for (slot, a) in avg.iter_mut().enumerate() {
        let total: u64 = terms.iter().map(|t| t.lens[slot]).sum();
        *a = (total as f64 / n).max(1.0);
    }
    let weight = |slot: usize| -> (f64, f64) {
        let f = if slot == EXACT {
            Field::Title
        } else {
            Field::ALL[slot]
        };
        (f.weight(), f.b())
    };
    // Impacts per document and pattern, in parallel.
    let imps: Vec<Vec<u8>> = terms
        .par_iter()
        .map(|t| {
            let mut x = [0f64; SLOTS];
            for (slot, x) in x.iter_mut().enumerate() {
                let (w, b) = weight(slot);
                let norm = 1.0 - b + b * t.lens[slot] as f64 / avg[slot];
                *x = w / norm;
            }
            t.patterns
                .iter()
                .map(|counts| {
                    let mut w = 0f64;
                    for slot in 0..SLOTS {
                        for _ in 0..counts[slot] {
                            w += x[slot];
                        }
                    }
                    let s = w / (K1 + w);
                    (s * 15.0).round().clamp(1.0, 15.0) as u8
                })
                .collect()
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
    flat.resize(total, (0, 0));
    let mut pos = start.clone();
    // Each document's key ids and patterns are freed once its postings
    // are in place: with `flat`, they were twice the postings' memory.
    for (doc, ((p, g), imp)) in pats.into_iter().zip(gids).zip(&imps).enumerate() {
        p.each(|p, j| {
            let k = g[j] as usize;
            flat[pos[k]] = (doc as u32, imp[p as usize]);
            pos[k] += 1;
        });
    }
    let flat: &'a [(u32, u8)] = flat;
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

/// Every key seen, numbered; the numbers in UTF-16 key order. A cache
/// keeps it across builds, so a kept document's keys need no lookup.
#[derive(Default)]
struct Vocab {
    keys: Vec<Arc<str>>,
    ids: FxMap<Arc<str>, u32>,
    /// All ids, in UTF-16 order of their keys.
    sorted: Vec<u32>,
}

impl Vocab {
    fn intern(&mut self, key: &Arc<str>) -> u32 {
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
    fn ids_of(&mut self, t: &DocTerms, by_ptr: &mut FxMap<usize, u32>) -> Vec<u32> {
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
    fn sort(&mut self) {
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

fn lex_name(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        c.to_string()
    } else {
        format!("u{:x}", c as u32)
    }
}

/// A compressed file: its gzip bytes and the hash naming it.
pub(crate) struct Gz {
    bytes: Vec<u8>,
    name: String,
}

impl Gz {
    fn of(raw: &[u8]) -> Gz {
        let bytes = gzip(raw);
        let name = hash(&bytes);
        Gz { bytes, name }
    }
}

/// Compressed bytes remembered by their raw bytes (kept to compare, so a
/// hash collision cannot return the wrong file).
#[derive(Clone)]
struct GzEntry {
    raw: Arc<Vec<u8>>,
    gz: Arc<Gz>,
}

/// gzip through the cache of one build: looks up the previous build's
/// entries and records every entry used, which become the next build's.
struct GzMemo<'a> {
    old: Option<&'a FxMap<u64, Vec<GzEntry>>>,
    used: Option<Mutex<Vec<(u64, GzEntry)>>>,
}

impl GzMemo<'_> {
    fn none() -> Self {
        GzMemo {
            old: None,
            used: None,
        }
    }

    fn gzip(&self, raw: Vec<u8>) -> Arc<Gz> {
        let Some(used) = &self.used else {
            return Arc::new(Gz::of(&raw));
        };
        let h = fx_bytes(&raw);
        let hit = self
            .old
            .and_then(|m| m.get(&h))
            .and_then(|v| v.iter().find(|e| *e.raw == raw))
            .cloned();
        let e = hit.unwrap_or_else(|| GzEntry {
            gz: Arc::new(Gz::of(&raw)),
            raw: Arc::new(raw),
        });
        let gz = e.gz.clone();
        if let Ok(mut u) = used.lock() {
            u.push((h, e));
        }
        gz
    }

    fn into_map(self) -> FxMap<u64, Vec<GzEntry>> {
        let mut map: FxMap<u64, Vec<GzEntry>> = FxMap::default();
        let used = self.used.map(|m| m.into_inner().unwrap_or_default());
        for (h, e) in used.unwrap_or_default() {
            let v = map.entry(h).or_default();
            if !v.iter().any(|x| x.raw == e.raw) {
                v.push(e);
            }
        }
        map
    }
}

/// One document of the previous build, with its analysis and fragment.
struct CachedDoc {
    doc: SearchDoc,
    terms: Arc<DocTerms>,
    frag: Arc<Gz>,
    /// Ids of `terms`' keys in the cache's vocabulary.
    gids: Arc<[u32]>,
    used: bool,
}

/// What an incremental rebuild of one language's index reuses: the analysis
/// and compressed fragment of each document (found by its content, compared
/// in full), the compressed shards, lexicon parts and size samples (found by
/// their raw bytes) and the running hash of the fragments. Holds only what
/// the last build used, so it stays about the size of one index.
#[derive(Default)]
pub struct IndexCache {
    docs: FxMap<u64, Vec<CachedDoc>>,
    vocab: Vocab,
    gz: FxMap<u64, Vec<GzEntry>>,
    /// Per fragment of the last build: the fragment and the FNV state after
    /// it (the folder name hashes all fragments in order).
    frag_chain: Vec<(Arc<Gz>, u64)>,
    /// The postings array, reused (filling fresh pages cost more than
    /// filling it).
    flat: Vec<(u32, u8)>,
}

impl IndexCache {
    /// Number of documents and compressed files held.
    pub fn len(&self) -> (usize, usize) {
        (
            self.docs.values().map(Vec::len).sum(),
            self.gz.values().map(Vec::len).sum(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.gz.is_empty()
    }
}

/// A cheap fingerprint of a document (everything but the field texts, which
/// are compared in full on a hit).
fn doc_print(d: &SearchDoc) -> u64 {
    let mut h = Fx::default();
    d.url.hash(&mut h);
    d.kind.hash(&mut h);
    d.lang.hash(&mut h);
    d.title.hash(&mut h);
    d.date.hash(&mut h);
    for (f, t) in &d.fields {
        f.hash(&mut h);
        t.len().hash(&mut h);
    }
    h.finish()
}

fn fragment_gz(d: &SearchDoc) -> Gz {
    let f = Fragment {
        url: &d.url,
        title: &d.title,
        kind: &d.kind,
        lang: &d.lang,
        date: d.date.as_deref(),
        text: fragment_text(d),
    };
    Gz::of(&serde_json::to_vec(&f).expect("fragment serialises"))
}

pub(crate) fn build(lang: &str, docs: &[SearchDoc]) -> SearchIndex {
    let mut b = IndexBuilder::new(lang);
    b.add(docs);
    b.finish()
}

pub(crate) fn build_cached(lang: &str, docs: &[SearchDoc], cache: &mut IndexCache) -> SearchIndex {
    build_with(lang, docs, cache)
}

/// What fixes a document's id: grouped by kind, then by URL (then the
/// rest; documents equal in all of it keep the order they came in).
type SortKey<'d> = (&'d str, &'d str, &'d str, &'d str, Option<&'d str>);

fn sort_key(d: &SearchDoc) -> SortKey<'_> {
    (&d.kind, &d.url, &d.lang, &d.title, d.date.as_deref())
}

/// Each kind's range of doc ids, and the index's language followed by the
/// other languages of its documents, from the documents in id order.
#[allow(clippy::type_complexity)]
fn kinds_and_langs<'d>(
    lang: &str,
    docs: impl Iterator<Item = (&'d str, &'d str)>,
) -> (Vec<(String, usize, usize)>, Vec<String>) {
    let mut kinds: Vec<(String, usize, usize)> = Vec::new();
    let mut langs: Vec<String> = vec![lang.to_string()];
    for (i, (kind, doc_lang)) in docs.enumerate() {
        match kinds.last_mut() {
            Some(k) if k.0 == kind => k.2 = i + 1,
            _ => kinds.push((kind.to_string(), i, i + 1)),
        }
        if !langs.iter().any(|l| l == doc_lang) {
            langs.push(doc_lang.to_string());
        }
    }
    langs[1..].sort();
    (kinds, langs)
}

/// One language's index from documents handed over a chunk at a time, in
/// any order: each chunk is analysed (in parallel) and cut down to what the
/// postings need (key ids and patterns) before the next is made, so a
/// build never holds every document's text, nor every full analysis, at
/// once (at 50 000 sprints those were hundreds of megabytes each). The
/// result is the index [`build`] makes of all the documents at once.
pub struct IndexBuilder {
    lang: String,
    docs: Vec<Analysed>,
    vocab: Vocab,
}

/// One document, analysed: its sort key and what the index keeps of it.
struct Analysed {
    kind: String,
    url: String,
    lang: String,
    title: String,
    date: Option<String>,
    /// Lengths and patterns only (no keys: those are `gids`).
    terms: Arc<DocTerms>,
    frag: Arc<Gz>,
    gids: Arc<[u32]>,
    /// The pattern of each key in `gids` order.
    pats: Pats,
    /// Its facet tokens, if any ([`super::facets`]).
    facets: Option<Box<str>>,
}

/// The pattern of each of a document's keys, in the order of its key ids.
enum Pats {
    /// One pattern per key.
    Each(Box<[u32]>),
    /// Keys grouped by pattern: how many keys have pattern 0, 1, 2, …
    /// (a document has a few dozen patterns for hundreds of keys, so this
    /// is a tenth of the size of [`Pats::Each`]).
    Runs(Box<[u32]>),
}

impl Pats {
    /// Calls `f(pattern, key index)` for every key.
    fn each(&self, mut f: impl FnMut(u32, usize)) {
        match self {
            Pats::Each(p) => p.iter().enumerate().for_each(|(j, &p)| f(p, j)),
            Pats::Runs(runs) => {
                let mut j = 0;
                for (p, &n) in runs.iter().enumerate() {
                    for _ in 0..n {
                        f(p as u32, j);
                        j += 1;
                    }
                }
            }
        }
    }
}

impl IndexBuilder {
    pub fn new(lang: &str) -> Self {
        IndexBuilder {
            lang: lang.to_string(),
            docs: Vec::new(),
            vocab: Vocab::default(),
        }
    }

    /// Analyses `docs` and keeps what the index needs of them.
    pub fn add(&mut self, docs: &[SearchDoc]) {
        let mut by_ptr: FxMap<usize, u32> = FxMap::default();
        for docs in docs.chunks(ANALYSE_CHUNK) {
            let done: Vec<(DocTerms, Gz)> = docs
                .par_iter()
                .map_init(Analyser::default, |a, d| (a.doc(d), fragment_gz(d)))
                .collect();
            for (d, (t, frag)) in docs.iter().zip(done) {
                // Key ids grouped by pattern (a stable sort), so that the
                // patterns are just counts.
                let ids = self.vocab.ids_of(&t, &mut by_ptr);
                let mut by_pattern: Vec<(u32, u32)> =
                    t.terms.iter().map(|k| k.1).zip(ids).collect();
                by_pattern.sort_by_key(|x| x.0);
                let mut runs = vec![0u32; t.patterns.len()];
                for (p, _) in &by_pattern {
                    runs[*p as usize] += 1;
                }
                let gids = by_pattern.into_iter().map(|x| x.1).collect();
                let pats = Pats::Runs(runs.into());
                self.docs.push(Analysed {
                    kind: d.kind.clone(),
                    url: d.url.clone(),
                    lang: d.lang.clone(),
                    title: d.title.clone(),
                    date: d.date.clone(),
                    terms: Arc::new(DocTerms {
                        lens: t.lens,
                        patterns: t.patterns,
                        terms: Vec::new(),
                    }),
                    frag: Arc::new(frag),
                    gids,
                    pats,
                    facets: super::facets::of(d),
                });
            }
            // The analyses of this chunk are gone, and with them the keys
            // not kept by `vocab`: their addresses may be reused.
            by_ptr.clear();
        }
    }

    /// The index of every document added.
    pub fn finish(self) -> SearchIndex {
        let IndexBuilder {
            lang,
            mut docs,
            mut vocab,
        } = self;
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
        // Moved out, so that each is freed as soon as the index has used it.
        let (mut pats, mut per_doc, mut gids) = (Vec::new(), Vec::new(), Vec::new());
        for d in docs {
            pats.push(d.pats);
            per_doc.push((d.terms, d.frag));
            gids.push(d.gids);
        }
        let mut flat = Vec::new();
        let parts = Parts {
            lang: &lang,
            kinds,
            langs,
            per_doc,
            gids,
            facets,
        };
        assemble(parts, pats, &vocab, &mut flat, GzMemo::none(), &[], false).index
    }
}

/// Every document's analysis, in doc-id order, and what the manifest
/// says about them: what [`assemble`] makes the files from.
struct Parts<'d> {
    lang: &'d str,
    kinds: Vec<(String, usize, usize)>,
    langs: Vec<String>,
    per_doc: Vec<(Arc<DocTerms>, Arc<Gz>)>,
    gids: Vec<Arc<[u32]>>,
    facets: super::facets::Facets,
}

/// What [`assemble`] made, and what a cache keeps of it.
struct Assembled {
    index: SearchIndex,
    used_gz: FxMap<u64, Vec<GzEntry>>,
    /// Per fragment, the FNV state after it (only if asked for).
    chain: Vec<(Arc<Gz>, u64)>,
    /// Number of keys in the index.
    live: usize,
}

/// The index files of analysed documents: postings in shards, the typo
/// lexicon, the fragments and the manifest. `chain` is the previous
/// build's fragment chain (a cache's), `keep_chain` whether to return
/// this one's.
fn assemble(
    p: Parts<'_>,
    pats: Vec<Pats>,
    vocab: &Vocab,
    flat: &mut Vec<(u32, u8)>,
    memo: GzMemo<'_>,
    chain: &[(Arc<Gz>, u64)],
    keep_chain: bool,
) -> Assembled {
    let Parts {
        lang,
        kinds,
        langs,
        per_doc,
        gids,
        facets,
    } = p;
    let mut files: Vec<SearchFile> = Vec::new();
    // Postings, keys in UTF-16 order.
    let terms: Vec<&DocTerms> = per_doc.iter().map(|(t, _)| &**t).collect();
    let entries = postings(&terms, gids, pats, vocab, flat);
    drop(terms);
    let pairs: Vec<(&str, &[(u32, u8)])> = entries.iter().map(|e| (e.key, e.postings)).collect();
    let parts = super::compound::part_postings(&pairs, cmp_utf16);
    drop(pairs);
    let entries = super::format::merge(entries, &parts);

    let mut shards = Vec::new();
    for (i, (a, _, gz)) in leaves(&entries, &memo).into_iter().enumerate() {
        let path = format!("p/{}.bin", gz.name);
        let start = if i == 0 {
            String::new()
        } else {
            separator(entries[a - 1].key, entries[a].key)
        };
        shards.push((start, path.clone()));
        files.push(SearchFile {
            path,
            bytes: gz.bytes.clone(),
        });
    }

    // Typo lexicon, one part per first character.
    let mut parts: BTreeMap<char, Vec<&Entry<'_>>> = BTreeMap::new();
    for e in &entries {
        let first = e.key.chars().next().unwrap_or(' ');
        if e.key.chars().count() >= LEX_MIN
            && first.is_alphabetic()
            && !e.key.ends_with(super::analysis::EXACT_MARK)
            && !e.key.ends_with(super::compound::PART_MARK)
        {
            parts.entry(first).or_default().push(e);
        }
    }
    let mut lex = Vec::new();
    for (c, list) in parts {
        let mut raw = Vec::new();
        put_varint(&mut raw, list.len() as u64);
        let mut prev = "";
        for e in list {
            put_key(&mut raw, prev, e.key);
            put_varint(&mut raw, e.postings.len() as u64);
            prev = e.key;
        }
        let gz = memo.gzip(raw);
        let path = format!("l/{}-{}.bin", lex_name(c), gz.name);
        lex.push((c.to_string(), path.clone()));
        files.push(SearchFile {
            path,
            bytes: gz.bytes.clone(),
        });
    }

    // Fragments under a folder named by the hash of all of them. The FNV
    // state after an unchanged prefix of fragments is taken from `chain`.
    let same = per_doc
        .iter()
        .zip(chain)
        .take_while(|((_, f), (g, _))| Arc::ptr_eq(f, g))
        .count();
    let mut state = if same == 0 {
        FNV_START
    } else {
        chain[same - 1].1
    };
    let mut new_chain = Vec::with_capacity(if keep_chain { per_doc.len() } else { 0 });
    for (i, (_, f)) in per_doc.iter().enumerate() {
        if i >= same {
            state = fnv(state, &f.bytes);
        }
        if keep_chain {
            new_chain.push((f.clone(), if i < same { chain[i].1 } else { state }));
        }
    }
    let frag_dir = format!("d/{}/", fnv_hex(state));
    let docs = per_doc.len();
    for (i, (_, f)) in per_doc.into_iter().enumerate() {
        files.push(SearchFile {
            path: format!("{frag_dir}{i}.bin"),
            // Moved, not copied, unless a cache keeps it too.
            bytes: Arc::try_unwrap(f).map_or_else(|f| f.bytes.clone(), |f| f.bytes),
        });
    }

    let facets = (!facets.is_empty()).then(|| {
        let gz = memo.gzip(facets.encode());
        let path = format!("f/{}.bin", gz.name);
        files.push(SearchFile {
            path: path.clone(),
            bytes: gz.bytes.clone(),
        });
        path
    });
    let manifest = Manifest {
        v: 1,
        lang,
        langs: langs.iter().map(String::as_str).collect(),
        docs,
        kinds: kinds.iter().map(|(k, a, b)| (k.as_str(), *a, *b)).collect(),
        shards,
        lex,
        frag: frag_dir,
        facets,
    };
    let json = serde_json::to_vec(&manifest).expect("manifest serialises");
    let manifest_path = format!("manifest-{}.json", hash(&json));
    files.push(SearchFile {
        path: manifest_path.clone(),
        bytes: json,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let used_gz = memo.into_map();
    let live = entries.len();
    Assembled {
        index: SearchIndex {
            files,
            manifest: manifest_path,
        },
        used_gz,
        chain: new_chain,
        live,
    }
}

fn build_with(lang: &str, docs: &[SearchDoc], cache: &mut IndexCache) -> SearchIndex {
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let (kinds, langs) = kinds_and_langs(
        lang,
        order.iter().map(|d| (d.kind.as_str(), d.lang.as_str())),
    );

    // Each document's analysis and fragment: from the cache when the same
    // document was there, else computed (in parallel).
    let prints: Vec<u64> = order.par_iter().map(|d| doc_print(d)).collect();
    type Hit = (usize, Arc<DocTerms>, Arc<Gz>, Arc<[u32]>);
    let found: Vec<Option<Hit>> = order
        .par_iter()
        .zip(&prints)
        .map(|(d, p)| {
            cache.docs.get(p)?.iter().enumerate().find_map(|(i, e)| {
                (e.doc == **d).then(|| (i, e.terms.clone(), e.frag.clone(), e.gids.clone()))
            })
        })
        .collect();
    let hits: Vec<Option<usize>> = found.iter().map(|h| h.as_ref().map(|h| h.0)).collect();
    // Key ids: kept documents have theirs; new ones are interned.
    let mut vocab = std::mem::take(&mut cache.vocab);
    let mut flat = std::mem::take(&mut cache.flat);
    type Done = (Arc<DocTerms>, Arc<Gz>, Option<Arc<[u32]>>);
    let done: Vec<Done> = order
        .par_iter()
        .zip(found)
        .map_init(Analyser::default, |a, (d, hit)| match hit {
            Some((_, t, f, g)) => (t, f, Some(g)),
            None => (Arc::new(a.doc(d)), Arc::new(fragment_gz(d)), None),
        })
        .collect();
    let mut per_doc: Vec<(Arc<DocTerms>, Arc<Gz>)> = Vec::with_capacity(order.len());
    let mut gids: Vec<Arc<[u32]>> = Vec::with_capacity(order.len());
    // Per document, the pattern of each key in `gids` order.
    let mut pats: Vec<Pats> = Vec::with_capacity(order.len());
    let mut by_ptr: FxMap<usize, u32> = FxMap::default();
    for (t, f, g) in done {
        gids.push(match g {
            Some(g) => g,
            None => vocab.ids_of(&t, &mut by_ptr).into(),
        });
        pats.push(Pats::Each(t.terms.iter().map(|k| k.1).collect()));
        per_doc.push((t, f));
    }
    drop(by_ptr);
    vocab.sort();
    let memo = GzMemo {
        old: Some(&cache.gz),
        used: Some(Mutex::new(Vec::new())),
    };
    let facet_texts: Vec<Option<Box<str>>> = order.iter().map(|d| super::facets::of(d)).collect();
    let parts = Parts {
        lang,
        kinds,
        langs,
        per_doc: per_doc.clone(),
        gids: gids.clone(),
        facets: super::facets::collect(facet_texts.iter().map(|f| f.as_deref())),
    };
    let out = assemble(
        parts,
        pats,
        &vocab,
        &mut flat,
        memo,
        &cache.frag_chain,
        true,
    );
    let c = cache;
    // Keep exactly what this build used: mark the kept documents, add
    // the new ones, drop the rest.
    for (p, hit) in prints.iter().zip(&hits) {
        if let Some(e) = hit.and_then(|i| c.docs.get_mut(p)?.get_mut(i)) {
            e.used = true;
        }
    }
    for (((d, p), (terms, frag)), (hit, gids)) in order
        .iter()
        .zip(&prints)
        .zip(&per_doc)
        .zip(hits.iter().zip(&gids))
    {
        if hit.is_some() {
            continue;
        }
        let v = c.docs.entry(*p).or_default();
        if v.iter().any(|e| e.used && e.doc == **d) {
            continue;
        }
        v.push(CachedDoc {
            doc: (*d).clone(),
            terms: terms.clone(),
            frag: frag.clone(),
            gids: gids.clone(),
            used: true,
        });
    }
    c.docs.retain(|_, v| {
        v.retain_mut(|e| std::mem::take(&mut e.used));
        !v.is_empty()
    });
    c.gz = out.used_gz;
    c.frag_chain = out.chain;
    c.vocab = vocab;
    c.flat = flat;
    // The vocabulary only grows; when most of it is dead, start over
    // (the next build analyses every document again).
    if c.vocab.keys.len() > 2 * out.live + 4096 {
        *c = IndexCache::default();
    }
    out.index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        let mut v = Vec::new();
        put_varint(&mut v, 0);
        put_varint(&mut v, 127);
        put_varint(&mut v, 128);
        put_varint(&mut v, 300);
        assert_eq!(v, [0, 127, 0x80, 1, 0xac, 2]);
    }

    #[test]
    fn front_coding_counts_utf16_units() {
        let mut v = Vec::new();
        put_key(&mut v, "", "ab");
        put_key(&mut v, "ab", "abc");
        put_key(&mut v, "a𝔸x", "a𝔸y");
        assert_eq!(v, [0, 2, b'a', b'b', 2, 1, b'c', 3, 1, b'y']);
    }

    #[test]
    fn separators_are_shortest_prefixes() {
        assert_eq!(separator("digital", "dokument"), "do");
        assert_eq!(separator("ab", "abc"), "abc");
        assert_eq!(separator("a", "b"), "b");
    }

    #[test]
    fn utf16_order_differs_from_byte_order_where_js_would() {
        // U+FF21 (BMP) sorts after U+1D538 in UTF-8 but before it in UTF-16.
        assert_eq!(cmp_utf16("\u{FF21}", "\u{1D538}"), Ordering::Greater);
        assert_eq!("\u{FF21}".cmp("\u{1D538}"), Ordering::Less);
    }

    #[test]
    fn gzip_is_deterministic_and_has_no_mtime() {
        let a = gzip(b"hello");
        assert_eq!(a, gzip(b"hello"));
        assert_eq!(&a[4..8], &[0, 0, 0, 0]);
    }
}
