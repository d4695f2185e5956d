//! A sprint: an innovation sprint the lab ran with one or more
//! institutions (`content/sprints/<slug>.md`).

use super::check::{Checker, FieldPositions};
use super::{DRAFT, Definition, EDITOR_NOTE, Field, OLD_URLS, Ref, Rule, Type};
use crate::diagnostics::{Kind, Pos};
use crate::load::RecordSource;
use crate::records::Text;
use crate::records::*;
use serde::Deserialize;

/// Sprint front matter as written in `content/sprints/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SprintFm {
    pub title: Option<String>,
    pub institutions: Option<Vec<String>>,
    pub partners: Option<Vec<String>>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub year: Option<i32>,
    pub participants: Option<i64>,
    pub status: Option<String>,
    pub outcome: Option<String>,
    pub results: Option<Vec<String>>,
    pub topics: Option<Vec<String>>,
    pub prototypes: Option<Vec<String>>,
    pub funding: Option<String>,
    pub draft: Option<bool>,
    pub old_urls: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Everything a sprint's front matter may hold.
pub static DEFINITION: Definition = Definition {
    dir: "sprints",
    singular: "a sprint",
    doc: "An innovation sprint the lab ran with one or more institutions.",
    fields: &[
        Field {
            name: "title",
            ty: Type::Text,
            rule: Rule::Required,
            translatable: true,
            doc: "The sprint's name.",
            new_value: None,
        },
        Field {
            name: "institutions",
            ty: Type::Ids(Ref::Institution),
            rule: Rule::Required,
            translatable: false,
            doc: "The institutions that ran the sprint (at least one).",
            new_value: Some("[]"),
        },
        Field {
            name: "partners",
            ty: Type::Ids(Ref::Institution),
            rule: Rule::Optional,
            translatable: false,
            doc: "Partner institutions.",
            new_value: Some("[]"),
        },
        Field {
            name: "start",
            ty: Type::Date,
            rule: Rule::RequiredWhen("unless status is planned"),
            translatable: false,
            doc: "The first day.",
            new_value: None,
        },
        Field {
            name: "end",
            ty: Type::Date,
            rule: Rule::RequiredWhen("unless status is planned; not before start"),
            translatable: false,
            doc: "The last day.",
            new_value: None,
        },
        Field {
            name: "year",
            ty: Type::Year,
            rule: Rule::Optional,
            translatable: false,
            doc: "For a planned sprint without dates: the year it is planned for.",
            new_value: None,
        },
        Field {
            name: "participants",
            ty: Type::Count,
            rule: Rule::RequiredWhen("when status is completed"),
            translatable: false,
            doc: "How many people took part.",
            new_value: None,
        },
        Field {
            name: "status",
            ty: Type::Choice(Status::ALL),
            rule: Rule::Required,
            translatable: false,
            doc: "Where the sprint is.",
            new_value: Some("planned"),
        },
        Field {
            name: "outcome",
            ty: Type::Text,
            rule: Rule::RequiredWhen("when status is completed"),
            translatable: true,
            doc: "One or two sentences on what came out.",
            new_value: None,
        },
        Field {
            name: "results",
            ty: Type::Choices(ResultKind::ALL),
            rule: Rule::Optional,
            translatable: false,
            doc: "The kinds of result, as the lab's report counts them.",
            new_value: Some("[]"),
        },
        Field {
            name: "topics",
            ty: Type::Ids(Ref::Topic),
            rule: Rule::Optional,
            translatable: false,
            doc: "The topics the sprint is listed under.",
            new_value: Some("[]"),
        },
        Field {
            name: "prototypes",
            ty: Type::Ids(Ref::Prototype),
            rule: Rule::Optional,
            translatable: false,
            doc: "The prototypes it made.",
            new_value: Some("[]"),
        },
        Field {
            name: "funding",
            ty: Type::Id(Ref::Funding),
            rule: Rule::Optional,
            translatable: false,
            doc: "The project that financed it; leave it out unless a source says so.",
            new_value: None,
        },
        DRAFT,
        EDITOR_NOTE,
        OLD_URLS,
    ],
    body_template: "## Problēma\n\n## Dalībnieki\n\n## Rezultāts\n",
};

/// Checks one record's front matter and makes its typed record, its
/// default-language text and its draft flag; `None` when it did not parse.
pub fn check(
    v: &mut Checker,
    r: &RecordSource,
    fp: &FieldPositions,
) -> Option<(Sprint, Text, bool)> {
    let fm: SprintFm = v.parse(r)?;
    let title = v.required_text(r, fp, "title", &fm.title);
    let status = match &fm.status {
        Some(s) => v.vocab(r, fp, "status", None, s, Status::parse, Status::ALL),
        None => {
            v.required_text(r, fp, "status", &None);
            None
        }
    };
    let institutions = v.unique(r, fp, "institutions", fm.institutions.clone());
    if institutions.is_empty() {
        let pos = fp.key("institutions");
        v.err(
            r,
            Kind::MissingField,
            pos.unwrap_or(Pos::new(1, 1, 3)),
            "institutions",
            "a sprint needs at least one institution in `institutions`".into(),
            "institution ids are listed in content/data/institutions.yaml".into(),
        );
    }
    let start = v.date(r, fp, "start", &fm.start);
    let end = v.date(r, fp, "end", &fm.end);
    let planned = status == Some(Status::Planned);
    let completed = status == Some(Status::Completed);
    if !planned && status.is_some() {
        for (f, value) in [("start", &fm.start), ("end", &fm.end)] {
            if value.is_none() {
                v.err(
                    r,
                    Kind::MissingField,
                    Pos::new(1, 1, 3),
                    f,
                    format!("missing field `{f}`"),
                    format!("`{f}` is required unless `status` is planned; write it as YYYY-MM-DD"),
                );
            }
        }
    }
    if completed
        && let Some(e) = end
        && e > v.today
    {
        v.err(
            r,
            Kind::FutureDate,
            fp.value("end").unwrap_or_default(),
            "end",
            format!("a completed sprint ends on {e}, after the build date ({})", v.today),
            "correct the date, or set `status: running` (or planned) until it has ended; the build date is today, or SOURCE_DATE_EPOCH when set".into(),
        );
    }
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        v.err(
                r,
                Kind::DateOrder,
                fp.value("end").unwrap_or_default(),
                "end",
                format!("`end` ({e}) is before `start` ({s})"),
                "swap the dates or correct the year; if the source itself is contradictory, say so in `editor_note`".into(),
            );
    }
    let participants = match fm.participants {
        Some(n) if n < 0 => {
            v.err(
                r,
                Kind::InvalidValue,
                fp.value("participants").unwrap_or_default(),
                "participants",
                format!("`participants` is {n}; it cannot be negative"),
                "write the number of people who took part, 0 or more".into(),
            );
            None
        }
        Some(n) => match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                v.err(
                    r,
                    Kind::InvalidValue,
                    fp.value("participants").unwrap_or_default(),
                    "participants",
                    format!("`participants` is {n}, more than can be counted here"),
                    format!(
                        "write the number of people who took part, at most {}",
                        u32::MAX
                    ),
                );
                None
            }
        },
        None => {
            if completed {
                v.err(
                    r,
                    Kind::MissingField,
                    Pos::new(1, 1, 3),
                    "participants",
                    "missing field `participants`".into(),
                    "a completed sprint needs `participants:` (a whole number)".into(),
                );
            }
            None
        }
    };
    if completed {
        v.required_text(r, fp, "outcome", &fm.outcome);
    }
    let mut results = Vec::new();
    let listed = fm.results.clone().unwrap_or_default();
    v.unique(r, fp, "results", fm.results.clone());
    for (i, k) in listed.iter().enumerate() {
        if listed[..i].contains(k) {
            continue;
        }
        if let Some(k) = v.vocab(
            r,
            fp,
            "results",
            Some(i),
            k,
            ResultKind::parse,
            ResultKind::ALL,
        ) {
            results.push(k);
        }
    }
    let year = start.map(|d| i32::from(d.year())).or(fm.year);
    let mut text = v.base_text(r, title);
    text.outcome = fm.outcome.map(|s| s.trim().to_string());
    text.editor_note = fm.editor_note;
    Some((
        Sprint {
            institutions,
            partners: v.unique(r, fp, "partners", fm.partners),
            start,
            end,
            year,
            participants,
            status: status.unwrap_or(Status::Planned),
            results,
            topics: v.unique(r, fp, "topics", fm.topics),
            prototypes: v.unique(r, fp, "prototypes", fm.prototypes),
            funding: fm.funding,
            old_urls: super::old_urls(fm.old_urls, fp),
        },
        text,
        fm.draft.unwrap_or(false),
    ))
}

/// The ids a sprint names, field by field, for `validate` to resolve.
pub fn references(s: &Sprint) -> Vec<(&'static str, Option<usize>, &str)> {
    let mut out = Vec::new();
    for (field, ids) in [
        ("institutions", &s.institutions),
        ("partners", &s.partners),
        ("topics", &s.topics),
        ("prototypes", &s.prototypes),
    ] {
        out.extend(
            ids.iter()
                .enumerate()
                .map(|(i, v)| (field, Some(i), v.as_str())),
        );
    }
    out.extend(s.funding.iter().map(|f| ("funding", None, f.as_str())));
    out
}
