//! The prototype list (by stage) and each prototype's own page.

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

    /// The prototype list: cards grouped by stage, counts by kind.
    pub(crate) fn prototype_list(&mut self, lang: &str, protos: &[&'a Record<Prototype>]) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.prototypes");
        // Each stage's cards go into Tera's representation as they are
        // made, not the whole list at once: the list shows every
        // prototype, and two copies of 25 000 cards were a quarter of a
        // gigabyte.
        let mut by_stage: Vec<TemplateValue> = Vec::new();
        for st in Stage::ALL {
            let items: Vec<Value> = protos
                .iter()
                .filter(|p| p.data.stage.as_str() == *st)
                .map(|p| self.prototype_card(p, lang))
                .collect();
            if !items.is_empty() {
                by_stage.push(template_value(&json!({"id": st, "label": self.t(lang, &format!("stage.{st}")), "items": items})));
            }
        }
        let mut by_kind: Vec<Value> = Vec::new();
        for k in PrototypeKind::ALL {
            let n = protos.iter().filter(|p| p.data.kind.as_str() == *k).count();
            if n > 0 {
                by_kind.push(json!({"id": k, "label": self.t(lang, &format!("prototype_kind.{k}")), "count": n}));
            }
        }
        let alternates = self.alternates_for(|u| u.section("prototypes"));
        self.push_shared(
            lang,
            &u.section("prototypes"),
            "prototype_list.html",
            &title,
            vec![],
            alternates,
            json!({"kinds": by_kind, "total": protos.len()}),
            vec![("stages", TemplateValue::from(by_stage))],
        );
    }

    /// A prototype's own page.
    pub(crate) fn prototype_page(&mut self, lang: &str, p: &'a Record<Prototype>) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.prototypes");
        {
            let text = p.text(lang, self.dl).clone();
            let url = u.record(Collection::Prototypes, &p.slug);
            let html = self
                .bodies
                .html(Collection::Prototypes, &p.slug, &p.texts, lang);
            let body = self
                .bodies
                .body(Collection::Prototypes, &p.slug, &p.texts, lang)
                .clone();
            let mut card = self.prototype_card(p, lang);
            if let Some(m) = card.as_object_mut() {
                m.insert("body".into(), json!(html));
                m.insert("editor_note".into(), json!(text.editor_note));
            }
            let jsonld = json!({"@context": "https://schema.org", "@type": "CreativeWork", "name": text.title, "abstract": text.summary, "creativeWorkStatus": self.t(lang, &format!("stage.{}", p.data.stage.as_str())), "inLanguage": text.lang});
            let alternates = self.alternates_for(|u| u.record(Collection::Prototypes, &p.slug));
            let desc = Self::description(&text, &body);
            self.push(lang, &url, "prototype.html", &text.title, vec![(title.clone(), u.section("prototypes"))], alternates,
                json!({"prototype": card, "jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}));
            self.entry(
                Collection::Prototypes,
                &p.slug,
                lang,
                &text,
                &url,
                None,
                desc,
            );
        }
    }
}
