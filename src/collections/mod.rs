//! The record kinds, each defined once.
//!
//! A collection's module owns everything that says what its records are:
//! the front matter an editor may write (`*Fm`, `deny_unknown_fields`), the
//! list of [`Field`]s with their type, rule and meaning, and the check that
//! turns front matter into a typed record ([`crate::records`]). Everything
//! else is derived from those definitions, never kept by hand beside them:
//!
//! - which fields a translation may carry ([`text_fields`]) and which it
//!   inherits ([`structured_fields`]);
//! - which references `validate` resolves, and the hint it gives
//!   ([`Ref`]);
//! - the JSON Schemas under `schemas/` ([`schema`], `inolab schema`);
//! - the field tables in `docs/content-format.md` ([`docs`]);
//! - the file `inolab new` writes ([`new_template`]).
//!
//! Adding a field: its line in the module's `FIELDS`, its member in the
//! `*Fm` struct (a test fails when the two disagree), its check, the
//! template that shows it and the interface strings.

pub mod chapter;
pub mod check;
pub mod data;
pub mod docs;
pub mod glossary;
pub mod news;
pub mod page;
pub mod prototype;
pub mod schema;
pub mod sprint;

pub use crate::load::Collection;

impl Collection {
    /// Everything this collection's records are.
    pub fn definition(self) -> &'static Definition {
        match self {
            Collection::Sprints => &sprint::DEFINITION,
            Collection::Prototypes => &prototype::DEFINITION,
            Collection::Glossary => &glossary::DEFINITION,
            Collection::Guidelines => &chapter::DEFINITION,
            Collection::Pages => &page::DEFINITION,
            Collection::News => &news::DEFINITION,
        }
    }
}

/// What a collection is, for editors and tools.
pub struct Definition {
    /// Folder under `content/`.
    pub dir: &'static str,
    /// One record, in words (`a sprint`), for messages and schema titles.
    pub singular: &'static str,
    /// What the collection holds, for the docs and the schema.
    pub doc: &'static str,
    /// Every front-matter field, in the order editors see them.
    pub fields: &'static [Field],
    /// The Markdown body `inolab new` starts a record with.
    pub body_template: &'static str,
}

impl Definition {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field that names a record in lists and titles (`title`, or
    /// `term` for the glossary).
    pub fn title_field(&self) -> &'static str {
        if self.field("term").is_some() {
            "term"
        } else {
            "title"
        }
    }
}

/// One front-matter field.
pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    pub rule: Rule,
    /// Text fields are per language: a translation may carry them. Every
    /// other field is structured, set once in the default-language file.
    pub translatable: bool,
    /// What it means, one sentence, for the docs, the schema and `new`.
    pub doc: &'static str,
    /// A value `inolab new` writes (YAML), or `None` to write it commented.
    pub new_value: Option<&'static str>,
}

/// The type of a field's value.
pub enum Type {
    /// A string.
    Text,
    /// A list of strings.
    TextList,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM`, a civil date-time (calls: Europe/Riga).
    DateTime,
    /// A calendar year.
    Year,
    /// A whole number, 0 or more.
    Count,
    /// A whole number.
    Integer,
    Bool,
    /// One of a closed vocabulary.
    Choice(&'static [&'static str]),
    /// Any of a closed vocabulary.
    Choices(&'static [&'static str]),
    /// The id of another record or data entry.
    Id(Ref),
    /// A list of ids.
    Ids(Ref),
    /// A text per language code (`{ lv: …, en: … }`), in data files.
    Localized,
    /// An `https://` address.
    Url,
    /// A list of objects with these fields, in data files.
    List(&'static [Field]),
    /// Whole numbers by id (an indicator's value per period).
    CountsById,
}

/// Whether a field must be present.
pub enum Rule {
    Required,
    /// Required in some cases, said in words (`when status is completed`).
    RequiredWhen(&'static str),
    Optional,
}

/// What an id field points at. `validate` resolves every one and suggests
/// the nearest existing id when it does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    Institution,
    Topic,
    Funding,
    Sprint,
    Prototype,
    Term,
}

impl Ref {
    /// Where the ids come from, as the hint says it.
    pub fn hint(self) -> &'static str {
        match self {
            Ref::Institution => "institution ids are listed in content/data/institutions.yaml",
            Ref::Topic => "topic ids are listed in content/data/topics.yaml",
            Ref::Funding => "funding ids are listed in content/data/funding.yaml",
            Ref::Sprint => "sprint ids are the file names in content/sprints/",
            Ref::Prototype => "prototype ids are the file names in content/prototypes/",
            Ref::Term => "glossary ids are the file names in content/glossary/",
        }
    }

    /// Where the ids come from, short (docs tables).
    pub fn source(self) -> &'static str {
        match self {
            Ref::Institution => "data/institutions.yaml",
            Ref::Topic => "data/topics.yaml",
            Ref::Funding => "data/funding.yaml",
            Ref::Sprint => "sprints/",
            Ref::Prototype => "prototypes/",
            Ref::Term => "glossary/",
        }
    }
}

/// The fields every collection shares: an editor's note and the draft flag.
pub const EDITOR_NOTE: Field = Field {
    name: "editor_note",
    ty: Type::Text,
    rule: Rule::Optional,
    translatable: true,
    doc: "Where the sources are missing or contradictory: what they say and what the record does (shown on the page).",
    new_value: None,
};

pub const DRAFT: Field = Field {
    name: "draft",
    ty: Type::Bool,
    rule: Rule::Optional,
    translatable: false,
    doc: "Leave the record out of the site unless built with --drafts.",
    new_value: Some("true"),
};

/// Old addresses of a record: every kind has them, because any record can
/// be renamed or moved after its URL was published and linked to.
pub const OLD_URLS: Field = Field {
    name: "old_urls",
    ty: Type::TextList,
    rule: Rule::Optional,
    translatable: false,
    doc: "Addresses this record had before (`/sprinti/old-name/`, `/en/sprints/old-name/`): each gets a page that redirects to the record in its language.",
    new_value: None,
};

/// The `old_urls` of a front matter with where each stands, so that a
/// redirect that collides can be reported on its line.
pub(crate) fn old_urls(
    values: Option<Vec<String>>,
    fp: &check::FieldPositions,
) -> Vec<crate::records::OldUrl> {
    values
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, path)| crate::records::OldUrl {
            pos: fp.item("old_urls", i).unwrap_or_default(),
            path,
        })
        .collect()
}

/// The text fields of a collection (they may appear in translations).
pub fn text_fields(c: Collection) -> Vec<&'static str> {
    c.definition()
        .fields
        .iter()
        .filter(|f| f.translatable)
        .map(|f| f.name)
        .collect()
}

/// The structured fields of a collection (never in translations).
pub fn structured_fields(c: Collection) -> Vec<&'static str> {
    c.definition()
        .fields
        .iter()
        .filter(|f| !f.translatable)
        .map(|f| f.name)
        .collect()
}

/// The file `inolab new` writes: every field with its meaning as a
/// comment, required ones filled in, optional ones commented out.
pub fn new_template(c: Collection, title: &str) -> String {
    let d = c.definition();
    let quoted = format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""));
    let mut s = String::from("---\n");
    for f in d.fields {
        s.push_str(&format!("# {}", f.doc));
        if let Some(hint) = docs::rule_words(f) {
            s.push_str(&format!(" ({hint})"));
        }
        s.push('\n');
        let value = if f.name == d.title_field() {
            Some(quoted.as_str())
        } else {
            f.new_value
        };
        match value {
            Some(v) => s.push_str(&format!("{}: {v}\n", f.name)),
            None => s.push_str(&format!("# {}: {}\n", f.name, example(f))),
        }
    }
    s.push_str("---\n\n");
    s.push_str(d.body_template);
    s
}

/// An example value of a field's type, for a commented-out line.
fn example(f: &Field) -> &'static str {
    match f.ty {
        Type::Text | Type::Id(_) => "\"\"",
        Type::TextList | Type::Ids(_) | Type::Choices(_) => "[]",
        Type::Date => "2025-01-31",
        Type::DateTime => "2025-01-31T23:59",
        Type::Year => "2025",
        Type::Count | Type::Integer => "0",
        Type::Bool => "false",
        Type::Choice(all) => all.first().copied().unwrap_or("\"\""),
        Type::Localized | Type::CountsById => "{}",
        Type::Url => "https://",
        Type::List(_) => "[]",
    }
}

/// The fields a serde struct with `deny_unknown_fields` accepts, sorted:
/// serde lists them when it meets an unknown key. Tests hold each
/// definition to its struct with it.
#[cfg(test)]
pub(crate) fn accepted_fields<T: serde::de::DeserializeOwned>() -> Vec<String> {
    match crate::yaml::from_str::<T>("no_such_field_zz: 1\n") {
        Err(crate::yaml::YamlError {
            problem: crate::yaml::Problem::UnknownField { mut expected, .. },
            ..
        }) => {
            expected.sort();
            expected
        }
        Err(other) => panic!("expected an unknown-field error, got {other:?}"),
        Ok(_) => panic!("an unknown field was accepted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `*Fm` struct and `FIELDS` of each collection name the same
    /// fields: serde lists what it accepts when it meets an unknown key.
    #[test]
    fn every_definition_matches_its_front_matter_struct() {
        let defined = |c: Collection| {
            let mut v: Vec<String> = c
                .definition()
                .fields
                .iter()
                .map(|f| f.name.to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            accepted_fields::<sprint::SprintFm>(),
            defined(Collection::Sprints)
        );
        assert_eq!(
            accepted_fields::<prototype::PrototypeFm>(),
            defined(Collection::Prototypes)
        );
        assert_eq!(
            accepted_fields::<glossary::TermFm>(),
            defined(Collection::Glossary)
        );
        assert_eq!(
            accepted_fields::<chapter::ChapterFm>(),
            defined(Collection::Guidelines)
        );
        assert_eq!(
            accepted_fields::<page::PageFm>(),
            defined(Collection::Pages)
        );
        assert_eq!(accepted_fields::<news::NewsFm>(), defined(Collection::News));
        // A translation accepts every text field of every collection.
        let mut texts: Vec<String> = Collection::ALL
            .iter()
            .flat_map(|c| text_fields(*c))
            .map(str::to_string)
            .collect();
        texts.sort();
        texts.dedup();
        assert_eq!(accepted_fields::<check::TranslationFm>(), texts);
    }

    #[test]
    fn each_definition_names_its_folder() {
        for c in Collection::ALL {
            assert_eq!(c.definition().dir, c.dir());
        }
    }

    #[test]
    fn new_records_parse_with_every_field_named() {
        for c in Collection::ALL {
            let t = new_template(c, "Jauns \"ieraksts\"");
            for f in c.definition().fields {
                assert!(
                    t.contains(&format!("{}:", f.name)),
                    "{c:?} lacks {}",
                    f.name
                );
            }
            let front = t.split("---\n").nth(1).unwrap();
            let v: serde_json::Value = crate::yaml::from_str(front).unwrap();
            assert_eq!(v[c.definition().title_field()], "Jauns \"ieraksts\"");
        }
    }
}
