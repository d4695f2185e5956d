//! Search index benchmark (a `harness = false` bench; not built by
//! `cargo test`): builds a site once, then times `search::build_index` per
//! language on the derived search documents and reports the index's size
//! and file count, and, for each `--query`, what the Rust reader (the
//! mirror of `search.js`) fetches for a cold query.
//!
//! ```text
//! cargo bench --bench search_index -- --root SITE [--output OUT] [--runs 3]
//!     [--query WORDS]... [--json FILE]
//! ```
//!
//! `--output` also writes the built site (`pipeline::build`, as `inolab
//! build --output` does), so one run gives both the site and the figures; `--json` writes the
//! figures and every indexed URL per language (used by
//! `benches/search-vs-pagefind.py`). No timing is asserted anywhere.

use clap::Parser;
use inolab::pipeline::{self, BuildOptions};
#[path = "../tests/search/reader.rs"]
mod reader;
use inolab::search::{IndexCache, SearchDoc, SearchIndex, build_index, build_index_cached};
use reader::{Options, Reader};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Time and size of inolab's search index on a site")]
struct Args {
    /// The site's folder (with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also write the built site here.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Index builds timed per language (median, min and max are reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// A query to run with the Rust reader on the first language's index
    /// (repeatable); reports hits, files and bytes fetched cold.
    #[arg(long = "query")]
    queries: Vec<String>,
    /// Results whose fragment is counted per query (the UI shows 10).
    #[arg(long, default_value_t = 5)]
    results: usize,
    /// Write the figures and the indexed URLs as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write each language's index files under DIR/<lang>/ (to compare
    /// outputs byte for byte).
    #[arg(long)]
    write: Option<PathBuf>,
    /// Save the derived search documents of every language as JSON here.
    #[arg(long)]
    save_docs: Option<PathBuf>,
    /// Index the documents saved by `--save-docs` instead of building the
    /// site (times the index alone, without the minute of site build).
    #[arg(long)]
    docs: Option<PathBuf>,
    /// Also time incremental rebuilds (`build_index_cached`) after one
    /// document changed: this many edits, each to a different document,
    /// each result compared with `build_index`.
    #[arg(long, default_value_t = 0)]
    edits: usize,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let t = Instant::now();
    let all_docs = match &args.docs {
        Some(path) => match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
        {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => match site_docs(&args) {
            Some(d) => d,
            None => return ExitCode::FAILURE,
        },
    };
    if let Some(path) = &args.save_docs
        && let Err(e) = std::fs::write(path, serde_json::to_vec(&all_docs).unwrap())
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    let build_s = t.elapsed().as_secs_f64();

    let mut langs = serde_json::Map::new();
    let mut first: Option<SearchIndex> = None;
    for (lang, docs) in &all_docs {
        let (lang, docs) = (lang.clone(), docs.clone());
        let mut ms = Vec::new();
        let mut idx = None;
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            let i = build_index(&lang, &docs);
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            idx = Some(i);
        }
        let idx = idx.expect("at least one run");
        if args.edits > 0 && !docs.is_empty() {
            let mut cache = IndexCache::default();
            let t = Instant::now();
            let first = build_index_cached(&lang, &docs, &mut cache);
            let first_ms = t.elapsed().as_secs_f64() * 1000.0;
            if first != idx {
                eprintln!("error: {lang}: cached build differs from build_index");
                return ExitCode::FAILURE;
            }
            let mut docs = docs.clone();
            let mut times = Vec::new();
            for e in 0..args.edits {
                let i = (e * 7919 + 13) % docs.len();
                let d = &mut docs[i];
                match d
                    .fields
                    .iter_mut()
                    .find(|f| f.0 == inolab::search::Field::Body)
                {
                    Some(f) => f.1.push_str(" labojums pašvaldībām"),
                    None => d.title.push_str(" labots"),
                }
                let t = Instant::now();
                let inc = build_index_cached(&lang, &docs, &mut cache);
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                if e == 0 && inc != build_index(&lang, &docs) {
                    eprintln!("error: {lang}: incremental build differs from build_index");
                    return ExitCode::FAILURE;
                }
            }
            let mut sorted = times.clone();
            sorted.sort_by(f64::total_cmp);
            eprintln!(
                "{lang}: cached: first build {first_ms:.1} ms; one document edited: median {:.1} ms \
                 (min {:.1}, max {:.1}, {} edits; the first checked equal to build_index); cache holds {:?}",
                sorted[sorted.len() / 2],
                sorted[0],
                sorted[sorted.len() - 1],
                sorted.len(),
                cache.len()
            );
        }
        if let Some(dir) = &args.write {
            for f in &idx.files {
                let p = dir.join(&lang).join(&f.path);
                let ok = p
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&p, &f.bytes));
                if let Err(e) = ok {
                    eprintln!("error: cannot write {}: {e}", p.display());
                    return ExitCode::FAILURE;
                }
            }
        }
        ms.sort_by(f64::total_cmp);
        let part = |pre: &str| -> Value {
            let f: Vec<_> = idx
                .files
                .iter()
                .filter(|f| f.path.starts_with(pre))
                .collect();
            json!({"files": f.len(), "bytes": f.iter().map(|f| f.bytes.len()).sum::<usize>()})
        };
        let total: usize = idx.files.iter().map(|f| f.bytes.len()).sum();
        let manifest = idx
            .files
            .iter()
            .find(|f| f.path == idx.manifest)
            .map_or(0, |f| f.bytes.len());
        let (med, min, max) = (ms[ms.len() / 2], ms[0], ms[ms.len() - 1]);
        eprintln!(
            "{lang}: {} docs; index built in {med:.1} ms (min {min:.1}, max {max:.1}, {} runs); \
             {} files, {total} B: manifest {manifest} B, shards {}, lexicon {}, fragments {}",
            docs.len(),
            ms.len(),
            idx.files.len(),
            part("p/"),
            part("l/"),
            part("d/"),
        );
        langs.insert(
            lang.clone(),
            json!({
                "docs": docs.len(),
                "build_ms": ms,
                "files": idx.files.len(),
                "bytes": total,
                "manifest": manifest,
                "shards": part("p/"),
                "lexicon": part("l/"),
                "fragments": part("d/"),
                "urls": docs.iter().map(|d| d.url.as_str()).collect::<Vec<_>>(),
            }),
        );
        if first.is_none() {
            first = Some(idx);
        }
    }

    let mut queries = Vec::new();
    if let Some(idx) = &first {
        let size = |p: &str| {
            idx.files
                .iter()
                .find(|f| f.path == p)
                .map_or(0, |f| f.bytes.len())
        };
        for q in &args.queries {
            // A new reader per query: its file cache starts empty (cold).
            let r = Reader::new(idx);
            let t = Instant::now();
            let o = r.search(
                q,
                &Options {
                    prefix_last: true,
                    ..Options::default()
                },
            );
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let mut fetched = vec![idx.manifest.clone()];
            fetched.extend(o.fetched.iter().cloned());
            // Fragments are read with range requests: 8 bytes of pack
            // table and the fragment each.
            let shown = o.hits.iter().take(args.results);
            let frag_bytes: usize = shown.clone().map(|h| r.fragment_cost(h.doc)).sum();
            fetched.extend(shown.map(|h| r.fragment_span(h.doc).0));
            let bytes: usize = fetched
                .iter()
                .filter(|p| !p.starts_with("d/"))
                .map(|p| size(p))
                .sum::<usize>()
                + frag_bytes;
            eprintln!(
                "  {q:?}: {} hits, {} files, {bytes} B (manifest, shards, lexicon, {} fragments), {ms:.1} ms",
                o.hits.len(),
                fetched.len(),
                args.results
            );
            queries.push(json!({"query": q, "hits": o.hits.len(), "files": fetched.len(), "bytes": bytes, "ms": ms}));
        }
    }

    if let Some(path) = &args.json {
        let v = json!({"root": args.root, "build_s": build_s, "langs": langs, "queries": queries});
        if let Err(e) = std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Builds the site (writing it if `--output`) and returns its search
/// documents per language, in the configuration's language order.
fn site_docs(args: &Args) -> Option<Vec<(String, Vec<SearchDoc>)>> {
    let t = Instant::now();
    let opts = BuildOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: false,
        force: false,
    };
    // Only an in-memory run keeps the search documents in its model (a
    // streaming `build` or `check` hands them to the index a chunk at a
    // time and frees them), so the site is run in memory and, with
    // `--output`, then written as `inolab build` would write it.
    let out = pipeline::run(&opts);
    if let Some(o) = &args.output
        && !out.has_errors()
        && let Err(e) = pipeline::write(&out, &opts, o)
    {
        eprintln!("error: writing {}: {e}", o.display());
        return None;
    }
    if out.has_errors() {
        eprint!(
            "{}",
            inolab::diagnostics::render(&out.diags, inolab::diagnostics::Format::Human)
        );
        return None;
    }
    let build_s = t.elapsed().as_secs_f64();
    match &args.output {
        Some(o) => eprintln!(
            "built {} files into {} in {build_s:.1} s",
            out.files.len(),
            o.display()
        ),
        None => eprintln!("ran the pipeline (nothing written) in {build_s:.1} s"),
    }
    let (Some(cfg), Some(model)) = (&out.config, &out.model) else {
        eprintln!("error: the pipeline produced no model");
        return None;
    };
    Some(
        cfg.lang_codes()
            .into_iter()
            .map(|lang| {
                let docs = model.search_docs.get(&lang).cloned().unwrap_or_default();
                (lang, docs)
            })
            .collect(),
    )
}
