//! `serve`'s preview of a single-record edit: the edited record's own
//! pages are published before the rest of the site is rebuilt, they are
//! the pages the full rebuild makes, and edits a preview cannot judge
//! alone (a prototype moved to another sprint, a term's title, a new
//! file with errors, front matter with an error) go straight to the full
//! rebuild. New and deleted records: `tests/serve_records.rs`.

mod serve_support;
use inolab::serve::build::{Builder, Changes};
use serve_support::*;
use std::path::Path;

const SPRINT: &str = "content/sprints/nakotnes-sprints.md";
const SPRINT_PAGE: &str = "sprinti/nakotnes-sprints/index.html";

fn builder(root: &Path) -> Builder {
    let mut b = Builder::new(root.to_path_buf(), "http://127.0.0.1:1/".into(), false);
    b.build(&Changes::everything()).expect("first build");
    b
}

fn changes(root: &Path, paths: &[std::path::PathBuf]) -> Changes {
    let mut c = Changes::default();
    for p in paths {
        assert!(c.add(root, p));
    }
    c
}

fn text(site: &inolab::serve::build::SiteMap, path: &str) -> String {
    String::from_utf8(site[path].bytes.to_vec()).unwrap()
}

#[test]
fn a_body_edit_is_previewed_and_the_rebuild_keeps_the_preview() {
    let site = fixture();
    let root = site.path();
    let mut b = builder(root);
    let p = edit(root, SPRINT, "Plānots.", "Plānots ar PRIEKŠSKATU.");
    let c = changes(root, &[p]);
    let preview = b.preview(&c).expect("a body edit is previewed");
    assert!(text(&preview.site, SPRINT_PAGE).contains("PRIEKŠSKATU"));
    // Both languages: the untranslated record's English page shows the
    // Latvian text.
    assert!(preview.changed.contains(&SPRINT_PAGE.to_string()));
    assert!(text(&preview.site, "en/sprints/nakotnes-sprints/index.html").contains("PRIEKŠSKATU"));
    // Nothing else was touched yet: the list still has the old page list.
    assert!(preview.changed.len() <= 2, "{:?}", preview.changed);
    assert_eq!(b.stats.previews, 1);

    let full = b.build(&c).expect("rebuild");
    assert_eq!(
        without_index_hashes(&text(&preview.site, SPRINT_PAGE)),
        without_index_hashes(&text(&full.site, SPRINT_PAGE)),
        "the preview is the page the rebuild makes"
    );
    // The rebuild found the previewed pages' render keys unchanged.
    assert_eq!(b.stats.last_rendered, 0, "the rebuild re-rendered pages");
}

#[test]
fn edits_a_preview_cannot_judge_alone_go_to_the_rebuild() {
    let site = fixture();
    let root = site.path();
    let mut b = builder(root);
    // A prototype moved to another sprint: that sprint's validation (it
    // lists the prototype) changes too.
    let p = edit(
        root,
        "content/prototypes/deklaracijas-palidzis.md",
        "sprint: cilveks-pirmaja-vieta",
        "sprint: nakotnes-sprints",
    );
    assert!(
        b.preview(&changes(root, std::slice::from_ref(&p)))
            .is_none()
    );
    assert!(b.build(&changes(root, std::slice::from_ref(&p))).is_err());
    edit(
        root,
        "content/prototypes/deklaracijas-palidzis.md",
        "sprint: nakotnes-sprints",
        "sprint: cilveks-pirmaja-vieta",
    );
    b.build(&changes(root, &[p])).unwrap();
    // A sprint turned into a draft leaves the site: its page must go,
    // and lists with it.
    let p = edit(
        root,
        "content/sprints/nakotnes-sprints.md",
        "status: planned",
        "status: planned\ndraft: true",
    );
    assert!(
        b.preview(&changes(root, std::slice::from_ref(&p)))
            .is_none()
    );
    let built = b.build(&changes(root, &[p])).unwrap();
    assert!(!built.site.contains_key(SPRINT_PAGE));
    // A glossary term's name: how every body links it.
    let p = edit(
        root,
        "content/glossary/prototips.md",
        "term: Prototips",
        "term: Prototipss",
    );
    assert!(
        b.preview(&changes(root, std::slice::from_ref(&p)))
            .is_none()
    );
    b.build(&changes(root, &[p])).unwrap();
    // A new file with errors (fields missing): the rebuild reports them.
    let p = write(root, "content/sprints/jauns.md", "---\ntitle: J\n---\n");
    assert!(b.preview(&changes(root, &[p])).is_none());
}

/// Applies `edits` (file, from, to) as one save, previews it, and checks
/// that every previewed page, and each of `pages`, is the page a
/// from-scratch build of the edited site makes (search-index names
/// aside); then that the rebuild keeps the previews.
fn previewed_as_built(
    root: &Path,
    b: &mut Builder,
    edits: &[(&str, &str, &str)],
    pages: &[&str],
) -> inolab::serve::build::Built {
    let paths: Vec<_> = edits
        .iter()
        .map(|(f, from, to)| edit(root, f, from, to))
        .collect();
    let before = b.stats.previews;
    let c = changes(root, &paths);
    let preview = b
        .preview(&c)
        .unwrap_or_else(|| panic!("{edits:?} is previewed"));
    assert_eq!(b.stats.previews, before + 1);
    let want = fresh(root);
    for p in pages {
        assert!(
            preview.changed.contains(&p.to_string()),
            "{p} not in {:?}",
            preview.changed
        );
    }
    for p in &preview.changed {
        let built = String::from_utf8(want[p].clone()).unwrap();
        assert_eq!(
            without_index_hashes(&text(&preview.site, p)),
            without_index_hashes(&built),
            "{edits:?}: the preview of {p} is not the page a build makes"
        );
    }
    let full = b.build(&c).expect("rebuild");
    assert_same_site(&as_map(&full.site), &want);
    preview
}

/// Every single-record edit kind of the bundled site, one save after
/// another on one builder (as in a serve session): each is previewed,
/// the previewed pages are the pages a from-scratch build makes, and the
/// rebuild that follows equals that build.
#[test]
fn single_record_edits_are_previewed_as_built() {
    let site = bundled();
    let root = site.path();
    let mut b = builder(root);
    const S: &str = "content/sprints/administrativa-sloga-audits.md";
    const LV: &str = "sprinti/administrativa-sloga-audits/index.html";
    const EN: &str = "en/sprints/administrativa-sloga-audits/index.html";
    // Title: the Latvian page shows it (the English one has its own).
    let p = previewed_as_built(
        root,
        &mut b,
        &[(
            S,
            "title: \"Administratīvā sloga audits\"",
            "title: \"Sloga PRIEKŠSKATS\"",
        )],
        &[LV],
    );
    assert!(text(&p.site, LV).contains("Sloga PRIEKŠSKATS"));
    // Dates three years back: other sprints become its newer and older
    // neighbours, which its own pages link.
    let before = text(&p.site, LV);
    let p = previewed_as_built(
        root,
        &mut b,
        &[(
            S,
            "start: 2024-09-17\nend: 2024-11-12",
            "start: 2021-09-17\nend: 2021-11-12",
        )],
        &[LV, EN],
    );
    let after = text(&p.site, LV);
    // The other sprints the page links to.
    let rel_links = |html: &str| {
        html.split("href=\"/sprinti/")
            .skip(1)
            .filter_map(|s| s.split('"').next().map(str::to_owned))
            .filter(|s| !s.is_empty() && !s.starts_with("administrativa-sloga-audits"))
            .collect::<Vec<_>>()
    };
    assert!(after.contains("2021"));
    assert_ne!(
        rel_links(&before),
        rel_links(&after),
        "the neighbours changed"
    );
    // Topics and participants.
    previewed_as_built(
        root,
        &mut b,
        &[
            (
                S,
                "topics: [agriculture, land-and-property]",
                "topics: [agriculture]",
            ),
            (S, "participants: 23", "participants: 24"),
        ],
        &[LV, EN],
    );
    // A translation's title, and the Latvian body in the same save.
    let p = previewed_as_built(
        root,
        &mut b,
        &[
            (
                "content/sprints/administrativa-sloga-audits.en.md",
                "title: \"Administrative burden audit\"",
                "title: \"Burden PREVIEW\"",
            ),
            (S, "23 dalībnieki", "24 DALĪBNIEKI"),
        ],
        &[LV, EN],
    );
    assert!(text(&p.site, EN).contains("Burden PREVIEW"));
    assert!(text(&p.site, LV).contains("24 DALĪBNIEKI"));
    // A prototype's stage, a news item's date, a free page's summary.
    previewed_as_built(
        root,
        &mut b,
        &[(
            "content/prototypes/digitalais-spikeris.md",
            "stage: prototype",
            "stage: tested",
        )],
        &["prototipi/digitalais-spikeris/index.html"],
    );
    previewed_as_built(
        root,
        &mut b,
        &[(
            "content/news/interlink-koprades-platforma.md",
            "date: 2023-12-31",
            "date: 2023-12-30",
        )],
        &["jaunumi/interlink-koprades-platforma/index.html"],
    );
    previewed_as_built(
        root,
        &mut b,
        &[(
            "content/pages/atvertie-dati.md",
            "summary: Visas",
            "summary: PRIEKŠSKATĀ visas",
        )],
        &["atvertie-dati/index.html"],
    );
    // A chapter's body: its page, the contents and the print annex.
    let p = previewed_as_built(
        root,
        &mut b,
        &[(
            "content/guidelines/04-inovacijas-sprinta-norise.md",
            "\n## ",
            "\nPRIEKŠSKATS nodaļā.\n\n## ",
        )],
        &[],
    );
    let shown: Vec<&String> = p
        .changed
        .iter()
        .filter(|c| text(&p.site, c).contains("PRIEKŠSKATS nodaļā"))
        .collect();
    assert!(
        shown.len() >= 2,
        "the chapter and the print annex: {:?}",
        p.changed
    );
    // A glossary term's body: its page, whose back-links list the
    // records whose bodies use it — including the sprint a preview just
    // made use it (the rebuild has not run in between).
    const SP: &str = "content/sprints/bezpapira-pasvaldiba.md";
    let body_end = read(root, SP).trim_end().to_string();
    let last_line = body_end.lines().last().unwrap().to_string();
    let q = edit(
        root,
        SP,
        &last_line,
        &format!("{last_line}\n\nKoprade arī šeit."),
    );
    b.preview(&changes(root, &[q]))
        .expect("a body edit is previewed");
    let p = previewed_as_built(
        root,
        &mut b,
        &[(
            "content/glossary/koprade.md",
            "Koprade parasti notiek",
            "Koprade PRIEKŠSKATĀ parasti notiek",
        )],
        &["terminu-vardnica/koprade/index.html"],
    );
    let term = text(&p.site, "terminu-vardnica/koprade/index.html");
    assert!(term.contains("PRIEKŠSKATĀ"));
    assert!(
        term.contains("/sprinti/bezpapira-pasvaldiba/"),
        "the new back-link"
    );
    assert_eq!(b.stats.previews, 10);
    assert_same_site(&as_map(&b.site().unwrap()), &fresh(root));
}

#[test]
fn front_matter_with_an_error_is_not_previewed_and_the_build_reports_it() {
    let site = fixture();
    let root = site.path();
    let mut b = builder(root);
    let p = edit(
        root,
        "content/sprints/cilveks-pirmaja-vieta.md",
        "topics: [taxes]",
        "topics: [taxis]",
    );
    let c = changes(root, &[p]);
    assert!(b.preview(&c).is_none());
    assert_eq!(b.stats.previews, 0);
    let diags = b.build(&c).err().expect("an unknown topic is an error");
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("taxis") && d.field.as_deref() == Some("topics")),
        "{diags:?}"
    );
    // A value outside the field's vocabulary.
    let p = edit(
        root,
        "content/sprints/cilveks-pirmaja-vieta.md",
        "topics: [taxis]",
        "topics: [taxes]",
    );
    let q = edit(
        root,
        "content/sprints/cilveks-pirmaja-vieta.md",
        "status: completed",
        "status: finished",
    );
    let c = changes(root, &[p, q]);
    assert!(
        b.preview(&c).is_none(),
        "an unknown status is not previewed"
    );
}

#[test]
fn a_body_with_an_error_is_not_previewed_and_the_build_reports_it() {
    let site = fixture();
    let root = site.path();
    let mut b = builder(root);
    let p = edit(root, SPRINT, "Plānots.", "Plānots. ![](x.png)");
    let c = changes(root, &[p]);
    assert!(b.preview(&c).is_none());
    let diags = b
        .build(&c)
        .err()
        .expect("an image without alt text is an error");
    assert!(diags.iter().any(|d| d.message.contains("alt")), "{diags:?}");
}

#[test]
fn through_the_server_a_body_edit_ends_byte_identical_to_a_full_build() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    for word in ["VIENS", "DIVI", "TRĪS"] {
        let p = edit(root, SPRINT, "Plānots", &format!("Plānots {word}"));
        s.apply(&[p]).unwrap();
        assert!(page(&s, "/sprinti/nakotnes-sprints/").text().contains(word));
        assert_same_site(&served(&s), &full_build(&s, root));
    }
    assert_eq!(s.stats().previews, 3);
    s.stop();
}

#[test]
fn saves_in_quick_succession_are_each_previewed_then_the_site_settles() {
    let site = fixture();
    let root = site.path();
    let s = start(root, true);
    for word in ["PIRMAIS", "OTRAIS"] {
        edit(root, SPRINT, "Plānots", &format!("Plānots {word}"));
        eventually(&format!("the page shows {word}"), || {
            page(&s, "/sprinti/nakotnes-sprints/").text().contains(word)
        });
    }
    assert!(s.stats().previews >= 1, "{:?}", s.stats());
    // Once the editor pauses, the rest of the site follows; a request for
    // another page waits for it instead of getting the old version.
    let sitemap = page(&s, "/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    eventually("the site equals a full build", || {
        served(&s) == full_build(&s, root)
    });
    s.stop();
}

/// The site a from-scratch build makes, as the builder's base URL sees it.
#[test]
fn an_interrupted_rebuild_leaves_previews_working_and_is_redone() {
    let site = fixture();
    let root = site.path();
    let mut b = builder(root);
    let p = edit(root, SPRINT, "Plānots.", "Plānots PIRMS.");
    let first = changes(root, std::slice::from_ref(&p));
    assert!(b.preview(&first).is_some());
    // The editor saves again while the rest of the site is being rebuilt.
    assert!(b.build_unless(&first, &|| true).unwrap().is_none());
    edit(root, SPRINT, "PIRMS", "PĒC");
    let second = changes(root, std::slice::from_ref(&p));
    let shown = b.preview(&second).expect("still previewed");
    assert!(text(&shown.site, SPRINT_PAGE).contains("PĒC"));
    let mut all = first;
    all.merge(second);
    let built = b.build(&all).expect("rebuild");
    assert_same_site(&as_map(&built.site), &fresh(root));

    // An interrupted build of a front-matter change: the last site is out
    // of date, so a body edit is not previewed until a build finishes.
    let q = edit(root, SPRINT, "year: 2025", "year: 2026");
    assert!(
        b.build_unless(&changes(root, std::slice::from_ref(&q)), &|| true)
            .unwrap()
            .is_none()
    );
    edit(root, SPRINT, "PĒC", "VĒL");
    assert!(
        b.preview(&changes(root, std::slice::from_ref(&q)))
            .is_none()
    );
    let built = b.build(&changes(root, &[q])).expect("rebuild");
    assert_same_site(&as_map(&built.site), &fresh(root));
}

/// Every own page [`derive::derive_records`] derives (what a preview
/// shows) equals the page the full derivation makes, for every record of
/// the bundled site one at a time and for all of them at once: the
/// preview finds records, a sprint's neighbours and its prototypes with
/// scans of its own instead of the full derivation's lookups.
#[test]
fn derive_records_gives_the_full_derivations_own_pages() {
    use inolab::derive;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = inolab::pipeline::load_config(root, None).expect("config");
    let langs = cfg.lang_codes();
    let (sources, _) = inolab::load::load(root, &langs[1..], inolab::load::Bodies::Keep);
    let (site, diags) =
        inolab::validate::validate(&sources, &cfg, inolab::validate::Options { drafts: false });
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    let theme = inolab::render::load_theme(root, &cfg.theme, &langs).expect("theme");
    let full = derive::derive(&site, &theme.strings);
    let by_path: std::collections::HashMap<&str, &derive::PageJob> =
        full.pages.iter().map(|j| (j.path.as_str(), j)).collect();
    let mut all = derive::RecordSet::new();
    use inolab::load::Collection;
    let mut records: Vec<(Collection, String)> = Vec::new();
    records.extend(
        site.sprints
            .iter()
            .map(|r| (Collection::Sprints, r.slug.clone())),
    );
    records.extend(
        site.prototypes
            .iter()
            .map(|r| (Collection::Prototypes, r.slug.clone())),
    );
    records.extend(site.news.iter().map(|r| (Collection::News, r.slug.clone())));
    records.extend(
        site.pages
            .iter()
            .map(|r| (Collection::Pages, r.slug.clone())),
    );
    assert!(records.len() > 40, "{}", records.len());
    let check = |only: derive::RecordSet, expected: usize| {
        let m = derive::derive_records(&site, &theme.strings, only.clone(), None);
        assert_eq!(m.pages.len(), expected, "{only:?}");
        for j in &m.pages {
            let f = by_path
                .get(j.path.as_str())
                .unwrap_or_else(|| panic!("{} is not in the full derivation", j.path));
            assert_eq!((&f.template, &f.lang), (&j.template, &j.lang), "{}", j.path);
            assert!(f.context == j.context, "{}: contexts differ", j.path);
        }
    };
    for r in &records {
        check([r.clone()].into_iter().collect(), langs.len());
        all.insert(r.clone());
    }
    check(all, records.len() * langs.len());
}

/// Runs `b.build_unless(all)` interrupted at its first question, then
/// at its second, … until it finishes; checks that an interrupted build
/// publishes nothing, calls `between(n)` after the n-th interruption (it
/// may edit and add to `all`), and returns how many questions a whole
/// build asked.
fn interrupt_everywhere(
    b: &mut Builder,
    all: &mut Changes,
    mut between: impl FnMut(&mut Builder, usize) -> Option<Changes>,
) -> usize {
    let mut n = 0;
    loop {
        let served = as_map(&b.site().expect("a site"));
        let asked = std::cell::Cell::new(0);
        let interrupted = || {
            asked.set(asked.get() + 1);
            asked.get() > n
        };
        if b.build_unless(all, &interrupted)
            .expect("no errors")
            .is_some()
        {
            return n;
        }
        assert_eq!(as_map(&b.site().expect("a site")), served, "question {n}");
        n += 1;
        if let Some(c) = between(b, n) {
            all.merge(c);
        }
    }
}

/// A rebuild interrupted at any of the points where it asks (after
/// validation, between batches of page jobs while deriving, after the
/// search index, between batches of pages while rendering) publishes
/// nothing, the next save is still previewed, and the build that finally
/// runs to the end equals a full build.
#[test]
fn a_rebuild_interrupted_at_any_point_publishes_nothing() {
    let site = fixture();
    let root = site.path();
    let mut b = builder(root);
    // Body edits: the editor saves again after each interruption, and
    // the save is previewed at once.
    let p = edit(root, SPRINT, "Plānots.", "Plānots VĀRDS0.");
    let mut all = changes(root, std::slice::from_ref(&p));
    b.preview(&all).expect("previewed");
    let asked = interrupt_everywhere(&mut b, &mut all, |b, n| {
        edit(
            root,
            SPRINT,
            &format!("VĀRDS{}", n - 1),
            &format!("VĀRDS{n}"),
        );
        let c = changes(root, std::slice::from_ref(&p));
        let shown = b.preview(&c).expect("still previewed");
        assert!(text(&shown.site, SPRINT_PAGE).contains(&format!("VĀRDS{n}")));
        Some(c)
    });
    assert_same_site(&as_map(&b.site().expect("a site")), &fresh(root));
    // Three questions at stage boundaries, the others while deriving
    // pages (a body edit re-renders nothing beyond its preview).
    assert!(asked >= 4, "asked {asked} times");

    // A title edit: list pages are rendered again, and the rendering is
    // interrupted too.
    let q = edit(root, SPRINT, "title: ", "title: Jauns ");
    let mut all = changes(root, std::slice::from_ref(&q));
    let asked = interrupt_everywhere(&mut b, &mut all, |_, _| None);
    assert_same_site(&as_map(&b.site().expect("a site")), &fresh(root));
    assert!(asked >= 5, "asked {asked} times");
}
