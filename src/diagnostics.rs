//! One diagnostic type for every stage, and its three printers.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a
//! list and carry on, so an editor sees everything wrong in one run. Each
//! diagnostic has a stable [`Kind`] (the error catalogue, see
//! `docs/errors.md`), a position, a message that says what is wrong and a
//! hint that says how to fix it.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Whether a diagnostic fails the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The catalogue of problems. The name is stable (printed in JSON output and
/// used by tests); each variant documents when it is raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A file could not be read, or is not UTF-8.
    Io,
    /// The YAML is malformed (syntax, wrong type, too deep, alias bomb).
    Yaml,
    /// A record file does not start with `---` front matter, or it is not closed.
    FrontMatter,
    /// A field the collection does not know (with the nearest known field).
    UnknownField,
    /// A required field is absent or empty.
    MissingField,
    /// A value outside a fixed vocabulary (status, kind, stage, result kind).
    InvalidValue,
    /// A reference to an id that does not exist.
    DanglingReference,
    /// Two records resolve to the same slug or output path.
    DuplicateSlug,
    /// A file name that is not a valid slug.
    InvalidSlug,
    /// `end` is before `start`.
    DateOrder,
    /// A date that is not a real `YYYY-MM-DD` date.
    InvalidDate,
    /// A translation without its default-language twin.
    OrphanTranslation,
    /// A translation that sets a structured (inherited) field.
    TranslatedStructuredField,
    /// A record has no translation in one of the site's languages.
    MissingTranslation,
    /// An image without alternative text.
    ImageWithoutAlt,
    /// A figure in the data files that contradicts itself.
    InconsistentData,
    /// A template that fails to parse or render.
    Template,
    /// `site.yaml` problems.
    Config,
    /// Trusted raw HTML is enabled.
    TrustedHtml,
    /// A file in a place the generator does not know what to do with.
    UnexpectedFile,
    /// The output folder may not be replaced (site sources, or a folder
    /// inolab did not write); nothing was touched.
    OutputRefused,
    /// A Markdown link to a `javascript:`, `vbscript:` or `data:` URL; the
    /// link is removed and its text kept, even with `trusted_html`.
    UnsafeLink,
    /// A symlink in `content/` or a static folder leads outside the site (or dangles, or loops) and was not read or published.
    OutsideSymlink,
    /// Records whose references were not checked because what they name could not be read; shown as a note under the cause.
    Skipped,
    /// The same id, term or number twice where each must be unique.
    Duplicate,
    /// A completed sprint that ends after the build date.
    FutureDate,
    /// A draft with fields still to fill in; it is built only with `--drafts`.
    UnfinishedDraft,
    /// A `[[FILL: …]]` marker in a body: text a new site's owner still has
    /// to write (`inolab init` leaves them).
    Placeholder,
    /// The brand colour in `site.yaml` leaves some text below WCAG AA
    /// contrast (4.5:1) in the light or the dark scheme.
    LowContrast,
    /// A link in a body to a page, fragment, record or file that does not exist.
    BrokenLink,
    /// An image or attachment a body uses that is not beside the record or in a static folder.
    MissingMedia,
    /// A media file larger than `media.max_kb` in `site.yaml`.
    LargeMedia,
    /// An `old_urls` entry that is malformed or collides with a page or another old URL.
    OldUrl,
    /// A published URL the build no longer produces, with no `old_urls` entry redirecting it.
    VanishedUrl,
}

/// A problem found in the input, with everything an editor needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file (`null`
    /// in JSON, so no tool jumps to a line that does not exist).
    #[serde(serialize_with = "zero_as_null")]
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown (`null` in JSON).
    #[serde(serialize_with = "zero_as_null")]
    pub column: usize,
    /// The field concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Consequences told once, under their cause ("3 prototypes were
    /// skipped because …"), instead of one follow-on error per record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The source line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// An error at a file position.
    pub fn error(kind: Kind, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: file.into(),
            line: 0,
            column: 0,
            field: None,
            message: message.into(),
            hint: None,
            notes: Vec::new(),
            source_line: None,
            width: 1,
        }
    }

    /// A warning: reported, but the build still succeeds.
    pub fn warning(kind: Kind, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, file, message)
        }
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.line = pos.line;
        self.column = pos.column;
        self.width = pos.width.max(1);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the source line for display, taken from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A position in a source file (1-based line and column, width of the span).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize, width: usize) -> Self {
        Pos {
            line,
            column,
            width,
        }
    }
}

/// A display path relative to the root, always with `/`.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn zero_as_null<S: serde::Serializer>(n: &usize, s: S) -> Result<S::Ok, S::Error> {
    match *n {
        0 => s.serialize_none(),
        n => s.serialize_some(&n),
    }
}

/// Where a diagnostic stands in the chain of causes: the settings and
/// data files others are checked against (0), a record's own fields (1),
/// then what one record says about another (2). A reference error is
/// usually the consequence of a broken data file or record; printed first,
/// it sent editors to fix the wrong file.
pub fn stage(d: &Diagnostic) -> u8 {
    if d.kind == Kind::Config || d.file == "site.yaml" || d.file.starts_with("content/data/") {
        0
    } else if matches!(
        d.kind,
        Kind::DanglingReference | Kind::BrokenLink | Kind::VanishedUrl
    ) {
        2
    } else {
        1
    }
}

/// Sorts diagnostics cause-first ([`stage`]), then by file, line and
/// column, errors before warnings at the same place; removes exact
/// duplicates; and folds each [`Kind::Skipped`] line into the first error
/// of its file as a note, so a cause is printed once with what it made
/// impossible to check. `pipeline`, `serve` and every printer use this
/// one order.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (stage(a), &a.file, a.line, a.column, a.severity, &a.message).cmp(&(
            stage(b),
            &b.file,
            b.line,
            b.column,
            b.severity,
            &b.message,
        ))
    });
    diags.dedup();
    let mut i = 0;
    while i < diags.len() {
        if diags[i].kind == Kind::Skipped
            && let Some(j) = diags
                .iter()
                .position(|c| c.is_error() && c.kind != Kind::Skipped && c.file == diags[i].file)
        {
            let note = diags.remove(i);
            let j = if j > i { j - 1 } else { j };
            if !diags[j].notes.contains(&note.message) {
                diags[j].notes.push(note.message);
            }
            continue;
        }
        i += 1;
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders diagnostics in the chosen format: errors first, then warnings,
/// then a one-line count.
pub fn render(diags: &[Diagnostic], format: Format) -> String {
    render_capped(diags, format, usize::MAX)
}

/// [`render`], but in the human format at most `warnings_per_kind`
/// warnings of each kind are printed, the rest counted in one line. `build`
/// uses this: a 10 000-record site with 40 % translated printed 9 492
/// "no translation" warnings on every build, burying any error; `check`
/// still lists every one. Errors are never capped.
pub fn render_capped(diags: &[Diagnostic], format: Format, warnings_per_kind: usize) -> String {
    let mut out = String::new();
    match format {
        Format::Human => {
            let (errors, warnings): (Vec<_>, Vec<_>) = diags.iter().partition(|d| d.is_error());
            let mut shown: Vec<(Kind, usize)> = Vec::new();
            let mut hidden: Vec<(Kind, usize)> = Vec::new();
            for d in errors.iter().chain(warnings.iter()) {
                if !d.is_error() {
                    let n = match shown.iter_mut().find(|(k, _)| *k == d.kind) {
                        Some((_, n)) => n,
                        None => {
                            shown.push((d.kind, 0));
                            &mut shown.last_mut().expect("just pushed").1
                        }
                    };
                    *n += 1;
                    if *n > warnings_per_kind {
                        match hidden.iter_mut().find(|(k, _)| *k == d.kind) {
                            Some((_, h)) => *h += 1,
                            None => hidden.push((d.kind, 1)),
                        }
                        continue;
                    }
                }
                out.push_str(&human(d));
                out.push('\n');
            }
            for (kind, n) in hidden {
                let name = kind_name(kind);
                let _ = writeln!(
                    out,
                    "… and {n} more `{name}` warning{} (`inolab check` lists them all)",
                    if n == 1 { "" } else { "s" }
                );
            }
            let _ = writeln!(
                out,
                "{} error{}, {} warning{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            );
        }
        Format::Json => {
            let (errors, warnings): (Vec<_>, Vec<_>) = diags.iter().partition(|d| d.is_error());
            for d in errors.into_iter().chain(warnings) {
                out.push_str(&serde_json::to_string(d).unwrap_or_default());
                out.push('\n');
            }
        }
        Format::Github => {
            let (errors, warnings): (Vec<_>, Vec<_>) = diags.iter().partition(|d| d.is_error());
            for d in errors.into_iter().chain(warnings) {
                let level = if d.is_error() { "error" } else { "warning" };
                let mut msg = d.message.clone();
                if let Some(h) = &d.hint {
                    msg.push_str(" — ");
                    msg.push_str(h);
                }
                for n in &d.notes {
                    msg.push('\n');
                    msg.push_str(n);
                }
                let mut props = vec![format!("file={}", github_property(&d.file))];
                if d.line > 0 {
                    props.push(format!("line={}", d.line));
                    if d.column > 0 {
                        props.push(format!("col={}", d.column));
                    }
                }
                props.push(format!("title={}", github_property(&kind_name(d.kind))));
                let _ = writeln!(
                    out,
                    "::{level} {}::{}",
                    props.join(","),
                    github_escape(&msg)
                );
            }
        }
    }
    out
}

/// A kind's stable name (`unknown-field`), as JSON prints it.
pub fn kind_name(kind: Kind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A workflow command's message: `%`, CR and LF are escaped (GitHub's
/// `escapeData`), or a newline in a message would end the command.
fn github_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=`, `title=`): also `:` and
/// `,` (GitHub's `escapeProperty`), or a file name with a comma would cut
/// the annotation's properties short.
fn github_property(s: &str) -> String {
    github_escape(s).replace(':', "%3A").replace(',', "%2C")
}

/// `path:line:col: error: message`, then the source line with a caret and
/// the hint — the format editors and terminals make clickable.
pub fn human(d: &Diagnostic) -> String {
    let level = if d.is_error() { "error" } else { "warning" };
    let mut s = format!(
        "{}:{}:{}: {level}: {}",
        d.file,
        d.line.max(1),
        d.column.max(1),
        d.message
    );
    if let Some(src) = &d.source_line {
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        let caret_pad: String = src
            .chars()
            .take(d.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = write!(
            s,
            "\n{pad} |\n{num} | {src}\n{pad} | {caret_pad}{}",
            "^".repeat(d.width.max(1))
        );
    }
    if let Some(h) = &d.hint {
        let _ = write!(s, "\n  = hint: {h}");
    }
    for n in &d.notes {
        let _ = write!(s, "\n  = note: {n}");
    }
    s
}

/// The closest candidate by edit distance, for "did you mean" hints.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_their_properties_and_message() {
        let d = Diagnostic::error(Kind::Yaml, "content/a,b:c%.md", "line one\nline two")
            .at(Pos::new(3, 4, 1))
            .hint("100%");
        let gh = render(&[d], Format::Github);
        assert_eq!(
            gh,
            "::error file=content/a%2Cb%3Ac%25.md,line=3,col=4,title=yaml::line one%0Aline two — 100%25\n"
        );
        // A whole-file problem names no line rather than a made-up one.
        let w = Diagnostic::warning(Kind::UnexpectedFile, "x.txt", "m");
        assert_eq!(
            render(&[w], Format::Github),
            "::warning file=x.txt,title=unexpected-file::m\n"
        );
    }

    #[test]
    fn json_has_null_not_zero_for_a_whole_file() {
        let d = Diagnostic::warning(Kind::UnexpectedFile, "x.txt", "m");
        let v: serde_json::Value = serde_json::from_str(render(&[d], Format::Json).trim()).unwrap();
        assert!(v["line"].is_null() && v["column"].is_null(), "{v}");
    }

    #[test]
    fn sort_puts_causes_first_and_folds_skipped_notes_into_them() {
        let mut diags = vec![
            Diagnostic::error(Kind::DanglingReference, "content/a/x.md", "ref")
                .at(Pos::new(2, 1, 1)),
            Diagnostic::warning(Kind::MissingTranslation, "content/a/a.md", "w"),
            Diagnostic::error(Kind::MissingField, "content/b/y.md", "own").at(Pos::new(9, 1, 1)),
            Diagnostic::warning(
                Kind::Skipped,
                "content/data/t.yaml",
                "2 sprints were skipped",
            ),
            Diagnostic::error(Kind::Yaml, "content/data/t.yaml", "broken").at(Pos::new(4, 1, 1)),
        ];
        sort(&mut diags);
        let order: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["broken", "w", "own", "ref"]);
        assert_eq!(diags[0].notes, ["2 sprints were skipped"]);
        assert!(human(&diags[0]).ends_with("\n  = note: 2 sprints were skipped"));
        // Sorting again changes nothing.
        let again = {
            let mut d = diags.clone();
            sort(&mut d);
            d
        };
        assert_eq!(again, diags);
        // Errors first in JSON, whatever the order of the list.
        let json = render(&diags, Format::Json);
        let sev: Vec<String> = json
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["severity"].to_string())
            .collect();
        assert_eq!(sev, ["\"error\"", "\"error\"", "\"error\"", "\"warning\""]);
    }

    #[test]
    fn capped_output_counts_hidden_warnings_and_never_hides_errors() {
        let mut diags: Vec<Diagnostic> = (0..25)
            .map(|i| {
                Diagnostic::warning(
                    Kind::MissingTranslation,
                    format!("s{i:02}.md"),
                    "no `en` translation",
                )
            })
            .collect();
        diags.push(Diagnostic::warning(
            Kind::TrustedHtml,
            "site.yaml",
            "raw HTML is trusted",
        ));
        for i in 0..12 {
            diags.push(Diagnostic::error(
                Kind::UnknownField,
                format!("e{i:02}.md"),
                "unknown field",
            ));
        }
        let capped = render_capped(&diags, Format::Human, 10);
        assert_eq!(capped.matches("error: unknown field").count(), 12);
        assert_eq!(capped.matches("no `en` translation").count(), 10);
        assert!(capped.contains("raw HTML is trusted"));
        assert!(capped.contains(
            "… and 15 more `missing-translation` warnings (`inolab check` lists them all)"
        ));
        assert!(capped.ends_with("12 errors, 26 warnings\n"), "{capped}");
        let full = render(&diags, Format::Human);
        assert_eq!(full.matches("no `en` translation").count(), 25);
        assert!(!full.contains("more `"));
    }
}
