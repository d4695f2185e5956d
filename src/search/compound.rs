//! Compound words: Latvian writes them as one word (`asinsdonoru` is
//! `asins` and `donoru`; `ūdensvads`, `cilvēkkapitāls`), so a page that
//! only has the compound is missed by a query for its parts (`asins
//! donori`), and every query word must match.
//!
//! Dictionary-free splitting, on the index's own vocabulary, at build time:
//! a key splits into a head and a tail when both are keys of the same index
//! (≥ [`MIN_PART`] characters each), with nothing or a genitive `s` between
//! them (`asin` + `s` + `donor`; `cilvek` + `kapital`). The compound's
//! postings are then also filed under each part's *part key*, the part
//! followed by [`PART_MARK`] (`asin#`, `donor#`), for documents that do not
//! have the part itself. A query looks the part key up next to each of its
//! keys and scores it at [`PART_FACTOR`](crate::search) of an exact match,
//! so a page with the word itself ranks first.
//!
//! Why here and not in the browser: splitting a query word would need the
//! vocabulary (a lexicon download); splitting index keys needs nothing but
//! the keys, and `#` sorts right after the key it ends (before digits and
//! letters), so a part key is almost always in the shard its key is in:
//! no extra request. The bytes it adds are measured in BENCHMARKS.md.

use super::fold::fold;
use std::collections::HashMap;

/// Marks a part key. Not a word character, so no stem key contains it, and
/// it sorts right after `!` (exact keys) and before digits and letters.
pub const PART_MARK: char = '#';

/// Shortest part, in characters: `vad` (`ūdensvads`), `bez` (`bezpapīra`).
pub const MIN_PART: usize = 3;

/// What may join the parts: nothing, or the genitive `s` of the head
/// (`asins`, `ūdens`, `valsts`: the head's key has lost it).
const LINKS: [&str; 2] = ["", "s"];

/// Is `k` a plain word key (not an exact or part key, no digits)?
fn word_key(k: &str) -> bool {
    k.chars().all(char::is_alphabetic)
}

/// The best split of `key` into (head, tail), both keys in `known`: the
/// one whose shorter part is longest, then the one with the longer tail
/// (the last part is the word the compound names: `pašvaldība` is a kind
/// of `valdība`).
pub fn split<'k>(key: &'k str, known: &dyn Fn(&str) -> bool) -> Option<(&'k str, &'k str)> {
    let n = key.chars().count();
    if n < 2 * MIN_PART || !word_key(key) {
        return None;
    }
    let mut best: Option<(usize, usize, &str, &str)> = None;
    for (ci, (i, _)) in key.char_indices().enumerate() {
        if ci < MIN_PART || n - ci < MIN_PART {
            continue;
        }
        let head = &key[..i];
        if !known(head) {
            continue;
        }
        for link in LINKS {
            let Some(tail) = key[i..].strip_prefix(link) else {
                continue;
            };
            let tn = tail.chars().count();
            if tn < MIN_PART || !known(tail) {
                continue;
            }
            let rank = (ci.min(tn), tn);
            if best.is_none_or(|b| rank > (b.0, b.1)) {
                best = Some((rank.0, rank.1, head, tail));
            }
        }
    }
    best.map(|b| (b.2, b.3))
}

/// The part keys of an index: for every key that [`split`]s, its postings
/// filed under `head#` and `tail#`, leaving out documents that have the
/// part itself (they match it exactly, and better). `entries` are the
/// index's keys with their postings (doc ids ascending); the result is
/// sorted by key in the order of `cmp`, postings by doc id, each document
/// once with its best impact. Postings are packed
/// ([`super::format::posting`]).
pub(crate) fn part_postings(
    entries: &[(&str, &[u32])],
    cmp: impl Fn(&str, &str) -> std::cmp::Ordering,
) -> Vec<(String, Vec<u32>)> {
    use super::format::doc_of;
    let by_key: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| k.chars().count() >= MIN_PART && word_key(k))
        .map(|(i, (k, _))| (*k, i))
        .collect();
    let known = |k: &str| by_key.contains_key(k);
    let mut parts: HashMap<&str, Vec<u32>> = HashMap::new();
    for (key, postings) in entries {
        let Some((head, tail)) = split(key, &known) else {
            continue;
        };
        for part in [head, tail] {
            let own = entries[by_key[part]].1;
            let list = parts.entry(part).or_default();
            for &p in postings.iter() {
                if own
                    .binary_search_by_key(&doc_of(p), |&q| doc_of(q))
                    .is_err()
                {
                    list.push(p);
                }
            }
        }
    }
    let mut out: Vec<(String, Vec<u32>)> = parts
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(part, mut list)| {
            // best impact per document: sort by doc, impact descending
            list.sort_by(|a, b| doc_of(*a).cmp(&doc_of(*b)).then(b.cmp(a)));
            list.dedup_by_key(|p| doc_of(*p));
            (part_key(part), list)
        })
        .collect();
    out.sort_by(|a, b| cmp(&a.0, &b.0));
    out
}

/// The part key of a (folded) key: `asin` → `asin#`.
pub fn part_key(key: &str) -> String {
    let mut k = fold(key);
    k.push(PART_MARK);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(list: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |k| list.contains(&k)
    }

    #[test]
    fn splits_at_known_keys_with_a_genitive_link() {
        let k = known(&[
            "asin", "donor", "uden", "vad", "cilvek", "kapital", "bez", "papir",
        ]);
        assert_eq!(split("asinsdonor", &k), Some(("asin", "donor")));
        assert_eq!(split("udensvad", &k), Some(("uden", "vad")));
        assert_eq!(split("cilvekkapital", &k), Some(("cilvek", "kapital")));
        assert_eq!(split("bezpapir", &k), Some(("bez", "papir")));
        // parts must both be known and long enough
        assert_eq!(split("asinsdatu", &k), None);
        assert_eq!(split("donor", &k), None);
        assert_eq!(split("asin!", &k), None);
    }

    #[test]
    fn prefers_the_most_even_split() {
        let k = known(&["pas", "valdib", "pasval", "dib"]);
        assert_eq!(split("pasvaldib", &k), Some(("pas", "valdib")));
        let k = known(&["pasv", "aldib", "pas", "valdib"]);
        assert_eq!(split("pasvaldib", &k), Some(("pasv", "aldib")));
    }

    #[test]
    fn part_postings_skip_documents_with_the_part_itself() {
        use crate::search::format::posting as p;
        let (asin, compound, donor) = ([p(1, 9)], [p(1, 5), p(2, 7), p(3, 2)], [p(3, 4)]);
        let entries: Vec<(&str, &[u32])> = vec![
            ("asin", &asin),
            ("asinsdonor", &compound),
            ("donor", &donor),
        ];
        let got = part_postings(&entries, |a, b| a.cmp(b));
        assert_eq!(
            got,
            vec![
                ("asin#".to_string(), vec![p(2, 7), p(3, 2)]),
                ("donor#".to_string(), vec![p(1, 5), p(2, 7)]),
            ]
        );
    }
}
