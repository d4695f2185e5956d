//! Every URL the site has, per language, and the one place a URL is made
//! absolute or turned into an output file path. The base URL is parsed
//! once per derivation ([`BaseUrl`]), not at every link.

use super::Deriver;
use crate::config::Config;
use crate::load::Collection;
use std::collections::BTreeMap;

/// The site's `base_url`, split once into the two forms links need: the
/// origin with its path (`https://example.org/lab`, for absolute URLs in
/// feeds, the sitemap, permalinks and structured data) and the path alone
/// (`/lab/`, which starts every root-relative URL).
#[derive(Debug, Clone)]
pub struct BaseUrl {
    origin_and_path: String,
    path: String,
}

impl BaseUrl {
    /// Parses `cfg.base_url`.
    pub fn new(cfg: &Config) -> BaseUrl {
        BaseUrl {
            origin_and_path: cfg.origin_and_path(),
            path: cfg.base_path(),
        }
    }

    /// The path part, always starting and ending with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The absolute URL of a root-relative one (`/lab/a/` →
    /// `https://example.org/lab/a/`).
    pub fn absolute(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(self.path.as_str())
            .unwrap_or(url.trim_start_matches('/'));
        format!("{}/{}", self.origin_and_path, rel)
    }

    /// Output file path for a root-relative URL (`/lab/a/` → `a/index.html`).
    pub fn output_path(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(self.path.as_str())
            .unwrap_or(url.trim_start_matches('/'));
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }

    /// The root-relative prefix of a language: the base path for the
    /// default language, `<base path><lang>/` for the others.
    pub fn lang_prefix(&self, cfg: &Config, lang: &str) -> String {
        if lang == cfg.default_language {
            self.path.clone()
        } else {
            format!("{}{lang}/", self.path)
        }
    }
}

/// Output file path for a root-relative URL (`/lab/a/` → `a/index.html`),
/// for a caller without a [`BaseUrl`] at hand.
pub fn output_path(cfg: &Config, url: &str) -> String {
    BaseUrl::new(cfg).output_path(url)
}

/// URL building for one language: home, sections, records, facets.
pub(crate) struct Urls<'a> {
    cfg: &'a Config,
    lang: &'a str,
    prefix: String,
}

impl<'a> Urls<'a> {
    /// `lang`'s URLs under `base`.
    pub(crate) fn new(cfg: &'a Config, base: &BaseUrl, lang: &'a str) -> Self {
        Urls {
            cfg,
            lang,
            prefix: base.lang_prefix(cfg, lang),
        }
    }
    /// The language's home page.
    pub(crate) fn home(&self) -> String {
        self.prefix.clone()
    }
    /// A section (`sprints` → `/sprinti/`), its name per language from
    /// `site.yaml`.
    pub(crate) fn section(&self, key: &str) -> String {
        format!("{}{}/", self.prefix, self.cfg.section(key, self.lang))
    }
    /// A record's own page (free pages sit at the top level).
    pub(crate) fn record(&self, c: Collection, slug: &str) -> String {
        if c == Collection::Pages {
            format!("{}{slug}/", self.prefix)
        } else {
            format!("{}{slug}/", self.section(c.dir()))
        }
    }
    /// A facet's index page (institutions: their own section).
    pub(crate) fn facet_index(&self, facet: &str) -> String {
        if facet == "institutions" {
            return self.section("institutions");
        }
        format!(
            "{}{}/",
            self.section("sprints"),
            self.cfg.section(facet, self.lang)
        )
    }
    /// One facet value's list page.
    pub(crate) fn facet(&self, facet: &str, value: &str) -> String {
        format!("{}{value}/", self.facet_index(facet))
    }
    /// The guidelines as one printable page.
    pub(crate) fn print(&self) -> String {
        format!(
            "{}{}/",
            self.section("guidelines"),
            self.cfg.section("print", self.lang)
        )
    }
}

impl<'a> Deriver<'a, '_> {
    /// The URLs of `lang` (borrowing the site's configuration, not the
    /// deriver, so that pages can be pushed while they are in use).
    pub(crate) fn urls<'l>(&self, lang: &'l str) -> Urls<'l>
    where
        'a: 'l,
    {
        Urls::new(self.cfg, &self.base, lang)
    }

    /// One URL in every language, by code: a page's translations.
    pub(crate) fn alternates_for(&self, f: impl Fn(&Urls) -> String) -> BTreeMap<String, String> {
        self.cfg
            .lang_codes()
            .iter()
            .map(|l| (l.clone(), f(&self.urls(l))))
            .collect()
    }
}
