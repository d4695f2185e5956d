//! A whole-site build reads sprint and prototype bodies for text first and
//! renders their HTML only when their pages are derived (memory at 50 000
//! sprints); `serve` keeps every body's HTML instead. Both must publish
//! the same site, byte for byte.
//!
//! (Once a test in its own binary, when the body memo was process-wide;
//! the memo is now a value the run is given.)

mod common;

use std::path::Path;

/// The bundled site's build options.
fn bundled() -> inolab::pipeline::BuildOptions {
    inolab::pipeline::BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        base_url: None,
        drafts: false,
        force: false,
    }
}

#[test]
fn pages_rendered_from_html_made_late_equal_pages_from_html_kept() {
    let opts = bundled();
    let late = inolab::pipeline::run(&opts);
    assert!(!late.has_errors(), "{:?}", late.diags);
    let cache = inolab::derive::BodyCache::new();
    let kept = inolab::pipeline::run_cached(&opts, Some(&cache));
    assert!(!kept.has_errors(), "{:?}", kept.diags);

    let paths = |o: &inolab::pipeline::Outcome| -> Vec<String> {
        o.files.iter().map(|f| f.0.clone()).collect()
    };
    assert_eq!(paths(&late), paths(&kept));
    let sprint_pages = late
        .files
        .iter()
        .filter(|(p, b)| {
            p.starts_with("sprinti/") && String::from_utf8_lossy(b).contains("<h2 id=")
        })
        .count();
    assert!(
        sprint_pages > 10,
        "{sprint_pages} sprint pages with headings"
    );
    for ((path, a), (_, b)) in late.files.iter().zip(&kept.files) {
        assert!(a == b, "{path} differs");
    }
    assert_eq!(late.diags, kept.diags);
}

/// `inolab build` renders sprint and prototype bodies once, in the first
/// pass, and keeps their HTML in its scratch file until their pages are
/// derived; a run in memory (no scratch file) renders them again then.
/// The pages must be the same bytes.
#[test]
fn pages_from_html_spilled_by_a_build_equal_pages_rendered_late() {
    let opts = bundled();
    let late = inolab::pipeline::run(&opts);
    assert!(!late.has_errors(), "{:?}", late.diags);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let built = inolab::pipeline::build(&opts, &out);
    assert!(!built.has_errors(), "{:?}", built.diags);
    assert_eq!(late.diags, built.diags);
    let mut bodies = 0;
    for (path, want) in &late.files {
        let got = std::fs::read(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(&got == want, "{path} differs between the build and the run");
        if (path.starts_with("sprinti/") || path.starts_with("prototipi/"))
            && String::from_utf8_lossy(&got).contains("<h2 id=")
        {
            bodies += 1;
        }
    }
    assert!(
        bodies > 10,
        "{bodies} sprint and prototype pages with headings"
    );
    // Nothing of the scratch file is left beside the output.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("public")]);
}

/// A copy of the bundled site whose sprint pages print their table of
/// contents (the default theme does not show it; a theme may), with one
/// sprint given a heading and a link with a `#fragment`.
fn site_showing_tocs(link: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "themes", "static"] {
        common::copy_tree(&root.join(d), &dir.path().join(d));
    }
    for f in ["site.yaml", "published-urls.txt"] {
        std::fs::copy(root.join(f), dir.path().join(f)).unwrap();
    }
    let tpl = dir.path().join("themes/default/templates/sprint.html");
    let t = std::fs::read_to_string(&tpl).unwrap();
    let marker = "{{ sprint.title }}</span>";
    assert!(t.contains(marker));
    let t = t.replacen(
        marker,
        "{{ sprint.title }}</span><!--toc:{% for h in sprint.toc %}{{ h.level }} {{ h.id }} {{ h.title }};{% endfor %}-->",
        1,
    );
    std::fs::write(&tpl, t).unwrap();
    let sprint = dir.path().join("content/sprints/arpustiesas-celvedis.md");
    let mut body = std::fs::read_to_string(&sprint).unwrap();
    body.push_str(&format!("\n## Jauna sadaļa {{#jauna}}\n\nSkatīt {link}.\n"));
    std::fs::write(&sprint, body).unwrap();
    dir
}

fn options(root: &Path) -> inolab::pipeline::BuildOptions {
    inolab::pipeline::BuildOptions {
        root: root.to_path_buf(),
        ..bundled()
    }
}

/// A build keeps sprint and prototype bodies' headings and links in its
/// scratch file with their HTML, not in memory (85 MiB at 50,000
/// records): a theme that shows a sprint's table of contents gets the
/// same one as from a run in memory, with the heading the body has.
#[test]
fn headings_read_back_from_a_builds_scratch_file_equal_headings_kept() {
    let site = site_showing_tocs("[sadaļu](#jauna)");
    let opts = options(site.path());
    let kept = inolab::pipeline::run(&opts);
    assert!(!kept.has_errors(), "{:?}", kept.diags);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let built = inolab::pipeline::build(&opts, &out);
    assert!(!built.has_errors(), "{:?}", built.diags);
    let page = "sprinti/arpustiesas-celvedis/index.html";
    let got = std::fs::read_to_string(out.join(page)).unwrap();
    assert!(got.contains(" jauna Jauna sadaļa;-->"), "{got}");
    let kept_page = kept.files.iter().find(|f| f.0 == page).expect("the page");
    assert_eq!(got.as_bytes(), &kept_page.1[..]);
    for (path, want) in &kept.files {
        let got = std::fs::read(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(&got == want, "{path} differs between the build and the run");
    }
}

/// The links of bodies kept in a build's scratch file are checked as
/// those kept in memory: a missing `#fragment` and a missing page are the
/// same errors, at the same place, from `build` as from `check`.
#[test]
fn links_read_back_from_a_builds_scratch_file_are_checked_as_links_kept() {
    let site = site_showing_tocs("[nav](/par-laboratoriju/#nav-tada) un [lapa](/nav-tadas-lapas/)");
    let opts = options(site.path());
    let checked = inolab::pipeline::check(&opts);
    let dir = tempfile::tempdir().unwrap();
    let built = inolab::pipeline::build(&opts, &dir.path().join("public"));
    let errors = |o: &inolab::pipeline::Outcome| -> Vec<(String, usize, usize, String)> {
        o.diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.file.clone(), d.line, d.column, d.message.clone()))
            .collect()
    };
    let want = errors(&checked);
    assert_eq!(want.len(), 2, "{want:#?}");
    assert!(want.iter().any(|e| e.3.contains("#nav-tada")), "{want:#?}");
    assert!(
        want.iter()
            .all(|e| e.0.ends_with("arpustiesas-celvedis.md")),
        "{want:#?}"
    );
    assert_eq!(errors(&built), want);
}
