//! Facets: sprints grouped by year, institution, topic, result and
//! status, with counts, and the sidebar that lists them on list pages.

use super::Deriver;
use crate::i18n::collate;
use crate::records::{Record, ResultKind, Sprint, Status};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// facet → [(value id, label, member sprints)], values in display order.
pub(crate) type Groups<'a> = Vec<(&'static str, Vec<(String, String, Vec<&'a Record<Sprint>>)>)>;

impl<'a, 'e> Deriver<'a, 'e> {
    /// Facet values with counts and URLs; `active` marks the current one.
    pub(crate) fn facet_nav(&self, lang: &str, active: Option<(&str, &str)>) -> Value {
        let groups = self.facet_groups(lang);
        let mut out = serde_json::Map::new();
        for (facet, values) in groups.iter() {
            let facet = *facet;
            let shown = facet_nav_values(values, active.filter(|a| a.0 == facet).map(|a| a.1));
            let items: Vec<Value> = shown
                .iter()
                .map(|(id, label, members)| json!({"id": id, "label": label, "count": members.len(), "url": self.urls(lang).facet(facet, id), "active": active == Some((facet, id.as_ref()))}))
                .collect();
            out.insert(facet.to_string(), json!({"title": self.t(lang, &format!("facet.{facet}")), "url": self.urls(lang).facet_index(facet), "values": items, "total": values.len(), "more": values.len() - shown.len()}));
        }
        Value::Object(out)
    }

    /// Facet values and their member sprints, once per language.
    pub(crate) fn facet_groups(&self, lang: &str) -> Rc<Groups<'a>> {
        if let Some(g) = self.groups.borrow().get(lang) {
            return Rc::clone(g);
        }
        let g = Rc::new(self.build_facet_groups(lang));
        self.groups
            .borrow_mut()
            .insert(lang.to_string(), Rc::clone(&g));
        g
    }

    /// facet → [(value id, label, member sprints)], values in display order.
    pub(crate) fn build_facet_groups(&self, lang: &str) -> Groups<'a> {
        let sprints = self.sorted_sprints();
        let mut years: BTreeMap<i32, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut insts: BTreeMap<String, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut topics: BTreeMap<String, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut results: BTreeMap<ResultKind, Vec<&Record<Sprint>>> = BTreeMap::new();
        let mut status: BTreeMap<Status, Vec<&Record<Sprint>>> = BTreeMap::new();
        for s in &sprints {
            if let Some(y) = s.data.year {
                years.entry(y).or_default().push(s);
            }
            let mut seen = BTreeSet::new();
            for i in s.data.institutions.iter().chain(&s.data.partners) {
                if seen.insert(i) && self.site.institutions.contains_key(i) {
                    insts.entry(i.clone()).or_default().push(s);
                }
            }
            for t in &s.data.topics {
                if self.site.topics.contains_key(t) {
                    topics.entry(t.clone()).or_default().push(s);
                }
            }
            for r in &s.data.results {
                results.entry(*r).or_default().push(s);
            }
            status.entry(s.data.status).or_default().push(s);
        }
        let inst_label = |id: &str| {
            self.site
                .institutions
                .get(id)
                .map(|i| self.cfg.localized(&i.name, lang).to_string())
                .unwrap_or_default()
        };
        let mut inst_v: Vec<_> = insts
            .into_iter()
            .map(|(id, v)| {
                let l = inst_label(&id);
                (id, l, v)
            })
            .collect();
        inst_v.sort_by_key(|a| collate(&a.1));
        let mut topic_v: Vec<_> = topics
            .into_iter()
            .map(|(id, v)| {
                let l = self
                    .site
                    .topics
                    .get(&id)
                    .map(|l| self.cfg.localized(l, lang).to_string())
                    .unwrap_or_default();
                (id, l, v)
            })
            .collect();
        topic_v.sort_by_key(|a| collate(&a.1));
        vec![
            (
                "years",
                years
                    .into_iter()
                    .rev()
                    .map(|(y, v)| (y.to_string(), y.to_string(), v))
                    .collect(),
            ),
            ("institutions", inst_v),
            ("topics", topic_v),
            (
                "results",
                results
                    .into_iter()
                    .map(|(r, v)| {
                        (
                            r.as_str().to_string(),
                            self.t(lang, &format!("result.{}", r.as_str())),
                            v,
                        )
                    })
                    .collect(),
            ),
            (
                "status",
                status
                    .into_iter()
                    .map(|(r, v)| {
                        (
                            r.as_str().to_string(),
                            self.t(lang, &format!("status.{}", r.as_str())),
                            v,
                        )
                    })
                    .collect(),
            ),
        ]
    }
}

/// How many values of one facet the sidebar lists before "See all".
pub const FACET_NAV_MAX: usize = 12;

/// The values of a facet the sidebar shows, in display order: all of them
/// when there are few, else the [`FACET_NAV_MAX`] with most sprints plus the
/// active one. Listing 200 institutions on every list page made them
/// mostly sidebar, for readers and for the build alike; the facet's own
/// index page lists every value.
fn facet_nav_values<'v, T>(
    values: &'v [(String, String, Vec<T>)],
    active: Option<&str>,
) -> Vec<&'v (String, String, Vec<T>)> {
    if values.len() <= FACET_NAV_MAX {
        return values.iter().collect();
    }
    let mut by_count: Vec<usize> = (0..values.len()).collect();
    by_count.sort_by_key(|&i| (std::cmp::Reverse(values[i].2.len()), i));
    let mut keep: BTreeSet<usize> = by_count.into_iter().take(FACET_NAV_MAX).collect();
    if let Some(a) = active.and_then(|a| values.iter().position(|v| v.0 == a)) {
        keep.insert(a);
    }
    keep.into_iter().map(|i| &values[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_facets_show_the_biggest_values_and_the_active_one() {
        let values: Vec<(String, String, Vec<u8>)> = (0..20)
            .map(|i| (format!("v{i}"), format!("V{i}"), vec![0; i]))
            .collect();
        let ids = |a| {
            facet_nav_values(&values, a)
                .iter()
                .map(|v| v.0.clone())
                .collect::<Vec<_>>()
        };
        let top = ids(None);
        assert_eq!(top.len(), FACET_NAV_MAX);
        assert_eq!(top.first().map(String::as_str), Some("v8")); // display order kept
        assert_eq!(top.last().map(String::as_str), Some("v19"));
        let with_active = ids(Some("v0"));
        assert_eq!(with_active.len(), FACET_NAV_MAX + 1);
        assert_eq!(with_active[0], "v0");
        assert_eq!(
            ids(None).len(),
            facet_nav_values(&values[..5], None).len() + 7
        );
    }
}
