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

/// What `inolab init` is told. Everything has a default, so `init DIR`
/// alone makes a site that builds; the flags save editing site.yaml.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The lab's name (site title and header), the same in every language.
    pub name: Option<String>,
    /// The institution the lab belongs to (`organisation`).
    pub institution: Option<String>,
    /// Language codes, the default first: `lv,en` (empty: both) or `lv`.
    pub languages: Vec<String>,
    /// The primary colour, `#rrggbb`; refused below WCAG AA before anything
    /// is written.
    pub color: Option<String>,
}

/// The starter content, embedded: Latvian records with English twins
/// (`*.en.md`, left out of a Latvian-only site). `@YEAR@` becomes the
/// current year.
static STARTER: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/starter");

/// The languages the starter content is written in, default first.
const STARTER_LANGS: [(&str, &str); 2] = [("lv", "Latviešu"), ("en", "English")];

/// Creates a new, neutral lab site in `dir`: site.yaml from `o`, the
/// starter content (an example sprint and prototype, about, apply,
/// accessibility and privacy pages with `[[FILL: …]]` markers that `check`
/// lists, the glossary's core terms, a chapter linking to the guidelines)
/// and the default theme. Refuses a non-empty `dir` and bad options before
/// writing anything.
pub fn init(dir: &Path, o: &InitOptions) -> Result<String, Diagnostic> {
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
    let langs = init_languages(&o.languages)?;
    let color = match &o.color {
        None => None,
        Some(c) => {
            let rgb = crate::brand::Rgb::parse(c).ok_or_else(|| {
                Diagnostic::error(
                    Kind::InvalidValue,
                    "--color",
                    format!("`{c}` is not a hex colour"),
                )
                .hint("write it as #rrggbb, e.g. --color '#1d4e89'")
            })?;
            if let Some((message, hint)) = crate::brand::refusal(c, rgb) {
                return Err(Diagnostic::error(Kind::LowContrast, "--color", message).hint(hint));
            }
            Some(rgb.to_string())
        }
    };
    for (flag, v) in [("--name", &o.name), ("--institution", &o.institution)] {
        if let Some(v) = v
            && (v.trim().is_empty() || v.contains(['\n', '\r']))
        {
            return Err(Diagnostic::error(
                Kind::InvalidValue,
                flag,
                "must be one line of text, not empty",
            )
            .hint(format!(
                "e.g. {flag} \"…\", or leave it out and edit site.yaml"
            )));
        }
    }
    let en = langs.len() > 1;
    let year = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .year();
    let w = |rel: &str, text: &str| -> Result<(), Diagnostic> {
        let p = dir.join(rel);
        if let Some(d) = p.parent() {
            fs::create_dir_all(d).map_err(|e| io_error(d, "cannot create the folder", e))?;
        }
        fs::write(&p, text).map_err(|e| io_error(&p, "cannot write the file", e))
    };
    w("site.yaml", &init_site_yaml(o, &langs, color.as_deref()))?;
    w(
        "content/data/institutions.yaml",
        &format!(
            "# Institutions that run or join sprints: id → name per language, kind.\n# `iestade` is the lab's own institution; rename it here and in the sprints.\niestade:\n  name: {}\n  kind: agency\n",
            localized_flow(&langs, |l| institution(o, l))
        ),
    )?;
    w(
        "content/data/topics.yaml",
        &format!(
            "# Topics sprints are listed under: id → name per language. Add your own.\npubliskie-pakalpojumi: {}\n",
            localized_flow(&langs, |l| pick(
                l,
                "Publiskie pakalpojumi",
                "Public services"
            ))
        ),
    )?;
    // The security headers the bundled site publishes (strict CSP, no
    // third-party requests): the same file, so a new lab starts as safe.
    w("static/_headers", include_str!("../static/_headers"))?;
    write_starter(&STARTER, dir, en, year)?;
    extract(&DEFAULT_THEME, &dir.join("themes/default"))?;
    Ok(format!(
        "created a new lab site in {d}\n\
         next:\n  cd {d}\n  inolab check     lists every [[FILL: …]] placeholder still to write\n  inolab serve     preview at http://127.0.0.1:1111/\n\
         before publishing: set base_url and contact_email in site.yaml, write the placeholders,\n\
         and replace or delete the example sprint and prototype (docs/site-owners.md)",
        d = dir.display()
    ))
}

/// The Latvian or the English text.
fn pick(lang: &str, lv: &str, en: &str) -> String {
    if lang == "lv" { lv } else { en }.to_string()
}

/// `--institution`, or a neutral stand-in the owner replaces.
fn institution(o: &InitOptions, lang: &str) -> String {
    o.institution
        .clone()
        .unwrap_or_else(|| pick(lang, "Mana iestāde", "My institution"))
}

/// `--languages`: `lv,en` (the default) or `lv`; the starter content is
/// written in Latvian first, so Latvian is the default language.
fn init_languages(given: &[String]) -> Result<Vec<&'static str>, Diagnostic> {
    let given: Vec<String> = given
        .iter()
        .flat_map(|l| l.split(','))
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect();
    if given.is_empty() {
        return Ok(STARTER_LANGS.iter().map(|l| l.0).collect());
    }
    match given
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["lv"] => Ok(vec!["lv"]),
        ["lv", "en"] => Ok(vec!["lv", "en"]),
        _ => Err(Diagnostic::error(
            Kind::InvalidValue,
            "--languages",
            format!(
                "`{}` is not a language list init can write",
                given.join(",")
            ),
        )
        .hint("use --languages lv,en (Latvian first, English translations) or --languages lv")),
    }
}

/// `{ lv: "…", en: "…" }` for the site's languages, each value quoted.
fn localized_flow(langs: &[&str], text: impl Fn(&str) -> String) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| format!("{l}: {}", yaml_quote(&text(l))))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn yaml_quote(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// site.yaml of a new lab: the given name, institution, languages and
/// colour, the rest neutral defaults with a comment each.
fn init_site_yaml(o: &InitOptions, langs: &[&str], color: Option<&str>) -> String {
    let block = |indent: &str, text: &dyn Fn(&str) -> String| -> String {
        langs
            .iter()
            .map(|l| format!("{indent}{l}: {}\n", yaml_quote(&text(l))))
            .collect()
    };
    let name = |l: &str| {
        o.name
            .clone()
            .unwrap_or_else(|| pick(l, "Inovācijas laboratorija", "Innovation lab"))
    };
    let names: String = langs
        .iter()
        .map(|l| {
            let n = STARTER_LANGS.iter().find(|x| x.0 == *l).map_or(*l, |x| x.1);
            format!("  - {{ code: {l}, name: {n} }}\n")
        })
        .collect();
    let sections: String = SECTION_SLUGS
        .iter()
        .map(|(k, lv, en)| {
            let mut v = vec![format!("lv: {lv}")];
            if langs.contains(&"en") {
                v.push(format!("en: {en}"));
            }
            format!("  {k}: {{ {} }}\n", v.join(", "))
        })
        .collect();
    let intro = |l: &str| {
        pick(
            l,
            "Mēs palīdzam iestādēm kopā ar lietotājiem un ekspertiem izpētīt sarežģītas problēmas un izmēģināt risinājumus — inovācijas sprintos, ar prototipiem un pilotprojektiem.",
            "We help institutions explore hard problems and test solutions together with users and experts — in innovation sprints, with prototypes and pilot projects.",
        )
    };
    let description = |l: &str| {
        pick(
            l,
            "Inovācijas sprinti, prototipi un terminu vārdnīca.",
            "Innovation sprints, prototypes and a glossary.",
        )
    };
    let color_line = match color {
        Some(c) => format!("  color: \"{c}\"\n"),
        None => "  # color: \"#1d4e89\"\n".into(),
    };
    format!(
        "# Site settings, written by `inolab init`. See docs/site-owners.md.\n\
         # The lab's name (page titles, the header, feeds).\n\
         title:\n{title}\
         # One sentence for search engines and link previews.\n\
         description:\n{description}\
         # The address the site is published at; set it before publishing.\n\
         base_url: https://example.org/\n\
         languages:\n{names}\
         default_language: lv\n\
         theme: default\n\
         # The lab's e-mail address, shown in the footer; set it before publishing.\n\
         contact_email: lab@example.org\n\
         # The institution the lab belongs to (footer, metadata).\n\
         organisation:\n{org}\
         # URL segment of each section, per language.\n\
         sections:\n{sections}\
         # How the lab looks and introduces itself (docs/site-owners.md, \"Branding\").\n\
         brand:\n\
         \x20 # The home page's introduction.\n\
         \x20 intro:\n{intro}\
         \x20 # Primary colour (#rrggbb), checked against WCAG AA in the light and dark schemes.\n\
         {color_line}\
         \x20 # An SVG logo in static/, shown before the name.\n\
         \x20 # logo: logo.svg\n\
         \x20 # The institution's own website, linked from the header and footer.\n\
         \x20 # organisation_url: https://www.example.gov/\n",
        title = block("  ", &name),
        description = block("  ", &description),
        org = block("  ", &|l| institution(o, l)),
        intro = block("    ", &intro),
    )
}

/// Every section's URL segment: (key, Latvian, English).
const SECTION_SLUGS: [(&str, &str, &str); 15] = [
    ("sprints", "sprinti", "sprints"),
    ("prototypes", "prototipi", "prototypes"),
    ("institutions", "iestades", "institutions"),
    ("topics", "temas", "topics"),
    ("years", "gadi", "years"),
    ("results", "rezultati", "results"),
    ("status", "statuss", "status"),
    ("glossary", "terminu-vardnica", "glossary"),
    ("guidelines", "vadlinijas", "guidelines"),
    ("news", "jaunumi", "news"),
    ("indicators", "raditaji", "indicators"),
    ("search", "meklet", "search"),
    ("data", "dati", "data"),
    ("page", "lapa", "page"),
    ("print", "drukai", "print"),
];

/// Writes the starter tree under `to`, leaving out English twins when the
/// site is Latvian-only and putting the year into `@YEAR@`.
fn write_starter(d: &Dir, to: &Path, en: bool, year: i16) -> Result<(), Diagnostic> {
    for f in d.files() {
        let rel = f.path();
        if !en && rel.to_string_lossy().ends_with(".en.md") {
            continue;
        }
        let p = to.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "cannot create the folder", e))?;
        }
        let text = String::from_utf8_lossy(f.contents()).replace("@YEAR@", &year.to_string());
        fs::write(&p, text).map_err(|e| io_error(&p, "cannot write the file", e))?;
    }
    for sub in d.dirs() {
        write_starter(sub, to, en, year)?;
    }
    Ok(())
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
        let d = init(dir.path(), &InitOptions::default()).unwrap_err();
        assert_eq!(d.kind, Kind::OutputRefused);
        assert_eq!(d.file, dir.path().display().to_string());
        assert_eq!(
            fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
            "x"
        );
        assert!(!dir.path().join("site.yaml").exists());
    }
}
