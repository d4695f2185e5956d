//! The byte level of the index files (docs in [`super::index`]): key order,
//! gzip, hashes, varints, front coding and the shard encoding.

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use std::cmp::Ordering;

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
///
/// The same bytes as flate2's `GzBuilder` (mtime 0, OS 255, level 9), but
/// the deflate state is kept per thread and reset: a new one zeroes about
/// 300 kB of tables, and an index compresses every document's fragment on
/// its own (perf, 10,000 records: allocating and zeroing them was as
/// much time as compressing). `tests` pin the equality.
pub fn gzip(raw: &[u8]) -> Vec<u8> {
    thread_local! {
        static DEFLATE: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(9), false));
    }
    // ID1 ID2, deflate, no flags, mtime 0, XFL 2 (best compression), OS 255.
    let mut out = Vec::with_capacity(raw.len() / 2 + 32);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    let ok = DEFLATE.with(|d| {
        let mut d = d.borrow_mut();
        d.reset();
        let start = d.total_in();
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(64));
            }
            let done = (d.total_in() - start) as usize;
            match d.compress_vec(&raw[done..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => break true,
                Ok(_) => {}
                Err(_) => break false,
            }
        }
    });
    if !ok {
        return gzip_fresh(raw);
    }
    let mut crc = Crc::new();
    crc.update(raw);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(raw.len() as u32).to_le_bytes());
    out
}

/// gzip with a new encoder each time: what [`gzip`] must equal, and its
/// way out should the kept state ever fail.
fn gzip_fresh(raw: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), Compression::new(9));
    let _ = enc.write_all(raw);
    enc.finish().unwrap_or_default()
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

/// One key and its postings, doc ids ascending, each packed as
/// [`posting`]`(doc, impact)`: four bytes, not the eight of a `(u32, u8)`
/// pair with its padding (at 50,000 sprints the postings of one language
/// are tens of millions).
pub(crate) struct Entry<'a> {
    pub(crate) key: &'a str,
    pub(crate) postings: &'a [u32],
}

/// A posting packed into a `u32`: the doc id above the 4-bit impact, so
/// packed postings sort by doc id. Doc ids stay below 2^28.
pub(crate) fn posting(doc: u32, impact: u8) -> u32 {
    (doc << 4) | u32::from(impact & 15)
}

/// The doc id of a packed posting.
pub(crate) fn doc_of(p: u32) -> u32 {
    p >> 4
}

/// Writes the postings varints of the shard format: `(gap << 4) | impact`,
/// the first gap being the doc id.
pub(crate) fn put_postings(out: &mut Vec<u8>, postings: &[u32]) {
    let mut last = 0u32;
    for (i, &p) in postings.iter().enumerate() {
        let doc = doc_of(p);
        let gap = if i == 0 { doc } else { doc - last };
        put_varint(out, (u64::from(gap) << 4) | u64::from(p & 15));
        last = doc;
    }
}

pub(crate) fn encode_shard(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u64);
    let mut prev = "";
    for e in entries {
        put_key(&mut out, prev, e.key);
        put_varint(&mut out, e.postings.len() as u64);
        put_postings(&mut out, e.postings);
        prev = e.key;
    }
    out
}

/// `entries` and the part keys of [`super::compound`] (both in key order)
/// as one list in key order.
pub(crate) fn merge<'a>(
    entries: Vec<Entry<'a>>,
    parts: &'a [(String, Vec<u32>)],
) -> Vec<Entry<'a>> {
    let mut out = Vec::with_capacity(entries.len() + parts.len());
    let mut p = parts.iter().peekable();
    let entry = |x: &'a (String, Vec<u32>)| Entry {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_with_a_kept_encoder_equals_a_new_encoders_bytes() {
        // Different sizes in turn on one thread, so each call starts from
        // the state the previous one left; empty, tiny, compressible, and
        // larger than the encoder's output step.
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes())
            .collect();
        let inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            "Pašvaldību sadarbības platforma ".repeat(400).into_bytes(),
            big,
            b"{\"url\":\"/x/\"}".to_vec(),
        ];
        for _ in 0..2 {
            for raw in &inputs {
                assert_eq!(gzip(raw), gzip_fresh(raw), "{} bytes", raw.len());
            }
        }
    }
}
