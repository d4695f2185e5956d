//! The sprint `funding` field end to end (issue 18's proof field): an id
//! from content/data/funding.yaml, resolved like every reference, shown on
//! the sprint page, listed on the funding page under the project, exported,
//! and in the schema. The bundled records leave it unset (the sources do not
//! say which project paid for which sprint); this fixture sets it.

mod common;
use common::*;
use std::path::Path;

const FUNDING: &str = "rrf-test:\n  name: { lv: Testa investīcija, en: Test investment }\n  code: \"6.3.1.1.i.\"\n  amount_eur: 600000\nerdf-test:\n  name: { lv: ERAF testa projekts, en: ERDF test project }\n";

fn site_with_funding(value: &str) -> tempfile::TempDir {
    let site = copy_fixture("minimal");
    let root = site.path();
    // The fixture's small theme shows little; the default theme shows funding.
    std::fs::remove_dir_all(root.join("themes/default")).unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.join("themes/default"),
    );
    std::fs::write(root.join("content/data/funding.yaml"), FUNDING).unwrap();
    std::fs::write(
        root.join("content/pages/finansejums.md"),
        "---\ntitle: Finansējums\nsummary: No kā laboratorija tiek finansēta.\n---\n\nTeksts.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/pages/finansejums.en.md"),
        "---\ntitle: Funding\nsummary: How the lab is funded.\n---\n\nText.\n",
    )
    .unwrap();
    let f = root.join("content/sprints/cilveks-pirmaja-vieta.md");
    let text = std::fs::read_to_string(&f).unwrap().replacen(
        "status: completed",
        &format!("status: completed\nfunding: {value}"),
        1,
    );
    std::fs::write(&f, text).unwrap();
    site
}

fn page<'a>(out: &'a inolab::pipeline::Outcome, path: &str) -> &'a str {
    let (_, bytes) = out
        .files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no output {path}"));
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn a_sprints_funding_is_shown_listed_and_exported() {
    let site = site_with_funding("rrf-test");
    let out = run(site.path(), None);
    assert!(!out.has_errors(), "{:?}", out.diags);
    let sprint = page(&out, "sprinti/cilveks-pirmaja-vieta/index.html");
    assert!(
        sprint.contains("Testa investīcija (6.3.1.1.i.)"),
        "sprint page shows it: {}",
        sprint.split("<dl").nth(1).unwrap_or("")
    );
    let funding = page(&out, "finansejums/index.html");
    let listed = funding
        .split("Testa investīcija")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or("");
    assert!(
        listed.contains("Cilvēks pirmajā vietā") && listed.contains("cilveks-pirmaja-vieta/"),
        "the funding page lists the sprint under its project: {listed}"
    );
    let other = funding
        .split("ERAF testa projekts")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or("");
    assert!(
        !other.contains("Cilvēks pirmajā vietā"),
        "not under another project"
    );
    let csv = page(&out, "dati/sprints.csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "funding")
        .unwrap();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|row| &row[0] == "cilveks-pirmaja-vieta")
        .unwrap();
    assert_eq!(&row[col], "rrf-test");
    let json: serde_json::Value = serde_json::from_str(page(&out, "dati/sprints.json")).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|s| s["funding"] == "rrf-test")
    );
}

#[test]
fn an_unknown_funding_id_is_an_error_with_a_suggestion() {
    let site = site_with_funding("rrf-tset");
    let out = run(site.path(), None);
    let d = out
        .diags
        .iter()
        .find(|d| d.field.as_deref() == Some("funding"))
        .expect("a diagnostic on the funding field");
    assert!(d.is_error());
    assert_eq!(d.file, "content/sprints/cilveks-pirmaja-vieta.md");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `rrf-test`?"),
        "{d:?}"
    );
}

#[test]
fn the_sprint_schema_knows_funding() {
    let schema = inolab::collections::schema::record(inolab::collections::Collection::Sprints);
    let f = &schema["properties"]["funding"];
    assert_eq!(f["type"], "string");
    assert!(f["description"].as_str().unwrap().contains("funding.yaml"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-format.md");
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("| `funding` | id from data/funding.yaml |")
    );
}
