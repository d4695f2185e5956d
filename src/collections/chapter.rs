//! A chapter of the lab guidelines annex
//! (`content/guidelines/NN-<slug>.md`; `NN` orders the chapters).

use super::check::{Checker, FieldPositions};
use super::{DRAFT, Definition, EDITOR_NOTE, Field, OLD_URLS, Rule, Type};
use crate::load::RecordSource;
use crate::records::Text;
use crate::records::*;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterFm {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub draft: Option<bool>,
    pub old_urls: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Everything a guidelines chapter's front matter may hold.
pub static DEFINITION: Definition = Definition {
    dir: "guidelines",
    singular: "a guidelines chapter",
    doc: "A chapter of the guidelines for institutions that want their own lab; the file name's NN orders the chapters.",
    fields: &[
        Field {
            name: "title",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "The chapter's title.",
            new_value: None,
        },
        Field {
            name: "summary",
            ty: Type::Text,
            rule: Rule::Optional,
            translatable: true,
            doc: "One or two sentences for the table of contents.",
            new_value: Some("\"\""),
        },
        DRAFT,
        EDITOR_NOTE,
        OLD_URLS,
    ],
    body_template: "## \n",
};

/// Checks one record's front matter and makes its typed record, its
/// default-language text and its draft flag; `None` when it did not parse.
pub fn check(
    v: &mut Checker,
    r: &RecordSource,
    fp: &FieldPositions,
) -> Option<(Chapter, Text, bool)> {
    let fm: ChapterFm = v.parse(r)?;
    let title = v.required_text(r, fp, "title", &fm.title);
    let mut text = v.base_text(r, title);
    text.summary = fm.summary;
    text.editor_note = fm.editor_note;
    Some((
        Chapter {
            order: r.order.unwrap_or(0),
            old_urls: super::old_urls(fm.old_urls, fp),
        },
        text,
        fm.draft.unwrap_or(false),
    ))
}
