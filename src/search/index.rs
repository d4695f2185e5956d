//! The index builder and its file format (version 2).
//!
//! Files, relative to the language's index folder:
//!
//! * `manifest-<hash>.json` — small JSON, fetched first:
//!   `{"v":1,"lang":"lv","langs":["lv"],"docs":N,`
//!   `"kinds":[["news",0,12],…],` (doc ids are grouped by kind: [kind, first, end))
//!   `"shards":[["",file],["k",file],…],` (leaf i holds the keys ≥ its start
//!   and < the next start; starts are the shortest separating prefixes)
//!   `"lex":[["a",file],…],` (typo lexicon, one part per first character)
//!   `"fk":64,"frag":"d/<hash>-"}` (fragment packs: doc id i is entry
//!   `i % fk` of pack `frag + floor(i / fk) + ".bin"`).
//! * `p/<hash>.bin` — a postings shard, gzip of: varint key count, then per
//!   key: varint shared-prefix length (UTF-16 units, as JS strings count),
//!   varint suffix byte length, suffix UTF-8, varint df, then df varints
//!   `(doc-id gap << 4) | impact` (first gap = doc id; impact 1..=15).
//!   Besides stem keys, a shard holds exact keys (`word!`, titles and
//!   terms: [`super::analysis::EXACT_MARK`]) and part keys (`part#`, the
//!   documents of compounds with that part: [`super::compound`]).
//! * `l/<c>-<hash>.bin` — typo lexicon part, gzip of: varint count, then per
//!   key the same front coding and varint df.
//! * `d/<hash>-<n>.bin` — fragment pack n (`<hash>` of all packs, as the
//!   manifest names them in a few bytes; one name per pack would add ~10
//!   bytes per 64 documents to every query's manifest): the
//!   fragments of doc ids `n·fk ..` (fk = [`PACK_DOCS`], fewer in the last
//!   pack). It starts with a table of count + 1 little-endian u32 byte
//!   offsets from the start of the file, then each fragment, concatenated:
//!   fragment j is bytes `table[j] .. table[j + 1]`, a gzip of the JSON
//!   `{"url","title","kind","lang","date"?,"text"}`, text ≤ 2,500 chars.
//!   A browser reads the 8 bytes of table at `4·j` and then the fragment,
//!   two HTTP range requests of ~1 kB in all; a server without ranges
//!   sends the whole pack (~60 kB), which the browser keeps for the other
//!   results in it. One file per document (version 1) made 16,000 files
//!   per language at 10,000 records, most of the site's file count.
//!
//! Keys are sorted by UTF-16 code units so that JavaScript's `<` on strings
//! agrees with the order here. Varints are unsigned LEB128.

use super::{Field, SearchDoc, SearchFile, SearchIndex};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
/// Longest fragment text, in characters.
pub const FRAGMENT_CHARS: usize = 2500;
/// Documents per fragment pack. Small enough that a server without range
/// requests costs ~60 kB per pack of a shown result (fragments are ~1 kB
/// gzipped), large enough that 16,000 documents make ~250 files, not
/// 16,000; a power of two so the table entry of doc id i is at a byte
/// position the browser computes from the manifest alone.
pub const PACK_DOCS: usize = 64;
/// Shortest key in the typo lexicon, in characters.
pub const LEX_MIN: usize = 3;

use super::format::{Entry, FNV_START, fnv, fnv_hex, put_key};
pub use super::format::{cmp_utf16, gzip, hash, put_varint};
pub(crate) use super::fxhash::{Fx, FxMap};
pub use super::shards::SHARD_TARGET;
use super::shards::{Gz, GzEntry, GzMemo, leaves, separator};
use super::terms::{Analyser, DocTerms, Pats, Vocab, lex_name, postings};

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
    /// Documents per fragment pack.
    fk: usize,
    /// The fragment packs' names but their number: pack n is
    /// `frag + n + ".bin"`.
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
    /// Per fragment pack of the last build: its fragments and the FNV state
    /// after it (the packs' name hashes all of them in order).
    packs: Vec<(Vec<Arc<Gz>>, u64)>,
    /// The postings array, reused (filling fresh pages cost more than
    /// filling it).
    flat: Vec<u32>,
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

/// A document's fragment, gzipped.
pub(super) fn fragment_bytes(d: &SearchDoc) -> Vec<u8> {
    let f = Fragment {
        url: &d.url,
        title: &d.title,
        kind: &d.kind,
        lang: &d.lang,
        date: d.date.as_deref(),
        text: fragment_text(d),
    };
    gzip(&serde_json::to_vec(&f).expect("fragment serialises"))
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

/// [`super::build_index_cached`], giving up once `stop()` says so (asked between the
/// steps that leave `cache` as it was): `None`, the cache unchanged.
pub(crate) fn build_cached_unless(
    lang: &str,
    docs: &[SearchDoc],
    cache: &mut IndexCache,
    stop: &dyn Fn() -> bool,
) -> Option<SearchIndex> {
    build_with(lang, docs, cache, stop)
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
pub(super) fn kinds_and_langs<'d>(
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
    /// Per fragment pack, its fragments and the FNV state after it (only
    /// if asked for).
    packs: Vec<(Vec<Arc<Gz>>, u64)>,
    /// Number of keys in the index.
    live: usize,
}

/// The index files of analysed documents: postings in shards, the typo
/// lexicon, the fragment packs and the manifest. `packs` are the previous
/// build's fragment packs (a cache's), `keep_packs` whether to return
/// this one's.
fn assemble(
    p: Parts<'_>,
    pats: Vec<Pats>,
    vocab: &Vocab,
    flat: &mut Vec<u32>,
    memo: GzMemo<'_>,
    packs: &[(Vec<Arc<Gz>>, u64)],
    keep_packs: bool,
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
    let mut put = |f: SearchFile| files.push(f);
    // Postings, keys in UTF-16 order.
    let terms: Vec<&DocTerms> = per_doc.iter().map(|(t, _)| &**t).collect();
    let entries = postings(&terms, gids, pats, vocab, flat);
    drop(terms);
    let (shards, lex, live) = postings_files(entries, &memo, &mut put);

    // Fragments in packs of PACK_DOCS, all named by one hash of all packs
    // (so the manifest names them in a few bytes, whatever their number).
    // The FNV state after an unchanged first run of packs is taken from
    // `packs` (the cache's), so serve does not hash them again.
    let docs = per_doc.len();
    let mut state = FNV_START;
    let mut same_so_far = true;
    let mut new_packs = Vec::new();
    let mut bytes = Vec::with_capacity(docs.div_ceil(PACK_DOCS));
    // Consumed a pack at a time, so that each fragment is freed once
    // copied into its pack (unless a cache keeps it).
    let mut rest = per_doc.into_iter();
    for n in 0.. {
        let group: Vec<_> = rest.by_ref().take(PACK_DOCS).collect();
        if group.is_empty() {
            break;
        }
        let b = pack(group.iter().map(|(_, f)| &f.bytes[..]));
        same_so_far = same_so_far
            && packs.get(n).is_some_and(|(old, _)| {
                old.len() == group.len()
                    && old.iter().zip(&group).all(|(a, (_, b))| Arc::ptr_eq(a, b))
            });
        state = match packs.get(n) {
            Some((_, after)) if same_so_far => *after,
            _ => fnv(state, &b),
        };
        if keep_packs {
            new_packs.push((group.iter().map(|(_, f)| f.clone()).collect(), state));
        }
        bytes.push(b);
    }
    let frag = format!("d/{}-", fnv_hex(state));
    for (n, bytes) in bytes.into_iter().enumerate() {
        put(SearchFile {
            path: format!("{frag}{n}.bin"),
            bytes,
        });
    }
    let head = Head {
        lang,
        kinds,
        langs,
        docs,
        facets,
    };
    let manifest_path = manifest_file(head, shards, lex, frag, &memo, &mut put);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let used_gz = memo.into_map();
    Assembled {
        index: SearchIndex {
            files,
            manifest: manifest_path,
        },
        used_gz,
        packs: new_packs,
        live,
    }
}

/// The shards' and lexicon parts' (start, path) lists of the manifest.
pub(super) type Starts = Vec<(String, String)>;

/// The postings shards and the typo lexicon of `entries` (the index's
/// keys in UTF-16 order with their postings), handed to `put`; the
/// manifest's lists of them and the number of keys.
pub(super) fn postings_files(
    entries: Vec<Entry<'_>>,
    memo: &GzMemo<'_>,
    put: &mut dyn FnMut(SearchFile),
) -> (Starts, Starts, usize) {
    let live = entries.len();
    let pairs: Vec<(&str, &[u32])> = entries.iter().map(|e| (e.key, e.postings)).collect();
    let parts = super::compound::part_postings(&pairs, cmp_utf16);
    drop(pairs);
    let entries = super::format::merge(entries, &parts);

    let mut shards = Vec::new();
    for (i, (a, _, gz)) in leaves(&entries, memo).into_iter().enumerate() {
        let path = format!("p/{}.bin", gz.name);
        let start = if i == 0 {
            String::new()
        } else {
            separator(entries[a - 1].key, entries[a].key)
        };
        shards.push((start, path.clone()));
        put(SearchFile {
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
        put(SearchFile {
            path,
            bytes: gz.bytes.clone(),
        });
    }
    (shards, lex, live)
}

/// What the manifest says about the documents of an index.
pub(super) struct Head<'d> {
    pub(super) lang: &'d str,
    pub(super) kinds: Vec<(String, usize, usize)>,
    pub(super) langs: Vec<String>,
    pub(super) docs: usize,
    pub(super) facets: super::facets::Facets,
}

/// The facets file (if any document has facets) and the manifest, handed
/// to `put`; the manifest's path.
pub(super) fn manifest_file(
    head: Head<'_>,
    shards: Starts,
    lex: Starts,
    frag: String,
    memo: &GzMemo<'_>,
    put: &mut dyn FnMut(SearchFile),
) -> String {
    let Head {
        lang,
        kinds,
        langs,
        docs,
        facets,
    } = head;
    let facets = (!facets.is_empty()).then(|| {
        let gz = memo.gzip(facets.encode());
        let path = format!("f/{}.bin", gz.name);
        put(SearchFile {
            path: path.clone(),
            bytes: gz.bytes.clone(),
        });
        path
    });
    let manifest = Manifest {
        v: 2,
        lang,
        langs: langs.iter().map(String::as_str).collect(),
        docs,
        kinds: kinds.iter().map(|(k, a, b)| (k.as_str(), *a, *b)).collect(),
        shards,
        lex,
        fk: PACK_DOCS,
        frag,
        facets,
    };
    let json = serde_json::to_vec(&manifest).expect("manifest serialises");
    let manifest_path = format!("manifest-{}.json", hash(&json));
    put(SearchFile {
        path: manifest_path.clone(),
        bytes: json,
    });
    manifest_path
}

/// One fragment pack: a table of count + 1 little-endian u32 offsets (from
/// the start of the file), then the fragments, concatenated.
pub(super) fn pack<'a>(frags: impl ExactSizeIterator<Item = &'a [u8]> + Clone) -> Vec<u8> {
    let table = 4 * (frags.len() + 1);
    let total = table + frags.clone().map(<[u8]>::len).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    let mut at = table;
    out.extend_from_slice(&(at as u32).to_le_bytes());
    for f in frags.clone() {
        at += f.len();
        out.extend_from_slice(&(at as u32).to_le_bytes());
    }
    for f in frags {
        out.extend_from_slice(f);
    }
    out
}

fn build_with(
    lang: &str,
    docs: &[SearchDoc],
    cache: &mut IndexCache,
    stop: &dyn Fn() -> bool,
) -> Option<SearchIndex> {
    if stop() {
        return None;
    }
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let (kinds, langs) = kinds_and_langs(
        lang,
        order.iter().map(|d| (d.kind.as_str(), d.lang.as_str())),
    );

    // Each document's analysis and fragment: from the cache when the same
    // document was there, else computed (in parallel).
    let prints: Vec<u64> = order.par_iter().map(|d| doc_print(d)).collect();
    if stop() {
        return None;
    }
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
    if stop() {
        return None;
    }
    let hits: Vec<Option<usize>> = found.iter().map(|h| h.as_ref().map(|h| h.0)).collect();
    type Done = (Arc<DocTerms>, Arc<Gz>, Option<Arc<[u32]>>);
    let done: Vec<Done> = order
        .par_iter()
        .zip(found)
        .map_init(Analyser::default, |a, (d, hit)| match hit {
            Some((_, t, f, g)) => (t, f, Some(g)),
            None => (Arc::new(a.doc(d)), Arc::new(fragment_gz(d)), None),
        })
        .collect();
    // The last question: from here on the cache is taken apart.
    if stop() {
        return None;
    }
    // Key ids: kept documents have theirs; new ones are interned.
    let mut vocab = std::mem::take(&mut cache.vocab);
    let mut flat = std::mem::take(&mut cache.flat);
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
    let out = assemble(parts, pats, &vocab, &mut flat, memo, &cache.packs, true);
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
    c.packs = out.packs;
    c.vocab = vocab;
    c.flat = flat;
    // The vocabulary only grows; when most of it is dead, start over
    // (the next build analyses every document again).
    if c.vocab.keys.len() > 2 * out.live + 4096 {
        *c = IndexCache::default();
    }
    Some(out.index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

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
