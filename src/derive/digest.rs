//! 128-bit digests of Tera values, for memo keys ([`crate::render::CardMemo`]).
//!
//! A card's digest is a walk over its whole value; a sprint's list card is
//! shown on a dozen pages per language, and walking it at each of them was
//! 3-7 % of a build (callgrind, 1,000 records: 1.2 G of 16.7 G
//! instructions). A list card therefore carries its digest, made once
//! when the card is made ([`with_digest`]), and a walk that meets it
//! stops there.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use tera::Value;
use tera::value::ValueKind;

/// The key under which a map carries its own digest. Only
/// [`with_digest`] sets it, from the map's whole content: a map whose
/// digest were stale would have its card taken from the memo.
pub const DIGEST_KEY: &str = "memo_digest";

/// `map` as a Tera value carrying the digest of its content under
/// [`DIGEST_KEY`].
pub fn with_digest(mut map: BTreeMap<&'static str, Value>) -> Value {
    map.remove(DIGEST_KEY);
    let mut h = Pair::new();
    feed_map(map.iter().map(|(k, v)| (Key::Str(k), v)), &mut h);
    let (a, b) = h.both();
    map.insert(DIGEST_KEY, format!("{a:016x}{b:016x}").into());
    map.into()
}

/// Two differently salted hashers fed the same bytes: a 128-bit key
/// from one walk over a value.
pub struct Pair(DefaultHasher, DefaultHasher);

impl Pair {
    pub fn new() -> Pair {
        let (mut a, mut b) = (DefaultHasher::new(), DefaultHasher::new());
        1u64.hash(&mut a);
        2u64.hash(&mut b);
        Pair(a, b)
    }

    pub fn both(&self) -> (u64, u64) {
        (self.0.finish(), self.1.finish())
    }
}

impl Default for Pair {
    fn default() -> Self {
        Pair::new()
    }
}

impl Hasher for Pair {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        self.1.write(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// A map key as [`feed_map`] hashes it: Tera's keys and plain strings
/// hash alike, so a digest made from a `BTreeMap` before conversion is the
/// one a walk of the converted map would make.
pub enum Key<'k> {
    Tera(&'k tera::value::Key<'static>),
    Str(&'k str),
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Key::Tera(k) => match k.as_str() {
                Some(s) => (0u8, s).hash(h),
                None => (1u8, k.to_string()).hash(h),
            },
            Key::Str(s) => (0u8, *s).hash(h),
        }
    }
}

/// Hashes map entries whatever their order: each entry on its own, summed.
pub fn feed_map<'v>(entries: impl Iterator<Item = (Key<'v>, &'v Value)>, h: &mut Pair) {
    let (mut a, mut b) = (0u64, 0u64);
    let mut len = 0usize;
    for (k, x) in entries {
        let mut e = Pair::new();
        k.hash(&mut e);
        feed(x, &mut e);
        let (ea, eb) = e.both();
        a = a.wrapping_add(ea);
        b = b.wrapping_add(eb);
        len += 1;
    }
    (8u8, len, a, b).hash(h);
}

/// Hashes a Tera value by content: every kind, string safety (it decides
/// escaping), and maps whatever their iteration order; a map that carries
/// its digest ([`with_digest`]) by that digest.
pub fn feed(v: &Value, h: &mut Pair) {
    match v.kind() {
        ValueKind::Undefined => 0u8.hash(h),
        ValueKind::None => 1u8.hash(h),
        ValueKind::Bool => (2u8, v.as_bool()).hash(h),
        ValueKind::U64 | ValueKind::U128 => (3u8, v.as_u128()).hash(h),
        ValueKind::I64 | ValueKind::I128 => (4u8, v.as_i128()).hash(h),
        ValueKind::F64 => (5u8, v.as_f64().map(f64::to_bits)).hash(h),
        ValueKind::String => (6u8, v.as_str(), v.is_safe()).hash(h),
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            (7u8, items.len()).hash(h);
            for i in items {
                feed(i, h);
            }
        }
        ValueKind::Map => {
            let Some(map) = v.as_map() else {
                return 1u8.hash(h);
            };
            let own = map
                .iter()
                .find(|(k, _)| k.as_str() == Some(DIGEST_KEY))
                .and_then(|(_, d)| d.as_str());
            match own {
                Some(d) => (11u8, d).hash(h),
                None => feed_map(map.iter().map(|(k, x)| (Key::Tera(k), x)), h),
            }
        }
        ValueKind::Bytes => (9u8, v.as_bytes()).hash(h),
        _ => (10u8, v.to_string()).hash(h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> BTreeMap<&'static str, Value> {
        BTreeMap::from([
            ("title", Value::from(title)),
            (
                "topics",
                Value::from(vec![Value::from("a"), Value::from("b")]),
            ),
        ])
    }

    fn digest(v: &Value) -> (u64, u64) {
        let mut h = Pair::new();
        feed(v, &mut h);
        h.both()
    }

    /// A carried digest is the content's: equal cards, equal digests; a
    /// changed title, another digest; and a map that carries no digest
    /// is told apart by its content as before.
    #[test]
    fn carried_digests_follow_the_content() {
        let a = with_digest(card("A"));
        assert_eq!(digest(&a), digest(&with_digest(card("A"))));
        assert_ne!(digest(&a), digest(&with_digest(card("B"))));
        let plain: Value = card("A").into();
        assert_eq!(digest(&plain), digest(&card("A").into()));
        assert_ne!(digest(&plain), digest(&card("B").into()));
    }
}
