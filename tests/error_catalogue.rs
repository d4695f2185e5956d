//! `docs/errors.md` cannot go stale: every `diagnostics::Kind` has its
//! section there, under its stable (serde kebab-case) name, in the enum's
//! order, opening with the variant's doc comment word for word; and the
//! catalogue documents no kind that does not exist.

use std::path::Path;

/// A variant of `Kind` as written in src/diagnostics.rs.
struct Variant {
    name: String,
    doc: String,
}

/// The variants of `pub enum Kind` with their doc comments, in order.
fn kinds(source: &str) -> Vec<Variant> {
    let start = source
        .find("pub enum Kind {")
        .expect("src/diagnostics.rs declares `pub enum Kind {`");
    let body = &source[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    let mut out = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    for line in body.lines().map(str::trim) {
        if let Some(d) = line.strip_prefix("///") {
            doc.push(d.trim());
        } else if let Some(name) = line.strip_suffix(',') {
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric()),
                "a Kind variant with data or attributes ({line}); teach this test to read it"
            );
            assert!(!doc.is_empty(), "Kind::{name} has no doc comment");
            out.push(Variant {
                name: kebab(name),
                doc: doc.join(" "),
            });
            doc.clear();
        } else {
            assert!(
                line.is_empty() || line.starts_with("//"),
                "unexpected line in Kind: {line}"
            );
        }
    }
    out
}

/// serde's `rename_all = "kebab-case"` for a variant name.
fn kebab(name: &str) -> String {
    let mut s = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            s.push('-');
        }
        s.push(c.to_ascii_lowercase());
    }
    s
}

/// The catalogue's sections: (name from "## `name`", first paragraph).
fn sections(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = doc.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(h) = line.strip_prefix("## ") else {
            continue;
        };
        let name = h
            .strip_prefix('`')
            .and_then(|h| h.strip_suffix('`'))
            .unwrap_or_else(|| panic!("docs/errors.md: heading {h:?} is not a `kind-name`"));
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let mut para = Vec::new();
        while let Some(l) = lines.peek() {
            if l.trim().is_empty() || l.starts_with('#') {
                break;
            }
            para.push(l.trim());
            lines.next();
        }
        out.push((name.to_string(), para.join(" ")));
    }
    out
}

#[test]
fn every_kind_is_documented_in_docs_errors_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("src/diagnostics.rs")).unwrap();
    let catalogue = std::fs::read_to_string(root.join("docs/errors.md"))
        .expect("docs/errors.md, the error catalogue, exists");
    let kinds = kinds(&source);
    assert!(kinds.len() >= 20, "only {} kinds parsed", kinds.len());
    let documented = sections(&catalogue);

    let missing: Vec<&str> = kinds
        .iter()
        .filter(|k| !documented.iter().any(|(n, _)| *n == k.name))
        .map(|k| k.name.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/errors.md has no section for: {missing:?} (add one headed ## `<name>`: when it is raised, an example, the hint)"
    );
    let unknown: Vec<&str> = documented
        .iter()
        .filter(|(n, _)| !kinds.iter().any(|k| k.name == *n))
        .map(|(n, _)| n.as_str())
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/errors.md documents kinds that do not exist: {unknown:?}"
    );
    let order: Vec<&str> = documented.iter().map(|(n, _)| n.as_str()).collect();
    let want: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        order, want,
        "docs/errors.md lists the kinds in another order than `Kind`"
    );

    for k in &kinds {
        let (_, first) = documented.iter().find(|(n, _)| *n == k.name).unwrap();
        assert_eq!(
            first, &k.doc,
            "docs/errors.md, `{}`: the first paragraph must be Kind's doc comment",
            k.name
        );
        assert!(
            catalogue.contains(&format!("[`{0}`](#{0})", k.name)),
            "docs/errors.md: the table at the top has no row for `{}`",
            k.name
        );
    }
}

/// The names in the catalogue are the ones diagnostics carry in JSON.
#[test]
fn kebab_names_are_serde_names() {
    use inolab::diagnostics::Kind;
    for (kind, name) in [
        (Kind::Io, "io"),
        (Kind::UnknownField, "unknown-field"),
        (
            Kind::TranslatedStructuredField,
            "translated-structured-field",
        ),
        (Kind::OutsideSymlink, "outside-symlink"),
    ] {
        assert_eq!(serde_json::to_value(kind).unwrap(), name);
        assert_eq!(kebab(&format!("{kind:?}")), name);
    }
}
