//! A rebuild in `serve` gives way to the next save inside its longest
//! stages, not only between them: validation and the outputs (sitemap,
//! feeds, exports) look at `stop` as they go. These tests stop them part
//! way and check that they say so, and that without a stop they give the
//! full result.

use inolab::outputs::OutFile;
use std::cell::Cell;
use std::path::Path;

fn bundled() -> (inolab::config::Config, inolab::load::Sources) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = inolab::pipeline::load_config(root, None).expect("config");
    let langs = cfg.lang_codes();
    let (sources, _) = inolab::load::load(root, &langs[1..], inolab::load::Bodies::Keep);
    (cfg, sources)
}

#[test]
fn validation_stops_part_way_and_says_so() {
    let (cfg, sources) = bundled();
    let opts = inolab::validate::Options { drafts: false };
    let (full, diags) = inolab::validate::validate(&sources, &cfg, opts);
    let (again, diags_again, stopped) =
        inolab::validate::validate_unless(&sources, &cfg, opts, &|| false);
    assert!(!stopped);
    assert_eq!(diags_again, diags);
    assert_eq!(again.sprints.len(), full.sprints.len());
    // Stopped at its first look: not every record was checked.
    let (part, _, stopped) = inolab::validate::validate_unless(&sources, &cfg, opts, &|| true);
    assert!(stopped, "validation did not report the stop");
    let count = |s: &inolab::records::Site| {
        s.sprints.len() + s.prototypes.len() + s.glossary.len() + s.news.len() + s.pages.len()
    };
    assert!(
        count(&part) < count(&full),
        "stopped validation checked every record ({} of {})",
        count(&part),
        count(&full)
    );
}

#[test]
fn outputs_stop_part_way_and_say_so() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = inolab::pipeline::run(&inolab::pipeline::BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        force: false,
    });
    let (site, model) = (out.site.expect("site"), out.model.expect("model"));
    let mut all: Vec<OutFile> = Vec::new();
    let diags = inolab::outputs::emit_unless(&site, &model, &mut all, &|| false);
    assert!(diags.is_some());
    let mut whole: Vec<OutFile> = Vec::new();
    assert_eq!(
        inolab::outputs::emit(&site, &model, &mut whole),
        diags.unwrap_or_default()
    );
    assert_eq!(all.len(), whole.len());
    assert!(all.iter().any(|f| f.path.ends_with("sprints.json")));
    // A save arrives after the sitemap and the first feed: the rest is
    // not made, and the caller is told.
    let looks = Cell::new(0);
    let stop = || {
        looks.set(looks.get() + 1);
        looks.get() > 1
    };
    let mut part: Vec<OutFile> = Vec::new();
    assert!(inolab::outputs::emit_unless(&site, &model, &mut part, &stop).is_none());
    assert!(part.len() < all.len());
    assert!(!part.iter().any(|f| f.path.ends_with("sprints.json")));
}
