//! A fast hasher for the index builder's lookup maps: a named home for a
//! speed trick, so the builder's code reads as plain `HashMap` use.

use std::collections::HashMap;
use std::hash::Hasher as _;

/// FxHash-style hasher (the rustc one, word at a time): far cheaper than
/// SipHash for the short keys of the builder's maps. Only for lookups; no
/// map is ever iterated into the output.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

pub(super) const FX_K: u64 = 0xf135_7aea_2e62_a9c5;

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

pub(super) fn fx_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fx::default();
    std::hash::Hasher::write(&mut h, bytes);
    h.write_usize(bytes.len());
    std::hash::Hasher::finish(&h)
}
