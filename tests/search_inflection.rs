//! Recall on inflected forms, without a dictionary: every word of the
//! bundled Latvian content that looks like a dictionary form (by its
//! ending) is inflected by the rules of its declension — or, for verbs in
//! `-kt`/`-gt`, conjugated — *including the consonant alternations* (d/ž,
//! t/š, s/š, z/ž, c/č, l/ļ, n/ņ, labial + j, k/c, g/dz), and each form must
//! reach the dictionary form's key: a query for the form must find a page
//! that has the dictionary form, and a query for the dictionary form a page
//! that has the form. The generator below is ordinary Latvian morphology,
//! written independently of the stemmer (which only strips).
//!
//! "Before" is the stemmer's first key alone, which is exactly what the
//! index and queries used before the alternation keys (the first key did
//! not change: tests/search/golden-lv.json); "after" adds them. Both are
//! printed (`cargo test --test search_inflection -- --nocapture`).

use inolab::search::{fold, key, keys, query_keys, tokenize};
use std::collections::BTreeSet;

#[path = "search/corpus.rs"]
mod corpus;

/// The alternated stem before a palatalising ending (genitive plural of
/// declensions V and VI; declension II except nominative, dative, accusative
/// and locative singular).
fn alternated(stem: &str) -> String {
    for (from, to) in [
        ("kst", "kš"),
        ("sn", "šņ"),
        ("zn", "žņ"),
        ("sl", "šļ"),
        ("zl", "žļ"),
        ("ln", "ļņ"),
        ("ll", "ļļ"),
        ("nn", "ņņ"),
        ("dz", "dž"),
        ("st", "š"),
        ("p", "pj"),
        ("b", "bj"),
        ("m", "mj"),
        ("v", "vj"),
        ("f", "fj"),
        ("c", "č"),
        ("d", "ž"),
        ("z", "ž"),
        ("s", "š"),
        ("t", "š"),
        ("l", "ļ"),
        ("n", "ņ"),
    ] {
        if let Some(head) = stem.strip_suffix(from) {
            return format!("{head}{to}");
        }
    }
    stem.to_string()
}

fn with(stem: &str, endings: &str) -> Vec<String> {
    endings.split(' ').map(|e| format!("{stem}{e}")).collect()
}

fn long_vowel_before(s: &str) -> bool {
    ["ā", "ē", "ī", "ū", "ai", "au", "ei", "ie", "ui"]
        .iter()
        .any(|v| s.ends_with(v))
}

/// (class, dictionary form, forms) for a word, guessed from its ending.
fn paradigm(w: &str) -> Option<(&'static str, String, Vec<String>)> {
    let consonant = |c: Option<char>| c.is_some_and(|c| !"aeiouāēīūo".contains(c));
    let n = w.chars().count();
    if n < 5 || !w.chars().all(char::is_alphabetic) {
        return None;
    }
    if let Some(s) = w.strip_suffix("kt").or_else(|| w.strip_suffix("gt"))
        && long_vowel_before(s)
    {
        let (k, c) = if w.ends_with("kt") {
            ("k", "c")
        } else {
            ("g", "dz")
        };
        let mut f = with(&format!("{s}{c}"), " u am at a ām āt");
        f.extend(with(&format!("{s}{k}"), "ts ta tu tā tie tas"));
        return Some(("verb -kt/-gt", w.to_string(), f));
    }
    if let Some(s) = w.strip_suffix("is")
        && consonant(s.chars().last())
        && !s.ends_with('j')
    {
        let mut f = with(s, "is im i ī");
        f.extend(with(&alternated(s), "a i u iem us os"));
        return Some(("noun II", w.to_string(), f));
    }
    if let Some(s) = w.strip_suffix('e')
        && consonant(s.chars().last())
    {
        let mut f = with(s, "e es ei i ē ēm ēs");
        f.push(format!("{}u", alternated(s)));
        return Some(("noun V", w.to_string(), f));
    }
    if let Some(s) = w.strip_suffix('a')
        && !s.ends_with("aj")
        && consonant(s.chars().last())
    {
        return Some(("noun IV", w.to_string(), with(s, "a as ai u ā ām ās")));
    }
    if let Some(s) = w.strip_suffix("us")
        && consonant(s.chars().last())
    {
        return Some(("noun III", w.to_string(), with(s, "us um u ū i iem os")));
    }
    if let Some(s) = w.strip_suffix('s')
        && consonant(s.chars().last())
        && !s.ends_with('s')
    {
        return Some(("noun I", w.to_string(), with(s, "s a am u ā i iem us os")));
    }
    None
}

/// Does a query for `q` find a page that has `w`? With `alternations`, by
/// every key; without, by the first key only (the stemmer before them).
fn finds(q: &str, w: &str, alternations: bool) -> bool {
    let page: Vec<String> = if alternations {
        let (k, alt) = keys("lv", w);
        std::iter::once(k).chain(alt).collect()
    } else {
        vec![key("lv", w)]
    };
    let mut asked = query_keys("lv", q);
    if !alternations {
        // the first key of each stemmer, as before
        asked = vec![
            inolab::search::stem_lv_folded(q),
            fold(&inolab::search::stem_lv(q)),
        ];
        if q != fold(q) {
            asked.remove(0);
        }
    }
    asked.iter().any(|k| page.contains(k))
}

#[test]
fn inflected_forms_of_content_words_reach_their_dictionary_form() {
    let docs = corpus::real_content("lv");
    if docs.len() < 20 {
        eprintln!("content/ not found or too small; skipped");
        return;
    }
    let mut words = BTreeSet::new();
    for d in &docs {
        words.extend(tokenize(&d.title));
        for (_, t) in &d.fields {
            words.extend(tokenize(t));
        }
    }
    let mut lemmas = 0;
    let mut tally: std::collections::BTreeMap<&str, [usize; 3]> = Default::default();
    let mut misses = Vec::new();
    // forms typed without diacritics, finding the dictionary form (after)
    let (mut typed, mut typed_ok) = (0usize, 0usize);
    for w in &words {
        let Some((class, lemma, forms)) = paradigm(w) else {
            continue;
        };
        lemmas += 1;
        for f in forms.iter().filter(|f| **f != lemma) {
            let both = |alt| finds(f, &lemma, alt) && finds(&lemma, f, alt);
            typed += 1;
            typed_ok += usize::from(finds(&fold(f), &lemma, true));
            let t = tally.entry(class).or_default();
            t[0] += 1;
            t[1] += usize::from(both(false));
            if both(true) {
                t[2] += 1;
            } else if misses.len() < 40 {
                misses.push(format!("{f} ({lemma})"));
            }
        }
    }
    let mut total = [0usize; 3];
    for (class, t) in &tally {
        eprintln!(
            "{class:>14}: {:>5} forms, before {:5.1} %, after {:5.1} %",
            t[0],
            100.0 * t[1] as f64 / t[0] as f64,
            100.0 * t[2] as f64 / t[0] as f64
        );
        for i in 0..3 {
            total[i] += t[i];
        }
    }
    let (before, after) = (
        total[1] as f64 / total[0] as f64,
        total[2] as f64 / total[0] as f64,
    );
    eprintln!(
        "{lemmas} dictionary forms, {} inflected forms: before {:.1} %, after {:.1} %; some misses: {}",
        total[0],
        before * 100.0,
        after * 100.0,
        misses.join(", ")
    );
    let typed_rate = typed_ok as f64 / typed as f64;
    eprintln!(
        "typed without diacritics: {:.1} % find the dictionary form",
        typed_rate * 100.0
    );
    assert!(total[0] > 1000, "only {} forms", total[0]);
    assert!(typed_rate >= 0.95, "typed without diacritics {typed_rate}");
    assert!(after >= 0.97, "after {after}");
    assert!(after > before);
}

/// The failing forms of issue 20, on the real content: each query finds
/// every page that has any form of the word.
#[test]
fn alternated_forms_find_every_page_with_the_word() {
    let docs = corpus::real_content("lv");
    if docs.len() < 20 {
        return;
    }
    for (queries, forms) in [
        (
            "iestāžu iestādēm iestāde iestazu",
            "iestāde iestādes iestādei iestādi iestādē iestādēm iestādēs iestāžu",
        ),
        (
            "metožu metodēm metode metozu",
            "metode metodes metodei metodi metodē metodēm metodēs metožu",
        ),
    ] {
        let forms: Vec<&str> = forms.split(' ').collect();
        let want: BTreeSet<&str> = docs
            .iter()
            .filter(|d| {
                let mut all = tokenize(&d.title);
                for (_, t) in &d.fields {
                    all.extend(tokenize(t));
                }
                all.iter().any(|w| forms.contains(&w.as_str()))
            })
            .map(|d| d.url.as_str())
            .collect();
        assert!(want.len() > 1);
        let idx = inolab::search::build_index("lv", &docs);
        let r = reader::Reader::new(&idx);
        for q in queries.split(' ') {
            let got: BTreeSet<String> = r
                .search(q, &reader::Options::default())
                .hits
                .iter()
                .map(|h| r.fragment(h.doc).url)
                .collect();
            let missing: Vec<&&str> = want.iter().filter(|u| !got.contains(**u)).collect();
            assert!(missing.is_empty(), "{q}: misses {missing:?}");
        }
    }
}

#[path = "search/reader.rs"]
mod reader;
