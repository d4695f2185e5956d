//! How records point at each other: a sprint's prototypes (both ways),
//! the order of every list and a sprint's previous/next, and which
//! records mention a glossary term (back-links).

use super::Deriver;
use crate::i18n::collate;
use crate::load::Collection;
use crate::records::{News, Prototype, Record, Site, Sprint, Term, Texts};
use std::cell::OnceCell;
use std::collections::HashMap;

/// Lookups built once, on first use, so that no page costs a scan of
/// every record (those scans made a 10 000-record build quadratic). Lazy
/// because [`super::derive_records`] needs none of them: it looks up the
/// few records one edited page names with a scan instead, which at 10 000
/// records is a hundredth of building the lookups (most of a preview's
/// time before).
#[derive(Default)]
pub(crate) struct Relations<'a> {
    sprint_by_slug: OnceCell<HashMap<&'a str, &'a Record<Sprint>>>,
    protos_of: OnceCell<HashMap<&'a str, Vec<&'a Record<Prototype>>>>,
    /// Every sprint, newest first: the order of every sprint list.
    sorted: OnceCell<Vec<&'a Record<Sprint>>>,
}

/// Every sprint, newest first; planned ones (no dates) after the running
/// and completed sprints of their year; ties by slug.
fn sorted_sprints(site: &Site) -> Vec<&Record<Sprint>> {
    let mut v: Vec<&Record<Sprint>> = site.sprints.iter().collect();
    v.sort_by(|a, b| sprint_order(a, b));
    v
}

/// The order of [`sorted_sprints`]: newest first, ties by slug.
fn sprint_order(a: &Record<Sprint>, b: &Record<Sprint>) -> std::cmp::Ordering {
    let ka = (a.data.start, a.data.year);
    let kb = (b.data.start, b.data.year);
    kb.cmp(&ka).then_with(|| a.slug.cmp(&b.slug))
}

/// The sprints just before (newer) and just after (older) `s` in
/// [`sorted_sprints`] order, found with one scan instead of a sort.
pub(crate) fn sprint_neighbours<'s>(
    site: &'s Site,
    s: &Record<Sprint>,
) -> (Option<&'s Record<Sprint>>, Option<&'s Record<Sprint>>) {
    use std::cmp::Ordering::{Greater, Less};
    let mut newer: Option<&Record<Sprint>> = None;
    let mut older: Option<&Record<Sprint>> = None;
    for x in &site.sprints {
        match sprint_order(x, s) {
            Less if newer.is_none_or(|n| sprint_order(x, n) == Greater) => newer = Some(x),
            Greater if older.is_none_or(|o| sprint_order(x, o) == Less) => older = Some(x),
            _ => {}
        }
    }
    (newer, older)
}

/// The prototypes of each sprint: those it lists (in its order) plus those
/// that name it (by slug).
fn prototypes_by_sprint(site: &Site) -> HashMap<&str, Vec<&Record<Prototype>>> {
    let mut map: HashMap<&str, Vec<&Record<Prototype>>> = HashMap::new();
    let protos: HashMap<&str, &Record<Prototype>> = site
        .prototypes
        .iter()
        .map(|p| (p.slug.as_str(), p))
        .collect();
    for p in &site.prototypes {
        map.entry(p.data.sprint.as_str()).or_default().push(p);
    }
    for s in &site.sprints {
        for slug in &s.data.prototypes {
            if let Some(p) = protos.get(slug.as_str()) {
                let v = map.entry(s.slug.as_str()).or_default();
                if !v.iter().any(|x| x.slug == p.slug) {
                    v.push(p);
                }
            }
        }
    }
    for s in &site.sprints {
        if let Some(v) = map.get_mut(s.slug.as_str()) {
            sort_sprint_prototypes(s, v);
        }
    }
    map
}

/// A sprint's prototypes in the order it lists them, then the others by slug.
fn sort_sprint_prototypes(s: &Record<Sprint>, v: &mut [&Record<Prototype>]) {
    v.sort_by_key(|p| {
        (
            s.data
                .prototypes
                .iter()
                .position(|x| *x == p.slug)
                .unwrap_or(usize::MAX),
            p.slug.clone(),
        )
    });
}

/// [`prototypes_by_sprint`] for one sprint, with scans instead of maps.
fn prototypes_of_sprint<'s>(site: &'s Site, s: &Record<Sprint>) -> Vec<&'s Record<Prototype>> {
    let mut v: Vec<&Record<Prototype>> = site
        .prototypes
        .iter()
        .filter(|p| p.data.sprint == s.slug)
        .collect();
    for slug in &s.data.prototypes {
        // Slugs are unique within a collection (validation groups by them).
        if let Some(p) = site.prototypes.iter().find(|p| p.slug == *slug)
            && !v.iter().any(|x| x.slug == p.slug)
        {
            v.push(p);
        }
    }
    sort_sprint_prototypes(s, &mut v);
    v
}

impl<'a, 'e> Deriver<'a, 'e> {
    /// The prototypes of a sprint: those it lists plus those that name it.
    pub(crate) fn sprint_prototypes(&self, s: &Record<Sprint>) -> Vec<&'a Record<Prototype>> {
        if !self.whole_site() {
            return prototypes_of_sprint(self.site, s);
        }
        self.relations
            .protos_of
            .get_or_init(|| prototypes_by_sprint(self.site))
            .get(s.slug.as_str())
            .cloned()
            .unwrap_or_default()
    }

    /// The sprint with this slug: a map lookup for the whole site, a scan
    /// for [`derive_records`] (a few lookups do not pay for the map).
    pub(crate) fn sprint_named(&self, slug: &str) -> Option<&'a Record<Sprint>> {
        let site: &'a Site = self.site;
        if !self.whole_site() {
            return site.sprints.iter().find(|s| s.slug == slug);
        }
        self.relations
            .sprint_by_slug
            .get_or_init(|| site.sprints.iter().map(|s| (s.slug.as_str(), s)).collect())
            .get(slug)
            .copied()
    }

    /// Prototypes by stage, then by title in `lang` (Latvian collation).
    pub(crate) fn sorted_prototypes(&self, lang: &str) -> Vec<&'a Record<Prototype>> {
        let mut v: Vec<&Record<Prototype>> = self.site.prototypes.iter().collect();
        v.sort_by_cached_key(|p| (p.data.stage, collate(&p.text(lang, self.dl).title)));
        v
    }

    /// Every institution as (id, name in `lang`), in Latvian collation order.
    pub(crate) fn sorted_institutions(&self, lang: &str) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .site
            .institutions
            .iter()
            .map(|(id, i)| (id.clone(), self.cfg.localized(&i.name, lang).to_string()))
            .collect();
        v.sort_by_cached_key(|a| collate(&a.1));
        v
    }

    /// Glossary terms by title in `lang` (Latvian collation).
    pub(crate) fn sorted_terms(&self, lang: &str) -> Vec<&'a Record<Term>> {
        let mut v: Vec<&Record<Term>> = self.site.glossary.iter().collect();
        v.sort_by_cached_key(|t| collate(&t.text(lang, self.dl).title));
        v
    }

    /// News, newest first.
    pub(crate) fn sorted_news(&self) -> Vec<&'a Record<News>> {
        let mut v: Vec<&Record<News>> = self.site.news.iter().collect();
        v.sort_by(|a, b| {
            b.data
                .date
                .cmp(&a.data.date)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        v
    }

    /// Every sprint, newest first ([`sorted_sprints`]), sorted once.
    pub(crate) fn sorted_sprints(&self) -> Vec<&'a Record<Sprint>> {
        self.relations
            .sorted
            .get_or_init(|| sorted_sprints(self.site))
            .clone()
    }

    /// Glossary back-links in `lang`: every record (sorted by collection
    /// and slug) and, per term slug, the indexes of those whose body
    /// mentions it.
    pub(crate) fn glossary_back_links(
        &self,
        lang: &str,
    ) -> (
        Vec<(Collection, &'a str, &'a Texts)>,
        HashMap<String, Vec<u32>>,
    ) {
        // Indexes only: the JSON of a back-link is made as its term's page
        // is derived: made for every term at once it was ~750 bytes per
        // back-link, 0.6-0.7 GB per language at 50 000 sprints.
        let mut all: Vec<(Collection, &'a str, &'a Texts)> = super::all_texts(self.site);
        if let Some(users) = self.bodies.term_users() {
            // A preview of a term's pages: the others would be skipped below.
            all.retain(|(c, slug, _)| users.contains(&(*c, *slug)));
        }
        // The order of (collection, slug): compared in place, not copied
        // per comparison (a preview of a term's page sorts every record).
        all.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut used_by: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, &(c, slug, texts)) in all.iter().enumerate() {
            if texts.get(lang).or_else(|| texts.get(self.dl)).is_none() {
                continue;
            }
            for t in self.bodies.terms(c, slug, texts, lang) {
                match used_by.get_mut(t) {
                    Some(v) => v.push(i as u32),
                    None => {
                        used_by.insert(t.to_string(), vec![i as u32]);
                    }
                }
            }
        }
        (all, used_by)
    }
}
