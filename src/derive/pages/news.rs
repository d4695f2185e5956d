//! The news list and each news item's page.

use crate::derive::{Deriver, TemplateValue, template_value};
use crate::load::Collection;
use crate::records::*;
use serde_json::json;

impl<'a, 'e> Deriver<'a, 'e> {
    /// The paginated news list and each item.
    pub(crate) fn news_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.news");
        let news = self.sorted_news();
        let cards: Vec<TemplateValue> = news
            .iter()
            .map(|n| {
                let mut v = self.simple_card(Collection::News, n, lang);
                v["date"] = json!(n.data.date.to_string());
                template_value(&v)
            })
            .collect();
        self.paginated(
            lang,
            &u.section("news"),
            "news_list.html",
            &title,
            vec![],
            cards,
            json!({}),
            Vec::new(),
            |u| u.section("news"),
        );
        for n in news {
            if self.jobs.stopped {
                return;
            }
            self.news_page(lang, n);
        }
    }

    /// A news item's own page.
    pub(crate) fn news_page(&mut self, lang: &str, n: &'a Record<News>) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.news");
        {
            let text = n.text(lang, self.dl).clone();
            let url = u.record(Collection::News, &n.slug);
            let body = self
                .bodies
                .body(Collection::News, &n.slug, &n.texts, lang)
                .clone();
            let jsonld = json!({"@context": "https://schema.org", "@type": "NewsArticle", "headline": text.title, "datePublished": n.data.date.to_string(), "inLanguage": text.lang, "publisher": {"@type": "GovernmentOrganization", "name": self.cfg.localized(&self.cfg.organisation, lang)}});
            let alternates = self.alternates_for(|u| u.record(Collection::News, &n.slug));
            let desc = Self::description(&text, &body.text);
            self.push(lang, &url, "news.html", &text.title, vec![(title.clone(), u.section("news"))], alternates,
                json!({"item": {"title": text.title, "date": n.data.date.to_string(), "summary": text.summary, "body": body.html, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang)}, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::News,
                &n.slug,
                lang,
                &text,
                &url,
                Some(n.data.date.to_string()),
                desc,
            );
        }
    }
}
