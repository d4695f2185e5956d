//! The content rules that span records or depend on the build: the build
//! date, drafts still to fill in, glossary words and chapter numbers used
//! twice.

use crate::collections::check::{Checker, FieldPositions};
use crate::diagnostics::{Diagnostic, Kind, Pos};
use crate::load::{RecordSource, Sources};
use crate::records::*;
use std::collections::BTreeMap;

/// A draft left out of the build: its empty required fields are what is
/// still to fill in, not errors. They become one warning at `draft:`
/// (`inolab new` writes a draft that must pass `check` as it is);
/// `check --drafts` reports each field as the error it would be.
pub(super) fn unfinished_draft(
    diags: &mut Vec<Diagnostic>,
    from: usize,
    r: &RecordSource,
    fp: &FieldPositions,
) {
    let mut fields: Vec<String> = Vec::new();
    let mut i = from;
    while i < diags.len() {
        let d = &diags[i];
        if d.kind == Kind::MissingField && d.file == r.file.path {
            let d = diags.remove(i);
            if let Some(f) = d.field
                && !fields.contains(&f)
            {
                fields.push(f);
            }
        } else {
            i += 1;
        }
    }
    if fields.is_empty() {
        return;
    }
    let list: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    diags.push(
        Diagnostic::warning(
            Kind::UnfinishedDraft,
            r.file.path.clone(),
            format!(
                "this draft still needs {}; it is left out of the site",
                list.join(", ")
            ),
        )
        .field("draft")
        .at(fp.key("draft").unwrap_or(Pos::new(1, 1, 3)))
        .hint("fill them in, then delete `draft: true` to publish it; `inolab check --drafts` points at each")
        .with_source(&r.file.text),
    );
}

impl Checker<'_> {
    /// Glossary terms and aliases are how the first mention of a term is
    /// linked and how search finds it: the same word for two terms (in
    /// any language, letter case aside) links to one of them at random
    /// as far as an editor can tell. Reported at the later record.
    pub(super) fn glossary_duplicates(&mut self, site: &Site, sources: &Sources) {
        let files: std::collections::HashMap<&str, &RecordSource> = sources
            .records
            .iter()
            .map(|r| (r.file.path.as_str(), r))
            .collect();
        // folded word → (slug, lang, field, file)
        let mut seen: BTreeMap<String, (String, String, &'static str, String)> = BTreeMap::new();
        // Terms first: when an alias collides with a term, the alias is
        // the one reported.
        let mut words: Vec<(&Record<Term>, &Text, &'static str, &String, Option<usize>)> =
            Vec::new();
        for r in &site.glossary {
            for t in r.texts.values() {
                words.push((r, t, "term", &t.title, None));
            }
        }
        for r in &site.glossary {
            for t in r.texts.values() {
                words.extend(
                    t.aliases
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (r, t, "aliases", a, Some(i))),
                );
            }
        }
        {
            {
                for (r, t, field, word, idx) in words {
                    let key = word.trim().to_lowercase();
                    if key.is_empty() {
                        continue;
                    }
                    match seen.get(&key) {
                        None => {
                            seen.insert(
                                key,
                                (r.slug.clone(), t.lang.clone(), field, t.path.clone()),
                            );
                        }
                        Some((slug, lang, first_field, first_file)) => {
                            if *slug == r.slug {
                                // Within one term (two languages, a case
                                // variant) a word is redundant, not ambiguous.
                                continue;
                            }
                            let Some(src) = files.get(t.path.as_str()) else {
                                continue;
                            };
                            let fp = FieldPositions::scan(src.front(), src.front_line);
                            let pos = match idx {
                                Some(i) => fp.item(field, i),
                                None => fp.value(field),
                            }
                            .unwrap_or(Pos::new(1, 1, 3));
                            let msg = format!(
                                "`{word}` already names glossary term `{slug}` (its {lang} {})",
                                if *first_field == "term" {
                                    "term"
                                } else {
                                    "alias"
                                }
                            );
                            self.push(
                                Diagnostic::error(Kind::Duplicate, t.path.clone(), msg)
                                    .field(field)
                                    .at(Pos::new(pos.line, pos.column, word.chars().count().max(1)))
                                    .hint(format!("a word may name one term only: remove it here or in {first_file}, or merge the two terms"))
                                    .with_source(&src.file.text),
                            );
                        }
                    }
                }
            }
        }
    }

    /// Two guidelines chapters with one number: the order of the annex
    /// would depend on the file names after the number.
    pub(super) fn chapter_numbers(&mut self, site: &Site) {
        let mut by_number: BTreeMap<u32, Vec<&Record<Chapter>>> = BTreeMap::new();
        for r in &site.guidelines {
            by_number.entry(r.data.order).or_default().push(r);
        }
        let used: Vec<u32> = by_number.keys().copied().collect();
        let free = (1..100).find(|n| !used.contains(n)).unwrap_or(0);
        for (n, chapters) in by_number {
            let mut chapters = chapters;
            chapters.sort_by(|a, b| a.slug.cmp(&b.slug));
            let Some((first, rest)) = chapters.split_first() else {
                continue;
            };
            let first_path = first
                .texts
                .get(&self.config.default_language)
                .map(|t| t.path.clone())
                .unwrap_or_default();
            for r in rest {
                let Some(t) = r.texts.get(&self.config.default_language) else {
                    continue;
                };
                self.push(
                    Diagnostic::error(
                        Kind::Duplicate,
                        t.path.clone(),
                        format!("chapter number {n:02} is also used by {first_path}"),
                    )
                    .at(Pos::new(1, 1, 1))
                    .hint(format!(
                        "give each chapter its own number: rename this file to `{free:02}-{}.md` (and its translations), or renumber the chapters",
                        r.slug
                    )),
                );
            }
        }
    }
}
