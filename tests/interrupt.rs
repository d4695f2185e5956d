//! A rebuild in `serve` gives way to the next save inside its longest
//! stages, not only between them: validation, derivation's first half
//! (bodies, search documents), the search index and the outputs (sitemap,
//! feeds, exports) look at `stop` as they go. These tests stop them part
//! way and check that they say so, that without a stop they give the
//! full result, and that a rebuild stopped anywhere and run again ends
//! equal to a from-scratch build.

mod common;
mod serve_support;
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
    let out = common::run(Path::new(env!("CARGO_MANIFEST_DIR")), None);
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

/// Counts its looks and says stop at the `at`-th (never if 0).
fn stop_at(looks: &Cell<usize>, at: usize) -> impl Fn() -> bool + '_ {
    move || {
        looks.set(looks.get() + 1);
        at != 0 && looks.get() >= at
    }
}

#[test]
fn derivation_stops_part_way_and_says_so() {
    let (cfg, sources) = bundled();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = inolab::validate::Options { drafts: false };
    let (site, _) = inolab::validate::validate(&sources, &cfg, opts);
    let theme = inolab::render::load_theme(root, &cfg.theme, &cfg.lang_codes()).expect("theme");
    let cache = inolab::derive::BodyCache::new();
    let prepare = |looks: &Cell<usize>, at: usize| {
        inolab::derive::prepare_unless(
            &site,
            &theme.strings,
            None,
            Some(&cache),
            &stop_at(looks, at),
        )
    };
    let looks = Cell::new(0);
    let mut whole = prepare(&looks, 0).expect("not stopped");
    let all = looks.get();
    // Asked before the bodies and again among the search documents.
    assert!(all > 2, "derivation asked {all} times");
    let docs: usize = whole.search_docs().values().map(Vec::len).sum();
    assert!(docs > 0);
    for at in [1, 2, all] {
        let looks = Cell::new(0);
        let part = prepare(&looks, at);
        assert!(
            part.is_none(),
            "derivation stopped at look {at} did not say so"
        );
        assert_eq!(looks.get(), at, "derivation went on asking after the stop");
    }
    // Stopped derivations leave the cache as good as before.
    let mut again = inolab::derive::prepare(&site, &theme.strings, None, Some(&cache));
    assert_eq!(again.search_docs(), whole.search_docs());
}

fn search_docs() -> Vec<inolab::search::SearchDoc> {
    let out = common::run(Path::new(env!("CARGO_MANIFEST_DIR")), None);
    let mut model = out.model.expect("model");
    model.search_docs.remove("lv").expect("lv documents")
}

#[test]
fn search_index_stops_part_way_and_leaves_its_cache_as_it_was() {
    use inolab::search::{IndexCache, build_index, build_index_cached_unless};
    let docs = search_docs();
    let half = &docs[..docs.len() / 2];
    let looks = Cell::new(0);
    let mut cache = IndexCache::default();
    let first = build_index_cached_unless("lv", half, &mut cache, &stop_at(&looks, 0));
    assert_eq!(first, Some(build_index("lv", half)));
    let all = looks.get();
    assert!(all > 2, "the index asked {all} times");
    // Stopped at each look of a build of every document, then built
    // again with the same cache: the index of every document, byte for
    // byte.
    for at in 1..=all {
        let looks = Cell::new(0);
        let stopped = build_index_cached_unless("lv", &docs, &mut cache, &stop_at(&looks, at));
        assert!(
            stopped.is_none(),
            "the index stopped at look {at} did not say so"
        );
        let again = build_index_cached_unless("lv", &docs, &mut cache, &|| false);
        assert_eq!(
            again,
            Some(build_index("lv", &docs)),
            "after a stop at look {at}"
        );
        // Back to the half, for the next round to find a cache to keep.
        build_index_cached_unless("lv", half, &mut cache, &|| false);
    }
}

/// `serve`'s rebuild stopped at looks spread over the whole run (in
/// validation, derivation, the search index, the pages, the outputs),
/// then run again: the site equals a from-scratch build each time.
#[test]
fn a_rebuild_stopped_anywhere_then_run_again_equals_a_build() {
    use inolab::serve::build::{Builder, Changes};
    let site = serve_support::bundled();
    let root = site.path();
    let mut b = Builder::new(root.to_path_buf(), "http://127.0.0.1:1/".into(), false);
    b.build(&Changes::everything()).expect("first build");
    let rel = "content/sprints/administrativa-sloga-audits.md";
    let edit = |i: usize| {
        let p = serve_support::write(
            root,
            rel,
            &format!("{}\nlabojums{i}\n", serve_support::read(root, rel)),
        );
        let mut c = Changes::default();
        assert!(c.add(root, &p));
        c
    };
    let looks = Cell::new(0);
    let c = edit(0);
    assert!(
        b.build_unless(&c, &stop_at(&looks, 0))
            .expect("built")
            .is_some()
    );
    let all = looks.get();
    assert!(all > 8, "the rebuild asked {all} times");
    for i in 1..8 {
        let at = all * i / 8;
        let c = edit(i);
        let looks = Cell::new(0);
        let stopped = b.build_unless(&c, &stop_at(&looks, at)).expect("no errors");
        assert!(
            stopped.is_none(),
            "the rebuild stopped at look {at} of {all} went on"
        );
        let built = b.build(&c).expect("rebuilt");
        serve_support::assert_same_site(
            &serve_support::as_map(&built.site),
            &serve_support::fresh(root),
        );
    }
}
