//! One record validated again on its own, against the site the last
//! whole validation made: what `serve` needs to preview a front-matter
//! edit at once (a whole validation at 10 000 records takes longer than
//! the preview may). The checks are [`super::validate`]'s own — the
//! collection's `check`, the translations, drafts, references — run for
//! this record alone; nothing here is a second copy of a rule.
//!
//! What it cannot see is what spans records beyond references (glossary
//! words used twice, chapter numbers, `old_urls` collisions, a prototype
//! moved to another sprint): the caller previews only edits that leave
//! those alone.

use super::Options;
use super::broken::Broken;
use super::rules::unfinished_draft;
use crate::collections::check::{Checker, FieldPositions};
use crate::collections::{self, Collection};
use crate::diagnostics::Diagnostic;
use crate::load::RecordSource;
use crate::records::*;
use std::collections::BTreeMap;

/// A typed record of any collection.
#[derive(Debug, Clone, PartialEq)]
pub enum OneRecord {
    Sprint(Record<Sprint>),
    Prototype(Record<Prototype>),
    Term(Record<Term>),
    Chapter(Record<Chapter>),
    Page(Record<Page>),
    News(Record<News>),
}

impl OneRecord {
    pub fn collection(&self) -> Collection {
        match self {
            OneRecord::Sprint(_) => Collection::Sprints,
            OneRecord::Prototype(_) => Collection::Prototypes,
            OneRecord::Term(_) => Collection::Glossary,
            OneRecord::Chapter(_) => Collection::Guidelines,
            OneRecord::Page(_) => Collection::Pages,
            OneRecord::News(_) => Collection::News,
        }
    }

    pub fn slug(&self) -> &str {
        match self {
            OneRecord::Sprint(r) => &r.slug,
            OneRecord::Prototype(r) => &r.slug,
            OneRecord::Term(r) => &r.slug,
            OneRecord::Chapter(r) => &r.slug,
            OneRecord::Page(r) => &r.slug,
            OneRecord::News(r) => &r.slug,
        }
    }

    pub fn draft(&self) -> bool {
        match self {
            OneRecord::Sprint(r) => r.draft,
            OneRecord::Prototype(r) => r.draft,
            OneRecord::Term(r) => r.draft,
            OneRecord::Chapter(r) => r.draft,
            OneRecord::Page(r) => r.draft,
            OneRecord::News(r) => r.draft,
        }
    }

    /// Whether it has `old_urls`: redirect pages, which are checked
    /// against every page of the site.
    pub fn has_old_urls(&self) -> bool {
        use crate::records::HasOldUrls;
        match self {
            OneRecord::Sprint(r) => !r.data.old_urls().is_empty(),
            OneRecord::Prototype(r) => !r.data.old_urls().is_empty(),
            OneRecord::Term(r) => !r.data.old_urls().is_empty(),
            OneRecord::Chapter(r) => !r.data.old_urls().is_empty(),
            OneRecord::Page(r) => !r.data.old_urls().is_empty(),
            OneRecord::News(r) => !r.data.old_urls().is_empty(),
        }
    }

    /// Puts this record, new to the site, into its collection where a
    /// whole validation puts it (slug order; chapters in chapter order);
    /// false, leaving the site alone, when the site has a record of
    /// that slug already. `serve` previews a new file's page this way.
    pub fn insert(self, site: &mut Site) -> bool {
        fn put<T>(mine: Record<T>, theirs: &mut Vec<Record<T>>) -> bool {
            match theirs.binary_search_by(|r| r.slug.as_str().cmp(mine.slug.as_str())) {
                Ok(_) => false,
                Err(i) => {
                    if theirs.iter().any(|r| r.slug == mine.slug) {
                        return false;
                    }
                    theirs.insert(i, mine);
                    true
                }
            }
        }
        match self {
            OneRecord::Sprint(r) => put(r, &mut site.sprints),
            OneRecord::Prototype(r) => put(r, &mut site.prototypes),
            OneRecord::Term(r) => put(r, &mut site.glossary),
            OneRecord::Chapter(r) => {
                if site.guidelines.iter().any(|c| c.slug == r.slug) {
                    return false;
                }
                let key = (r.data.order, r.slug.clone());
                let i = site
                    .guidelines
                    .partition_point(|c| (c.data.order, c.slug.clone()) < key);
                site.guidelines.insert(i, r);
                true
            }
            OneRecord::Page(r) => put(r, &mut site.pages),
            OneRecord::News(r) => put(r, &mut site.news),
        }
    }

    /// Takes the record `c`/`slug` out of the site (a deleted file), as
    /// it was; `None` when the site has none.
    pub fn remove(site: &mut Site, c: Collection, slug: &str) -> Option<OneRecord> {
        fn take<T>(v: &mut Vec<Record<T>>, slug: &str) -> Option<Record<T>> {
            let i = v.iter().position(|r| r.slug == slug)?;
            Some(v.remove(i))
        }
        Some(match c {
            Collection::Sprints => OneRecord::Sprint(take(&mut site.sprints, slug)?),
            Collection::Prototypes => OneRecord::Prototype(take(&mut site.prototypes, slug)?),
            Collection::Glossary => OneRecord::Term(take(&mut site.glossary, slug)?),
            Collection::Guidelines => OneRecord::Chapter(take(&mut site.guidelines, slug)?),
            Collection::Pages => OneRecord::Page(take(&mut site.pages, slug)?),
            Collection::News => OneRecord::News(take(&mut site.news, slug)?),
        })
    }

    /// Exchanges this record with the site's record of the same
    /// collection and slug (so a second call puts the site back); false
    /// when the site has none (a new record, or a draft left out).
    pub fn swap(&mut self, site: &mut Site) -> bool {
        fn swap<T>(mine: &mut Record<T>, theirs: &mut [Record<T>]) -> bool {
            match theirs.iter_mut().find(|r| r.slug == mine.slug) {
                Some(r) => {
                    std::mem::swap(r, mine);
                    true
                }
                None => false,
            }
        }
        match self {
            OneRecord::Sprint(r) => swap(r, &mut site.sprints),
            OneRecord::Prototype(r) => swap(r, &mut site.prototypes),
            OneRecord::Term(r) => swap(r, &mut site.glossary),
            OneRecord::Chapter(r) => swap(r, &mut site.guidelines),
            OneRecord::Page(r) => swap(r, &mut site.pages),
            OneRecord::News(r) => swap(r, &mut site.news),
        }
    }
}

/// What [`validate_record`] found: the typed record, unless it has an
/// error or is a draft the site leaves out, and every diagnostic the
/// whole validation would give about it.
#[derive(Debug)]
pub struct Checked {
    pub record: Option<OneRecord>,
    pub diags: Vec<Diagnostic>,
}

/// Validates one record — its default-language file and its
/// translations — as [`super::validate`] does, its references resolved
/// against `site` (the last whole validation's, with the record's old
/// version in it, or without it for a new record; `site` is as it was on
/// return). The build time is the site's,
/// so that the rules about dates judge as the last build did.
pub fn validate_record(
    site: &mut Site,
    default: &RecordSource,
    translations: &[&RecordSource],
    opts: Options,
) -> Checked {
    one(site, default, translations, opts, true)
}

/// [`validate_record`] without the references: what the record's own
/// files say about it. `serve` asks this of the saved version of a
/// record the last build accepted (its references resolved then, and a
/// reference problem is never less than an error), to tell the warnings
/// it already had from new ones.
pub fn check_record(
    site: &mut Site,
    default: &RecordSource,
    translations: &[&RecordSource],
    opts: Options,
) -> Checked {
    one(site, default, translations, opts, false)
}

fn one(
    site: &mut Site,
    default: &RecordSource,
    translations: &[&RecordSource],
    opts: Options,
    references: bool,
) -> Checked {
    let config = site.config.clone();
    let mut v = Checker {
        config: &config,
        diags: Vec::new(),
        broken_fields: Vec::new(),
        today: site.build_time.to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    let slug = default.slug.as_str();
    let fp = FieldPositions::scan(default.front(), default.front_line);
    let texts = v.translations(&default.collection, default, translations);
    let record = match default.collection {
        Collection::Sprints => collections::sprint::check(&mut v, default, &fp)
            .map(|(d, t, draft)| OneRecord::Sprint(super::record(slug, d, t, texts, draft))),
        Collection::Prototypes => collections::prototype::check(&mut v, default, &fp)
            .map(|(d, t, draft)| OneRecord::Prototype(super::record(slug, d, t, texts, draft))),
        Collection::Glossary => collections::glossary::check(&mut v, default, &fp)
            .map(|(d, t, draft)| OneRecord::Term(super::record(slug, d, t, texts, draft))),
        Collection::Guidelines => collections::chapter::check(&mut v, default, &fp)
            .map(|(d, t, draft)| OneRecord::Chapter(super::record(slug, d, t, texts, draft))),
        Collection::Pages => collections::page::check(&mut v, default, &fp)
            .map(|(d, t, draft)| OneRecord::Page(super::record(slug, d, t, texts, draft))),
        Collection::News => collections::news::check(&mut v, default, &fp)
            .map(|(d, t, draft)| OneRecord::News(super::record(slug, d, t, texts, draft))),
    };
    let Some(mut record) = record else {
        return Checked {
            record: None,
            diags: v.diags,
        };
    };
    if record.draft() && !opts.drafts {
        unfinished_draft(&mut v.diags, 0, default, &fp);
        return Checked {
            record: None,
            diags: v.diags,
        };
    }
    // References are resolved with this version of the record in the
    // site (in place of its old one, or added when it is new), and only
    // this record's are reported.
    if references {
        let mut positions = BTreeMap::new();
        positions.insert(
            (default.collection, slug.to_string()),
            (default.file.path.as_str(), default.file.text.as_str(), fp),
        );
        let only = Some((default.collection, slug));
        if record.swap(site) {
            v.references(site, &positions, &mut Broken::default(), only);
            record.swap(site);
        } else if record.clone().insert(site) {
            v.references(site, &positions, &mut Broken::default(), only);
            OneRecord::remove(site, default.collection, slug);
        }
    }
    let errors = v.diags.iter().any(Diagnostic::is_error);
    Checked {
        record: (!errors).then_some(record),
        diags: v.diags,
    }
}
