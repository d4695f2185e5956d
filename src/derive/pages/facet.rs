//! Facet index pages and one list page per facet value (institutions
//! have pages of their own, [`super::institution`]).

use crate::derive::{Deriver, TemplateValue, template_value};
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// Each facet's index and one paginated list per value.
    pub(crate) fn facet_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let sprints_title = self.t(lang, "nav.sprints");
        let groups = self.facet_groups(lang);
        for (facet, values) in groups.iter() {
            let facet = *facet;
            if facet == "institutions" {
                continue; // institution pages are their own page type
            }
            let facet_title = self.t(lang, &format!("facet.{facet}"));
            let index_items: Vec<Value> = values.iter().map(|(id, label, m)| json!({"id": id, "label": label, "count": m.len(), "url": u.facet(facet, id)})).collect();
            let alternates = self.alternates_for(|u| u.facet_index(facet));
            self.push(
                lang,
                &u.facet_index(facet),
                "facet_index.html",
                &facet_title,
                vec![(sprints_title.clone(), u.section("sprints"))],
                alternates,
                json!({"facet": {"key": facet, "title": facet_title}, "values": index_items}),
            );
            for (id, label, members) in values {
                if self.jobs.stopped {
                    return;
                }
                let cards: Vec<TemplateValue> =
                    members.iter().map(|s| self.list_card(s, lang)).collect();
                let facets = template_value(&self.facet_nav(lang, Some((facet, id))));
                let title = format!("{facet_title}: {label}");
                let idc = id.clone();
                self.paginated(lang, &u.facet(facet, id), "facet.html", &title,
                    vec![(sprints_title.clone(), u.section("sprints")), (facet_title.clone(), u.facet_index(facet))],
                    cards, json!({"facet": {"key": facet, "title": facet_title, "value": id, "label": label}}),
                    vec![("facets", facets)],
                    move |u| u.facet(facet, &idc));
            }
        }
    }
}
