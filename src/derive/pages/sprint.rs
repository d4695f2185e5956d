//! The sprint list and each sprint's own page.

use crate::derive::{Deriver, STOP_EVERY, TemplateValue, template_value};
use crate::load::Collection;
use crate::records::*;
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The paginated sprint list with the facet sidebar, and every
    /// sprint's own page.
    pub(crate) fn sprint_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let sprints = self.sorted_sprints();
        let list_title = self.t(lang, "nav.sprints");
        let mut cards: Vec<TemplateValue> = Vec::with_capacity(sprints.len());
        for (i, s) in sprints.iter().enumerate() {
            // The first list builds every card: a third of a second at
            // 10 000 records, so ask on the way.
            if i.is_multiple_of(8 * STOP_EVERY) && self.jobs.ask_stop() {
                return;
            }
            cards.push(self.list_card(s, lang));
        }
        let facets = template_value(&self.facet_nav(lang, None));
        self.paginated(
            lang,
            &u.section("sprints"),
            "sprint_list.html",
            &list_title,
            vec![],
            cards,
            json!({}),
            vec![("facets", facets)],
            |u| u.section("sprints"),
        );
        self.own_pages_of(lang, Collection::Sprints, &sprints, |d, i, l| {
            // Newer sprints come first in the list: "previous" is the older neighbour.
            let newer = i.checked_sub(1).map(|j| sprints[j]);
            let older = sprints.get(i + 1).copied();
            d.sprint_page(l, sprints[i], newer, older);
        });
    }

    /// A sprint's own page; `newer` and `older` are its neighbours in
    /// [`sorted_sprints`] order.
    pub(crate) fn sprint_page(
        &mut self,
        lang: &str,
        s: &'a Record<Sprint>,
        newer: Option<&'a Record<Sprint>>,
        older: Option<&'a Record<Sprint>>,
    ) {
        let u = self.urls(lang);
        let list_title = self.t(lang, "nav.sprints");
        {
            // Borrowed, not cloned: `s` outlives the deriver, and of the
            // rendered body only the table of contents (kept in the build's
            // scratch file with the HTML) and the description are wanted
            // (cloning it was 1 % of a 10,000-record build).
            let text: &'a Text = s.text(lang, self.dl);
            let url = u.record(Collection::Sprints, &s.slug);
            let html = self
                .bodies
                .html(Collection::Sprints, &s.slug, &s.texts, lang);
            let toc = json!(
                self.bodies
                    .toc(Collection::Sprints, &s.slug, &s.texts, lang)
            );
            let desc = Self::description(
                text,
                self.bodies
                    .lead(Collection::Sprints, &s.slug, &s.texts, lang),
            );
            // The sprint and its neighbours in Tera's form from the start:
            // as JSON they were converted card → JSON → Tera, three times
            // per page (2 % of a 10,000-record build).
            let mut card = self.sprint_card_map(s, lang);
            let protos: Vec<Value> = self
                .sprint_prototypes(s)
                .iter()
                .map(|p| self.prototype_card(p, lang))
                .collect();
            let funding = s.data.funding.as_ref().and_then(|f| self.site.funding.get(f)).map(|f| json!({"name": self.cfg.localized(&f.name, lang), "code": f.code, "amount_eur": f.amount_eur}));
            let duration_days = match (s.data.start, s.data.end) {
                (Some(a), Some(b)) => a.until(b).ok().map(|sp| sp.get_days() + 1),
                _ => None,
            };
            let neighbour = |n: Option<&Record<Sprint>>| {
                n.map_or_else(TemplateValue::none, |n| self.sprint_card_value(n, lang))
            };
            let (newer, older) = (neighbour(newer), neighbour(older));
            card.insert("body", html.into());
            card.insert("toc", template_value(&toc));
            card.insert("editor_note", text.editor_note.as_deref().into());
            card.insert("prototypes", template_value(&json!(protos)));
            card.insert("funding", template_value(&json!(funding)));
            card.insert("duration_days", template_value(&json!(duration_days)));
            let jsonld = json!({
                "@context": "https://schema.org", "@type": "Event", "name": text.title,
                "startDate": s.data.start.map(|d| d.to_string()), "endDate": s.data.end.map(|d| d.to_string()),
                "eventStatus": match s.data.status { Status::Planned => "https://schema.org/EventScheduled", Status::Running => "https://schema.org/EventScheduled", Status::Completed => "https://schema.org/EventCompleted" },
                "description": text.outcome, "inLanguage": text.lang,
                "organizer": s.data.institutions.iter().map(|i| json!({"@type": "GovernmentOrganization", "name": self.site.institutions.get(i).map(|x| self.cfg.localized(&x.name, lang).to_string()).unwrap_or_default()})).collect::<Vec<_>>(),
            });
            let alternates = self.alternates_for(|u| u.record(Collection::Sprints, &s.slug));
            self.push_shared(
                lang,
                &url,
                "sprint.html",
                &text.title,
                vec![(list_title.clone(), u.section("sprints"))],
                alternates,
                json!({"jsonld": jsonld, "page": {"description": desc, "lang": text.lang}}),
                vec![("sprint", card.into()), ("newer", newer), ("older", older)],
            );
            self.entry(
                Collection::Sprints,
                &s.slug,
                lang,
                text,
                &url,
                s.data.start.map(|d| d.to_string()),
                desc,
            );
        }
    }
}
