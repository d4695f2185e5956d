//! Stop words. Dropped from every field except the title (so that a query
//! made only of stop words, such as "Kā būt?", can still match a title).
//!
//! Latvian: the list from Apache Lucene's `analysis/lv/stopwords.txt`,
//! 161 distinct words. Its header reads: "This file was created by Jacques
//! Savoy and is distributed under the BSD license. Set of Latvian stopwords
//! from A Stemming Algorithm for Latvian, Karlis Kreslins; the original list
//! of over 800 forms was refined: pronouns, adverbs, interjections were
//! removed". The same 161 words are in stopwords-iso (MIT).
//!
//! English: Apache Lucene's `EnglishAnalyzer` default stop set (33 words,
//! Apache-2.0). Credits are repeated in docs/search-notices.md.
//!
//! The browser runtime (themes/default/static/js/search.js) carries the same
//! two lists; tests/search_golden.rs checks they are identical.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Latvian stop words (Savoy/Kreslins, BSD, via Lucene), grouped as in the
/// source: prepositions, conjunctions, particles, modal verbs, verbs.
pub const LV: &[&str] = &[
    // prepositions
    "aiz",
    "ap",
    "ar",
    "apakš",
    "ārpus",
    "augšpus",
    "bez",
    "caur",
    "dēļ",
    "gar",
    "iekš",
    "iz",
    "kopš",
    "labad",
    "lejpus",
    "līdz",
    "no",
    "otrpus",
    "pa",
    "par",
    "pār",
    "pēc",
    "pie",
    "pirms",
    "pret",
    "priekš",
    "starp",
    "šaipus",
    "uz",
    "viņpus",
    "virs",
    "virspus",
    "zem",
    "apakšpus",
    // conjunctions
    "un",
    "bet",
    "jo",
    "ja",
    "ka",
    "lai",
    "tomēr",
    "tikko",
    "turpretī",
    "arī",
    "kaut",
    "gan",
    "tādēļ",
    "tā",
    "ne",
    "tikvien",
    "vien",
    "kā",
    "ir",
    "te",
    "vai",
    "kamēr",
    // particles ("ar" and "vien" are listed twice in the source)
    "diezin",
    "droši",
    "diemžēl",
    "nebūt",
    "ik",
    "it",
    "taču",
    "nu",
    "pat",
    "tiklab",
    "iekšpus",
    "nedz",
    "tik",
    "nevis",
    "turpretim",
    "jeb",
    "iekam",
    "iekām",
    "iekāms",
    "kolīdz",
    "līdzko",
    "tiklīdz",
    "jebšu",
    "tālab",
    "tāpēc",
    "nekā",
    "itin",
    "jā",
    "jau",
    "jel",
    "nē",
    "nezin",
    "tad",
    "tikai",
    "vis",
    "tak",
    "iekams",
    // modal verbs
    "būt",
    "biju",
    "biji",
    "bija",
    "bijām",
    "bijāt",
    "esmu",
    "esi",
    "esam",
    "esat",
    "būšu",
    "būsi",
    "būs",
    "būsim",
    "būsiet",
    "tikt",
    "tiku",
    "tiki",
    "tika",
    "tikām",
    "tikāt",
    "tieku",
    "tiec",
    "tiek",
    "tiekam",
    "tiekat",
    "tikšu",
    "tiks",
    "tiksim",
    "tiksiet",
    "tapt",
    "tapi",
    "tapāt",
    "topat",
    "tapšu",
    "tapsi",
    "taps",
    "tapsim",
    "tapsiet",
    "kļūt",
    "kļuvu",
    "kļuvi",
    "kļuva",
    "kļuvām",
    "kļuvāt",
    "kļūstu",
    "kļūsti",
    "kļūst",
    "kļūstam",
    "kļūstat",
    "kļūšu",
    "kļūsi",
    "kļūs",
    "kļūsim",
    "kļūsiet",
    // verbs
    "varēt",
    "varēju",
    "varējām",
    "varēšu",
    "varēsim",
    "var",
    "varēji",
    "varējāt",
    "varēsi",
    "varēsiet",
    "varat",
    "varēja",
    "varēs",
];

/// English stop words: Lucene `EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`.
pub const EN: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// The stop list for a language ("lv" or "en"; anything else has none).
pub fn list(lang: &str) -> &'static [&'static str] {
    match lang {
        "lv" => LV,
        "en" => EN,
        _ => &[],
    }
}

/// Is `word` (lower-case, NFC) a stop word in `lang`? (A hash set: this
/// runs for every word of every page. Only looked up, never iterated, so
/// its order cannot reach the output.)
pub fn is_stop(lang: &str, word: &str) -> bool {
    static LV_SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static EN_SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let set = match lang {
        "lv" => LV_SET.get_or_init(|| LV.iter().copied().collect()),
        "en" => EN_SET.get_or_init(|| EN.iter().copied().collect()),
        _ => return false,
    };
    set.contains(word)
}

/// Query side only: a word typed without diacritics ("ari", "tapec") is
/// also a stop word if it equals a folded stop word.
pub fn is_stop_query(lang: &str, word: &str) -> bool {
    is_stop(lang, word)
        || (!crate::search::fold::has_diacritics(word)
            && list(lang)
                .iter()
                .any(|s| crate::search::fold::fold(s) == word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn latvian_list_has_161_distinct_words() {
        let set: BTreeSet<_> = LV.iter().collect();
        assert_eq!(set.len(), 161);
        assert_eq!(LV.len(), 161);
    }

    #[test]
    fn english_list_has_33_words() {
        let set: BTreeSet<_> = EN.iter().collect();
        assert_eq!(set.len(), 33);
    }

    #[test]
    fn folded_query_stop_words() {
        assert!(is_stop("lv", "arī"));
        assert!(!is_stop("lv", "ari"));
        assert!(is_stop_query("lv", "ari"));
        assert!(!is_stop_query("lv", "pasvaldiba"));
    }
}
