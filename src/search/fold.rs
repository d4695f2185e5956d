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
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .nfc()
        .collect()
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
    fn detects_diacritics() {
        assert!(has_diacritics("pašvaldība"));
        assert!(!has_diacritics("pasvaldiba"));
        assert!(!has_diacritics("ß"));
    }
}
