//! Stage 2, validate: turn [`Sources`] into a typed [`Site`], collecting
//! every problem instead of stopping at the first.
//!
//! Each record is parsed with serde into its collection's `*Fm` struct
//! (unknown fields are errors), then checked field by field: required
//! fields, vocabularies, dates, and finally references across the whole
//! site. Positions come from the YAML parser for syntax and type errors and
//! from [`FieldPositions`] (a scan of the front matter) for everything found
//! after parsing.

use crate::config::{Config, Localized};
use crate::diagnostics::{Diagnostic, Kind, Pos, nearest};
use crate::load::{Collection, RecordSource, Sources};
use crate::records::*;
use crate::text::is_valid_slug;
use crate::yaml::{self, Problem, YamlError};
// kept for src/model.rs until the derive split lands
pub use crate::text::{fold_char, slugify};
// kept for src/render.rs, which calls it by this path (and used below)
pub use crate::yaml::yaml_diagnostic;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Options that change what is published.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include records marked `draft: true`.
    pub drafts: bool,
}

/// Validates everything; the returned site holds every record that parsed,
/// so later stages can still run (and report) when some files are broken.
/// The ids a reference may name: a list for "did you mean" hints, a set
/// to look them up (a scan per reference was quadratic at 50 000 sprints).
struct Ids<'s> {
    list: Vec<&'s str>,
    set: std::collections::HashSet<&'s str>,
}

impl<'s> Ids<'s> {
    fn new(ids: impl Iterator<Item = &'s String>) -> Self {
        let list: Vec<&str> = ids.map(String::as_str).collect();
        let set = list.iter().copied().collect();
        Ids { list, set }
    }
}

pub fn validate(sources: &Sources, config: &Config, opts: Options) -> (Site, Vec<Diagnostic>) {
    let mut v = Validator {
        config,
        diags: Vec::new(),
    };
    let data = v.data_files(sources);
    let mut site = Site {
        config: config.clone(),
        institutions: data.institutions,
        topics: data.topics,
        funding: data.funding,
        indicators: data.indicators,
        sprints: Vec::new(),
        prototypes: Vec::new(),
        glossary: Vec::new(),
        guidelines: Vec::new(),
        pages: Vec::new(),
        news: Vec::new(),
    };
    let groups = v.group(sources);
    let mut positions: BTreeMap<(Collection, String), (&str, &str, FieldPositions)> =
        BTreeMap::new();
    for ((collection, slug), group) in &groups {
        let Some(default) = group.default else {
            continue;
        };
        let fp = FieldPositions::scan(default.front(), default.front_line);
        let texts = v.translations(collection, default, &group.translations);
        let errors_before = v.diags.len();
        let ok = match collection {
            Collection::Sprints => v
                .sprint(default, &fp)
                .map(|(d, t, draft)| site.sprints.push(record(slug, d, t, texts, draft))),
            Collection::Prototypes => v
                .prototype(default, &fp)
                .map(|(d, t, draft)| site.prototypes.push(record(slug, d, t, texts, draft))),
            Collection::Glossary => v
                .term(default, &fp)
                .map(|(d, t, draft)| site.glossary.push(record(slug, d, t, texts, draft))),
            Collection::Guidelines => v
                .chapter(default, &fp)
                .map(|(d, t, draft)| site.guidelines.push(record(slug, d, t, texts, draft))),
            Collection::Pages => v
                .page(default, &fp)
                .map(|(d, t, draft)| site.pages.push(record(slug, d, t, texts, draft))),
            Collection::News => v
                .news(default, &fp)
                .map(|(d, t, draft)| site.news.push(record(slug, d, t, texts, draft))),
        };
        if ok.is_none() {
            // A record that did not parse: its translation warnings are noise.
            let keep: Vec<Diagnostic> = v
                .diags
                .drain(..errors_before)
                .filter(|d| !(d.kind == Kind::MissingTranslation && d.file == default.file.path))
                .collect();
            let rest: Vec<Diagnostic> = v.diags.drain(..).collect();
            v.diags = keep;
            v.diags.extend(rest);
        }
        if ok.is_some() {
            positions.insert(
                (*collection, slug.clone()),
                (default.file.path.as_str(), default.file.text.as_str(), fp),
            );
        }
    }
    v.references(&site, &positions);
    v.indicators(&site, sources);
    if !opts.drafts {
        site.sprints.retain(|r| !r.draft);
        site.prototypes.retain(|r| !r.draft);
        site.glossary.retain(|r| !r.draft);
        site.guidelines.retain(|r| !r.draft);
        site.pages.retain(|r| !r.draft);
        site.news.retain(|r| !r.draft);
    }
    site.guidelines
        .sort_by_key(|r| (r.data.order, r.slug.clone()));
    if config.markdown.trusted_html {
        v.diags.push(
            Diagnostic::warning(
                Kind::TrustedHtml,
                "site.yaml",
                "markdown.trusted_html is on: raw HTML in Markdown is published unsanitised",
            )
            .hint("turn it off unless every editor is trusted to write scripts into the site"),
        );
    }
    // Whole-file problems point at the file's first line, so every
    // diagnostic is a clickable `path:line:col`.
    for d in &mut v.diags {
        if d.line == 0 && d.file.ends_with(".md") {
            d.line = 1;
            d.column = 1;
        }
    }
    (site, v.diags)
}

fn record<T>(slug: &str, data: T, text: Text, mut texts: Texts, draft: bool) -> Record<T> {
    texts.insert(text);
    Record {
        slug: slug.to_string(),
        data,
        texts,
        draft,
    }
}

/// The files of one record: its default-language file and translations.
#[derive(Default)]
struct Group<'a> {
    default: Option<&'a RecordSource>,
    translations: Vec<&'a RecordSource>,
}

struct DataFiles {
    institutions: BTreeMap<String, Institution>,
    topics: BTreeMap<String, Localized>,
    funding: BTreeMap<String, Funding>,
    indicators: Indicators,
}

struct Validator<'c> {
    config: &'c Config,
    diags: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    // ------------------------------------------------------------ grouping

    fn group<'s>(&mut self, sources: &'s Sources) -> BTreeMap<(Collection, String), Group<'s>> {
        let mut groups: BTreeMap<(Collection, String), Group<'s>> = BTreeMap::new();
        for r in &sources.records {
            if !is_valid_slug(&r.slug) {
                let proposed = slugify(&r.slug);
                self.push(
                    Diagnostic::error(
                        Kind::InvalidSlug,
                        r.file.path.clone(),
                        format!("`{}` is not a valid slug", r.slug),
                    )
                    .hint(format!(
                        "rename the file to use `{}`: lowercase ASCII letters, digits and hyphens",
                        if proposed.is_empty() {
                            "a-name".into()
                        } else {
                            proposed
                        }
                    )),
                );
                continue;
            }
            if r.collection == Collection::Guidelines && r.order.is_none() {
                self.push(
                    Diagnostic::error(
                        Kind::InvalidSlug,
                        r.file.path.clone(),
                        "a guidelines chapter's file name must start with its two-digit number",
                    )
                    .hint(format!(
                        "rename it to `NN-{}.md`, e.g. `01-{}.md`",
                        r.slug, r.slug
                    )),
                );
                continue;
            }
            let g = groups.entry((r.collection, r.slug.clone())).or_default();
            match &r.lang {
                None => {
                    if let Some(first) = g.default {
                        self.push(
                            Diagnostic::error(
                                Kind::DuplicateSlug,
                                r.file.path.clone(),
                                format!("slug `{}` is already used by {}", r.slug, first.file.path),
                            )
                            .hint("give one of the two files another name"),
                        );
                    } else {
                        g.default = Some(r);
                    }
                }
                Some(_) => {
                    if g.translations.iter().any(|t| t.lang == r.lang) {
                        self.push(
                            Diagnostic::error(
                                Kind::DuplicateSlug,
                                r.file.path.clone(),
                                format!(
                                    "a second `{}` translation of `{}`",
                                    r.lang.as_deref().unwrap_or(""),
                                    r.slug
                                ),
                            )
                            .hint("keep one translation file per language"),
                        );
                    } else {
                        g.translations.push(r);
                    }
                }
            }
        }
        let dl = self.config.default_language.clone();
        for ((_, slug), g) in &groups {
            if g.default.is_none() {
                for t in &g.translations {
                    self.push(
                        Diagnostic::error(
                            Kind::OrphanTranslation,
                            t.file.path.clone(),
                            format!("translation of `{slug}` has no {dl} original"),
                        )
                        .hint(format!(
                            "create `{slug}.md` in the same folder, or rename this file if the slug is misspelt"
                        )),
                    );
                }
            }
        }
        groups
    }

    // ------------------------------------------------------------ helpers

    fn parse<T: serde::de::DeserializeOwned>(&mut self, r: &RecordSource) -> Option<T> {
        match yaml::from_str::<T>(r.front()) {
            Ok(t) => Some(t),
            Err(e) => {
                if let Problem::UnknownField { expected, .. } = &e.problem {
                    // Report every unknown key at once, not just serde's first.
                    let fp = FieldPositions::scan(r.front(), r.front_line);
                    let known: Vec<&str> = expected.iter().map(String::as_str).collect();
                    let structured = structured_fields(r.collection);
                    for (key, pos) in fp.keys() {
                        if known.contains(&key.as_str()) {
                            continue;
                        }
                        let d = if r.lang.is_some() && structured.contains(&key.as_str()) {
                            Diagnostic::error(
                                Kind::TranslatedStructuredField,
                                r.file.path.clone(),
                                format!("a translation cannot set `{key}`"),
                            )
                            .field(key.clone())
                            .at(pos)
                            .hint(format!(
                                "`{key}` is inherited from the {} file; delete this line",
                                self.config.default_language
                            ))
                        } else {
                            yaml_diagnostic(
                                &YamlError {
                                    line: pos.line,
                                    column: pos.column,
                                    problem: Problem::UnknownField {
                                        field: key.clone(),
                                        expected: expected.clone(),
                                    },
                                },
                                &r.file.path,
                                0,
                                &[],
                            )
                        };
                        self.push(d.with_source(&r.file.text));
                    }
                } else {
                    let d = yaml_diagnostic(&e, &r.file.path, r.front_line - 1, &[]);
                    self.push(d.with_source(&r.file.text));
                }
                None
            }
        }
    }

    fn err(
        &mut self,
        r: &RecordSource,
        kind: Kind,
        pos: Pos,
        field: &str,
        msg: String,
        hint: String,
    ) {
        self.push(
            Diagnostic::error(kind, r.file.path.clone(), msg)
                .field(field)
                .at(pos)
                .hint(hint)
                .with_source(&r.file.text),
        );
    }

    fn required_text(
        &mut self,
        r: &RecordSource,
        fp: &FieldPositions,
        field: &str,
        v: &Option<String>,
    ) -> String {
        match v.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => {
                let (pos, msg) = match fp.key(field) {
                    Some(p) => (p, format!("`{field}` is empty")),
                    None => (
                        Pos::new(r.front_line.saturating_sub(1).max(1), 1, 3),
                        format!("missing field `{field}`"),
                    ),
                };
                self.err(
                    r,
                    Kind::MissingField,
                    pos,
                    field,
                    msg,
                    format!("add `{field}:` with a value"),
                );
                String::new()
            }
        }
    }

    fn date(
        &mut self,
        r: &RecordSource,
        fp: &FieldPositions,
        field: &str,
        v: &Option<String>,
    ) -> Option<Date> {
        let s = v.as_deref()?.trim();
        match s.parse::<Date>() {
            Ok(d) if s.len() == 10 => Some(d),
            _ => {
                let pos = fp.value(field).unwrap_or_default();
                self.err(
                    r,
                    Kind::InvalidDate,
                    pos,
                    field,
                    format!("`{s}` is not a date"),
                    "write dates as YYYY-MM-DD, e.g. 2024-04-22".into(),
                );
                None
            }
        }
    }

    fn vocab<E>(
        &mut self,
        r: &RecordSource,
        fp: &FieldPositions,
        field: &str,
        idx: Option<usize>,
        value: &str,
        parse: fn(&str) -> Option<E>,
        all: &[&str],
    ) -> Option<E> {
        if let Some(e) = parse(value) {
            return Some(e);
        }
        let pos = match idx {
            Some(i) => fp.item(field, i),
            None => fp.value(field),
        }
        .unwrap_or_default();
        let hint = match nearest(value, all.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? allowed values: {}", all.join(", ")),
            None => format!("allowed values: {}", all.join(", ")),
        };
        self.err(
            r,
            Kind::InvalidValue,
            pos,
            field,
            format!("`{value}` is not an allowed `{field}`"),
            hint,
        );
        None
    }

    fn base_text(&self, r: &RecordSource, title: String) -> Text {
        Text {
            lang: self.config.default_language.clone(),
            path: r.file.path.clone(),
            title,
            body: r.body_of(),
            body_line: r.body_line,
            ..Text::default()
        }
    }

    // ------------------------------------------------------------ collections

    fn sprint(&mut self, r: &RecordSource, fp: &FieldPositions) -> Option<(Sprint, Text, bool)> {
        let fm: SprintFm = self.parse(r)?;
        let title = self.required_text(r, fp, "title", &fm.title);
        let status = match &fm.status {
            Some(s) => self.vocab(r, fp, "status", None, s, Status::parse, Status::ALL),
            None => {
                self.required_text(r, fp, "status", &None);
                None
            }
        };
        let institutions = fm.institutions.clone().unwrap_or_default();
        if institutions.is_empty() {
            let pos = fp.key("institutions");
            self.err(
                r,
                Kind::MissingField,
                pos.unwrap_or(Pos::new(1, 1, 3)),
                "institutions",
                "a sprint needs at least one institution in `institutions`".into(),
                "institution ids are listed in content/data/institutions.yaml".into(),
            );
        }
        let start = self.date(r, fp, "start", &fm.start);
        let end = self.date(r, fp, "end", &fm.end);
        let planned = status == Some(Status::Planned);
        let completed = status == Some(Status::Completed);
        if !planned && status.is_some() {
            for (f, v) in [("start", &fm.start), ("end", &fm.end)] {
                if v.is_none() {
                    self.err(
                        r,
                        Kind::MissingField,
                        Pos::new(1, 1, 3),
                        f,
                        format!("missing field `{f}`"),
                        format!(
                            "`{f}` is required unless `status` is planned; write it as YYYY-MM-DD"
                        ),
                    );
                }
            }
        }
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            self.err(
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
                self.err(
                    r,
                    Kind::InvalidValue,
                    fp.value("participants").unwrap_or_default(),
                    "participants",
                    format!("`participants` is {n}; it cannot be negative"),
                    "write the number of people who took part, 0 or more".into(),
                );
                None
            }
            Some(n) => u32::try_from(n).ok(),
            None => {
                if completed {
                    self.err(
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
            self.required_text(r, fp, "outcome", &fm.outcome);
        }
        let mut results = Vec::new();
        for (i, k) in fm.results.iter().flatten().enumerate() {
            if let Some(k) = self.vocab(
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
        let mut text = self.base_text(r, title);
        text.outcome = fm.outcome.map(|s| s.trim().to_string());
        text.editor_note = fm.editor_note;
        Some((
            Sprint {
                institutions,
                partners: fm.partners.unwrap_or_default(),
                start,
                end,
                year,
                participants,
                status: status.unwrap_or(Status::Planned),
                results,
                topics: fm.topics.unwrap_or_default(),
                prototypes: fm.prototypes.unwrap_or_default(),
                funding: fm.funding,
            },
            text,
            fm.draft.unwrap_or(false),
        ))
    }

    fn prototype(
        &mut self,
        r: &RecordSource,
        fp: &FieldPositions,
    ) -> Option<(Prototype, Text, bool)> {
        let fm: PrototypeFm = self.parse(r)?;
        let title = self.required_text(r, fp, "title", &fm.title);
        let sprint = self.required_text(r, fp, "sprint", &fm.sprint);
        let summary = self.required_text(r, fp, "summary", &fm.summary);
        let kind = match &fm.kind {
            Some(k) => self.vocab(
                r,
                fp,
                "kind",
                None,
                k,
                PrototypeKind::parse,
                PrototypeKind::ALL,
            ),
            None => {
                self.required_text(r, fp, "kind", &None);
                None
            }
        };
        let stage = match &fm.stage {
            Some(k) => self.vocab(r, fp, "stage", None, k, Stage::parse, Stage::ALL),
            None => {
                self.required_text(r, fp, "stage", &None);
                None
            }
        };
        let mut text = self.base_text(r, title);
        text.summary = Some(summary);
        text.editor_note = fm.editor_note;
        Some((
            Prototype {
                sprint,
                kind: kind.unwrap_or(PrototypeKind::DigitalTool),
                stage: stage.unwrap_or(Stage::Concept),
            },
            text,
            fm.draft.unwrap_or(false),
        ))
    }

    fn term(&mut self, r: &RecordSource, fp: &FieldPositions) -> Option<(Term, Text, bool)> {
        let fm: TermFm = self.parse(r)?;
        let term = self.required_text(r, fp, "term", &fm.term);
        let mut text = self.base_text(r, term);
        text.aliases = fm.aliases.unwrap_or_default();
        text.editor_note = fm.editor_note;
        Some((
            Term {
                related: fm.related.unwrap_or_default(),
            },
            text,
            fm.draft.unwrap_or(false),
        ))
    }

    fn chapter(&mut self, r: &RecordSource, fp: &FieldPositions) -> Option<(Chapter, Text, bool)> {
        let fm: ChapterFm = self.parse(r)?;
        let title = self.required_text(r, fp, "title", &fm.title);
        let mut text = self.base_text(r, title);
        text.summary = fm.summary;
        text.editor_note = fm.editor_note;
        Some((
            Chapter {
                order: r.order.unwrap_or(0),
            },
            text,
            fm.draft.unwrap_or(false),
        ))
    }

    fn page(&mut self, r: &RecordSource, fp: &FieldPositions) -> Option<(Page, Text, bool)> {
        let fm: PageFm = self.parse(r)?;
        let title = self.required_text(r, fp, "title", &fm.title);
        let mut text = self.base_text(r, title);
        text.summary = fm.summary;
        text.editor_note = fm.editor_note;
        Some((Page { menu: fm.menu }, text, fm.draft.unwrap_or(false)))
    }

    fn news(&mut self, r: &RecordSource, fp: &FieldPositions) -> Option<(News, Text, bool)> {
        let fm: NewsFm = self.parse(r)?;
        let title = self.required_text(r, fp, "title", &fm.title);
        let summary = self.required_text(r, fp, "summary", &fm.summary);
        let date = match &fm.date {
            Some(_) => self.date(r, fp, "date", &fm.date),
            None => {
                self.required_text(r, fp, "date", &None);
                None
            }
        };
        let mut text = self.base_text(r, title);
        text.summary = Some(summary);
        text.editor_note = fm.editor_note;
        Some((
            News {
                date: date.unwrap_or(Date::constant(1970, 1, 1)),
            },
            text,
            fm.draft.unwrap_or(false),
        ))
    }

    /// Parses the translations of one record and warns about missing ones.
    fn translations(
        &mut self,
        collection: &Collection,
        default: &RecordSource,
        translations: &[&RecordSource],
    ) -> Texts {
        let mut out = Texts::default();
        let allowed = text_fields(*collection);
        for t in translations {
            let lang = t.lang.clone().unwrap_or_default();
            let Some(fm) = self.parse::<TranslationFm>(t) else {
                continue;
            };
            let fp = FieldPositions::scan(t.front(), t.front_line);
            let present = [
                ("title", fm.title.is_some()),
                ("term", fm.term.is_some()),
                ("summary", fm.summary.is_some()),
                ("outcome", fm.outcome.is_some()),
                ("aliases", fm.aliases.is_some()),
            ];
            for (f, is) in present {
                if is && !allowed.contains(&f) {
                    self.err(
                        t,
                        Kind::UnknownField,
                        fp.key(f).unwrap_or_default(),
                        f,
                        format!("`{f}` is not a field of {}", collection.dir()),
                        format!("text fields here are: {}", allowed.join(", ")),
                    );
                }
            }
            let title_field = if *collection == Collection::Glossary {
                "term"
            } else {
                "title"
            };
            let title_value = if *collection == Collection::Glossary {
                &fm.term
            } else {
                &fm.title
            };
            let title = self.required_text(t, &fp, title_field, title_value);
            out.insert(Text {
                lang,
                path: t.file.path.clone(),
                title,
                summary: fm.summary,
                outcome: fm.outcome,
                aliases: fm.aliases.unwrap_or_default(),
                editor_note: fm.editor_note,
                body: t.body_of(),
                body_line: t.body_line,
            });
        }
        let present: Vec<&str> = translations
            .iter()
            .filter_map(|t| t.lang.as_deref())
            .collect();
        for lang in self.config.lang_codes().iter().skip(1) {
            if !out.contains_key(lang) && !present.contains(&lang.as_str()) {
                let stem = default
                    .file
                    .path
                    .strip_suffix(".md")
                    .unwrap_or(&default.file.path);
                self.push(
                    Diagnostic::warning(
                        Kind::MissingTranslation,
                        default.file.path.clone(),
                        format!("no `{lang}` translation; the {} text is shown, marked with its language", self.config.default_language),
                    )
                    .hint(format!("add `{stem}.{lang}.md` with the text fields and body")),
                );
            }
        }
        out
    }

    // ------------------------------------------------------------ data files

    fn data_files(&mut self, sources: &Sources) -> DataFiles {
        let mut out = DataFiles {
            institutions: BTreeMap::new(),
            topics: BTreeMap::new(),
            funding: BTreeMap::new(),
            indicators: Indicators::default(),
        };
        for f in &sources.data {
            let name = f.path.rsplit('/').next().unwrap_or("");
            let res = match name {
                "institutions.yaml" => yaml::from_str(&f.text).map(|v| out.institutions = v),
                "topics.yaml" => yaml::from_str(&f.text).map(|v| out.topics = v),
                "funding.yaml" => yaml::from_str(&f.text).map(|v| out.funding = v),
                "indicators.yaml" => yaml::from_str(&f.text).map(|v| out.indicators = v),
                _ => {
                    self.push(
                        Diagnostic::warning(Kind::UnexpectedFile, f.path.clone(), "unknown data file; it is ignored")
                            .hint("data files are institutions.yaml, topics.yaml, funding.yaml and indicators.yaml"),
                    );
                    Ok(())
                }
            };
            if let Err(e) = res {
                let d = yaml_diagnostic(&e, &f.path, 0, &[]);
                self.push(d.with_source(&f.text));
            }
        }
        out
    }

    fn indicators(&mut self, site: &Site, sources: &Sources) {
        let Some(file) = sources
            .data
            .iter()
            .find(|f| f.path.ends_with("data/indicators.yaml"))
        else {
            return;
        };
        let periods: BTreeSet<&str> = site
            .indicators
            .periods
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        for ind in &site.indicators.indicators {
            let pos = find_line(&file.text, &format!("id: {}", ind.id));
            for p in ind.values.keys() {
                if !periods.contains(p.as_str()) {
                    self.push(
                        Diagnostic::error(
                            Kind::DanglingReference,
                            file.path.clone(),
                            format!(
                                "indicator `{}` has a value for unknown period `{p}`",
                                ind.id
                            ),
                        )
                        .at(pos)
                        .hint(format!(
                            "periods are: {}",
                            periods.iter().copied().collect::<Vec<_>>().join(", ")
                        ))
                        .with_source(&file.text),
                    );
                }
            }
            let sum: u64 = ind.values.values().sum();
            match (ind.kind, ind.total) {
                (IndicatorKind::Additive, Some(t)) if t != sum => self.push(
                    Diagnostic::error(Kind::InconsistentData, file.path.clone(), format!("indicator `{}` states total {t}, but its periods add up to {sum}", ind.id))
                        .at(pos)
                        .hint("an additive indicator's total is the sum of its periods: correct a value, or remove `total` and let the generator compute it")
                        .with_source(&file.text),
                ),
                (IndicatorKind::Unique, None) => self.push(
                    Diagnostic::error(Kind::MissingField, file.path.clone(), format!("unique indicator `{}` needs `total`", ind.id))
                        .field("total")
                        .at(pos)
                        .hint("a unique count's total is its own figure (people are counted once), never the sum of periods")
                        .with_source(&file.text),
                ),
                _ => {}
            }
        }
    }

    // ------------------------------------------------------------ references

    fn references(
        &mut self,
        site: &Site,
        positions: &BTreeMap<(Collection, String), (&str, &str, FieldPositions)>,
    ) {
        let inst = Ids::new(site.institutions.keys());
        let topics = Ids::new(site.topics.keys());
        let funding = Ids::new(site.funding.keys());
        let protos = Ids::new(site.prototypes.iter().map(|r| &r.slug));
        let sprints = Ids::new(site.sprints.iter().map(|r| &r.slug));
        let terms = Ids::new(site.glossary.iter().map(|r| &r.slug));
        let check = |this: &mut Self,
                     c: Collection,
                     slug: &str,
                     field: &str,
                     idx: Option<usize>,
                     value: &str,
                     ids: &Ids,
                     where_: &str| {
            if ids.set.contains(value) {
                return;
            }
            let Some((path, text, fp)) = positions.get(&(c, slug.to_string())) else {
                return;
            };
            let pos = match idx {
                Some(i) => fp.item(field, i),
                None => fp.value(field),
            }
            .unwrap_or_default();
            let mut hint = where_.to_string();
            if let Some(n) = nearest(value, ids.list.iter().copied()) {
                hint = format!("did you mean `{n}`? {hint}");
            }
            this.push(
                Diagnostic::error(
                    Kind::DanglingReference,
                    path.to_string(),
                    format!("`{value}` in `{field}` does not exist"),
                )
                .field(field)
                .at(Pos::new(pos.line, pos.column, value.chars().count()))
                .hint(hint)
                .with_source(text),
            );
        };
        const INST: &str = "institution ids are listed in content/data/institutions.yaml";
        for s in &site.sprints {
            for (i, v) in s.data.institutions.iter().enumerate() {
                check(
                    self,
                    Collection::Sprints,
                    &s.slug,
                    "institutions",
                    Some(i),
                    v,
                    &inst,
                    INST,
                );
            }
            for (i, v) in s.data.partners.iter().enumerate() {
                check(
                    self,
                    Collection::Sprints,
                    &s.slug,
                    "partners",
                    Some(i),
                    v,
                    &inst,
                    INST,
                );
            }
            for (i, v) in s.data.topics.iter().enumerate() {
                check(
                    self,
                    Collection::Sprints,
                    &s.slug,
                    "topics",
                    Some(i),
                    v,
                    &topics,
                    "topic ids are listed in content/data/topics.yaml",
                );
            }
            for (i, v) in s.data.prototypes.iter().enumerate() {
                check(
                    self,
                    Collection::Sprints,
                    &s.slug,
                    "prototypes",
                    Some(i),
                    v,
                    &protos,
                    "prototype ids are the file names in content/prototypes/",
                );
                if let Some(p) = site.prototypes.iter().find(|p| &p.slug == v)
                    && p.data.sprint != s.slug
                    && sprints.set.contains(p.data.sprint.as_str())
                {
                    let (path, text, fp) = &positions[&(Collection::Sprints, s.slug.clone())];
                    self.push(
                        Diagnostic::error(
                            Kind::DanglingReference,
                            path.to_string(),
                            format!(
                                "prototype `{v}` belongs to sprint `{}`, not to this one",
                                p.data.sprint
                            ),
                        )
                        .field("prototypes")
                        .at(fp.item("prototypes", i).unwrap_or_default())
                        .hint(format!(
                            "remove it here, or change `sprint:` in content/prototypes/{v}.md"
                        ))
                        .with_source(text),
                    );
                }
            }
            if let Some(f) = &s.data.funding {
                check(
                    self,
                    Collection::Sprints,
                    &s.slug,
                    "funding",
                    None,
                    f,
                    &funding,
                    "funding ids are listed in content/data/funding.yaml",
                );
            }
        }
        for p in &site.prototypes {
            check(
                self,
                Collection::Prototypes,
                &p.slug,
                "sprint",
                None,
                &p.data.sprint,
                &sprints,
                "sprint ids are the file names in content/sprints/",
            );
        }
        for t in &site.glossary {
            for (i, v) in t.data.related.iter().enumerate() {
                check(
                    self,
                    Collection::Glossary,
                    &t.slug,
                    "related",
                    Some(i),
                    v,
                    &terms,
                    "glossary ids are the file names in content/glossary/",
                );
            }
        }
    }
}

fn find_line(text: &str, needle: &str) -> Pos {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| Pos::new(i + 1, c + 1, needle.len())))
        .unwrap_or(Pos::new(1, 1, 1))
}

/// Where each top-level field and each of its list items stands in the
/// front matter — enough to point at a value found wrong after parsing.
#[derive(Debug, Clone, Default)]
pub struct FieldPositions {
    keys: Vec<(String, Pos, Option<Pos>, Vec<Pos>)>,
}

impl FieldPositions {
    /// Scans block-style YAML: `key: value`, `key: [a, b]` and `- item` lines.
    pub fn scan(front: &str, first_line: usize) -> FieldPositions {
        let mut fp = FieldPositions::default();
        for (i, line) in front.lines().enumerate() {
            let lno = first_line + i;
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with('-') {
                let Some(colon) = line.find(':') else {
                    continue;
                };
                let key = line[..colon]
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string();
                let key_pos = Pos::new(lno, 1, key.chars().count());
                let rest = &line[colon + 1..];
                let vstart = colon + 1 + (rest.len() - rest.trim_start().len());
                let value = line[vstart..].trim_end();
                let mut value_pos = None;
                let mut items = Vec::new();
                if let Some(inner) = value.strip_prefix('[') {
                    let mut col = vstart + 1;
                    for part in inner.trim_end_matches(']').split(',') {
                        let lead = part.len() - part.trim_start().len();
                        let item = part.trim().trim_matches(|c| c == '"' || c == '\'');
                        if !item.is_empty() {
                            items.push(Pos::new(
                                lno,
                                char_col(line, col + lead),
                                item.chars().count(),
                            ));
                        }
                        col += part.len() + 1;
                    }
                } else if !value.is_empty() {
                    value_pos = Some(Pos::new(lno, char_col(line, vstart), value.chars().count()));
                }
                fp.keys.push((key, key_pos, value_pos, items));
            } else if let Some(item) = trimmed.strip_prefix("- ")
                && let Some(last) = fp.keys.last_mut()
            {
                let col = line.len() - item.len();
                let item = item.trim().trim_matches(|c| c == '"' || c == '\'');
                last.3
                    .push(Pos::new(lno, char_col(line, col), item.chars().count()));
            }
        }
        fp
    }

    /// Every top-level key with its position.
    pub fn keys(&self) -> impl Iterator<Item = (&String, Pos)> {
        self.keys.iter().map(|(k, p, _, _)| (k, *p))
    }

    pub fn key(&self, key: &str) -> Option<Pos> {
        self.keys.iter().find(|k| k.0 == key).map(|k| k.1)
    }

    /// The value's position, or the key's when the value is not on its line.
    pub fn value(&self, key: &str) -> Option<Pos> {
        self.keys
            .iter()
            .find(|k| k.0 == key)
            .map(|k| k.2.unwrap_or(k.1))
    }

    pub fn item(&self, key: &str, i: usize) -> Option<Pos> {
        let k = self.keys.iter().find(|k| k.0 == key)?;
        k.3.get(i).copied().or(Some(k.1))
    }
}

/// Byte offset → 1-based character column.
fn char_col(line: &str, byte: usize) -> usize {
    line.get(..byte.min(line.len()))
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_block_and_flow_items() {
        let fp = FieldPositions::scan(
            "title: A\ninstitutions:\n  - vid\n  - tm\ntopics: [a, bb]\n",
            2,
        );
        assert_eq!(fp.item("institutions", 1), Some(Pos::new(5, 5, 2)));
        assert_eq!(fp.item("topics", 1), Some(Pos::new(6, 13, 2)));
        assert_eq!(fp.value("title"), Some(Pos::new(2, 8, 1)));
    }
}
