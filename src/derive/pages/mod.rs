//! One module per page kind, each deriving its pages' contexts from the
//! records, [`super::cards`], [`super::facets`] and [`super::relations`];
//! and what every page shares: the page frame ([`Deriver::push`]:
//! breadcrumbs, alternates, permalink, structured data, the sitemap row),
//! a description, and own pages record by record.

mod call;
mod chart;
mod checklist;
mod facet;
mod free;
mod glossary;
mod guidelines;
pub(super) mod home;
mod indicators;
mod institution;
mod news;
mod pagination;
mod prototype;
mod redirect;
mod search;
mod sprint;

use super::bodies::DESCRIPTION_CHARS;
use super::{Deriver, PageJob, Shared, SitemapRow, TemplateValue, template_value};
use crate::load::Collection;
use crate::records::{Record, Site, Text};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// How many bodies are rendered ahead at a time, in parallel.
const AHEAD: usize = 64;

impl<'a, 'e> Deriver<'a, 'e> {
    /// Adds one page: `ctx` gets the page frame (title, URL, permalink,
    /// alternates, breadcrumbs, JSON-LD, a default description), the
    /// page gets its sitemap row unless `noindex`, and the job goes to
    /// the renderer.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(
        &mut self,
        lang: &str,
        url: &str,
        template: &str,
        title: &str,
        crumbs: Vec<(String, String)>,
        alternates: BTreeMap<String, String>,
        ctx: Value,
    ) {
        self.push_shared(
            lang,
            url,
            template,
            title,
            crumbs,
            alternates,
            ctx,
            Vec::new(),
        );
    }

    /// [`Self::push`] with values already in Tera's representation (card
    /// lists, the facet sidebar) added to the context as they are.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_shared(
        &mut self,
        lang: &str,
        url: &str,
        template: &str,
        title: &str,
        crumbs: Vec<(String, String)>,
        alternates: BTreeMap<String, String>,
        ctx: Value,
        shared: Shared,
    ) {
        if self.jobs.stopped {
            return;
        }
        let cfg = self.cfg;
        // The page frame is built in Tera's form directly (as JSON it was
        // made, then converted, for every page); only the JSON-LD, which
        // goes into the page as text, is JSON.
        let alts: Vec<TemplateValue> = cfg
            .lang_codes()
            .iter()
            .map(|l| {
                let name = cfg
                    .languages
                    .iter()
                    .find(|x| &x.code == l)
                    .map(|x| x.name.as_str())
                    .unwrap_or_default();
                TemplateValue::from(BTreeMap::from([
                    ("current", TemplateValue::from(l == lang)),
                    ("lang", l.as_str().into()),
                    ("name", name.into()),
                    ("url", alternates.get(l).map(String::as_str).into()),
                ]))
            })
            .collect();
        let home = (self.t(lang, "nav.home"), self.urls(lang).home());
        let bc: Vec<(&str, &str)> = std::iter::once((home.0.as_str(), home.1.as_str()))
            .chain(crumbs.iter().map(|(t, u)| (t.as_str(), u.as_str())))
            .collect();
        let base = &self.base;
        let permalink = base.absolute(url);
        let breadcrumb_ld = json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": bc.iter().enumerate().map(|(i, (title, url))| json!({
                "@type": "ListItem", "position": i + 1, "name": title,
                "item": base.absolute(url)
            })).collect::<Vec<_>>()
        });
        let breadcrumbs: Vec<TemplateValue> = bc
            .iter()
            .map(|(title, url)| {
                TemplateValue::from(BTreeMap::from([
                    ("title", TemplateValue::from(*title)),
                    ("url", (*url).into()),
                ]))
            })
            .collect();
        let mut page: BTreeMap<String, TemplateValue> = BTreeMap::from([
            ("alternates".to_string(), TemplateValue::from(alts)),
            ("breadcrumbs".to_string(), breadcrumbs.into()),
            ("permalink".to_string(), permalink.into()),
            ("template".to_string(), template.into()),
            ("title".to_string(), title.into()),
            ("url".to_string(), url.into()),
        ]);
        let mut noindex = false;
        let mut context: BTreeMap<String, TemplateValue> = BTreeMap::new();
        if let Value::Object(mut m) = ctx {
            // What the page adds to (or overrides in) the frame.
            if let Some(Value::Object(extra)) = m.remove("page") {
                noindex = extra.get("noindex") == Some(&Value::Bool(true));
                for (k, v) in extra {
                    page.insert(k, template_value(&v));
                }
            }
            let mut ld: Vec<Value> = vec![breadcrumb_ld];
            if let Some(extra) = m.remove("jsonld") {
                ld.push(extra);
            }
            let ld_text = serde_json::to_string(&ld)
                .unwrap_or_default()
                .replace("</", "<\\/");
            page.insert("jsonld".into(), ld_text.into());
            if !page.contains_key("description") {
                page.insert(
                    "description".into(),
                    cfg.localized(&cfg.description, lang).into(),
                );
            }
            for (k, v) in m {
                context.insert(k, template_value(&v));
            }
            context.insert("page".into(), page.into());
        }
        let path = self.base.output_path(url);
        if !noindex {
            let langs = cfg.lang_codes();
            self.sitemap.push(SitemapRow::new(
                url,
                langs
                    .iter()
                    .filter_map(|l| alternates.get(l).map(|u| (l.as_str(), u.as_str()))),
            ));
        }
        for (k, v) in shared {
            context.insert(k.to_string(), v);
        }
        self.jobs.push(PageJob {
            path,
            template: template.to_string(),
            lang: lang.to_string(),
            context: TemplateValue::from(context),
        });
    }

    /// A page's description (its meta tag and feed summary): the summary,
    /// else the outcome, else the start of the body's text.
    pub(crate) fn description(text: &Text, body_text: &str) -> String {
        let s = text
            .summary
            .clone()
            .or_else(|| text.outcome.clone())
            .unwrap_or_else(|| body_text.split_whitespace().collect::<Vec<_>>().join(" "));
        truncate(&s, DESCRIPTION_CHARS)
    }

    /// One record's own page in `lang` ([`super::derive_records`]): the record is
    /// found with a scan, and so are a sprint's neighbours, instead of
    /// sorting the collection as the list pages need.
    pub(crate) fn own_pages(&mut self, lang: &str, c: Collection, slug: &str) {
        let site: &'a Site = self.site;
        fn find<'r, T>(v: &'r [Record<T>], slug: &str) -> Option<&'r Record<T>> {
            v.iter().find(|r| r.slug == slug)
        }
        match c {
            Collection::Sprints => {
                if let Some(s) = find(&site.sprints, slug) {
                    let (newer, older) = super::relations::sprint_neighbours(site, s);
                    self.sprint_page(lang, s, newer, older);
                }
            }
            Collection::Prototypes => {
                if let Some(p) = find(&site.prototypes, slug) {
                    self.prototype_page(lang, p);
                }
            }
            Collection::News => {
                if let Some(n) = find(&site.news, slug) {
                    self.news_page(lang, n);
                }
            }
            Collection::Pages => {
                if let Some(p) = find(&site.pages, slug) {
                    self.free_page(lang, p);
                }
            }
            Collection::Glossary => {
                if let Some(t) = find(&site.glossary, slug) {
                    let (all, used_by) = self.glossary_back_links(lang);
                    let title = self.t(lang, "nav.glossary");
                    self.term_pages(lang, t, &all, &used_by, &title);
                }
            }
            _ => {}
        }
    }

    /// Derives the own page of each of `records` (of collection `c`) in
    /// every language, with `page(self, index in records, language)`, in
    /// the first language's pass and not after: one record after another,
    /// so that a body shown untranslated in several languages has its HTML
    /// rendered once, [`AHEAD`] records at a time.
    pub(crate) fn own_pages_of<T: Sync>(
        &mut self,
        lang: &str,
        c: Collection,
        records: &[&'a Record<T>],
        mut page: impl FnMut(&mut Self, usize, &str),
    ) {
        let langs = self.cfg.lang_codes();
        if langs.first().map(String::as_str) != Some(lang) {
            return;
        }
        for i in 0..records.len() {
            if self.jobs.stopped {
                return;
            }
            if i.is_multiple_of(AHEAD) {
                let next = &records[i..(i + AHEAD).min(records.len())];
                self.bodies.render_ahead(c, next, &langs);
            }
            for l in &langs {
                page(self, i, l);
            }
        }
    }
}

/// Cuts text at a word boundary, adding an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}
