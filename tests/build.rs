//! End-to-end builds of fixture sites: determinism, atomic output, base
//! paths, and the HTML users get (parsed, not grepped).

mod common;
use common::*;
use inolab::pipeline;
use scraper::{Html, Selector};

#[test]
fn two_builds_are_byte_identical() {
    let site = copy_fixture("minimal");
    let a = site.path().join("out-a");
    let b = site.path().join("out-b");
    pipeline::write(&run(site.path(), None), &options(site.path()), &a).unwrap();
    pipeline::write(&run(site.path(), None), &options(site.path()), &b).unwrap();
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(
        ta.len() > 50,
        "expected a real site, got {} files",
        ta.len()
    );
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
}

/// `inolab build` writes pages while it renders them; the result must be
/// the same tree as rendering everything in memory and writing it at once,
/// static files included (generated files winning over static ones).
#[test]
fn streaming_build_writes_the_same_tree_as_an_in_memory_build() {
    let site = copy_fixture("minimal");
    let streamed = site.path().join("out-streamed");
    let opts = options(site.path());
    let out = pipeline::build(&opts, &streamed);
    assert!(!out.has_errors(), "{:?}", out.diags);
    let in_memory = site.path().join("out-memory");
    pipeline::write(&run(site.path(), None), &options(site.path()), &in_memory).unwrap();
    let (a, b) = (read_tree(&streamed), read_tree(&in_memory));
    assert!(a.len() > 50, "expected a real site, got {} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(
            v == &b[k],
            "{k} differs between streamed and in-memory builds"
        );
    }
    assert_eq!(out.file_count, a.len(), "reported file count");
}

/// The streaming build: a broken record leaves the previous output as it
/// was and no staging folder behind.
#[test]
fn a_failed_streaming_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("minimal");
    let out = site.path().join("public");
    let opts = options(site.path());
    assert!(!pipeline::build(&opts, &out).has_errors());
    let before = read_tree(&out);
    // A template error only shows up while pages are being written.
    let t = site.path().join("themes/default/templates/sprint.html");
    let broken = std::fs::read_to_string(&t).unwrap() + "{{ no_such_variable.field }}";
    std::fs::write(&t, broken).unwrap();
    assert!(pipeline::build(&opts, &out).has_errors());
    assert_eq!(
        read_tree(&out),
        before,
        "output changed after a failed build"
    );
    assert_no_staging_left(site.path());
}

/// No `.public.tmp-*` / `.public.old-*` folder is left beside the output.
fn assert_no_staging_left(dir: &std::path::Path) {
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temp folders left behind: {leftovers:?}"
    );
}

fn options(root: &std::path::Path) -> inolab::pipeline::BuildOptions {
    inolab::pipeline::BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        force: false,
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("minimal");
    let out = site.path().join("public");
    pipeline::write(&run(site.path(), None), &options(site.path()), &out).unwrap();
    let before = read_tree(&out);
    // Break a record: an unknown field.
    let f = site.path().join("content/news/sakums.md");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("summary:", "sumary:");
    std::fs::write(&f, text).unwrap();
    let failed = run(site.path(), None);
    assert!(failed.has_errors());
    assert!(pipeline::write(&failed, &options(site.path()), &out).is_err());
    assert_eq!(
        read_tree(&out),
        before,
        "output changed after a failed build"
    );
    assert_no_staging_left(site.path());
}

#[test]
fn the_cli_exits_1_and_keeps_output_when_content_is_broken() {
    let site = copy_fixture("minimal");
    let bin = env!("CARGO_BIN_EXE_inolab");
    let ok = std::process::Command::new(bin)
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = read_tree(&site.path().join("public"));
    std::fs::write(
        site.path().join("content/sprints/bad.md"),
        "---\ntitle: X\nstatus: nope\ninstitutions: [vk]\n---\n",
    )
    .unwrap();
    let bad = std::process::Command::new(bin)
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("content/sprints/bad.md:3:9: error: `nope` is not an allowed `status`"),
        "{stderr}"
    );
    assert_eq!(read_tree(&site.path().join("public")), before);
}

/// Every internal href/src in every page resolves to a built file, and all
/// of them carry the base path.
#[test]
fn a_sub_path_base_url_has_no_broken_internal_reference() {
    let site = copy_fixture("minimal");
    let out = site.path().join("out");
    let o = run(site.path(), Some("https://example.org/lab/"));
    assert!(!o.has_errors(), "{:?}", o.diags);
    pipeline::write(&o, &options(site.path()), &out).unwrap();
    let tree = read_tree(&out);
    let sel = Selector::parse("a[href], link[href], script[src], img[src], form[action]").unwrap();
    let mut checked = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for el in doc.select(&sel) {
            let v = el.value();
            let url = v
                .attr("href")
                .or(v.attr("src"))
                .or(v.attr("action"))
                .unwrap_or("");
            let url = url.split(['#', '?']).next().unwrap_or("");
            if url.is_empty() || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            assert!(
                url.starts_with("/lab/"),
                "{path}: `{url}` lacks the base path"
            );
            let rel = url.trim_start_matches("/lab/");
            let target = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            assert!(
                tree.contains_key(&target),
                "{path}: `{url}` points at nothing ({target})"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/lab/sprinti/cilveks-pirmaja-vieta/</loc>"));
    assert!(sitemap.contains(
        "hreflang=\"en\" href=\"https://example.org/lab/en/sprints/cilveks-pirmaja-vieta/\""
    ));
}

#[test]
fn a_sprint_page_links_its_prototype_and_the_prototype_links_back() {
    let site = copy_fixture("minimal");
    let o = run(site.path(), None);
    let page = |p: &str| {
        let bytes = &o
            .files
            .iter()
            .find(|f| f.0 == p)
            .unwrap_or_else(|| panic!("no {p}"))
            .1;
        Html::parse_document(std::str::from_utf8(bytes).unwrap())
    };
    let sprint = page("sprinti/cilveks-pirmaja-vieta/index.html");
    let a = Selector::parse(".prototypes a").unwrap();
    let hrefs: Vec<_> = sprint
        .select(&a)
        .filter_map(|e| e.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["/prototipi/deklaracijas-palidzis/"]);
    let proto = page("prototipi/deklaracijas-palidzis/index.html");
    let back = Selector::parse("a.sprint").unwrap();
    assert_eq!(
        proto.select(&back).next().unwrap().value().attr("href"),
        Some("/sprinti/cilveks-pirmaja-vieta/")
    );
    // The English page of an untranslated record still exists.
    page("en/prototypes/deklaracijas-palidzis/index.html");
}

#[test]
fn home_figures_are_computed_from_records_with_latvian_plurals() {
    let site = copy_fixture("minimal");
    let o = run(site.path(), None);
    let home = &o.files.iter().find(|f| f.0 == "index.html").unwrap().1;
    let doc = Html::parse_document(std::str::from_utf8(home).unwrap());
    let figs: Vec<String> = doc
        .select(&Selector::parse(".figure").unwrap())
        .map(|e| e.text().collect())
        .collect();
    // One completed sprint with 21 participants, 2 institutions (owner + partner), 1 prototype.
    assert_eq!(
        figs,
        ["1 sprints", "21 dalībnieks", "2 iestādes", "1 prototips"]
    );
}

#[test]
fn indicators_derive_totals_and_never_sum_unique_counts() {
    let site = copy_fixture("minimal");
    let o = run(site.path(), None);
    let page = &o
        .files
        .iter()
        .find(|f| f.0 == "raditaji/index.html")
        .unwrap()
        .1;
    let doc = Html::parse_document(std::str::from_utf8(page).unwrap());
    let totals: Vec<String> = doc
        .select(&Selector::parse("td.total").unwrap())
        .map(|e| e.text().collect())
        .collect();
    // sprint attendances 15, derived all-attendances 15, unique people 11 (not 8+5=13).
    assert_eq!(totals, ["15", "15", "11"]);
}

/// The home page summarises planned and running sprints — one line per
/// status linking its status page, no cards (issue 19) — and counts them
/// from the model's totals when there are more than it carries (at 10 000
/// sprints the list made a 1.8 MB home page).
#[test]
fn home_lists_a_dozen_open_sprints_and_links_the_rest() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_tree(&repo.join(part), &site.path().join(part));
    }
    std::fs::copy(repo.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    let planned = |o: &pipeline::Outcome| -> (usize, Vec<String>) {
        assert!(!o.has_errors(), "{:?}", o.diags);
        let home = &o.files.iter().find(|f| f.0 == "index.html").unwrap().1;
        let doc = Html::parse_document(std::str::from_utf8(home).unwrap());
        let section = doc
            .select(&Selector::parse("section[aria-labelledby=\"planned-h\"]").unwrap())
            .next()
            .expect("a planned section");
        let cards = section
            .select(&Selector::parse(".cards > li").unwrap())
            .count();
        let links = section
            .select(&Selector::parse(".status-summary a").unwrap())
            .map(|a| a.text().collect())
            .collect();
        (cards, links)
    };
    // The bundled site's ten planned sprints, summarised.
    assert_eq!(
        planned(&run(site.path(), None)),
        (0, vec!["Plānots: 10 sprintu".to_string()])
    );

    let dir = site.path().join("content/sprints");
    for i in 0..4 {
        let (status, dates) = if i < 2 {
            ("running", "start: 2026-11-01\nend: 2027-01-31")
        } else {
            ("planned", "year: 2027")
        };
        std::fs::write(
            dir.join(format!("papildu-{i}.md")),
            format!("---\ntitle: Papildu {i}\ninstitutions: [valsts-kanceleja]\nstatus: {status}\n{dates}\n---\n\nTeksts.\n"),
        )
        .unwrap();
    }
    let (cards, links) = planned(&run(site.path(), None));
    assert_eq!(cards, 0);
    assert_eq!(links, ["Notiek: 2 sprinti", "Plānots: 12 sprintu"]);
}

/// `--timings` shows the peak memory after each stage: one reading per
/// stage, and (being a peak) never falling from one stage to the next.
#[test]
fn every_stage_reports_the_peak_memory_so_far() {
    let site = copy_fixture("minimal");
    let o = run(site.path(), None);
    assert_eq!(o.peak_kib.len(), o.timings.len());
    if cfg!(target_os = "linux") {
        let peaks: Vec<u64> = o
            .peak_kib
            .iter()
            .map(|p| p.expect("VmHWM on Linux"))
            .collect();
        assert!(peaks[0] > 0);
        assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{peaks:?}");
    }
}
