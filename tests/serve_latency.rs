//! Edit-to-updated-page latency of `inolab serve` (a benchmark, ignored by
//! default; `benches/serve-latency.sh` runs it). For each edit: append a
//! unique word to a sprint's body on disk, then poll the page over HTTP
//! until it shows the word. Measures the whole path: watcher, debounce,
//! incremental rebuild, serving.
//!
//! ```text
//! INOLAB_SITE=DIR INOLAB_EDITS=20 cargo test --release --test serve_latency -- --ignored --nocapture
//! ```

mod serve_support;
use serve_support::*;
use std::time::{Duration, Instant};

#[test]
#[ignore]
fn edit_to_page_latency() {
    let root =
        std::path::PathBuf::from(std::env::var("INOLAB_SITE").unwrap_or_else(|_| ".".into()));
    let edits: usize = std::env::var("INOLAB_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let t = Instant::now();
    let s = inolab::serve::Server::start_with(
        &options(&root),
        inolab::serve::Settings {
            watch: true,
            verbose: std::env::var("INOLAB_VERBOSE").is_ok(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(s.error().is_none(), "{}", s.error().unwrap_or_default());
    let pages = s.stats().pages;
    eprintln!(
        "first build: {pages} pages in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // The sprint to edit: the first one by file name, and its page.
    let mut files: Vec<_> = std::fs::read_dir(root.join("content/sprints"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    files.sort();
    let file = files[0].clone();
    let slug = file.file_stem().unwrap().to_string_lossy().into_owned();
    let site = s.site().unwrap();
    let key = site
        .keys()
        .find(|k| k.ends_with(&format!("/{slug}/index.html")) && !k.starts_with("en/"))
        .expect("page")
        .clone();
    let url = format!("/{}", key.trim_end_matches("index.html"));
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::new();
    let mut rendered = Vec::new();
    for i in 0..edits {
        let word = format!("latencymarker{i}x{}", std::process::id());
        std::thread::sleep(Duration::from_millis(200)); // let the tree settle
        let start = Instant::now();
        std::fs::write(&file, format!("{original}\n{word}\n")).unwrap();
        loop {
            if get(s.port(), &url).unwrap().text().contains(&word) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(600),
                "edit {i} never showed"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        times.push(start.elapsed());
        rendered.push(s.stats().last_rendered);
    }
    std::fs::write(&file, original).unwrap();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let p90 = ms(times[(times.len() * 9 / 10).min(times.len() - 1)]);
    eprintln!(
        "serve latency over {edits} edits of {}: median {median:.1} ms, p90 {p90:.1} ms, min {:.1} ms, max {:.1} ms; pages re-rendered per edit: {:?} of {pages}",
        file.display(),
        ms(times[0]),
        ms(*times.last().unwrap()),
        rendered.iter().max()
    );
    s.stop();
}
