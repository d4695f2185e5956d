//! Stage 1, load: read every input file once and split record files into
//! front matter and body, keeping line numbers so every later stage can
//! point at `path:line:col`.
//!
//! Text is normalised on the way in — a UTF-8 BOM is dropped, CRLF becomes
//! LF, and everything is NFC — so later stages compare strings safely and a
//! file saved by any editor reads the same.

use crate::diagnostics::{Diagnostic, Kind, Pos, display_path};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The record collections, one folder each under `content/`. What each
/// holds is defined in [`crate::collections`] (`Collection::definition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Collection {
    Sprints,
    Prototypes,
    Glossary,
    Guidelines,
    Pages,
    News,
}

impl Collection {
    pub const ALL: [Collection; 6] = [
        Collection::Sprints,
        Collection::Prototypes,
        Collection::Glossary,
        Collection::Guidelines,
        Collection::Pages,
        Collection::News,
    ];

    /// The folder name under `content/`, also the section key in site.yaml.
    pub fn dir(self) -> &'static str {
        match self {
            Collection::Sprints => "sprints",
            Collection::Prototypes => "prototypes",
            Collection::Glossary => "glossary",
            Collection::Guidelines => "guidelines",
            Collection::Pages => "pages",
            Collection::News => "news",
        }
    }

    pub fn from_dir(s: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.dir() == s)
    }
}

/// A text's Markdown body: in memory, or left in its file.
///
/// `serve`, tests and tools hold every body. A one-off `build` or `check`
/// leaves them in their files and reads each again when it is rendered
/// (page cache, so cheap): at 50 000 sprints the bodies are 400 MB, and
/// holding them was most of the way past a gigabyte. The file is checked
/// against the hash taken when it was loaded, so an edit saved during a
/// build is an error, never a page built from two versions of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Held(String),
    /// The file's normalised text from byte `start` on, which hashed to
    /// `hash` ([`fingerprint`]) when it was loaded.
    InFile {
        file: std::sync::Arc<std::path::Path>,
        start: usize,
        hash: u64,
    },
}

impl Default for Body {
    fn default() -> Self {
        Body::Held(String::new())
    }
}

impl Body {
    /// The Markdown: borrowed when held, read again from its file
    /// otherwise. `Err` says why the file no longer gives the body it gave
    /// when loaded (deleted, unreadable, or edited since).
    pub fn read(&self) -> Result<std::borrow::Cow<'_, str>, String> {
        match self {
            Body::Held(s) => Ok(std::borrow::Cow::Borrowed(s)),
            Body::InFile { file, start, hash } => {
                let bytes =
                    std::fs::read(file).map_err(|e| format!("cannot read the file again: {e}"))?;
                let changed = || "the file changed while the site was being built".to_string();
                let text = String::from_utf8(bytes).map_err(|_| changed())?;
                let mut text = normalize(&text);
                match text.get(*start..) {
                    Some(body) if fingerprint(body) == *hash => {
                        text.drain(..*start);
                        Ok(std::borrow::Cow::Owned(text))
                    }
                    _ => Err(changed()),
                }
            }
        }
    }

    /// A fingerprint of the Markdown, without reading a body left in its
    /// file (for memo keys).
    pub fn print(&self) -> u64 {
        match self {
            Body::Held(s) => fingerprint(s),
            Body::InFile { hash, .. } => *hash,
        }
    }
}

/// A whole file as read, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// Display path relative to the site root (`content/sprints/x.md`).
    pub path: String,
    pub text: String,
}

/// A record file split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSource {
    pub file: SourceText,
    pub collection: Collection,
    /// File name without language suffix and `.md` (and without `NN-` for guidelines).
    pub slug: String,
    /// Language code from a `slug.<lang>.md` name; `None` for the default language.
    pub lang: Option<String>,
    /// Chapter order from a guidelines file name `NN-slug.md`.
    pub order: Option<u32>,
    /// Where the YAML between the `---` lines is in `file.text`.
    front: std::ops::Range<usize>,
    /// 1-based line of the first YAML line.
    pub front_line: usize,
    /// Where the body is in `file.text` (to the end).
    body_start: usize,
    /// 1-based line of the first body line.
    pub body_line: usize,
    /// Set when the body was dropped from `file.text` ([`Bodies::Leave`]):
    /// the file's path and the body's [`fingerprint`].
    left: Option<(std::sync::Arc<Path>, u64)>,
}

impl RecordSource {
    /// The YAML between the `---` lines. (Front matter and body are
    /// ranges of the file's text, not copies: a second copy of every
    /// file was a quarter of a 50 000-record build's memory.)
    pub fn front(&self) -> &str {
        &self.file.text[self.front.clone()]
    }

    /// The Markdown after the closing `---` (empty if [`Bodies::Leave`]
    /// dropped it).
    pub fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }

    /// The body for a record's text: a copy, or where to read it again.
    pub fn body_of(&self) -> Body {
        match &self.left {
            Some((file, hash)) => Body::InFile {
                file: file.clone(),
                start: self.body_start,
                hash: *hash,
            },
            None => Body::Held(self.body().to_string()),
        }
    }
}

/// Whether [`load`] keeps record bodies in memory or leaves them in their
/// files, to be read again when rendered ([`Body`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    Keep,
    Leave,
}

/// A fast hash of a body, to tell that a file read again still holds the
/// body it held when loaded ([`Body::read`]).
pub fn fingerprint(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::search::index::Fx::default();
    h.write(s.as_bytes());
    h.write_usize(s.len());
    h.finish()
}

/// Everything read from disk.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub config: Option<SourceText>,
    pub records: Vec<RecordSource>,
    /// `content/data/*.yaml`, by display path.
    pub data: Vec<SourceText>,
    /// Record files that exist but could not be read or split (their
    /// error is already reported): `validate` does not report their
    /// translations as orphans nor the records naming them as dangling.
    pub unreadable: Vec<UnreadableRecord>,
    /// Data files (`content/data/*.yaml`, display paths) that exist but
    /// could not be read: the ids they hold are unknown, not missing.
    pub unreadable_data: Vec<String>,
}

/// A file under `content/` that could not be read, as [`load`] sorts it.
enum Unreadable {
    Record(UnreadableRecord),
    Data(String),
}

/// A record file that could not be read or split: which record it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRecord {
    /// Display path (`content/sprints/x.md`).
    pub path: String,
    pub collection: Collection,
    pub slug: String,
    pub lang: Option<String>,
}

/// Reads `site.yaml` and everything under `content/`, in a stable order.
/// `langs` are the site's non-default language codes (for `slug.<lang>.md`).
pub fn load(root: &Path, langs: &[String], bodies: Bodies) -> (Sources, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sources = Sources::default();
    match read_text(root, &root.join("site.yaml")) {
        Ok(t) => sources.config = Some(t),
        Err(d) => diags.push(d),
    }
    let content = root.join("content");
    let (paths, links) = walk_inside(&content, root);
    for (path, reason) in links {
        diags.push(
            Diagnostic::warning(
                Kind::OutsideSymlink,
                display_path(root, &path),
                format!("symlink not read: {reason}"),
            )
            .hint("copy the file into content/ if it belongs to the site, or remove the link"),
        );
    }
    let read: Vec<_> = paths
        .par_iter()
        .map(|p| classify(root, &content, p, langs, bodies))
        .collect();
    for (r, unreadable) in read {
        match r {
            Loaded::Record(rec) => sources.records.push(*rec),
            Loaded::Data(t) => sources.data.push(t),
            Loaded::Skip => {}
            Loaded::Problem(d) => diags.push(d),
        }
        match unreadable {
            Some(Unreadable::Record(r)) => sources.unreadable.push(r),
            Some(Unreadable::Data(p)) => sources.unreadable_data.push(p),
            None => {}
        }
    }
    (sources, diags)
}

/// Why a walk (`follow_links(true)`) could not follow a symlink: it loops
/// or dangles. `None` for any other error.
pub fn broken_link(err: &walkdir::Error) -> Option<(PathBuf, &'static str)> {
    match (err.loop_ancestor(), err.path()) {
        (Some(_), Some(p)) => Some((
            p.to_path_buf(),
            "it links back to a folder that contains it",
        )),
        (None, Some(p)) if p.is_symlink() => Some((p.to_path_buf(), "its target does not exist")),
        _ => None,
    }
}

/// Why a walked symlink may not be followed: its target is outside
/// `site` (the canonical site folder). `None` for a plain file or folder
/// and for a link that stays inside.
pub fn outside_link(e: &walkdir::DirEntry, site: &Path) -> Option<&'static str> {
    if !e.path_is_symlink() {
        return None;
    }
    let inside = e
        .path()
        .canonicalize()
        .map(|t| t.starts_with(site))
        .unwrap_or(false);
    (!inside).then_some("it points outside the site folder")
}

/// Every file under `dir`, sorted, with symlinks followed while their
/// target stays inside `root` (an editor may link a shared file into a
/// collection). A link that leads outside the site, dangles or loops is
/// returned with the reason instead: read, it could publish any file on
/// the machine. Static folders are copied by the same rule
/// ([`broken_link`], [`outside_link`], used by `write`).
pub fn walk_inside(dir: &Path, root: &Path) -> (Vec<PathBuf>, Vec<(PathBuf, &'static str)>) {
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut it = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(e) = it.next() {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                refused.extend(broken_link(&err));
                continue;
            }
        };
        if let Some(reason) = outside_link(&e, &site) {
            refused.push((e.path().to_path_buf(), reason));
            if e.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if e.file_type().is_file() {
            files.push(e.into_path());
        }
    }
    (files, refused)
}

/// One file under `content/`, read and classified the way [`load`] does.
pub enum Loaded {
    Record(Box<RecordSource>),
    Data(SourceText),
    Skip,
    Problem(Diagnostic),
}

/// Reads and classifies a single file under `content/` exactly as [`load`]
/// would (for `serve`, which re-reads only the files that changed).
pub fn load_file(root: &Path, path: &Path, langs: &[String]) -> Loaded {
    classify(root, &root.join("content"), path, langs, Bodies::Keep).0
}

/// [`load_file`], and which record a file that could not be read was.
fn classify(
    root: &Path,
    content: &Path,
    path: &Path,
    langs: &[String],
    bodies: Bodies,
) -> (Loaded, Option<Unreadable>) {
    let rel = path.strip_prefix(content).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let name = parts.last().cloned().unwrap_or_default();
    if name.starts_with('.') {
        return (Loaded::Skip, None); // editor swap files, .DS_Store
    }
    let display = display_path(root, path);
    let unexpected = |why: &str| {
        let d = Loaded::Problem(
            Diagnostic::warning(
                Kind::UnexpectedFile,
                display.clone(),
                format!("{why}; it is ignored"),
            )
            .hint("records live in content/<collection>/<slug>.md, data in content/data/*.yaml"),
        );
        (d, None)
    };
    if parts.len() != 2 {
        return unexpected("this file is not inside a collection folder");
    }
    if parts[0] == "data" {
        if !name.ends_with(".yaml") {
            return unexpected("only .yaml files belong in content/data");
        }
        return match read_text(root, path) {
            Ok(t) => (Loaded::Data(t), None),
            Err(d) => (
                Loaded::Problem(d),
                Some(Unreadable::Data(display_path(root, path))),
            ),
        };
    }
    let Some(collection) = Collection::from_dir(&parts[0]) else {
        return unexpected(&format!("`content/{}` is not a collection", parts[0]));
    };
    let Some(stem) = name.strip_suffix(".md") else {
        return unexpected("only Markdown (.md) files are records");
    };
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((s, l)) if langs.iter().any(|x| x == l) => (s, Some(l.to_string())),
        _ => (stem, None),
    };
    let (slug, order) = if collection == Collection::Guidelines {
        match stem.split_once('-') {
            Some((nn, rest)) if nn.len() == 2 && nn.chars().all(|c| c.is_ascii_digit()) => {
                (rest.to_string(), nn.parse().ok())
            }
            _ => (stem.to_string(), None),
        }
    } else {
        (stem.to_string(), None)
    };
    let unreadable = || {
        Some(Unreadable::Record(UnreadableRecord {
            path: display_path(root, path),
            collection,
            slug: slug.clone(),
            lang: lang.clone(),
        }))
    };
    let file = match read_text(root, path) {
        Ok(t) => t,
        Err(d) => return (Loaded::Problem(d), unreadable()),
    };
    match split_front_matter(&file.text) {
        Ok(split) => {
            let front = split.front_start..split.front_start + split.front.len();
            let (front_line, body_start, body_line) =
                (split.front_line, split.body_start, split.body_line);
            let mut file = file;
            let left = (bodies == Bodies::Leave).then(|| {
                let hash = fingerprint(&file.text[body_start..]);
                file.text.truncate(body_start);
                file.text.shrink_to_fit();
                (std::sync::Arc::from(path), hash)
            });
            let record = Loaded::Record(Box::new(RecordSource {
                collection,
                slug,
                lang,
                order,
                front,
                front_line,
                body_start,
                body_line,
                file,
                left,
            }));
            (record, None)
        }
        Err(e) => (
            Loaded::Problem(
                Diagnostic::error(Kind::FrontMatter, file.path.clone(), e.message)
                    .at(Pos::new(e.line, 1, 3))
                    .hint(e.hint)
                    .with_source(&file.text),
            ),
            unreadable(),
        ),
    }
}

/// Reads a file as normalised UTF-8 text.
pub fn read_text(root: &Path, path: &Path) -> Result<SourceText, Diagnostic> {
    let display = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Kind::Io,
            display.clone(),
            format!("cannot read the file: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| not_utf8(&display, e.as_bytes(), e.utf8_error().valid_up_to()))?;
    Ok(SourceText {
        path: display,
        text: normalize(&text),
    })
}

/// A file that is not UTF-8, pointed at its first bad byte (line and
/// column, the line shown with the bad bytes replaced): a byte offset
/// alone sent editors counting. Usually the file was saved as Latin-1 or
/// Windows-1257 by an older editor.
fn not_utf8(display: &str, bytes: &[u8], valid: usize) -> Diagnostic {
    let before = &bytes[..valid];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let line_end = bytes[valid..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| valid + i);
    let shown = String::from_utf8_lossy(&bytes[line_start..line_end])
        .trim_end_matches('\r')
        .to_string();
    let mut d = Diagnostic::error(
        Kind::Io,
        display.to_string(),
        format!(
            "the file is not valid UTF-8: byte 0x{:02X} at line {line}, column {column}",
            bytes[valid]
        ),
    )
    .at(Pos::new(line, column, 1))
    .hint("save the file as UTF-8 (it was probably saved as Latin-1 or Windows-1257); in VS Code: \"Save with Encoding\" → UTF-8");
    d.source_line = Some(shown);
    d
}

/// Drops a BOM, turns CRLF and lone CR into LF, and composes to NFC.
pub fn normalize(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let t = if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    };
    if is_nfc_quick(t.chars()) == IsNormalized::Yes {
        t
    } else {
        t.nfc().collect()
    }
}

/// Front matter and body of a record, with their first lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Byte offset of `front` in the text.
    pub front_start: usize,
    pub front_line: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the text.
    pub body_start: usize,
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Splits `---\n<yaml>\n---\n<body>`. The opening fence must be the first
/// line; the closing fence is the next line that is exactly `---`
/// (trailing spaces allowed). Text must already be normalised (LF only).
pub fn split_front_matter(text: &str) -> Result<Split<'_>, SplitError> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(SplitError {
            line: 1,
            message: "the file does not start with front matter".into(),
            hint: "did you forget `---`? A record starts with a line `---`, its fields, then another `---`".into(),
        });
    }
    let front_start = first.len() + 1;
    let mut offset = front_start.min(text.len());
    for (i, l) in text[offset..].split_inclusive('\n').enumerate() {
        let line = i + 2;
        if l.trim_end() == "---" {
            let body_start = offset + l.len();
            return Ok(Split {
                front: &text[front_start..offset],
                front_start,
                front_line: 2,
                body: &text[body_start..],
                body_start,
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError {
        line: 1,
        message: "the front matter is never closed".into(),
        hint: "add a line `---` after the last field".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin1_file_is_pointed_at_its_first_bad_byte() {
        let (root, file) = site_with("l.md", "");
        std::fs::write(&file, b"---\ntitle: Ok\nnote: \"Saglab\xe2ts\"\n---\n").unwrap();
        let (sources, diags) = load(&root, &["en".to_string()], Bodies::Keep);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!((d.line, d.column), (3, 14));
        assert!(
            d.message.contains("byte 0xE2 at line 3, column 14"),
            "{}",
            d.message
        );
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .contains("save the file as UTF-8")
        );
        assert_eq!(d.source_line.as_deref(), Some("note: \"Saglab\u{fffd}ts\""));
        // validate learns which record it was, to spare its translations
        // and the records naming it a second, misleading error.
        assert_eq!(sources.unreadable.len(), 1);
        assert_eq!(sources.unreadable[0].slug, "l");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn symlinks_in_content_are_followed_inside_the_site_only() {
        let (root, _) = site_with("a.md", "---\ntitle: a\n---\n");
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/b.md"), "---\ntitle: b\n---\n").unwrap();
        let outside =
            std::env::temp_dir().join(format!("inolab-outside-{}.md", std::process::id()));
        std::fs::write(&outside, "---\ntitle: secret\n---\n").unwrap();
        let dir = root.join("content/sprints");
        std::os::unix::fs::symlink(root.join("shared/b.md"), dir.join("b.md")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("c.md")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere.md"), dir.join("d.md")).unwrap();
        let (sources, diags) = load(&root, &["en".to_string()], Bodies::Keep);
        let slugs: Vec<&str> = sources.records.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b"]);
        let refused: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                (
                    "content/sprints/c.md",
                    "symlink not read: it points outside the site folder"
                ),
                (
                    "content/sprints/d.md",
                    "symlink not read: its target does not exist"
                ),
            ]
        );
        assert!(
            diags
                .iter()
                .all(|d| d.kind == Kind::OutsideSymlink && !d.is_error())
        );
        std::fs::remove_file(outside).unwrap();
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split_front_matter("---\ntitle: a\n---\nBody\n").unwrap();
        assert_eq!(s.front, "title: a\n");
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter("---\ntitle: a\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn normalises_bom_crlf_and_nfc() {
        let decomposed = "a\u{0304}"; // a + combining macron
        let t = normalize(&format!("\u{feff}---\r\ntitle: {decomposed}\r\n---\r\n"));
        assert_eq!(t, "---\ntitle: ā\n---\n");
    }

    /// A one-file site under a fresh temporary folder.
    fn site_with(name: &str, text: &str) -> (PathBuf, PathBuf) {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("inolab-load-{}-{n}", std::process::id()));
        let dir = root.join("content").join("sprints");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        std::fs::write(root.join("site.yaml"), "").unwrap();
        (root, file)
    }

    fn only_record(root: &Path, bodies: Bodies) -> RecordSource {
        let (sources, diags) = load(root, &["en".to_string()], bodies);
        assert!(diags.is_empty(), "{diags:?}");
        sources.records.into_iter().next().unwrap()
    }

    #[test]
    fn a_body_left_in_its_file_reads_back_as_the_body_kept_in_memory() {
        // CRLF, a BOM and decomposed letters: read again, the body is
        // normalised exactly as on load.
        let text = "\u{feff}---\r\ntitle: a\r\n---\r\nPirma\u{0304}\r\n\r\n## Posms\r\n";
        let (root, _) = site_with("a.md", text);
        let kept = only_record(&root, Bodies::Keep).body_of();
        let left = only_record(&root, Bodies::Leave);
        assert_eq!(left.body(), "", "the body is not held");
        let left = left.body_of();
        assert!(matches!(left, Body::InFile { .. }));
        assert_eq!(kept.read().unwrap(), "Pirmā\n\n## Posms\n");
        assert_eq!(left.read().unwrap(), kept.read().unwrap());
        assert_eq!(left.print(), kept.print());
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_body_edited_or_removed_after_loading_is_an_error_not_a_mixed_page() {
        let (root, file) = site_with("b.md", "---\ntitle: b\n---\nVecais teksts.\n");
        let body = only_record(&root, Bodies::Leave).body_of();
        std::fs::write(&file, "---\ntitle: b\n---\nJaunais teksts.\n").unwrap();
        let e = body.read().unwrap_err();
        assert!(e.contains("changed while the site was being built"), "{e}");
        // The front matter alone changing moves the body: also an error.
        std::fs::write(&file, "---\ntitle: bb\n---\nVecais teksts.\n").unwrap();
        assert!(body.read().is_err());
        std::fs::remove_file(&file).unwrap();
        let e = body.read().unwrap_err();
        assert!(e.contains("cannot read the file again"), "{e}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
