//! One `inolab check` on a site with the mistakes editors make most
//! (`tests/fixtures/editor-mistakes/`): every mistake is reported once, at
//! the `file:line:col` where it is fixed, causes before their
//! consequences, and nothing follows on from a broken file. The whole
//! output is a snapshot; and `inolab new` drafts pass `check` and `build`.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// 2026-01-01T00:00:00Z: the build date the future-date rule uses.
const BUILD_DATE: &str = "1767225600";

fn inolab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inolab"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", BUILD_DATE)
        .output()
        .expect("inolab runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn check(root: &Path, extra: &[&str]) -> Output {
    let root = root.to_str().unwrap();
    let mut args = vec!["check", "--root", root];
    args.extend_from_slice(extra);
    inolab(&args)
}

#[test]
fn every_mistake_once_at_its_place_cause_first() {
    let out = check(&fixture("editor-mistakes"), &[]);
    assert_eq!(out.status.code(), Some(1));
    let printed = text(&out.stdout);
    let errors: Vec<&str> = printed
        .lines()
        .filter_map(|l| l.split_once(": error: ").map(|(at, _)| at))
        .collect();
    // In this order: the data file others are checked against, then each
    // record's own fields (by file), then references between records.
    assert_eq!(
        errors,
        [
            "content/data/institutions.yaml:4:1",    // `vid` without its `:`
            "content/glossary/makets.md:3:19",       // alias = another term's en term
            "content/glossary/prototips.en.md:3:11", // alias = another term's alias
            "content/guidelines/01-merki.md:1:1",    // chapter number 01 twice
            "content/sprints/divreiz.md:6:1",        // `status` twice: the second
            "content/sprints/latin1.md:6:21",        // first non-UTF-8 byte
            "content/sprints/nakotne.md:5:6",        // completed, ends in 2031
            "content/sprints/neaizverts.md:2:8",     // the quote that is not closed
            "content/sprints/saraksts.md:6:17",      // `taxes` twice in `topics`
            "content/sprints/tabulacija.md:4:1",     // a tab in the indentation
            "content/sprints/tipa-kluda.md:2:8",     // a list where a text goes …
            "content/sprints/tipa-kluda.md:4:9",     // … and the file's other errors
            "content/sprints/tipa-kluda.md:7:1",
            "content/sprints/atsauce.md:6:10", // a topic that does not exist
        ],
        "{printed}"
    );
    // What the broken files make impossible to check is said once, under
    // the cause, per kind of record: no "does not exist" for their ids, no
    // "create latin1.md" for its translation.
    for note in [
        "= note: 5 sprints were skipped because institutions.yaml could not be read: their `institutions` is checked once it is fixed (atsauce, divreiz, nakotne, saraksts, tipa-kluda)",
        "= note: 1 prototype was skipped because sprint `latin1` could not be read: its `sprint` is checked once it is fixed (latin1-prototips)",
        "= note: 2 prototypes were skipped because sprint `neaizverts` could not be read: their `sprint` is checked once it is fixed (neaizverta-prototips, otrs-neaizverta-prototips)",
    ] {
        assert_eq!(printed.matches(note).count(), 1, "{note}\n{printed}");
    }
    assert_eq!(printed.matches("does not exist").count(), 1, "{printed}");
    assert!(!printed.contains("orphan") && !printed.contains("has no lv original"));
    assert!(
        !printed.contains("missing field"),
        "no follow-on: {printed}"
    );
    // Hints that name the real problem.
    assert!(printed.contains("replace the tab with spaces"));
    assert!(printed.contains("not a list"));
    assert!(printed.contains("save the file as UTF-8"));
    // Warnings: the link out of the site is refused, the one inside is
    // read (its page is there), the drafts say what is left to fill in.
    assert!(printed.contains(
        "content/pages/arpus.md:1:1: warning: symlink not read: it points outside the site folder"
    ));
    assert!(printed.contains("content/pages/par-mums.md:1:1: warning: no `en` translation"));
    assert!(printed.contains(
        "content/prototypes/jauns-prototips.md:13:1: warning: this draft still needs `sprint`, `summary`"
    ));
    assert!(printed.ends_with("14 errors, 17 warnings\n"), "{printed}");
    insta::assert_snapshot!("editor_mistakes_human", printed);
}

#[test]
fn json_is_errors_first_with_real_lines_or_null() {
    let out = check(&fixture("editor-mistakes"), &["--format", "json"]);
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 31);
    let first_warning = lines
        .iter()
        .position(|d| d["severity"] == "warning")
        .unwrap();
    assert_eq!(first_warning, 14);
    assert!(
        lines[first_warning..]
            .iter()
            .all(|d| d["severity"] == "warning")
    );
    assert_eq!(lines[0]["file"], "content/data/institutions.yaml");
    assert_eq!(lines[13]["kind"], "dangling-reference");
    for d in &lines {
        assert!(
            d["line"].is_null() || d["line"].as_u64().unwrap() >= 1,
            "{d}"
        );
    }
    // The refused symlink concerns the whole file: no line, not line 0.
    let link = lines
        .iter()
        .find(|d| d["file"] == "content/pages/arpus.md")
        .unwrap();
    assert!(link["line"].is_null() && link["column"].is_null(), "{link}");
    assert_eq!(lines[0]["notes"].as_array().unwrap().len(), 1);
}

#[test]
fn build_takes_format_too() {
    // The fixture itself (a copy would turn its symlinks into files).
    let out_root = tempfile::tempdir().unwrap();
    let out_dir = out_root.path().join("public");
    let out = inolab(&[
        "build",
        "--root",
        fixture("editor-mistakes").to_str().unwrap(),
        "--output",
        out_dir.to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let gh = text(&out.stdout);
    assert!(
        gh.starts_with("::error file=content/data/institutions.yaml,line=4,col=1,title=yaml::"),
        "{gh}"
    );
    assert_eq!(gh.lines().filter(|l| l.starts_with("::error ")).count(), 14);
    assert!(!out_dir.exists(), "a failed build writes nothing");
}

/// What `inolab new` writes is a draft: `check` and `build` pass at once
/// (one warning says what to fill in), and `check --drafts` points at
/// each empty field.
#[test]
fn new_drafts_pass_check_and_build_until_published() {
    let site = copy_fixture("minimal");
    let root = site.path().to_str().unwrap();
    for (kind, title) in [("prototype", "Jauns prototips"), ("news", "Jauna ziņa")] {
        let out = inolab(&["new", kind, title, "--root", root]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = check(site.path(), &[]);
    let printed = text(&out.stdout);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains(
        "content/prototypes/jauns-prototips.md:13:1: warning: this draft still needs `sprint`, `summary`; it is left out of the site"
    ), "{printed}");
    assert!(printed.contains(
        "content/news/jauna-zina.md:9:1: warning: this draft still needs `summary`, `date`; it is left out of the site"
    ), "{printed}");
    let out_dir = site.path().join("public");
    let built = inolab(&[
        "build",
        "--root",
        root,
        "--output",
        out_dir.to_str().unwrap(),
    ]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(out_dir.join("index.html").exists());
    let drafts = check(site.path(), &["--drafts"]);
    let printed = text(&drafts.stdout);
    assert_eq!(drafts.status.code(), Some(1), "{printed}");
    for at in [
        "content/prototypes/jauns-prototips.md:5:1: error: `sprint` is empty",
        "content/prototypes/jauns-prototips.md:11:1: error: `summary` is empty",
        "content/news/jauna-zina.md:5:1: error: `date` is empty",
        "content/news/jauna-zina.md:7:1: error: `summary` is empty",
    ] {
        assert!(printed.contains(at), "{at}\n{printed}");
    }
}

/// The case: one typo in the bundled site's institutions.yaml gave
/// 33 errors (1 real, 32 "does not exist" in the sprints naming its ids).
#[test]
fn one_typo_in_a_data_file_is_one_error_in_the_bundled_site() {
    let site = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "themes", "static"] {
        copy_tree(&repo.join(d), &site.path().join(d));
    }
    std::fs::copy(repo.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    let file = site.path().join("content/data/institutions.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    assert!(yaml.contains("\nvalsts-kanceleja:\n"));
    // The typo, then the same file saved as Latin-1 (not read at all).
    std::fs::write(
        &file,
        yaml.replacen("\nvalsts-kanceleja:\n", "\nvalsts-kanceleja\n", 1),
    )
    .unwrap();
    one_error_with_one_note(site.path());
    let mut latin1 = yaml.into_bytes();
    latin1.extend_from_slice(b"# Saglab\xe2ts\n");
    std::fs::write(&file, latin1).unwrap();
    one_error_with_one_note(site.path());
}

fn one_error_with_one_note(site: &Path) {
    let out = run(site, None);
    let errors: Vec<_> = out.diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "content/data/institutions.yaml");
    assert_eq!(errors[0].notes.len(), 1, "one line per kind of record");
    assert!(
        errors[0].notes[0]
            .contains("sprints were skipped because institutions.yaml could not be read"),
        "{:?}",
        errors[0].notes
    );
    assert_eq!(out.warnings(), 0);
}
