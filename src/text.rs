//! Text at the bottom of every layer: slugs and the folding of Latvian
//! letters to ASCII. No other module of the crate is used here, so
//! anything may use this one (Markdown heading ids, record file names,
//! `inolab new`, the glossary's letters, the benchmark generator).

/// Whether `s` is a valid slug: lowercase ASCII letters, digits and single
/// inner hyphens (`cilveks-pirmaja-vieta`, `2024-sprints`); not empty, no
/// leading, trailing or doubled hyphen. Record file names must be slugs.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The valid slug closest to `s`: lowercased, Latvian letters folded by
/// [`fold_char`], every run of other characters (spaces, punctuation,
/// letters of other alphabets) turned into one hyphen, no hyphen at either
/// end. The result is empty when `s` has no ASCII letter or digit after
/// folding; otherwise [`is_valid_slug`] holds for it (a property test,
/// `tests/properties.rs`). "Cilvēks pirmajā vietā" → `cilveks-pirmaja-vieta`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = fold_char(c);
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A lowercase Latvian letter with a diacritic as its ASCII base letter:
/// ā→a, č→c, ē→e, ģ→g, ī→i, ķ→k, ļ→l, ņ→n, š→s, ū→u, ž→z (and ō→o, of
/// older spelling). Any other character is returned unchanged, so callers
/// lowercase first.
pub fn fold_char(c: char) -> char {
    match c {
        'ā' => 'a',
        'č' => 'c',
        'ē' => 'e',
        'ģ' => 'g',
        'ī' => 'i',
        'ķ' => 'k',
        'ļ' => 'l',
        'ņ' => 'n',
        'š' => 's',
        'ū' => 'u',
        'ž' => 'z',
        'ō' => 'o',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_latvian() {
        assert_eq!(slugify("Cilvēks pirmajā vietā"), "cilveks-pirmaja-vieta");
        assert_eq!(slugify("Ūdens__Ģēnijs!"), "udens-genijs");
    }
}
