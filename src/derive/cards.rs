//! List cards: the small summary of a record every list, facet, home and
//! institution page shows. A sprint's card is made once per language and
//! shared by every list that shows it ([`CardCache`]), and so are the
//! small values cards have in common.

use super::{Deriver, TemplateValue, template_value};
use crate::load::Collection;
use crate::records::{Prototype, Record, Sprint};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// Cards made once and shared: sprint cards per (slug, language) in
/// Tera's representation, and the values cards share. (The JSON form is
/// built anew where a page changes it: memoising both was a fifth of a
/// 50 000-sprint build's memory, for no measurable time.)
#[derive(Default)]
pub(crate) struct CardCache<'a> {
    list: RefCell<HashMap<(&'a str, String), TemplateValue>>,
    /// Values cards share ([`Deriver::shared_value`]).
    shared: RefCell<HashMap<(&'static str, String, String), TemplateValue>>,
}

impl CardCache<'_> {
    /// Forgets the sprint cards (not the shared values): they are per
    /// language, and at 50 000 sprints hundreds of megabytes.
    pub(crate) fn forget(&self) {
        self.list.borrow_mut().clear();
    }

    /// Takes the sprint cards, for a stopped derivation to free elsewhere.
    pub(crate) fn take(&self) -> Vec<TemplateValue> {
        self.list.take().into_values().collect()
    }
}

impl<'a, 'e> Deriver<'a, 'e> {
    /// An institution as cards name it: id, name in `lang`, its page.
    pub(crate) fn inst_ref(&self, lang: &str, id: &str) -> Value {
        let u = self.urls(lang);
        let name = self
            .site
            .institutions
            .get(id)
            .map(|i| self.cfg.localized(&i.name, lang).to_string())
            .unwrap_or_else(|| id.to_string());
        json!({"id": id, "name": name, "url": u.facet("institutions", id)})
    }

    /// A topic as cards name it: id, label in `lang`, its facet page.
    pub(crate) fn topic_ref(&self, lang: &str, id: &str) -> Value {
        let u = self.urls(lang);
        let label = self
            .site
            .topics
            .get(id)
            .map(|l| self.cfg.localized(l, lang).to_string())
            .unwrap_or_else(|| id.to_string());
        json!({"id": id, "label": label, "url": u.facet("topics", id)})
    }

    /// A vocabulary value (result, status) with its label from the
    /// interface strings (`prefix.id`) and its facet page.
    pub(crate) fn vocab_ref(&self, lang: &str, facet: &str, prefix: &str, id: &str) -> Value {
        let u = self.urls(lang);
        json!({"id": id, "label": self.t(lang, &format!("{prefix}.{id}")), "url": u.facet(facet, id)})
    }

    /// The language of a text shown on a page of another language (an
    /// untranslated record), for the "shown in …" note; null when they match.
    pub(crate) fn lang_info(&self, text_lang: &str, page_lang: &str) -> Value {
        if text_lang == page_lang {
            Value::Null
        } else {
            let name = self
                .cfg
                .languages
                .iter()
                .find(|l| l.code == text_lang)
                .map(|l| l.name.clone())
                .unwrap_or_default();
            json!({"code": text_lang, "name": name})
        }
    }

    /// [`Self::sprint_card`] in Tera's representation, converted once per
    /// sprint and language: a sprint appears on a dozen list pages.
    pub(crate) fn list_card(&self, s: &'a Record<Sprint>, lang: &str) -> TemplateValue {
        let key = (s.slug.as_str(), lang.to_string());
        if let Some(v) = self.cards.list.borrow().get(&key) {
            return v.clone();
        }
        // Lists render it with the memoised `card()`, which would walk
        // it at every page to tell it apart: it carries its digest.
        let v = super::digest::with_digest(self.sprint_card_map(s, lang));
        self.cards.list.borrow_mut().insert(key, v.clone());
        v
    }

    /// A sprint's card, built in Tera's representation directly, its
    /// institution, topic, result, status and language values shared with
    /// every other card that names them (Tera's maps are reference
    /// counted): converted from JSON, 50 000 cards were 340 MB, each
    /// holding its own copy of a dozen small maps.
    pub(crate) fn sprint_card_value(&self, s: &Record<Sprint>, lang: &str) -> TemplateValue {
        self.sprint_card_map(s, lang).into()
    }

    /// [`Self::sprint_card_value`] before it becomes one value, for pages
    /// that add to it.
    pub(crate) fn sprint_card_map(
        &self,
        s: &Record<Sprint>,
        lang: &str,
    ) -> BTreeMap<&'static str, TemplateValue> {
        let u = self.urls(lang);
        let text = s.text(lang, self.dl);
        let d = &s.data;
        let shared = |kind: &'static str, id: &str, make: &dyn Fn() -> Value| {
            self.shared_value(kind, lang, id, make)
        };
        let insts = |ids: &[String]| -> TemplateValue {
            let v: Vec<TemplateValue> = ids
                .iter()
                .map(|i| shared("institution", i, &|| self.inst_ref(lang, i)))
                .collect();
            v.into()
        };
        let number = |n: Option<i64>| -> TemplateValue {
            // As JSON's conversion gives them: unsigned when not negative.
            match n {
                Some(n) if n >= 0 => (n as u64).into(),
                Some(n) => n.into(),
                None => TemplateValue::none(),
            }
        };
        let results: Vec<TemplateValue> = d
            .results
            .iter()
            .map(|r| {
                shared("result", r.as_str(), &|| {
                    self.vocab_ref(lang, "results", "result", r.as_str())
                })
            })
            .collect();
        let topics: Vec<TemplateValue> = d
            .topics
            .iter()
            .map(|t| shared("topic", t, &|| self.topic_ref(lang, t)))
            .collect();
        let status = d.status.as_str();
        // Fourteen entries at most with the digest or an institution's
        // `role`: Tera's map of up to 14 fits a table of 16 slots, of 15
        // one of 32 (a list card was 2.1 kB, 100 MB at 50,000 sprints).
        // So no `slug`: the URL carries it, and no template read it.
        let card: BTreeMap<&'static str, TemplateValue> = BTreeMap::from([
            ("title", text.title.as_str().into()),
            ("url", u.record(Collection::Sprints, &s.slug).into()),
            (
                "text_lang",
                shared("text_lang", &text.lang, &|| {
                    self.lang_info(&text.lang, lang)
                }),
            ),
            ("outcome", text.outcome.as_deref().into()),
            (
                "status",
                shared("status", status, &|| {
                    self.vocab_ref(lang, "status", "status", status)
                }),
            ),
            ("start", d.start.map(|x| x.to_string()).into()),
            ("end", d.end.map(|x| x.to_string()).into()),
            ("year", number(d.year.map(i64::from))),
            ("participants", number(d.participants.map(i64::from))),
            ("institutions", insts(&d.institutions)),
            ("partners", insts(&d.partners)),
            ("results", results.into()),
            ("topics", topics.into()),
        ]);
        card
    }

    /// One small value cards share (an institution's name and link, a
    /// topic, a vocabulary label), made once per kind, language and id.
    pub(crate) fn shared_value(
        &self,
        kind: &'static str,
        lang: &str,
        id: &str,
        make: &dyn Fn() -> Value,
    ) -> TemplateValue {
        let key = (kind, lang.to_string(), id.to_string());
        if let Some(v) = self.cards.shared.borrow().get(&key) {
            return v.clone();
        }
        let v = template_value(&make());
        self.cards.shared.borrow_mut().insert(key, v.clone());
        v
    }

    /// A sprint card as JSON, for pages that add to it (a sprint's own
    /// page, an institution's role): [`Self::sprint_card_value`], the one
    /// definition of a card, converted.
    pub(crate) fn sprint_card(&self, s: &Record<Sprint>, lang: &str) -> Value {
        serde_json::to_value(self.sprint_card_value(s, lang)).unwrap_or(Value::Null)
    }

    /// A prototype's card: kind, stage and the sprint it came from.
    pub(crate) fn prototype_card(&self, p: &Record<Prototype>, lang: &str) -> Value {
        let u = self.urls(lang);
        let text = p.text(lang, self.dl);
        let sprint = self.sprint_named(&p.data.sprint);
        json!({
            "slug": p.slug,
            "title": text.title,
            "url": u.record(Collection::Prototypes, &p.slug),
            "text_lang": self.lang_info(&text.lang, lang),
            "summary": text.summary,
            "kind": {"id": p.data.kind.as_str(), "label": self.t(lang, &format!("prototype_kind.{}", p.data.kind.as_str()))},
            "stage": {"id": p.data.stage.as_str(), "label": self.t(lang, &format!("stage.{}", p.data.stage.as_str()))},
            "sprint": sprint.map(|s| json!({"title": s.text(lang, self.dl).title, "url": u.record(Collection::Sprints, &s.slug)})),
        })
    }

    /// The card of a record with nothing but a title and a summary.
    pub(crate) fn simple_card<T>(&self, c: Collection, r: &Record<T>, lang: &str) -> Value {
        let u = self.urls(lang);
        let text = r.text(lang, self.dl);
        json!({
            "slug": r.slug,
            "title": text.title,
            "url": u.record(c, &r.slug),
            "text_lang": self.lang_info(&text.lang, lang),
            "summary": text.summary,
        })
    }
}
