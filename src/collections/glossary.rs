//! A glossary term (`content/glossary/<slug>.md`); the body is the
//! definition.

use super::check::{Checker, FieldPositions};
use super::{DRAFT, Definition, EDITOR_NOTE, Field, OLD_URLS, Ref, Rule, Type};
use crate::load::RecordSource;
use crate::records::Text;
use crate::records::*;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermFm {
    pub term: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub related: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub old_urls: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Everything a glossary term's front matter may hold.
pub static DEFINITION: Definition = Definition {
    dir: "glossary",
    singular: "a glossary term",
    doc: "A term of innovation work; the body is its definition.",
    fields: &[
        Field {
            name: "term",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "The term as a heading shows it.",
            new_value: None,
        },
        Field {
            name: "aliases",
            ty: Type::TextList,
            rule: Rule::Optional,
            translatable: true,
            doc: "Other names, spellings and inflected forms, used by search and to link the first mention in every record.",
            new_value: Some("[]"),
        },
        Field {
            name: "related",
            ty: Type::Ids(Ref::Term),
            rule: Rule::Optional,
            translatable: false,
            doc: "Related terms.",
            new_value: Some("[]"),
        },
        DRAFT,
        EDITOR_NOTE,
        OLD_URLS,
    ],
    body_template: "The definition.\n",
};

/// Checks one record's front matter and makes its typed record, its
/// default-language text and its draft flag; `None` when it did not parse.
pub fn check(v: &mut Checker, r: &RecordSource, fp: &FieldPositions) -> Option<(Term, Text, bool)> {
    let fm: TermFm = v.parse(r)?;
    let term = v.required_text(r, fp, "term", &fm.term);
    let mut text = v.base_text(r, term);
    text.aliases = v.unique(r, fp, "aliases", fm.aliases);
    text.editor_note = fm.editor_note;
    Some((
        Term {
            related: v.unique(r, fp, "related", fm.related),
            old_urls: super::old_urls(fm.old_urls, fp),
        },
        text,
        fm.draft.unwrap_or(false),
    ))
}

/// The ids a term names, for `validate` to resolve.
pub fn references(t: &Term) -> Vec<(&'static str, Option<usize>, &str)> {
    t.related
        .iter()
        .enumerate()
        .map(|(i, v)| ("related", Some(i), v.as_str()))
        .collect()
}
