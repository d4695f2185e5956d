//! Diacritic folding: `ā→a, č→c, ē→e, ģ→g, ī→i, ķ→k, ļ→l, ņ→n, š→s, ū→u, ž→z`
//! and, generally, any letter with combining marks (é, ö, ō) to its base.
//!
//! Folding runs *after* stemming (search-design §3.3) because several Latvian
//! suffixes differ only by a diacritic. The browser does exactly the same:
//! `s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')`, so this
//! function must stay "NFD, drop General_Category=Mark, NFC" and nothing more.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds diacritics away. Every Latvian letter decomposes under NFD into a
/// base letter plus a mark, so no special table is needed; the final NFC
/// recomposes what NFD split without marks (Hangul syllables).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    // Fast path: letters of the Latin blocks map one to one (folding is a
    // hot spot of index building; full NFD + NFC per word was ~8 % of a
    // 10 000-record build). Exactly the slow path's result: such a letter
    // decomposes to a base letter plus marks, and base letters never
    // recompose with each other.
    let table = latin_table();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match table.get((c as usize).wrapping_sub(LATIN_START as usize)) {
            Some(&f) if c.is_ascii() || f != '\0' => out.push(f),
            _ if c.is_ascii() => out.push(c),
            _ => return fold_slow(s),
        }
    }
    out
}

/// "NFD, drop marks, NFC": the definition, for any text.
fn fold_slow(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .nfc()
        .collect()
}

const LATIN_START: u32 = 0xC0;
const LATIN_END: u32 = 0x24F;

/// Folded form of each letter U+00C0..=U+024F (Latin-1 letters, Latin
/// Extended-A and -B) whose fold is one character; `\0` where the slow
/// path must decide.
fn latin_table() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (LATIN_START..=LATIN_END)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return '\0';
                };
                let f = fold_slow(c.encode_utf8(&mut [0; 4]));
                let mut it = f.chars();
                match (it.next(), it.next()) {
                    (Some(one), None) if !is_combining_mark(c) => one,
                    _ => '\0',
                }
            })
            .collect()
    })
}

/// True if folding would change the word, i.e. the user typed a diacritic.
/// The query side uses this to choose between the exact stemmer and the
/// folded one (search-design §3.3, "query rule").
pub fn has_diacritics(s: &str) -> bool {
    !s.is_ascii() && fold(s) != s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_latvian_letter() {
        assert_eq!(fold("āčēģīķļņšūž"), "acegiklnsuz");
        assert_eq!(fold("ĀČĒĢĪĶĻŅŠŪŽ"), "ACEGIKLNSUZ");
    }

    #[test]
    fn folds_loanword_and_old_orthography_marks() {
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("öō"), "oo");
        // decomposed input folds the same as precomposed
        assert_eq!(fold("s\u{30C}"), "s");
    }

    #[test]
    fn leaves_plain_text_and_unmarked_letters() {
        assert_eq!(fold("pasvaldiba 2024"), "pasvaldiba 2024");
        assert_eq!(fold("ß ø ł"), "ß ø ł");
        assert_eq!(fold("한국"), "한국");
    }

    #[test]
    fn fast_path_equals_the_definition() {
        for u in 0x20..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [c.to_string(), format!("pa{c}s"), format!("{c}ā")] {
                assert_eq!(fold(&s), fold_slow(&s), "U+{u:04X} in {s:?}");
            }
        }
        assert_eq!(fold("Pašvaldība\u{301}"), fold_slow("Pašvaldība\u{301}"));
    }

    #[test]
    fn detects_diacritics() {
        assert!(has_diacritics("pašvaldība"));
        assert!(!has_diacritics("pasvaldiba"));
        assert!(!has_diacritics("ß"));
    }
}
