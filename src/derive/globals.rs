//! The site-wide context of each language: site settings, navigation,
//! section URLs and free pages, shared by every page of that language.

use super::Deriver;
use crate::load::Collection;
use crate::records::{Page, Record};
use serde_json::{Value, json};
use std::collections::BTreeMap;

impl<'a, 'e> Deriver<'a, 'e> {
    /// Site-wide context for one language.
    pub(crate) fn globals(&self, lang: &str) -> Value {
        let u = self.urls(lang);
        let cfg = self.cfg;
        let mut nav: Vec<Value> = [
            "sprints",
            "prototypes",
            "institutions",
            "glossary",
            "guidelines",
            "indicators",
            "news",
        ]
        .iter()
        .map(|k| json!({"key": k, "title": self.t(lang, &format!("nav.{k}")), "url": u.section(k)}))
        .collect();
        let mut menu: Vec<&Record<Page>> = self
            .site
            .pages
            .iter()
            .filter(|p| p.data.menu.is_some())
            .collect();
        menu.sort_by_key(|p| (p.data.menu, p.slug.clone()));
        for p in menu {
            nav.push(json!({"key": format!("page:{}", p.slug), "title": p.text(lang, self.dl).title, "url": u.record(Collection::Pages, &p.slug)}));
        }
        let pages: BTreeMap<&str, Value> = self
            .site
            .pages
            .iter()
            .map(|p| (p.slug.as_str(), json!({"title": p.text(lang, self.dl).title, "url": u.record(Collection::Pages, &p.slug)})))
            .collect();
        let languages: Vec<Value> = cfg
            .languages
            .iter()
            .map(|l| json!({"code": l.code, "name": l.name, "url": self.base.lang_prefix(cfg, &l.code)}))
            .collect();
        let mut urls = serde_json::Map::new();
        for k in [
            "sprints",
            "prototypes",
            "institutions",
            "glossary",
            "guidelines",
            "indicators",
            "news",
            "search",
            "data",
        ] {
            urls.insert(k.into(), json!(u.section(k)));
        }
        for f in ["years", "topics", "results", "status"] {
            urls.insert(f.into(), json!(u.facet_index(f)));
        }
        urls.insert("home".into(), json!(u.home()));
        urls.insert("guidelines_print".into(), json!(u.print()));
        urls.insert(
            "feed_news".into(),
            json!(format!("{}atom.xml", u.section("news"))),
        );
        urls.insert(
            "feed_sprints".into(),
            json!(format!("{}atom.xml", u.section("sprints"))),
        );
        urls.insert(
            "assets".into(),
            json!(format!("{}assets/", self.base.path())),
        );
        urls.insert(
            "search_index".into(),
            json!(format!("{}search-index/{lang}/", self.base.path())),
        );
        json!({
            "lang": lang,
            "site": {
                "title": cfg.localized(&cfg.title, lang),
                "description": cfg.localized(&cfg.description, lang),
                "organisation": cfg.localized(&cfg.organisation, lang),
                "brand": brand(cfg, lang, self.base.path()),
                "base_url": cfg.base_url,
                "base_path": self.base.path(),
                "contact_email": cfg.contact_email,
                "default_language": cfg.default_language,
                "languages": languages,
            },
            "nav": nav,
            "urls": urls,
            "pages": pages,
        })
    }
}

/// What the theme shows of `site.yaml`'s `brand:` in `lang`, defaults
/// filled in (name ← title, intro ← description, the identity bar's
/// organisation ← organisation), so templates test nothing but presence.
fn brand(cfg: &crate::config::Config, lang: &str, base_path: &str) -> serde_json::Value {
    let b = &cfg.brand;
    let or = |m: &crate::config::Localized, fallback: &crate::config::Localized| {
        let v = cfg.localized(m, lang);
        if v.is_empty() {
            cfg.localized(fallback, lang).to_string()
        } else {
            v.to_string()
        }
    };
    json!({
        "name": or(&b.name, &cfg.title),
        "parent": cfg.localized(&b.parent, lang),
        "organisation": or(&b.organisation, &cfg.organisation),
        "organisation_url": b.organisation_url,
        "intro": or(&b.intro, &cfg.description),
        "color": b.color.as_deref().and_then(crate::brand::Rgb::parse).map(|c| c.to_string()),
        "logo": b.logo.as_ref().map(|l| format!("{base_path}{l}")),
    })
}
