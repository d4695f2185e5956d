//! A whole-site build reads sprint and prototype bodies for text first and
//! renders their HTML only when their pages are derived (memory at 50 000
//! sprints); `serve` keeps every body's HTML instead. Both must publish
//! the same site, byte for byte.
//!
//! (Once a test in its own binary, when the body memo was process-wide;
//! the memo is now a value the run is given.)

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
