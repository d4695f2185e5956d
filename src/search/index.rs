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
//! * `l/<c>-<hash>.bin` — typo lexicon part, gzip of: varint count, then per
//!   key the same front coding and varint df.
//! * `d/<hash>/<id>.bin` — gzip of the fragment JSON
//!   `{"url","title","kind","lang","date"?,"text"}`, text ≤ 2,500 chars.
//!
//! Keys are sorted by UTF-16 code units so that JavaScript's `<` on strings
//! agrees with the order here. Varints are unsigned LEB128.

use super::analysis::{exact_key, tokenize};
use super::{Field, SearchDoc, SearchFile, SearchIndex};
use flate2::{Compression, GzBuilder};
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Largest gzipped shard we aim for (a single huge key may exceed it).
pub const SHARD_TARGET: usize = 8 * 1024;
/// Longest fragment text, in characters.
pub const FRAGMENT_CHARS: usize = 2500;
/// Shortest key in the typo lexicon, in characters.
pub const LEX_MIN: usize = 3;
/// BM25 saturation constant.
const K1: f64 = 1.2;

/// Compares strings by UTF-16 code units (JavaScript's order).
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// gzip with fixed level, no file name and mtime 0: identical input,
/// identical bytes.
pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut enc = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), Compression::new(9));
    enc.write_all(raw).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

/// FNV-1a, 64 bits, as 12 hex digits: enough to bust caches, and ours.
pub fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes `key` front-coded against `prev`.
fn put_key(out: &mut Vec<u8>, prev: &str, key: &str) {
    let mut shared_chars = 0;
    for (a, b) in prev.chars().zip(key.chars()) {
        if a != b {
            break;
        }
        shared_chars += a.len_utf16();
    }
    let shared_bytes: usize = key
        .chars()
        .scan(0, |u16s, c| {
            *u16s += c.len_utf16();
            (*u16s <= shared_chars).then_some(c.len_utf8())
        })
        .sum();
    let suffix = &key.as_bytes()[shared_bytes..];
    put_varint(out, shared_chars as u64);
    put_varint(out, suffix.len() as u64);
    out.extend_from_slice(suffix);
}

/// One key and its postings (doc id, impact), doc ids ascending.
struct Entry {
    key: String,
    postings: Vec<(u32, u8)>,
}

fn encode_shard(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u64);
    let mut prev = "";
    for e in entries {
        put_key(&mut out, prev, &e.key);
        put_varint(&mut out, e.postings.len() as u64);
        let mut last = 0u32;
        for (i, &(doc, imp)) in e.postings.iter().enumerate() {
            let gap = if i == 0 { doc } else { doc - last };
            put_varint(&mut out, (u64::from(gap) << 4) | u64::from(imp));
            last = doc;
        }
        prev = &e.key;
    }
    out
}

/// Sizes used to plan the shards without compressing every candidate: the
/// raw encoded size of each entry (prefix sums) and the compression ratio
/// of the whole index, made a little pessimistic because small shards
/// compress worse than the whole.
struct Sizes {
    sums: Vec<usize>,
    ratio: f64,
}

impl Sizes {
    fn new(entries: &[Entry]) -> Self {
        let mut sums = vec![0];
        let mut prev = "";
        let mut total = 0;
        let mut scratch = Vec::new();
        for e in entries {
            scratch.clear();
            put_key(&mut scratch, prev, &e.key);
            put_varint(&mut scratch, e.postings.len() as u64);
            let mut last = 0u32;
            for (i, &(doc, imp)) in e.postings.iter().enumerate() {
                let gap = if i == 0 { doc } else { doc - last };
                put_varint(&mut scratch, (u64::from(gap) << 4) | u64::from(imp));
                last = doc;
            }
            total += scratch.len();
            sums.push(total);
            prev = &e.key;
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
            gz_sum += gzip(&encode_shard(&entries[start..end])).len();
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
fn compress_leaf(entries: &[Entry], a: usize, b: usize, out: &mut Vec<(usize, usize, Vec<u8>)>) {
    let bytes = gzip(&encode_shard(&entries[a..b]));
    if bytes.len() <= SHARD_TARGET || b - a <= 1 {
        out.push((a, b, bytes));
        return;
    }
    let mid = a + (b - a) / 2;
    compress_leaf(entries, a, mid, out);
    compress_leaf(entries, mid, b, out);
}

/// The shards: ranges of `entries` with their gzip bytes. Plan by prefix,
/// merge small neighbours while the estimate fits (the "by key range"
/// part), then compress (in parallel) and check the real size.
fn leaves(entries: &[Entry]) -> Vec<(usize, usize, Vec<u8>)> {
    if entries.is_empty() {
        return vec![(0, 0, gzip(&encode_shard(entries)))];
    }
    let sizes = Sizes::new(entries);
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
            compress_leaf(entries, a, b, &mut out);
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
}

/// Collapses whitespace and caps the text at FRAGMENT_CHARS, cutting at a
/// space when there is one near the end.
fn fragment_text(doc: &SearchDoc) -> String {
    let mut all = String::new();
    for field in [Field::Summary, Field::Term, Field::Body] {
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
    let all: String = unicode_normalization::UnicodeNormalization::nfc(all.as_str()).collect();
    if all.chars().count() <= FRAGMENT_CHARS {
        return all;
    }
    let cut: String = all.chars().take(FRAGMENT_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) if i > cut.len() * 4 / 5 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

/// Per-doc weighted term scores → quantised impacts (BM25F without idf; the
/// browser multiplies by idf from df and the number of docs).
fn impacts(docs: &[&SearchDoc]) -> BTreeMap<String, Vec<(u32, u8)>> {
    // keys per doc per field
    // Words repeat (Zipf): each worker remembers the keys it has computed.
    let analysed: Vec<Vec<(Field, Vec<String>)>> = docs
        .par_iter()
        .map_init(KeyCache::default, |cache, d| {
            Field::ALL
                .iter()
                .map(|&f| {
                    let mut keys = Vec::new();
                    if f == Field::Title {
                        keys.extend(cache.analyze(&d.lang, &d.title, true));
                    }
                    for (g, t) in &d.fields {
                        if *g == f && !(f == Field::Title && *t == d.title) {
                            keys.extend(cache.analyze(&d.lang, t, f == Field::Title));
                        }
                    }
                    (f, keys)
                })
                .collect()
        })
        .collect();
    // Exact keys from the title and term fields, weighted like the title.
    let exact: Vec<Vec<String>> = docs
        .par_iter()
        .map(|d| {
            let mut texts = vec![d.title.as_str()];
            for (f, t) in &d.fields {
                if matches!(f, Field::Title | Field::Term) && *t != d.title {
                    texts.push(t);
                }
            }
            texts
                .into_iter()
                .flat_map(tokenize)
                .map(|w| exact_key(&w))
                .collect()
        })
        .collect();
    let n = docs.len().max(1) as f64;
    let avg_exact = (exact.iter().map(Vec::len).sum::<usize>() as f64 / n).max(1.0);
    let avg: Vec<f64> = (0..Field::ALL.len())
        .map(|i| {
            let total: usize = analysed.iter().map(|a| a[i].1.len()).sum();
            (total as f64 / n).max(1.0)
        })
        .collect();
    // Hash maps while counting (string-keyed B-tree lookups were a hot
    // spot); sorted once at the end. Postings stay in doc-id order because
    // docs are visited in order.
    let mut postings: HashMap<&str, Vec<(u32, u8)>> = HashMap::new();
    for (id, fields) in analysed.iter().enumerate() {
        let mut tf: HashMap<&str, f64> = HashMap::new();
        for (i, (f, keys)) in fields.iter().enumerate() {
            let norm = 1.0 - f.b() + f.b() * keys.len() as f64 / avg[i];
            for k in keys {
                *tf.entry(k.as_str()).or_default() += f.weight() / norm;
            }
        }
        let t = Field::Title;
        let norm = 1.0 - t.b() + t.b() * exact[id].len() as f64 / avg_exact;
        for k in &exact[id] {
            *tf.entry(k.as_str()).or_default() += t.weight() / norm;
        }
        for (k, w) in tf {
            let s = w / (K1 + w);
            let imp = (s * 15.0).round().clamp(1.0, 15.0) as u8;
            postings.entry(k).or_default().push((id as u32, imp));
        }
    }
    postings
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// Index keys already computed by one worker, by (language, word).
#[derive(Default)]
struct KeyCache {
    keys: HashMap<(String, String), String>,
}

impl KeyCache {
    /// [`analyze_with`], with each word's key looked up before computing it.
    fn analyze(&mut self, lang: &str, text: &str, keep_stop: bool) -> Vec<String> {
        super::analysis::tokenize(text)
            .into_iter()
            .filter(|w| keep_stop || !super::stopwords::is_stop(lang, w))
            .map(|w| {
                let k = (lang.to_string(), w);
                if let Some(hit) = self.keys.get(&k) {
                    return hit.clone();
                }
                let v = super::analysis::key(lang, &k.1);
                self.keys.insert(k, v.clone());
                v
            })
            .collect()
    }
}

#[cfg(test)]
#[test]
fn cached_analysis_equals_analysis() {
    let mut c = KeyCache::default();
    let text = "Pašvaldību pakalpojumi un pašvaldības pakalpojumu e-pakalpojumi, un un";
    for lang in ["lv", "en"] {
        for keep in [false, true] {
            assert_eq!(
                c.analyze(lang, text, keep),
                super::analysis::analyze_with(lang, text, keep)
            );
            assert_eq!(
                c.analyze(lang, text, keep),
                super::analysis::analyze_with(lang, text, keep)
            );
        }
    }
}

fn lex_name(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        c.to_string()
    } else {
        format!("u{:x}", c as u32)
    }
}

pub(crate) fn build(lang: &str, docs: &[SearchDoc]) -> SearchIndex {
    // Doc ids: grouped by kind, then by URL (then the rest, for total order).
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| {
        (&a.kind, &a.url, &a.lang, &a.title, &a.date, &a.fields)
            .cmp(&(&b.kind, &b.url, &b.lang, &b.title, &b.date, &b.fields))
    });
    let mut files: Vec<SearchFile> = Vec::new();

    let mut kinds: Vec<(&str, usize, usize)> = Vec::new();
    for (i, d) in order.iter().enumerate() {
        match kinds.last_mut() {
            Some(k) if k.0 == d.kind => k.2 = i + 1,
            _ => kinds.push((&d.kind, i, i + 1)),
        }
    }
    let mut langs: Vec<&str> = vec![lang];
    for d in &order {
        if !langs.contains(&d.lang.as_str()) {
            langs.push(&d.lang);
        }
    }
    langs[1..].sort();

    // Postings, keys in UTF-16 order.
    let mut entries: Vec<Entry> = impacts(&order)
        .into_iter()
        .map(|(key, postings)| Entry { key, postings })
        .collect();
    entries.sort_by(|a, b| cmp_utf16(&a.key, &b.key));

    let mut shards = Vec::new();
    for (i, (a, _, bytes)) in leaves(&entries).into_iter().enumerate() {
        let path = format!("p/{}.bin", hash(&bytes));
        let start = if i == 0 {
            String::new()
        } else {
            separator(&entries[a - 1].key, &entries[a].key)
        };
        shards.push((start, path.clone()));
        files.push(SearchFile { path, bytes });
    }

    // Typo lexicon, one part per first character.
    let mut parts: BTreeMap<char, Vec<&Entry>> = BTreeMap::new();
    for e in &entries {
        let first = e.key.chars().next().unwrap_or(' ');
        if e.key.chars().count() >= LEX_MIN
            && first.is_alphabetic()
            && !e.key.ends_with(super::analysis::EXACT_MARK)
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
            put_key(&mut raw, prev, &e.key);
            put_varint(&mut raw, e.postings.len() as u64);
            prev = &e.key;
        }
        let bytes = gzip(&raw);
        let path = format!("l/{}-{}.bin", lex_name(c), hash(&bytes));
        lex.push((c.to_string(), path.clone()));
        files.push(SearchFile { path, bytes });
    }

    // Fragments under a folder named by the hash of all of them.
    let frags: Vec<Vec<u8>> = order
        .par_iter()
        .map(|d| {
            let f = Fragment {
                url: &d.url,
                title: &d.title,
                kind: &d.kind,
                lang: &d.lang,
                date: d.date.as_deref(),
                text: fragment_text(d),
            };
            gzip(&serde_json::to_vec(&f).expect("fragment serialises"))
        })
        .collect();
    let frag_dir = format!("d/{}/", hash(&frags.concat()));
    for (i, bytes) in frags.into_iter().enumerate() {
        files.push(SearchFile {
            path: format!("{frag_dir}{i}.bin"),
            bytes,
        });
    }

    let manifest = Manifest {
        v: 1,
        lang,
        langs,
        docs: order.len(),
        kinds,
        shards,
        lex,
        frag: frag_dir,
    };
    let json = serde_json::to_vec(&manifest).expect("manifest serialises");
    let manifest_path = format!("manifest-{}.json", hash(&json));
    files.push(SearchFile {
        path: manifest_path.clone(),
        bytes: json,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    SearchIndex {
        files,
        manifest: manifest_path,
    }
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
