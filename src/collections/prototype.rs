//! A prototype: something a sprint made (`content/prototypes/<slug>.md`).

use super::check::{Checker, FieldPositions};
use super::{DRAFT, Definition, EDITOR_NOTE, Field, OLD_URLS, Ref, Rule, Type};
use crate::load::RecordSource;
use crate::records::Text;
use crate::records::*;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrototypeFm {
    pub title: Option<String>,
    pub sprint: Option<String>,
    pub kind: Option<String>,
    pub stage: Option<String>,
    pub summary: Option<String>,
    pub draft: Option<bool>,
    pub old_urls: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Everything a prototype's front matter may hold.
pub static DEFINITION: Definition = Definition {
    dir: "prototypes",
    singular: "a prototype",
    doc: "Something a sprint made: a tool, a service model, a process, a space, a policy or a roadmap.",
    fields: &[
        Field {
            name: "title",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "The prototype's name.",
            new_value: None,
        },
        Field {
            name: "sprint",
            ty: Type::Id(Ref::Sprint),
            rule: Rule::Required,
            translatable: false,
            doc: "The sprint that made it.",
            new_value: Some("\"\""),
        },
        Field {
            name: "kind",
            ty: Type::Choice(PrototypeKind::ALL),
            rule: Rule::Required,
            translatable: false,
            doc: "What kind of thing it is.",
            new_value: Some("digital-tool"),
        },
        Field {
            name: "stage",
            ty: Type::Choice(Stage::ALL),
            rule: Rule::Required,
            translatable: false,
            doc: "How far it has come (only what the sources support).",
            new_value: Some("concept"),
        },
        Field {
            name: "summary",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "One sentence on what it is.",
            new_value: Some("\"\""),
        },
        DRAFT,
        EDITOR_NOTE,
        OLD_URLS,
    ],
    body_template: "",
};

/// Checks one record's front matter and makes its typed record, its
/// default-language text and its draft flag; `None` when it did not parse.
pub fn check(
    v: &mut Checker,
    r: &RecordSource,
    fp: &FieldPositions,
) -> Option<(Prototype, Text, bool)> {
    let fm: PrototypeFm = v.parse(r)?;
    let title = v.required_text(r, fp, "title", &fm.title);
    let sprint = v.required_text(r, fp, "sprint", &fm.sprint);
    let summary = v.required_text(r, fp, "summary", &fm.summary);
    let kind = match &fm.kind {
        Some(k) => v.vocab(
            r,
            fp,
            "kind",
            None,
            k,
            PrototypeKind::parse,
            PrototypeKind::ALL,
        ),
        None => {
            v.required_text(r, fp, "kind", &None);
            None
        }
    };
    let stage = match &fm.stage {
        Some(k) => v.vocab(r, fp, "stage", None, k, Stage::parse, Stage::ALL),
        None => {
            v.required_text(r, fp, "stage", &None);
            None
        }
    };
    let mut text = v.base_text(r, title);
    text.summary = Some(summary);
    text.editor_note = fm.editor_note;
    Some((
        Prototype {
            sprint,
            kind: kind.unwrap_or(PrototypeKind::DigitalTool),
            stage: stage.unwrap_or(Stage::Concept),
            old_urls: super::old_urls(fm.old_urls, fp),
        },
        text,
        fm.draft.unwrap_or(false),
    ))
}

/// The ids a prototype names, for `validate` to resolve.
pub fn references(p: &Prototype) -> Vec<(&'static str, Option<usize>, &str)> {
    vec![("sprint", None, p.sprint.as_str())]
}
