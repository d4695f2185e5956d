//! Interface strings per language: lookup, CLDR plurals, collation. A
//! bottom layer beside [`crate::text`]: anything may use it, and it uses
//! nothing but `text`.

use std::collections::BTreeMap;

/// UI strings per language, from the theme's `i18n/<lang>.yaml`.
pub type Strings = BTreeMap<String, serde_yaml::Value>;

/// Looks up a dotted key (`nav.home`) in a language's strings.
fn lookup<'s>(strings: &'s Strings, lang: &str, key: &str) -> Option<&'s serde_yaml::Value> {
    let mut v = strings.get(lang)?;
    for part in key.split('.') {
        v = v.get(part)?;
    }
    Some(v)
}

/// Looks up a UI string, falling back to the key itself.
pub fn tr(strings: &Strings, lang: &str, key: &str) -> String {
    lookup(strings, lang, key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| key.to_string())
}

/// The CLDR plural category of `n` in `lang` (Latvian: zero/one/other).
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    match lang {
        "lv" => {
            if n.is_multiple_of(10) || (11..=19).contains(&(n % 100)) {
                "zero"
            } else if n % 10 == 1 && n % 100 != 11 {
                "one"
            } else {
                "other"
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// A counted phrase, e.g. "21 sprints" / "2 sprinti", from a plural entry
/// in the strings (a map of category → text with `{n}`).
pub fn plural(strings: &Strings, lang: &str, key: &str, n: u64) -> String {
    let cat = plural_category(lang, n);
    let v = lookup(strings, lang, key);
    let form = v
        .and_then(|v| v.get(cat).or_else(|| v.get("other")))
        .and_then(|v| v.as_str())
        .unwrap_or(key);
    form.replace("{n}", &n.to_string())
}

/// A sort key that orders Latvian letters after their base letter (a < ā < b).
pub fn collate(s: &str) -> Vec<(char, u8)> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            let base = crate::text::fold_char(c);
            (base, u8::from(base != c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latvian_plurals() {
        assert_eq!(plural_category("lv", 1), "one");
        assert_eq!(plural_category("lv", 21), "one");
        assert_eq!(plural_category("lv", 2), "other");
        assert_eq!(plural_category("lv", 11), "zero");
        assert_eq!(plural_category("lv", 10), "zero");
        assert_eq!(plural_category("en", 1), "one");
    }

    #[test]
    fn collation_puts_long_vowels_after_base() {
        let mut v = vec!["ābols", "bumba", "auto"];
        v.sort_by_key(|s| collate(s));
        assert_eq!(v, ["auto", "ābols", "bumba"]);
    }
}
