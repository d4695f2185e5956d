//! The bodies of inolab's fuzz targets, shared by two drivers:
//!
//! * `fuzz/fuzz_targets/*.rs`: coverage-guided libFuzzer runs
//!   (`cargo fuzz run <target>`; see docs/fuzzing.md);
//! * `tests/fuzz_smoke.rs`: a plain `cargo test` on the stable toolchain
//!   that replays the seed corpus and the regression inputs, then a fixed
//!   number of deterministic mutations of them (CI runs it).
//!
//! Every target takes raw bytes, returns early on input it cannot use
//! (not UTF-8), and panics when a property fails: a panic is the crash
//! libFuzzer reports. Beyond "no panic", each checks what the issue asks:
//! the sanitiser lets no script through, the analyser is deterministic and
//! its keys are folded, the path decoder never escapes the site root.

use inolab::collections::check::{FieldPositions, TranslationFm};
use inolab::collections::{chapter, glossary, news, page, prototype, sprint};
use inolab::diagnostics::{self, Diagnostic, Format};
use inolab::load::{self, Bodies};
use inolab::markdown::{self, Settings, TermMatcher};
use inolab::records;
use inolab::search::analysis;
use inolab::search::{Field, SearchDoc, build_index};
use inolab::serve::build::{File, SiteMap};
use inolab::serve::http::{self, Refusal, Request};

/// The index reader the tests use (the site queries only in the browser).
#[path = "../../tests/search/reader.rs"]
mod reader;
use inolab::validate;
use inolab::yaml;
use reader::{Options as QueryOptions, Reader};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The targets by name (the names of the libFuzzer binaries and of the
/// corpus folders under `fuzz/seeds/` and `fuzz/regressions/`).
/// A fuzz target: its name and its body.
pub type Target = (&'static str, fn(&[u8]));

pub const TARGETS: &[Target] = &[
    ("front_matter", front_matter),
    ("record", record),
    ("markdown", markdown),
    ("search", search),
    ("serve_path", serve_path),
];

// ------------------------------------------------------------ front matter

/// Front matter as `load` and `validate` read it, in memory: normalise,
/// split at the `---` fences, scan field positions, parse the YAML as every
/// record type and as the data files and site.yaml, and render each error
/// as the diagnostic an editor would see, with its source line and caret.
pub fn front_matter(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let text = load::normalize(raw);
    assert!(!text.contains('\r'), "normalised text keeps a CR");
    assert!(!text.starts_with('\u{feff}') || raw.starts_with("\u{feff}\u{feff}"));
    let (front, front_line) = match load::split_front_matter(&text) {
        Ok(s) => {
            // The parts are where the offsets and line numbers say.
            assert_eq!(&text[s.front_start..s.front_start + s.front.len()], s.front);
            assert_eq!(&text[s.body_start..], s.body);
            assert!(s.front_start + s.front.len() <= s.body_start);
            assert_eq!(s.front_line, 2);
            let lines_before = text[..s.body_start].matches('\n').count();
            assert!(
                s.body_line == lines_before + 1 || s.body.is_empty(),
                "body line {} but {} lines precede it",
                s.body_line,
                lines_before
            );
            (s.front, s.front_line)
        }
        Err(e) => {
            let d = Diagnostic::error(diagnostics::Kind::FrontMatter, "f.md", e.message)
                .at(diagnostics::Pos::new(e.line, 1, 3))
                .hint(e.hint)
                .with_source(&text);
            show(&[d]);
            // The YAML parser still gets the whole text.
            (text.as_str(), 1)
        }
    };
    let fp = FieldPositions::scan(front, front_line);
    for (_, pos) in fp.keys() {
        assert!(pos.line >= front_line);
    }
    let mut diags = Vec::new();
    let mut parse = |r: Result<(), yaml::YamlError>| {
        if let Err(e) = r {
            diags.push(
                inolab::yaml::yaml_diagnostic(&e, "f.md", front_line - 1, &[]).with_source(&text),
            );
        }
    };
    parse(yaml::from_str::<sprint::SprintFm>(front).map(drop));
    parse(yaml::from_str::<prototype::PrototypeFm>(front).map(drop));
    parse(yaml::from_str::<glossary::TermFm>(front).map(drop));
    parse(yaml::from_str::<chapter::ChapterFm>(front).map(drop));
    parse(yaml::from_str::<page::PageFm>(front).map(drop));
    parse(yaml::from_str::<news::NewsFm>(front).map(drop));
    parse(yaml::from_str::<TranslationFm>(front).map(drop));
    parse(
        yaml::from_str::<std::collections::BTreeMap<String, records::Institution>>(front).map(drop),
    );
    parse(yaml::from_str::<std::collections::BTreeMap<String, records::Funding>>(front).map(drop));
    parse(yaml::from_str::<records::Indicators>(front).map(drop));
    parse(yaml::from_str::<serde_json::Value>(front).map(drop));
    if let Err(ds) = inolab::config::Config::parse(front, "site.yaml") {
        diags.extend(ds);
    }
    show(&diags);
}

/// Every way a diagnostic is shown; none may panic.
fn show(diags: &[Diagnostic]) {
    for d in diags {
        let h = diagnostics::human(d);
        assert!(!h.is_empty());
    }
    let _ = diagnostics::render(diags, Format::Human);
    let json = diagnostics::render(diags, Format::Json);
    if !diags.is_empty() {
        assert!(!json.is_empty());
    }
}

// ------------------------------------------------------------------ record

/// The bundled minimal fixture site, copied once per process to a private
/// folder (tmpfs where there is one), with no extra record yet.
fn fixture_site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("inolab-fuzz-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .find(|p| p.join("tests/fixtures/minimal/site.yaml").is_file())
            .expect("the repository's tests/fixtures/minimal")
            .join("tests/fixtures/minimal");
        copy_dir(&src.join("content"), &root.join("content"));
        std::fs::copy(src.join("site.yaml"), root.join("site.yaml")).expect("site.yaml");
        root
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("fixture copy");
    for e in std::fs::read_dir(from).expect("fixture folder") {
        let e = e.expect("fixture entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("fixture file");
        }
    }
}

/// One record file added to a small valid site, then the site loaded and
/// validated as `inolab check` does, and every diagnostic rendered. The
/// first byte picks the collection and the language (`x.md` or
/// `x.en.md`); the rest is the file's bytes (not necessarily UTF-8).
pub fn record(data: &[u8]) {
    let Some((&sel, text)) = data.split_first() else {
        return;
    };
    let root = fixture_site();
    let coll = load::Collection::ALL[(sel as usize) % load::Collection::ALL.len()];
    let name = match (coll, sel & 0x80 != 0) {
        (load::Collection::Guidelines, false) => "09-fuzz.md",
        (load::Collection::Guidelines, true) => "01-ievads.en.md",
        (load::Collection::Sprints, true) => "cilveks-pirmaja-vieta.en.md",
        (_, false) => "fuzz.md",
        (_, true) => "fuzz.en.md",
    };
    let path = root.join("content").join(coll.dir()).join(name);
    let before = std::fs::read(&path).ok();
    std::fs::write(&path, text).expect("write the record");
    let cfg_text = std::fs::read_to_string(root.join("site.yaml")).expect("site.yaml");
    let config = inolab::config::Config::parse(&cfg_text, "site.yaml").expect("fixture config");
    let (sources, mut diags) = load::load(root, &config.lang_codes(), Bodies::Keep);
    let (site, more) = validate::validate(&sources, &config, validate::Options { drafts: true });
    diags.extend(more);
    // Every record that passed is a record of the site: validation never
    // invents records.
    let records = site.sprints.len()
        + site.prototypes.len()
        + site.glossary.len()
        + site.guidelines.len()
        + site.pages.len()
        + site.news.len();
    assert!(records <= sources.records.len());
    diagnostics::sort(&mut diags);
    show(&diags);
    match before {
        Some(b) => std::fs::write(&path, b).expect("restore the record"),
        None => std::fs::remove_file(&path).expect("remove the record"),
    }
}

// ---------------------------------------------------------------- markdown

/// The glossary of the markdown target: (form, slug).
const TERM_FORMS: &[(&str, &str)] = &[
    ("prototips", "prototips"),
    ("prototipi", "prototips"),
    ("hakatons", "hakatons"),
    ("dizaina domāšana", "dizaina-domasana"),
    ("koprade", "koprade"),
    ("İnovācija", "inovacija"),
    ("ẞtraße", "strasse"),
];

fn terms() -> &'static TermMatcher {
    static T: OnceLock<TermMatcher> = OnceLock::new();
    T.get_or_init(|| {
        TermMatcher::new(
            TERM_FORMS
                .iter()
                .map(|(f, s)| (f.to_string(), s.to_string(), format!("/glosarijs/{s}/")))
                .collect(),
        )
    })
}

/// A Markdown body rendered as a page would be. The first byte picks the
/// language, whether raw HTML is trusted, whether glossary terms are
/// linked, and the base path; the rest is the body.
///
/// Properties: with `trusted_html` off the HTML has no script, no
/// `javascript:`-like URL and no event-handler attribute; the text-only
/// reading finds the same text, headings, terms and diagnostics as the
/// full rendering; heading ids are unique; rendering is deterministic.
pub fn markdown(data: &[u8]) {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let Ok(md) = std::str::from_utf8(body) else {
        return;
    };
    // `load` normalises every file before it reaches the renderer.
    let md = load::normalize(md);
    let settings = |html: bool| Settings {
        lang: if sel & 1 == 0 { "lv" } else { "en" },
        base_path: if sel & 8 == 0 { "/" } else { "/lab/" },
        trusted_html: sel & 2 != 0 && sel & 0x80 != 0,
        terms: (sel & 4 != 0).then(terms),
        self_term: (sel & 0x10 != 0).then_some("prototips"),
        path: "content/pages/x.md",
        body_line: 4,
        html,
        links: None,
    };
    let full = markdown::render(&md, &settings(true));
    let lean = markdown::render(&md, &settings(false));
    assert_eq!(full.text, lean.text, "text-only reading differs");
    assert_eq!(full.toc, lean.toc, "text-only headings differ");
    assert_eq!(full.terms, lean.terms, "text-only terms differ");
    assert_eq!(
        full.diags.len(),
        lean.diags.len(),
        "text-only diagnostics differ"
    );
    assert!(lean.html.is_empty());
    let mut ids = std::collections::HashSet::new();
    for h in &full.toc {
        assert!(!h.id.is_empty(), "empty heading id");
        assert!(ids.insert(h.id.as_str()), "duplicate heading id {:?}", h.id);
    }
    if !settings(true).trusted_html {
        assert_safe_html(&full.html);
    }
    // A glossary link wraps one of the term's forms, never other letters.
    for (i, _) in full.html.match_indices("<a class=\"term\" href=\"") {
        let rest = &full.html[i..];
        let inner = rest
            .split_once('>')
            .and_then(|(_, r)| r.split_once("</a>"))
            .map_or("", |(t, _)| t);
        assert!(
            TERM_FORMS
                .iter()
                .any(|(f, _)| f.to_lowercase() == inner.to_lowercase()),
            "term link around {inner:?} in {:?}",
            full.html
        );
    }
    let again = markdown::render(&md, &settings(true));
    assert_eq!(full, again, "rendering is not deterministic");
}

/// Fails if `html` could run script: a `<script>` (or other active)
/// element, an `on*` attribute, or a URL attribute with a scheme that
/// runs code. Works on the tags of the markup, not on its text, so an
/// escaped `&lt;script&gt;` in a paragraph is fine.
pub fn assert_safe_html(html: &str) {
    for tag in tags(html) {
        let name = tag.name.to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "style"
                    | "base"
                    | "form"
                    | "meta"
                    | "link"
            ),
            "active element <{name}> in {html:?}"
        );
        for (attr, value) in &tag.attrs {
            let attr = attr.to_ascii_lowercase();
            // pulldown-cmark aligns table cells with one inline style.
            let alignment = attr == "style"
                && matches!(
                    value.as_str(),
                    "text-align: left" | "text-align: center" | "text-align: right"
                );
            assert!(
                !attr.starts_with("on") && (attr != "style" || alignment) && attr != "srcdoc",
                "attribute {attr}={value:?} on <{name}> in {html:?}"
            );
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "data"
            ) {
                let scheme = url_scheme(&decode_entities(value));
                assert!(
                    !matches!(scheme.as_deref(), Some("javascript" | "vbscript" | "data")),
                    "{attr}={value:?} on <{name}> in {html:?}"
                );
            }
        }
    }
}

/// The scheme a browser reads from a URL attribute (WHATWG URL parsing):
/// leading and trailing C0 controls and spaces are dropped, tabs and line
/// breaks anywhere removed, then a scheme is an ASCII letter followed by
/// letters, digits, `+`, `-` or `.` up to the first `:`. Lower-cased;
/// `None` for a relative URL.
fn url_scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| scheme.to_ascii_lowercase())
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags of serialised HTML (as html5ever and pulldown-cmark
/// write it: quoted attribute values, `<` in text escaped). Comments and
/// doctype are skipped.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == start {
            i += 1;
            continue;
        }
        let name = html[start..j].to_string();
        let mut attrs = Vec::new();
        // Attributes up to `>` or `/>`.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let a = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[a..j].to_string();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v = j + 1;
                    j = v;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[v..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let v = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[v..j].to_string();
                }
            }
            if attr.is_empty() {
                j += 1;
                continue;
            }
            attrs.push((attr, value));
        }
        out.push(Tag { name, attrs });
        i = j;
    }
    out
}

/// The character references a browser decodes in an attribute value,
/// enough to see a scheme hidden as `&#106;avascript:` or `java&Tab;script:`.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let ent = &rest[1..end];
        let semi = rest[end..].starts_with(';');
        let ch = if let Some(n) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
            u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
        } else if let Some(n) = ent.strip_prefix('#') {
            n.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match ent.to_ascii_lowercase().as_str() {
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "colon" => Some(':'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + usize::from(semi)..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ------------------------------------------------------------------ search

/// The search analyser, and an index built and queried from the input.
/// The first byte picks the language; the rest is split at the first
/// newline into a page text and a query.
///
/// Properties: analysis is deterministic and does not depend on the
/// text's normal form; every key is non-empty, folded (folding it again
/// changes nothing, no combining marks) and ASCII when its word is Latin;
/// `fold` equals its definition "NFD, drop marks, NFC"; query keys are
/// non-empty with no duplicates; the index is byte-identical when built
/// twice, and querying it does not panic.
pub fn search(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = ["lv", "en", "de"][(sel % 3) as usize];
    let (text, query) = input.split_once('\n').unwrap_or((input, input));

    // fold: the fast path is the definition.
    let def: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .nfc()
        .collect();
    assert_eq!(
        analysis::fold(text),
        def,
        "fold differs from NFD-drop-marks-NFC"
    );

    let keys = analysis::analyze(lang, text);
    assert_eq!(
        keys,
        analysis::analyze(lang, text),
        "analysis is not deterministic"
    );
    let nfd: String = text.nfd().collect();
    assert_eq!(
        keys,
        analysis::analyze(lang, &nfd),
        "analysis depends on the normal form"
    );
    for k in &keys {
        assert!(!k.is_empty(), "empty key from {text:?}");
        assert_eq!(&analysis::fold(k), k, "key {k:?} is not folded");
        assert!(!k.chars().any(is_combining_mark), "key {k:?} has a mark");
    }
    for w in analysis::tokenize(text) {
        assert!(w.chars().all(analysis::is_word_char), "token {w:?}");
        let n = w.chars().count();
        assert!(
            (1..=analysis::MAX_WORD).contains(&n),
            "token {w:?} of {n} chars"
        );
        let latin = w
            .chars()
            .all(|c| c.is_ascii() || ('\u{c0}'..='\u{17f}').contains(&c));
        let k = analysis::key(lang, &w);
        if latin
            && !w.chars().any(|c| {
                matches!(
                    c,
                    'ß' | 'æ'
                        | 'ø'
                        | 'đ'
                        | 'ħ'
                        | 'ı'
                        | 'ĳ'
                        | 'ŀ'
                        | 'ł'
                        | 'ŉ'
                        | 'ŋ'
                        | 'œ'
                        | 'ŧ'
                        | 'ſ'
                        | 'Æ'
                        | 'Ø'
                        | 'Đ'
                        | 'Ħ'
                        | 'Ĳ'
                        | 'Ŀ'
                        | 'Ł'
                        | 'Ŋ'
                        | 'Œ'
                        | 'Ŧ'
                        | 'þ'
                        | 'ð'
                        | 'Þ'
                        | 'Ð'
                        | '×'
                        | '÷'
                        | 'ĸ'
                )
            })
        {
            assert!(k.is_ascii(), "key {k:?} of Latin word {w:?} is not ASCII");
        }
        let q = analysis::query_keys(lang, &w);
        assert!(!q.is_empty(), "no query keys for {w:?}");
        for (i, a) in q.iter().enumerate() {
            assert!(!a.is_empty(), "empty query key for {w:?}");
            assert!(!q[..i].contains(a), "duplicate query key {a:?} for {w:?}");
        }
    }

    // An index of two pages, one of them the input, and a query on it.
    let docs = vec![
        SearchDoc {
            url: "/a/".into(),
            kind: "sprint".into(),
            lang: lang.into(),
            title: "Cilvēks pirmajā vietā".into(),
            date: Some("2023-10-05".into()),
            fields: vec![(
                Field::Body,
                "Gada ienākumu deklarācija ir sarežģīta.".into(),
            )],
        },
        SearchDoc {
            url: "/b/".into(),
            kind: "page".into(),
            lang: lang.into(),
            title: query.chars().take(200).collect(),
            date: None,
            fields: vec![(Field::Body, text.into()), (Field::Summary, query.into())],
        },
    ];
    let index = build_index(lang, &docs);
    assert_eq!(
        index,
        build_index(lang, &docs),
        "index is not deterministic"
    );
    let reader = Reader::new(&index);
    let opts = QueryOptions::default();
    let _ = reader.search(query, &opts);
}

// -------------------------------------------------------------- serve path

fn site_map() -> &'static SiteMap {
    static M: OnceLock<SiteMap> = OnceLock::new();
    M.get_or_init(|| {
        let f = |s: &str| File {
            bytes: Arc::from(s.as_bytes()),
            etag: format!("\"{}\"", s.len()),
        };
        let mut m = SiteMap::new();
        for p in [
            "index.html",
            "404.html",
            "en/index.html",
            "en/404.html",
            "a/index.html",
            "a/b/index.html",
            "ā/index.html",
            "assets/site.css",
            "robots.txt",
        ] {
            m.insert(p.to_string(), f(&format!("<html><body>{p}</body></html>")));
        }
        m
    })
}

/// `inolab serve`'s request-target decoding and the reply for it. The
/// input is the request target (the first byte picks GET, HEAD or POST and
/// an If-None-Match).
///
/// Properties: an accepted path is relative, has no `.`/`..`/empty inner
/// segment, no backslash, NUL, control character or `%`, and joined to a
/// root stays under it; decoding is idempotent on accepted paths; a reply
/// is one of the statuses the server gives; a redirect stays on this site
/// (`/x/`, never `//host`) and every header value is visible ASCII and
/// spaces (no CR or LF, nothing a header may not hold).
pub fn serve_path(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(target) = std::str::from_utf8(rest) else {
        return;
    };
    if let Ok(rel) = http::normalise(target) {
        assert!(!rel.starts_with('/'), "{target:?} → {rel:?} is absolute");
        assert!(
            !rel.contains(['\\', '\0', '%']) && !rel.chars().any(char::is_control),
            "{target:?} → {rel:?}"
        );
        let segs: Vec<&str> = rel.split('/').collect();
        for (i, s) in segs.iter().enumerate() {
            assert!(
                *s != "." && *s != "..",
                "{target:?} → {rel:?} has a dot segment"
            );
            assert!(
                !s.is_empty() || i + 1 == segs.len(),
                "{target:?} → {rel:?} has an empty segment"
            );
        }
        let root = Path::new("/srv/site");
        let joined = root.join(&rel);
        assert!(joined.starts_with(root), "{target:?} escapes the root");
        for c in Path::new(&rel).components() {
            assert!(
                matches!(c, Component::Normal(_)),
                "{target:?} → {rel:?} has {c:?}"
            );
        }
        // The decoded path, served again (percent signs are refused, so a
        // path that decoded to itself is the only fixed point).
        if !rel.contains(['?', '#']) {
            assert_eq!(http::normalise(&format!("/{rel}")), Ok(rel.clone()));
        }
    } else if target.len() > http::MAX_URL {
        assert_eq!(http::normalise(target), Err(Refusal::TooLong));
    }
    let method = ["GET", "HEAD", "POST"][(sel % 3) as usize];
    let inm = (sel & 4 != 0).then_some("\"30\", W/\"38\", *");
    let range = [
        None,
        Some("bytes=1-3"),
        Some("bytes=-2"),
        Some("bytes=99999-"),
    ][usize::from((sel >> 4) & 3)];
    let req = Request {
        method,
        target,
        if_none_match: inm,
        range,
    };
    let site = (sel & 8 == 0).then(site_map);
    let reply = http::respond(&req, site, "<p>building</p>");
    assert!(
        matches!(
            reply.status,
            200 | 206 | 301 | 304 | 400 | 404 | 405 | 414 | 416 | 503
        ),
        "status {} for {target:?}",
        reply.status
    );
    if reply.status == 206 {
        let cr = reply.headers.iter().find(|(k, _)| *k == "Content-Range");
        let (span, _) = cr
            .and_then(|(_, v)| v.strip_prefix("bytes ")?.split_once('/'))
            .expect("206 has a Content-Range");
        let (a, b) = span.split_once('-').expect("a-b");
        let n = b.parse::<usize>().unwrap() + 1 - a.parse::<usize>().unwrap();
        assert_eq!(n, reply.body.len(), "206 body is its Content-Range");
    }
    for (k, v) in &reply.headers {
        assert!(
            v.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
            "header {k} of {target:?} holds a byte that may not stand in a header: {v:?}"
        );
        if *k == "Location" {
            assert!(
                v.starts_with('/') && !v.starts_with("//"),
                "redirect off-site: {v:?}"
            );
            assert!(!v.starts_with("/\\"), "redirect off-site: {v:?}");
        }
    }
}

/// Removes the fixture copy [`record`] made (the smoke test calls it; a
/// libFuzzer process leaves its small copy in /dev/shm).
pub fn remove_record_site() {
    let _ = std::fs::remove_dir_all(fixture_site());
}
