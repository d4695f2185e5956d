//! The byte level of the index files (docs in [`super::index`]): key order,
//! gzip, hashes, varints, front coding and the shard encoding.

use flate2::{Compression, GzBuilder};
use std::cmp::Ordering;
use std::io::Write;

/// Compares strings by UTF-16 code units (JavaScript's order).
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    // UTF-16 order differs from UTF-8 (code point) order only between a
    // character above U+FFFF and one in U+E000..U+FFFF; their UTF-8 lead
    // bytes are ≥ 0xEE. Without such bytes, compare bytes.
    if a.bytes().chain(b.bytes()).all(|x| x < 0xEE) {
        return a.cmp(b);
    }
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
    fnv_hex(fnv(FNV_START, bytes))
}

pub(crate) const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `h` (so a hash of concatenated
/// parts needs no concatenation).
pub(crate) fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub(crate) fn fnv_hex(h: u64) -> String {
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
pub(crate) fn put_key(out: &mut Vec<u8>, prev: &str, key: &str) {
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
pub(crate) struct Entry<'a> {
    pub(crate) key: &'a str,
    pub(crate) postings: &'a [(u32, u8)],
}

pub(crate) fn encode_shard(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u64);
    let mut prev = "";
    for e in entries {
        put_key(&mut out, prev, e.key);
        put_varint(&mut out, e.postings.len() as u64);
        let mut last = 0u32;
        for (i, &(doc, imp)) in e.postings.iter().enumerate() {
            let gap = if i == 0 { doc } else { doc - last };
            put_varint(&mut out, (u64::from(gap) << 4) | u64::from(imp));
            last = doc;
        }
        prev = e.key;
    }
    out
}

/// `entries` and the part keys of [`super::compound`] (both in key order)
/// as one list in key order.
pub(crate) fn merge<'a>(
    entries: Vec<Entry<'a>>,
    parts: &'a [(String, Vec<(u32, u8)>)],
) -> Vec<Entry<'a>> {
    let mut out = Vec::with_capacity(entries.len() + parts.len());
    let mut p = parts.iter().peekable();
    let entry = |x: &'a (String, Vec<(u32, u8)>)| Entry {
        key: &x.0,
        postings: &x.1,
    };
    for e in entries {
        while let Some(x) = p.next_if(|x| cmp_utf16(&x.0, e.key) == Ordering::Less) {
            out.push(entry(x));
        }
        out.push(e);
    }
    out.extend(p.map(entry));
    out
}
