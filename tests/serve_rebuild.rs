//! Incremental rebuilds of `inolab serve`: edits, deletions, renames and
//! template changes show up in the served pages, broken edits keep the last
//! good site, and the incremental result equals a full build byte for byte.

mod serve_support;
use serve_support::*;
use std::path::Path;

/// One change to the tree; returns the paths it touched.
type Step = Box<dyn Fn(&Path) -> Vec<std::path::PathBuf>>;

const SPRINT: &str = "content/sprints/nakotnes-sprints.md";

#[test]
fn editing_a_record_updates_its_page_lists_and_home() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    let total = s.stats().pages;
    assert!(total > 20);
    let p = edit(
        root,
        SPRINT,
        "title: Nākotnes sprints",
        "title: Nākotnes sprints ZZTOP",
    );
    s.apply(&[p]).unwrap();
    assert!(
        page(&s, "/sprinti/nakotnes-sprints/")
            .text()
            .contains("ZZTOP")
    );
    assert!(
        page(&s, "/sprinti/").text().contains("ZZTOP"),
        "sprint list"
    );
    assert!(
        page(&s, "/").text().contains("ZZTOP") || !read_home_mentions_planned(&s),
        "home"
    );
    // A body-only edit re-renders only the pages that read the record
    // (previewed first, then kept by the rebuild).
    let before = s.stats().total_rendered;
    let p = edit(root, SPRINT, "Plānots.", "Plānots drīzumā.");
    s.apply(&[p]).unwrap();
    assert!(
        page(&s, "/sprinti/nakotnes-sprints/")
            .text()
            .contains("Plānots drīzumā.")
    );
    let st = s.stats();
    let rendered = (st.total_rendered - before) as usize;
    assert!(rendered >= 1);
    assert!(
        rendered * 3 < total,
        "a one-record edit re-rendered {rendered} of {total} pages"
    );
    assert_eq!(st.last_reread, 1);
    assert_same_site(&served(&s), &full_build(&s, root));
    s.stop();
}

fn read_home_mentions_planned(s: &inolab::serve::Server) -> bool {
    page(s, "/").text().contains("Nākotnes sprints")
}

#[test]
fn deleting_and_renaming_records() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    assert_eq!(page(&s, "/sprinti/nakotnes-sprints/").status, 200);
    let p = root.join(SPRINT);
    std::fs::remove_file(&p).unwrap();
    s.apply(std::slice::from_ref(&p)).unwrap();
    assert_eq!(page(&s, "/sprinti/nakotnes-sprints/").status, 404);
    assert!(!page(&s, "/sprinti/").text().contains("nakotnes-sprints"));
    assert_same_site(&served(&s), &full_build(&s, root));
    // Put it back under another name.
    write(
        root,
        "content/sprints/velaks-sprints.md",
        "---\ntitle: Vēlāks sprints\ninstitutions: [vk]\nstatus: planned\nyear: 2026\n---\n\nVēlāk.\n",
    );
    s.apply(&[root.join("content/sprints/velaks-sprints.md")])
        .unwrap();
    assert_eq!(page(&s, "/sprinti/velaks-sprints/").status, 200);
    assert!(page(&s, "/sprinti/").text().contains("velaks-sprints"));
    let from = root.join("content/sprints/velaks-sprints.md");
    let to = root.join("content/sprints/atkal-sprints.md");
    std::fs::rename(&from, &to).unwrap();
    s.apply(&[from, to]).unwrap();
    assert_eq!(page(&s, "/sprinti/velaks-sprints/").status, 404);
    assert_eq!(page(&s, "/sprinti/atkal-sprints/").status, 200);
    assert_same_site(&served(&s), &full_build(&s, root));
    s.stop();
}

#[test]
fn a_template_edit_rerenders_the_pages_using_it() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    let t = "themes/default/templates/sprint.html";
    let p = edit(
        root,
        t,
        "{% block content %}",
        "{% block content %}<p class=\"tpl-edit\">T</p>",
    );
    s.apply(&[p]).unwrap();
    assert!(
        page(&s, "/sprinti/nakotnes-sprints/")
            .text()
            .contains("tpl-edit")
    );
    let p = edit(
        root,
        "themes/default/templates/base.html",
        "<a href=\"#main\">Skip</a>",
        "<a href=\"#main\">Skip!</a>",
    );
    s.apply(&[p]).unwrap();
    assert!(page(&s, "/").text().contains("Skip!"));
    assert!(page(&s, "/en/").text().contains("Skip!"));
    assert_same_site(&served(&s), &full_build(&s, root));
    // A theme CSS change is served without touching pages.
    let css = edit(
        root,
        "themes/default/static/assets/site.css",
        "",
        "/* new */",
    );
    s.apply(&[css]).unwrap();
    assert!(page(&s, "/assets/site.css").text().starts_with("/* new */"));
    s.stop();
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_reports_until_fixed() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    let good = page(&s, "/sprinti/nakotnes-sprints/").text();
    let g0 = s.generation();
    let p = edit(
        root,
        SPRINT,
        "status: planned",
        "status: planned\nstatuss: x",
    );
    let e = s.apply(std::slice::from_ref(&p)).unwrap_err();
    let e = inolab::diagnostics::render(&e, inolab::diagnostics::Format::Human);
    assert!(e.contains("unknown field `statuss`"), "{e}");
    assert!(e.contains("content/sprints/nakotnes-sprints.md:"), "{e}");
    // The same text as `inolab check`.
    let check = inolab::pipeline::run(&inolab::pipeline::BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        force: false,
    });
    assert_eq!(
        e,
        inolab::diagnostics::render(&check.diags, inolab::diagnostics::Format::Human)
    );
    assert!(s.generation() > g0);
    let status = page(&s, "/__inolab/status").text();
    let v: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["error"].as_str().unwrap().contains("statuss"));
    assert_eq!(
        page(&s, "/sprinti/nakotnes-sprints/").text(),
        good,
        "last good page"
    );
    // Fixed: the error clears.
    let p = edit(root, SPRINT, "\nstatuss: x", "");
    s.apply(&[p]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&page(&s, "/__inolab/status").text()).unwrap();
    assert_eq!(v["ok"], true);
    assert!(v["error"].is_null());
    assert!(s.error().is_none());
    s.stop();
}

#[test]
fn a_broken_template_keeps_the_last_good_site() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    let t = "themes/default/templates/sprint.html";
    let p = edit(
        root,
        t,
        "{% endblock content %}",
        "{% if %}{% endblock content %}",
    );
    let e = s.apply(std::slice::from_ref(&p)).unwrap_err();
    let e = inolab::diagnostics::render(&e, inolab::diagnostics::Format::Human);
    assert!(e.contains("sprint.html"), "{e}");
    assert_eq!(page(&s, "/sprinti/nakotnes-sprints/").status, 200);
    let p = edit(root, t, "{% if %}", "");
    s.apply(&[p]).unwrap();
    assert!(s.error().is_none());
    assert_same_site(&served(&s), &full_build(&s, root));
    s.stop();
}

/// THE byte-identity test: many kinds of change through the incremental
/// path, then the served map equals a fresh full build of the same tree.
#[test]
fn incremental_result_equals_a_full_build_byte_for_byte() {
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    assert_same_site(&served(&s), &full_build(&s, root));
    let steps: Vec<Step> = vec![
        Box::new(|r| vec![edit(r, SPRINT, "Plānots.", "Plānots ar **treknu** tekstu.")]),
        Box::new(|r| {
            vec![edit(
                r,
                "content/sprints/cilveks-pirmaja-vieta.en.md",
                "People first",
                "People come first",
            )]
        }),
        Box::new(|r| {
            // A new translation.
            vec![write(
                r,
                "content/sprints/nakotnes-sprints.en.md",
                "---\ntitle: Future sprint\n---\n\nPlanned.\n",
            )]
        }),
        Box::new(|r| {
            vec![edit(
                r,
                "content/glossary/prototips.md",
                "aliases: [prototipi, prototipu]",
                "aliases: [prototipi, prototipu, modelis]",
            )]
        }),
        Box::new(|r| {
            let from = r.join("content/news/sakums.md");
            let to = r.join("content/news/sakums-2.md");
            std::fs::rename(&from, &to).unwrap();
            vec![from, to]
        }),
        Box::new(|r| {
            vec![edit(
                r,
                "content/data/topics.yaml",
                "en: Taxes }",
                "en: Taxes }\nhealth: { lv: Veselība, en: Health }",
            )]
        }),
        Box::new(|r| {
            let p = r.join("content/sprints/cilveks-pirmaja-vieta.en.md");
            std::fs::remove_file(&p).unwrap();
            vec![p]
        }),
        Box::new(|r| {
            vec![write(
                r,
                "content/sprints/jauns.md",
                "---\ntitle: Jauns sprints\ninstitutions: [vid]\nstatus: planned\nyear: 2026\ntopics: [taxes]\n---\n\nJauns.\n",
            )]
        }),
        Box::new(|r| vec![edit(r, "themes/default/i18n/en.yaml", "", "")]),
        Box::new(|r| {
            vec![edit(
                r,
                "themes/default/templates/base.html",
                "</main>",
                "</main><footer>f</footer>",
            )]
        }),
        Box::new(|r| vec![edit(r, "site.yaml", "per_page: 30", "per_page: 1")]),
        Box::new(|r| vec![write(r, "static/robots-extra.txt", "x")]),
        // A template that transforms the search manifest URL: the
        // placeholder shortcut must notice and fall back to real values.
        Box::new(|r| {
            vec![edit(
                r,
                "themes/default/templates/base.html",
                "</main>",
                "</main>{% if search_manifest %}<i>{{ search_manifest | upper }}</i>{% endif %}",
            )]
        }),
        Box::new(|r| vec![edit(r, SPRINT, "Plānots", "Vēl plānots")]),
        Box::new(|r| vec![edit(r, "content/pages/par-mums.md", "menu: 1\n", "")]),
    ];
    for (n, step) in steps.iter().enumerate() {
        let paths = step(root);
        if let Err(e) = s.apply(&paths) {
            panic!(
                "step {n} did not build: {}",
                inolab::diagnostics::render(&e, inolab::diagnostics::Format::Human)
            );
        }
        assert_same_site(&served(&s), &full_build(&s, root));
    }
    assert!(s.error().is_none(), "{:?}", s.error());
    assert_same_site(&served(&s), &full_build(&s, root));
    s.stop();
}

#[test]
fn the_watcher_picks_up_edits_and_atomic_saves() {
    let site = fixture();
    let root = site.path();
    let s = start(root, true);
    edit(root, SPRINT, "Plānots.", "Plānots WATCHED.");
    eventually("the edit is served", || {
        page(&s, "/sprinti/nakotnes-sprints/")
            .text()
            .contains("WATCHED")
    });
    // An editor's atomic save: write a temp file, rename it over the original.
    let text = read(root, SPRINT).replace("WATCHED", "RENAMED");
    let tmp = root.join("content/sprints/.nakotnes-sprints.md.tmp123");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, root.join(SPRINT)).unwrap();
    eventually("the atomic save is served", || {
        page(&s, "/sprinti/nakotnes-sprints/")
            .text()
            .contains("RENAMED")
    });
    // A broken edit shows up in the status, a fix clears it.
    edit(root, SPRINT, "status: planned", "status: nonsense");
    eventually("the error is reported", || s.error().is_some());
    assert!(
        page(&s, "/sprinti/nakotnes-sprints/")
            .text()
            .contains("RENAMED")
    );
    edit(root, SPRINT, "status: nonsense", "status: planned");
    eventually("the error clears", || s.error().is_none());
    s.stop();
}

#[test]
fn the_event_stream_announces_builds() {
    use std::io::{BufRead, BufReader, Write};
    let site = fixture();
    let root = site.path();
    let s = start(root, false);
    let mut t = std::net::TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    t.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    t.write_all(b"GET /__inolab/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut r = BufReader::new(t);
    let mut line = String::new();
    let mut next_data =
        |r: &mut BufReader<std::net::TcpStream>, event: &str| -> serde_json::Value {
            let mut current = String::new();
            loop {
                line.clear();
                assert!(r.read_line(&mut line).unwrap() > 0, "stream ended");
                let l = line.trim_end();
                if let Some(e) = l.strip_prefix("event: ") {
                    current = e.to_string();
                } else if let Some(d) = l.strip_prefix("data: ")
                    && current == event
                {
                    return serde_json::from_str(d).unwrap();
                }
            }
        };
    let hello = next_data(&mut r, "hello");
    assert!(hello["error"].is_null());
    let p = edit(root, SPRINT, "Plānots.", "Plānots SSE.");
    s.apply(&[p]).unwrap();
    let b = next_data(&mut r, "build");
    let changed: Vec<String> = serde_json::from_value(b["changed"].clone()).unwrap();
    assert!(
        changed.contains(&"sprinti/nakotnes-sprints/index.html".to_string()),
        "{changed:?}"
    );
    let p = edit(root, SPRINT, "status: planned", "status: nonsense");
    let _ = s.apply(&[p]);
    // The body edit may have sent two events (its preview, then the rest
    // of the site); the failed build's is the first one with an error.
    let mut b = next_data(&mut r, "build");
    for _ in 0..3 {
        if !b["error"].is_null() {
            break;
        }
        b = next_data(&mut r, "build");
    }
    assert!(
        b["error"].as_str().unwrap().contains("nonsense")
            || b["error"].as_str().unwrap().contains("status")
    );
    s.stop();
}
