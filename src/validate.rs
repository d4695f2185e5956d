//! Stage 2, validate: turn [`Sources`] into a typed [`Site`], collecting
//! every problem instead of stopping at the first.
//!
//! Each record is parsed with serde into its collection's `*Fm` struct
//! (unknown fields are errors), then checked field by field: required
//! fields, vocabularies, dates, and finally references across the whole
//! site. Positions come from the YAML parser for syntax and type errors and
//! from [`FieldPositions`] (a scan of the front matter) for everything found
//! after parsing.

use crate::collections::check::{Checker, FieldPositions, TranslationFm};
use crate::collections::{self, Collection, Ref, Type, text_fields};
use crate::config::{Config, Localized};
use crate::diagnostics::{Diagnostic, Kind, Pos, nearest};
use crate::load::{RecordSource, Sources};
use crate::records::*;
use crate::text::is_valid_slug;
use crate::text::slugify;
use crate::yaml;
use crate::yaml::yaml_diagnostic;
use std::collections::{BTreeMap, BTreeSet};

mod broken;
mod one;
mod rules;
use broken::{Broken, data_ref};
pub use one::{Checked, OneRecord, check_record, validate_record};
use rules::unfinished_draft;

/// Options that change what is published.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include records marked `draft: true`.
    pub drafts: bool,
}

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

/// Validates everything; the returned site holds every record that parsed,
/// so later stages can still run (and report) when some files are broken.
pub fn validate(sources: &Sources, config: &Config, opts: Options) -> (Site, Vec<Diagnostic>) {
    let (site, diags, _) = validate_unless(sources, config, opts, &|| false);
    (site, diags)
}

/// Records checked between two looks at `stop`: a few milliseconds.
const STOP_EVERY: usize = 512;

/// [`validate`], giving up when `stop` says so (`serve`: a save during a
/// rebuild, whose preview should not wait for a whole validation); the
/// third value is true then, and the site is only part of the sources.
pub fn validate_unless(
    sources: &Sources,
    config: &Config,
    opts: Options,
    stop: &dyn Fn() -> bool,
) -> (Site, Vec<Diagnostic>, bool) {
    // One build time for every rule that depends on it (a completed
    // sprint's end, whether a call is open): SOURCE_DATE_EPOCH or the clock.
    let (build_time, time_diag) = match collections::data::build_time() {
        Ok(t) => (t, None),
        Err(d) => (jiff::Timestamp::now(), Some(d)),
    };
    let mut v = Checker {
        config,
        diags: time_diag.into_iter().collect(),
        broken_fields: Vec::new(),
        today: build_time.to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    let mut broken = Broken::default();
    for u in &sources.unreadable {
        if u.lang.is_none() {
            broken
                .records
                .insert((u.collection, u.slug.clone()), u.path.clone());
        }
    }
    for path in &sources.unreadable_data {
        if let Some(r) = data_ref(path) {
            broken.data.push((r, path.clone()));
        }
    }
    let data = v.data_files(sources, &mut broken);
    let mut site = Site {
        config: config.clone(),
        institutions: data.institutions,
        topics: data.topics,
        funding: data.funding,
        indicators: data.indicators,
        guidelines_edition: data.guidelines_edition,
        self_assessment: data.self_assessment,
        calls: data.calls,
        build_time,
        sprints: Vec::new(),
        prototypes: Vec::new(),
        glossary: Vec::new(),
        guidelines: Vec::new(),
        pages: Vec::new(),
        news: Vec::new(),
    };
    let groups = v.group(sources, &broken);
    let mut positions: BTreeMap<(Collection, String), (&str, &str, FieldPositions)> =
        BTreeMap::new();
    for (n, ((collection, slug), group)) in groups.iter().enumerate() {
        if n % STOP_EVERY == 0 && stop() {
            return (site, v.diags, true);
        }
        let Some(default) = group.default else {
            continue;
        };
        let fp = FieldPositions::scan(default.front(), default.front_line);
        let texts = v.translations(collection, default, &group.translations);
        let errors_before = v.diags.len();
        let ok = match collection {
            Collection::Sprints => collections::sprint::check(&mut v, default, &fp)
                .map(|(d, t, draft)| site.sprints.push(record(slug, d, t, texts, draft))),
            Collection::Prototypes => collections::prototype::check(&mut v, default, &fp)
                .map(|(d, t, draft)| site.prototypes.push(record(slug, d, t, texts, draft))),
            Collection::Glossary => collections::glossary::check(&mut v, default, &fp)
                .map(|(d, t, draft)| site.glossary.push(record(slug, d, t, texts, draft))),
            Collection::Guidelines => collections::chapter::check(&mut v, default, &fp)
                .map(|(d, t, draft)| site.guidelines.push(record(slug, d, t, texts, draft))),
            Collection::Pages => collections::page::check(&mut v, default, &fp)
                .map(|(d, t, draft)| site.pages.push(record(slug, d, t, texts, draft))),
            Collection::News => collections::news::check(&mut v, default, &fp)
                .map(|(d, t, draft)| site.news.push(record(slug, d, t, texts, draft))),
        };
        let draft = match collection {
            Collection::Sprints => site
                .sprints
                .last()
                .filter(|r| r.slug == *slug)
                .map(|r| r.draft),
            Collection::Prototypes => site
                .prototypes
                .last()
                .filter(|r| r.slug == *slug)
                .map(|r| r.draft),
            Collection::Glossary => site
                .glossary
                .last()
                .filter(|r| r.slug == *slug)
                .map(|r| r.draft),
            Collection::Guidelines => site
                .guidelines
                .last()
                .filter(|r| r.slug == *slug)
                .map(|r| r.draft),
            Collection::Pages => site
                .pages
                .last()
                .filter(|r| r.slug == *slug)
                .map(|r| r.draft),
            Collection::News => site
                .news
                .last()
                .filter(|r| r.slug == *slug)
                .map(|r| r.draft),
        };
        if draft == Some(true) && !opts.drafts {
            unfinished_draft(&mut v.diags, errors_before, default, &fp);
        }
        if ok.is_none() {
            broken
                .records
                .insert((*collection, slug.clone()), default.file.path.clone());
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
    if stop() {
        return (site, v.diags, true);
    }
    v.references(&site, &positions, &mut broken, None);
    v.diags.extend(broken.notes());
    v.indicators(&site, sources);
    v.glossary_duplicates(&site, sources);
    v.chapter_numbers(&site);
    v.diags.extend(collections::data::check(&site, sources));
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
    (site, v.diags, false)
}

/// One record's id fields: its collection, slug, and (field, index in a
/// list, id) for each id it names.
type Uses<'s> = (
    Collection,
    &'s str,
    Vec<(&'static str, Option<usize>, &'s str)>,
);

/// Adds the id fields of `records` (of `c`) to `uses`; with `only`, of
/// that one record alone ([`validate_record`]).
fn uses_of<'s, T>(
    uses: &mut Vec<Uses<'s>>,
    c: Collection,
    records: &'s [Record<T>],
    only: Option<(Collection, &str)>,
    references: fn(&T) -> Vec<(&'static str, Option<usize>, &str)>,
) {
    uses.extend(
        records
            .iter()
            .filter(|r| only.is_none_or(|o| o == (c, r.slug.as_str())))
            .map(|r| (c, r.slug.as_str(), references(&r.data))),
    );
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
    guidelines_edition: GuidelinesEdition,
    self_assessment: SelfAssessment,
    calls: BTreeMap<String, Call>,
}

impl Checker<'_> {
    // ------------------------------------------------------------ grouping

    fn group<'s>(
        &mut self,
        sources: &'s Sources,
        broken: &Broken,
    ) -> BTreeMap<(Collection, String), Group<'s>> {
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
        for ((c, slug), g) in &groups {
            // A default file that exists but could not be read is reported
            // already; "create it" would send the editor the wrong way.
            if g.default.is_none() && !broken.records.contains_key(&(*c, slug.clone())) {
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

    fn data_files(&mut self, sources: &Sources, broken: &mut Broken) -> DataFiles {
        let mut out = DataFiles {
            institutions: BTreeMap::new(),
            topics: BTreeMap::new(),
            funding: BTreeMap::new(),
            indicators: Indicators::default(),
            guidelines_edition: GuidelinesEdition::default(),
            self_assessment: SelfAssessment::default(),
            calls: BTreeMap::new(),
        };
        for f in &sources.data {
            let name = f.path.rsplit('/').next().unwrap_or("");
            let res = match name {
                "institutions.yaml" => yaml::from_str(&f.text).map(|v| out.institutions = v),
                "topics.yaml" => yaml::from_str(&f.text).map(|v| out.topics = v),
                "funding.yaml" => yaml::from_str(&f.text).map(|v| out.funding = v),
                "indicators.yaml" => yaml::from_str(&f.text).map(|v| out.indicators = v),
                "guidelines.yaml" => yaml::from_str(&f.text).map(|v| out.guidelines_edition = v),
                "self-assessment.yaml" => yaml::from_str(&f.text).map(|v| out.self_assessment = v),
                "calls.yaml" => yaml::from_str(&f.text).map(|v| out.calls = v),
                _ => {
                    self.push(
                        Diagnostic::warning(
                            Kind::UnexpectedFile,
                            f.path.clone(),
                            "unknown data file; it is ignored",
                        )
                        .hint(format!(
                            "data files are {}",
                            collections::data::DATA_FILES
                                .iter()
                                .map(|d| d.file)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                    Ok(())
                }
            };
            if let Err(e) = res {
                let d = yaml_diagnostic(&e, &f.path, 0, &[]);
                self.push(d.with_source(&f.text));
                if let Some(r) = data_ref(&f.path) {
                    broken.data.push((r, f.path.clone()));
                }
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

    /// Resolves every id field the definitions declare ([`Ref`]), with a
    /// did-you-mean hint, plus the one rule that spans two records: a
    /// sprint may only list prototypes that name it back.
    /// `only`: this record's references alone ([`validate_record`]).
    fn references(
        &mut self,
        site: &Site,
        positions: &BTreeMap<(Collection, String), (&str, &str, FieldPositions)>,
        broken: &mut Broken,
        only: Option<(Collection, &str)>,
    ) {
        let wanted = |c: Collection, slug: &str| only.is_none_or(|o| o == (c, slug));
        let institutions = Ids::new(site.institutions.keys());
        let topics = Ids::new(site.topics.keys());
        let funding = Ids::new(site.funding.keys());
        let prototypes = Ids::new(site.prototypes.iter().map(|r| &r.slug));
        let sprints = Ids::new(site.sprints.iter().map(|r| &r.slug));
        let terms = Ids::new(site.glossary.iter().map(|r| &r.slug));
        let ids = |r: Ref| match r {
            Ref::Institution => &institutions,
            Ref::Topic => &topics,
            Ref::Funding => &funding,
            Ref::Sprint => &sprints,
            Ref::Prototype => &prototypes,
            Ref::Term => &terms,
        };
        let mut uses: Vec<Uses<'_>> = Vec::new();
        uses_of(
            &mut uses,
            Collection::Sprints,
            &site.sprints,
            only,
            collections::sprint::references,
        );
        uses_of(
            &mut uses,
            Collection::Prototypes,
            &site.prototypes,
            only,
            collections::prototype::references,
        );
        uses_of(
            &mut uses,
            Collection::Glossary,
            &site.glossary,
            only,
            collections::glossary::references,
        );
        for (c, slug, refs) in uses {
            let Some((path, text, fp)) = positions.get(&(c, slug.to_string())) else {
                continue;
            };
            for (field, idx, value) in refs {
                let target = match c.definition().field(field).map(|f| &f.ty) {
                    Some(Type::Id(r) | Type::Ids(r)) => *r,
                    _ => continue,
                };
                let known = ids(target);
                // An empty id is a missing field, reported as such.
                if known.set.contains(value) || value.trim().is_empty() {
                    continue;
                }
                if let Some((file, what)) = broken.cause(target, value) {
                    let (slugs, fields) = broken.skipped.entry((file, what, c)).or_default();
                    slugs.insert(slug.to_string());
                    if !fields.contains(&field) {
                        fields.push(field);
                    }
                    continue;
                }
                let pos = match idx {
                    Some(i) => fp.item(field, i),
                    None => fp.value(field),
                }
                .unwrap_or_default();
                let mut hint = target.hint().to_string();
                if let Some(n) = nearest(value, known.list.iter().copied()) {
                    hint = format!("did you mean `{n}`? {hint}");
                }
                self.push(
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
            }
        }
        let by_slug: std::collections::HashMap<&str, &Record<Prototype>> = site
            .prototypes
            .iter()
            .map(|p| (p.slug.as_str(), p))
            .collect();
        for s in site
            .sprints
            .iter()
            .filter(|s| wanted(Collection::Sprints, &s.slug))
        {
            for (i, v) in s.data.prototypes.iter().enumerate() {
                if let Some(p) = by_slug.get(v.as_str())
                    && p.data.sprint != s.slug
                    && sprints.set.contains(p.data.sprint.as_str())
                {
                    let Some((path, text, fp)) =
                        positions.get(&(Collection::Sprints, s.slug.clone()))
                    else {
                        continue;
                    };
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
        }
    }
}

fn find_line(text: &str, needle: &str) -> Pos {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| Pos::new(i + 1, c + 1, needle.len())))
        .unwrap_or(Pos::new(1, 1, 1))
}
