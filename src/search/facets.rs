//! The sprint facets for combined filters on the sprint list
//! (`themes/default/static/js/filters.js`): which sprints have which topic,
//! year, institution, status and result, as one small file beside the
//! search index, so the browser can intersect any combination and show the
//! matches with the index's fragments (title, URL, date, text).
//!
//! Without JavaScript the static facet pages (one page per value) are the
//! filters; this file only adds combining them. A document gives its
//! facets as a [`Field::Facet`](super::Field::Facet) text of
//! `facet:value` tokens (`topics:veseliba years:2024 status:completed`),
//! `value` being the slug of the value's facet page. Facets are not words:
//! they are neither indexed nor shown.
//!
//! File `f/<hash>.bin`, gzip of: varint facet count; per facet (in name
//! order): name (varint byte length, UTF-8), varint value count; per value
//! (in id order): id (varint byte length, UTF-8), varint document count,
//! then that many varints: doc-id gaps (the first is the doc id). Doc ids
//! are the index's, so a match's fragment is `frag + id + ".bin"`.
//!
//! Size: a sprint has about eight tokens and a gap is one or two bytes:
//! at 10 000 sprints (inolab-synth) 98 kB raw, 66 kB gzipped, half of it
//! the 200 institutions (random doc ids cannot compress much below their
//! ~7.5 bits each). Loaded once, when the browser is idle.

use super::format::put_varint;
use std::collections::BTreeMap;

/// Doc ids per value per facet, as collected from [`super::Field::Facet`]
/// texts in doc-id order.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Facets {
    map: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
}

impl Facets {
    /// Adds document `doc`'s facet text. Documents must come in ascending
    /// doc-id order; a token without `:` or repeated is ignored.
    pub fn add(&mut self, doc: u32, text: &str) {
        for tok in text.split_whitespace() {
            let Some((facet, value)) = tok.split_once(':') else {
                continue;
            };
            if facet.is_empty() || value.is_empty() {
                continue;
            }
            let list = self
                .map
                .entry(facet.to_string())
                .or_default()
                .entry(value.to_string())
                .or_default();
            if list.last() != Some(&doc) {
                list.push(doc);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The file's raw (not yet gzipped) bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let str = |out: &mut Vec<u8>, s: &str| {
            put_varint(out, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        };
        put_varint(&mut out, self.map.len() as u64);
        for (facet, values) in &self.map {
            str(&mut out, facet);
            put_varint(&mut out, values.len() as u64);
            for (id, docs) in values {
                str(&mut out, id);
                put_varint(&mut out, docs.len() as u64);
                let mut last = 0;
                for (i, &d) in docs.iter().enumerate() {
                    put_varint(&mut out, u64::from(if i == 0 { d } else { d - last }));
                    last = d;
                }
            }
        }
        out
    }

    /// Reads [`Facets::encode`]'s bytes back (tests and tools).
    pub fn decode(raw: &[u8]) -> Option<Facets> {
        let mut i = 0usize;
        let varint = |i: &mut usize| -> Option<u64> {
            let (mut v, mut shift) = (0u64, 0);
            loop {
                let b = *raw.get(*i)?;
                *i += 1;
                v |= u64::from(b & 0x7f) << shift;
                if b < 0x80 {
                    return Some(v);
                }
                shift += 7;
            }
        };
        let string = |i: &mut usize| -> Option<String> {
            let n = varint(i)? as usize;
            let s = std::str::from_utf8(raw.get(*i..*i + n)?).ok()?.to_string();
            *i += n;
            Some(s)
        };
        let mut f = Facets::default();
        for _ in 0..varint(&mut i)? {
            let facet = string(&mut i)?;
            let values = f.map.entry(facet).or_default();
            for _ in 0..varint(&mut i)? {
                let id = string(&mut i)?;
                let n = varint(&mut i)?;
                let mut docs = Vec::with_capacity(n as usize);
                let mut doc = 0u64;
                for k in 0..n {
                    let g = varint(&mut i)?;
                    doc = if k == 0 { g } else { doc + g };
                    docs.push(u32::try_from(doc).ok()?);
                }
                values.insert(id, docs);
            }
        }
        (i == raw.len()).then_some(f)
    }

    /// The doc ids of one value (tests).
    pub fn docs(&self, facet: &str, value: &str) -> &[u32] {
        self.map
            .get(facet)
            .and_then(|v| v.get(value))
            .map_or(&[], Vec::as_slice)
    }
}

/// A document's facet tokens (all its [`super::Field::Facet`] texts), if any.
pub(crate) fn of(d: &super::SearchDoc) -> Option<Box<str>> {
    let texts: Vec<&str> = d
        .fields
        .iter()
        .filter(|(f, _)| *f == super::Field::Facet)
        .map(|(_, t)| t.as_str())
        .collect();
    (!texts.is_empty()).then(|| texts.join(" ").into())
}

/// [`Facets`] of documents' facet texts, given in doc-id order.
pub(crate) fn collect<'a>(texts: impl Iterator<Item = Option<&'a str>>) -> Facets {
    let mut f = Facets::default();
    for (doc, t) in texts.enumerate() {
        if let Some(t) = t {
            f.add(doc as u32, t);
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_in_order_without_repeats() {
        let mut f = Facets::default();
        f.add(
            3,
            "topics:veseliba years:2024 status:completed topics:veseliba",
        );
        f.add(
            7,
            "topics:veseliba topics:izglitiba years:2023 status:completed bad :x y:",
        );
        f.add(300, "years:2024");
        let raw = f.encode();
        let back = Facets::decode(&raw).unwrap();
        assert_eq!(back, f);
        assert_eq!(back.docs("topics", "veseliba"), [3, 7]);
        assert_eq!(back.docs("years", "2024"), [3, 300]);
        assert_eq!(back.docs("status", "completed"), [3, 7]);
        assert!(back.docs("y", "").is_empty());
        assert!(Facets::decode(&raw[..raw.len() - 1]).is_none());
    }
}
