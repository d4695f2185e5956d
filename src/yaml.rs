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
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        YamlError {
            line,
            column,
            problem: classify(&e.to_string()),
        }
    })
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
        Problem::Other(m) => Diagnostic::error(Kind::Yaml, file, format!("invalid YAML: {m}"))
            .at(pos)
            .hint("check indentation, and quote values that contain `:` or start with a special character"),
    }
}

/// Turns serde's message into a [`Problem`]. serde's wording is stable:
/// "unknown field `x`, expected one of `a`, `b`" and friends.
fn classify(msg: &str) -> Problem {
    let msg = strip_location(msg);
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
    Problem::Other(msg.to_string())
}

/// serde_yaml appends " at line L column C"; our diagnostics carry the
/// position separately.
fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
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
