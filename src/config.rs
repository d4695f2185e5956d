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
    /// Who the lab is and how it looks: the words and the colour the
    /// default theme shows, kept here so that a new lab rebrands without
    /// a copy of the theme ([`Brand`]).
    #[serde(default)]
    pub brand: Brand,
    #[serde(default)]
    pub media: MediaConfig,
    /// The site's folder (not in site.yaml: set by whoever loads it), where
    /// media files a body names are looked for.
    #[serde(skip)]
    pub root: std::path::PathBuf,
}

/// The lab's identity in the default theme. Every field is optional: a
/// site without `brand:` shows its `title` and `organisation` and the
/// theme's own colours.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// The name in the header (defaults to `title`).
    #[serde(default)]
    pub name: Localized,
    /// Shown first in the identity bar above the header, e.g. the state.
    #[serde(default)]
    pub parent: Localized,
    /// The organisation's name in the identity bar, when shorter than
    /// `organisation` (defaults to it).
    #[serde(default)]
    pub organisation: Localized,
    /// The organisation's own website, linked from the header and footer.
    #[serde(default)]
    pub organisation_url: Option<String>,
    /// The home page's introduction (defaults to `description`).
    #[serde(default)]
    pub intro: Localized,
    /// The primary colour, `#rrggbb`; refused below WCAG AA contrast.
    #[serde(default)]
    pub color: Option<String>,
    /// An SVG logo in the site's `static/` folder, e.g. `logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
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
        diags.extend(check_brand(&cfg.brand, text, file));
        if diags.is_empty() {
            Ok(cfg)
        } else {
            Err(diags)
        }
    }

    /// The URL segment of a section in a language (falls back to the key).
    pub fn section(&self, key: &str, lang: &str) -> String {
        self.section_name(key, lang).to_string()
    }

    /// [`Self::section`], borrowed.
    pub fn section_name<'s>(&'s self, key: &'s str, lang: &str) -> &'s str {
        self.sections
            .get(key)
            .and_then(|m| m.get(lang))
            .map_or(key, String::as_str)
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

/// The brand block's problems, each at the line of its field: a colour
/// that is not `#rrggbb` or is below WCAG AA (with the nearest passing
/// colour as the hint), a logo that is not an SVG path inside `static/`,
/// an organisation URL that is not http(s).
fn check_brand(b: &Brand, text: &str, file: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let at = |key: &str, message: String, hint: String| {
        let (line, column, width) = brand_field_pos(text, key);
        Diagnostic::error(Kind::Config, file, message)
            .at(Pos::new(line, column, width))
            .field(format!("brand.{key}"))
            .hint(hint)
            .with_source(text)
    };
    if let Some(c) = &b.color {
        match crate::brand::Rgb::parse(c) {
            None => diags.push(at(
                "color",
                format!("brand colour `{c}` is not a hex colour"),
                "write it as \"#rrggbb\" (in quotes: YAML reads # as a comment)".into(),
            )),
            Some(rgb) => {
                if let Some((message, hint)) = crate::brand::refusal(c, rgb) {
                    let mut d = at("color", message, hint);
                    d.kind = Kind::LowContrast;
                    diags.push(d);
                }
            }
        }
    }
    if let Some(l) = &b.logo {
        let ok = l.ends_with(".svg")
            && !l.starts_with('/')
            && !l.contains("://")
            && !l.split('/').any(|p| p == ".." || p.is_empty());
        if !ok {
            diags.push(at(
                "logo",
                format!("brand logo `{l}` is not an SVG file path inside static/"),
                "put the logo in the site's static/ folder and give its path there, e.g. `logo: logo.svg`".into(),
            ));
        }
    }
    if let Some(u) = &b.organisation_url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        diags.push(at(
            "organisation_url",
            format!("brand organisation_url `{u}` is not an absolute http(s) URL"),
            "write the whole address, e.g. https://www.example.gov/".into(),
        ));
    }
    diags
}

/// Line, column and width of `key:`'s value inside the top-level `brand:`
/// block of site.yaml; (1, 1, 1) when it cannot be found (a flow mapping).
fn brand_field_pos(text: &str, key: &str) -> (usize, usize, usize) {
    let mut in_brand = false;
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() && !line.starts_with('#') {
            in_brand = line.starts_with("brand:");
            continue;
        }
        let trimmed = line.trim_start();
        if in_brand && let Some(rest) = trimmed.strip_prefix(key).and_then(|r| r.strip_prefix(':'))
        {
            let indent = line.chars().count() - trimmed.chars().count();
            let value = rest.trim_start();
            let column = indent
                + key.chars().count()
                + 1
                + (rest.chars().count() - value.chars().count())
                + 1;
            let width = value
                .split(" #")
                .next()
                .unwrap_or(value)
                .trim_end()
                .chars()
                .count();
            return (i + 1, column, width.max(1));
        }
    }
    (1, 1, 1)
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
    "brand",
];

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "title: { lv: Lab }\nbase_url: https://example.org/\nlanguages: [{ code: lv, name: Latviešu }]\ndefault_language: lv\ncontact_email: lab@example.org\n";

    fn errors(brand: &str) -> Vec<Diagnostic> {
        Config::parse(&format!("{BASE}brand:\n{brand}"), "site.yaml").unwrap_err()
    }

    #[test]
    fn a_brand_problem_is_reported_at_its_field_with_a_hint() {
        // Unquoted, YAML reads `#…` as a comment: the colour is then absent,
        // so quoting is what the hint asks for when it is not hex.
        let d = &errors("  name: { lv: X }\n  color: \"teal\"\n")[0];
        assert_eq!((d.kind, d.line, d.column), (Kind::Config, 8, 10));
        assert_eq!(d.field.as_deref(), Some("brand.color"));
        assert!(d.hint.as_deref().unwrap().contains("#rrggbb"));
        let d = &errors("  color: \"#ffe066\"\n")[0];
        assert_eq!((d.kind, d.line), (Kind::LowContrast, 7));
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("the nearest passing colour")
        );
        for bad in [
            "../logo.svg",
            "/logo.svg",
            "logo.png",
            "https://x.example/l.svg",
        ] {
            let d = &errors(&format!("  logo: \"{bad}\"\n"))[0];
            assert_eq!(
                (d.line, d.field.as_deref()),
                (7, Some("brand.logo")),
                "{bad}"
            );
        }
        let d = &errors("  organisation_url: www.example.gov\n")[0];
        assert_eq!(d.field.as_deref(), Some("brand.organisation_url"));
    }

    #[test]
    fn a_passing_brand_parses_and_an_absent_one_is_empty() {
        let c = Config::parse(
            &format!("{BASE}brand:\n  color: \"#1d4e89\"\n  logo: img/logo.svg\n"),
            "site.yaml",
        )
        .unwrap();
        assert_eq!(c.brand.color.as_deref(), Some("#1d4e89"));
        let c = Config::parse(BASE, "site.yaml").unwrap();
        assert_eq!(c.brand, Brand::default());
    }
}
