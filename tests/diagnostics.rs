//! One test per diagnostic kind, on the invalid fixture site (Zola's
//! `test_sites_invalid` idea): the exact text an editor sees, snapshotted.

mod common;
use common::*;
use inolab::diagnostics::{self, Diagnostic, Format, Kind};

fn diags() -> Vec<Diagnostic> {
    run(&fixture("invalid"), None).diags
}

fn of_kind(kind: Kind) -> String {
    let all = diags();
    let picked: Vec<Diagnostic> = all.into_iter().filter(|d| d.kind == kind).collect();
    assert!(!picked.is_empty(), "no {kind:?} diagnostic");
    picked
        .iter()
        .map(diagnostics::human)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_problem_is_reported_in_one_run_with_positions() {
    let all = diags();
    let errors: Vec<&Diagnostic> = all.iter().filter(|d| d.is_error()).collect();
    let kinds: std::collections::BTreeSet<String> =
        errors.iter().map(|d| format!("{:?}", d.kind)).collect();
    assert!(kinds.len() >= 12, "only {} kinds: {kinds:?}", kinds.len());
    assert!(errors.len() >= 19);
    for d in &errors {
        assert!(d.line >= 1 && d.column >= 1, "no position: {d:?}");
        assert!(d.hint.is_some(), "no hint: {d:?}");
    }
    // Cause first: data files, then records, then references; by file
    // and line within each.
    let keys: Vec<_> = all
        .iter()
        .map(|d| (diagnostics::stage(d), d.file.clone(), d.line))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    insta::assert_snapshot!("all_human", diagnostics::render(&all, Format::Human));
}

#[test]
fn json_and_github_formats() {
    let all = diags();
    let json = diagnostics::render(&all, Format::Json);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(first["file"], "content/data/indicators.yaml");
    assert_eq!(first["severity"], "error");
    let gh = diagnostics::render(&all, Format::Github);
    assert!(gh.contains("::error file=content/sprints/typo.md,line=6,col=1,title=unknown-field::unknown field `participnts` — did you mean `participants`?"), "{gh}");
}

macro_rules! kind_test {
    ($name:ident, $kind:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), of_kind($kind));
        }
    };
}

kind_test!(unknown_field, Kind::UnknownField);
kind_test!(missing_field, Kind::MissingField);
kind_test!(invalid_value, Kind::InvalidValue);
kind_test!(dangling_reference, Kind::DanglingReference);
kind_test!(duplicate_slug, Kind::DuplicateSlug);
kind_test!(invalid_slug, Kind::InvalidSlug);
kind_test!(date_order, Kind::DateOrder);
kind_test!(invalid_date, Kind::InvalidDate);
kind_test!(orphan_translation, Kind::OrphanTranslation);
kind_test!(translated_structured_field, Kind::TranslatedStructuredField);
kind_test!(missing_translation, Kind::MissingTranslation);
kind_test!(image_without_alt, Kind::ImageWithoutAlt);
kind_test!(inconsistent_data, Kind::InconsistentData);
kind_test!(yaml_syntax, Kind::Yaml);
kind_test!(front_matter, Kind::FrontMatter);
