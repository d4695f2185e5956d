//! The institution list and each institution's sprints as owner or
//! partner.

use crate::derive::{Deriver, TemplateValue};
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The institution list and each institution's paginated sprints.
    pub(crate) fn institution_pages(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "nav.institutions");
        let groups = self.facet_groups(lang);
        let no_insts = Vec::new();
        let insts = groups
            .iter()
            .find(|g| g.0 == "institutions")
            .map_or(&no_insts, |g| &g.1);
        let all = self.sorted_institutions(lang);
        let items: Vec<Value> = all.iter().map(|(id, name)| {
            let n = insts.iter().find(|x| &x.0 == id).map(|x| x.2.len()).unwrap_or(0);
            let kind = self.site.institutions[id].kind.as_str();
            json!({"id": id, "name": name, "url": u.facet("institutions", id), "count": n, "kind": {"id": kind, "label": self.t(lang, &format!("institution_kind.{kind}"))}})
        }).collect();
        let alternates = self.alternates_for(|u| u.section("institutions"));
        self.push(
            lang,
            &u.section("institutions"),
            "institution_list.html",
            &title,
            vec![],
            alternates,
            json!({"items": items}),
        );
        for (id, name) in &all {
            if self.jobs.stopped {
                return;
            }
            let inst = &self.site.institutions[id];
            let members = insts
                .iter()
                .find(|x| &x.0 == id)
                .map(|x| x.2.clone())
                .unwrap_or_default();
            let cards: Vec<TemplateValue> = members
                .iter()
                .map(|s| {
                    // In Tera's form from the start (as JSON it went card
                    // -> JSON -> Tera).
                    let mut c = self.sprint_card_map(s, lang);
                    let role = if s.data.institutions.contains(id) {
                        "owner"
                    } else {
                        "partner"
                    };
                    c.insert("role", role.into());
                    TemplateValue::from(c)
                })
                .collect();
            let url = u.facet("institutions", id);
            let jsonld = json!({"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": name});
            let kind = inst.kind.as_str();
            let idc = id.clone();
            self.paginated(lang, &url, "institution.html", name, vec![(title.clone(), u.section("institutions"))], cards,
                json!({"institution": {"id": id, "name": name, "website": inst.website, "kind": {"id": kind, "label": self.t(lang, &format!("institution_kind.{kind}"))}}, "jsonld": jsonld}),
                Vec::new(),
                move |u| u.facet("institutions", &idc));
        }
    }
}
