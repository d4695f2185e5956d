//! Size and speed of the index on a synthetic site (ignored by default):
//! `cargo test --release --test search_bench -- --ignored --nocapture`.

use inolab::search::build_index;
use inolab::search::query::{Options, Reader};
use std::time::Instant;

#[path = "search/corpus.rs"]
mod corpus;

#[test]
#[ignore]
fn index_size_and_bytes_per_query() {
    for n in [1000, 10000] {
        let docs = corpus::synthetic(n);
        let t = Instant::now();
        let idx = build_index("lv", &docs);
        let secs = t.elapsed().as_secs_f64();
        let size = |pre: &str| -> (usize, usize) {
            let f: Vec<_> = idx
                .files
                .iter()
                .filter(|f| f.path.starts_with(pre))
                .collect();
            (f.len(), f.iter().map(|f| f.bytes.len()).sum())
        };
        let (ps, pb) = size("p/");
        let (ls, lb) = size("l/");
        let (ds, db) = size("d/");
        let m = idx.files.iter().find(|f| f.path == idx.manifest).unwrap();
        eprintln!(
            "{n} docs: built in {secs:.2} s; manifest {} B; {ps} shards {pb} B; {ls} lexicon parts {lb} B; {ds} fragments {db} B",
            m.bytes.len()
        );
        let r = Reader::new(&idx);
        for q in [
            "projektiem",
            "digitālā platforma",
            "inovacijas",
            "pakalpojumu",
            "projketiem",
        ] {
            let t = Instant::now();
            let o = r.search(q, &Options::default());
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let mut fetched = o.fetched.clone();
            for h in o.hits.iter().take(5) {
                fetched.push(format!("{}{}.bin", r.manifest.frag, h.doc));
            }
            let bytes: usize = fetched
                .iter()
                .filter_map(|p| idx.files.iter().find(|f| &f.path == p))
                .map(|f| f.bytes.len())
                .sum::<usize>()
                + m.bytes.len();
            eprintln!(
                "  {q:?}: {} hits, {} files, {bytes} B with manifest and 5 fragments, {ms:.1} ms",
                o.hits.len(),
                fetched.len()
            );
        }
    }
}
