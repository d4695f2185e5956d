//! What a broken data file or record makes impossible to check, said
//! once under its cause instead of as one error per record naming it.

use crate::collections::{Collection, Ref};
use crate::diagnostics::{Diagnostic, Kind};
use std::collections::{BTreeMap, BTreeSet};

/// Why some records could not be checked against others: the data file or
/// record that failed, by what names it. Filled as validate meets broken
/// files; the references they break are counted, not reported, and said
/// once under their cause ([`Kind::Skipped`]).
#[derive(Default)]
pub(super) struct Broken {
    /// A data file that did not parse, by the ids it holds.
    pub(super) data: Vec<(Ref, String)>,
    /// A record that could not be read or parsed: (kind, slug) → its file.
    pub(super) records: BTreeMap<(Collection, String), String>,
    /// (cause file, what it is, referring collection) → the slugs
    /// skipped and the fields of theirs that were not checked.
    pub(super) skipped:
        BTreeMap<(String, String, Collection), (BTreeSet<String>, Vec<&'static str>)>,
}

impl Broken {
    /// The file whose failure makes `value` impossible to resolve, and
    /// what it is in words (`sprint `x``, `institutions.yaml`).
    pub(super) fn cause(&self, target: Ref, value: &str) -> Option<(String, String)> {
        if let Some((_, f)) = self.data.iter().find(|(r, _)| *r == target) {
            let name = f.rsplit('/').next().unwrap_or(f);
            return Some((f.clone(), name.to_string()));
        }
        let c = match target {
            Ref::Sprint => Collection::Sprints,
            Ref::Prototype => Collection::Prototypes,
            Ref::Term => Collection::Glossary,
            _ => return None,
        };
        let f = self.records.get(&(c, value.to_string()))?;
        let what = c.definition().singular;
        let what = what.split_once(' ').map_or(what, |(_, w)| w);
        Some((f.clone(), format!("{what} `{value}`")))
    }

    /// One line per cause and referring kind: "2 prototypes were skipped
    /// because sprint `x` could not be read: their `sprint` is checked once
    /// it is fixed (a, b)". (A note has no hint of its own: it says it all.)
    pub(super) fn notes(self) -> Vec<Diagnostic> {
        self.skipped
            .into_iter()
            .map(|((file, what, c), (slugs, fields))| {
                let n = slugs.len();
                let kind = if n == 1 {
                    let s = c.definition().singular;
                    s.split_once(' ').map_or(s, |(_, w)| w).to_string()
                } else {
                    c.dir().to_string()
                };
                let names: Vec<&str> = slugs.iter().take(5).map(String::as_str).collect();
                let more = if n > 5 { ", …" } else { "" };
                let fields: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
                let fields = match fields.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                    None => String::new(),
                };
                Diagnostic::warning(
                    Kind::Skipped,
                    file,
                    format!(
                        "{n} {kind} {} skipped because {what} could not be read: {} {fields} {} checked once it is fixed ({}{more})",
                        if n == 1 { "was" } else { "were" },
                        if n == 1 { "its" } else { "their" },
                        if fields.contains(" and ") { "are" } else { "is" },
                        names.join(", ")
                    ),
                )
            })
            .collect()
    }
}

/// The kind of id a data file holds, by its path.
pub(super) fn data_ref(path: &str) -> Option<Ref> {
    match path.rsplit('/').next().unwrap_or("") {
        "institutions.yaml" => Some(Ref::Institution),
        "topics.yaml" => Some(Ref::Topic),
        "funding.yaml" => Some(Ref::Funding),
        _ => None,
    }
}
