//! Every URL the site has, per language, and the one place a URL is made
//! absolute or turned into an output file path. The base URL is parsed
//! once per derivation ([`BaseUrl`]), not at every link.

use super::Deriver;
use crate::config::Config;
use crate::load::Collection;
use crate::markdown::{self, Unresolved};
use crate::records::Site;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::path::Path;
use std::sync::Arc;

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
        self.joined(&[self.cfg.section_name(key, self.lang)])
    }
    /// A record's own page (free pages sit at the top level). Every card,
    /// back-link and page asks for these: one allocation each.
    pub(crate) fn record(&self, c: Collection, slug: &str) -> String {
        if c == Collection::Pages {
            self.joined(&[slug])
        } else {
            self.joined(&[self.cfg.section_name(c.dir(), self.lang), slug])
        }
    }
    /// The language's prefix, then each part followed by `/`.
    fn joined(&self, parts: &[&str]) -> String {
        let len = self.prefix.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>();
        let mut url = String::with_capacity(len);
        url.push_str(&self.prefix);
        for p in parts {
            url.push_str(p);
            url.push('/');
        }
        url
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
/// file by path, and where media files may be. Made once per derivation,
/// or, with a [`super::BodyCache`] (`serve`), kept between derivations
/// while the site's records and files stay the same: building it walks
/// every text of the site, most of a one-record preview at 10 000
/// records.
pub struct SiteLinks<'a> {
    cfg: &'a Config,
    base: BaseUrl,
    origin_and_path: String,
    index: Index<'a>,
}

/// The records and files a [`SiteLinks`] resolves against.
enum Index<'a> {
    /// Borrowed from the site (a build): at 50,000 records owned copies
    /// of every slug and path were tens of megabytes held through the
    /// whole build.
    Site(LinkIndex<&'a str>),
    /// Owned and shared, kept between derivations ([`KeptLinks`]).
    Kept(Arc<KeptLinks>),
}

/// Every record's slug by collection and every record text's file.
struct LinkIndex<S> {
    slugs: HashMap<Collection, BTreeSet<S>>,
    /// Display path of every record text → (collection, slug).
    files: HashMap<S, (Collection, S)>,
}

impl<S: Borrow<str> + Ord + Hash + Clone> LinkIndex<S> {
    /// The index of `texts`: (collection, slug, display path) each.
    fn of(texts: impl Iterator<Item = (Collection, S, S)>) -> LinkIndex<S> {
        let mut slugs: HashMap<Collection, BTreeSet<S>> = HashMap::new();
        let mut files = HashMap::new();
        for (c, slug, path) in texts {
            if !slugs.get(&c).is_some_and(|s| s.contains(slug.borrow())) {
                slugs.entry(c).or_default().insert(slug.clone());
            }
            files.insert(path, (c, slug));
        }
        LinkIndex { slugs, files }
    }

    fn has_slug(&self, c: Collection, slug: &str) -> bool {
        self.slugs.get(&c).is_some_and(|s| s.contains(slug))
    }

    fn nearest_slug(&self, c: Collection, slug: &str) -> Option<&str> {
        let known = self.slugs.get(&c)?;
        crate::diagnostics::nearest(slug, known.iter().map(|s| s.borrow()))
    }

    fn file(&self, path: &str) -> Option<(Collection, &str)> {
        self.files.get(path).map(|(c, s)| (*c, s.borrow()))
    }

    fn nearest_file(&self, dir: &str, name: &str) -> Option<&str> {
        let names = self.files.keys().filter_map(|f| {
            let f: &str = f.borrow();
            f.rsplit_once('/').filter(|(d, _)| *d == dir).map(|p| p.1)
        });
        crate::diagnostics::nearest(name, names)
    }

    /// A hash of the slugs, the same whichever `S` holds them.
    fn slugs_hash(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut keys: Vec<(&str, &BTreeSet<S>)> =
            self.slugs.iter().map(|(c, s)| (c.dir(), s)).collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        for (dir, set) in keys {
            dir.hash(&mut h);
            set.len().hash(&mut h);
            for s in set {
                let s: &str = s.borrow();
                s.hash(&mut h);
            }
        }
        h.finish()
    }
}

/// A [`SiteLinks`] index kept by `serve` between derivations, with the
/// texts it was made of, in the site's order, to tell whether it still
/// holds: an edit of a record's body or front matter leaves it as it is;
/// a new, deleted or renamed record makes a new one.
pub(crate) struct KeptLinks {
    index: LinkIndex<Arc<str>>,
    /// (collection, slug, display path) of every text, in
    /// [`super::all_texts`] order.
    texts: Vec<(Collection, Arc<str>, Arc<str>)>,
    slugs_hash: u64,
}

impl KeptLinks {
    fn of(site: &Site) -> KeptLinks {
        let mut texts = Vec::new();
        for (c, slug, ts) in super::all_texts(site) {
            let slug: Arc<str> = slug.into();
            for t in ts.values() {
                texts.push((c, slug.clone(), Arc::from(t.path.as_str())));
            }
        }
        let index = LinkIndex::of(texts.iter().cloned());
        let slugs_hash = index.slugs_hash();
        KeptLinks {
            index,
            texts,
            slugs_hash,
        }
    }

    /// Whether `site` has exactly the records and files this was made
    /// of: one pass of string comparisons, no hashing.
    fn holds_for(&self, site: &Site) -> bool {
        let mut kept = self.texts.iter();
        for (c, slug, ts) in super::all_texts(site) {
            for t in ts.values() {
                match kept.next() {
                    Some((kc, ks, kp)) if *kc == c && **ks == *slug && **kp == *t.path => {}
                    _ => return false,
                }
            }
        }
        kept.next().is_none()
    }

    /// This index brought up to `site` when a few records came or went
    /// (a new or deleted file: a preview inserts or removes one record in
    /// its place, so the texts stay in order): the kept texts and the
    /// site's are walked side by side and only the difference is applied.
    /// `None` when they differ by more than [`KEPT_LINKS_CHANGES`] texts
    /// (make a new one).
    fn updated(self: Arc<Self>, site: &Site) -> Option<KeptLinks> {
        let now: Vec<(Collection, &str, &str)> = super::all_texts(site)
            .into_iter()
            .flat_map(|(c, slug, ts)| ts.values().map(move |t| (c, slug, t.path.as_str())))
            .collect();
        let mut texts = Vec::with_capacity(now.len());
        let mut added: Vec<(Collection, Arc<str>, Arc<str>)> = Vec::new();
        let mut removed: Vec<&(Collection, Arc<str>, Arc<str>)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.texts.len() || j < now.len() {
            if added.len() + removed.len() > KEPT_LINKS_CHANGES {
                return None;
            }
            let k = self.texts.get(i);
            let n = now.get(j);
            if let (Some(k), Some(n)) = (k, n)
                && k.0 == n.0
                && *k.1 == *n.1
                && *k.2 == *n.2
            {
                texts.push(k.clone());
                i += 1;
                j += 1;
            } else if let Some(n) = n.filter(|n| k.is_none() || !self.index.files.contains_key(n.2))
            {
                // A text the index does not have: new.
                let slug: Arc<str> = match texts.last() {
                    Some((c, s, _)) if *c == n.0 && **s == *n.1 => s.clone(),
                    _ => n.1.into(),
                };
                let t = (n.0, slug, Arc::from(n.2));
                texts.push(t.clone());
                added.push(t);
                j += 1;
            } else if let Some(k) = k {
                // A kept text the site has no longer here: gone.
                removed.push(k);
                i += 1;
            }
        }
        let removed: Vec<(Collection, Arc<str>, Arc<str>)> = removed.into_iter().cloned().collect();
        // Changed in place when no derivation holds it any more (the
        // usual case: `serve` derives one thing at a time), else copied.
        let mut index = match Arc::try_unwrap(self) {
            Ok(kept) => kept.index,
            Err(shared) => LinkIndex {
                slugs: shared.index.slugs.clone(),
                files: shared.index.files.clone(),
            },
        };
        for (c, slug, path) in &removed {
            index.files.remove(&**path);
            if !texts.iter().any(|(tc, ts, _)| tc == c && ts == slug)
                && let Some(set) = index.slugs.get_mut(c)
            {
                set.remove(&**slug);
            }
        }
        for (c, slug, path) in added {
            index.slugs.entry(c).or_default().insert(slug.clone());
            index.files.insert(path, (c, slug));
        }
        // Every text once, by its own path: else make a new index.
        if index.files.len() != texts.len() {
            return None;
        }
        let slugs_hash = index.slugs_hash();
        Some(KeptLinks {
            index,
            texts,
            slugs_hash,
        })
    }
}

/// Texts that may come or go between two derivations for [`KeptLinks`]
/// to be updated rather than made again.
const KEPT_LINKS_CHANGES: usize = 256;

/// Where `serve` keeps a [`KeptLinks`] between derivations.
pub(crate) type KeptSlot = std::sync::Mutex<Option<Arc<KeptLinks>>>;

impl<'a> SiteLinks<'a> {
    /// The records of `site` under `base`.
    pub fn new(site: &'a Site, base: &BaseUrl) -> SiteLinks<'a> {
        let mut texts = Vec::new();
        for (c, slug, ts) in super::all_texts(site) {
            for t in ts.values() {
                texts.push((c, slug, t.path.as_str()));
            }
        }
        Self::with(site, base, Index::Site(LinkIndex::of(texts.into_iter())))
    }

    /// [`Self::new`], with the index kept in `slot` when it still holds
    /// for `site` ([`KeptLinks::holds_for`]), else made and kept there.
    pub(crate) fn kept(site: &'a Site, base: &BaseUrl, slot: &KeptSlot) -> SiteLinks<'a> {
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        let kept = match slot.take() {
            Some(k) if k.holds_for(site) => k,
            kept => Arc::new(
                kept.and_then(|k| k.updated(site))
                    .unwrap_or_else(|| KeptLinks::of(site)),
            ),
        };
        *slot = Some(kept.clone());
        Self::with(site, base, Index::Kept(kept))
    }

    fn with(site: &'a Site, base: &BaseUrl, index: Index<'a>) -> SiteLinks<'a> {
        let cfg = &site.config;
        SiteLinks {
            cfg,
            base: base.clone(),
            origin_and_path: cfg.origin_and_path(),
            index,
        }
    }

    /// A hash of what resolution depends on (for bodies remembered
    /// between `serve` rebuilds: a link to a record added since must be
    /// resolved again).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let slugs = match &self.index {
            Index::Site(i) => i.slugs_hash(),
            Index::Kept(k) => k.slugs_hash,
        };
        slugs.hash(&mut h);
        self.cfg.media.max_kb.hash(&mut h);
        h.finish()
    }

    fn has_slug(&self, c: Collection, slug: &str) -> bool {
        match &self.index {
            Index::Site(i) => i.has_slug(c, slug),
            Index::Kept(k) => k.index.has_slug(c, slug),
        }
    }

    fn nearest_slug(&self, c: Collection, slug: &str) -> Option<&str> {
        match &self.index {
            Index::Site(i) => i.nearest_slug(c, slug),
            Index::Kept(k) => k.index.nearest_slug(c, slug),
        }
    }

    /// The record a text's file belongs to.
    fn file_record(&self, path: &str) -> Option<(Collection, &str)> {
        match &self.index {
            Index::Site(i) => i.file(path),
            Index::Kept(k) => k.index.file(path),
        }
    }

    fn url(&self, c: Collection, slug: &str, lang: &str) -> String {
        Urls::new(self.cfg, &self.base, lang).record(c, slug)
    }

    /// The record file nearest to `path` in its folder, as a link from
    /// `from` would name it (for a did-you-mean).
    fn nearest_file(&self, path: &str) -> Option<&str> {
        let (dir, name) = path.rsplit_once('/')?;
        match &self.index {
            Index::Site(i) => i.nearest_file(dir, name),
            Index::Kept(k) => k.index.nearest_file(dir, name),
        }
    }

    /// Where a relative media path written in `from` may be: beside the
    /// file, or in a folder named after the record.
    fn media_candidates(&self, from: &str, rel: &str) -> Vec<String> {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let mut out = vec![format!("{dir}/{rel}")];
        if let Some((_, slug)) = self.file_record(from) {
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
        if self.has_slug(*c, slug) {
            return Ok(self.url(*c, slug, lang));
        }
        let near = self.nearest_slug(*c, slug);
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
        if let Some((c, slug)) = self.file_record(&target) {
            return Ok(self.url(c, slug, lang));
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
        let (c, slug) = self.file_record(from)?;
        Some(self.url(c, slug, lang))
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
