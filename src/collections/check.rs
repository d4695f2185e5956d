//! The checks a collection's fields are made of: parsing front matter
//! into its `*Fm` struct (every unknown key reported at once), required
//! texts, dates, vocabularies, and where each field stands in the file.
//! Each collection's `check` is written with these; `validate` runs them.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Kind, Pos, nearest};
use crate::load::RecordSource;
use crate::records::Text;
use crate::yaml::yaml_diagnostic;
use crate::yaml::{self, Problem, YamlError};
use jiff::civil::Date;
use serde::Deserialize;

use super::structured_fields;

/// A translation file (`slug.<lang>.md`): text fields only. Which of these
/// a collection accepts comes from its definition ([`super::text_fields`]).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationFm {
    pub title: Option<String>,
    pub term: Option<String>,
    pub summary: Option<String>,
    pub outcome: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub editor_note: Option<String>,
}

/// Collects the diagnostics of the validate stage: every problem of every
/// file, never only the first.
pub struct Checker<'c> {
    pub config: &'c Config,
    pub diags: Vec<Diagnostic>,
    /// (file, field) already reported as broken; see [`Checker::failed`].
    pub broken_fields: Vec<(String, String)>,
    /// The build date, for rules about the future (`SOURCE_DATE_EPOCH`
    /// when set, so a build is reproducible; otherwise today).
    pub today: Date,
}

impl Checker<'_> {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Parses a record's front matter into its `*Fm` struct. When a field
    /// is unknown or of the wrong type, that field is reported and set
    /// aside and the rest is parsed again, so the file's other problems
    /// are reported in the same run and the record still exists for the
    /// records that name it. `None` only when the YAML itself is broken.
    pub(crate) fn parse<T: serde::de::DeserializeOwned>(&mut self, r: &RecordSource) -> Option<T> {
        let first = match yaml::from_str::<T>(r.front()) {
            Ok(t) => return Some(t),
            Err(e) => e,
        };
        let recoverable = matches!(
            first.problem,
            Problem::UnknownField { .. }
                | Problem::WrongType { field: Some(_), .. }
                | Problem::DuplicateKey { .. }
        );
        let map = if recoverable {
            yaml::mapping(r.front()).ok()
        } else {
            None
        };
        let Some(mut map) = map else {
            let d = yaml_diagnostic(&first, &r.file.path, r.front_line - 1, &[]);
            self.push(d.with_source(&r.file.text));
            return None;
        };
        let fp = FieldPositions::scan(r.front(), r.front_line);
        let dups = self.duplicate_keys(r, &fp);
        for key in &dups {
            // Which of the two values was meant is unknown: neither is
            // used, and what depends on the field is not judged.
            map.remove(key.as_str());
        }
        let dups = !dups.is_empty();
        let mut error = first;
        let mut located = true;
        for _ in 0..64 {
            match &error.problem {
                Problem::UnknownField { expected, .. } => {
                    let expected = expected.clone();
                    self.unknown_fields(r, &fp, &expected);
                    let known: Vec<&str> = expected.iter().map(String::as_str).collect();
                    map.retain(|k, _| k.as_str().is_some_and(|k| known.contains(&k)));
                }
                Problem::WrongType {
                    field: Some(path), ..
                } => {
                    // `institutions[0]` is a problem of `institutions`.
                    let field = path.split(['.', '[']).next().unwrap_or(path).to_string();
                    let mut e = error.clone();
                    if !located {
                        let pos = fp.value(&field).unwrap_or_default();
                        (e.line, e.column) =
                            (pos.line.saturating_sub(r.front_line - 1), pos.column);
                    }
                    let d = yaml_diagnostic(&e, &r.file.path, r.front_line - 1, &[]);
                    self.push(d.with_source(&r.file.text));
                    self.broken_fields
                        .push((r.file.path.clone(), field.clone()));
                    map.remove(field.as_str());
                }
                Problem::DuplicateKey { key } if !dups => {
                    let d = yaml_diagnostic(&error, &r.file.path, r.front_line - 1, &[]);
                    self.push(d.with_source(&r.file.text));
                    self.broken_fields.push((r.file.path.clone(), key.clone()));
                }
                Problem::DuplicateKey { .. } => {}
                _ => {
                    // A problem that names no field: report it where it
                    // was found and give the record up.
                    let d = yaml_diagnostic(&error, &r.file.path, r.front_line - 1, &[]);
                    self.push(d.with_source(&r.file.text));
                    return None;
                }
            }
            match yaml::from_value::<T>(serde_yaml::Value::Mapping(map.clone())) {
                Ok(t) => return Some(t),
                Err(e) => {
                    error = e;
                    located = false;
                }
            }
        }
        None
    }

    /// Reports a top-level key written twice, at its second line (the
    /// parser keeps the last value silently or points at the first key).
    /// The keys set twice.
    fn duplicate_keys(&mut self, r: &RecordSource, fp: &FieldPositions) -> Vec<String> {
        let mut seen: Vec<&String> = Vec::new();
        let mut found = Vec::new();
        for (key, pos) in fp.keys() {
            if seen.contains(&key) {
                found.push(key.clone());
                self.broken_fields.push((r.file.path.clone(), key.clone()));
                self.push(
                    Diagnostic::error(
                        Kind::Yaml,
                        r.file.path.clone(),
                        format!("`{key}` is set twice"),
                    )
                    .field(key.clone())
                    .at(pos)
                    .hint(
                        "keep one of the two lines; a later value would silently replace the first",
                    )
                    .with_source(&r.file.text),
                );
            } else {
                seen.push(key);
            }
        }
        found
    }

    /// Every unknown key at once, not just serde's first; in a
    /// translation, a structured field says it is inherited.
    fn unknown_fields(&mut self, r: &RecordSource, fp: &FieldPositions, expected: &[String]) {
        let known: Vec<&str> = expected.iter().map(String::as_str).collect();
        let structured = structured_fields(r.collection);
        for (key, pos) in fp.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            // `participnts` is surely `participants`: that one is not
            // reported missing on top.
            if let Some(n) = nearest(key, known.iter().copied()) {
                self.broken_fields
                    .push((r.file.path.clone(), n.to_string()));
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
                            expected: expected.to_vec(),
                        },
                    },
                    &r.file.path,
                    0,
                    &[],
                )
            };
            self.push(d.with_source(&r.file.text));
        }
    }

    /// Whether `field` of this file was already reported (a type error,
    /// a duplicate): its follow-on problems ("missing", "empty") are not.
    pub(crate) fn failed(&self, r: &RecordSource, field: &str) -> bool {
        self.broken_fields
            .iter()
            .any(|(f, k)| *f == r.file.path && k == field)
    }

    pub(crate) fn err(
        &mut self,
        r: &RecordSource,
        kind: Kind,
        pos: Pos,
        field: &str,
        msg: String,
        hint: String,
    ) {
        if self.failed(r, field) {
            return;
        }
        self.push(
            Diagnostic::error(kind, r.file.path.clone(), msg)
                .field(field)
                .at(pos)
                .hint(hint)
                .with_source(&r.file.text),
        );
    }

    pub(crate) fn required_text(
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

    pub(crate) fn date(
        &mut self,
        r: &RecordSource,
        fp: &FieldPositions,
        field: &str,
        v: &Option<String>,
    ) -> Option<Date> {
        let s = v.as_deref()?.trim();
        if s.is_empty() {
            self.required_text(r, fp, field, &None);
            return None;
        }
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

    pub(crate) fn vocab<E>(
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

    /// A list field's items, each once: a repeated item is reported at
    /// its second place (a page would show it twice).
    pub(crate) fn unique(
        &mut self,
        r: &RecordSource,
        fp: &FieldPositions,
        field: &str,
        items: Option<Vec<String>>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, item) in items.into_iter().flatten().enumerate() {
            if out.contains(&item) {
                let pos = fp.item(field, i).unwrap_or_default();
                self.err(
                    r,
                    Kind::Duplicate,
                    pos,
                    field,
                    format!("`{item}` is listed twice in `{field}`"),
                    "delete the second one: each item is listed once".into(),
                );
            } else {
                out.push(item);
            }
        }
        out
    }

    pub(crate) fn base_text(&self, r: &RecordSource, title: String) -> Text {
        Text {
            lang: self.config.default_language.clone(),
            path: r.file.path.clone(),
            title,
            body: r.body_of(),
            body_line: r.body_line,
            ..Text::default()
        }
    }
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
