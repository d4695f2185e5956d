//! Cutting the sorted postings into shards of about [`SHARD_TARGET`]
//! gzipped bytes without compressing every candidate ([`Sizes`]), and the
//! gzip memo that lets a rebuild reuse the previous build's compressed
//! files ([`GzMemo`]).

use super::format::{Entry, encode_shard, put_key, put_postings};
use super::format::{cmp_utf16, gzip, hash, put_varint};
use super::fxhash::{FxMap, fx_bytes};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::sync::{Arc, Mutex};

/// Largest gzipped shard we aim for (a single huge key may exceed it).
pub const SHARD_TARGET: usize = 8 * 1024;

/// Sizes used to plan the shards without compressing every candidate: the
/// raw encoded size of each entry (prefix sums) and the compression ratio
/// of the whole index, made a little pessimistic because small shards
/// compress worse than the whole.
pub(super) struct Sizes {
    pub(super) sums: Vec<usize>,
    pub(super) ratio: f64,
}

impl Sizes {
    pub(super) fn new(entries: &[Entry], memo: &GzMemo) -> Self {
        let mut sums = vec![0];
        let mut prev = "";
        let mut total = 0;
        let mut scratch = Vec::new();
        for e in entries {
            scratch.clear();
            put_key(&mut scratch, prev, e.key);
            put_varint(&mut scratch, e.postings.len() as u64);
            put_postings(&mut scratch, e.postings);
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
    pub(super) fn est(&self, a: usize, b: usize) -> usize {
        ((self.sums[b] - self.sums[a]) as f64 * self.ratio) as usize + 24
    }
}

/// Plans leaves (index ranges) of ≤ SHARD_TARGET estimated gzip bytes:
/// split a bucket by the character at `depth` (1, 2, 3… characters of
/// prefix) while it is too big.
pub(super) fn split(
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
pub(super) fn compress_leaf(
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
pub(super) fn leaves(entries: &[Entry], memo: &GzMemo) -> Vec<(usize, usize, Arc<Gz>)> {
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
pub(super) fn separator(prev_last: &str, first: &str) -> String {
    let mut s = String::new();
    for c in first.chars() {
        s.push(c);
        if cmp_utf16(&s, prev_last) == Ordering::Greater {
            break;
        }
    }
    s
}

/// A compressed file: its gzip bytes and the hash naming it.
pub(crate) struct Gz {
    pub(super) bytes: Vec<u8>,
    pub(super) name: String,
}

impl Gz {
    pub(super) fn of(raw: &[u8]) -> Gz {
        let bytes = gzip(raw);
        let name = hash(&bytes);
        Gz { bytes, name }
    }
}

/// Compressed bytes remembered by their raw bytes (kept to compare, so a
/// hash collision cannot return the wrong file).
#[derive(Clone)]
pub(super) struct GzEntry {
    pub(super) raw: Arc<Vec<u8>>,
    pub(super) gz: Arc<Gz>,
}

/// gzip through the cache of one build: looks up the previous build's
/// entries and records every entry used, which become the next build's.
pub(super) struct GzMemo<'a> {
    pub(super) old: Option<&'a FxMap<u64, Vec<GzEntry>>>,
    pub(super) used: Option<Mutex<Vec<(u64, GzEntry)>>>,
}

impl GzMemo<'_> {
    pub(super) fn none() -> Self {
        GzMemo {
            old: None,
            used: None,
        }
    }

    pub(super) fn gzip(&self, raw: Vec<u8>) -> Arc<Gz> {
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

    pub(super) fn into_map(self) -> FxMap<u64, Vec<GzEntry>> {
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
