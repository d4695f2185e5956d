//! Issue 21, items 1 and 4: links, media and old URLs are checked, and a
//! published URL never vanishes silently. Every test works on a fresh
//! copy of the bundled site, as CI would on a fresh clone.

mod common;

use common::{copy_tree, read_tree};
use inolab::diagnostics::{Diagnostic, Kind};
use inolab::pipeline::{self, BuildOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A copy of the bundled site with its committed list of published URLs.
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "themes", "static"] {
        copy_tree(&root.join(d), &dir.path().join(d));
    }
    for f in ["site.yaml", "published-urls.txt"] {
        std::fs::copy(root.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn opts(root: &Path, base_url: Option<&str>) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: base_url.map(str::to_string),
        drafts: false,
        force: false,
    }
}

fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.is_error()).collect()
}

fn append(root: &Path, file: &str, text: &str) {
    let p = root.join(file);
    let mut s = std::fs::read_to_string(&p).unwrap();
    s.push_str(text);
    std::fs::write(p, s).unwrap();
}

/// Adds a front-matter line after the opening `---`.
fn add_front(root: &Path, file: &str, line: &str) {
    let p = root.join(file);
    let s = std::fs::read_to_string(&p).unwrap();
    let s = s.replacen("---\n", &format!("---\n{line}\n"), 1);
    std::fs::write(p, s).unwrap();
}

/// A 3×2 PNG, written by hand (signature, IHDR; enough for a header reader).
fn tiny_png() -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    b.extend([0, 0, 0, 13]);
    b.extend(b"IHDR");
    b.extend(3u32.to_be_bytes());
    b.extend(2u32.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b.extend([0, 0, 0, 0]); // CRC, not checked by a size reader
    b
}

const SPRINT: &str = "content/sprints/arpustiesas-celvedis.md";
const SPRINT_EN: &str = "content/sprints/arpustiesas-celvedis.en.md";

#[test]
fn the_bundled_site_has_no_broken_links_and_its_url_list_is_current() {
    let site = bundled_copy();
    let out = pipeline::check(&opts(site.path(), None));
    assert!(errors(&out.diags).is_empty(), "{:#?}", out.diags);
    // The committed list is what `inolab urls --write` would write now.
    let run = common::run(site.path(), None);
    let urls = inolab::links::published::page_urls(run.files.iter().map(|f| f.0.as_str()));
    let committed = std::fs::read_to_string(site.path().join("published-urls.txt")).unwrap();
    assert_eq!(
        inolab::links::published::list_text(&urls, &BTreeSet::new()),
        committed,
        "published-urls.txt is stale: run `cargo run -- urls --write`"
    );
}

/// The CI path: rename a sprint in a fresh copy → `check` fails with the
/// alias to add; add it → `check` passes and the old URL redirects, at
/// the root and under a sub-path.
#[test]
fn a_renamed_record_needs_its_old_url_and_then_redirects() {
    let site = bundled_copy();
    let root = site.path();
    let new = "content/sprints/celvedis-arpus-tiesas.md";
    std::fs::rename(root.join(SPRINT), root.join(new)).unwrap();
    std::fs::rename(
        root.join(SPRINT_EN),
        root.join("content/sprints/celvedis-arpus-tiesas.en.md"),
    )
    .unwrap();
    let out = pipeline::check(&opts(root, None));
    let errs = errors(&out.diags);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let line = "old_urls: [/en/sprints/arpustiesas-celvedis/, /sprinti/arpustiesas-celvedis/]";
    for e in &errs {
        assert_eq!(e.kind, Kind::VanishedUrl);
        assert_eq!(e.file, new);
        assert!(e.hint.as_deref().unwrap().contains(line), "{e:?}");
    }
    assert!(
        errs[0]
            .message
            .contains("`/en/sprints/arpustiesas-celvedis/` was published")
    );
    assert!(
        errs[1]
            .message
            .contains("`/sprinti/arpustiesas-celvedis/` was published")
    );

    add_front(root, new, line);
    let out = pipeline::check(&opts(root, None));
    assert!(errors(&out.diags).is_empty(), "{:#?}", out.diags);

    for (base_url, prefix, origin) in [
        (None, "/", "https://inolab.gov.lv/"),
        (
            Some("https://example.org/lab/"),
            "/lab/",
            "https://example.org/lab/",
        ),
    ] {
        let out_dir = tempfile::tempdir().unwrap();
        let output = out_dir.path().join("public");
        let built = pipeline::build(&opts(root, base_url), &output);
        assert!(errors(&built.diags).is_empty(), "{:#?}", built.diags);
        let tree = read_tree(&output);
        for (old, new_url, lang) in [
            (
                "sprinti/arpustiesas-celvedis",
                "sprinti/celvedis-arpus-tiesas/",
                "lv",
            ),
            (
                "en/sprints/arpustiesas-celvedis",
                "en/sprints/celvedis-arpus-tiesas/",
                "en",
            ),
        ] {
            let page = String::from_utf8(tree[&format!("{old}/index.html")].clone()).unwrap();
            let to = format!("{prefix}{new_url}");
            assert!(
                page.contains(&format!(
                    "<meta http-equiv=\"refresh\" content=\"0; url={to}\">"
                )),
                "{page}"
            );
            let canonical = if base_url.is_some() {
                format!("{origin}{new_url}")
            } else {
                // site.yaml's own base URL
                let cfg = std::fs::read_to_string(root.join("site.yaml")).unwrap();
                let b = cfg
                    .lines()
                    .find_map(|l| l.strip_prefix("base_url:"))
                    .unwrap()
                    .trim()
                    .trim_matches('"')
                    .trim_end_matches('/')
                    .to_string();
                format!("{b}/{new_url}")
            };
            assert!(
                page.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
                "{page}"
            );
            assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
            assert!(page.contains(&format!("<html lang=\"{lang}\"")));
            assert!(
                page.contains(&format!("<a href=\"{to}\">")),
                "a visible link: {page}"
            );
            assert!(tree.contains_key(&format!("{new_url}index.html")));
            let redirects = String::from_utf8(tree["_redirects"].clone()).unwrap();
            assert!(
                redirects.contains(&format!("{prefix}{old}/ {to} 301\n")),
                "{redirects}"
            );
        }
        // Redirect pages are not in the sitemap.
        let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
        assert!(!sitemap.contains("arpustiesas-celvedis"));
    }
}

/// Without a committed list, the previous build in the output folder is
/// what was published.
#[test]
fn a_url_of_the_previous_build_may_not_vanish_either() {
    let site = bundled_copy();
    let root = site.path();
    std::fs::remove_file(root.join("published-urls.txt")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("public");
    let first = pipeline::build(&opts(root, None), &output);
    assert!(errors(&first.diags).is_empty(), "{:#?}", first.diags);
    assert!(output.join(".inolab-urls").is_file());
    std::fs::rename(root.join(SPRINT), root.join("content/sprints/celvedis.md")).unwrap();
    std::fs::rename(
        root.join(SPRINT_EN),
        root.join("content/sprints/celvedis.en.md"),
    )
    .unwrap();
    let second = pipeline::build(&opts(root, None), &output);
    let errs = errors(&second.diags);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().all(|e| e.kind == Kind::VanishedUrl
        && e.file == "content/sprints/celvedis.md"
        && e.message.contains("previous build")));
    // The failed build left the previous output as it was.
    assert!(
        output
            .join("sprinti/arpustiesas-celvedis/index.html")
            .is_file()
    );
}

#[test]
fn bad_and_colliding_old_urls_are_errors_at_their_line() {
    let site = bundled_copy();
    let root = site.path();
    add_front(root, SPRINT, "old_urls: [sprinti/x/, /sprinti/, /vecs/]");
    add_front(
        root,
        "content/pages/par-laboratoriju.md",
        "old_urls: [/vecs/]",
    );
    let out = pipeline::check(&opts(root, None));
    let errs: Vec<(&str, usize, usize, &str)> = errors(&out.diags)
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        errs,
        [
            (
                "content/pages/par-laboratoriju.md",
                2,
                12,
                "`/vecs/` is already an old URL of content/sprints/arpustiesas-celvedis.md"
            ),
            (SPRINT, 2, 12, "`sprinti/x/` cannot be an old URL"),
            (
                SPRINT,
                2,
                24,
                "`/sprinti/` is the address of a page the site has"
            ),
        ],
        "{:#?}",
        out.diags
    );
    assert!(out.diags.iter().all(|d| d.kind != Kind::DuplicateSlug));
}

#[test]
fn record_links_and_md_links_resolve_per_language_and_report_misses() {
    let site = bundled_copy();
    let root = site.path();
    append(
        root,
        SPRINT,
        "\nSkatīt [lapu](@page/par-laboratoriju), [failu](../pages/par-laboratoriju.md#x) un [tulkojumu](arpustiesas-celvedis.en.md).\n",
    );
    append(
        root,
        SPRINT_EN,
        "\nSee [the page](@page/par-laboratoriju) and [the file](../pages/par-laboratoriju.md).\n",
    );
    let out = common::run(root, None);
    assert!(
        errors(&out.diags)
            .iter()
            .all(|d| d.kind != Kind::BrokenLink || d.message.contains("#x"))
    );
    let files: BTreeMap<_, _> = out.files.iter().cloned().collect();
    let lv = String::from_utf8(files["sprinti/arpustiesas-celvedis/index.html"].clone()).unwrap();
    let en =
        String::from_utf8(files["en/sprints/arpustiesas-celvedis/index.html"].clone()).unwrap();
    assert!(
        lv.contains("<a href=\"/par-laboratoriju/\">lapu</a>"),
        "{lv}"
    );
    assert!(lv.contains("<a href=\"/par-laboratoriju/#x\">failu</a>"));
    assert!(lv.contains("<a href=\"/sprinti/arpustiesas-celvedis/\">tulkojumu</a>"));
    assert!(
        en.contains("<a href=\"/en/par-laboratoriju/\">the page</a>"),
        "{en}"
    );
    assert!(en.contains("<a href=\"/en/par-laboratoriju/\">the file</a>"));
    // The missing fragment is found once the pages exist.
    let frag: Vec<_> = errors(&out.diags);
    assert_eq!(frag.len(), 1, "{frag:#?}");
    assert_eq!(
        frag[0].message,
        "`/par-laboratoriju/` has no `#x` (no element with that id)"
    );

    // Misses: each at its file:line:col, with a did-you-mean.
    let site = bundled_copy();
    let root = site.path();
    append(
        root,
        SPRINT,
        "\n[a](@sprint/arpustiesas-celvedi) [b](@sprnt/x) [c](../pages/par-laboratorij.md) [d](/sprinti/arpustiesas-celvedi/)\n",
    );
    let out = pipeline::check(&opts(root, None));
    let errs = errors(&out.diags);
    let got: Vec<(usize, usize, Option<&str>)> = errs
        .iter()
        .map(|d| (d.line, d.column, d.hint.as_deref()))
        .collect();
    let line = std::fs::read_to_string(root.join(SPRINT))
        .unwrap()
        .lines()
        .count();
    assert_eq!(got.len(), 3, "{errs:#?}");
    assert_eq!((got[0].0, got[0].1), (line, 5));
    assert!(
        got[0]
            .2
            .unwrap()
            .contains("did you mean `@sprint/arpustiesas-celvedis`?")
    );
    assert_eq!((got[1].0, got[1].1), (line, 38));
    assert!(got[1].2.unwrap().contains("did you mean `@sprint/x`?"));
    assert_eq!((got[2].0, got[2].1), (line, 52));
    assert!(
        got[2]
            .2
            .unwrap()
            .contains("did you mean `par-laboratoriju.md`")
    );
    // The page link is checked once the others are fixed.
    let text = std::fs::read_to_string(root.join(SPRINT)).unwrap();
    let text = text.replace(
        "[a](@sprint/arpustiesas-celvedi) [b](@sprnt/x) [c](../pages/par-laboratorij.md) ",
        "",
    );
    std::fs::write(root.join(SPRINT), text).unwrap();
    let out = pipeline::check(&opts(root, None));
    let errs = errors(&out.diags);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].column), (line, 5));
    assert_eq!(
        errs[0].hint.as_deref(),
        Some(
            "did you mean `/sprinti/arpustiesas-celvedis/`? (or link the record itself: `@sprint/slug`, `@page/slug`, …)"
        )
    );
}

#[test]
fn media_beside_the_record_is_copied_with_its_size_and_misses_are_errors() {
    let site = bundled_copy();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/sprints/arpustiesas-celvedis")).unwrap();
    std::fs::write(
        root.join("content/sprints/arpustiesas-celvedis/shema.png"),
        tiny_png(),
    )
    .unwrap();
    std::fs::write(root.join("static/logo.png"), tiny_png()).unwrap();
    append(
        root,
        SPRINT,
        "\n![Procesa shēma](shema.png) ![Logo](/logo.png)\n",
    );
    let out = common::run(root, Some("https://example.org/lab/"));
    assert!(out.diags.is_empty(), "{:#?}", out.diags);
    let files: BTreeMap<_, _> = out.files.iter().cloned().collect();
    assert_eq!(files["sprinti/arpustiesas-celvedis/shema.png"], tiny_png());
    let lv = String::from_utf8(files["sprinti/arpustiesas-celvedis/index.html"].clone()).unwrap();
    assert!(lv.contains("<img src=\"/lab/sprinti/arpustiesas-celvedis/shema.png\" alt=\"Procesa shēma\" width=\"3\" height=\"2\" loading=\"lazy\">"), "{lv}");
    assert!(lv.contains("<img src=\"/lab/logo.png\" alt=\"Logo\" width=\"3\" height=\"2\""));

    // A limit of 0 KB makes it a warning; a missing file is an error.
    let cfg = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{cfg}\nmedia:\n  max_kb: 0\n"),
    )
    .unwrap();
    append(root, SPRINT, "\n![Foto](shma.png)\n");
    let out = pipeline::check(&opts(root, None));
    let line = std::fs::read_to_string(root.join(SPRINT))
        .unwrap()
        .lines()
        .count();
    // No "unexpected file" warning for the images, though this run stops
    // before rendering.
    let media: Vec<&Diagnostic> = out.diags.iter().collect();
    let kinds: Vec<(Kind, usize, usize)> =
        media.iter().map(|d| (d.kind, d.line, d.column)).collect();
    assert_eq!(
        kinds,
        [
            (Kind::LargeMedia, line - 2, 18),
            (Kind::LargeMedia, line - 2, 37),
            (Kind::MissingMedia, line, 9),
        ],
        "{:#?}",
        out.diags
    );
    assert!(
        media[2]
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `shema.png`?"),
        "{:?}",
        media[2]
    );
}

/// Every `href` and `src` of the built site (both languages, at the root
/// and under a sub-path) leads to a file of the output, and every
/// `#fragment` to an id on its page.
#[test]
fn crawl_every_internal_link_of_the_bundled_output() {
    let site = bundled_copy();
    for (base_url, prefix) in [(None, "/"), (Some("https://example.org/lab/"), "/lab/")] {
        let out_dir = tempfile::tempdir().unwrap();
        let output = out_dir.path().join("public");
        let built = pipeline::build(&opts(site.path(), base_url), &output);
        assert!(errors(&built.diags).is_empty(), "{:#?}", built.diags);
        let tree = read_tree(&output);
        let ids: BTreeMap<&str, BTreeSet<String>> = tree
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| {
                (
                    p.as_str(),
                    inolab::links::element_ids(&String::from_utf8_lossy(b)),
                )
            })
            .collect();
        let mut checked = 0;
        let mut langs = BTreeSet::new();
        let mut broken = Vec::new();
        for (page, b) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(b);
            let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
            for attr in ["href=\"", "src=\""] {
                for piece in html.split(attr).skip(1) {
                    let raw = piece
                        .split('"')
                        .next()
                        .unwrap_or_default()
                        .replace("&amp;", "&");
                    if raw.starts_with("//")
                        || raw.contains(':') && !raw.starts_with('/') && !raw.starts_with('#')
                    {
                        continue; // external, mailto:
                    }
                    let (path, frag) = match raw.split_once('#') {
                        Some((p, f)) => (p.to_string(), Some(f.to_string())),
                        None => (raw.clone(), None),
                    };
                    let path = path.split('?').next().unwrap_or_default().to_string();
                    let rel = if path.is_empty() {
                        page.clone()
                    } else if let Some(r) = path.strip_prefix(prefix) {
                        r.to_string()
                    } else if path.starts_with('/') {
                        broken.push(format!("{page}: {raw} is outside {prefix}"));
                        continue;
                    } else {
                        inolab::markdown::normalize(&format!("{dir}/{path}")).unwrap_or_default()
                    };
                    let rel = inolab::markdown::percent_decode(&rel);
                    let file = if rel.is_empty() || rel.ends_with('/') {
                        format!("{rel}index.html")
                    } else {
                        rel.clone()
                    };
                    checked += 1;
                    if page.starts_with("en/") {
                        langs.insert("en");
                    } else {
                        langs.insert("lv");
                    }
                    if !tree.contains_key(&file) {
                        broken.push(format!("{page}: {raw} → {file} missing"));
                        continue;
                    }
                    if let Some(f) = frag.filter(|f| !f.is_empty())
                        && let Some(ids) = ids.get(file.as_str())
                        && !ids.contains(&inolab::markdown::percent_decode(&f))
                    {
                        broken.push(format!("{page}: {raw} → no id `{f}`"));
                    }
                }
            }
        }
        assert!(
            broken.is_empty(),
            "{} broken:\n{}",
            broken.len(),
            broken.join("\n")
        );
        assert!(checked > 10_000, "only {checked} links crawled");
        assert_eq!(langs.len(), 2);
    }
}
