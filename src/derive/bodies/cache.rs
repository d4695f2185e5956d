//! What `serve` keeps of the bodies between derivations
//! ([`BodyCache`]), and which glossary terms each text uses
//! ([`TermUses`]).

use super::Key;
use crate::derive::urls::KeptSlot;
use crate::markdown::{Rendered, TermMatcher};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Rendered Markdown bodies and glossary matchers kept between
/// derivations by whoever owns this value (`serve` keeps one for its
/// session): Markdown is most of a rebuild's derive stage, and an edit
/// changes one body. `build` has none (it renders each body once).
///
/// Bodies are found by a hash of everything that decides them; glossary
/// matchers (a few milliseconds at 700 terms, most of a preview's
/// Markdown) by a hash of their forms, since the glossary rarely changes
/// between edits. A whole-site derivation forgets what the site no
/// longer has.
#[derive(Default)]
pub struct BodyCache {
    pub(super) bodies: Mutex<HashMap<u64, Rendered>>,
    pub(super) matchers: Mutex<HashMap<u64, Arc<TermMatcher>>>,
    /// The glossary terms each text's body used when it was last read
    /// (by the last whole-site derivation, or a preview since): a
    /// preview of a term's page lists the records that use it without
    /// reading every body ([`BodyCache::users_of`]).
    pub(super) terms: Mutex<TermUses>,
    /// The link index of the last derivation, kept while the site's
    /// records and files stay the same ([`SiteLinks::kept`]): made
    /// afresh it was most of a one-record preview at 10 000 records.
    pub(super) links: KeptSlot,
}

/// Which glossary terms each text's body uses, and the other way round:
/// a preview of a term's pages finds the texts that use it without a scan
/// of every text's terms (a third of such a preview at 10 000 records).
#[derive(Default)]
pub(super) struct TermUses {
    pub(super) by_text: HashMap<Key, BTreeSet<Arc<str>>>,
    pub(super) by_term: HashMap<Arc<str>, HashSet<Key>>,
}

impl TermUses {
    /// The terms `key`'s body uses now.
    pub(super) fn set(&mut self, key: &Key, terms: &BTreeSet<Arc<str>>) {
        if self.by_text.get(key) == Some(terms) {
            return;
        }
        if let Some(old) = self.by_text.remove(key) {
            for t in &old {
                if let Some(users) = self.by_term.get_mut(t) {
                    users.remove(key);
                    if users.is_empty() {
                        self.by_term.remove(t);
                    }
                }
            }
        }
        for t in terms {
            self.by_term
                .entry(t.clone())
                .or_default()
                .insert(key.clone());
        }
        self.by_text.insert(key.clone(), terms.clone());
    }
}

impl BodyCache {
    /// An empty cache.
    pub fn new() -> BodyCache {
        BodyCache::default()
    }

    /// The texts whose bodies use one of `wanted` (glossary slugs), with
    /// the ones they use, as last read.
    pub(super) fn users_of(&self, wanted: &BTreeSet<&str>) -> HashMap<Key, Vec<Arc<str>>> {
        let Ok(m) = self.terms.lock() else {
            return HashMap::new();
        };
        let mut out: HashMap<Key, Vec<Arc<str>>> = HashMap::new();
        for t in wanted {
            for k in m.by_term.get(*t).into_iter().flatten() {
                let Some(terms) = m.by_text.get(k).filter(|_| !out.contains_key(k)) else {
                    continue;
                };
                let used: Vec<Arc<str>> = terms
                    .iter()
                    .filter(|t| wanted.contains(&***t))
                    .cloned()
                    .collect();
                out.insert(k.clone(), used);
            }
        }
        out
    }
}
