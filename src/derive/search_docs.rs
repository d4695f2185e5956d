//! The search documents: one per page worth finding, per language, in
//! the order the pages are listed, made before any page so that the
//! search index is ready when pages start streaming to disk.

use super::Deriver;
use crate::load::Collection;
use crate::records::{Record, Sprint, Text};
use crate::search::{Field, SearchDoc};

/// Search documents handed over at a time ([`Derivation::feed_search_docs`]).
const DOCS_CHUNK: usize = 2048;

/// Sprints and prototypes between two questions whether to stop
/// ([`Deriver::search_docs_for`]): a few milliseconds of documents.
const STOP_DOCS: usize = 256;

impl<'a, 'e> Deriver<'a, 'e> {
    /// Makes the search documents of every language not made yet.
    pub(crate) fn all_search_docs(&mut self) {
        for lang in std::mem::take(&mut self.docs_pending) {
            self.search_docs_for(&lang, None, None);
        }
    }

    /// Adds one search document to `lang`'s: title first, body last.
    pub(crate) fn search_doc(
        &mut self,
        lang: &str,
        kind: &str,
        url: &str,
        text: &Text,
        date: Option<String>,
        mut fields: Vec<(Field, String)>,
        body: &str,
    ) {
        fields.insert(0, (Field::Title, text.title.clone()));
        fields.push((Field::Body, body.to_string()));
        self.search_docs
            .entry(lang.to_string())
            .or_default()
            .push(SearchDoc {
                url: url.to_string(),
                kind: kind.to_string(),
                lang: text.lang.clone(),
                title: text.title.clone(),
                date,
                fields,
            });
    }

    /// The search documents of one language, in the order the pages are
    /// listed. A pass of its own, before any page context is built, so the
    /// search index (whose content-hashed manifest every page names) is
    /// ready before the first page renders and pages can stream to disk.
    ///
    /// With a `feed`, documents are handed to it a chunk at a time
    /// ([`DOCS_CHUNK`]) instead of kept: the text of every page of a
    /// language is never in memory at once.
    ///
    /// With a `stop`, asked every [`STOP_DOCS`] sprints and prototypes:
    /// true when it said so (the documents made are incomplete).
    pub(crate) fn search_docs_for(
        &mut self,
        lang: &str,
        mut feed: Option<&mut dyn FnMut(Vec<SearchDoc>)>,
        stop: Option<&dyn Fn() -> bool>,
    ) -> bool {
        let stopped = |i: usize| i.is_multiple_of(STOP_DOCS) && stop.is_some_and(|s| s());
        let u = self.urls(lang);
        for (i, s) in self.sorted_sprints().into_iter().enumerate() {
            if stopped(i) {
                return true;
            }
            let text = s.text(lang, self.dl);
            let url = u.record(Collection::Sprints, &s.slug);
            let body = self
                .bodies
                .full_text(Collection::Sprints, &s.slug, &s.texts, lang);
            let mut fields = vec![];
            if let Some(o) = &text.outcome {
                fields.push((Field::Summary, o.clone()));
            }
            let meta: Vec<String> = s
                .data
                .institutions
                .iter()
                .chain(&s.data.partners)
                .filter_map(|i| self.site.institutions.get(i))
                .map(|i| self.cfg.localized(&i.name, lang).to_string())
                .chain(
                    s.data
                        .topics
                        .iter()
                        .filter_map(|t| self.site.topics.get(t))
                        .map(|l| self.cfg.localized(l, lang).to_string()),
                )
                .collect();
            fields.push((Field::Meta, meta.join(" · ")));
            fields.push((Field::Facet, self.sprint_facets(&u, &s.data)));
            self.search_doc(
                lang,
                "sprint",
                &url,
                text,
                s.data.start.map(|d| d.to_string()),
                fields,
                &body,
            );
            self.feed_docs(lang, &mut feed, false);
        }
        let summary = |t: &Text| vec![(Field::Summary, t.summary.clone().unwrap_or_default())];
        for (i, p) in self.sorted_prototypes(lang).into_iter().enumerate() {
            if stopped(i) {
                return true;
            }
            self.record_doc(lang, Collection::Prototypes, p, "prototype", None, summary);
            self.feed_docs(lang, &mut feed, false);
        }
        for (id, name) in self.sorted_institutions(lang) {
            let t = Text {
                lang: lang.to_string(),
                title: name,
                ..Text::default()
            };
            self.search_doc(
                lang,
                "institution",
                &u.facet("institutions", &id),
                &t,
                None,
                vec![],
                "",
            );
        }
        for t in self.sorted_terms(lang) {
            let aliases = |t: &Text| vec![(Field::Term, t.aliases.join(" "))];
            self.record_doc(lang, Collection::Glossary, t, "term", None, aliases);
        }
        for c in self.site.guidelines.iter() {
            // The self-assessment's questions are data, not body text: still searchable.
            let questions = self.checklist_text(&c.slug, lang);
            let fields = |t: &Text| {
                let mut f = summary(t);
                if !questions.is_empty() {
                    f.push((Field::Body, questions.clone()));
                }
                f
            };
            self.record_doc(lang, Collection::Guidelines, c, "chapter", None, fields);
        }
        for n in self.sorted_news() {
            let date = Some(n.data.date.to_string());
            self.record_doc(lang, Collection::News, n, "news", date, summary);
        }
        for p in self.site.pages.iter() {
            self.record_doc(lang, Collection::Pages, p, "page", None, summary);
        }
        self.feed_docs(lang, &mut feed, true);
        false
    }

    /// Hands `lang`'s documents made so far to `feed`, if there is one and
    /// they are a chunk (or `all`).
    pub(crate) fn feed_docs(
        &mut self,
        lang: &str,
        feed: &mut Option<&mut dyn FnMut(Vec<SearchDoc>)>,
        all: bool,
    ) {
        let Some(feed) = feed else {
            return;
        };
        let Some(docs) = self.search_docs.get_mut(lang) else {
            return;
        };
        if all || docs.len() >= DOCS_CHUNK {
            feed(std::mem::take(docs));
        }
        if all {
            self.search_docs.remove(lang);
        }
    }

    /// One record's search document: its URL and text in `lang`, its body
    /// text, and the `fields` taken from its text.
    pub(crate) fn record_doc<T>(
        &mut self,
        lang: &str,
        c: Collection,
        r: &Record<T>,
        kind: &str,
        date: Option<String>,
        fields: impl Fn(&Text) -> Vec<(Field, String)>,
    ) {
        let text = r.text(lang, self.dl);
        let url = self.urls(lang).record(c, &r.slug);
        let body = self.bodies.full_text(c, &r.slug, &r.texts, lang);
        self.search_doc(lang, kind, &url, text, date, fields(text), &body);
    }

    /// The facet pages a sprint is listed on, as `facet:url` words, for the
    /// combined filters on the sprint list (`filters.js`): the same values
    /// as the static facet pages, so checking a box narrows to exactly what
    /// its page lists.
    fn sprint_facets(&self, u: &crate::derive::urls::Urls, s: &Sprint) -> String {
        let mut facets = Vec::new();
        if let Some(y) = s.year {
            facets.push(format!("years:{}", u.facet("years", &y.to_string())));
        }
        let mut seen = std::collections::BTreeSet::new();
        for i in s.institutions.iter().chain(&s.partners) {
            if seen.insert(i) && self.site.institutions.contains_key(i) {
                facets.push(format!("institutions:{}", u.facet("institutions", i)));
            }
        }
        for t in &s.topics {
            if self.site.topics.contains_key(t) {
                facets.push(format!("topics:{}", u.facet("topics", t)));
            }
        }
        for r in &s.results {
            facets.push(format!("results:{}", u.facet("results", r.as_str())));
        }
        facets.push(format!("status:{}", u.facet("status", s.status.as_str())));
        facets.join(" ")
    }
}
