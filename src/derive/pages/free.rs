//! Free pages (about, open data, …) and the data some show beside their
//! text.

use super::pagination::ListPage;
use crate::derive::{Deriver, template_value};
use crate::load::Collection;
use crate::records::*;
use serde_json::{Value, json};

/// The free page that shows the funding table (the theme's `page.html`
/// shows the table on the page with this slug).
const FUNDING_PAGE: &str = "finansejums";
/// Sprints listed inline per funding entry on the funding page; beyond
/// that, the entry links to its own paginated list.
const FUNDED_INLINE: usize = 10;
/// Links on one page of a funding entry's sprint list.
const LINKS_PER_PAGE: usize = 500;

impl<'a, 'e> Deriver<'a, 'e> {
    /// Every free page's own page.
    pub(crate) fn free_pages(&mut self, lang: &str) {
        let site: &'a Site = self.site;
        for p in &site.pages {
            self.free_page(lang, p);
        }
    }

    /// A free page's own page.
    pub(crate) fn free_page(&mut self, lang: &str, p: &'a Record<Page>) {
        let u = self.urls(lang);
        {
            let text = p.text(lang, self.dl).clone();
            let url = u.record(Collection::Pages, &p.slug);
            let body = self
                .bodies
                .body(Collection::Pages, &p.slug, &p.texts, lang)
                .clone();
            let alternates = self.alternates_for(|u| u.record(Collection::Pages, &p.slug));
            let desc = Self::description(&text, &body.text);
            let extra = self.page_extras(&p.slug, lang);
            self.push(lang, &url, "page.html", &text.title, vec![], alternates,
                json!({"item": {"slug": p.slug, "title": text.title, "summary": text.summary, "body": body.html, "toc": body.toc, "editor_note": text.editor_note, "text_lang": self.lang_info(&text.lang, lang)}, "extra": extra, "page": {"description": desc, "lang": text.lang}}));
            self.entry(Collection::Pages, &p.slug, lang, &text, &url, None, desc);
            if p.slug == FUNDING_PAGE {
                self.funding_lists(lang, &url, &text.title);
            }
        }
    }

    /// For each funding entry that financed more sprints than the funding
    /// page lists inline, a paginated list of them all at
    /// `{funding page}{id}/`: at 50,000 records one table cell held
    /// thousands of links.
    fn funding_lists(&mut self, lang: &str, page_url: &str, page_title: &str) {
        let site: &'a Site = self.site;
        for id in site.funding.keys() {
            let sprints = self.funded_sprints(id, lang);
            if sprints.len() <= FUNDED_INLINE {
                continue;
            }
            let Some(f) = site.funding.get(id) else {
                continue;
            };
            let name = self.cfg.localized(&f.name, lang).to_string();
            let url = format!("{page_url}{id}/");
            let list = ListPage {
                lang,
                url: &url,
                template: "funding_sprints.html",
                title: &name,
                crumbs: vec![(page_title.to_string(), page_url.to_string())],
                extra: json!({"funding": {"id": id, "name": name, "code": f.code}}),
                shared: vec![],
            };
            let id = id.clone();
            let alt = move |u: &crate::derive::urls::Urls| {
                format!("{}{id}/", u.record(Collection::Pages, FUNDING_PAGE))
            };
            self.paginate(list, sprints, LINKS_PER_PAGE, alt, |chunk, _| {
                vec![("items", template_value(&Value::from(chunk.to_vec())))]
            });
        }
    }

    /// Data some free pages show beside their text (funding table, exports,
    /// the calls for applications that name the page).
    pub(crate) fn page_extras(&self, slug: &str, lang: &str) -> Value {
        let funded: std::collections::BTreeMap<&str, Vec<Value>> = if slug == FUNDING_PAGE {
            self.site
                .funding
                .keys()
                .map(|id| (id.as_str(), self.funded_sprints(id, lang)))
                .collect()
        } else {
            Default::default()
        };
        let funding: Vec<Value> = self.site.funding.iter().map(|(id, f)| json!({
            "id": id, "name": self.cfg.localized(&f.name, lang), "code": f.code, "amount_eur": f.amount_eur,
            "programme": f.programme.as_ref().map(|p| self.cfg.localized(p, lang).to_string()),
            "period_end": f.period_end, "target": f.target.as_ref().map(|p| self.cfg.localized(p, lang).to_string()),
            "part_of": f.part_of, "editor_note": f.editor_note.as_ref().map(|p| self.cfg.localized(p, lang).to_string()),
            "sprints": funded.get(id.as_str()).map(|v| &v[..v.len().min(FUNDED_INLINE)]),
            "sprint_count": funded.get(id.as_str()).map_or(0, Vec::len),
            "list_url": format!("{}{id}/", self.urls(lang).record(Collection::Pages, FUNDING_PAGE)),
        })).collect();
        let data_url = self.urls(self.dl).section("data");
        let exports: Vec<Value> = crate::derive::EXPORTS.iter().map(|c| json!({"name": c, "json": format!("{data_url}{c}.json"), "csv": format!("{data_url}{c}.csv")})).collect();
        json!({"funding": funding, "exports": exports, "calls": self.calls_for(slug, lang)})
    }

    /// The sprints a funding entry financed (their `funding` field), in the
    /// sprint list's order, for the funding page.
    fn funded_sprints(&self, id: &str, lang: &str) -> Vec<Value> {
        let u = self.urls(lang);
        self.sorted_sprints()
            .into_iter()
            .filter(|s| s.data.funding.as_deref() == Some(id))
            .map(|s| {
                json!({
                    "title": s.text(lang, self.dl).title,
                    "url": u.record(Collection::Sprints, &s.slug),
                })
            })
            .collect()
    }
}
