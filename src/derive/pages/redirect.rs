//! Redirect pages: one per `old_urls` entry of a record, at the old
//! address, in the old address's language, sending readers (and search
//! engines, through the canonical link) to the record's page. A host that
//! reads `_redirects` answers with a real 301 instead
//! ([`crate::outputs`]); the page is for every other host.

use crate::derive::Deriver;
use crate::derive::urls::redirects;
use serde_json::json;
use std::collections::BTreeMap;

impl<'a, 'e> Deriver<'a, 'e> {
    /// The redirect pages of `lang`, `noindex`, never in the sitemap.
    pub(crate) fn redirect_pages(&mut self, lang: &str) {
        for r in redirects(self.site).into_iter().filter(|r| r.lang == lang) {
            let permalink = self.base.absolute(&r.to);
            let title = self.t(lang, "redirect.title");
            self.push(
                lang,
                &r.from,
                "redirect.html",
                &title,
                vec![],
                BTreeMap::new(),
                json!({"redirect": {"to": r.to, "permalink": permalink}, "page": {"noindex": true}}),
            );
        }
    }
}
