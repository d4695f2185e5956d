//! Stage 2's output types: one typed struct per collection, plus the data
//! files. Front matter is first read into its collection's `*Fm` struct
//! (in [`crate::collections`]: what an editor may write), then checked into
//! these typed records, whose vocabulary fields are enums and dates are
//! dates.

use crate::config::{Config, Localized};
use crate::load::Body;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- vocabularies

/// Declares a closed vocabulary: an enum with its YAML spelling.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            /// Every allowed spelling, in order.
            pub const ALL: &'static [&'static str] = &[$($text),+];
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

vocabulary!(
    /// Where a sprint is.
    Status { Planned = "planned", Running = "running", Completed = "completed" }
);
vocabulary!(
    /// The report's five kinds of sprint result.
    ResultKind {
        Prototype = "prototype",
        LessBureaucracy = "less-bureaucracy",
        Digitalisation = "digitalisation",
        HorizontalCooperation = "horizontal-cooperation",
        Networks = "networks",
    }
);
vocabulary!(
    /// What kind of thing a prototype is.
    PrototypeKind {
        DigitalTool = "digital-tool",
        ServiceModel = "service-model",
        Process = "process",
        PhysicalSpace = "physical-space",
        Policy = "policy",
        Roadmap = "roadmap",
    }
);
vocabulary!(
    /// How far a prototype has come.
    Stage {
        Concept = "concept",
        Prototype = "prototype",
        Tested = "tested",
        Piloting = "piloting",
        Implemented = "implemented",
    }
);
vocabulary!(
    /// Kinds of institution in `data/institutions.yaml`.
    InstitutionKind { Ministry = "ministry", Agency = "agency", Municipality = "municipality", Other = "other" }
);
vocabulary!(
    /// How an indicator's total is formed.
    IndicatorKind { Additive = "additive", Unique = "unique" }
);

// ---------------------------------------------------------------- typed records

/// The text of a record in one language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    pub lang: String,
    /// Display path of the file the text came from.
    pub path: String,
    pub title: String,
    pub summary: Option<String>,
    pub outcome: Option<String>,
    pub aliases: Vec<String>,
    pub editor_note: Option<String>,
    /// Markdown body.
    pub body: Body,
    /// 1-based line of the body's first line in `path`.
    pub body_line: usize,
}

/// A record's texts, one per language, in language-code order: the few
/// methods of a map that the pipeline uses, over a sorted vector. (A
/// `BTreeMap` allocates a node for eleven texts to hold one or two: at
/// 80 000 records that was 200 MB of empty slots.)
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Texts(Vec<Text>);

impl Texts {
    /// The text in `lang`.
    pub fn get(&self, lang: &str) -> Option<&Text> {
        self.0.iter().find(|t| t.lang == lang)
    }

    pub fn get_mut(&mut self, lang: &str) -> Option<&mut Text> {
        self.0.iter_mut().find(|t| t.lang == lang)
    }

    pub fn contains_key(&self, lang: &str) -> bool {
        self.get(lang).is_some()
    }

    /// Adds `text` under its own language, replacing any text in it.
    pub fn insert(&mut self, text: Text) {
        match self.0.binary_search_by(|t| t.lang.as_str().cmp(&text.lang)) {
            Ok(i) => self.0[i] = text,
            Err(i) => self.0.insert(i, text),
        }
    }

    /// The texts in language-code order.
    pub fn values(&self) -> std::slice::Iter<'_, Text> {
        self.0.iter()
    }
}

/// One entry of a record's `old_urls`: a root-relative path without the
/// base path, as it was published (`/sprinti/old-name/`). Every kind has
/// them ([`HasOldUrls`]), since any record can be renamed after its URL
/// was linked to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OldUrl {
    pub path: String,
    /// Where it stands in the record's file.
    pub pos: crate::diagnostics::Pos,
}

/// The old addresses of any kind's data, for code generic over kinds.
pub trait HasOldUrls {
    fn old_urls(&self) -> &[OldUrl];
}

macro_rules! has_old_urls {
    ($($t:ty),+) => {$(
        impl HasOldUrls for $t {
            fn old_urls(&self) -> &[OldUrl] {
                &self.old_urls
            }
        }
    )+};
}
has_old_urls!(Sprint, Prototype, Term, Chapter, Page, News);

/// A validated record: structured data once, text per language.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<T> {
    pub slug: String,
    pub data: T,
    /// Text per language code; the default language is always present.
    pub texts: Texts,
    pub draft: bool,
}

impl<T> Record<T> {
    /// The text in `lang`, or the default-language text when untranslated.
    pub fn text<'a>(&'a self, lang: &str, default: &str) -> &'a Text {
        self.texts
            .get(lang)
            .or_else(|| self.texts.get(default))
            .expect("validate guarantees the default-language text")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sprint {
    pub institutions: Vec<String>,
    pub partners: Vec<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// The year the sprint belongs to: of `start`, else the `year` field.
    pub year: Option<i32>,
    pub participants: Option<u32>,
    pub status: Status,
    pub results: Vec<ResultKind>,
    pub topics: Vec<String>,
    pub prototypes: Vec<String>,
    pub funding: Option<String>,
    pub old_urls: Vec<OldUrl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prototype {
    pub sprint: String,
    pub kind: PrototypeKind,
    pub stage: Stage,
    pub old_urls: Vec<OldUrl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub related: Vec<String>,
    pub old_urls: Vec<OldUrl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub order: u32,
    pub old_urls: Vec<OldUrl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub menu: Option<i32>,
    pub old_urls: Vec<OldUrl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct News {
    pub date: Date,
    pub old_urls: Vec<OldUrl>,
}

// ---------------------------------------------------------------- data files

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    pub name: Localized,
    pub kind: InstitutionKind,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    pub name: Localized,
    #[serde(default)]
    pub programme: Option<Localized>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub amount_eur: Option<u64>,
    #[serde(default)]
    pub period_end: Option<String>,
    #[serde(default)]
    pub target: Option<Localized>,
    #[serde(default)]
    pub part_of: Option<String>,
    #[serde(default)]
    pub editor_note: Option<Localized>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    #[serde(default)]
    pub source: Option<Localized>,
    #[serde(default)]
    pub periods: Vec<Period>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub id: String,
    pub label: Localized,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub label: Localized,
    pub kind: IndicatorKind,
    pub values: BTreeMap<String, u64>,
    #[serde(default)]
    pub total: Option<u64>,
}

/// `content/data/guidelines.yaml`: the guidelines' editions, so that a
/// reader can cite a fixed text (issue 22).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuidelinesEdition {
    #[serde(default)]
    pub about: Option<Localized>,
    #[serde(default)]
    pub versions: Vec<GuidelinesVersion>,
}

/// One version of the guidelines as a whole.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuidelinesVersion {
    pub version: String,
    pub date: Date,
    pub changes: Localized,
}

/// `content/data/self-assessment.yaml`: chapter 07's questions as data,
/// so the page can offer them as a checklist instead of prose tables.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    #[serde(default)]
    pub chapter: Option<String>,
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub areas: Vec<AssessmentArea>,
    #[serde(default)]
    pub questions: Vec<AssessmentQuestion>,
}

/// An area of the self-assessment, and the chapter that helps with it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentArea {
    pub id: String,
    pub title: Localized,
    #[serde(default)]
    pub helps: Option<String>,
}

/// One self-assessment question.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentQuestion {
    pub id: String,
    pub area: String,
    pub text: Localized,
}

/// A call for applications (`content/data/calls.yaml`): its dates in
/// Europe/Riga civil time, so whether it is open is computed, not typed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub title: Localized,
    pub page: String,
    #[serde(default)]
    pub opens: Option<jiff::civil::DateTime>,
    #[serde(default)]
    pub closes: Option<jiff::civil::DateTime>,
    #[serde(default)]
    pub deadline_as_stated: Option<Localized>,
    #[serde(default)]
    pub editor_note: Option<Localized>,
}

/// Everything validated: the input of `derive`.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub institutions: BTreeMap<String, Institution>,
    pub topics: BTreeMap<String, Localized>,
    pub funding: BTreeMap<String, Funding>,
    pub indicators: Indicators,
    pub guidelines_edition: GuidelinesEdition,
    pub self_assessment: SelfAssessment,
    pub calls: BTreeMap<String, Call>,
    /// When this build happened (`SOURCE_DATE_EPOCH` when set, else now):
    /// the one clock reading of a build, for whether a call is open.
    pub build_time: jiff::Timestamp,
    pub sprints: Vec<Record<Sprint>>,
    pub prototypes: Vec<Record<Prototype>>,
    pub glossary: Vec<Record<Term>>,
    /// In chapter order.
    pub guidelines: Vec<Record<Chapter>>,
    pub pages: Vec<Record<Page>>,
    pub news: Vec<Record<News>>,
}
