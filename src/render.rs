//! Stage 4, render: each [`PageJob`] through its Tera template, in
//! parallel. Templates come from `themes/<theme>/templates`, UI strings from
//! `themes/<theme>/i18n/<lang>.yaml`. A template error names the template
//! file and line.

use crate::derive::PageJob;
use crate::diagnostics::{Diagnostic, Kind, Pos, display_path};
use crate::i18n::{self, Strings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Context, Kwargs, State, Tera};

mod card_memo;
pub use card_memo::CardMemo;

/// A loaded theme: compiled templates and UI strings.
pub struct Theme {
    pub tera: Tera,
    pub strings: Strings,
    pub dir: PathBuf,
    /// The cards `card()` rendered with this theme ([`CardMemo`]).
    pub cards: std::sync::Arc<CardMemo>,
}

/// One rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Loads templates and strings of the site's theme.
pub fn load_theme(root: &Path, theme: &str, langs: &[String]) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join("themes").join(theme);
    let tdir = dir.join("templates");
    if !tdir.is_dir() {
        return Err(vec![
            Diagnostic::error(
                Kind::Config,
                "site.yaml",
                format!(
                    "theme `{theme}` not found: {} has no templates folder",
                    display_path(root, &dir)
                ),
            )
            .at(Pos::new(1, 1, 1))
            .hint("set `theme:` to a folder under themes/, e.g. `default`"),
        ]);
    }
    let mut diags = Vec::new();
    let mut templates: Vec<(String, String)> = Vec::new();
    for e in walkdir::WalkDir::new(&tdir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let name = display_path(&tdir, e.path());
        match crate::load::read_text(root, e.path()) {
            Ok(t) => templates.push((name, t.text)),
            Err(d) => diags.push(d),
        }
    }
    let mut strings = Strings::new();
    for lang in langs {
        let p = dir.join("i18n").join(format!("{lang}.yaml"));
        match crate::load::read_text(root, &p) {
            Ok(t) => match crate::yaml::from_str::<serde_yaml::Value>(&t.text) {
                Ok(v) => {
                    strings.insert(lang.clone(), v);
                }
                Err(e) => diags
                    .push(crate::yaml::yaml_diagnostic(&e, &t.path, 0, &[]).with_source(&t.text)),
            },
            Err(d) => diags.push(d.hint(format!(
                "every language needs the theme's strings in i18n/{lang}.yaml"
            ))),
        }
    }
    // Filters and functions must exist before templates that use them are added.
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    register(&mut tera, &strings);
    let cards = CardMemo::register(&mut tera);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diags.push(template_diagnostic(root, &tdir, &e));
    }
    cards.set_templates(&tera);
    if diags.is_empty() {
        Ok(Theme {
            tera,
            strings,
            dir,
            cards,
        })
    } else {
        Err(diags)
    }
}

/// A Tera error as a diagnostic naming the template file and line.
fn template_diagnostic(root: &Path, tdir: &Path, e: &tera::Error) -> Diagnostic {
    let (file, line, col, msg) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        tera::ErrorKind::Msg(m) => (String::new(), 0, 0, m.clone()),
        other => (String::new(), 0, 0, format!("{other:?}")),
    };
    let path = if file.is_empty() {
        display_path(root, tdir)
    } else {
        display_path(root, &tdir.join(&file))
    };
    let src = std::fs::read_to_string(tdir.join(&file)).unwrap_or_default();
    Diagnostic::error(Kind::Template, path, format!("template error: {msg}"))
        .at(Pos::new(line, col, 1))
        .hint("fix the template; Tera's syntax is described at keats.github.io/tera")
        .with_source(&src)
}

/// Filters and functions the theme can use.
fn register(tera: &mut Tera, strings: &Strings) {
    let s = strings.clone();
    // {{ plural(key="count.sprints", n=3) }} → "3 sprinti" (CLDR categories).
    tera.register_function(
        "plural",
        move |kw: Kwargs, st: &State| -> tera::TeraResult<String> {
            let key: String = kw.must_get("key")?;
            let n: i64 = kw.must_get("n")?;
            let lang: String = st.get("lang")?.unwrap_or_default();
            Ok(i18n::plural(&s, &lang, &key, n.max(0) as u64))
        },
    );
    // {{ d | format_date(lang=lang) }}: "2024. gada 22. aprīlis" / "22 April 2024".
    tera.register_filter(
        "format_date",
        |v: &str, kw: Kwargs, st: &State| -> tera::TeraResult<String> {
            let lang: String = match kw.get("lang")? {
                Some(l) => l,
                None => st.get("lang")?.unwrap_or_default(),
            };
            Ok(format_date(v, &lang))
        },
    );
    // {{ body | demote_headings | safe }}: h1–h5 one level down, for a body
    // shown under a heading of the page's own.
    tera.register_filter(
        "demote_headings",
        |v: &str, _kw: Kwargs, _st: &State| -> String { demote_headings(v) },
    );
    // {{ 1005 | number }}: "1 005" (lv, no-break space) / "1,005" (en).
    tera.register_filter(
        "number",
        |v: i64, _kw: Kwargs, st: &State| -> tera::TeraResult<String> {
            let lang: String = st.get("lang")?.unwrap_or_default();
            Ok(format_number(v, &lang))
        },
    );
}

const LV_MONTHS: [&str; 12] = [
    "janvāris",
    "februāris",
    "marts",
    "aprīlis",
    "maijs",
    "jūnijs",
    "jūlijs",
    "augusts",
    "septembris",
    "oktobris",
    "novembris",
    "decembris",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Moves every heading of an HTML fragment one level down (`<h2` and
/// `</h2>` become `<h3` and `</h3>`; `h6` stays), in one pass: a sprint's
/// body sits under the page's "About" heading. Only tags can match, since
/// rendered Markdown escapes `<` in text.
pub fn demote_headings(html: &str) -> String {
    // Copied slice by slice around each changed digit: no check that the
    // result is UTF-8 (a copy, then `from_utf8` over the whole body, was
    // a third of the filter's time).
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut i, mut copied) = (0, 0);
    while let Some(off) = html[i..].find('<') {
        let mut at = i + off + 1;
        if bytes.get(at) == Some(&b'/') {
            at += 1;
        }
        if bytes.get(at) == Some(&b'h')
            && let Some(&d) = bytes.get(at + 1)
            && (b'1'..=b'5').contains(&d)
        {
            out.push_str(&html[copied..=at]);
            out.push(char::from(d + 1));
            copied = at + 2;
        }
        i = at;
    }
    out.push_str(&html[copied..]);
    out
}

/// A `YYYY-MM-DD` date written out for readers of `lang`.
pub fn format_date(iso: &str, lang: &str) -> String {
    let Ok(d) = iso.parse::<jiff::civil::Date>() else {
        return iso.to_string();
    };
    let m = (d.month() - 1) as usize;
    match lang {
        "lv" => format!("{}. gada {}. {}", d.year(), d.day(), LV_MONTHS[m]),
        _ => format!("{} {} {}", d.day(), EN_MONTHS[m], d.year()),
    }
}

/// Groups digits in threes: a no-break space for Latvian, a comma for English.
pub fn format_number(n: i64, lang: &str) -> String {
    let sep = if lang == "lv" { "\u{a0}" } else { "," };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A batch's place among the [`IN_FLIGHT`], given back when dropped.
struct Slot<'a>(&'a (std::sync::Mutex<usize>, std::sync::Condvar));

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Ok(mut busy) = self.0.0.lock() {
            *busy -= 1;
        }
        self.0.1.notify_one();
    }
}

/// Batches a [`render_stream`] renders at once: one per worker (a
/// worker that finishes one waits only for the next to be handed over;
/// a third, waiting, batch was 10 MiB more at 10,000 records for no
/// time), so page contexts stay bounded: the deriving thread blocks when
/// these and its channel are full.
const IN_FLIGHT: usize = 2;

/// Renders batches of page jobs as `batches` yields them, several batches
/// at once on the rayon pool, each page handed to `emit` as soon as it is
/// done; returns the time spent per template and the diagnostics, in the
/// order of the batches whatever order they finished in.
///
/// Batches are not rendered one after another, each in parallel: that
/// waited for a whole batch before taking the next, so at every batch's
/// end a worker waited for the other and both for the next batch.
pub fn render_stream(
    root: &Path,
    theme: &Theme,
    globals: &BTreeMap<&str, Context>,
    batches: impl Iterator<Item = Vec<PageJob>>,
    emit: &(dyn Fn(Rendered) + Sync),
) -> (BTreeMap<String, std::time::Duration>, Vec<Diagnostic>) {
    use std::sync::{Condvar, Mutex};
    let tdir = theme.dir.join("templates");
    let slots = (Mutex::new(0usize), Condvar::new());
    type Done = (
        usize,
        Vec<Diagnostic>,
        BTreeMap<String, std::time::Duration>,
    );
    let done: Mutex<Vec<Done>> = Mutex::new(Vec::new());
    rayon::in_place_scope(|scope| {
        for (i, batch) in batches.enumerate() {
            match slots
                .0
                .lock()
                .map(|b| slots.1.wait_while(b, |b| *b >= IN_FLIGHT))
            {
                Ok(Ok(mut busy)) => *busy += 1,
                _ => return,
            }
            let (slots, done, tdir) = (&slots, &done, &tdir);
            scope.spawn(move |_| {
                // Frees the slot however the batch ends (a panic too, which
                // the scope then passes on), so the loop never waits forever.
                let _slot = Slot(slots);
                let mut per_template: BTreeMap<String, std::time::Duration> = BTreeMap::new();
                let mut diags = Vec::new();
                for job in &batch {
                    let t = std::time::Instant::now();
                    match render_one(&theme.tera, globals, job) {
                        Ok(page) => emit(page),
                        Err(e) => diags.push(template_diagnostic(root, tdir, &e)),
                    }
                    let took = t.elapsed();
                    match per_template.get_mut(&job.template) {
                        Some(sum) => *sum += took,
                        None => {
                            per_template.insert(job.template.clone(), took);
                        }
                    }
                }
                drop(batch);
                if let Ok(mut d) = done.lock() {
                    d.push((i, diags, per_template));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|d| d.0);
    let mut per_template = BTreeMap::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    for (_, found, times) in done {
        for (t, took) in times {
            *per_template.entry(t).or_default() += took;
        }
        for d in found {
            if !diags.contains(&d) {
                diags.push(d);
            }
        }
    }
    (per_template, diags)
}

/// The site-wide Tera context per language (globals, `t` strings, `extra`)
/// that every page of that language starts from.
pub fn contexts<'g>(
    theme: &Theme,
    globals: &'g BTreeMap<String, serde_json::Value>,
    extra: &BTreeMap<String, serde_json::Value>,
) -> BTreeMap<&'g str, Context> {
    globals
        .iter()
        .map(|(lang, g)| {
            let mut c = Context::new();
            if let Some(o) = g.as_object() {
                for (k, v) in o {
                    c.insert(k.clone(), v);
                }
            }
            if let Some(t) = theme.strings.get(lang) {
                c.insert("t", t);
            }
            if let Some(x) = extra.get(lang).and_then(|x| x.as_object()) {
                for (k, v) in x {
                    c.insert(k.clone(), v);
                }
            }
            (lang.as_str(), c)
        })
        .collect()
}

/// A template error as a diagnostic naming the template file and line.
pub fn template_error(root: &Path, theme: &Theme, e: &tera::Error) -> Diagnostic {
    template_diagnostic(root, &theme.dir.join("templates"), e)
}

/// A page's buffer to start with: most pages are 10-30 kB.
const PAGE_CAPACITY: usize = 32 << 10;

/// Renders one page job (used by `serve` for single pages too).
pub fn render_one(
    tera: &Tera,
    globals: &BTreeMap<&str, Context>,
    job: &PageJob,
) -> Result<Rendered, tera::Error> {
    let mut ctx = globals.get(job.lang.as_str()).cloned().unwrap_or_default();
    if let Some(o) = job.context.as_map() {
        for (k, v) in o {
            if let Some(k) = k.as_str() {
                ctx.insert_value(k.to_string(), v.clone());
            }
        }
    }
    // Into bytes directly: `render` checks the whole page is UTF-8 before
    // it hands it over as a `String` (1 % of a 10,000-record build), and
    // every piece Tera writes is a `&str` already.
    let mut bytes = Vec::with_capacity(PAGE_CAPACITY);
    tera.render_to(&job.template, &ctx, &mut bytes)?;
    Ok(Rendered {
        path: job.path.clone(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demote_headings_moves_tags_only() {
        assert_eq!(
            demote_headings(
                "<h2 id=\"ā\">Ā</h2><h5>x</h5><h6>y</h6><header><p>&lt;h2 ē</p></header>"
            ),
            "<h3 id=\"ā\">Ā</h3><h6>x</h6><h6>y</h6><header><p>&lt;h2 ē</p></header>"
        );
        assert_eq!(demote_headings("a < b"), "a < b");
    }

    #[test]
    fn dates_and_numbers_per_language() {
        assert_eq!(format_date("2024-04-22", "lv"), "2024. gada 22. aprīlis");
        assert_eq!(format_date("2024-04-22", "en"), "22 April 2024");
        assert_eq!(format_number(1005, "lv"), "1\u{a0}005");
        assert_eq!(format_number(1454, "en"), "1,454");
        assert_eq!(format_number(629, "en"), "629");
    }
}
