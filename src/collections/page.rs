//! A free page (`content/pages/<slug>.md`): about, privacy, open data.

use super::check::{Checker, FieldPositions};
use super::{DRAFT, Definition, EDITOR_NOTE, Field, OLD_URLS, Rule, Type};
use crate::load::RecordSource;
use crate::records::Text;
use crate::records::*;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFm {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub menu: Option<i32>,
    pub draft: Option<bool>,
    pub old_urls: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Everything a page's front matter may hold.
pub static DEFINITION: Definition = Definition {
    dir: "pages",
    singular: "a page",
    doc: "A page of its own: about the lab, privacy, open data.",
    fields: &[
        Field {
            name: "title",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "The page's title.",
            new_value: None,
        },
        Field {
            name: "summary",
            ty: Type::Text,
            rule: Rule::Optional,
            translatable: true,
            doc: "One or two sentences under the title and in search results.",
            new_value: Some("\"\""),
        },
        Field {
            name: "menu",
            ty: Type::Integer,
            rule: Rule::Optional,
            translatable: false,
            doc: "Position in the main navigation; leave it out to keep the page out of it.",
            new_value: None,
        },
        DRAFT,
        EDITOR_NOTE,
        OLD_URLS,
    ],
    body_template: "",
};

/// Checks one record's front matter and makes its typed record, its
/// default-language text and its draft flag; `None` when it did not parse.
pub fn check(v: &mut Checker, r: &RecordSource, fp: &FieldPositions) -> Option<(Page, Text, bool)> {
    let fm: PageFm = v.parse(r)?;
    let title = v.required_text(r, fp, "title", &fm.title);
    let mut text = v.base_text(r, title);
    text.summary = fm.summary;
    text.editor_note = fm.editor_note;
    let old_urls = super::old_urls(fm.old_urls, fp);
    Some((
        Page {
            menu: fm.menu,
            old_urls,
        },
        text,
        fm.draft.unwrap_or(false),
    ))
}
