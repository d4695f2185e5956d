//! The glossary (terms by letter) and each term's page with its
//! related terms and back-links.

use super::pagination::ListPage;
use super::truncate;
use crate::derive::Deriver;
use crate::derive::{TemplateValue, template_value};
use crate::load::Collection;
use crate::records::{Record, Term, Texts};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// Back-links on one page of a term: a term used everywhere (`prototips`)
/// listed 53,000 of them, a 7.6 MB page at 50,000 records. Links are short,
/// so a page holds many more than a list of cards.
const BACK_LINKS_PER_PAGE: usize = 500;

/// Terms on one page of the glossary: at 50,000 records its 2,500 terms
/// with their summaries made a page of over 1 MB. Pages hold whole
/// letters, so a letter is never split between two pages.
const TERMS_PER_PAGE: usize = 500;

/// The letters (indexes into `letters`) each glossary page holds: whole
/// letters, as many as fit in `per` terms (a letter with more terms than
/// that gets a page of its own). One page for a glossary of `per` terms
/// or fewer.
fn letter_pages(letters: &[Value], per: usize) -> Vec<std::ops::Range<usize>> {
    let count = |l: &Value| l["items"].as_array().map_or(0, Vec::len);
    let mut pages = Vec::new();
    let (mut start, mut n) = (0, 0);
    for (i, l) in letters.iter().enumerate() {
        let c = count(l);
        if i > start && n + c > per {
            pages.push(start..i);
            (start, n) = (i, 0);
        }
        n += c;
    }
    if start < letters.len() || pages.is_empty() {
        pages.push(start..letters.len());
    }
    pages
}

impl<'a, 'e> Deriver<'a, 'e> {
    /// The glossary and each term's page.
    pub(crate) fn glossary_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.glossary");
        let terms = self.sorted_terms(lang);
        let (all, used_by) = self.glossary_back_links(lang);
        let mut letters: Vec<Value> = Vec::new();
        for t in &terms {
            let text = t.text(lang, self.dl);
            let letter: String = text
                .title
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            let card = json!({"slug": t.slug, "title": text.title, "url": u.record(Collection::Glossary, &t.slug), "text_lang": self.lang_info(&text.lang, lang), "aliases": text.aliases, "summary": truncate(&self.bodies.body(Collection::Glossary, &t.slug, &t.texts, lang).text, 160)});
            match letters.last_mut() {
                Some(l) if l["letter"] == json!(letter) => l["items"].as_array_mut().map(|a| a.push(card)).unwrap_or(()),
                _ => letters.push(json!({"letter": letter, "id": format!("letter-{}", crate::text::slugify(&letter)), "items": [card]})),
            }
        }
        let by_slug: std::collections::HashMap<&str, &str> = terms
            .iter()
            .map(|t| (t.slug.as_str(), t.text(lang, self.dl).title.as_str()))
            .collect();
        // The terms a page lists, as schema.org's DefinedTermSet.
        let defined = |slugs: &[&str]| -> Value {
            json!({"@context": "https://schema.org", "@type": "DefinedTermSet", "name": title,
                "hasDefinedTerm": slugs.iter().map(|slug| json!({"@type": "DefinedTerm", "name": by_slug.get(slug).copied().unwrap_or_default(), "url": self.base.absolute(&u.record(Collection::Glossary, slug))})).collect::<Vec<_>>()})
        };
        let alternates = self.alternates_for(|u| u.section("glossary"));
        let pages = letter_pages(&letters, TERMS_PER_PAGE);
        if pages.len() <= 1 {
            let slugs: Vec<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
            let jsonld = defined(&slugs);
            self.push(
                lang,
                &u.section("glossary"),
                "glossary.html",
                &title,
                vec![],
                alternates,
                json!({"letters": letters, "jsonld": jsonld, "pagination": {"total": 1}}),
            );
        } else {
            // Whole letters per page; the letter list on every page leads
            // to the page that holds each letter.
            let seg = self.cfg.section("page", lang);
            let first = u.section("glossary");
            let mut nav = Vec::new();
            for (i, range) in pages.iter().enumerate() {
                let url = ListPage::url_of(&first, &seg, i);
                for l in &letters[range.clone()] {
                    nav.push(json!({"letter": l["letter"], "id": l["id"], "href": format!("{url}#{}", l["id"].as_str().unwrap_or(""))}));
                }
            }
            let groups: Vec<(Value, Value)> = pages
                .iter()
                .map(|range| {
                    let ls = &letters[range.clone()];
                    let slugs: Vec<&str> = ls
                        .iter()
                        .flat_map(|l| l["items"].as_array().into_iter().flatten())
                        .filter_map(|c| c["slug"].as_str())
                        .collect();
                    (Value::from(ls.to_vec()), defined(&slugs))
                })
                .collect();
            let list = ListPage {
                lang,
                url: &first,
                template: "glossary.html",
                title: &title,
                crumbs: vec![],
                extra: json!({"letter_nav": nav}),
                shared: vec![],
            };
            self.paginate(
                list,
                groups,
                1,
                |u| u.section("glossary"),
                |chunk, _| {
                    chunk
                        .iter()
                        .flat_map(|(letters, jsonld)| {
                            [
                                ("letters", template_value(letters)),
                                ("jsonld", template_value(jsonld)),
                            ]
                        })
                        .collect()
                },
            );
        }
        for t in &terms {
            self.term_pages(lang, t, &all, &used_by, &title);
        }
    }

    /// One term's page (paginated by its back-links): `all` and
    /// `used_by` are [`Self::glossary_back_links`]'s, `title` the
    /// glossary's.
    pub(crate) fn term_pages(
        &mut self,
        lang: &str,
        t: &'a Record<Term>,
        all: &[(Collection, &'a str, &'a Texts)],
        used_by: &HashMap<String, Vec<u32>>,
        title: &str,
    ) {
        let u = self.urls(lang);
        let text = t.text(lang, self.dl).clone();
        let url = u.record(Collection::Glossary, &t.slug);
        let body = self
            .bodies
            .body(Collection::Glossary, &t.slug, &t.texts, lang)
            .clone();
        let related: Vec<Value> = t.data.related.iter().filter_map(|r| self.site.glossary.iter().find(|g| &g.slug == r)).map(|g| json!({"title": g.text(lang, self.dl).title, "url": u.record(Collection::Glossary, &g.slug)})).collect();
        let jsonld = json!({"@context": "https://schema.org", "@type": "DefinedTerm", "name": text.title, "description": truncate(&body.text, 300), "inDefinedTermSet": self.base.absolute(&u.section("glossary"))});
        // Built in Tera's form directly, and each page's share of them
        // cloned by reference: as JSON, every back-link was made, copied
        // for its page and converted (at 50,000 records a term may have
        // 50,000 of them).
        let used: Vec<TemplateValue> = used_by
            .get(t.slug.as_str())
            .map(|ix| {
                ix.iter()
                    .filter_map(|&i| {
                        let (c, slug, texts) = all[i as usize];
                        let text = texts.get(lang).or_else(|| texts.get(self.dl))?;
                        Some(TemplateValue::from(BTreeMap::from([
                            ("kind", TemplateValue::from(c.dir())),
                            ("title", text.title.as_str().into()),
                            ("url", u.record(c, slug).into()),
                        ])))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let desc = truncate(
            &body.text.split_whitespace().collect::<Vec<_>>().join(" "),
            200,
        );
        let list = ListPage {
            lang,
            url: &url,
            template: "term.html",
            title: &text.title,
            crumbs: vec![(title.to_string(), u.section("glossary"))],
            extra: json!({"term": {"slug": t.slug, "title": text.title, "aliases": text.aliases, "body": body.html, "editor_note": text.editor_note, "related": related, "text_lang": self.lang_info(&text.lang, lang)}, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}),
            shared: vec![],
        };
        let slug = t.slug.clone();
        self.paginate(
            list,
            used,
            BACK_LINKS_PER_PAGE,
            |u| u.record(Collection::Glossary, &slug),
            |chunk, _| vec![("used_by", TemplateValue::from(chunk.to_vec()))],
        );
        self.entry(Collection::Glossary, &t.slug, lang, &text, &url, None, desc);
    }
}
