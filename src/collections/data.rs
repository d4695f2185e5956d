//! The data files under `content/data/`: institutions, topics, funding
//! and indicators. Their typed form is in [`crate::records`] (serde reads
//! them directly); their fields are defined here once, for the schemas and
//! the docs, and a test holds the two together.

use super::{Field, Ref, Rule, Type};
use crate::records::{IndicatorKind, InstitutionKind};

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
pub static DATA_FILES: [DataFile; 4] = [
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Funding, Indicator, Indicators, Institution, Period};

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
    }
}
