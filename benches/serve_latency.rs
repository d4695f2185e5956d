//! Edit-to-updated-page latency of `inolab serve` (a `harness = false`
//! bench; not built by `cargo test`; `benches/serve-latency.sh` runs it on
//! the bundled site and a synthetic one). For each edit: append a unique
//! word to a sprint's body on disk, then poll the page over HTTP until it
//! shows the word. Measures the whole path: watcher, debounce, incremental
//! rebuild, serving.
//!
//! ```text
//! cargo bench --bench serve_latency -- --site DIR [--edits 20] [--verbose]
//! ```
//!
//! The site is edited in place (and restored at the end): point it at a copy.

// The test suite's HTTP client (not part of the product).
#[path = "../tests/serve_support/client.rs"]
#[allow(dead_code)]
mod client;

use clap::Parser;
use client::get;
use inolab::serve::{ServeOptions, Server, Settings};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The allocator `inolab` itself uses (src/main.rs), so that the bench
/// measures what an editor gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Edit-to-page latency of inolab serve")]
struct Args {
    /// The site's folder (a copy: one sprint is edited and restored).
    #[arg(long)]
    site: PathBuf,
    /// Number of edits measured.
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// Print the server's per-rebuild stage times.
    #[arg(long)]
    verbose: bool,
    /// Milliseconds between one edit showing and the next edit. Short
    /// pauses (an editor saving as they write) are previewed back to back;
    /// a pause longer than serve's settle time (1 s) lets the whole-site
    /// rebuild start, and the next edit may wait for it.
    #[arg(long, default_value_t = 200)]
    pause: u64,
    /// Give up on an edit that does not show within this many seconds.
    #[arg(long, default_value_t = 600)]
    timeout: u64,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let root = args.site;
    let t = Instant::now();
    let s = Server::start_with(
        &ServeOptions {
            root: root.clone(),
            port: 0,
            bind: "127.0.0.1".into(),
            drafts: false,
            open: false,
        },
        Settings {
            watch: true,
            verbose: args.verbose,
            ..Settings::default()
        },
    )
    .map_err(|d| d.message)?;
    if let Some(e) = s.error() {
        return Err(format!("the first build failed:\n{e}"));
    }
    let pages = s.stats().pages;
    eprintln!(
        "first build: {pages} pages in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // The sprint to edit: the first Latvian one by file name, and its page.
    let dir = root.join("content/sprints");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    files.sort();
    let file = files.first().ok_or("no sprints to edit")?.clone();
    let slug = file
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let site = s.site().ok_or("no site served")?;
    let key = site
        .keys()
        .find(|k| k.ends_with(&format!("/{slug}/index.html")) && !k.starts_with("en/"))
        .ok_or_else(|| format!("no page for sprint {slug}"))?
        .clone();
    let url = format!("/{}", key.trim_end_matches("index.html"));
    // Let go of the map: a preview updates the served map in place only
    // when nobody else holds it (held here, the first preview copied it).
    drop(site);
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut rendered = Vec::new();
    let mut failure = None;
    let mut previews = 0;
    for i in 0..args.edits {
        let word = format!("latencymarker{i}x{}", std::process::id());
        std::thread::sleep(Duration::from_millis(args.pause));
        let start = Instant::now();
        std::fs::write(&file, format!("{original}\n{word}\n")).map_err(|e| e.to_string())?;
        let shown = loop {
            match get(s.port(), &url) {
                Ok(r) if r.text().contains(&word) => break true,
                _ if start.elapsed() > Duration::from_secs(args.timeout) => break false,
                _ => std::thread::sleep(Duration::from_millis(1)),
            }
        };
        if !shown {
            failure = Some(format!("edit {i} did not show within {} s", args.timeout));
            break;
        }
        times.push(start.elapsed());
        rendered.push(s.stats().last_rendered);
        previews = s.stats().previews;
    }
    std::fs::write(&file, &original).map_err(|e| e.to_string())?;
    s.stop();
    if let Some(f) = failure {
        return Err(f);
    }
    if times.is_empty() {
        return Ok(());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let p90 = ms(times[(times.len() * 9 / 10).min(times.len() - 1)]);
    eprintln!(
        "serve latency over {} edits of {} ({} ms apart): median {median:.1} ms, p90 {p90:.1} ms, min {:.1} ms, max {:.1} ms; {previews} of the edits shown by a preview; at most {:?} of {pages} pages re-rendered by one whole-site rebuild",
        times.len(),
        file.display(),
        args.pause,
        ms(times[0]),
        ms(*times.last().unwrap()),
        rendered.iter().max()
    );
    Ok(())
}
