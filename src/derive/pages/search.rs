//! The search page and the 404 page.

use crate::derive::Deriver;
use serde_json::{Value, json};

impl<'a, 'e> Deriver<'a, 'e> {
    /// The search page and the 404 page, both `noindex`.
    pub(crate) fn search_and_404(&mut self, lang: &str) {
        let u = self.urls(lang);
        let title = self.t(lang, "search.title");
        let alternates = self.alternates_for(|u| u.section("search"));
        let kinds: Vec<Value> = [
            "sprint",
            "prototype",
            "term",
            "chapter",
            "institution",
            "page",
            "news",
        ]
        .iter()
        .map(|k| json!({"id": k, "label": self.t(lang, &format!("kind.{k}"))}))
        .collect();
        self.push(
            lang,
            &u.section("search"),
            "search.html",
            &title,
            vec![],
            alternates,
            json!({"kinds": kinds, "page": {"noindex": true}}),
        );
        let url404 = format!("{}404.html", u.home());
        let alternates = self.alternates_for(|u| format!("{}404.html", u.home()));
        self.push(
            lang,
            &url404,
            "404.html",
            &self.t(lang, "notfound.title"),
            vec![],
            alternates,
            json!({"page": {"noindex": true}}),
        );
    }
}
