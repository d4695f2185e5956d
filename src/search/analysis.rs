//! Text analysis shared by the index builder (Rust) and the browser
//! (search.js). Both sides must produce the same keys, so the rules are few
//! and spelled out here; tests/search/parity.mjs checks the JS against
//! golden vectors written from these functions.
//!
//! 1. NFC-normalise the text.
//! 2. A *word* is a maximal run of characters that are Alphabetic, Numeric
//!    (Nd, Nl, No) or Marks — Rust `is_alphanumeric() || is_combining_mark`,
//!    JS `/[\p{Alphabetic}\p{N}\p{M}]/u`. Not ASCII-only: `ūdensvads` stays
//!    whole (lunr and elasticlunr cut it to `densvads`).
//! 3. Words joined by a single hyphen (`-`, U+2010, U+2011) form a compound:
//!    it is indexed as the joined form (`epakalpojumi`) *and* as its parts.
//! 4. Each word is lower-cased (Unicode, locale-independent) and NFC'd again.
//! 5. Words shorter than 2 or longer than 40 characters are skipped.
//! 6. Stop words are dropped (except in titles), then
//!    key = fold(stem(word)) with the language's stemmer.

use super::fold::has_diacritics;
use super::{english, latvian, stopwords};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Shortest and longest indexed word, in characters.
pub const MIN_WORD: usize = 2;
pub const MAX_WORD: usize = 40;

/// One word of the text: the lower-case word (for a compound the joined
/// form without hyphens), its compound parts (empty for a simple word), and
/// its byte range in the NFC text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub parts: Vec<String>,
    pub start: usize,
    pub end: usize,
}

/// Is `c` part of a word (rule 2)?
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// True if every character is below U+0300. Such text is NFC: no
/// character below U+0300 decomposes or has a non-zero combining class
/// (checked for each one by a test). In UTF-8 these are exactly the strings
/// with no byte ≥ 0xCC (U+0300 is `CC 80`; continuation bytes are < 0xC0),
/// so the check is a plain byte scan (by blocks, which vectorises) —
/// Latvian letters (U+0100..U+017F) pass it. [`unicode_normalization::is_nfc`]
/// looks up every character's combining class, which made NFC checks ~10 %
/// of an index build.
pub fn below_combining(s: &str) -> bool {
    s.as_bytes()
        .chunks(32)
        .all(|c| c.iter().fold(0u8, |m, &b| m.max(b)) < 0xCC)
}

/// Is `c` NFC-quick-check "Yes" with combining class 0 (so any string of
/// such characters is NFC)? Below U+0300, plus General Punctuation from
/// U+2002 (dashes, quotes, ellipsis: common in prose; U+2000 and U+2001
/// decompose). Checked for each character by a test.
fn nfc_stable(c: char) -> bool {
    (c as u32) < 0x300 || ('\u{2002}'..='\u{206F}').contains(&c)
}

/// NFC without allocating a second copy when the text already is NFC
/// (the common case: a byte scan, then is_nfc's quick check).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    if below_combining(s) || s.chars().all(nfc_stable) || unicode_normalization::is_nfc(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}

fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let l = s.to_lowercase();
    match nfc(&l) {
        std::borrow::Cow::Borrowed(_) => l,
        std::borrow::Cow::Owned(n) => n,
    }
}

fn keep(w: &str) -> bool {
    let n = w.chars().count();
    (MIN_WORD..=MAX_WORD).contains(&n)
}

/// Splits NFC text into tokens (rules 2–5). Byte offsets refer to `text`,
/// which callers should NFC-normalise first ([`tokens`] does).
fn scan(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut runs: Vec<(usize, usize)> = Vec::new(); // runs of the current compound
    let flush = |runs: &mut Vec<(usize, usize)>, out: &mut Vec<Token>| {
        let parts: Vec<String> = runs.iter().map(|&(a, b)| lower(&text[a..b])).collect();
        let (start, end) = (runs[0].0, runs[runs.len() - 1].1);
        let word: String = parts.concat();
        let parts = if parts.len() > 1 {
            parts.into_iter().filter(|p| keep(p)).collect()
        } else {
            Vec::new()
        };
        if keep(&word) || !parts.is_empty() {
            out.push(Token {
                word,
                parts,
                start,
                end,
            });
        }
        runs.clear();
    };
    for_each_run(text, |a, b, ends_compound| {
        runs.push((a, b));
        if ends_compound {
            flush(&mut runs, &mut out);
        }
    });
    out
}

/// Walks the runs of word characters in `text` (rules 2–3), calling
/// `run(start, end, ends_compound)` for each; a single hyphen directly
/// followed by a word character joins two runs into one compound, so only
/// the compound's last run has `ends_compound`. The one scanner behind
/// [`scan`] and [`for_each_word`], so the two cannot drift apart.
fn for_each_run(text: &str, mut run: impl FnMut(usize, usize, bool)) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !is_word_char(d) {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let mut joins = false;
        if let Some(&(_, h)) = chars.peek()
            && is_hyphen(h)
        {
            let mut look = chars.clone();
            look.next();
            if let Some(&(_, d)) = look.peek()
                && is_word_char(d)
            {
                chars.next();
                joins = true;
            }
        }
        run(i, end, !joins);
    }
}

/// Appends the lower-case (then NFC) form of `s` to `out`: [`lower`]
/// without its own allocation for ASCII.
fn lower_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&lower(s));
    }
}

/// Calls `f` with each word [`tokenize`] returns, in the same order, without
/// allocating a string per word (the index builder's hot loop).
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let text = nfc(text);
    let text: &str = &text;
    // Lower-cased runs of the current compound, as ranges into `buf`.
    let mut buf = String::new();
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut emit = |buf: &mut String, parts: &mut Vec<(usize, usize)>| {
        if keep(buf) {
            f(buf);
        }
        if parts.len() > 1 {
            for &(a, b) in parts.iter() {
                if keep(&buf[a..b]) {
                    f(&buf[a..b]);
                }
            }
        }
        buf.clear();
        parts.clear();
    };
    for_each_run(text, |i, end, ends_compound| {
        let a = buf.len();
        lower_into(&text[i..end], &mut buf);
        parts.push((a, buf.len()));
        if ends_compound {
            emit(&mut buf, &mut parts);
        }
    });
}

/// NFC-normalises `text` and splits it into tokens. Returns the NFC text too,
/// because the byte offsets refer to it.
pub fn tokens(text: &str) -> (String, Vec<Token>) {
    let nfc = nfc(text).into_owned();
    let toks = scan(&nfc);
    (nfc, toks)
}

/// The words to index, flattened: each word followed by its compound parts.
/// `"E-pakalpojumi un 3,5"` → `["epakalpojumi", "pakalpojumi", "un", "3", "5"]`
/// would drop the one-letter `e`, `3` and `5`; see the tests.
pub fn tokenize(text: &str) -> Vec<String> {
    scan(&nfc(text))
        .into_iter()
        .flat_map(|t| {
            let mut v = Vec::with_capacity(1 + t.parts.len());
            if keep(&t.word) {
                v.push(t.word);
            }
            v.extend(t.parts);
            v
        })
        .collect()
}

/// Latvian light stem (§3.2) of a lower-case word.
pub fn stem_lv(word: &str) -> String {
    latvian::stem(word)
}

/// The folded Latvian stemmer (§3.3) for words typed without diacritics.
pub fn stem_lv_folded(word: &str) -> String {
    latvian::stem_folded(word)
}

/// Snowball English (Porter2) stem of a lower-case word.
pub fn stem_en(word: &str) -> String {
    english::stem(word)
}

pub use super::fold::fold;

/// The index key of one lower-case word: `fold(stem(word))`. Languages other
/// than lv and en are only folded.
pub fn key(lang: &str, word: &str) -> String {
    match lang {
        "lv" => fold(&latvian::stem(word)),
        "en" => fold(&english::stem(word)),
        _ => fold(word),
    }
}

/// Every key the index files one lower-case word under: [`key`] and, for a
/// Latvian word whose stem may hide a consonant alternation (`iestāžu`,
/// `veic`), the folded other stem of [`latvian::stems`]. At most two, the
/// first is [`key`].
pub fn keys(lang: &str, word: &str) -> (String, Option<String>) {
    if lang != "lv" {
        return (key(lang, word), None);
    }
    let (s, alt) = latvian::stems(word);
    let k = fold(&s);
    let alt = alt.map(|a| fold(&a)).filter(|a| *a != k);
    (k, alt)
}

/// Marks an *exact* key: the folded surface form of a title or term word,
/// `fold(word) + "!"`. Stemmed keys cannot tell `projekts` from `projektu`;
/// these few extra keys (titles and terms only) let an exact title match
/// outrank a stemmed one. `!` is not a word character, so no stem key can
/// end with it, and it sorts right after the word it ends.
pub const EXACT_MARK: char = '!';

/// The exact key of a lower-case word (see [`EXACT_MARK`]).
pub fn exact_key(word: &str) -> String {
    let mut k = fold(word);
    k.push(EXACT_MARK);
    k
}

/// Index keys of a text, stop words removed, in text order (with repeats).
pub fn analyze(lang: &str, text: &str) -> Vec<String> {
    analyze_with(lang, text, false)
}

/// Like [`analyze`]; with `keep_stop` the stop words are kept (titles).
pub fn analyze_with(lang: &str, text: &str, keep_stop: bool) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|w| keep_stop || !stopwords::is_stop(lang, w))
        .map(|w| key(lang, &w))
        .collect()
}

/// The keys a query word may match in an index of `lang` (rule of §3.3):
/// with diacritics typed, `fold(stem(w))`; without, both the folded stemmer
/// and the plain one (they differ for words like `problem`, where the folded
/// table's `-em` applies). Each is followed by its other stem for a
/// consonant alternation, if any (see [`keys`]). First key = the main one.
/// No duplicates.
pub fn query_keys(lang: &str, word: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut add = |k: String| {
        if !out.contains(&k) {
            out.push(k);
        }
    };
    if lang == "lv" && !has_diacritics(word) {
        let (s, alt) = latvian::stems_folded(word);
        add(s);
        if let Some(a) = alt {
            add(a);
        }
    }
    let (k, alt) = keys(lang, word);
    add(k);
    if let Some(a) = alt {
        add(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_each_word_equals_tokenize() {
        for t in [
            "Ūdensvads, pašvaldība; ĀRPUS!",
            "pas\u{30C}valdi\u{304}ba e-pakalpojumi Latvijas-Igaunijas robeža",
            "valsts - pārvalde ab--cd ef- 2024. gadā 3,5 % u.c. 60ms COVID-19",
            "Привет мир, ΟΔΟΣ İstanbul a-b-c x-yy-z ﬁ-ﬂ",
            "",
        ] {
            let mut v = Vec::new();
            for_each_word(t, |w| v.push(w.to_string()));
            assert_eq!(v, tokenize(t), "{t:?}");
        }
    }

    #[test]
    fn text_below_u0300_is_nfc() {
        for u in 0..0x300u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}ā{c}");
            assert!(below_combining(&s));
            assert!(unicode_normalization::is_nfc(&s), "U+{u:04X}");
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
        }
        assert!(!below_combining("a\u{300}"));
        for c in ('\0'..='\u{2100}').filter(|&c| nfc_stable(c)) {
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
        }
        assert!(!nfc_stable('\u{2000}') && !nfc_stable('\u{300}'));
        assert_eq!(nfc("pas\u{30C}"), "paš");
    }

    #[test]
    fn tokenises_latvian_with_diacritics() {
        assert_eq!(
            tokenize("Ūdensvads, pašvaldība; ĀRPUS!"),
            ["ūdensvads", "pašvaldība", "ārpus"]
        );
    }

    #[test]
    fn tokenises_decomposed_input_as_nfc() {
        assert_eq!(tokenize("pas\u{30C}valdi\u{304}ba"), ["pašvaldība"]);
    }

    #[test]
    fn hyphenated_compounds_give_joined_form_and_parts() {
        assert_eq!(tokenize("e-pakalpojumi"), ["epakalpojumi", "pakalpojumi"]);
        assert_eq!(
            tokenize("Latvijas-Igaunijas robeža"),
            ["latvijasigaunijas", "latvijas", "igaunijas", "robeža"]
        );
        // a dash with spaces, a double hyphen or a trailing hyphen joins nothing
        assert_eq!(tokenize("valsts - pārvalde"), ["valsts", "pārvalde"]);
        assert_eq!(tokenize("ab--cd ef-"), ["ab", "cd", "ef"]);
    }

    #[test]
    fn digits_and_abbreviations() {
        assert_eq!(
            tokenize("2024. gadā 3,5 % u.c. 60ms"),
            ["2024", "gadā", "60ms"]
        );
        assert_eq!(tokenize("COVID-19"), ["covid19", "covid", "19"]);
    }

    #[test]
    fn non_latin_scripts_are_words() {
        assert_eq!(tokenize("Привет мир, ΟΔΟΣ"), ["привет", "мир", "οδος"]);
    }

    #[test]
    fn offsets_point_into_nfc_text() {
        let (nfc, t) = tokens("Cilvēks pirmajā vietā");
        assert_eq!(&nfc[t[1].start..t[1].end], "pirmajā");
    }

    #[test]
    fn analyses_latvian_and_english() {
        assert_eq!(
            analyze("lv", "Cilvēks ir pirmajā vietā un pašvaldībām"),
            ["cilvek", "pirm", "viet", "pasvaldib"]
        );
        assert_eq!(
            analyze("en", "The laboratories are running innovations"),
            ["laboratori", "run", "innov"]
        );
        assert_eq!(analyze_with("lv", "Kā būt?", true), ["ka", "but"]);
    }

    #[test]
    fn query_keys_follow_the_diacritic_rule() {
        assert_eq!(query_keys("lv", "pasvaldibam"), ["pasvaldib"]);
        assert_eq!(query_keys("lv", "pašvaldībām"), ["pasvaldib"]);
        assert_eq!(query_keys("lv", "cilveks"), ["cilvek"]);
        assert_eq!(query_keys("lv", "problem"), ["probl", "problem"]);
        assert_eq!(query_keys("en", "running"), ["run"]);
        assert_eq!(query_keys("lv", "iestāžu"), ["iestaz", "iestad"]);
        assert_eq!(query_keys("lv", "iestazu"), ["iestaz", "iestad"]);
        assert_eq!(query_keys("lv", "veic"), ["veic", "veik"]);
        assert_eq!(keys("lv", "iestāde"), ("iestad".to_string(), None));
        assert_eq!(
            keys("lv", "metožu"),
            ("metoz".to_string(), Some("metod".to_string()))
        );
        assert_eq!(keys("en", "running"), ("run".to_string(), None));
    }
}
