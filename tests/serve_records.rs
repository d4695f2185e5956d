//! `serve`'s preview of new and deleted records: a new sprint, prototype
//! or news file's pages are served at once and are the pages a
//! from-scratch build makes; a deleted record's pages stop being served
//! at once; the rebuild that follows equals a from-scratch build; what a
//! preview cannot judge alone goes to the rebuild.

mod serve_support;
use inolab::serve::build::{Builder, Built, Changes};
use serve_support::*;
use std::path::{Path, PathBuf};

fn builder(root: &Path) -> Builder {
    let mut b = Builder::new(root.to_path_buf(), "http://127.0.0.1:1/".into(), false);
    b.build(&Changes::everything()).expect("first build");
    b
}

fn changes(root: &Path, paths: &[PathBuf]) -> Changes {
    let mut c = Changes::default();
    for p in paths {
        assert!(c.add(root, p));
    }
    c
}

fn text(site: &inolab::serve::build::SiteMap, path: &str) -> String {
    String::from_utf8(site[path].bytes.to_vec()).unwrap()
}

/// Previews the save of `paths` (already written or deleted), checks that
/// every page in `present` is served by the preview and every page in
/// `absent` is not, that each previewed page is the page a from-scratch
/// build makes (search-index names aside), and that the rebuild equals
/// that build.
fn previewed_as_built(
    root: &Path,
    b: &mut Builder,
    paths: &[PathBuf],
    present: &[&str],
    absent: &[&str],
) -> Built {
    let before = b.stats.previews;
    let c = changes(root, paths);
    let preview = b
        .preview(&c)
        .unwrap_or_else(|| panic!("{paths:?} is previewed"));
    assert_eq!(b.stats.previews, before + 1);
    let want = fresh(root);
    for p in present {
        assert!(preview.site.contains_key(*p), "{p} not served");
        assert!(preview.changed.contains(&p.to_string()), "{p} not changed");
    }
    for p in absent {
        assert!(!preview.site.contains_key(*p), "{p} still served");
        assert!(!want.contains_key(*p), "a build makes {p}");
        assert!(preview.changed.contains(&p.to_string()), "{p} not changed");
    }
    for p in &preview.changed {
        match want.get(p) {
            Some(built) => assert_eq!(
                without_index_hashes(&text(&preview.site, p)),
                without_index_hashes(&String::from_utf8(built.clone()).unwrap()),
                "the preview of {p} is not the page a build makes"
            ),
            None => assert!(
                !preview.site.contains_key(p),
                "{p}: a build has no such page"
            ),
        }
    }
    let full = b.build(&c).expect("rebuild");
    assert_same_site(&as_map(&full.site), &want);
    preview
}

/// A copy of an existing record file under a new slug, with `edits`
/// (from, to) applied.
fn copy_record(root: &Path, from: &str, to: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut t = read(root, from);
    for (a, z) in edits {
        assert!(t.contains(a), "{from} has no {a:?}");
        t = t.replacen(a, z, 1);
    }
    write(root, to, &t)
}

const S: &str = "content/sprints/administrativa-sloga-audits.md";
const S_EN: &str = "content/sprints/administrativa-sloga-audits.en.md";

/// A new Latvian sprint, `testa-sprints`, copied from [`S`]; it names no
/// prototype (the copied one belongs to its own sprint).
fn new_sprint(root: &Path) -> PathBuf {
    copy_record(
        root,
        S,
        "content/sprints/testa-sprints.md",
        &[
            (
                "title: \"Administratīvā sloga audits\"",
                "title: \"Testa sprints\"",
            ),
            ("prototypes: [melioracijas-ricibas-plans]\n", ""),
        ],
    )
}

/// New records of each kind a preview shows, one save after another on
/// one builder (as in a serve session), then deleted again.
#[test]
fn new_and_deleted_records_are_previewed_as_built() {
    let site = bundled();
    let root = site.path();
    let mut b = builder(root);
    const LV: &str = "sprinti/testa-sprints/index.html";
    const EN: &str = "en/sprints/testa-sprints/index.html";
    // A new sprint, with its translation in the same save.
    let lv = new_sprint(root);
    let en = copy_record(
        root,
        S_EN,
        "content/sprints/testa-sprints.en.md",
        &[(
            "title: \"Administrative burden audit\"",
            "title: \"Test sprint\"",
        )],
    );
    let p = previewed_as_built(root, &mut b, &[lv.clone(), en.clone()], &[LV, EN], &[]);
    assert!(text(&p.site, LV).contains("Testa sprints"));
    assert!(text(&p.site, EN).contains("Test sprint"));

    // A new prototype of that sprint, and a new news item.
    let proto = copy_record(
        root,
        "content/prototypes/digitalais-spikeris.md",
        "content/prototypes/testa-prototips.md",
        &[],
    );
    previewed_as_built(
        root,
        &mut b,
        std::slice::from_ref(&proto),
        &["prototipi/testa-prototips/index.html"],
        &[],
    );
    let news = copy_record(
        root,
        "content/news/interlink-koprades-platforma.md",
        "content/news/testa-jaunums.md",
        &[],
    );
    previewed_as_built(
        root,
        &mut b,
        std::slice::from_ref(&news),
        &["jaunumi/testa-jaunums/index.html"],
        &[],
    );

    // The sprint's translation deleted: a warning the record did not
    // have (its English page falls back to the Latvian text), which the
    // rebuild reports.
    std::fs::remove_file(&en).unwrap();
    let c = changes(root, std::slice::from_ref(&en));
    assert!(b.preview(&c).is_none(), "a new warning was previewed");
    let full = b.build(&c).expect("rebuild");
    assert!(!text(&full.site, EN).contains("Test sprint"));
    assert_same_site(&as_map(&full.site), &fresh(root));

    // Deleted records: their pages are gone at once.
    std::fs::remove_file(&lv).unwrap();
    previewed_as_built(root, &mut b, &[lv], &[], &[LV, EN]);
    std::fs::remove_file(&news).unwrap();
    previewed_as_built(
        root,
        &mut b,
        &[news],
        &[],
        &[
            "jaunumi/testa-jaunums/index.html",
            "en/news/testa-jaunums/index.html",
        ],
    );
    // …and back again: served at once, as built.
    let news = copy_record(
        root,
        "content/news/interlink-koprades-platforma.md",
        "content/news/testa-jaunums.md",
        &[],
    );
    previewed_as_built(
        root,
        &mut b,
        &[news],
        &["jaunumi/testa-jaunums/index.html"],
        &[],
    );
}

/// A deleted record that other records still name: its page goes at
/// once all the same (its file is gone), the rebuild reports the
/// dangling references, and the page is never served again.
#[test]
fn a_deleted_record_that_others_name_is_gone_and_the_rebuild_reports_it() {
    let site = bundled();
    let root = site.path();
    let mut b = builder(root);
    const LV: &str = "sprinti/administrativa-sloga-audits/index.html";
    assert!(b.site().unwrap().contains_key(LV));
    let lv = root.join(S);
    let en = root.join(S_EN);
    std::fs::remove_file(&lv).unwrap();
    std::fs::remove_file(&en).unwrap();
    let c = changes(root, &[lv, en]);
    let p = b.preview(&c).expect("a deletion is previewed");
    assert!(!p.site.contains_key(LV));
    assert!(
        !p.site
            .contains_key("en/sprints/administrativa-sloga-audits/index.html")
    );
    assert!(p.changed.contains(&LV.to_string()));
    let diags = b.build(&c).err().expect("the prototype names the sprint");
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("administrativa-sloga-audits")),
        "{diags:?}"
    );
    // The last good site is the preview's: without the deleted page.
    assert!(!b.site().unwrap().contains_key(LV));
}

/// What a preview cannot judge alone goes to the rebuild, which then
/// equals a from-scratch build.
#[test]
fn new_records_a_preview_cannot_judge_alone_go_to_the_rebuild() {
    let site = bundled();
    let root = site.path();
    let mut b = builder(root);
    let mut check = |paths: Vec<PathBuf>, what: &str| {
        let c = changes(root, &paths);
        assert!(b.preview(&c).is_none(), "{what} was previewed");
        let full = b.build(&c).expect("rebuild");
        assert_same_site(&as_map(&full.site), &fresh(root));
        for p in paths {
            if p.exists() {
                std::fs::remove_file(&p).unwrap();
            }
            b.build(&changes(root, &[p])).expect("rebuild");
        }
    };
    // A new glossary term: every body that uses its words links it.
    let t = copy_record(
        root,
        "content/glossary/koprade.md",
        "content/glossary/testa-termins.md",
        &[
            ("term: Koprade", "term: Testa termins"),
            (
                "aliases: [koprades, kopradi, kopradē, koprades darbnīca, koprades darbnīcas, koprades sesija, koprades sesijas, kopīga radīšana]\n",
                "",
            ),
        ],
    );
    check(vec![t], "a new term");
    // A new sprint with old URLs: redirect pages, checked against every page.
    let s = copy_record(
        root,
        S,
        "content/sprints/testa-sprints.md",
        &[
            ("prototypes: [melioracijas-ricibas-plans]\n", ""),
            (
                "status: completed",
                "status: completed\nold_urls: [/vecs-testa-sprints/]",
            ),
        ],
    );
    check(vec![s], "a sprint with old_urls");
    // A new draft: nothing to show.
    let d = copy_record(
        root,
        S,
        "content/sprints/testa-sprints.md",
        &[
            ("prototypes: [melioracijas-ricibas-plans]\n", ""),
            ("status: completed", "status: completed\ndraft: true"),
        ],
    );
    check(vec![d], "a draft");
    // A translation without its record: the rebuild reports it.
    let o = copy_record(root, S_EN, "content/sprints/nav-tada.en.md", &[]);
    let c = changes(root, std::slice::from_ref(&o));
    assert!(
        b.preview(&c).is_none(),
        "an orphan translation was previewed"
    );
}

/// An editor's swap file coming and going is no input: a body edit saved
/// with it is still previewed.
#[test]
fn swap_files_do_not_stop_a_preview() {
    let site = bundled();
    let root = site.path();
    let mut b = builder(root);
    let swap = write(
        root,
        "content/sprints/.administrativa-sloga-audits.md.swp",
        "x",
    );
    let gone = root.join("content/sprints/4913");
    let p = edit(root, S, "23 dalībnieki", "24 DALĪBNIEKI");
    let preview = b
        .preview(&changes(root, &[swap, gone, p]))
        .expect("previewed");
    assert!(
        text(
            &preview.site,
            "sprinti/administrativa-sloga-audits/index.html"
        )
        .contains("24 DALĪBNIEKI")
    );
}

/// Body links resolve against the records as the previews left them,
/// with no rebuild in between (`serve` keeps the link index between
/// derivations and brings it up to date when a record comes or goes): a
/// link to a sprint saved a moment ago is a link at once, and a link to
/// a sprint deleted a moment ago is the broken link a build reports, not
/// a preview of a page that links nowhere.
#[test]
fn body_links_follow_records_that_came_and_went_between_previews() {
    let site = bundled();
    let root = site.path();
    let mut b = builder(root);
    const OTHER: &str = "content/sprints/arpustiesas-celvedis.md";
    const OTHER_PAGE: &str = "sprinti/arpustiesas-celvedis/index.html";
    let new = new_sprint(root);
    let c = changes(root, std::slice::from_ref(&new));
    assert!(b.preview(&c).is_some(), "the new sprint is previewed");

    // Another sprint's body links the new one: previewed at once, as built.
    let original = read(root, OTHER);
    let linking = write(
        root,
        OTHER,
        &format!("{original}\nSkat. [testa sprintu](@sprint/testa-sprints).\n"),
    );
    let c = changes(root, std::slice::from_ref(&linking));
    let p = b.preview(&c).expect("the linking body is previewed");
    let page = text(&p.site, OTHER_PAGE);
    assert!(
        page.contains("href=\"/sprinti/testa-sprints/\""),
        "the link to the new sprint is not resolved"
    );
    let want = fresh(root);
    assert_eq!(
        without_index_hashes(&page),
        without_index_hashes(&String::from_utf8(want[OTHER_PAGE].clone()).unwrap()),
        "the preview is not the page a build makes"
    );

    // The new sprint deleted (previewed), then the linking body saved
    // again: its link is broken now, which the preview cannot hide.
    std::fs::remove_file(&new).unwrap();
    let c = changes(root, std::slice::from_ref(&new));
    assert!(b.preview(&c).is_some(), "the deletion is previewed");
    let linking = write(
        root,
        OTHER,
        &format!("{original}\nSkat. [testa sprintu](@sprint/testa-sprints) vēlreiz.\n"),
    );
    let c = changes(root, std::slice::from_ref(&linking));
    assert!(
        b.preview(&c).is_none(),
        "a body linking a deleted sprint was previewed"
    );
    let err = match b.build(&c) {
        Ok(_) => panic!("the rebuild does not report the broken link"),
        Err(d) => d,
    };
    assert!(
        err.iter()
            .any(|d| d.file == OTHER && d.message.contains("testa-sprints")),
        "{err:?}"
    );
}
