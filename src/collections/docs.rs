//! The field tables of `docs/content-format.md`, made from the
//! definitions. The docs hold them between `<!-- fields:NAME -->` and
//! `<!-- /fields:NAME -->` markers; a test fails when they are stale and
//! `INOLAB_UPDATE_DOCS=1 cargo test --lib collections` rewrites them.

use super::data::{DATA_FILES, Shape};
use super::{Collection, Field, Rule, Type};

/// The type of a field in words.
pub fn type_words(t: &Type) -> String {
    match t {
        Type::Text => "text".into(),
        Type::TextList => "list of texts".into(),
        Type::Date => "date `YYYY-MM-DD`".into(),
        Type::DateTime => "date and time `YYYY-MM-DDTHH:MM`".into(),
        Type::Year => "year".into(),
        Type::Count => "whole number ≥ 0".into(),
        Type::Integer => "whole number".into(),
        Type::Bool => "`true` / `false`".into(),
        Type::Choice(all) => format!("one of: {}", all.join(", ")),
        Type::Choices(all) => format!("any of: {}", all.join(", ")),
        Type::Id(r) => format!("id from {}", r.source()),
        Type::Ids(r) => format!("list of ids from {}", r.source()),
        Type::Localized => "text per language (`{ lv: …, en: … }`)".into(),
        Type::Url => "web address".into(),
        Type::List(_) => "list (fields below)".into(),
        Type::CountsById => "whole number per period id".into(),
    }
}

/// When a field is required, in words; `None` for optional fields.
pub fn rule_words(f: &Field) -> Option<String> {
    match &f.rule {
        Rule::Required => Some("required".into()),
        Rule::RequiredWhen(when) => Some(format!("required {when}")),
        Rule::Optional => None,
    }
}

fn table(fields: &[Field], with_translation: bool) -> String {
    let mut s = if with_translation {
        String::from(
            "| field | type | required | in translations | meaning |\n|---|---|---|---|---|\n",
        )
    } else {
        String::from("| field | type | required | meaning |\n|---|---|---|---|\n")
    };
    for f in fields {
        let rule = rule_words(f).unwrap_or_else(|| "optional".into());
        let ty = type_words(&f.ty);
        if with_translation {
            let tr = if f.translatable {
                "yes"
            } else {
                "no (inherited)"
            };
            s.push_str(&format!(
                "| `{}` | {ty} | {rule} | {tr} | {} |\n",
                f.name, f.doc
            ));
        } else {
            s.push_str(&format!("| `{}` | {ty} | {rule} | {} |\n", f.name, f.doc));
        }
    }
    s
}

/// Every generated block, as (marker name, Markdown).
pub fn blocks() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in Collection::ALL {
        let d = c.definition();
        out.push((
            d.dir.to_string(),
            format!("{}\n\n{}", d.doc, table(d.fields, true)),
        ));
    }
    for d in &DATA_FILES {
        let mut s = format!("{}\n\n", d.doc);
        match &d.shape {
            Shape::EntriesById(fields) => {
                s.push_str("Each entry is `id:` followed by these fields:\n\n");
                s.push_str(&table(fields, false));
            }
            Shape::LabelsById => s.push_str("Each entry is `id: { lv: …, en: … }`.\n"),
            Shape::Object(fields) => {
                s.push_str(&table(fields, false));
                for f in fields.iter() {
                    if let Type::List(inner) = f.ty {
                        s.push_str(&format!(
                            "\nEach item of `{}`:\n\n{}",
                            f.name,
                            table(inner, false)
                        ));
                    }
                }
            }
        }
        out.push((d.file.to_string(), s));
    }
    out
}

/// `text` with every marked block replaced by its generated form. Blocks
/// without markers in `text` are returned as missing.
pub fn refresh(text: &str) -> (String, Vec<String>) {
    let mut out = text.to_string();
    let mut missing = Vec::new();
    for (name, body) in blocks() {
        let open = format!("<!-- fields:{name} -->\n");
        let close = format!("<!-- /fields:{name} -->");
        match (out.find(&open), out.find(&close)) {
            (Some(a), Some(b)) if a < b => {
                out.replace_range(a + open.len()..b, &body);
            }
            _ => missing.push(name),
        }
    }
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/content-format.md shows the tables the definitions make.
    #[test]
    fn the_content_format_doc_is_generated_from_the_definitions() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-format.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let (fresh, missing) = refresh(&text);
        assert!(
            missing.is_empty(),
            "docs/content-format.md lacks markers for {missing:?}"
        );
        if fresh != text {
            if std::env::var_os("INOLAB_UPDATE_DOCS").is_some() {
                std::fs::write(&path, fresh).unwrap();
            } else {
                panic!(
                    "docs/content-format.md is stale: run INOLAB_UPDATE_DOCS=1 cargo test --lib collections"
                );
            }
        }
    }
}
