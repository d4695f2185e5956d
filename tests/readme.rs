//! The README's examples stay true: the record it shows passes `check`
//! on the bundled site (with the schema modeline comment it suggests, too),
//! and the problem it shows is what `check` prints for that mistake.

mod common;
use common::*;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The fenced block after the first line that mentions `marker`.
fn block_after(text: &str, marker: &str, lang: &str) -> String {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("README lacks {marker}"));
    let open = format!("```{lang}\n");
    let start = text[at..].find(&open).unwrap() + at + open.len();
    let end = text[start..].find("```").unwrap() + start;
    text[start..end].to_string()
}

/// A copy of the bundled site (content, themes, static, site.yaml).
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "themes", "static"] {
        copy_tree(&root.join(d), &dir.path().join(d));
    }
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

#[test]
fn the_readme_sprint_example_passes_check() {
    let text = readme();
    let example = block_after(
        &text,
        "**A sprint** (`content/sprints/cilveks-pirmaja-vieta.md`)",
        "yaml",
    );
    assert!(example.starts_with("---\n"));
    let site = bundled_copy();
    let file = site.path().join("content/sprints/cilveks-pirmaja-vieta.md");
    for variant in [
        example.clone(),
        example.replacen(
            "---\n",
            "---\n# yaml-language-server: $schema=../../schemas/sprints.schema.json\n",
            1,
        ),
    ] {
        std::fs::write(&file, &variant).unwrap();
        let out = run(site.path(), None);
        let errors: Vec<_> = out.diags.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The example is checked against the bundled data, ids and all: the
    // topic the README once showed (`plain-language`) is an error there.
    assert!(example.contains("topics: [taxes]"));
    std::fs::write(
        &file,
        example.replace("topics: [taxes]", "topics: [plain-language]"),
    )
    .unwrap();
    let out = run(site.path(), None);
    assert!(
        out.diags
            .iter()
            .any(|d| d.is_error() && d.message == "`plain-language` in `topics` does not exist"),
        "{:#?}",
        out.diags
    );
}

#[test]
fn the_readme_says_how_to_get_the_command() {
    assert!(readme().contains("cargo install --path ."));
}

#[test]
fn the_readme_problem_is_what_check_prints() {
    let text = readme();
    let shown = block_after(
        &text,
        "(missing translations), and exits 1 on any error",
        "",
    );
    let site = bundled_copy();
    let file = site.path().join("content/sprints/typo.md");
    std::fs::write(
        &file,
        "---\ntitle: Typo\ninstitutions: [vk]\nstatus: planned\nyear: 2025\nparticipnts: 5\n---\n",
    )
    .unwrap();
    let out = run(site.path(), None);
    let printed = inolab::diagnostics::render(&out.diags, inolab::diagnostics::Format::Human);
    for line in shown.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            printed.contains(line),
            "README shows `{line}`, check prints:\n{printed}"
        );
    }
}
