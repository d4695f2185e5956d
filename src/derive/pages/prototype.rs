//! The prototype list (by stage) and each prototype's own page.

use super::pagination::ListPage;
use crate::derive::{Deriver, TemplateValue, template_value};
use crate::load::Collection;
use crate::records::*;
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The prototype list and each prototype's own page.
    pub(crate) fn prototype_pages(&mut self, lang: &str) {
        let protos = self.sorted_prototypes(lang);
        self.prototype_list(lang, &protos);
        self.own_pages_of(lang, Collection::Prototypes, &protos, |d, i, l| {
            d.prototype_page(l, protos[i]);
        });
    }

    /// The prototype list: cards grouped by stage, counts by kind, split
    /// into pages of `per_page` cards like the sprint list (a list of every
    /// prototype on one page was 13 MB at 50,000 records). The stage
    /// links lead to the page where each stage starts.
    pub(crate) fn prototype_list(&mut self, lang: &str, protos: &[&'a Record<Prototype>]) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.prototypes");
        let base = u.section("prototypes");
        // `protos` is sorted by stage, so each stage is one run of cards.
        // Cards go into Tera's representation as they are made: two
        // copies of 25,000 cards were a quarter of a gigabyte.
        let cards: Vec<(Stage, TemplateValue)> = protos
            .iter()
            .map(|p| (p.data.stage, template_value(&self.prototype_card(p, lang))))
            .collect();
        // (stage, label, index of its first card, number of cards)
        let mut stages: Vec<(Stage, String, usize, usize)> = Vec::new();
        for (i, (st, _)) in cards.iter().enumerate() {
            match stages.last_mut() {
                Some(last) if last.0 == *st => last.3 += 1,
                _ => stages.push((*st, self.t(lang, &format!("stage.{}", st.as_str())), i, 1)),
            }
        }
        let mut by_kind: Vec<Value> = Vec::new();
        for k in PrototypeKind::ALL {
            let n = protos.iter().filter(|p| p.data.kind.as_str() == *k).count();
            if n > 0 {
                by_kind.push(json!({"id": k, "label": self.t(lang, &format!("prototype_kind.{k}")), "count": n}));
            }
        }
        let per = self.cfg.per_page.max(1);
        let seg = self.cfg.section("page", lang);
        let list = ListPage {
            lang,
            url: &base,
            template: "prototype_list.html",
            title: &title,
            crumbs: vec![],
            extra: json!({"kinds": by_kind, "total": protos.len()}),
            shared: vec![],
        };
        let nav_base = list.url.to_string();
        self.paginate(
            list,
            cards,
            per,
            |u| u.section("prototypes"),
            |chunk, page| {
                let nav: Vec<Value> = stages
                    .iter()
                    .map(|(st, label, first, count)| {
                        let on = first / per;
                        let href = if on == page {
                            format!("#stage-{}", st.as_str())
                        } else {
                            let url = ListPage::url_of(&nav_base, &seg, on);
                            format!("{url}#stage-{}", st.as_str())
                        };
                        json!({"id": st.as_str(), "label": label, "count": count, "href": href})
                    })
                    .collect();
                let mut groups: Vec<TemplateValue> = Vec::new();
                let mut i = 0;
                while i < chunk.len() {
                    let st = chunk[i].0;
                    let j = i + chunk[i..].iter().take_while(|c| c.0 == st).count();
                    let label = stages
                        .iter()
                        .find(|s| s.0 == st)
                        .map(|s| s.1.clone())
                        .unwrap_or_default();
                    let items: Vec<TemplateValue> =
                        chunk[i..j].iter().map(|c| c.1.clone()).collect();
                    groups.push(TemplateValue::from(std::collections::BTreeMap::from([
                        ("id", TemplateValue::from(st.as_str())),
                        ("label", TemplateValue::from(label)),
                        ("items", TemplateValue::from(items)),
                    ])));
                    i = j;
                }
                vec![
                    ("stage_nav", template_value(&json!(nav))),
                    ("stages", TemplateValue::from(groups)),
                ]
            },
        );
    }

    /// A prototype's own page.
    pub(crate) fn prototype_page(&mut self, lang: &str, p: &'a Record<Prototype>) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.prototypes");
        {
            // Borrowed, not cloned (see `sprint_page`).
            let text: &'a Text = p.text(lang, self.dl);
            let url = u.record(Collection::Prototypes, &p.slug);
            let html = self
                .bodies
                .html(Collection::Prototypes, &p.slug, &p.texts, lang);
            let desc = Self::description(
                text,
                self.bodies
                    .lead(Collection::Prototypes, &p.slug, &p.texts, lang),
            );
            let mut card = self.prototype_card(p, lang);
            if let Some(m) = card.as_object_mut() {
                m.insert("body".into(), json!(html));
                m.insert("editor_note".into(), json!(text.editor_note));
            }
            let jsonld = json!({"@context": "https://schema.org", "@type": "CreativeWork", "name": text.title, "abstract": text.summary, "creativeWorkStatus": self.t(lang, &format!("stage.{}", p.data.stage.as_str())), "inLanguage": text.lang});
            let alternates = self.alternates_for(|u| u.record(Collection::Prototypes, &p.slug));
            self.push(lang, &url, "prototype.html", &text.title, vec![(title.clone(), u.section("prototypes"))], alternates,
                json!({"prototype": card, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::Prototypes,
                &p.slug,
                lang,
                text,
                &url,
                None,
                desc,
            );
        }
    }
}
