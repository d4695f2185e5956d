//! Every URL the site has, per language, and the one place a URL is made
//! absolute or turned into an output file path. The base URL is parsed
//! once per derivation ([`BaseUrl`]), not at every link.

use super::Deriver;
use crate::config::Config;
use crate::load::Collection;
use crate::markdown::{self, Unresolved};
use crate::records::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

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

/// The kinds a record link names (`@sprint/slug`), with their collection.
pub const LINK_KINDS: [(&str, Collection); 6] = [
    ("sprint", Collection::Sprints),
    ("prototype", Collection::Prototypes),
    ("term", Collection::Glossary),
    ("chapter", Collection::Guidelines),
    ("page", Collection::Pages),
    ("news", Collection::News),
];

/// What Markdown needs to resolve a body's links and images
/// ([`markdown::Resolve`]): every record by kind and slug, every record
/// file by path, and where media files may be. Made once per derivation.
pub struct SiteLinks<'a> {
    cfg: &'a Config,
    base: BaseUrl,
    origin_and_path: String,
    /// Borrowed from the site: at 50,000 records owned copies of every
    /// slug and path were tens of megabytes held through the whole build.
    slugs: HashMap<Collection, BTreeSet<&'a str>>,
    /// Display path of every record text → (collection, slug).
    files: HashMap<&'a str, (Collection, &'a str)>,
}

impl<'a> SiteLinks<'a> {
    /// The records of `site` under `base`.
    pub fn new(site: &'a Site, base: &BaseUrl) -> SiteLinks<'a> {
        let cfg = &site.config;
        let mut slugs: HashMap<Collection, BTreeSet<&'a str>> = HashMap::new();
        let mut files = HashMap::new();
        for (c, slug, texts) in super::all_texts(site) {
            slugs.entry(c).or_default().insert(slug);
            for t in texts.values() {
                files.insert(t.path.as_str(), (c, slug));
            }
        }
        SiteLinks {
            cfg,
            base: base.clone(),
            origin_and_path: cfg.origin_and_path(),
            slugs,
            files,
        }
    }

    /// A hash of what resolution depends on (for bodies remembered
    /// between `serve` rebuilds: a link to a record added since must be
    /// resolved again).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut keys: Vec<(&str, &BTreeSet<&str>)> =
            self.slugs.iter().map(|(c, s)| (c.dir(), s)).collect();
        keys.sort();
        keys.hash(&mut h);
        self.cfg.media.max_kb.hash(&mut h);
        h.finish()
    }

    fn url(&self, c: Collection, slug: &str, lang: &str) -> String {
        Urls::new(self.cfg, &self.base, lang).record(c, slug)
    }

    /// The record file nearest to `path` in its folder, as a link from
    /// `from` would name it (for a did-you-mean).
    fn nearest_file(&self, path: &str) -> Option<&str> {
        let (dir, name) = path.rsplit_once('/')?;
        let names = self
            .files
            .keys()
            .filter_map(|f| f.rsplit_once('/').filter(|(d, _)| *d == dir).map(|p| p.1));
        crate::diagnostics::nearest(name, names)
    }

    /// Where a relative media path written in `from` may be: beside the
    /// file, or in a folder named after the record.
    fn media_candidates(&self, from: &str, rel: &str) -> Vec<String> {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let mut out = vec![format!("{dir}/{rel}")];
        if let Some((_, slug)) = self.files.get(from) {
            out.push(format!("{dir}/{slug}/{rel}"));
        }
        out.into_iter()
            .filter_map(|p| markdown::normalize(&p))
            .filter(|p| p.starts_with("content/") && !p.starts_with("content/data/"))
            .collect()
    }
}

/// A media file's size on disk and, for an image, in pixels.
fn media_of(path: &Path) -> Option<(u64, Option<(u32, u32)>)> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let size = imagesize::size(path)
        .ok()
        .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)));
    Some((meta.len(), size))
}

impl markdown::Resolve for SiteLinks<'_> {
    fn origin_and_path(&self) -> &str {
        &self.origin_and_path
    }

    fn record(&self, kind: &str, slug: &str, lang: &str) -> Result<String, Unresolved> {
        let Some((_, c)) = LINK_KINDS.iter().find(|(k, _)| *k == kind) else {
            let kinds: Vec<&str> = LINK_KINDS.iter().map(|k| k.0).collect();
            let near = crate::diagnostics::nearest(kind, kinds.iter().copied());
            return Err(Unresolved {
                message: format!("`@{kind}/…` is not a kind of record"),
                hint: match near {
                    Some(n) => format!(
                        "did you mean `@{n}/{slug}`? Record links are `@kind/slug`, kind one of: {}",
                        kinds.join(", ")
                    ),
                    None => format!(
                        "record links are `@kind/slug`, kind one of: {}",
                        kinds.join(", ")
                    ),
                },
            });
        };
        let known = self.slugs.get(c);
        if known.is_some_and(|s| s.contains(slug)) {
            return Ok(self.url(*c, slug, lang));
        }
        let near = known.and_then(|s| crate::diagnostics::nearest(slug, s.iter().copied()));
        Err(Unresolved {
            message: format!("there is no {kind} `{slug}` (content/{}/)", c.dir()),
            hint: match near {
                Some(n) => format!("did you mean `@{kind}/{n}`?"),
                None => "the slug is the file name without `.md`; a draft is left out unless you build with --drafts".to_string(),
            },
        })
    }

    fn file(&self, from: &str, rel: &str, lang: &str) -> Result<String, Unresolved> {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let target = if let Some(abs) = rel.strip_prefix('/') {
            markdown::normalize(abs)
        } else {
            markdown::normalize(&format!("{dir}/{rel}"))
        };
        let target = target
            .map(|t| markdown::percent_decode(&t))
            .unwrap_or_default();
        if let Some((c, slug)) = self.files.get(target.as_str()) {
            return Ok(self.url(*c, slug, lang));
        }
        let hint = match self.nearest_file(&target) {
            Some(n) => format!("did you mean `{n}` (in the same folder)? A link to a `.md` file must name a record's file; or link the record as `@kind/slug`"),
            None => "a link to a `.md` file must name a record's file (relative to this file); or link the record as `@kind/slug`".to_string(),
        };
        Err(Unresolved {
            message: format!("`{rel}` is not a record of the site (looked for `{target}`)"),
            hint,
        })
    }

    fn page(&self, from: &str, lang: &str) -> Option<String> {
        let (c, slug) = self.files.get(from)?;
        Some(self.url(*c, slug, lang))
    }

    fn media(&self, from: &str, path: &str, lang: &str) -> Result<markdown::Media, Unresolved> {
        let root = &self.cfg.root;
        if let Some(abs) = path.strip_prefix('/') {
            let rel = markdown::normalize(abs).unwrap_or_default();
            // The site's static folder wins over the theme's, as when copied.
            for dir in self.cfg.static_dirs(root).iter().rev() {
                let file = dir.join(&rel);
                if !rel.is_empty()
                    && let Some((bytes, size)) = media_of(&file)
                {
                    return Ok(markdown::Media {
                        url: markdown::rebase(path, self.base.path()),
                        copy_from: None,
                        size,
                        bytes,
                    });
                }
            }
            return Err(Unresolved {
                message: format!("`{path}` is not in static/ (nor in the theme's static folder)"),
                hint: format!(
                    "put the file at static/{rel}, or beside the record and link it without the leading `/`"
                ),
            });
        }
        let candidates = self.media_candidates(from, path);
        for c in &candidates {
            if let Some((bytes, size)) = media_of(&root.join(c)) {
                let name = c.rsplit('/').next().unwrap_or(c);
                let page = self
                    .page(from, lang)
                    .unwrap_or_else(|| self.base.path().to_string());
                return Ok(markdown::Media {
                    url: format!("{page}{name}"),
                    copy_from: Some(root.join(c)),
                    size,
                    bytes,
                });
            }
        }
        // Files in the folders looked in, for a did-you-mean.
        let names: Vec<String> = candidates
            .iter()
            .filter_map(|c| c.rsplit_once('/').map(|(d, _)| d))
            .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
            .flat_map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.ends_with(".md"))
                    .collect::<Vec<_>>()
            })
            .collect();
        let want = path.rsplit('/').next().unwrap_or(path);
        let near = crate::diagnostics::nearest(want, names.iter().map(String::as_str));
        Err(Unresolved {
            message: format!("the file `{path}` does not exist (looked for `{}`)", candidates.join("`, `")),
            hint: match near {
                Some(n) => format!("did you mean `{n}`? Media files go beside the record, in a folder named after it, or in static/ (linked as `/file`)"),
                None => "put the file beside the record or in a folder named after it (content/<collection>/<slug>/), or in static/ and link it as `/file`".into(),
            },
        })
    }

    fn media_limit(&self) -> u64 {
        self.cfg.media.max_kb.saturating_mul(1024)
    }
}

/// One record's page in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordUrl {
    pub lang: String,
    /// Root-relative, with the base path.
    pub url: String,
    pub collection: Collection,
    pub slug: String,
    /// The record's default-language file (where `old_urls` is written).
    pub file: String,
    /// Its `old_urls`.
    pub old_urls: Vec<crate::records::OldUrl>,
}

/// Every record's page in every language.
pub fn record_urls(site: &Site) -> Vec<RecordUrl> {
    use crate::records::{HasOldUrls, Record};
    fn of<T: HasOldUrls>(
        c: Collection,
        records: &[Record<T>],
        site: &Site,
        base: &BaseUrl,
        out: &mut Vec<RecordUrl>,
    ) {
        let cfg = &site.config;
        for r in records {
            let file = r
                .text(&cfg.default_language, &cfg.default_language)
                .path
                .clone();
            for lang in cfg.lang_codes() {
                out.push(RecordUrl {
                    url: Urls::new(cfg, base, &lang).record(c, &r.slug),
                    lang,
                    collection: c,
                    slug: r.slug.clone(),
                    file: file.clone(),
                    old_urls: r.data.old_urls().to_vec(),
                });
            }
        }
    }
    let base = BaseUrl::new(&site.config);
    let mut out = Vec::new();
    of(Collection::Sprints, &site.sprints, site, &base, &mut out);
    of(
        Collection::Prototypes,
        &site.prototypes,
        site,
        &base,
        &mut out,
    );
    of(Collection::Glossary, &site.glossary, site, &base, &mut out);
    of(
        Collection::Guidelines,
        &site.guidelines,
        site,
        &base,
        &mut out,
    );
    of(Collection::Pages, &site.pages, site, &base, &mut out);
    of(Collection::News, &site.news, site, &base, &mut out);
    out
}

/// A redirect from an `old_urls` entry to its record's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Root-relative, with the base path (`/lab/sprinti/old/`).
    pub from: String,
    /// The record's page in the old URL's language.
    pub to: String,
    pub lang: String,
    pub file: String,
    pub pos: crate::diagnostics::Pos,
    /// The entry as written.
    pub written: String,
}

/// Why an `old_urls` entry cannot be a redirect, if it cannot.
pub fn old_url_problem(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') || path.starts_with("//") {
        Some("an old URL is a path from the site's root, starting with `/` (`/sprinti/old-name/`)")
    } else if path.contains("://")
        || path.contains(['?', '#', '\\', ' ', '\t'])
        || path.split('/').any(|s| s == ".." || s == ".")
    {
        Some("an old URL is a plain path: no address, `?`, `#`, spaces or `..`")
    } else if !(path.ends_with('/') || path.ends_with(".html") || path.ends_with(".htm")) {
        Some("an old URL ends with `/` (a page) or `.html`")
    } else {
        None
    }
}

/// Every well-formed `old_urls` entry of the site as a redirect (the
/// malformed ones are reported by `crate::links`). The language is the
/// one the path starts with (`/en/…`), else the default language.
pub fn redirects(site: &Site) -> Vec<Redirect> {
    let cfg = &site.config;
    let base = BaseUrl::new(cfg);
    let mut out = Vec::new();
    for r in record_urls(site) {
        for old in &r.old_urls {
            if old_url_problem(&old.path).is_some() {
                continue;
            }
            let lang = cfg
                .lang_codes()
                .into_iter()
                .find(|l| *l != cfg.default_language && old.path.starts_with(&format!("/{l}/")))
                .unwrap_or_else(|| cfg.default_language.clone());
            if lang != r.lang {
                continue;
            }
            out.push(Redirect {
                from: markdown::rebase(&old.path, base.path()),
                to: r.url.clone(),
                lang,
                file: r.file.clone(),
                pos: old.pos,
                written: old.path.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}
