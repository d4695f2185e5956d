//! Incremental index builds: `build_index_cached` must give exactly the
//! files of `build_index` for the same documents, whatever happened to the
//! cache before (edits, additions, deletions, reorderings, another
//! language), and the cache must hold only what the last build used.

use inolab::search::analysis::{for_each_word, tokenize};
use inolab::search::{Field, IndexCache, SearchDoc, build_index, build_index_cached};
use proptest::prelude::*;

#[path = "search/corpus.rs"]
mod corpus;
use corpus::{docs, synthetic};

/// Builds with the cache and checks the result against a cold build.
fn check(lang: &str, docs: &[SearchDoc], cache: &mut IndexCache, step: &str) {
    let cached = build_index_cached(lang, docs, cache);
    let cold = build_index(lang, docs);
    assert_eq!(cached.manifest, cold.manifest, "{step}: manifest");
    assert_eq!(cached.files.len(), cold.files.len(), "{step}: file count");
    for (a, b) in cached.files.iter().zip(&cold.files) {
        assert_eq!(a.path, b.path, "{step}");
        assert!(a.bytes == b.bytes, "{step}: {} differs", a.path);
    }
    let mut distinct = docs.to_vec();
    distinct.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    distinct.dedup();
    assert_eq!(cache.len().0, distinct.len(), "{step}: cached documents");
}

fn body(d: &mut SearchDoc) -> &mut String {
    if !d.fields.iter().any(|f| f.0 == Field::Body) {
        d.fields.push((Field::Body, String::new()));
    }
    let i = d.fields.iter().position(|f| f.0 == Field::Body).unwrap();
    &mut d.fields[i].1
}

#[test]
fn a_sequence_of_edits_gives_the_cold_build_every_time() {
    let mut cache = IndexCache::default();
    let mut d = synthetic(300);
    check("lv", &d, &mut cache, "first build");
    check("lv", &d, &mut cache, "unchanged");
    body(&mut d[17]).push_str(" pašvaldībām jauns vārds");
    check("lv", &d, &mut cache, "one body edited");
    d[40].title = "Jauns virsraksts: e-pakalpojumi".into();
    check("lv", &d, &mut cache, "title edited");
    let mut added = d[3].clone();
    added.url = "/lab/jauns/".into();
    added.title = "Pilnīgi jauna lapa".into();
    d.push(added);
    check("lv", &d, &mut cache, "document added");
    d.remove(0);
    check("lv", &d, &mut cache, "first document deleted");
    d.remove(150);
    check("lv", &d, &mut cache, "middle document deleted");
    d[5].url = "/zzz/".into();
    check("lv", &d, &mut cache, "url changed (doc ids move)");
    d[6].kind = "news".into();
    check("lv", &d, &mut cache, "kind changed");
    let dup = d[7].clone();
    d.push(dup);
    check("lv", &d, &mut cache, "duplicate document");
    d[8].lang = "en".into();
    check("lv", &d, &mut cache, "an en document in the lv index");
    d.reverse();
    check("lv", &d, &mut cache, "input order reversed");
    check("en", &d, &mut cache, "same cache, other language");
    for doc in d.iter_mut().step_by(3) {
        body(doc).push_str(" vēl teksts");
    }
    check("lv", &d, &mut cache, "a third of the documents edited");
    check("lv", &[], &mut cache, "no documents");
    check("lv", &synthetic(50), &mut cache, "another corpus");
    check("lv", &docs(), &mut cache, "the hand-written corpus");
}

#[test]
fn the_cache_holds_only_what_the_last_build_used() {
    let mut cache = IndexCache::default();
    assert!(cache.is_empty());
    build_index_cached("lv", &docs(), &mut cache);
    assert!(!cache.is_empty());
    build_index_cached("lv", &[], &mut cache);
    assert_eq!(cache.len().0, 0, "documents of the previous build dropped");
}

/// Small texts with Latvian letters, decomposed marks, hyphens and stop words.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("pašvaldība".to_string()),
            Just("pašvaldībām".to_string()),
            Just("iestāde".to_string()),
            Just("e-pakalpojumi".to_string()),
            Just("un".to_string()),
            Just("Ūdensvads".to_string()),
            Just("pas\u{30C}valdi\u{304}ba".to_string()),
            Just("projekts".to_string()),
            Just("projektu".to_string()),
            Just("COVID-19".to_string()),
            Just("lācis".to_string()),
            Just("—".to_string()),
            "[a-zāčēģīķļņšūž]{1,9}",
        ],
        0..12,
    )
    .prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
enum Op {
    Edit(usize, String),
    Title(usize, String),
    Add(String, String),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..64usize, text()).prop_map(|(i, t)| Op::Edit(i, t)),
        (0..64usize, text()).prop_map(|(i, t)| Op::Title(i, t)),
        ("[a-e]{1,3}", text()).prop_map(|(u, t)| Op::Add(u, t)),
        (0..64usize).prop_map(Op::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn cached_builds_equal_cold_builds(ops in proptest::collection::vec(op(), 1..8)) {
        let mut d = docs();
        let mut cache = IndexCache::default();
        check("lv", &d, &mut cache, "start");
        for (n, o) in ops.iter().enumerate() {
            let len = d.len();
            match o {
                Op::Edit(i, t) if len > 0 => *body(&mut d[i % len]) = t.clone(),
                Op::Title(i, t) if len > 0 => d[i % len].title = t.clone(),
                Op::Add(u, t) => d.push(corpus::doc(&format!("/{u}/"), "page", "lv", t, &[(Field::Body, t)])),
                Op::Delete(i) if len > 0 => { d.remove(i % len); }
                _ => {}
            }
            check("lv", &d, &mut cache, &format!("step {n}: {o:?}"));
        }
    }

    #[test]
    fn for_each_word_equals_tokenize(t in "(\\PC|[-‐‑ āčēšž\u{300}-\u{36F}]){0,60}") {
        let mut v = Vec::new();
        for_each_word(&t, |w| v.push(w.to_string()));
        prop_assert_eq!(v, tokenize(&t));
    }
}

/// Equal indexes, file by file.
fn same(a: &inolab::search::SearchIndex, b: &inolab::search::SearchIndex, step: &str) {
    assert_eq!(a.manifest, b.manifest, "{step}: manifest");
    let paths = |i: &inolab::search::SearchIndex| -> Vec<String> {
        i.files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(paths(a), paths(b), "{step}: files");
    for (x, y) in a.files.iter().zip(&b.files) {
        assert!(x.bytes == y.bytes, "{step}: {} differs", x.path);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A build hands documents to the index a chunk at a time, in the
    /// order pages are listed, not the index's: any split and any order
    /// must give the index built from all of them at once (here by the
    /// cached builder, a separate path through the code).
    #[test]
    fn documents_handed_over_in_chunks_in_any_order_give_the_same_index(
        chunk in 1usize..120,
        rotate in 0usize..300,
        reverse in any::<bool>(),
    ) {
        let all = synthetic(300);
        let whole = build_index_cached("lv", &all, &mut IndexCache::default());
        let mut fed = all.clone();
        let n = fed.len();
        fed.rotate_left(rotate % n);
        if reverse {
            fed.reverse();
        }
        let mut b = inolab::search::IndexBuilder::new("lv");
        for c in fed.chunks(chunk) {
            b.add(c);
        }
        same(&b.finish(), &whole, &format!("chunks of {chunk}, rotated {rotate}, reversed {reverse}"));
    }
}

/// A build hands its chunks over to be analysed in the background, sets
/// each document's keys and fragment aside in a scratch file and gets the
/// index's files one at a time: the same files as the index built in
/// memory, and no scratch file left in the folder afterwards.
#[test]
fn an_index_spilled_to_a_scratch_file_and_handed_over_file_by_file_is_the_same() {
    let all = synthetic(300);
    let whole = build_index("lv", &all);
    let dir = tempfile::tempdir().unwrap();
    let mut b = inolab::search::IndexBuilder::new("lv");
    assert!(b.spill_in(dir.path()), "the scratch file can be made");
    // Chunks analysed in the background while the next is handed over,
    // as a build does, and one added at once between them.
    for (i, c) in all.chunks(70).enumerate() {
        if i == 2 {
            b.add(c);
        } else {
            b.add_later(c.to_vec());
        }
    }
    let mut files = Vec::new();
    let manifest = b.finish_into(&mut |f| files.push(f)).unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let streamed = inolab::search::SearchIndex { files, manifest };
    same(&streamed, &whole, "spilled, file by file");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no scratch file is left"
    );
}
