//! The guidelines: contents, each chapter with previous/next, and the
//! print annex with every chapter.

use crate::derive::Deriver;
use crate::load::Collection;
use crate::records::*;
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The contents, each chapter, and the print annex.
    pub(crate) fn guideline_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.guidelines");
        let chapters: Vec<&Record<Chapter>> = self.site.guidelines.iter().collect();
        let cards: Vec<Value> = chapters
            .iter()
            .map(|c| {
                let mut v = self.simple_card(Collection::Guidelines, c, lang);
                v["number"] = json!(c.data.order);
                v["toc"] = json!(
                    self.bodies
                        .body(Collection::Guidelines, &c.slug, &c.texts, lang)
                        .toc
                        .iter()
                        .filter(|h| h.level == 2)
                        .collect::<Vec<_>>()
                );
                v
            })
            .collect();
        let book_ld = json!({"@context": "https://schema.org", "@type": "Book", "name": title, "inLanguage": lang,
            "hasPart": chapters.iter().map(|c| json!({"@type": "Chapter", "position": c.data.order, "name": c.text(lang, self.dl).title})).collect::<Vec<_>>()});
        let alternates = self.alternates_for(|u| u.section("guidelines"));
        self.push(
            lang,
            &u.section("guidelines"),
            "guidelines.html",
            &title,
            vec![],
            alternates,
            json!({"chapters": cards, "jsonld": book_ld}),
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
            let chapter = json!({"slug": c.slug, "number": c.data.order, "title": text.title, "summary": text.summary, "body": body.html, "toc": body.toc, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang), "url": url});
            full.push(chapter.clone());
            let jsonld = json!({"@context": "https://schema.org", "@type": "Chapter", "name": text.title, "position": c.data.order, "isPartOf": {"@type": "Book", "name": title}});
            let alternates = self.alternates_for(|u| u.record(Collection::Guidelines, &c.slug));
            let desc = Self::description(&text, &body);
            self.push(lang, &url, "chapter.html", &text.title, vec![(title.clone(), u.section("guidelines"))], alternates,
                json!({"chapter": chapter, "prev": prev, "next": next, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
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
        self.push(
            lang,
            &u.print(),
            "guidelines_print.html",
            &print_title,
            vec![(title.clone(), u.section("guidelines"))],
            alternates,
            json!({"chapters": full}),
        );
    }
}
