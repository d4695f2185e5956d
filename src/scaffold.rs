//! `inolab new` and `inolab init`: files an editor or a new lab starts from.
//!
//! Both refuse rather than overwrite, and say why as a [`Diagnostic`]: its
//! kind, the file or folder concerned and a hint to go on.

use crate::diagnostics::{Diagnostic, Kind, nearest};
use crate::load::Collection;
use crate::text::slugify;
use include_dir::{Dir, include_dir};
use std::fs;
use std::path::Path;

/// The default theme, embedded so `init` works from an installed binary.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The collection names `inolab new` accepts (singular forms work too).
const COLLECTIONS: [&str; 6] = [
    "sprints",
    "prototypes",
    "glossary",
    "guidelines",
    "pages",
    "news",
];

/// Accepts `sprints` or `sprint`, `glossary` or `term`, and so on.
pub fn parse_collection(s: &str) -> Option<Collection> {
    Some(match s.trim_end_matches('s') {
        "sprint" => Collection::Sprints,
        "prototype" => Collection::Prototypes,
        "glossary" | "term" => Collection::Glossary,
        "guideline" | "chapter" => Collection::Guidelines,
        "page" => Collection::Pages,
        "new" | "news-item" => Collection::News,
        _ => return None,
    })
}

/// The template of a new record: every field of the collection's
/// definition with its meaning ([`crate::collections::new_template`]).
pub fn template(c: Collection, title: &str) -> String {
    crate::collections::new_template(c, title)
}

/// A failed write as an `io` diagnostic on `path`.
fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Kind::Io, path.display().to_string(), format!("{what}: {e}"))
        .hint("check the folder's permissions and free disk space")
}

/// Writes `content/<collection>/<slug>.md`; refuses to overwrite.
pub fn new_record(root: &Path, collection: &str, title: &str) -> Result<String, Diagnostic> {
    let c = parse_collection(collection).ok_or_else(|| {
        let d = Diagnostic::error(
            Kind::InvalidValue,
            "",
            format!("unknown collection `{collection}`"),
        );
        let all = COLLECTIONS.join(", ");
        match nearest(&collection.to_lowercase(), COLLECTIONS) {
            Some(n) => d.hint(format!("did you mean `{n}`? The collections are: {all}")),
            None => d.hint(format!("use one of: {all}")),
        }
    })?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Kind::InvalidSlug,
            "",
            format!("the title `{title}` gives an empty file name"),
        )
        .hint("use letters or digits in the title"));
    }
    let dir = root.join("content").join(c.dir());
    let name = if c == Collection::Guidelines {
        let next = fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .get(..2)?
                            .parse::<u32>()
                            .ok()
                    })
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
            + 1;
        format!("{next:02}-{slug}.md")
    } else {
        format!("{slug}.md")
    };
    let path = dir.join(&name);
    if path.exists() {
        return Err(Diagnostic::error(
            Kind::DuplicateSlug,
            path.display().to_string(),
            "already exists",
        )
        .hint("choose another title, or edit that file"));
    }
    fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "cannot create the folder", e))?;
    fs::write(&path, template(c, title))
        .map_err(|e| io_error(&path, "cannot write the file", e))?;
    Ok(format!(
        "created {} (a draft: set `draft: false` when it is ready; `inolab check` says what is missing)",
        path.display()
    ))
}

/// Creates a new site in `dir`: settings, one record per collection, data
/// files and the default theme. It builds at once.
pub fn init(dir: &Path) -> Result<String, Diagnostic> {
    if dir.exists()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(Diagnostic::error(
            Kind::OutputRefused,
            dir.display().to_string(),
            "exists and is not empty; nothing was written",
        )
        .hint("choose a new folder, or an empty one"));
    }
    let w = |rel: &str, text: &str| -> Result<(), Diagnostic> {
        let p = dir.join(rel);
        if let Some(d) = p.parent() {
            fs::create_dir_all(d).map_err(|e| io_error(d, "cannot create the folder", e))?;
        }
        fs::write(&p, text).map_err(|e| io_error(&p, "cannot write the file", e))
    };
    w("site.yaml", INIT_SITE)?;
    w(
        "content/data/institutions.yaml",
        "my-institution:\n  name: { lv: Mana iestāde, en: My institution }\n  kind: agency\n",
    )?;
    w(
        "content/data/topics.yaml",
        "public-services: { lv: Publiskie pakalpojumi, en: Public services }\n",
    )?;
    w("content/data/funding.yaml", "{}\n")?;
    w(
        "content/data/indicators.yaml",
        "periods:\n  - id: \"2025\"\n    label: { lv: \"2025\", en: \"2025\" }\nindicators:\n  - id: sprint-attendances\n    label: { lv: Apmeklējumi inovācijas sprintos, en: Innovation sprint attendances }\n    kind: additive\n    values: { \"2025\": 0 }\n",
    )?;
    w(
        "content/sprints/pirmais-sprints.md",
        "---\ntitle: Pirmais sprints\ninstitutions: [my-institution]\nstatus: planned\nyear: 2025\ntopics: [public-services]\n---\n\nKo šis sprints risinās.\n",
    )?;
    w(
        "content/sprints/pirmais-sprints.en.md",
        "---\ntitle: First sprint\n---\n\nWhat this sprint will address.\n",
    )?;
    w(
        "content/prototypes/pirmais-prototips.md",
        "---\ntitle: Pirmais prototips\nsprint: pirmais-sprints\nkind: digital-tool\nstage: concept\nsummary: Prototipa apraksts vienā teikumā.\n---\n",
    )?;
    w(
        "content/prototypes/pirmais-prototips.en.md",
        "---\ntitle: First prototype\nsummary: The prototype in one sentence.\n---\n",
    )?;
    w(
        "content/glossary/prototips.md",
        "---\nterm: Prototips\naliases: [prototipi, prototipu]\n---\n\nRisinājuma sākotnējais modelis.\n",
    )?;
    w(
        "content/glossary/prototips.en.md",
        "---\nterm: Prototype\naliases: [prototypes]\n---\n\nAn early model of a solution.\n",
    )?;
    w(
        "content/guidelines/01-ievads.md",
        "---\ntitle: Ievads\nsummary: Kam šīs vadlīnijas.\n---\n\n## Mērķis\n\nTeksts.\n",
    )?;
    w(
        "content/guidelines/01-ievads.en.md",
        "---\ntitle: Introduction\nsummary: Who these guidelines are for.\n---\n\n## Purpose\n\nText.\n",
    )?;
    w(
        "content/pages/par-mums.md",
        "---\ntitle: Par mums\nmenu: 1\n---\n\nKas mēs esam.\n",
    )?;
    w(
        "content/pages/par-mums.en.md",
        "---\ntitle: About us\n---\n\nWho we are.\n",
    )?;
    w(
        "content/news/sakums.md",
        "---\ntitle: Vietne ir atvērta\ndate: 2025-01-01\nsummary: Mūsu laboratorijas vietne.\n---\n",
    )?;
    w(
        "content/news/sakums.en.md",
        "---\ntitle: The site is open\nsummary: Our lab's website.\n---\n",
    )?;
    extract(&DEFAULT_THEME, &dir.join("themes/default"))?;
    Ok(format!(
        "created a new site in {}; next: cd {} && inolab serve",
        dir.display(),
        dir.display()
    ))
}

/// Writes the embedded folder `d` under `to`. Every entry's path is
/// relative to the embedded root (`templates/base.html`), in sub-folders
/// too, so it is joined to `to` whole.
fn extract(d: &Dir, to: &Path) -> Result<(), Diagnostic> {
    for f in d.files() {
        let p = to.join(f.path());
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "cannot create the folder", e))?;
        }
        fs::write(&p, f.contents()).map_err(|e| io_error(&p, "cannot write the file", e))?;
    }
    for sub in d.dirs() {
        extract(sub, to)?;
    }
    Ok(())
}

const INIT_SITE: &str = "title:\n  lv: Mana inovācijas laboratorija\n  en: My innovation lab\ndescription:\n  lv: Iestādes inovācijas laboratorija.\n  en: An institution's innovation lab.\nbase_url: https://example.org/\nlanguages:\n  - { code: lv, name: Latviešu }\n  - { code: en, name: English }\ndefault_language: lv\ntheme: default\ncontact_email: lab@example.org\norganisation:\n  lv: Mana iestāde\n  en: My institution\nsections:\n  sprints: { lv: sprinti, en: sprints }\n  prototypes: { lv: prototipi, en: prototypes }\n  institutions: { lv: iestades, en: institutions }\n  topics: { lv: temas, en: topics }\n  years: { lv: gadi, en: years }\n  results: { lv: rezultati, en: results }\n  status: { lv: statuss, en: status }\n  glossary: { lv: terminu-vardnica, en: glossary }\n  guidelines: { lv: vadlinijas, en: guidelines }\n  news: { lv: jaunumi, en: news }\n  indicators: { lv: raditaji, en: indicators }\n  search: { lv: meklet, en: search }\n  data: { lv: dati, en: data }\n  page: { lv: lapa, en: page }\n  print: { lv: drukai, en: print }\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_collection_names_the_nearest() {
        let dir = tempfile::tempdir().unwrap();
        let d = new_record(dir.path(), "sprits", "X").unwrap_err();
        assert_eq!(d.kind, Kind::InvalidValue);
        assert_eq!(d.message, "unknown collection `sprits`");
        assert!(d.hint.unwrap().starts_with("did you mean `sprints`?"));
        let d = new_record(dir.path(), "zzzzzzzz", "X").unwrap_err();
        assert!(d.hint.unwrap().starts_with("use one of: sprints, "));
    }

    #[test]
    fn new_refuses_to_overwrite_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let ok = new_record(dir.path(), "sprint", "Ūdens sprints").unwrap();
        assert!(ok.contains("udens-sprints.md"), "{ok}");
        let d = new_record(dir.path(), "sprints", "Ūdens sprints").unwrap_err();
        assert_eq!(d.kind, Kind::DuplicateSlug);
        assert!(
            d.file.ends_with("content/sprints/udens-sprints.md"),
            "{}",
            d.file
        );
        let d = new_record(dir.path(), "sprints", "!!!").unwrap_err();
        assert_eq!(d.kind, Kind::InvalidSlug);
    }

    #[test]
    fn init_refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), "x").unwrap();
        let d = init(dir.path()).unwrap_err();
        assert_eq!(d.kind, Kind::OutputRefused);
        assert_eq!(d.file, dir.path().display().to_string());
        assert_eq!(
            fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
            "x"
        );
        assert!(!dir.path().join("site.yaml").exists());
    }
}
