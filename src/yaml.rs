//! The one door YAML comes through.
//!
//! The card names `serde_yaml`, which is archived upstream; we use its
//! maintained drop-in `yaml_serde` under the same name (see Cargo.toml). It
//! gives a line and column for syntax errors, type errors, unknown and
//! missing fields, which is all the positions our diagnostics need. Keeping
//! every call here means a swap (to `serde-saphyr`, say) touches one file.
//!
//! Hostile input fails fast: the parser's recursion limit rejects deep
//! nesting, its repetition limit rejects alias-expansion bombs, and we refuse
//! front matter over [`MAX_YAML_BYTES`] before parsing at all.

use crate::diagnostics::{Diagnostic, Kind, Pos, nearest};
use serde::de::DeserializeOwned;

/// Larger YAML than this is refused unparsed (no record needs it).
pub const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// A YAML problem with its position inside the parsed text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

/// What went wrong, classified so the caller can give a precise hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    MissingField {
        field: String,
    },
    UnknownVariant {
        value: String,
        expected: Vec<String>,
    },
    /// A value of the wrong type (`invalid type: sequence, expected a
    /// string`); `field` is where serde says it is (`title`,
    /// `vk.name`, `institutions[0]`), when it says.
    WrongType {
        field: Option<String>,
        found: String,
        expected: String,
    },
    /// A key written twice in one mapping; the position is the second.
    DuplicateKey {
        key: String,
    },
    /// A tab in the indentation (YAML allows only spaces there).
    Tab,
    /// A line that should be `key: value` has no `:`.
    MissingColon,
    /// A quoted value whose closing quote is missing; the position is the
    /// opening quote.
    UnclosedQuote,
    Other(String),
}

/// Deserialises `text` into `T`, classifying the first error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            line: 1,
            column: 1,
            problem: Problem::Other(format!(
                "YAML is {} bytes; the limit is {MAX_YAML_BYTES}",
                text.len()
            )),
        });
    }
    // An empty document means "no fields", not a type error.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|e| locate(text, &e))
}

/// The text as a mapping of its top-level keys (the same limits as
/// [`from_str`]; a key written twice keeps its last value), for a caller
/// that takes a broken record apart field by field.
pub fn mapping(text: &str) -> Result<serde_yaml::Mapping, YamlError> {
    let m: std::collections::BTreeMap<String, serde_yaml::Value> = from_str(text)?;
    Ok(m.into_iter()
        .map(|(k, v)| (serde_yaml::Value::String(k), v))
        .collect())
}

/// Deserialises an already parsed value; the error carries no position
/// (line 0), the caller knows which field it names.
pub fn from_value<T: DeserializeOwned>(v: serde_yaml::Value) -> Result<T, YamlError> {
    serde_yaml::from_value(v).map_err(|e| YamlError {
        line: 0,
        column: 0,
        problem: classify(&e.to_string()),
    })
}

/// Classifies a parser error and moves its position to where an editor
/// fixes it: the opening quote of an unclosed string (the parser stops at
/// the end of the text), the second of two equal keys (the parser points
/// at the mapping), the line that lacks its `:`, the tab.
fn locate(text: &str, e: &serde_yaml::Error) -> YamlError {
    let msg = e.to_string();
    let (mut line, mut column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let mut problem = classify(&msg);
    let context = context_mark(&msg);
    if msg.contains("while scanning a quoted scalar")
        && let Some((l, c)) = context
    {
        (line, column) = (l, c);
        problem = Problem::UnclosedQuote;
    } else if msg.contains("while scanning a simple key")
        && let Some((l, c)) = context
    {
        (line, column) = (l, c);
        if msg.contains("could not find expected ':'") {
            problem = Problem::MissingColon;
        }
    }
    if let Problem::DuplicateKey { key } = &problem
        && let Some(l) = second_occurrence(text, key)
    {
        (line, column) = l;
    }
    if matches!(problem, Problem::Other(_)) {
        // A tab in the indentation of the line the parser stopped at, or
        // of the line before (a tab makes the next line fail, too).
        for l in [line, line.saturating_sub(1)] {
            if let Some(src) = text.lines().nth(l.wrapping_sub(1))
                && let Some(col) = leading_tab(src)
            {
                (line, column) = (l, col);
                problem = Problem::Tab;
                break;
            }
        }
    }
    YamlError {
        line,
        column,
        problem,
    }
}

/// The position libyaml gives for what it was reading when it failed:
/// "…, while scanning a quoted scalar at line 2 column 8".
fn context_mark(msg: &str) -> Option<(usize, usize)> {
    let at = msg.find(", while ")?;
    let rest = &msg[at..];
    let i = rest.find(" at line ")?;
    let mut words = rest[i + " at line ".len()..].split_whitespace();
    let line = words.next()?.trim_end_matches(',').parse().ok()?;
    (words.next()? == "column").then_some(())?;
    let column = words.next()?.trim_end_matches(',').parse().ok()?;
    Some((line, column))
}

/// The second line that sets `key` (at any indentation), 1-based, with
/// the key's column.
fn second_occurrence(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start().trim_start_matches("- ");
        let k = t.split(':').next().unwrap_or("").trim();
        let k = k.trim_matches(|c| c == '"' || c == '\'');
        if t.contains(':') && k == key {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, l.len() - t.len() + 1));
            }
        }
    }
    None
}

/// The 1-based column of a tab in a line's indentation.
fn leading_tab(line: &str) -> Option<usize> {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .position(|c| c == '\t')
        .map(|i| i + 1)
}

/// A YAML error as a diagnostic at its place in the file. `line_offset` is
/// how many lines of the file precede the parsed text (1 for front matter,
/// after its `---`). Unknown fields get the nearest known field as a hint,
/// unknown values the allowed ones; `_known` is unused, the error itself
/// carries the fields serde expected.
pub fn yaml_diagnostic(
    e: &YamlError,
    file: &str,
    line_offset: usize,
    _known: &[&str],
) -> Diagnostic {
    let pos = Pos::new(e.line + line_offset, e.column, 1);
    match &e.problem {
        Problem::UnknownField { field, expected } => {
            let d = Diagnostic::error(Kind::UnknownField, file, format!("unknown field `{field}`"))
                .field(field.clone())
                .at(Pos::new(pos.line, pos.column, field.chars().count()));
            match nearest(field, expected.iter().map(String::as_str)) {
                Some(n) => d.hint(format!("did you mean `{n}`?")),
                None => d.hint(format!("known fields: {}", expected.join(", "))),
            }
        }
        Problem::MissingField { field } => {
            Diagnostic::error(Kind::MissingField, file, format!("missing field `{field}`"))
                .field(field.clone())
                .at(pos)
                .hint(format!("add `{field}:` with a value"))
        }
        Problem::UnknownVariant { value, expected } => Diagnostic::error(
            Kind::InvalidValue,
            file,
            format!("`{value}` is not an allowed value"),
        )
        .at(Pos::new(pos.line, pos.column, value.chars().count()))
        .hint(format!("allowed values: {}", expected.join(", "))),
        Problem::WrongType {
            field,
            found,
            expected,
        } => {
            let what = field
                .as_ref()
                .map(|f| format!("`{f}` "))
                .unwrap_or_else(|| "this value ".into());
            let d = Diagnostic::error(
                Kind::Yaml,
                file,
                format!("{what}is {}, but it must be {}", words(found), words(expected)),
            )
            .at(pos);
            let d = match field {
                Some(f) => d.field(f.clone()),
                None => d,
            };
            d.hint(type_hint(found, expected))
        }
        Problem::DuplicateKey { key } => Diagnostic::error(
            Kind::Yaml,
            file,
            format!("`{key}` is set twice"),
        )
        .field(key.clone())
        .at(Pos::new(pos.line, pos.column, key.chars().count()))
        .hint("keep one of the two lines; a later value would silently replace the first"),
        Problem::Tab => Diagnostic::error(
            Kind::Yaml,
            file,
            "a tab character in the indentation",
        )
        .at(pos)
        .hint("YAML indents with spaces only: replace the tab with spaces (two per level)"),
        Problem::MissingColon => Diagnostic::error(
            Kind::Yaml,
            file,
            "this line has no `:` after its key",
        )
        .at(pos)
        .hint("write `key: value`; an entry's id is written `id:` with its fields indented under it"),
        Problem::UnclosedQuote => Diagnostic::error(
            Kind::Yaml,
            file,
            "this quoted value is never closed",
        )
        .at(pos)
        .hint("add the closing quote at the end of the value (a quote inside a value is doubled in '…' or escaped as \\\" in \"…\")"),
        Problem::Other(m) => Diagnostic::error(Kind::Yaml, file, format!("invalid YAML: {m}"))
            .at(pos)
            .hint("check indentation, and quote values that contain `:` or start with a special character"),
    }
}

/// serde's type names in an editor's words.
fn words(t: &str) -> String {
    let t = t.trim();
    if t.starts_with("sequence") || t == "a sequence" {
        return "a list".into();
    }
    if t.starts_with("map") || t == "a map" {
        return "a mapping (indented `key: value` lines)".into();
    }
    if t == "a string" || t.starts_with("string") {
        return match t.strip_prefix("string ") {
            Some(v) => format!("the text {v}"),
            None => "a text".into(),
        };
    }
    if t.starts_with('i') || t.starts_with('u') || t.contains("integer") {
        return "a whole number".into();
    }
    if t == "a boolean" || t.starts_with("boolean") {
        return "true or false".into();
    }
    t.to_string()
}

/// What to write instead, by what was found and what is wanted.
fn type_hint(found: &str, expected: &str) -> String {
    let (f, e) = (words(found), words(expected));
    if f == "a list" {
        format!(
            "write a single value here, not a list (no `[…]` and no `- ` lines); it must be {e}"
        )
    } else if e.starts_with("a mapping") && f.starts_with("the text") {
        "an entry's id needs a `:` after it (`id:`), with its fields indented under it; check the lines above and below, too".into()
    } else if e == "a list" {
        "write a list: `[a, b]`, or one `- item` per line under the key".into()
    } else if e == "a whole number" {
        "write digits only, e.g. `12`, without quotes or words".into()
    } else if e == "true or false" {
        "write `true` or `false`".into()
    } else {
        format!("write {e} here")
    }
}

/// Turns serde's message into a [`Problem`]. serde's wording is stable:
/// "unknown field `x`, expected one of `a`, `b`" and friends.
fn classify(msg: &str) -> Problem {
    let msg = strip_location(msg);
    let msg = msg.as_str();
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, w)| w.to_string())
            .collect()
    };
    if let Some(i) = msg.find("unknown field `") {
        let words = ticked(&msg[i..]);
        if let Some((first, rest)) = words.split_first() {
            return Problem::UnknownField {
                field: first.clone(),
                expected: rest.to_vec(),
            };
        }
    }
    if let Some(i) = msg.find("missing field `")
        && let Some(f) = ticked(&msg[i..]).first()
    {
        return Problem::MissingField { field: f.clone() };
    }
    if let Some(i) = msg.find("unknown variant `") {
        let words = ticked(&msg[i..]);
        if let Some((first, rest)) = words.split_first() {
            return Problem::UnknownVariant {
                value: first.clone(),
                expected: rest.to_vec(),
            };
        }
    }
    if let Some(i) = msg.find("duplicate field `")
        && let Some(k) = ticked(&msg[i..]).first()
    {
        return Problem::DuplicateKey { key: k.clone() };
    }
    if let Some(i) = msg.find("duplicate entry with key \"") {
        let rest = &msg[i + "duplicate entry with key \"".len()..];
        if let Some(end) = rest.find('"') {
            return Problem::DuplicateKey {
                key: rest[..end].to_string(),
            };
        }
    }
    if let Some(i) = msg.find("invalid type: ") {
        let field = msg[..i]
            .strip_suffix(": ")
            .filter(|f| !f.is_empty() && !f.contains(' '))
            .map(str::to_string);
        let rest = &msg[i + "invalid type: ".len()..];
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return Problem::WrongType {
                field,
                found: found.to_string(),
                expected: expected.to_string(),
            };
        }
    }
    Problem::Other(msg.to_string())
}

/// serde_yaml appends " at line L column C" (twice, with the context
/// libyaml was in); our diagnostics carry the position separately.
fn strip_location(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let mut end = 0;
        for (n, w) in after.split_inclusive(' ').enumerate() {
            end += w.len();
            if n == 2 {
                break;
            }
        }
        let skipped = &after[..end.min(after.len())];
        rest = &after[end.min(after.len())..];
        // keep the separator that followed the number (", while …")
        if skipped.trim_end().ends_with(',') {
            out.push_str(", ");
        } else if !rest.is_empty() {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out.trim_end().trim_end_matches(',').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        #[serde(default)]
        n: u32,
    }

    #[test]
    fn unknown_field_is_classified_with_position() {
        let e = from_str::<T>("title: a\ntitel: b\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(matches!(e.problem, Problem::UnknownField { ref field, .. } if field == "titel"));
    }

    #[test]
    fn an_unclosed_quote_points_at_its_opening() {
        let e = from_str::<T>("n: 1\ntitle: \"abc\nx: y\n").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.problem),
            (2, 8, Problem::UnclosedQuote)
        );
    }

    #[test]
    fn a_duplicate_key_points_at_the_second() {
        let e = from_str::<T>("title: a\nn: 1\ntitle: b\n").unwrap_err();
        assert_eq!(e.line, 3);
        let d = yaml_diagnostic(&e, "f.md", 1, &[]);
        assert_eq!(d.line, 4);
        assert!(d.message.contains("`title` is set twice"), "{d:?}");
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let e = from_str::<serde_yaml::Value>("a:\n\t- b\n").unwrap_err();
        assert_eq!((e.line, e.problem.clone()), (2, Problem::Tab));
        let d = yaml_diagnostic(&e, "f.yaml", 0, &[]);
        assert!(d.hint.unwrap().contains("tab"));
    }

    #[test]
    fn a_list_where_text_goes_gets_a_type_hint() {
        let e = from_str::<T>("title: [a, b]\n").unwrap_err();
        let d = yaml_diagnostic(&e, "f.md", 1, &[]);
        assert_eq!(d.field.as_deref(), Some("title"));
        assert_eq!(d.message, "`title` is a list, but it must be a text");
        let hint = d.hint.unwrap();
        assert!(
            hint.contains("not a list") && !hint.contains("indentation"),
            "{hint}"
        );
    }

    #[test]
    fn a_nested_type_error_names_its_path() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Entry {
            name: std::collections::BTreeMap<String, String>,
        }
        let e = from_str::<std::collections::BTreeMap<String, Entry>>("vk:\n  name: [a]\n")
            .unwrap_err();
        let d = yaml_diagnostic(&e, "institutions.yaml", 0, &[]);
        assert_eq!((d.line, d.column), (2, 9));
        assert_eq!(
            d.message,
            "`vk.name` is a list, but it must be a mapping (indented `key: value` lines)"
        );
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            y.push_str(&format!(
                "l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let r = from_str::<serde_yaml::Value>(&y);
        assert!(r.is_err(), "billion laughs must be refused");
    }

    #[test]
    fn deep_nesting_fails_fast() {
        let y = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(from_str::<serde_yaml::Value>(&y).is_err());
    }
}
