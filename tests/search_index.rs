//! Index round trip: build an index, decode it with the Rust reader (which
//! mirrors search.js) and check that inflected, diacritic-free, prefix and
//! misspelt queries find the right pages; determinism; shard sizes.

use inolab::search::index::SHARD_TARGET;
#[path = "search/reader.rs"]
mod reader;
use inolab::search::{Field, SearchIndex, build_index};
use reader::{Options, Outcome, Reader, decode_shard, edit_distance, gunzip};

#[path = "search/corpus.rs"]
mod corpus;
use corpus::{docs, synthetic};

fn search(r: &Reader, q: &str) -> Outcome {
    r.search(q, &Options::default())
}

fn urls(r: &Reader, o: &Outcome) -> Vec<String> {
    o.hits.iter().map(|h| r.fragment(h.doc).url).collect()
}

fn top(r: &Reader, q: &str) -> String {
    let o = search(r, q);
    assert!(!o.hits.is_empty(), "no hits for {q:?}");
    r.fragment(o.hits[0].doc).url
}

fn index() -> SearchIndex {
    build_index("lv", &docs())
}

#[test]
fn inflected_and_diacritic_free_queries_find_the_page() {
    let idx = index();
    let r = Reader::new(&idx);
    assert_eq!(top(&r, "cilveks"), "/lab/sprinti/cilveks-pirmaja-vieta/");
    assert_eq!(top(&r, "cilvēkiem"), "/lab/sprinti/cilveks-pirmaja-vieta/");
    assert_eq!(top(&r, "pasvaldibam"), "/lab/sprinti/pasvaldibu-dati/");
    assert_eq!(top(&r, "pašvaldība"), "/lab/sprinti/pasvaldibu-dati/");
    assert_eq!(top(&r, "udensvadu"), "/lab/sprinti/pasvaldibu-dati/");
    assert_eq!(
        top(&r, "digitālās platformas"),
        "/lab/prototipi/digitala-platforma/"
    );
    // compound: joined form and parts
    assert_eq!(
        top(&r, "pakalpojumi"),
        "/lab/sprinti/cilveks-pirmaja-vieta/"
    );
    assert_eq!(
        top(&r, "e-pakalpojumi"),
        "/lab/sprinti/cilveks-pirmaja-vieta/"
    );
    // a compound not in the text still finds pages with its parts
    assert_eq!(top(&r, "e-platforma"), "/lab/prototipi/digitala-platforma/");
}

#[test]
fn and_across_words_with_k_of_n_fallback() {
    let idx = index();
    let r = Reader::new(&idx);
    let o = search(&r, "pašvaldību datiem");
    assert_eq!((o.matched, o.terms), (2, 2));
    assert_eq!(o.hits.len(), 2, "{:?}", urls(&r, &o));
    let o = search(&r, "cilvēks zzzzqqq");
    assert_eq!((o.matched, o.terms), (1, 2));
    assert_eq!(urls(&r, &o), ["/lab/sprinti/cilveks-pirmaja-vieta/"]);
}

#[test]
fn one_typo_words_are_corrected() {
    let idx = index();
    let r = Reader::new(&idx);
    for q in [
        "pašvaldbia",
        "pasvaldbias",
        "cilevks",
        "platfomra",
        "digitlā",
    ] {
        let o = search(&r, q);
        assert!(!o.hits.is_empty(), "{q}");
        assert!(!o.corrections[0].is_empty(), "{q}");
    }
    assert_eq!(top(&r, "cilevks"), "/lab/sprinti/cilveks-pirmaja-vieta/");
    assert_eq!(top(&r, "platfomra"), "/lab/prototipi/digitala-platforma/");
    // short words are not corrected
    assert!(search(&r, "dtai").hits.is_empty());
}

#[test]
fn prefix_while_typing() {
    let idx = index();
    let r = Reader::new(&idx);
    let typing = Options {
        prefix_last: true,
        kinds: vec![],
    };
    let o = r.search("pašv", &typing);
    assert!(urls(&r, &o).contains(&"/lab/sprinti/pasvaldibu-dati/".to_string()));
    let o = r.search("digit", &typing);
    assert_eq!(urls(&r, &o)[0], "/lab/prototipi/digitala-platforma/");
    // a finished word (trailing space) is not expanded
    assert!(r.search("digit ", &typing).hits.is_empty());
    // two letters are too few
    assert!(r.search("pa", &typing).hits.is_empty());
}

#[test]
fn exact_title_match_outranks_stemmed_match() {
    let idx = index();
    let r = Reader::new(&idx);
    assert_eq!(top(&r, "projekts"), "/lab/terms/projekts/");
    assert_eq!(top(&r, "projektu"), "/lab/jaunumi/projektu-skate/");
}

#[test]
fn filter_by_kind_and_stop_word_only_queries() {
    let idx = index();
    let r = Reader::new(&idx);
    let o = r.search(
        "projekts",
        &Options {
            prefix_last: false,
            kinds: vec!["news".into()],
        },
    );
    assert_eq!(urls(&r, &o), ["/lab/jaunumi/projektu-skate/"]);
    // stop words are searched in titles when the query has nothing else
    let o = search(&r, "pirmajā un");
    assert_eq!(o.terms, 1);
    assert!(search(&r, "un").hits.is_empty());
}

#[test]
fn english_docs_in_english_index() {
    let idx = build_index("en", &docs());
    let r = Reader::new(&idx);
    assert_eq!(r.manifest.langs, ["en", "lv"]);
    assert_eq!(top(&r, "laboratories"), "/lab/en/news/laboratory-opens/");
    assert_eq!(top(&r, "run"), "/lab/en/news/laboratory-opens/");
    // the untranslated lv records are found with Latvian analysis
    assert_eq!(top(&r, "pasvaldibam"), "/lab/sprinti/pasvaldibu-dati/");
}

#[test]
fn fragments_carry_display_data() {
    let idx = index();
    let r = Reader::new(&idx);
    let o = search(&r, "cilvēks");
    let f = r.fragment(o.hits[0].doc);
    assert_eq!(f.title, "Cilvēks pirmajā vietā");
    assert_eq!(f.kind, "sprint");
    assert_eq!(f.lang, "lv");
    assert_eq!(f.date.as_deref(), Some("2024-05-01"));
    assert!(f.text.starts_with("Sprints par to"));
}

#[test]
fn deterministic_whatever_the_input_order() {
    let a = index();
    let mut d = docs();
    d.reverse();
    let b = build_index("lv", &d);
    assert_eq!(a, b);
    assert_eq!(a, index());
    assert!(a.manifest.starts_with("manifest-") && a.manifest.ends_with(".json"));
    let paths: Vec<&str> = a.files.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn shards_are_small_and_every_key_is_reachable() {
    let idx = build_index("lv", &synthetic(1200));
    let r = Reader::new(&idx);
    assert!(r.manifest.shards.len() > 3, "{}", r.manifest.shards.len());
    for (i, (_, path)) in r.manifest.shards.iter().enumerate() {
        let f = idx.files.iter().find(|f| f.path == *path).unwrap();
        let keys = decode_shard(&gunzip(&f.bytes));
        assert!(
            f.bytes.len() <= SHARD_TARGET || keys.len() == 1,
            "{path}: {}",
            f.bytes.len()
        );
        for k in keys.keys() {
            assert_eq!(r.shard_for(k), i, "key {k}");
        }
    }
    let manifest = idx.files.iter().find(|f| f.path == idx.manifest).unwrap();
    assert!(manifest.bytes.len() < 16 * 1024);
    // and the query finds every document with any form of the word
    let o = search(&r, "projektiem");
    let all = r.manifest.docs;
    assert!(o.hits.len() > all / 2, "{} of {all}", o.hits.len());
}

/// Fragments come in a few pack files (issue 23: one file per document
/// was most of a big site's files), each a table of offsets and the gzips,
/// and every document's fragment is found through the manifest alone.
#[test]
fn fragments_are_packed_a_few_files_per_index() {
    let k = inolab::search::index::PACK_DOCS;
    let d = synthetic(2 * k + 5);
    let idx = build_index("lv", &d);
    let r = Reader::new(&idx);
    assert_eq!(r.manifest.v, 2);
    assert_eq!(r.manifest.fk, k);
    let packs: Vec<_> = idx
        .files
        .iter()
        .filter(|f| f.path.starts_with("d/"))
        .collect();
    assert_eq!(packs.len(), 3, "{} documents in packs of {k}", d.len());
    for n in 0..3 {
        let name = format!("{}{n}.bin", r.manifest.frag);
        let f = packs.iter().find(|f| f.path == name).expect(&name);
        // The table: count + 1 offsets, the first just after it, the last
        // the file's end.
        let count = if n < 2 { k } else { 5 };
        let at = |i: usize| u32::from_le_bytes(f.bytes[4 * i..4 * i + 4].try_into().unwrap());
        assert_eq!(at(0) as usize, 4 * (count + 1), "{name}");
        assert_eq!(at(count) as usize, f.bytes.len(), "{name}");
    }
    let mut urls: Vec<String> = (0..d.len() as u32).map(|i| r.fragment(i).url).collect();
    let mut want: Vec<String> = d.iter().map(|x| x.url.clone()).collect();
    urls.sort();
    want.sort();
    assert_eq!(urls, want);
}

#[test]
fn empty_site_gives_a_working_empty_index() {
    let idx = build_index("lv", &[]);
    let r = Reader::new(&idx);
    assert_eq!(r.manifest.docs, 0);
    assert!(search(&r, "pašvaldība").hits.is_empty());
    assert!(search(&r, "pašvaldbia").hits.is_empty());
}

/// A glossary term's aliases are word forms for matching (`prototipa
/// prototipu …`); the snippet a user reads must come from the definition.
#[test]
fn snippets_come_from_the_text_not_the_alias_list() {
    let d = corpus::doc(
        "/glossary/prototips/",
        "term",
        "lv",
        "Prototips",
        &[
            (
                Field::Term,
                "prototipa prototipu prototipi prototipā prototipiem",
            ),
            (
                Field::Body,
                "Agrīna risinājuma versija, ko testē ar lietotājiem.",
            ),
        ],
    );
    let idx = build_index("lv", &[d]);
    let r = Reader::new(&idx);
    let o = search(&r, "prototipu");
    assert_eq!(o.hits.len(), 1, "the alias still matches");
    let f = r.fragment(o.hits[0].doc);
    assert_eq!(
        f.text,
        "Agrīna risinājuma versija, ko testē ar lietotājiem."
    );
}

/// A compound (`asinsdonoru`) is found by a query for its parts, as a part
/// match: below a page that has the words themselves.
#[test]
fn compounds_are_found_by_their_parts_below_exact_matches() {
    let docs = vec![
        corpus::doc(
            "/a/",
            "sprint",
            "lv",
            "Kustības ilgtspēja",
            &[(
                Field::Body,
                "Valsts asinsdonoru centrs meklē jaunus asinsdonorus.",
            )],
        ),
        corpus::doc(
            "/b/",
            "sprint",
            "lv",
            "Ziedošana",
            &[(
                Field::Body,
                "Asins donori ziedo asins komponentus; donoru skaits aug.",
            )],
        ),
        corpus::doc(
            "/c/",
            "sprint",
            "lv",
            "Cits",
            &[(Field::Body, "Asins analīzes un ūdensvads.")],
        ),
    ];
    let idx = build_index("lv", &docs);
    let r = Reader::new(&idx);
    assert_eq!(urls(&r, &search(&r, "asins donori")), ["/b/", "/a/"]);
    assert_eq!(urls(&r, &search(&r, "donoru")), ["/b/", "/a/"]);
    let asins = urls(&r, &search(&r, "asins"));
    assert_eq!(asins.len(), 3);
    assert_eq!(asins.last().map(String::as_str), Some("/a/"));
    // the whole compound still finds only the page that has it
    assert_eq!(urls(&r, &search(&r, "asinsdonori")), ["/a/"]);
}

/// Sprint facets (`Field::Facet`) go into the facets file of the combined
/// filters, by doc id, and nowhere else: not a word, not in a fragment.
#[test]
fn facets_file_lists_each_value_s_sprints_and_is_not_text() {
    let sprint = |url: &str, facets: &str| {
        corpus::doc(
            url,
            "sprint",
            "lv",
            "Sprints",
            &[(Field::Body, "Teksts."), (Field::Facet, facets)],
        )
    };
    let docs = vec![
        sprint(
            "/s/b/",
            "topics:/t/veseliba/ years:/y/2024/ status:/st/completed/",
        ),
        sprint(
            "/s/a/",
            "topics:/t/veseliba/ topics:/t/izglitiba/ years:/y/2023/",
        ),
        corpus::doc("/p/x/", "page", "lv", "Lapa", &[(Field::Body, "veseliba")]),
    ];
    let idx = build_index("lv", &docs);
    let r = Reader::new(&idx);
    let manifest: serde_json::Value = serde_json::from_slice(
        &idx.files
            .iter()
            .find(|f| f.path == idx.manifest)
            .unwrap()
            .bytes,
    )
    .unwrap();
    let path = manifest["facets"].as_str().expect("a facets file");
    let raw = gunzip(&idx.files.iter().find(|f| f.path == path).unwrap().bytes);
    let f = inolab::search::facets::Facets::decode(&raw).unwrap();
    let id = |url: &str| (0..3).find(|&d| r.fragment(d).url == url).unwrap();
    assert_eq!(f.docs("topics", "/t/veseliba/"), [id("/s/a/"), id("/s/b/")]);
    assert_eq!(f.docs("years", "/y/2024/"), [id("/s/b/")]);
    assert_eq!(f.docs("status", "/st/completed/"), [id("/s/b/")]);
    // not words, not shown
    assert_eq!(urls(&r, &search(&r, "veseliba")), ["/p/x/"]);
    assert_eq!(r.fragment(id("/s/a/")).text, "Teksts.");
    // the cached builder (inolab serve) makes the same files
    let mut cache = inolab::search::IndexCache::default();
    assert_eq!(
        inolab::search::build_index_cached("lv", &docs, &mut cache),
        idx
    );
    // an index without facets has no facets file
    let plain = build_index("lv", &docs[2..]);
    assert!(!plain.files.iter().any(|f| f.path.starts_with("f/")));
}

/// The typo distance of the reader (search.js has the same).
#[test]
fn damerau_levenshtein_distance() {
    assert_eq!(edit_distance("pasvaldib", "pasvaldib", 1), 0);
    assert_eq!(edit_distance("pasvaldbi", "pasvaldib", 1), 1);
    assert_eq!(edit_distance("pasvldib", "pasvaldib", 1), 1);
    assert_eq!(edit_distance("pasvaldibx", "pasvaldib", 1), 1);
    assert_eq!(edit_distance("pasvoldib", "pasvaldib", 1), 1);
    assert_eq!(edit_distance("psavldib", "pasvaldib", 1), 2);
    assert_eq!(edit_distance("psavldib", "pasvaldib", 2), 2);
    assert_eq!(edit_distance("abc", "abcdef", 2), 3);
}
