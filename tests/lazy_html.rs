//! A whole-site build reads sprint and prototype bodies for text first and
//! renders their HTML only when their pages are derived (memory at 50 000
//! sprints); `serve` keeps every body's HTML instead. Both must publish
//! the same site, byte for byte.
//!
//! (Once a test in its own binary, when the body memo was process-wide;
//! the memo is now a value the run is given.)

use std::path::Path;

#[test]
fn pages_rendered_from_html_made_late_equal_pages_from_html_kept() {
    let opts = inolab::pipeline::BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        base_url: None,
        drafts: false,
        force: false,
    };
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
