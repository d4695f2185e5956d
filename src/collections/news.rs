//! A news item (`content/news/<slug>.md`).

use super::check::{Checker, FieldPositions};
use super::{DRAFT, Definition, EDITOR_NOTE, Field, OLD_URLS, Rule, Type};
use crate::load::RecordSource;
use crate::records::Text;
use crate::records::*;
use jiff::civil::Date;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsFm {
    pub title: Option<String>,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub draft: Option<bool>,
    pub old_urls: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Everything a news item's front matter may hold.
pub static DEFINITION: Definition = Definition {
    dir: "news",
    singular: "a news item",
    doc: "A dated announcement.",
    fields: &[
        Field {
            name: "title",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "The headline.",
            new_value: None,
        },
        Field {
            name: "date",
            ty: Type::Date,
            rule: Rule::Required,
            translatable: false,
            doc: "The day it was published.",
            new_value: Some("\"\""),
        },
        Field {
            name: "summary",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "One or two sentences for lists and feeds.",
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
pub fn check(v: &mut Checker, r: &RecordSource, fp: &FieldPositions) -> Option<(News, Text, bool)> {
    let fm: NewsFm = v.parse(r)?;
    let title = v.required_text(r, fp, "title", &fm.title);
    let summary = v.required_text(r, fp, "summary", &fm.summary);
    let date = match &fm.date {
        Some(_) => v.date(r, fp, "date", &fm.date),
        None => {
            v.required_text(r, fp, "date", &None);
            None
        }
    };
    let mut text = v.base_text(r, title);
    text.summary = Some(summary);
    text.editor_note = fm.editor_note;
    Some((
        News {
            date: date.unwrap_or(Date::constant(1970, 1, 1)),
            old_urls: super::old_urls(fm.old_urls, fp),
        },
        text,
        fm.draft.unwrap_or(false),
    ))
}
