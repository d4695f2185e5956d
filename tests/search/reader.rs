//! A reader for the index files and the query algorithm, in Rust: test
//! support (the site itself only ever queries in the browser), included by
//! the search tests and benches with `#[path = "search/reader.rs"] mod reader;`.
//!
//! This mirrors `search.js` step for step so that tests (round trip, recall,
//! typos) exercise the same logic the browser runs, without a browser, and
//! tests/search/parity.mjs checks the two rank alike. If you change the
//! ranking here, change it in search.js too.
//!
//! The algorithm (search-design §6.3):
//! 1. Tokenise the query; drop stop words (of any of the index's languages)
//!    unless every word is one.
//! 2. Each word gets its keys: `query_keys` for every language in the index
//!    (factor 1.0), its exact key (title/term bonus), and, for the last word
//!    while typing (≥ 3 chars), keys starting with its folded surface form or
//!    its keys (factor 0.7, at most [`PREFIX_CAP`] keys by df, and only if
//!    they lie in ≤ [`PREFIX_SHARDS`] shards). The parts of a hyphenated
//!    word count like prefix matches.
//! 3. A word of ≥ 5 chars that matches nothing — or every word of ≥ 5 chars
//!    when the AND is empty — is corrected: keys at Damerau-Levenshtein
//!    distance 1 (2 for ≥ 9 chars) with the same first letter, from the
//!    typo lexicon: only the nearest distance found, best df first (factor
//!    0.5, at most [`TYPO_CAP`]).
//! 4. Per word and document: the best of idf × impact × factor over its
//!    keys, plus half of the exact key's idf × impact. Each key's part key
//!    (`key#`: documents with a compound that has the word as a part, see
//!    `inolab::search::compound`) counts with factor [`PART_FACTOR`] and
//!    the idf of key and part key together, so the word itself ranks first.
//! 5. AND across words; if empty, the documents matching the most words
//!    ("k of n", which the UI states). Sum the word scores; sort by score,
//!    then doc id.

#![allow(dead_code)] // each test uses a part of it

use flate2::read::GzDecoder;
use inolab::search::SearchIndex;
use inolab::search::analysis::{EXACT_MARK, exact_key, query_keys, tokens};
use inolab::search::compound::{PART_MARK, part_key};
use inolab::search::fold::fold;
use inolab::search::index::cmp_utf16;
use inolab::search::stopwords::is_stop_query;
use serde::Deserialize;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::Read;

pub const PREFIX_MIN: usize = 3;
pub const PREFIX_CAP: usize = 50;
pub const PREFIX_SHARDS: usize = 4;
pub const TYPO_MIN: usize = 5;
pub const TYPO_CAP: usize = 5;
pub const PREFIX_FACTOR: f64 = 0.7;
pub const TYPO_FACTOR: f64 = 0.5;
pub const EXACT_BONUS: f64 = 0.5;
pub const PART_FACTOR: f64 = 0.6;

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub v: u32,
    pub lang: String,
    pub langs: Vec<String>,
    pub docs: usize,
    pub kinds: Vec<(String, usize, usize)>,
    pub shards: Vec<(String, String)>,
    pub lex: Vec<(String, String)>,
    /// Documents per fragment pack.
    pub fk: usize,
    /// Fragment pack n is `frag + n + ".bin"` (src/search/index.rs).
    pub frag: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Fragment {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub lang: String,
    #[serde(default)]
    pub date: Option<String>,
    pub text: String,
}

pub type Postings = Vec<(u32, u8)>;

/// Query options: prefix matching of the last word (on while typing) and
/// the kinds to keep (empty = all).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub prefix_last: bool,
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// Words searched (n) and words every hit matches (k; k < n is the
    /// "k of n" fallback).
    pub terms: usize,
    pub matched: usize,
    /// Keys used as typo corrections, per word (empty if none).
    pub corrections: Vec<Vec<String>>,
    /// Every file read, in order: the byte cost of the query.
    pub fetched: Vec<String>,
}

/// Reads an index from memory, caching decoded files like the browser does.
pub struct Reader<'a> {
    index: &'a SearchIndex,
    pub manifest: Manifest,
    shards: RefCell<BTreeMap<usize, BTreeMap<String, Postings>>>,
    fetched: RefCell<Vec<String>>,
}

pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

struct Bytes<'b> {
    b: &'b [u8],
    i: usize,
}

impl Bytes<'_> {
    fn varint(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let byte = self.b[self.i];
            self.i += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
    fn key(&mut self, prev: &str) -> String {
        let shared = self.varint() as usize;
        let len = self.varint() as usize;
        let units: Vec<u16> = prev.encode_utf16().take(shared).collect();
        let mut k = String::from_utf16(&units).expect("shared prefix is whole chars");
        k.push_str(std::str::from_utf8(&self.b[self.i..self.i + len]).expect("utf-8"));
        self.i += len;
        k
    }
}

/// Decodes a shard into key → postings.
pub fn decode_shard(raw: &[u8]) -> BTreeMap<String, Postings> {
    let mut r = Bytes { b: raw, i: 0 };
    let n = r.varint();
    let mut out = BTreeMap::new();
    let mut prev = String::new();
    for _ in 0..n {
        let key = r.key(&prev);
        let df = r.varint();
        let mut doc = 0u32;
        let mut postings = Vec::with_capacity(df as usize);
        for i in 0..df {
            let v = r.varint();
            let gap = (v >> 4) as u32;
            doc = if i == 0 { gap } else { doc + gap };
            postings.push((doc, (v & 15) as u8));
        }
        out.insert(key.clone(), postings);
        prev = key;
    }
    out
}

/// Decodes a lexicon part into (key, df) in key order.
pub fn decode_lexicon(raw: &[u8]) -> Vec<(String, u32)> {
    let mut r = Bytes { b: raw, i: 0 };
    let n = r.varint();
    let mut out = Vec::new();
    let mut prev = String::new();
    for _ in 0..n {
        let key = r.key(&prev);
        let df = r.varint() as u32;
        out.push((key.clone(), df));
        prev = key;
    }
    out
}

/// Restricted Damerau-Levenshtein (optimal string alignment) distance over
/// characters, giving up (returning `max + 1`) once it must exceed `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
    }
    d[a.len() * w + b.len()].min(max + 1)
}

/// One query word and what it may match.
struct Term {
    word: String,
    keys: Vec<String>,
    /// Keys of the parts of a hyphenated compound (`e-pakalpojumi` →
    /// `pakalpojumi`): matched like a prefix, so pages with the whole
    /// compound rank first but pages with only a part are still found.
    parts: Vec<String>,
    prefixes: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn new(index: &'a SearchIndex) -> Self {
        let raw = &index
            .files
            .iter()
            .find(|f| f.path == index.manifest)
            .expect("manifest file")
            .bytes;
        Reader {
            index,
            manifest: serde_json::from_slice(raw).expect("manifest JSON"),
            shards: RefCell::default(),
            fetched: RefCell::default(),
        }
    }

    fn file(&self, path: &str) -> Vec<u8> {
        self.fetched.borrow_mut().push(path.to_string());
        let f = self
            .index
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no file {path}"));
        gunzip(&f.bytes)
    }

    /// The leaf whose range holds `key`: the last one starting at or before it.
    pub fn shard_for(&self, key: &str) -> usize {
        let s = &self.manifest.shards;
        s.partition_point(|(start, _)| cmp_utf16(start, key) != Ordering::Greater)
            .saturating_sub(1)
    }

    /// The leaves that may hold keys starting with `prefix`.
    pub fn shards_for_prefix(&self, prefix: &str) -> Vec<usize> {
        let first = self.shard_for(prefix);
        let mut out = vec![first];
        let s = &self.manifest.shards;
        let mut j = first + 1;
        while j < s.len() && s[j].0.starts_with(prefix) {
            out.push(j);
            j += 1;
        }
        out
    }

    fn shard(&self, i: usize) -> std::cell::Ref<'_, BTreeMap<String, Postings>> {
        if !self.shards.borrow().contains_key(&i) {
            let decoded = decode_shard(&self.file(&self.manifest.shards[i].1));
            self.shards.borrow_mut().insert(i, decoded);
        }
        std::cell::Ref::map(self.shards.borrow(), |m| &m[&i])
    }

    pub fn postings(&self, key: &str) -> Option<Postings> {
        self.shard(self.shard_for(key)).get(key).cloned()
    }

    /// Where doc `doc`'s fragment is: its pack and the fragment's bytes in
    /// it, found as the browser finds them (the two table entries at
    /// `4 * (doc % fk)`).
    pub fn fragment_span(&self, doc: u32) -> (String, std::ops::Range<usize>) {
        let doc = doc as usize;
        let path = format!("{}{}.bin", self.manifest.frag, doc / self.manifest.fk);
        let j = doc % self.manifest.fk;
        let pack = self.raw(&path);
        let at = |i: usize| {
            u32::from_le_bytes(pack[4 * i..4 * i + 4].try_into().expect("4 bytes")) as usize
        };
        (path, at(j)..at(j + 1))
    }

    /// Bytes a browser transfers for doc `doc`'s fragment with range
    /// requests: 8 bytes of table and the fragment.
    pub fn fragment_cost(&self, doc: u32) -> usize {
        8 + self.fragment_span(doc).1.len()
    }

    pub fn fragment(&self, doc: u32) -> Fragment {
        let (path, span) = self.fragment_span(doc);
        self.fetched.borrow_mut().push(path.clone());
        serde_json::from_slice(&gunzip(&self.raw(&path)[span])).expect("fragment JSON")
    }

    fn raw(&self, path: &str) -> &'a [u8] {
        &self
            .index
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no file {path}"))
            .bytes
    }

    fn lexicon(&self, first: char) -> Vec<(String, u32)> {
        let name = first.to_string();
        match self.manifest.lex.iter().find(|(c, _)| *c == name) {
            Some((_, path)) => decode_lexicon(&self.file(path)),
            None => Vec::new(),
        }
    }

    fn kind_of(&self, doc: u32) -> &str {
        let d = doc as usize;
        self.manifest
            .kinds
            .iter()
            .find(|(_, a, b)| *a <= d && d < *b)
            .map_or("", |k| k.0.as_str())
    }

    fn idf(&self, df: usize) -> f64 {
        let n = self.manifest.docs as f64;
        let df = df as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Adds `idf × impact × factor` of every posting of `key` to `best`
    /// (keeping the best per doc).
    fn score_key(&self, key: &str, factor: f64, best: &mut BTreeMap<u32, f64>) {
        if let Some(p) = self.postings(key) {
            let idf = self.idf(p.len());
            for (doc, imp) in p {
                let s = idf * f64::from(imp) * factor;
                let e = best.entry(doc).or_insert(0.0);
                if s > *e {
                    *e = s;
                }
            }
        }
    }

    /// Adds the part key of `key` (see the module doc) to `best`, scored
    /// with the idf of the key and its part key together; returns whether
    /// there was one.
    fn score_part(&self, key: &str, best: &mut BTreeMap<u32, f64>) -> bool {
        let Some(p) = self.postings(&part_key(key)) else {
            return false;
        };
        let own = self.postings(key).map_or(0, |p| p.len());
        let idf = self.idf(own + p.len());
        for (doc, imp) in p {
            let s = idf * f64::from(imp) * PART_FACTOR;
            let e = best.entry(doc).or_insert(0.0);
            if s > *e {
                *e = s;
            }
        }
        true
    }

    /// Prefix expansions of a word: keys (not exact keys) starting with any
    /// of `prefixes`, at most PREFIX_CAP by df; none if they would need more
    /// than PREFIX_SHARDS shards.
    fn expand(&self, prefixes: &[String], skip: &[String]) -> Vec<String> {
        let mut found: BTreeMap<String, usize> = BTreeMap::new();
        for p in prefixes {
            let shards = self.shards_for_prefix(p);
            if shards.len() > PREFIX_SHARDS {
                continue;
            }
            for i in shards {
                for (k, post) in self.shard(i).iter() {
                    if k.starts_with(p.as_str())
                        && !k.ends_with(EXACT_MARK)
                        && !k.ends_with(PART_MARK)
                        && !skip.contains(k)
                    {
                        found.insert(k.clone(), post.len());
                    }
                }
            }
        }
        let mut list: Vec<(String, usize)> = found.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| cmp_utf16(&a.0, &b.0)));
        list.truncate(PREFIX_CAP);
        list.into_iter().map(|(k, _)| k).collect()
    }

    fn corrections(&self, term: &Term) -> Vec<String> {
        let Some(key) = term.keys.first() else {
            return Vec::new();
        };
        let Some(first) = key.chars().next() else {
            return Vec::new();
        };
        let max = if term.word.chars().count() >= 9 { 2 } else { 1 };
        // (distance, df, key): the nearest distance only, then most frequent.
        let mut cands: Vec<(usize, u32, String)> = self
            .lexicon(first)
            .into_iter()
            .filter(|(k, _)| !term.keys.contains(k))
            .map(|(k, df)| (edit_distance(key, &k, max), df, k))
            .filter(|c| c.0 <= max)
            .collect();
        let nearest = cands.iter().map(|c| c.0).min().unwrap_or(0);
        cands.retain(|c| c.0 == nearest);
        cands.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| cmp_utf16(&a.2, &b.2)));
        cands.truncate(TYPO_CAP);
        cands.into_iter().map(|c| c.2).collect()
    }

    fn terms(&self, q: &str, opts: &Options) -> Vec<Term> {
        let toks = tokens(q).1;
        let words: Vec<String> = toks.iter().map(|t| t.word.clone()).collect();
        let typing = opts.prefix_last && !q.ends_with(char::is_whitespace);
        let langs: Vec<&str> = self.manifest.langs.iter().map(String::as_str).collect();
        let stop = |w: &String| langs.iter().any(|l| is_stop_query(l, w));
        let all_stop = words.iter().all(stop);
        let last = words.len().saturating_sub(1);
        let mut out = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if !all_stop && stop(w) && !(typing && i == last) {
                continue;
            }
            let mut keys: Vec<String> = Vec::new();
            for l in &langs {
                for k in query_keys(l, w) {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
            let mut parts = Vec::new();
            for p in toks[i].parts.iter().filter(|p| !stop(p)) {
                for l in &langs {
                    for k in query_keys(l, p) {
                        if !keys.contains(&k) && !parts.contains(&k) {
                            parts.push(k);
                        }
                    }
                }
            }
            let mut prefixes = Vec::new();
            if typing && i == last && w.chars().count() >= PREFIX_MIN {
                for p in std::iter::once(fold(w)).chain(keys.iter().cloned()) {
                    if !prefixes.contains(&p) {
                        prefixes.push(p);
                    }
                }
            }
            out.push(Term {
                word: w.clone(),
                keys,
                parts,
                prefixes,
            });
        }
        out
    }

    /// Runs a query and returns every hit, best first.
    pub fn search(&self, q: &str, opts: &Options) -> Outcome {
        self.fetched.borrow_mut().clear();
        let terms = self.terms(q, opts);
        let keep =
            |doc: &u32| opts.kinds.is_empty() || opts.kinds.iter().any(|k| k == self.kind_of(*doc));
        let mut scores: Vec<BTreeMap<u32, f64>> = Vec::new();
        let mut corrections: Vec<Vec<String>> = vec![Vec::new(); terms.len()];
        for t in &terms {
            let mut best = BTreeMap::new();
            for k in &t.keys {
                self.score_key(k, 1.0, &mut best);
                self.score_part(k, &mut best);
            }
            for k in &t.parts {
                self.score_key(k, PREFIX_FACTOR, &mut best);
            }
            for k in self.expand(&t.prefixes, &t.keys) {
                self.score_key(&k, PREFIX_FACTOR, &mut best);
            }
            best.retain(|d, _| keep(d));
            scores.push(best);
        }
        // Typo correction for words that found nothing.
        for (i, t) in terms.iter().enumerate() {
            if scores[i].is_empty() && t.word.chars().count() >= TYPO_MIN {
                corrections[i] = self.correct(t, &mut scores[i], &keep);
            }
        }
        let mut combined = combine(&scores);
        if combined.1 < terms.len() && terms.len() > 1 {
            // The AND is empty: try corrections on the other long words too.
            let mut more = false;
            for (i, t) in terms.iter().enumerate() {
                if corrections[i].is_empty() && t.word.chars().count() >= TYPO_MIN {
                    corrections[i] = self.correct(t, &mut scores[i], &keep);
                    more |= !corrections[i].is_empty();
                }
            }
            if more {
                combined = combine(&scores);
            }
        }
        // Exact title/term bonus, for documents already found.
        let (mut hits, matched) = combined;
        for t in &terms {
            let mut exact = BTreeMap::new();
            self.score_key(&exact_key(&t.word), 1.0, &mut exact);
            for h in &mut hits {
                if let Some(s) = exact.get(&h.doc) {
                    h.score += EXACT_BONUS * s;
                }
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        Outcome {
            hits,
            terms: terms.len(),
            matched,
            corrections,
            fetched: self.fetched.borrow().clone(),
        }
    }

    fn correct(
        &self,
        t: &Term,
        best: &mut BTreeMap<u32, f64>,
        keep: &dyn Fn(&u32) -> bool,
    ) -> Vec<String> {
        let keys = self.corrections(t);
        for k in &keys {
            self.score_key(k, TYPO_FACTOR, best);
        }
        best.retain(|d, _| keep(d));
        keys
    }
}

/// AND across words, else the documents matching the most words. Returns
/// the hits (unsorted) and how many words each matches.
fn combine(scores: &[BTreeMap<u32, f64>]) -> (Vec<Hit>, usize) {
    let mut count: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
    for s in scores {
        for (d, v) in s {
            let e = count.entry(*d).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += v;
        }
    }
    let k = count.values().map(|c| c.0).max().unwrap_or(0);
    let hits = count
        .into_iter()
        .filter(|(_, c)| c.0 == k)
        .map(|(doc, c)| Hit { doc, score: c.1 })
        .collect();
    (hits, k)
}
