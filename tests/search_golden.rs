//! Golden vectors for the browser analyser, and a fixture index for the
//! browser ranking. tests/search/parity.mjs loads search.js in Node and
//! checks it against both:
//!
//! * tests/search/golden-lv.json and golden-en.json (committed): word →
//!   key, stems, query keys, tokenisation, stop words. This test fails if
//!   they differ from what the Rust analyser gives now; regenerate with
//!   `INOLAB_UPDATE_GOLDEN=1 cargo test --test search_golden` and review the diff.
//! * `<target>/tmp/search-fixture/` (a build product, not committed): an
//!   index built from the test corpus plus the Rust reader's results for a
//!   list of queries, each checked here for what a user would see (hits,
//!   the k-of-n fallback, corrections, the type filter). parity.mjs finds
//!   it there (or at `$INOLAB_SEARCH_FIXTURE`).

#[path = "search/reader.rs"]
mod reader;
use inolab::search::{
    SearchIndex, build_index, fold, key, keys, query_keys, stem_en, stem_lv, stem_lv_folded,
    stopwords, tokenize,
};
use reader::{Options, Reader};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "search/corpus.rs"]
mod corpus;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search")
}

/// Nouns and adjectives in every case ending of the suffix table, the
/// palatalisation pairs, guards, and words from the corpora.
fn lv_vocabulary() -> Vec<String> {
    let stems = [
        "tēv",
        "lāc",
        "lāč",
        "akmen",
        "akmeņ",
        "kurm",
        "kurmj",
        "liet",
        "lap",
        "egl",
        "egļ",
        "gov",
        "govj",
        "zil",
        "krāsn",
        "krāšņ",
        "zvaigzn",
        "zvaigžņ",
        "kāpsl",
        "kāpšļ",
        "zizl",
        "zižļ",
        "viln",
        "viļņ",
        "lell",
        "leļļ",
        "pinn",
        "piņņ",
        "rīkst",
        "rīkš",
        "pašvaldīb",
        "cilvēk",
        "projekt",
        "digitāl",
        "ūdensvad",
        "sabiedrīb",
        "inovācij",
        "laboratorij",
        "ziņ",
        "asin",
        "tirg",
        "jaun",
        "pils",
        "māj",
        "ķēniņ",
        "ģimen",
        "dzērv",
        "brāļ",
        "sirds",
    ];
    let endings = [
        "", "ajiem", "ajai", "ajam", "ajām", "ajos", "ajās", "iem", "ajā", "ais", "ai", "ei", "ām",
        "am", "ēm", "īm", "im", "um", "us", "as", "ās", "es", "os", "ij", "īs", "ēs", "is", "ie",
        "u", "a", "i", "e", "ā", "ē", "ī", "ū", "o", "s", "š",
    ];
    let mut words: Vec<String> = Vec::new();
    for s in stems {
        for e in endings {
            words.push(format!("{s}{e}"));
        }
    }
    for w in [
        "usa",
        "60ms",
        "ai",
        "abi",
        "2024",
        "covid19",
        "e",
        "ō",
        "ķīļraksts",
        "ōtrs",
        "problem",
        "sistēma",
        "sistem",
        "sistemas",
        "rīkšu",
        "rikšu",
        "kāpšļu",
        "pasvaldibam",
        "pašvaldībām",
    ] {
        words.push(w.into());
    }
    // (not the site's content: it changes, and this file should not)
    for d in corpus::docs() {
        for (_, t) in &d.fields {
            words.extend(tokenize(t));
        }
        words.extend(tokenize(&d.title));
    }
    // and every word again without diacritics, as users type it
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    words.extend(folded);
    words.sort();
    words.dedup();
    words
}

fn en_vocabulary() -> Vec<String> {
    let bases = [
        "consign",
        "knight",
        "generous",
        "laboratory",
        "innovate",
        "service",
        "sky",
        "die",
        "news",
        "run",
        "hop",
        "agree",
        "community",
        "generate",
        "arsenal",
        "relate",
        "condition",
        "rational",
        "valence",
        "hesitance",
        "digit",
        "conform",
        "radical",
        "different",
        "vile",
        "analog",
        "vietnam",
        "predicate",
        "operate",
        "feud",
        "decisive",
        "hope",
        "sensitive",
        "sensible",
        "formal",
        "electric",
        "triplic",
        "hope",
        "good",
        "care",
        "use",
        "adjust",
        "depend",
        "activate",
        "angular",
        "homolog",
        "effective",
        "bowdler",
        "communism",
        "irritant",
        "adopt",
        "citizen",
        "municipal",
        "government",
        "design",
        "prototype",
        "sprint",
        "public",
        "open",
        "data",
        "policy",
        "user",
        "research",
        "facilitate",
        "cocreate",
        "happy",
        "fly",
        "try",
        "yell",
        "play",
        "enjoy",
        "employ",
        "bye",
        "dye",
        "say",
        "ski",
        "idle",
        "gentle",
        "ugly",
        "early",
        "only",
        "single",
        "inning",
        "outing",
        "canning",
        "herring",
        "earring",
        "proceed",
        "exceed",
        "succeed",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "howe",
        "bed",
        "shed",
        "need",
        "feed",
        "lying",
        "tying",
        "dying",
        "skies",
        "skis",
        "caress",
        "ponies",
        "ties",
        "cats",
        "gas",
        "this",
        "kiwis",
        "luxuriate",
        "fall",
        "fill",
        "roll",
        "controll",
        "troubl",
    ];
    let suffixes = [
        "", "s", "es", "ed", "ing", "ly", "ness", "fully", "ational", "izer", "ization", "ousness",
        "iveness", "ement", "ies", "ied", "edly", "ingly", "eed", "er", "ive", "iti", "ous",
        "alli", "ical", "ibility", "logi", "lessly", "ative", "sion", "y", "le",
    ];
    let mut words: Vec<String> = Vec::new();
    for b in bases {
        for s in suffixes {
            words.push(format!("{b}{s}"));
        }
    }
    for d in corpus::docs() {
        if d.lang == "en" {
            for (_, t) in &d.fields {
                words.extend(tokenize(t));
            }
            words.extend(tokenize(&d.title));
        }
    }
    words.sort();
    words.dedup();
    words
}

fn tokenize_cases() -> Vec<&'static str> {
    vec![
        "Ūdensvads, pašvaldība; ĀRPUS!",
        "pas\u{30C}valdi\u{304}ba",
        "e-pakalpojumi un E‐pakalpojumi (U+2010) un e‑adrese (U+2011)",
        "Latvijas-Igaunijas robeža",
        "valsts - pārvalde, ab--cd ef-",
        "2024. gadā 3,5 % u.c. 60ms t.i. utt.",
        "COVID-19 un 5G",
        "Привет мир, ΟΔΟΣ, İstanbul",
        "Ķīļraksts — ōtrs „citāts“ 'quote' «x»",
        "don't children's naïve café",
        "emoji 🙂 stays out; 𝔸𝔹 are letters",
        "  ",
    ]
}

/// One line per word: `"word": [key, stem, stem_folded (lv), [query keys],
/// [index keys] (lv)]`.
fn golden(lang: &str) -> String {
    let words = if lang == "lv" {
        lv_vocabulary()
    } else {
        en_vocabulary()
    };
    let mut out = String::from("{\n");
    out += &format!("\"lang\": {},\n", json!(lang));
    out += &format!("\"stop\": {},\n", json!(stopwords::list(lang)));
    out += "\"tokenize\": [\n";
    let cases = tokenize_cases();
    for (i, t) in cases.iter().enumerate() {
        let sep = if i + 1 < cases.len() { "," } else { "" };
        out += &format!("  {}{sep}\n", json!([t, tokenize(t)]));
    }
    out += "],\n\"words\": {\n";
    for (i, w) in words.iter().enumerate() {
        let v: Value = if lang == "lv" {
            let (k, alt) = keys(lang, w);
            json!([
                key(lang, w),
                stem_lv(w),
                stem_lv_folded(w),
                query_keys(lang, w),
                std::iter::once(k).chain(alt).collect::<Vec<_>>()
            ])
        } else {
            json!([key(lang, w), stem_en(w), query_keys(lang, w)])
        };
        let sep = if i + 1 < words.len() { "," } else { "" };
        out += &format!("  {}: {v}{sep}\n", json!(w));
    }
    out += "}}\n";
    out
}

/// Compares a golden file with what the code gives now. A missing or
/// different file fails the test unless `INOLAB_UPDATE_GOLDEN` is set, which
/// (re)writes it: a golden file is only ever written on purpose.
fn check_or_write(name: &str, text: &str) {
    let path = dir().join(name);
    let update = std::env::var_os("INOLAB_UPDATE_GOLDEN").is_some();
    let old = std::fs::read_to_string(&path).ok();
    if old.as_deref() == Some(text) {
        return;
    }
    assert!(
        update,
        "{} {} the Rust analyser; if the change is intended run \
         INOLAB_UPDATE_GOLDEN=1 cargo test --test search_golden, review the diff \
         and run node tests/search/parity.mjs",
        path.display(),
        if old.is_some() {
            "differs from"
        } else {
            "is missing; it holds"
        }
    );
    std::fs::write(&path, text).unwrap();
}

#[test]
fn golden_vectors_lv() {
    check_or_write("golden-lv.json", &golden("lv"));
    let _: Value = serde_json::from_str(&golden("lv")).unwrap();
}

#[test]
fn golden_vectors_en() {
    check_or_write("golden-en.json", &golden("en"));
    let _: Value = serde_json::from_str(&golden("en")).unwrap();
}

/// Queries for the browser ranking check: (index, query, prefix, kinds).
const QUERIES: &[(&str, &str, bool, &[&str])] = &[
    ("lv", "cilveks", false, &[]),
    ("lv", "cilvēkiem", false, &[]),
    ("lv", "pasvaldibam", false, &[]),
    ("lv", "pašvaldība", false, &[]),
    ("lv", "pašvaldību datiem", false, &[]),
    ("lv", "cilvēks zzzzqqq", false, &[]),
    ("lv", "pašvaldbia", false, &[]),
    ("lv", "cilevks", false, &[]),
    ("lv", "platfomra", false, &[]),
    ("lv", "pašv", true, &[]),
    ("lv", "digit", true, &[]),
    ("lv", "digit ", true, &[]),
    ("lv", "projekts", false, &[]),
    ("lv", "projektu", false, &[]),
    ("lv", "projekts", false, &["news"]),
    ("lv", "pirmajā un", false, &[]),
    ("lv", "e-pakalpojumi", false, &[]),
    ("lv", "e-adrese", false, &[]),
    ("lv", "covid-19 pakalpojumi", false, &[]),
    ("lv", "inovācijas laboratorija", false, &[]),
    ("lv", "sabiedrības līdzdalība", false, &[]),
    ("lv", "prototip", true, &[]),
    ("lv", "prototipi", false, &["prototype"]),
    ("lv", "hakatoni", false, &[]),
    ("lv", "administratīvā sloga", false, &[]),
    ("lv", "civilā aizsardzība", false, &[]),
    ("lv", "ziedo", true, &[]),
    ("lv", "birokratijas mazinasana", false, &[]),
    ("lv", "kā", false, &[]),
    ("lv", "iestāžu", false, &[]),
    ("lv", "metožu", false, &[]),
    ("lv", "asins donori", false, &[]),
    ("lv", "asins", false, &[]),
    ("en", "laboratories", false, &[]),
    ("en", "run", false, &[]),
    ("en", "pasvaldibam", false, &[]),
    ("en", "innovation lab", true, &[]),
    ("en", "municipalites", false, &[]),
];

fn fixture_docs(lang: &str) -> Vec<inolab::search::SearchDoc> {
    let mut d = corpus::docs();
    d.extend(corpus::real_content(lang));
    d
}

/// Where the fixture for parity.mjs goes: a build product, like the index.
fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-fixture")
}

/// Builds the fixture indexes, runs [`QUERIES`] with the Rust reader, checks
/// what a user would notice, and leaves index and results for parity.mjs.
#[test]
fn ranking_fixture_for_the_browser() {
    let out = fixture_dir();
    let _ = std::fs::remove_dir_all(&out);
    let mut expected = Vec::new();
    let mut indexes: BTreeMap<&str, SearchIndex> = BTreeMap::new();
    for lang in ["lv", "en"] {
        let idx = build_index(lang, &fixture_docs(lang));
        for f in &idx.files {
            let p = out.join(lang).join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &f.bytes).unwrap();
        }
        indexes.insert(lang, idx);
    }
    for (lang, q, prefix, kinds) in QUERIES {
        let idx = &indexes[lang];
        let r = Reader::new(idx);
        let o = r.search(
            q,
            &Options {
                prefix_last: *prefix,
                kinds: kinds.iter().map(|k| k.to_string()).collect(),
            },
        );
        let frags: Vec<_> = o.hits.iter().map(|h| r.fragment(h.doc)).collect();
        // What a user sees: results for every query but a word fragment
        // that is finished (a space after it: no prefix matching) and a
        // misspelling two edits from its stem (`municip`), the
        // gibberish word as the k-of-n case (said so), only the kinds asked
        // for, and a correction where a word was misspelt.
        let none = ["digit ", "municipalites"].contains(q);
        assert_eq!(o.hits.is_empty(), none, "{lang} {q:?}: results");
        if !o.hits.is_empty() {
            assert_eq!(
                o.matched < o.terms,
                q.contains("zzzz"),
                "{lang} {q:?}: k of n"
            );
        }
        assert!(
            frags
                .iter()
                .all(|f| kinds.is_empty() || kinds.contains(&f.kind.as_str())),
            "{lang} {q:?}: a result of another kind"
        );
        let typo = ["pašvaldbia", "cilevks", "platfomra"].contains(q);
        assert_eq!(
            o.corrections.iter().any(|c| !c.is_empty()),
            typo,
            "{lang} {q:?}: corrections {:?}",
            o.corrections
        );
        let urls: Vec<String> = frags.iter().take(20).map(|f| f.url.clone()).collect();
        expected.push(json!({
            "lang": lang, "q": q, "prefix": prefix, "kinds": kinds,
            "manifest": idx.manifest, "hits": o.hits.len(), "top": urls,
            "scores": o.hits.iter().take(20).map(|h| h.score).collect::<Vec<_>>(),
            "matched": o.matched, "terms": o.terms, "corrections": o.corrections,
        }));
    }
    std::fs::write(
        out.join("expected.json"),
        serde_json::to_string_pretty(&expected).unwrap(),
    )
    .unwrap();
}
