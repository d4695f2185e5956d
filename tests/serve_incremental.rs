//! Every kind of edit an editor makes, applied one after another to a copy
//! of the bundled site while `serve` runs: after each, the site served
//! from memory (preview, incremental rebuild, every cache) must be the
//! site a from-scratch build of the edited tree makes, every path and
//! every byte. A failure names the first differing path and where the
//! bytes part.

mod serve_support;
use serve_support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SPRINT: &str = "content/sprints/administrativa-sloga-audits.md";
const SPRINT_EN: &str = "content/sprints/administrativa-sloga-audits.en.md";
const TERM: &str = "content/glossary/koprade.md";
const CHAPTER: &str = "content/guidelines/03-pakalpojumu-grozs.md";
const NEWS: &str = "content/news/interlink-koprades-platforma";

/// Asserts the served site is the full build, naming the first path
/// (in sorted order) that is missing, extra or different, and for a
/// different file the first differing byte with some text around it.
fn assert_identical(step: &str, got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) {
    let paths: std::collections::BTreeSet<&String> = got.keys().chain(want.keys()).collect();
    let differing: Vec<&String> = paths
        .into_iter()
        .filter(|p| got.get(*p) != want.get(*p))
        .collect();
    let Some(first) = differing.first() else {
        return;
    };
    let detail = match (got.get(*first), want.get(*first)) {
        (None, _) => "missing from the served site".to_string(),
        (_, None) => "served, but not in the full build".to_string(),
        (Some(g), Some(w)) => {
            let at = g
                .iter()
                .zip(w)
                .position(|(a, b)| a != b)
                .unwrap_or(g.len().min(w.len()));
            let around = |b: &[u8]| {
                String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())])
                    .into_owned()
            };
            format!(
                "bytes differ from offset {at} ({} served, {} built)\n  served: …{}…\n  built:  …{}…",
                g.len(),
                w.len(),
                around(g),
                around(w)
            )
        }
    };
    panic!(
        "after `{step}`: {} of {} paths differ; the first, {first}: {detail}",
        differing.len(),
        want.len()
    );
}

/// One edit: its name and what it does to the tree (the paths touched).
type Step = (&'static str, Box<dyn Fn(&Path) -> Vec<PathBuf>>);

fn steps() -> Vec<Step> {
    vec![
        (
            "sprint body",
            Box::new(|r| {
                vec![edit(
                    r,
                    SPRINT,
                    "Sprinta rezultāts ir",
                    "Sprinta galvenais rezultāts ir",
                )]
            }),
        ),
        (
            "sprint body again (previewed back to back)",
            Box::new(|r| {
                vec![edit(
                    r,
                    SPRINT,
                    "galvenais rezultāts",
                    "svarīgākais rezultāts",
                )]
            }),
        ),
        (
            "sprint title",
            Box::new(|r| {
                vec![edit(
                    r,
                    SPRINT,
                    "title: \"Administratīvā sloga audits\"",
                    "title: \"Administratīvā sloga pārskats\"",
                )]
            }),
        ),
        (
            "sprint dates",
            Box::new(|r| {
                vec![edit(
                    r,
                    SPRINT,
                    "start: 2024-09-17\nend: 2024-11-12",
                    "start: 2023-09-17\nend: 2023-11-14",
                )]
            }),
        ),
        (
            "sprint topics",
            Box::new(|r| {
                vec![edit(
                    r,
                    SPRINT,
                    "topics: [agriculture, land-and-property]",
                    "topics: [taxes, agriculture]",
                )]
            }),
        ),
        (
            "translation body",
            Box::new(|r| {
                let text = read(r, SPRINT_EN);
                vec![write(
                    r,
                    SPRINT_EN,
                    &format!("{text}\nAn added English sentence.\n"),
                )]
            }),
        ),
        (
            "glossary term body",
            Box::new(|r| {
                vec![edit(
                    r,
                    TERM,
                    "*Vietnes redakcijas skaidrojums.*",
                    "*Vietnes redakcijas skaidrojums, papildināts.*",
                )]
            }),
        ),
        (
            "glossary term aliases (links in other bodies)",
            Box::new(|r| {
                vec![edit(
                    r,
                    TERM,
                    "aliases: [koprades,",
                    "aliases: [meliorācijas, koprades,",
                )]
            }),
        ),
        (
            "guidelines chapter body and title",
            Box::new(|r| {
                vec![
                    edit(
                        r,
                        CHAPTER,
                        "title: Pakalpojumu grozs",
                        "title: Laboratorijas pakalpojumu grozs",
                    ),
                    edit(
                        r,
                        CHAPTER,
                        "konkrētas funkcijas",
                        "konkrētas funkcijas un rīki",
                    ),
                ]
            }),
        ),
        (
            "new sprint",
            Box::new(|r| {
                vec![write(
                    r,
                    "content/sprints/jauns-parbaudes-sprints.md",
                    "---\ntitle: \"Jauns pārbaudes sprints\"\nstatus: planned\ninstitutions: [zemkopibas-ministrija]\ntopics: [agriculture]\nyear: 2027\n---\n\nPlānots pārbaudei.\n",
                )]
            }),
        ),
        (
            "deleted news item",
            Box::new(|r| {
                let paths = vec![
                    r.join(format!("{NEWS}.md")),
                    r.join(format!("{NEWS}.en.md")),
                ];
                for p in &paths {
                    std::fs::remove_file(p).unwrap();
                }
                paths
            }),
        ),
        (
            "data file (a topic's labels)",
            Box::new(|r| {
                vec![edit(
                    r,
                    "content/data/topics.yaml",
                    "taxes: { lv: Nodokļi, en: Taxes }",
                    "taxes: { lv: Nodokļi un nodevas, en: Taxes and fees }",
                )]
            }),
        ),
        (
            "deleted new sprint",
            Box::new(|r| {
                let p = r.join("content/sprints/jauns-parbaudes-sprints.md");
                std::fs::remove_file(&p).unwrap();
                vec![p]
            }),
        ),
    ]
}

#[test]
fn every_kind_of_edit_serves_the_site_a_full_build_makes() {
    let site = bundled();
    let root = site.path();
    let s = start(root, false);
    assert!(s.error().is_none(), "{:?}", s.error());
    assert_identical("the first build", &served(&s), &full_build(&s, root));
    for (name, step) in steps() {
        let before = served(&s);
        let paths = step(root);
        if let Err(e) = s.apply(&paths) {
            panic!(
                "`{name}` did not build:\n{}",
                inolab::diagnostics::render(&e, inolab::diagnostics::Format::Human)
            );
        }
        let got = served(&s);
        // The edit shows: a test of equality alone would pass if neither
        // side saw the edit.
        assert_ne!(got, before, "`{name}` changed nothing that is served");
        assert_identical(name, &got, &full_build(&s, root));
    }
    s.stop();
}
