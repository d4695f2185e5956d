//! The home page: figures, latest and planned sprints, news.

use crate::derive::{Deriver, TemplateValue};
use crate::i18n::plural;
use crate::load::Collection;
use crate::records::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// How many planned and running sprints the home page shows (the bundled
/// site's ten fit); when there are more, it links their status pages
/// instead of growing without bound (a 10 000-sprint site made a 1.8 MB
/// home page).
pub const HOME_PLANNED: usize = 12;

impl<'a, 'e> Deriver<'a, 'e> {
    /// Figures for the home page, computed from the records.
    pub(crate) fn stats(&self) -> Value {
        let completed: Vec<&Record<Sprint>> = self
            .site
            .sprints
            .iter()
            .filter(|s| s.data.status == Status::Completed)
            .collect();
        let planned = self
            .site
            .sprints
            .iter()
            .filter(|s| s.data.status == Status::Planned)
            .count();
        let participants: u64 = completed
            .iter()
            .filter_map(|s| s.data.participants)
            .map(u64::from)
            .sum();
        let institutions: BTreeSet<&String> = completed
            .iter()
            .flat_map(|s| s.data.institutions.iter().chain(&s.data.partners))
            .collect();
        let unique = |id: &str| {
            self.site
                .indicators
                .indicators
                .iter()
                .find(|i| i.id == id)
                .and_then(|i| i.total)
        };
        json!({
            "sprints_completed": completed.len(),
            "sprints_planned": planned,
            "participants": participants,
            "institutions": institutions.len(),
            "prototypes": self.site.prototypes.len(),
            "people_reached": unique("unique-people"),
            "institutions_reached": unique("unique-institutions"),
        })
    }

    /// The home page of `lang`.
    pub(crate) fn home_page(&mut self, lang: &str) {
        let u = self.urls(lang);
        let stats = self.stats();
        let mut completed: Vec<&Record<Sprint>> = self
            .site
            .sprints
            .iter()
            .filter(|s| s.data.status == Status::Completed)
            .collect();
        completed.sort_by(|a, b| {
            b.data
                .end
                .cmp(&a.data.end)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let latest: Vec<Value> = completed
            .iter()
            .take(3)
            .map(|s| self.sprint_card(s, lang))
            .collect();
        let open: Vec<&Record<Sprint>> = self
            .sorted_sprints()
            .iter()
            .filter(|s| s.data.status != Status::Completed)
            .copied()
            .collect();
        let planned: Vec<TemplateValue> = open
            .iter()
            .take(HOME_PLANNED)
            .map(|s| self.list_card(s, lang))
            .collect();
        // More than fit: link the status pages that list them all.
        let planned_more: Vec<Value> = if open.len() > HOME_PLANNED {
            [Status::Running, Status::Planned]
                .iter()
                .filter_map(|st| {
                    let n = open.iter().filter(|s| s.data.status == *st).count();
                    (n > 0).then(|| {
                        let mut v = self.vocab_ref(lang, "status", "status", st.as_str());
                        v["count"] = json!(n);
                        v
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut news: Vec<&Record<News>> = self.site.news.iter().collect();
        news.sort_by_key(|n| std::cmp::Reverse(n.data.date));
        let news: Vec<Value> = news
            .iter()
            .take(3)
            .map(|n| {
                let mut v = self.simple_card(Collection::News, n, lang);
                v["date"] = json!(n.data.date.to_string());
                v
            })
            .collect();
        let figures = json!([
            {"value": stats["sprints_completed"], "label": plural(self.strings, lang, "count.sprints_completed", stats["sprints_completed"].as_u64().unwrap_or(0))},
            {"value": stats["participants"], "label": plural(self.strings, lang, "count.participants", stats["participants"].as_u64().unwrap_or(0))},
            {"value": stats["institutions"], "label": plural(self.strings, lang, "count.institutions", stats["institutions"].as_u64().unwrap_or(0))},
            {"value": stats["prototypes"], "label": plural(self.strings, lang, "count.prototypes", stats["prototypes"].as_u64().unwrap_or(0))},
        ]);
        let org_ld = json!({"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": self.cfg.localized(&self.cfg.title, lang), "url": self.cfg.base_url, "email": self.cfg.contact_email, "parentOrganization": {"@type": "GovernmentOrganization", "name": self.cfg.localized(&self.cfg.organisation, lang)}});
        let alternates = self.alternates_for(|u| u.home());
        let title = self.cfg.localized(&self.cfg.title, lang).to_string();
        let apply = self.site.pages.iter().find(|p| p.slug == "pieteikties-sprintam").map(|p| json!({"title": p.text(lang, self.dl).title, "url": u.record(Collection::Pages, &p.slug)}));
        self.push_shared(lang, &u.home(), "home.html", &title, vec![], alternates,
            json!({"stats": stats, "figures": figures, "latest": latest, "planned_more": planned_more, "news": news, "apply": apply, "jsonld": org_ld}),
            vec![("planned", TemplateValue::from(planned))]);
    }
}
