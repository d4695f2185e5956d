//! Issue 22, items 5–7, as a reader sees them in the built HTML: the
//! guidelines' version and date on every chapter, the contents and the
//! print page, the change log, stable chapter URLs, a print page that is a
//! whole document; chapter 07's self-assessment as a checklist; calls for
//! applications whose status is worked out at build time
//! (`SOURCE_DATE_EPOCH`), and a call without a whole deadline that says its
//! status cannot be known.

mod common;
use common::*;
use inolab::diagnostics::Kind;
use inolab::pipeline::Outcome;
use std::path::Path;
use std::process::Command;

const GUIDELINES: &str = "about:\n  lv: Šis ir vietnes izdevums, nevis oficiālais teksts.\n  en: This is the website's own edition, not the official text.\nversions:\n  - version: \"2.0\"\n    date: 2027-03-01\n    changes:\n      lv: Otrā nodaļa pārrakstīta.\n      en: Chapter two rewritten.\n  - version: \"1.0\"\n    date: 2026-11-22\n    changes:\n      lv: Pirmais izdevums.\n      en: First edition.\n";

const ASSESSMENT: &str = "chapter: pasvertejums\nbefore: ko-darit\nareas:\n  - id: mandats\n    title: { lv: Mandāts, en: Mandate }\n    helps: ievads\n  - id: komanda\n    title: { lv: Komanda, en: Team }\nquestions:\n  - id: \"1.1\"\n    area: mandats\n    text: { lv: Vai ir mandāts?, en: Is there a mandate? }\n  - id: \"1.2\"\n    area: mandats\n    text: { lv: Vai tas ir rakstisks?, en: Is it written down? }\n  - id: \"2.1\"\n    area: komanda\n    text: { lv: Vai ir komanda?, en: Is there a team? }\n";

const CALL: &str = "pavasara-konkurss:\n  title: { lv: Pavasara konkurss, en: Spring call }\n  page: pieteikties\n  opens: 2027-05-01T09:00\n  closes: 2027-06-12T23:59\n";

/// The minimal fixture with the default theme, two chapters (the second
/// holding the checklist), the three data files and an apply page.
fn site() -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    let root = site.path();
    std::fs::remove_dir_all(root.join("themes/default")).unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.join("themes/default"),
    );
    let w = |p: &str, t: &str| std::fs::write(root.join(p), t).unwrap();
    w(
        "content/guidelines/01-ievads.en.md",
        "---\ntitle: Introduction\nsummary: Whom the guidelines are for.\n---\n\n## Purpose\n\nText.\n",
    );
    w(
        "content/guidelines/02-pasvertejums.md",
        "---\ntitle: Pašvērtējums\n---\nIevads jautājumiem.\n\n## Ko darīt {#ko-darit}\n\nAtkārtojiet reizi gadā.\n",
    );
    w(
        "content/guidelines/02-pasvertejums.en.md",
        "---\ntitle: Self-assessment\n---\nIntroduction to the questions.\n\n## What to do {#ko-darit}\n\nRepeat once a year.\n",
    );
    w("content/data/guidelines.yaml", GUIDELINES);
    w("content/data/self-assessment.yaml", ASSESSMENT);
    w("content/data/calls.yaml", CALL);
    w(
        "content/pages/pieteikties.md",
        "---\ntitle: Pieteikties\n---\n\nKā pieteikties.\n",
    );
    w(
        "content/pages/pieteikties.en.md",
        "---\ntitle: Apply\n---\n\nHow to apply.\n",
    );
    site
}

fn page<'a>(out: &'a Outcome, path: &str) -> &'a str {
    let (_, bytes) = out
        .files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no output {path}"));
    std::str::from_utf8(bytes).unwrap()
}

/// The visible text of `html` (tags dropped, whitespace collapsed).
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `<main>` of a page.
fn main_of(html: &str) -> &str {
    let a = html.find("<main").expect("a <main>");
    let b = html.find("</main>").expect("a </main>");
    &html[a..b]
}

fn ok(out: &Outcome) {
    let errors: Vec<_> = out
        .diags
        .iter()
        .filter(|d| d.severity == inolab::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The `href` of the first link whose text is `label`.
fn href_of<'a>(html: &'a str, label: &str) -> &'a str {
    let i = html
        .find(&format!(">{label}</a>"))
        .unwrap_or_else(|| panic!("no link `{label}`"));
    let start = html[..i].rfind("href=\"").expect("href") + 6;
    let end = start + html[start..].find('"').unwrap();
    &html[start..end]
}

#[test]
fn every_chapter_the_contents_and_the_print_page_show_the_current_version() {
    let s = site();
    let out = run(s.path(), None);
    ok(&out);
    for (path, line) in [
        (
            "vadlinijas/ievads/index.html",
            "Versija 2.0, 2027. gada 1. marts",
        ),
        (
            "vadlinijas/pasvertejums/index.html",
            "Versija 2.0, 2027. gada 1. marts",
        ),
        ("vadlinijas/index.html", "Versija 2.0, 2027. gada 1. marts"),
        (
            "vadlinijas/drukai/index.html",
            "Versija 2.0, 2027. gada 1. marts",
        ),
        ("en/guidelines/introduction/index.html", ""),
        (
            "en/guidelines/ievads/index.html",
            "Version 2.0, 1 March 2027",
        ),
        (
            "en/guidelines/pasvertejums/index.html",
            "Version 2.0, 1 March 2027",
        ),
        (
            "en/guidelines/print/index.html",
            "Version 2.0, 1 March 2027",
        ),
    ] {
        if line.is_empty() {
            assert!(
                !out.files.iter().any(|(p, _)| p == path),
                "{path}: a chapter's URL is its file's slug, not its title"
            );
            continue;
        }
        let t = text(main_of(page(&out, path)));
        assert!(t.contains(line), "{path} shows `{line}`: {t}");
        if !path.contains("/print/") && !path.contains("/drukai/") {
            assert!(
                !t.contains("Version 1.0,") && !t.contains("Versija 1.0,"),
                "{path} shows only the current version"
            );
        }
    }
    // A chapter says how to cite it: institution, version, date, its own address.
    let ch = text(main_of(page(&out, "en/guidelines/ievads/index.html")));
    assert!(
        ch.contains("State Chancellery of the Republic of Latvia. Guidelines, version 2.0 (1 March 2027). Chapter 1, “Introduction”. https://example.org/en/guidelines/ievads/"),
        "citation: {ch}"
    );
}

#[test]
fn the_change_log_lists_every_version_and_says_what_the_text_is() {
    let s = site();
    let out = run(s.path(), None);
    ok(&out);
    for (chapter, label, lang_prefix) in [
        (
            "vadlinijas/ievads/index.html",
            "Kas mainījies katrā versijā",
            "",
        ),
        (
            "en/guidelines/ievads/index.html",
            "What changed in each version",
            "en/",
        ),
    ] {
        let url = href_of(page(&out, chapter), label);
        assert!(url.starts_with(&format!("/{lang_prefix}")), "{url}");
        let log = page(&out, &format!("{}index.html", url.trim_start_matches('/')));
        let t = text(main_of(log));
        if lang_prefix.is_empty() {
            for want in [
                "Versija 2.0",
                "2027. gada 1. marts",
                "Otrā nodaļa pārrakstīta.",
                "Versija 1.0",
                "2026. gada 22. novembris",
                "Pirmais izdevums.",
                "Šis ir vietnes izdevums, nevis oficiālais teksts.",
            ] {
                assert!(t.contains(want), "lv change log shows `{want}`: {t}");
            }
        } else {
            for want in [
                "Version 2.0",
                "1 March 2027",
                "Chapter two rewritten.",
                "Version 1.0",
                "22 November 2026",
                "First edition.",
                "not the official text",
            ] {
                assert!(t.contains(want), "en change log shows `{want}`: {t}");
            }
            // Newest first, each version with its own anchor to cite.
            assert!(t.find("Version 2.0").unwrap() < t.find("Version 1.0").unwrap());
            assert!(log.contains("id=\"v2-0\"") && log.contains("id=\"v1-0\""));
        }
    }
}

#[test]
fn the_print_page_is_a_whole_document_with_page_independent_contents() {
    let s = site();
    let out = run(s.path(), None);
    ok(&out);
    let html = page(&out, "en/guidelines/print/index.html");
    let main = main_of(html);
    let title_page = &main[..main.find("</header>").expect("a title page")];
    let tp = text(title_page);
    for want in [
        "State Chancellery of the Republic of Latvia",
        "Guidelines — all chapters",
        "Version 2.0, 1 March 2027",
        "https://example.org/en/guidelines/print/",
    ] {
        assert!(tp.contains(want), "title page shows `{want}`: {tp}");
    }
    // Every contents link is an anchor on this page, and every chapter is there.
    let toc = &main[main.find("print-toc").unwrap()..];
    let toc = &toc[..toc.find("</section>").unwrap()];
    let anchors: Vec<&str> = toc
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        anchors,
        ["chapter-ievads", "chapter-pasvertejums", "versions"]
    );
    for a in &anchors {
        assert!(
            main.contains(&format!("id=\"{a}\"")),
            "#{a} exists on the page"
        );
    }
    let t = text(main);
    for want in [
        "Chapter 1 Introduction",
        "Chapter 2 Self-assessment",
        "Introduction to the questions.",
        "Is there a mandate?",
        "Repeat once a year.",
        "Versions of the guidelines",
        "Chapter two rewritten.",
        "First edition.",
    ] {
        assert!(t.contains(want), "print page holds `{want}`");
    }
    // The questions come before what to do with the answers, as on the chapter.
    assert!(t.find("Is there a mandate?").unwrap() < t.find("Repeat once a year.").unwrap());
}

#[test]
fn a_chapters_url_does_not_move_when_chapters_are_renumbered() {
    let s = site();
    let root = s.path();
    let before = run(root, None);
    ok(&before);
    assert!(
        before
            .files
            .iter()
            .any(|(p, _)| p == "vadlinijas/ievads/index.html")
    );
    std::fs::rename(
        root.join("content/guidelines/01-ievads.md"),
        root.join("content/guidelines/05-ievads.md"),
    )
    .unwrap();
    std::fs::rename(
        root.join("content/guidelines/01-ievads.en.md"),
        root.join("content/guidelines/05-ievads.en.md"),
    )
    .unwrap();
    let after = run(root, None);
    ok(&after);
    let t = text(main_of(page(&after, "vadlinijas/ievads/index.html")));
    assert!(t.contains("5. nodaļa"), "same URL, new number: {t}");
}

#[test]
fn the_self_assessment_is_a_checklist_that_works_without_javascript() {
    let s = site();
    let out = run(s.path(), None);
    ok(&out);
    let html = page(&out, "en/guidelines/pasvertejums/index.html");
    let main = main_of(html);
    // One fieldset per question, its legend the question, three real radios.
    assert_eq!(main.matches("<fieldset").count(), 3);
    assert!(main.contains("<legend><span class=\"q-num\">1.1</span> Is there a mandate?</legend>"));
    for v in ["yes", "partly", "no"] {
        assert!(
            main.contains(&format!(
                "<input type=\"radio\" name=\"q-1-1\" id=\"q-1-1-{v}\" value=\"{v}\""
            )),
            "{v}"
        );
    }
    let t = text(main);
    assert!(t.contains("Yes Partly No"), "answers are labelled: {t}");
    // Each area has its heading (its anchor) and, where set, the chapter that helps.
    assert!(main.contains("<h2 id=\"mandats\">Mandate</h2>"));
    assert!(main.contains("<h2 id=\"komanda\">Team</h2>"));
    assert!(
        t.contains("If the answers here are “partly” or “no”, read: Chapter 1, Introduction"),
        "{t}"
    );
    assert!(main.contains("href=\"/en/guidelines/ievads/\""));
    // The areas are in the chapter's contents, before the heading they precede.
    let toc = &main[main.find("class=\"toc\"").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    let order: Vec<&str> = toc
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(order, ["mandats", "komanda", "ko-darit"]);
    // Intro, questions, then what to do.
    assert!(
        t.find("Introduction to the questions.").unwrap() < t.find("Is there a mandate?").unwrap()
    );
    assert!(t.find("Is there a mandate?").unwrap() < t.find("Repeat once a year.").unwrap());
    // The summary is for JavaScript only: hidden in the HTML, filled by the script.
    assert!(main.contains("class=\"checklist-summary\" id=\"checklist-summary\" aria-labelledby=\"checklist-summary-h\" hidden>"));
    // The script is an external file, on this page only, and exists.
    assert!(html.contains("<script src=\"/js/self-assessment.js\" defer></script>"));
    let other = page(&out, "en/guidelines/ievads/index.html");
    assert!(!other.contains("self-assessment.js") && !other.contains("<fieldset"));
    assert!(!page(&out, "en/guidelines/print/index.html").contains("self-assessment.js"));
}

#[test]
fn the_script_keeps_answers_in_the_browser_and_sends_nothing() {
    let js = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/js/self-assessment.js"),
    )
    .unwrap();
    assert!(js.contains("localStorage"));
    for network in [
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "EventSource",
        ".submit(",
        "import(",
    ] {
        assert!(!js.contains(network), "the script never uses {network}");
    }
}

#[test]
fn the_privacy_page_says_self_assessment_answers_stay_in_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(root, None);
    ok(&out);
    let lv = text(main_of(page(&out, "privatums/index.html")));
    assert!(
        lv.contains("tiek saglabātas tikai jūsu pārlūkā") && lv.contains("netiek nosūtītas"),
        "{lv}"
    );
    let en = text(main_of(page(&out, "en/privatums/index.html")));
    assert!(
        en.contains("kept in your browser only") && en.contains("not sent"),
        "{en}"
    );
    // The bundled chapter 07 is the checklist, with all 31 questions in both languages.
    for p in [
        "vadlinijas/pasnovertejums/index.html",
        "en/guidelines/pasnovertejums/index.html",
    ] {
        assert_eq!(
            main_of(page(&out, p)).matches("<fieldset").count(),
            31,
            "{p}"
        );
    }
}

#[test]
fn dangling_ids_in_the_self_assessment_are_errors_with_a_hint() {
    let s = site();
    std::fs::write(
        s.path().join("content/data/self-assessment.yaml"),
        ASSESSMENT.replace("helps: ievads", "helps: ievadz"),
    )
    .unwrap();
    let out = run(s.path(), None);
    let d = out
        .diags
        .iter()
        .find(|d| d.kind == Kind::DanglingReference)
        .unwrap_or_else(|| panic!("{:#?}", out.diags));
    assert_eq!(d.file, "content/data/self-assessment.yaml");
    assert_eq!(d.line, 6);
    assert_eq!(d.field.as_deref(), Some("helps"));
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `ievads`?"),
        "{d:?}"
    );
}

/// Builds `root` with the `inolab` binary at `epoch` (SOURCE_DATE_EPOCH),
/// returning the output folder.
fn build_at(root: &Path, epoch: Option<&str>) -> (tempfile::TempDir, std::process::Output) {
    let dest = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_inolab"));
    cmd.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(dest.path().join("out"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    let o = cmd.output().unwrap();
    (dest, o)
}

fn epoch(utc: &str) -> String {
    utc.parse::<jiff::Timestamp>()
        .unwrap()
        .as_second()
        .to_string()
}

fn apply_page(out: &Path, slug: &str, lang: &str) -> String {
    let p = if lang == "lv" {
        format!("out/{slug}/index.html")
    } else {
        format!("out/en/{slug}/index.html")
    };
    text(main_of(&std::fs::read_to_string(out.join(p)).unwrap()))
}

#[test]
fn a_calls_status_is_worked_out_at_build_time_in_riga_time() {
    const SLUG: &str = "pieteikties";
    let s = site();
    // Riga is UTC+3 in summer: the call opens at 06:00 UTC on 1 May and takes
    // applications until 23:59:59 Riga time on 12 June (20:59:59 UTC).
    let cases = [
        (
            "2027-04-30T12:00:00Z",
            "Not yet open",
            "Not yet open: applications are accepted from 1 May 2027, 09:00 until 12 June 2027, 23:59 (Riga time).",
        ),
        (
            "2027-05-01T06:00:00Z",
            "Open",
            "Open: applications are accepted until 12 June 2027, 23:59 (Riga time).",
        ),
        (
            "2027-06-12T20:59:59Z",
            "Open",
            "Open: applications are accepted until 12 June 2027, 23:59 (Riga time).",
        ),
        (
            "2027-06-12T21:00:00Z",
            "Closed",
            "Closed: this call closed on 12 June 2027, 23:59 (Riga time). Applications are no longer accepted.",
        ),
    ];
    for (at, _tag, sentence) in cases {
        let (dest, o) = build_at(s.path(), Some(&epoch(at)));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let t = apply_page(dest.path(), SLUG, "en");
        assert!(
            t.contains(&format!("Call for applications: Spring call {sentence}"))
                || t.contains(sentence),
            "at {at}: {t}"
        );
        if sentence.starts_with("Closed") {
            assert!(
                !t.contains("accepted until"),
                "a closed call invites nothing: {t}"
            );
        }
    }
    let (dest, _) = build_at(s.path(), Some(&epoch("2027-06-13T00:00:00Z")));
    let lv = apply_page(dest.path(), SLUG, "lv");
    assert!(lv.contains("Slēgts. Pieteikumu iesniegšanas termiņš bija 2027. gada 12. jūnijs plkst. 23.59 (Rīgas laikā); pieteikumus vairs nepieņem."), "{lv}");
    let html = std::fs::read_to_string(dest.path().join("out/en/pieteikties/index.html")).unwrap();
    assert!(
        html.contains("<time datetime=\"2027-06-12T23:59+03:00\">"),
        "machine-readable deadline with Riga's offset"
    );
}

#[test]
fn builds_pinned_to_an_epoch_are_identical() {
    let s = site();
    let e = epoch("2027-05-10T10:00:00Z");
    let (a, oa) = build_at(s.path(), Some(&e));
    let (b, ob) = build_at(s.path(), Some(&e));
    assert!(oa.status.success() && ob.status.success());
    let (ta, tb) = (
        read_tree(&a.path().join("out")),
        read_tree(&b.path().join("out")),
    );
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    assert!(
        ta.contains_key("js/self-assessment.js"),
        "the checklist's script is published"
    );
    for (k, v) in &ta {
        assert!(
            tb[k] == *v,
            "{k} differs between two builds at the same SOURCE_DATE_EPOCH"
        );
    }
}

#[test]
fn a_bad_source_date_epoch_is_an_error_that_says_what_to_set() {
    let s = site();
    let (_d, o) = build_at(s.path(), Some("yesterday"));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("SOURCE_DATE_EPOCH `yesterday` is not a number of seconds"),
        "{err}"
    );
}

#[test]
fn the_bundled_call_keeps_its_missing_year_and_never_says_open_or_closed() {
    const SLUG: &str = "pieteikties-sprintam";
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Both after every bundled sprint has ended (a completed sprint ending
    // after the build date is an error), in different years.
    for at in ["2027-06-12T12:00:00Z", "2035-06-12T12:00:00Z"] {
        let (dest, o) = build_at(root, Some(&epoch(at)));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let en = apply_page(dest.path(), SLUG, "en");
        assert!(en.contains("Status unknown It cannot be said whether this call is open: the source gives the deadline only as “12 June, 23:59”."), "{en}");
        assert!(
            en.contains("without a year"),
            "the editor's note says why: {en}"
        );
        assert!(!en.contains("Open:") && !en.contains("Closed:"));
        let lv = apply_page(dest.path(), SLUG, "lv");
        assert!(lv.contains("Statuss nav zināms Nevar pateikt, vai konkurss ir atvērts: avotā termiņš norādīts tikai kā „12. jūnija plkst. 23.59“."), "{lv}");
        assert!(lv.contains("bez gada"), "{lv}");
        // The box points to the note, which follows the page's text like every note.
        let html = std::fs::read_to_string(dest.path().join("out/pieteikties-sprintam/index.html"))
            .unwrap();
        assert!(html.contains("<a href=\"#call-note-sprintu-konkurss\">"));
        assert!(html.contains("<details class=\"editor-note\" id=\"call-note-sprintu-konkurss\">"));
    }
}

#[test]
fn a_call_that_closes_before_it_opens_or_has_no_deadline_is_an_error() {
    let s = site();
    std::fs::write(
        s.path().join("content/data/calls.yaml"),
        "a:\n  title: { lv: A, en: A }\n  page: pieteikties\n  opens: 2027-06-01T09:00\n  closes: 2027-05-01T09:00\nb:\n  title: { lv: B, en: B }\n  page: pieteiktes\n",
    )
    .unwrap();
    let out = run(s.path(), None);
    let find = |k: Kind, field: &str| {
        out.diags
            .iter()
            .find(|d| d.kind == k && d.field.as_deref() == Some(field))
            .unwrap_or_else(|| panic!("{k:?} {field}: {:#?}", out.diags))
    };
    let order = find(Kind::DateOrder, "closes");
    assert_eq!(
        (order.file.as_str(), order.line),
        ("content/data/calls.yaml", 1)
    );
    let page_ref = find(Kind::DanglingReference, "page");
    assert_eq!(page_ref.line, 6);
    assert!(
        page_ref
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("`pieteikties`")
    );
    let missing = find(Kind::MissingField, "closes");
    assert_eq!(missing.line, 6);
    assert!(
        missing
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("deadline_as_stated")
    );
    find(Kind::MissingField, "editor_note");
}

#[test]
fn the_self_assessment_questions_are_still_in_the_search_index() {
    use inolab::search::Field;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = inolab::pipeline::load_config(root, None).expect("config");
    let langs = cfg.lang_codes();
    let (sources, _) = inolab::load::load(root, &langs[1..], inolab::load::Bodies::Keep);
    let (site, _) =
        inolab::validate::validate(&sources, &cfg, inolab::validate::Options { drafts: false });
    let theme = inolab::render::load_theme(root, &cfg.theme, &langs).expect("theme");
    let model = inolab::derive::derive(&site, &theme.strings);
    for (lang, url, question) in [
        (
            "lv",
            "/vadlinijas/pasnovertejums/",
            "Vai ir plāns, kā laboratorija tiks finansēta",
        ),
        (
            "en",
            "/en/guidelines/pasnovertejums/",
            "Is there a plan for funding the lab after its initial",
        ),
    ] {
        let doc = model.search_docs[lang]
            .iter()
            .find(|d| d.url == url)
            .unwrap_or_else(|| panic!("no search document for {url}"));
        assert!(
            doc.fields
                .iter()
                .any(|(f, t)| *f == Field::Body && t.contains(question)),
            "{url}'s search text holds its questions"
        );
    }
}
