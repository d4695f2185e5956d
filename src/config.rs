//! `site.yaml`: what a site owner sets once.

use crate::diagnostics::{Diagnostic, Kind, Pos};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Text given once per language code.
pub type Localized = BTreeMap<String, String>;

/// The parsed `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: Localized,
    #[serde(default)]
    pub description: Localized,
    pub base_url: String,
    pub languages: Vec<Language>,
    pub default_language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub contact_email: String,
    #[serde(default)]
    pub organisation: Localized,
    #[serde(default)]
    pub sections: BTreeMap<String, Localized>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default = "default_per_page")]
    pub per_page: usize,
    #[serde(default)]
    pub media: MediaConfig,
    /// The site's folder (not in site.yaml: set by whoever loads it), where
    /// media files a body names are looked for.
    #[serde(skip)]
    pub root: std::path::PathBuf,
}

/// Images and attachments that bodies use.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MediaConfig {
    /// A media file larger than this many kilobytes (1 KB = 1024 bytes)
    /// gets a warning: it slows every reader's page.
    #[serde(default = "default_media_max_kb")]
    pub max_kb: u64,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            max_kb: default_media_max_kb(),
        }
    }
}

fn default_media_max_kb() -> u64 {
    1024
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub trusted_html: bool,
    #[serde(default = "yes")]
    pub link_glossary_terms: bool,
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            trusted_html: false,
            link_glossary_terms: true,
            highlight_theme: default_highlight_theme(),
        }
    }
}

fn yes() -> bool {
    true
}
fn default_theme() -> String {
    "default".into()
}
fn default_per_page() -> usize {
    30
}
fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}

/// Sections every site has; a site.yaml entry overrides the slug per language.
pub const SECTIONS: &[&str] = &[
    "sprints",
    "prototypes",
    "institutions",
    "topics",
    "years",
    "results",
    "status",
    "glossary",
    "guidelines",
    "news",
    "indicators",
    "search",
    "data",
    "page",
    "print",
];

impl Config {
    /// Parses `site.yaml`, reporting problems as diagnostics.
    pub fn parse(text: &str, file: &str) -> Result<Config, Vec<Diagnostic>> {
        let cfg: Config = yaml::from_str(text).map_err(|e| {
            vec![
                yaml::yaml_diagnostic(&e, file, 0, SECTION_KEYS)
                    .with_source(text)
                    .hint("see the README's site owners' guide for every setting"),
            ]
        })?;
        let mut diags = Vec::new();
        let err = |m: String| Diagnostic::error(Kind::Config, file, m).at(Pos::new(1, 1, 1));
        if cfg.languages.is_empty() {
            diags.push(err(
                "`languages` is empty; list at least one language".into()
            ));
        }
        if !cfg.languages.iter().any(|l| l.code == cfg.default_language) {
            diags.push(err(format!(
                "default_language `{}` is not in `languages`",
                cfg.default_language
            )));
        }
        if !(cfg.base_url.starts_with("http://") || cfg.base_url.starts_with("https://")) {
            diags.push(err(format!(
                "base_url `{}` must be an absolute http(s) URL",
                cfg.base_url
            )));
        }
        for l in &cfg.languages {
            if !cfg.title.contains_key(&l.code) {
                diags.push(err(format!(
                    "`title` has no text for language `{}`",
                    l.code
                )));
            }
        }
        if cfg.per_page == 0 {
            diags.push(err("`per_page` must be at least 1".into()));
        }
        if diags.is_empty() {
            Ok(cfg)
        } else {
            Err(diags)
        }
    }

    /// The URL segment of a section in a language (falls back to the key).
    pub fn section(&self, key: &str, lang: &str) -> String {
        self.sections
            .get(key)
            .and_then(|m| m.get(lang))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Language codes, default first.
    pub fn lang_codes(&self) -> Vec<String> {
        let mut v: Vec<String> = vec![self.default_language.clone()];
        v.extend(
            self.languages
                .iter()
                .filter(|l| l.code != self.default_language)
                .map(|l| l.code.clone()),
        );
        v
    }

    /// The languages records are translated into: every language but the
    /// default (the suffixes `slug.<lang>.md` that load looks for).
    pub fn translation_langs(&self) -> Vec<String> {
        self.lang_codes().into_iter().skip(1).collect()
    }

    /// The folders copied into the output, in order, later ones winning on
    /// the same path: the theme's `static/`, then the site's own.
    pub fn static_dirs(&self, root: &std::path::Path) -> Vec<std::path::PathBuf> {
        vec![
            root.join("themes").join(&self.theme).join("static"),
            root.join("static"),
        ]
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let rest = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
        let mut p = path.trim_end_matches('/').to_string();
        p.push('/');
        p
    }

    /// `base_url` without its trailing slash, e.g. `https://example.org/lab`.
    pub fn origin_and_path(&self) -> String {
        self.base_url.trim_end_matches('/').to_string()
    }

    /// The root-relative URL prefix of a language: `/` or `/en/` (plus base path).
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            self.base_path()
        } else {
            format!("{}{lang}/", self.base_path())
        }
    }

    pub fn localized<'a>(&self, m: &'a Localized, lang: &str) -> &'a str {
        m.get(lang)
            .or_else(|| m.get(&self.default_language))
            .map(String::as_str)
            .unwrap_or("")
    }
}

const SECTION_KEYS: &[&str] = &[
    "media",
    "title",
    "description",
    "base_url",
    "languages",
    "default_language",
    "theme",
    "contact_email",
    "organisation",
    "sections",
    "markdown",
    "per_page",
];
