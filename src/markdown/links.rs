//! What a body's links and images point at. Markdown is rendered before
//! the site's pages exist, so each internal link is resolved here as far
//! as the body alone allows (record links `@sprint/slug` and `.md` files
//! become URLs, relative links become root-relative) and noted as a
//! [`BodyLink`]; whether its page and fragment exist is checked once
//! every page is rendered (`crate::links`). Images are found on disk here,
//! through the site's [`Resolve`], so their size goes into the `<img>`.

use crate::diagnostics::{Diagnostic, Kind, Pos};

/// Why a link or image could not be resolved: the message and the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub message: String,
    pub hint: String,
}

/// An image or attachment found beside its record or in a static folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The URL the page uses (root-relative, with the base path).
    pub url: String,
    /// The file to copy to [`Media::url`] (`None`: a static file, copied
    /// with its folder).
    pub copy_from: Option<std::path::PathBuf>,
    /// Pixel size, when the file is an image whose header says it.
    pub size: Option<(u32, u32)>,
    /// Bytes on disk.
    pub bytes: u64,
}

/// The site, as Markdown sees it: which records exist and at what URL,
/// and which files sit beside a record. Implemented by derive, which
/// knows the URLs; `None` in [`super::Settings`] leaves links as written.
pub trait Resolve: Sync {
    /// The site's absolute URL with its path, no trailing slash
    /// (`https://example.org/lab`): a link to it is an internal link.
    fn origin_and_path(&self) -> &str;
    /// `@kind/slug`: the record's URL in `lang`.
    fn record(&self, kind: &str, slug: &str, lang: &str) -> Result<String, Unresolved>;
    /// A `.md` path written in the body of file `from`: the URL, in
    /// `lang`, of the record that file is.
    fn file(&self, from: &str, rel: &str, lang: &str) -> Result<String, Unresolved>;
    /// The URL, in `lang`, of the page that shows the body of file `from`.
    fn page(&self, from: &str, lang: &str) -> Option<String>;
    /// An image or attachment written in the body of file `from`
    /// (relative: beside the record; root-relative: in a static folder).
    fn media(&self, from: &str, path: &str, lang: &str) -> Result<Media, Unresolved>;
    /// Bytes above which a media file gets a warning.
    fn media_limit(&self) -> u64;
}

/// An internal link of a body, resolved to a URL, to check against the
/// built pages.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct BodyLink {
    /// Root-relative, with the base path, without the fragment and query.
    pub url: String,
    pub fragment: Option<String>,
    /// As the editor wrote it.
    pub written: String,
    /// The body's file, and where the link's destination stands in it.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A media file a body uses, to copy into the output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MediaCopy {
    /// Output path relative to the output root.
    pub url: String,
    pub from: std::path::PathBuf,
}

/// What a link destination is.
enum Dest<'a> {
    /// Leave it alone (external, `mailto:`, …).
    External,
    /// `#id` on the same page.
    Fragment(&'a str),
    /// `@kind/slug[#id]`.
    Record(&'a str, &'a str, Option<&'a str>),
    /// A path to check: root-relative (`/x/`), relative (`x/`, `a.md`).
    Path(&'a str),
}

fn classify<'a>(dest: &'a str, origin: &str) -> Dest<'a> {
    if let Some(f) = dest.strip_prefix('#') {
        return Dest::Fragment(f);
    }
    if let Some(r) = dest.strip_prefix('@') {
        let (r, frag) = split_fragment(r);
        let (kind, slug) = r.split_once('/').unwrap_or((r, ""));
        return Dest::Record(kind, slug.trim_end_matches('/'), frag);
    }
    if !origin.is_empty()
        && let Some(rest) = dest.strip_prefix(origin)
        && (rest.is_empty() || rest.starts_with(['/', '#', '?']))
    {
        return Dest::Path(dest);
    }
    if dest.starts_with("//") || has_scheme(dest) {
        return Dest::External;
    }
    Dest::Path(dest)
}

/// `https:`, `mailto:`, `tel:` …: a scheme before any `/`, `?` or `#`.
fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let s = &dest[..i];
            !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn split_fragment(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (s, None),
    }
}

/// `a/../b/./c` → `b/c`, on `/`-separated segments; `None` when `..`
/// climbs above the start.
pub fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// Decodes `%XX` escapes (a link to `/m%C4%93r%C4%B7is/` names the page
/// `/mērķis/`); anything undecodable is left as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// What becomes of one link of a body.
pub(super) struct Resolved {
    /// The `href` to write.
    pub href: String,
    /// The link to check once pages exist.
    pub check: Option<BodyLink>,
    pub diag: Option<Diagnostic>,
}

/// A link that names a record (`@kind/slug` or its `.md` file): written
/// as the record's URL (with the fragment), checked once pages exist.
fn to_record(
    url: String,
    frag: Option<&str>,
    note: impl Fn(String, Option<&str>) -> BodyLink,
) -> Resolved {
    let href = match frag {
        Some(f) => format!("{url}#{f}"),
        None => url.clone(),
    };
    Resolved {
        href,
        check: Some(note(url, frag)),
        diag: None,
    }
}

/// Resolves one link destination written in a body.
pub(super) fn link(dest: &str, s: &super::Settings, r: &dyn Resolve, at: Pos) -> Resolved {
    let keep = |check: Option<BodyLink>| Resolved {
        href: super::rebase(dest, s.base_path),
        check,
        diag: None,
    };
    let note = |url: String, fragment: Option<&str>| BodyLink {
        url,
        fragment: fragment.filter(|f| !f.is_empty()).map(percent_decode),
        written: dest.to_string(),
        file: s.path.to_string(),
        line: at.line,
        column: at.column,
    };
    let fail = |u: Unresolved| Resolved {
        href: dest.to_string(),
        check: None,
        diag: Some(
            Diagnostic::error(Kind::BrokenLink, s.path, u.message)
                .at(at)
                .hint(u.hint),
        ),
    };
    match classify(dest, r.origin_and_path()) {
        Dest::External => keep(None),
        Dest::Fragment(f) => match r.page(s.path, s.lang) {
            Some(page) => keep(Some(note(page, Some(f)))),
            None => keep(None),
        },
        Dest::Record(kind, slug, frag) => match r.record(kind, slug, s.lang) {
            Ok(url) => to_record(url, frag, note),
            Err(u) => fail(u),
        },
        Dest::Path(p) => {
            let (p, frag) = split_fragment(p);
            let p = p.split('?').next().unwrap_or_default();
            let origin = r.origin_and_path();
            if let Some(rest) = p.strip_prefix(origin).filter(|_| !origin.is_empty()) {
                // The site's own absolute URL: checked, written as is.
                let url = format!(
                    "{}/{}",
                    s.base_path.trim_end_matches('/'),
                    rest.trim_start_matches('/')
                );
                return keep(Some(note(percent_decode(&url), frag)));
            }
            if p.ends_with(".md") {
                return match r.file(s.path, p, s.lang) {
                    Ok(url) => to_record(url, frag, note),
                    Err(u) => fail(u),
                };
            }
            if p.starts_with('/') {
                let url = super::rebase(p, s.base_path);
                return keep(Some(note(percent_decode(&url), frag)));
            }
            // Relative to the page the body is shown on.
            let Some(page) = r.page(s.path, s.lang) else {
                return keep(None);
            };
            match normalize(&format!("{}{}", page.trim_start_matches('/'), p)) {
                Some(url) => keep(Some(note(percent_decode(&format!("/{url}")), frag))),
                None => fail(Unresolved {
                    message: format!("the link `{dest}` leads above the site's root"),
                    hint: "write the page's address from the site's root: `/section/page/`, or link the record with `@kind/slug`".into(),
                }),
            }
        }
    }
}

/// The image `dest` of a body: its URL and size, the file to copy, and a
/// diagnostic for a missing or oversized file. `None` for an external image.
pub(super) fn image(
    dest: &str,
    s: &super::Settings,
    r: &dyn Resolve,
    at: Pos,
) -> Option<(Result<Media, ()>, Option<Diagnostic>)> {
    if dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or_default();
    match r.media(s.path, &percent_decode(path), s.lang) {
        Ok(m) => {
            let warn = (m.bytes > r.media_limit()).then(|| {
                Diagnostic::warning(
                    Kind::LargeMedia,
                    s.path,
                    format!(
                        "`{dest}` is {} KB, over the site's limit of {} KB",
                        m.bytes.div_ceil(1024),
                        r.media_limit() / 1024
                    ),
                )
                .at(at)
                .hint("make it smaller (resize, compress, or export as WebP/JPEG), or raise `media.max_kb` in site.yaml")
            });
            Some((Ok(m), warn))
        }
        Err(u) => Some((
            Err(()),
            Some(
                Diagnostic::error(Kind::MissingMedia, s.path, u.message)
                    .at(at)
                    .hint(u.hint),
            ),
        )),
    }
}

/// Where the destination of the link or image spanning `range` starts:
/// after its `](`, else the `[` itself.
pub(super) fn dest_offset(md: &str, range: &std::ops::Range<usize>) -> usize {
    let Some(span) = md.get(range.clone()) else {
        return range.start;
    };
    match span.find("](") {
        Some(i) => {
            let after = &span[i + 2..];
            let lead = after.len() - after.trim_start_matches(['<', ' ']).len();
            range.start + i + 2 + lead
        }
        None => range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site with one sprint `a` and one image `x.png` (4×3, 2 KB).
    struct Stub;
    impl Resolve for Stub {
        fn origin_and_path(&self) -> &str {
            "https://e.org/lab"
        }
        fn record(&self, kind: &str, slug: &str, lang: &str) -> Result<String, Unresolved> {
            match (kind, slug, lang) {
                ("sprint", "a", "en") => Ok("/lab/en/sprints/a/".into()),
                ("sprint", "a", _) => Ok("/lab/sprinti/a/".into()),
                _ => Err(Unresolved {
                    message: format!("no {kind} {slug}"),
                    hint: "did you mean `@sprint/a`?".into(),
                }),
            }
        }
        fn file(&self, _from: &str, rel: &str, lang: &str) -> Result<String, Unresolved> {
            self.record("sprint", rel.trim_end_matches(".md"), lang)
        }
        fn page(&self, _from: &str, _lang: &str) -> Option<String> {
            Some("/lab/sprinti/b/".into())
        }
        fn media(&self, _from: &str, path: &str, _lang: &str) -> Result<Media, Unresolved> {
            if path == "x.png" {
                Ok(Media {
                    url: "/lab/sprinti/b/x.png".into(),
                    copy_from: Some("content/sprints/x.png".into()),
                    size: Some((4, 3)),
                    bytes: 2048,
                })
            } else {
                Err(Unresolved {
                    message: format!("no {path}"),
                    hint: "did you mean `x.png`?".into(),
                })
            }
        }
        fn media_limit(&self) -> u64 {
            1024
        }
    }

    fn render(md: &str, lang: &str, html: bool) -> super::super::Rendered {
        super::super::render(
            md,
            &super::super::Settings {
                lang,
                base_path: "/lab/",
                trusted_html: false,
                terms: None,
                self_term: None,
                path: "content/sprints/b.md",
                body_line: 3,
                html,
                links: Some(&Stub),
            },
        )
    }

    #[test]
    fn links_resolve_in_the_body_language_and_the_text_pass_finds_the_same() {
        let md = "[s](@sprint/a#m) [f](a.md) [r](../c/) [h](#h) [x](https://x.org/)\n\n\
                  ![Shēma](x.png) ![Nav](y.png) [bad](@sprint/z)\n";
        let lv = render(md, "lv", true);
        assert!(
            lv.html.contains("<a href=\"/lab/sprinti/a/#m\">s</a>"),
            "{}",
            lv.html
        );
        assert!(lv.html.contains("<a href=\"/lab/sprinti/a/\">f</a>"));
        assert!(lv.html.contains("<a href=\"../c/\">r</a>"));
        assert!(lv.html.contains(
            "<img src=\"/lab/sprinti/b/x.png\" alt=\"Shēma\" width=\"4\" height=\"3\" loading=\"lazy\">"
        ));
        let en = render(md, "en", true);
        assert!(
            en.html.contains("<a href=\"/lab/en/sprints/a/#m\">s</a>"),
            "{}",
            en.html
        );
        // Links to check: the record (with its fragment), the file, the
        // relative link (against the page), the fragment on this page.
        let checks: Vec<(&str, Option<&str>, usize, usize)> = lv
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.fragment.as_deref(), l.line, l.column))
            .collect();
        assert_eq!(
            checks,
            [
                ("/lab/sprinti/a/", Some("m"), 3, 5),
                ("/lab/sprinti/a/", None, 3, 22),
                ("/lab/sprinti/c/", None, 3, 32),
                ("/lab/sprinti/b/", Some("h"), 3, 43),
            ]
        );
        let diags: Vec<(Kind, usize, usize)> = lv
            .diags
            .iter()
            .map(|d| (d.kind, d.line, d.column))
            .collect();
        assert_eq!(
            diags,
            [
                (Kind::LargeMedia, 5, 10),
                (Kind::MissingMedia, 5, 24),
                (Kind::BrokenLink, 5, 37)
            ]
        );
        assert_eq!(lv.media.len(), 1);
        let text_only = render(md, "lv", false);
        assert_eq!(text_only.links, lv.links);
        assert_eq!(text_only.media, lv.media);
        assert_eq!(text_only.diags, lv.diags);
    }

    #[test]
    fn paths_normalise_and_decode() {
        assert_eq!(normalize("a/b/../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(normalize("a/../../b"), None);
        assert_eq!(percent_decode("/m%C4%93r%C4%B7is/"), "/mērķis/");
        assert_eq!(percent_decode("/100%/"), "/100%/");
    }

    #[test]
    fn destinations_are_classified() {
        let o = "https://e.org/lab";
        assert!(matches!(classify("https://x.org/", o), Dest::External));
        assert!(matches!(classify("mailto:a@b.lv", o), Dest::External));
        assert!(matches!(classify("#mērķis", o), Dest::Fragment("mērķis")));
        assert!(matches!(
            classify("@sprint/a#b", o),
            Dest::Record("sprint", "a", Some("b"))
        ));
        assert!(matches!(classify("https://e.org/lab/x/", o), Dest::Path(_)));
        assert!(matches!(classify("https://e.org/labx/", o), Dest::External));
        assert!(matches!(classify("../x.md", o), Dest::Path("../x.md")));
    }
}
