//! The data files under `content/data/`: institutions, topics, funding,
//! indicators, the guidelines' versions, the self-assessment questions and
//! the calls for applications. Their typed form is in [`crate::records`]
//! (serde reads them directly); their fields are defined here once, for the
//! schemas and the docs, and a test holds the two together. What serde
//! cannot see (references between the files and the records, date order)
//! is checked by [`check`].

use super::{Field, Ref, Rule, Type};
use crate::diagnostics::{Diagnostic, Kind, Pos, nearest};
use crate::load::Sources;
use crate::records::{IndicatorKind, InstitutionKind, Site};
use std::collections::BTreeSet;

/// One data file and the shape of its entries.
pub struct DataFile {
    /// File name under `content/data/`.
    pub file: &'static str,
    pub doc: &'static str,
    pub shape: Shape,
}

/// How a data file is laid out.
pub enum Shape {
    /// `id: { field: value, … }` for every entry.
    EntriesById(&'static [Field]),
    /// `id: { lv: …, en: … }`: a label per language for every entry.
    LabelsById,
    /// One object with these fields.
    Object(&'static [Field]),
}

const fn field(name: &'static str, ty: Type, rule: Rule, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        rule,
        translatable: false,
        doc,
        new_value: None,
    }
}

/// Every data file, in the order the docs list them.
pub static DATA_FILES: [DataFile; 7] = [
    DataFile {
        file: "institutions.yaml",
        doc: "Institutions named in the sources: the ids sprints use in `institutions` and `partners`.",
        shape: Shape::EntriesById(&[
            field(
                "name",
                Type::Localized,
                Rule::Required,
                "The institution's name per language.",
            ),
            field(
                "kind",
                Type::Choice(InstitutionKind::ALL),
                Rule::Required,
                "What kind of institution it is.",
            ),
            field("website", Type::Url, Rule::Optional, "Its own website."),
        ]),
    },
    DataFile {
        file: "topics.yaml",
        doc: "Topics sprints are listed under: the ids sprints use in `topics`, with a label per language.",
        shape: Shape::LabelsById,
    },
    DataFile {
        file: "funding.yaml",
        doc: "Programmes, investments and projects that fund the lab: the ids sprints use in `funding`.",
        shape: Shape::EntriesById(&[
            field(
                "name",
                Type::Localized,
                Rule::Required,
                "The project's name per language.",
            ),
            field(
                "programme",
                Type::Localized,
                Rule::Optional,
                "The programme it belongs to.",
            ),
            field("code", Type::Text, Rule::Optional, "Its official code."),
            field(
                "amount_eur",
                Type::Count,
                Rule::Optional,
                "Its budget in euros, as the source states it.",
            ),
            field("period_end", Type::Date, Rule::Optional, "When it ends."),
            field(
                "target",
                Type::Localized,
                Rule::Optional,
                "What it must achieve, per language.",
            ),
            field(
                "part_of",
                Type::Id(Ref::Funding),
                Rule::Optional,
                "The larger project it is part of.",
            ),
            field(
                "editor_note",
                Type::Localized,
                Rule::Optional,
                "Where the sources are missing or contradictory, per language.",
            ),
        ]),
    },
    DataFile {
        file: "indicators.yaml",
        doc: "The lab's activity indicators per period (additive counts add up; unique counts have their own total).",
        shape: Shape::Object(&[
            field(
                "source",
                Type::Localized,
                Rule::Optional,
                "Where the figures come from, per language.",
            ),
            field(
                "periods",
                Type::List(PERIOD),
                Rule::Optional,
                "The periods, in order.",
            ),
            field(
                "indicators",
                Type::List(INDICATOR),
                Rule::Optional,
                "The indicators.",
            ),
        ]),
    },
    DataFile {
        file: "guidelines.yaml",
        doc: "The versions of the guidelines as a whole, so that a reader can cite a fixed text: the newest is shown on every chapter and on the print page, all of them on the change-log page.",
        shape: Shape::Object(&[
            field(
                "about",
                Type::Localized,
                Rule::Optional,
                "What this text is (for example, that it is not an official text), per language; shown on the change-log page.",
            ),
            field(
                "versions",
                Type::List(VERSION),
                Rule::Required,
                "Every version, newest first.",
            ),
        ]),
    },
    DataFile {
        file: "self-assessment.yaml",
        doc: "The self-assessment questions, shown as a checklist on the chapter `chapter` names (a printable list without JavaScript; with it, answers kept in the reader's browser and a summary per area).",
        shape: Shape::Object(&[
            field(
                "chapter",
                Type::Text,
                Rule::Required,
                "The id of the guidelines chapter that shows the checklist (its file name without `NN-` and `.md`).",
            ),
            field(
                "before",
                Type::Text,
                Rule::Optional,
                "The id of the chapter heading the checklist goes before; without it (or when the chapter has no such heading) the checklist follows the chapter's text.",
            ),
            field(
                "areas",
                Type::List(AREA),
                Rule::Required,
                "The areas, in order.",
            ),
            field(
                "questions",
                Type::List(QUESTION),
                Rule::Required,
                "The questions, in order.",
            ),
        ]),
    },
    DataFile {
        file: "calls.yaml",
        doc: "Calls for applications. Whether a call is open is computed when the site is built (from `SOURCE_DATE_EPOCH` when set, else the clock) and shown on the page the call names.",
        shape: Shape::EntriesById(&[
            field(
                "title",
                Type::Localized,
                Rule::Required,
                "The call's name per language.",
            ),
            field(
                "page",
                Type::Text,
                Rule::Required,
                "The id of the free page (in `content/pages/`) that shows the call.",
            ),
            field(
                "opens",
                Type::DateTime,
                Rule::Optional,
                "When applications open, Europe/Riga time.",
            ),
            field(
                "closes",
                Type::DateTime,
                Rule::RequiredWhen(
                    "unless `deadline_as_stated` gives a deadline the source leaves incomplete",
                ),
                "The deadline, Europe/Riga time.",
            ),
            field(
                "deadline_as_stated",
                Type::Localized,
                Rule::Optional,
                "The deadline in the source's words, per language, when the source does not give a whole date (a missing year is never guessed; the call's status is then shown as unknown).",
            ),
            field(
                "editor_note",
                Type::Localized,
                Rule::RequiredWhen("when `closes` is missing"),
                "What the sources leave open, per language.",
            ),
        ]),
    },
];

/// An entry of `versions` in guidelines.yaml.
pub const VERSION: &[Field] = &[
    field(
        "version",
        Type::Text,
        Rule::Required,
        "The version's number, as it is cited (`1.0`).",
    ),
    field(
        "date",
        Type::Date,
        Rule::Required,
        "The date of the version's text.",
    ),
    field(
        "changes",
        Type::Localized,
        Rule::Required,
        "What changed in this version, per language.",
    ),
];

/// An entry of `areas` in self-assessment.yaml.
pub const AREA: &[Field] = &[
    field(
        "id",
        Type::Text,
        Rule::Required,
        "The area's id, also its anchor on the chapter page.",
    ),
    field(
        "title",
        Type::Localized,
        Rule::Required,
        "Its title per language.",
    ),
    field(
        "helps",
        Type::Text,
        Rule::Optional,
        "The id of the guidelines chapter that helps when answers in this area are weak.",
    ),
];

/// An entry of `questions` in self-assessment.yaml.
pub const QUESTION: &[Field] = &[
    field(
        "id",
        Type::Text,
        Rule::Required,
        "The question's number (`1.1`).",
    ),
    field("area", Type::Text, Rule::Required, "The id of its area."),
    field(
        "text",
        Type::Localized,
        Rule::Required,
        "The question per language.",
    ),
];

/// An entry of `periods` in indicators.yaml.
pub const PERIOD: &[Field] = &[
    field(
        "id",
        Type::Text,
        Rule::Required,
        "The period's id, used as a key in `values`.",
    ),
    field(
        "label",
        Type::Localized,
        Rule::Required,
        "The period's label per language.",
    ),
];

/// An entry of `indicators` in indicators.yaml.
pub const INDICATOR: &[Field] = &[
    field("id", Type::Text, Rule::Required, "The indicator's id."),
    field(
        "label",
        Type::Localized,
        Rule::Required,
        "Its label per language.",
    ),
    field(
        "kind",
        Type::Choice(IndicatorKind::ALL),
        Rule::Required,
        "additive: the total is the sum of the periods; unique: people counted once, with its own total.",
    ),
    field(
        "values",
        Type::CountsById,
        Rule::Required,
        "The figure per period id.",
    ),
    field(
        "total",
        Type::Count,
        Rule::RequiredWhen("when kind is unique"),
        "The total; for additive indicators it must equal the sum.",
    ),
];

/// The data file called `name`.
pub fn data_file(name: &str) -> Option<&'static DataFile> {
    DATA_FILES.iter().find(|d| d.file == name)
}

/// The moment a build happens: `SOURCE_DATE_EPOCH` (seconds since 1970,
/// the reproducible-builds convention) when set, else the clock. Read once
/// per validation, so that every page of a build agrees on whether a call
/// is open, and a build pinned to an epoch is byte-identical whenever it
/// runs.
pub fn build_time() -> Result<jiff::Timestamp, Diagnostic> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(jiff::Timestamp::now()),
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or_else(|| {
                Diagnostic::error(
                    Kind::Config,
                    "SOURCE_DATE_EPOCH",
                    format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds since 1970-01-01 UTC"),
                )
                .hint("set it to a whole number (`date +%s`, or `git log -1 --format=%ct`), or unset it to use the clock")
            }),
    }
}

/// The time zone a call's dates are written in.
pub fn riga() -> jiff::tz::TimeZone {
    jiff::tz::get!("Europe/Riga")
}

/// The line and column where `needle` first starts a line (after
/// indentation, or after a list dash) in `text`; the file's start when it
/// is not found.
fn line_of(text: &str, needle: &str) -> Pos {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(needle)
                .then(|| Pos::new(i + 1, l.len() - t.len() + 1, needle.len()))
        })
        .unwrap_or(Pos::new(1, 1, 1))
}

/// What serde cannot check in guidelines.yaml, self-assessment.yaml and
/// calls.yaml: ids they name (chapters, pages, areas), duplicates, date
/// order, and the editor's note a call with an incomplete deadline needs.
pub fn check(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = |name: &str| {
        sources
            .data
            .iter()
            .find(|f| f.path.rsplit('/').next() == Some(name))
    };
    let dl = site.config.default_language.as_str();
    let chapters: Vec<&str> = site.guidelines.iter().map(|c| c.slug.as_str()).collect();
    if let Some(f) = file("guidelines.yaml") {
        let err = |kind, msg: String, at: &str| {
            Diagnostic::error(kind, f.path.clone(), msg)
                .at(line_of(&f.text, at))
                .with_source(&f.text)
        };
        let g = &site.guidelines_edition;
        if g.versions.is_empty() {
            out.push(
                err(
                    Kind::MissingField,
                    "`versions` is empty".into(),
                    "versions:",
                )
                .field("versions")
                .hint(
                    "list at least the current version: `- version: \"1.0\"`, `date:`, `changes:`",
                ),
            );
        }
        let mut seen = BTreeSet::new();
        for v in &g.versions {
            let at = format!("version: {}", v.version);
            if !seen.insert(v.version.as_str()) {
                out.push(
                    err(
                        Kind::InconsistentData,
                        format!("version `{}` is listed twice", v.version),
                        &at,
                    )
                    .field("version")
                    .hint("each version is listed once; give a new version a new number"),
                );
            }
            if !v.changes.contains_key(dl) {
                out.push(
                    err(
                        Kind::MissingField,
                        format!("version `{}` has no `changes` text in `{dl}`", v.version),
                        &at,
                    )
                    .field("changes")
                    .hint(format!("add `{dl}:` under `changes`")),
                );
            }
        }
        for w in g.versions.windows(2) {
            if w[1].date > w[0].date {
                out.push(
                    err(
                        Kind::DateOrder,
                        format!(
                            "version `{}` ({}) is listed before the newer version `{}` ({})",
                            w[0].version, w[0].date, w[1].version, w[1].date
                        ),
                        &format!("version: {}", w[1].version),
                    )
                    .field("versions")
                    .hint("list the versions newest first: the first one is the current version"),
                );
            }
        }
    }
    if let Some(f) = file("self-assessment.yaml") {
        let a = &site.self_assessment;
        let dangling =
            |what: &str, id: &str, known: &[&str], at: &str, field: &str, source: &str| {
                let mut d = Diagnostic::error(
                    Kind::DanglingReference,
                    f.path.clone(),
                    format!("{what} `{id}` does not exist"),
                )
                .at(line_of(&f.text, at))
                .field(field)
                .with_source(&f.text);
                d = match nearest(id, known.iter().copied()) {
                    Some(n) => d.hint(format!("did you mean `{n}`? ({source})")),
                    None => d.hint(source.to_string()),
                };
                d
            };
        let chapter_hint =
            "a chapter's id is its file name in content/guidelines/ without `NN-` and `.md`";
        match a.chapter.as_deref() {
            Some(c) if !chapters.contains(&c) => out.push(dangling(
                "chapter",
                c,
                &chapters,
                "chapter:",
                "chapter",
                chapter_hint,
            )),
            Some(_) => {}
            None => out.push(
                Diagnostic::error(
                    Kind::MissingField,
                    f.path.clone(),
                    "`chapter` is missing: which chapter shows the checklist?",
                )
                .at(Pos::new(1, 1, 1))
                .field("chapter")
                .hint(chapter_hint),
            ),
        }
        let areas: Vec<&str> = a.areas.iter().map(|x| x.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        for area in &a.areas {
            let at = format!("id: {}", area.id);
            if !seen.insert(area.id.as_str()) {
                out.push(
                    Diagnostic::error(
                        Kind::InconsistentData,
                        f.path.clone(),
                        format!("area `{}` is listed twice", area.id),
                    )
                    .at(line_of(&f.text, &at))
                    .field("areas")
                    .hint("give each area its own id")
                    .with_source(&f.text),
                );
            }
            if let Some(h) = &area.helps
                && !chapters.contains(&h.as_str())
            {
                out.push(dangling(
                    "chapter",
                    h,
                    &chapters,
                    &format!("helps: {h}"),
                    "helps",
                    chapter_hint,
                ));
            }
            if !a.questions.iter().any(|q| q.area == area.id) {
                out.push(
                    Diagnostic::warning(
                        Kind::InconsistentData,
                        f.path.clone(),
                        format!("area `{}` has no questions; it is not shown", area.id),
                    )
                    .at(line_of(&f.text, &at))
                    .field("areas")
                    .hint("add questions with `area:` set to it, or remove the area")
                    .with_source(&f.text),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for q in &a.questions {
            let at = format!("id: \"{}\"", q.id);
            let at = if f.text.contains(&at) {
                at
            } else {
                format!("id: {}", q.id)
            };
            if !seen.insert(q.id.as_str()) {
                out.push(
                    Diagnostic::error(
                        Kind::InconsistentData,
                        f.path.clone(),
                        format!("question `{}` is listed twice", q.id),
                    )
                    .at(line_of(&f.text, &at))
                    .field("questions")
                    .hint("give each question its own number")
                    .with_source(&f.text),
                );
            }
            if !areas.contains(&q.area.as_str()) {
                out.push(dangling(
                    "area",
                    &q.area,
                    &areas,
                    &format!("area: {}", q.area),
                    "area",
                    "areas are listed under `areas`",
                ));
            }
        }
    }
    if let Some(f) = file("calls.yaml") {
        let pages: Vec<&str> = site.pages.iter().map(|p| p.slug.as_str()).collect();
        for (id, c) in &site.calls {
            let pos = line_of(&f.text, &format!("{id}:"));
            let err = |kind, msg: String, field: &str| {
                Diagnostic::error(kind, f.path.clone(), msg)
                    .at(pos)
                    .field(field)
                    .with_source(&f.text)
            };
            if !pages.contains(&c.page.as_str()) {
                let d = err(
                    Kind::DanglingReference,
                    format!("call `{id}` names page `{}`, which does not exist", c.page),
                    "page",
                );
                out.push(match nearest(&c.page, pages.iter().copied()) {
                    Some(n) => d.hint(format!("did you mean `{n}`? (a page's id is its file name in content/pages/ without `.md`)")),
                    None => d.hint("a page's id is its file name in content/pages/ without `.md`"),
                });
            }
            if let (Some(o), Some(cl)) = (c.opens, c.closes)
                && cl < o
            {
                out.push(
                    err(
                        Kind::DateOrder,
                        format!("call `{id}` closes ({cl}) before it opens ({o})"),
                        "closes",
                    )
                    .hint("`closes` is the deadline and comes after `opens`"),
                );
            }
            if c.closes.is_none() {
                if c.deadline_as_stated.is_none() {
                    out.push(
                        err(Kind::MissingField, format!("call `{id}` has no `closes`"), "closes")
                            .hint("give the deadline as `closes: YYYY-MM-DDTHH:MM` (Europe/Riga); if the source's date is incomplete, quote it in `deadline_as_stated` and say so in `editor_note`"),
                    );
                }
                if c.editor_note.is_none() {
                    out.push(
                        err(Kind::MissingField, format!("call `{id}` has no whole deadline and no `editor_note` saying why"), "editor_note")
                            .hint("say what the source leaves open (for example the year), so readers know why the status is unknown"),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{
        AssessmentArea, AssessmentQuestion, Call, Funding, GuidelinesEdition, GuidelinesVersion,
        Indicator, Indicators, Institution, Period, SelfAssessment,
    };

    fn names(fields: &[Field]) -> Vec<String> {
        let mut v: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
        v.sort();
        v
    }

    fn entry_fields(file: &str) -> &'static [Field] {
        match data_file(file).unwrap().shape {
            Shape::EntriesById(f) | Shape::Object(f) => f,
            Shape::LabelsById => &[],
        }
    }

    #[test]
    fn definitions_match_the_data_structs() {
        assert_eq!(
            crate::collections::accepted_fields::<Institution>(),
            names(entry_fields("institutions.yaml"))
        );
        assert_eq!(
            crate::collections::accepted_fields::<Funding>(),
            names(entry_fields("funding.yaml"))
        );
        assert_eq!(
            crate::collections::accepted_fields::<Indicators>(),
            names(entry_fields("indicators.yaml"))
        );
        assert_eq!(
            crate::collections::accepted_fields::<Period>(),
            names(PERIOD)
        );
        assert_eq!(
            crate::collections::accepted_fields::<Indicator>(),
            names(INDICATOR)
        );
        assert_eq!(
            crate::collections::accepted_fields::<GuidelinesEdition>(),
            names(entry_fields("guidelines.yaml"))
        );
        assert_eq!(
            crate::collections::accepted_fields::<GuidelinesVersion>(),
            names(VERSION)
        );
        assert_eq!(
            crate::collections::accepted_fields::<SelfAssessment>(),
            names(entry_fields("self-assessment.yaml"))
        );
        assert_eq!(
            crate::collections::accepted_fields::<AssessmentArea>(),
            names(AREA)
        );
        assert_eq!(
            crate::collections::accepted_fields::<AssessmentQuestion>(),
            names(QUESTION)
        );
        assert_eq!(
            crate::collections::accepted_fields::<Call>(),
            names(entry_fields("calls.yaml"))
        );
    }
}
