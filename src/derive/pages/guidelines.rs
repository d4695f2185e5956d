//! The guidelines: contents, each chapter with previous/next, the print
//! annex with every chapter, and the change log. Every one of them carries
//! the current version and its date (`content/data/guidelines.yaml`), so
//! that a reader can cite a fixed text; a chapter's URL is its file name
//! without the `NN-` that orders it, so reordering chapters moves no URL.

use crate::derive::Deriver;
use crate::load::Collection;
use crate::records::*;
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The change log's URL in `lang` (under the guidelines section; its
    /// segment is the `changes` section of site.yaml).
    fn changes_url(&self, lang: &str) -> String {
        format!(
            "{}{}/",
            self.urls(lang).section("guidelines"),
            self.cfg.section("changes", lang)
        )
    }

    /// The current version (the first listed) with its date and the change
    /// log's URL; `null` when guidelines.yaml lists none.
    fn edition(&self, lang: &str) -> Value {
        match self.site.guidelines_edition.versions.first() {
            Some(v) => {
                json!({"version": v.version, "date": v.date.to_string(), "changes_url": self.changes_url(lang)})
            }
            None => Value::Null,
        }
    }

    /// Every version with its date and what changed, newest first.
    fn versions(&self, lang: &str) -> Vec<Value> {
        self.site
            .guidelines_edition
            .versions
            .iter()
            .map(|v| json!({"version": v.version, "anchor": version_anchor(&v.version), "date": v.date.to_string(), "changes": self.cfg.localized(&v.changes, lang)}))
            .collect()
    }

    /// The contents, each chapter, the print annex and the change log.
    pub(crate) fn guideline_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.guidelines");
        let edition = self.edition(lang);
        let chapters: Vec<&Record<Chapter>> = self.site.guidelines.iter().collect();
        let cards: Vec<Value> = chapters
            .iter()
            .map(|c| {
                let mut v = self.simple_card(Collection::Guidelines, c, lang);
                v["number"] = json!(c.data.order);
                let body = self
                    .bodies
                    .body(Collection::Guidelines, &c.slug, &c.texts, lang);
                let toc = self.chapter_toc(&c.slug, lang, &body.toc);
                v["toc"] = json!(toc.iter().filter(|h| h["level"] == 2).collect::<Vec<_>>());
                v
            })
            .collect();
        let mut book_ld = json!({"@context": "https://schema.org", "@type": "Book", "name": title, "inLanguage": lang,
            "hasPart": chapters.iter().map(|c| json!({"@type": "Chapter", "position": c.data.order, "name": c.text(lang, self.dl).title})).collect::<Vec<_>>()});
        if !edition.is_null() {
            book_ld["version"] = edition["version"].clone();
            book_ld["dateModified"] = edition["date"].clone();
        }
        let alternates = self.alternates_for(|u| u.section("guidelines"));
        self.push(
            lang,
            &u.section("guidelines"),
            "guidelines.html",
            &title,
            vec![],
            alternates,
            json!({"chapters": cards, "jsonld": book_ld, "edition": edition}),
        );
        let mut full = Vec::new();
        for (i, c) in chapters.iter().enumerate() {
            let text = c.text(lang, self.dl).clone();
            let url = u.record(Collection::Guidelines, &c.slug);
            let body = self
                .bodies
                .body(Collection::Guidelines, &c.slug, &c.texts, lang)
                .clone();
            let prev = i.checked_sub(1).map(|j| cards[j].clone());
            let next = cards.get(i + 1).cloned();
            let checklist = self.checklist(&c.slug, lang);
            let (before, after) = match &checklist {
                Some(_) => split_before(&body.html, self.site.self_assessment.before.as_deref()),
                None => (body.html.as_str(), ""),
            };
            let toc = self.chapter_toc(&c.slug, lang, &body.toc);
            let chapter = json!({"slug": c.slug, "number": c.data.order, "title": text.title, "summary": text.summary, "body": before, "body_after": after, "checklist": checklist, "toc": toc, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang), "url": url, "permalink": self.base.absolute(&url)});
            full.push(chapter.clone());
            let mut book = json!({"@type": "Book", "name": title});
            if !edition.is_null() {
                book["version"] = edition["version"].clone();
                book["dateModified"] = edition["date"].clone();
            }
            let jsonld = json!({"@context": "https://schema.org", "@type": "Chapter", "name": text.title, "position": c.data.order, "isPartOf": book});
            let alternates = self.alternates_for(|u| u.record(Collection::Guidelines, &c.slug));
            let desc = Self::description(&text, &body.text);
            self.push(lang, &url, "chapter.html", &text.title, vec![(title.clone(), u.section("guidelines"))], alternates,
                json!({"chapter": chapter, "prev": prev, "next": next, "jsonld": jsonld, "edition": edition, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::Guidelines,
                &c.slug,
                lang,
                &text,
                &url,
                None,
                desc,
            );
        }
        let print_title = self.t(lang, "guidelines.print_title");
        let alternates = self.alternates_for(|u| u.print());
        let org = self.cfg.localized(&self.cfg.organisation, lang).to_string();
        self.push(
            lang,
            &u.print(),
            "guidelines_print.html",
            &print_title,
            vec![(title.clone(), u.section("guidelines"))],
            alternates,
            json!({"chapters": full, "edition": edition, "versions": self.versions(lang), "institution": org, "print_url": self.base.absolute(&u.print())}),
        );
        self.changes_page(lang, &title);
    }

    /// The change log: every version with its date and what changed, and
    /// what this text is (guidelines.yaml's `about`). No page without
    /// versions.
    fn changes_page(&mut self, lang: &str, guidelines_title: &str) {
        let g = &self.site.guidelines_edition;
        if g.versions.is_empty() {
            return;
        }
        let versions = self.versions(lang);
        let about = g.about.as_ref().map(|a| self.cfg.localized(a, lang));
        let title = self.t(lang, "edition.changes_title");
        let url = self.changes_url(lang);
        let alternates = self
            .cfg
            .lang_codes()
            .into_iter()
            .map(|l| {
                let url = self.changes_url(&l);
                (l, url)
            })
            .collect();
        let edition = self.edition(lang);
        let guidelines_url = self.urls(lang).section("guidelines");
        self.push(
            lang,
            &url,
            "guidelines_changes.html",
            &title,
            vec![(guidelines_title.to_string(), guidelines_url)],
            alternates,
            json!({"versions": versions, "about": about, "edition": edition}),
        );
    }
}

/// A version's anchor on the change-log page (`1.1` → `v1-1`), so that
/// a citation can point at the version it used.
fn version_anchor(version: &str) -> String {
    format!(
        "v{}",
        version.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    )
}

/// `html` cut before the `<h2>` whose id is `id`: the chapter text before
/// the checklist and after it; all of it before when there is no such
/// heading.
fn split_before<'h>(html: &'h str, id: Option<&str>) -> (&'h str, &'h str) {
    match id.and_then(|id| html.find(&format!("<h2 id=\"{id}\""))) {
        Some(i) => (&html[..i], &html[i..]),
        None => (html, ""),
    }
}
