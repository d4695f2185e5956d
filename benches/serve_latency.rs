//! Edit-to-updated-page latency of `inolab serve` (a `harness = false`
//! bench; not built by `cargo test`; `benches/serve-latency.sh` runs it on
//! the bundled site and a synthetic one). For each edit: change a file on
//! disk, then poll its page over HTTP until it shows the change. Measures
//! the whole path: watcher, debounce, preview or rebuild, serving.
//!
//! Edit kinds (`--kind`, repeatable; default `body`):
//! - `body`: append a unique word to a sprint's body;
//! - `title`: a unique word in the sprint's title;
//! - `dates`: the sprint's `start`/`end` a year earlier, then back;
//! - `topics`: the sprint's topics replaced by another, then back;
//! - `glossary`: append a unique word to a glossary term's body;
//! - `chapter`: append a unique word to a guidelines chapter;
//! - `new`: a new sprint file (a copy of the first sprint's, without its
//!   prototypes and old URLs, under a new slug and title); timed until
//!   its page is served with the new title; the files are deleted after;
//! - `delete`: a new sprint file is saved and shown (not timed), then
//!   deleted; timed until its page answers 404.
//!
//! Each is previewed (its own pages at once, `serve::build::Builder::preview`;
//! a chapter's with the contents and the print annex); lists, facets and
//! home follow in the whole-site rebuild after the pause.
//!
//! ```text
//! cargo bench --bench serve_latency -- --site DIR [--kind body --kind title …] [--edits 20] [--verbose]
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
use std::path::{Path, PathBuf};
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
    /// Number of edits measured (per kind).
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// What to edit: body, title, dates, topics, glossary, chapter, new, delete.
    #[arg(long = "kind", value_enum, default_values_t = [Kind::Body])]
    kinds: Vec<Kind>,
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

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
enum Kind {
    Body,
    Title,
    Dates,
    Topics,
    Glossary,
    Chapter,
    New,
    Delete,
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
    let root = args.site.clone();
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
    let mut result = Ok(());
    for kind in &args.kinds {
        result = measure(&s, &root, *kind, &args, pages);
        if result.is_err() {
            break;
        }
    }
    s.stop();
    result
}

/// The first file of `dir` by name that is in the default language, and
/// the served path (`/x/slug/`) of its page.
fn target(s: &Server, root: &Path, dir: &str) -> Result<(PathBuf, String), String> {
    let dir = root.join("content").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    files.sort();
    let file = files.first().ok_or("no records to edit")?.clone();
    let stem = file
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    // Guidelines chapters are `NN-slug.md`.
    let slug = match stem.split_once('-') {
        Some((nn, rest)) if nn.len() == 2 && nn.bytes().all(|b| b.is_ascii_digit()) => {
            rest.to_string()
        }
        _ => stem,
    };
    let site = s.site().ok_or("no site served")?;
    let key = site
        .keys()
        .filter(|k| k.ends_with(&format!("/{slug}/index.html")) && !k.starts_with("en/"))
        .min()
        .ok_or_else(|| format!("no page for {slug}"))?
        .clone();
    Ok((file, format!("/{}", key.trim_end_matches("index.html"))))
}

/// The `i`-th edit of `kind` to `original`, and a word the page must then
/// show (`None`: the page must only change).
fn edited(
    kind: Kind,
    original: &str,
    i: usize,
    topics: &[String],
) -> Result<(String, Option<String>), String> {
    let word = format!("latencymarker{i}x{}", std::process::id());
    let front_end = original[3..]
        .find("\n---")
        .map(|e| e + 3)
        .ok_or("no front matter")?;
    let (front, body) = original.split_at(front_end);
    let lines = |f: &dyn Fn(&str) -> Option<String>| -> String {
        let mut out: Vec<String> = Vec::new();
        for l in front.lines() {
            out.push(f(l).unwrap_or_else(|| l.to_string()));
        }
        format!("{}\n{}", out.join("\n"), body.trim_start_matches('\n'))
    };
    Ok(match kind {
        Kind::New | Kind::Delete => return Err(format!("{kind:?} is not an edit of a file")),
        Kind::Body | Kind::Glossary | Kind::Chapter => {
            (format!("{original}\n{word}\n"), Some(word))
        }
        Kind::Title => (
            lines(&|l| {
                let t = l.strip_prefix("title: ")?;
                let t = t.trim_matches('"');
                Some(format!("title: \"{t} {word}\""))
            }),
            Some(word),
        ),
        // Odd edits move the dates a year back; even ones restore them.
        Kind::Dates if i % 2 == 1 => (original.to_string(), None),
        Kind::Dates => (
            lines(&|l| {
                let (k, v) = l.split_once(": ")?;
                if k != "start" && k != "end" {
                    return None;
                }
                let year: i32 = v.get(..4)?.parse().ok()?;
                Some(format!("{k}: {}{}", year - 1, &v[4..]))
            }),
            None,
        ),
        Kind::Topics if i % 2 == 1 => (original.to_string(), None),
        Kind::Topics => (
            lines(&|l| {
                let v = l.strip_prefix("topics: ")?;
                let other = topics.iter().find(|t| !v.contains(t.as_str()))?;
                Some(format!("topics: [{other}]"))
            }),
            None,
        ),
    })
}

/// A new sprint file made from `original` (the first sprint's): slug
/// `slug`, title `word`, no prototypes (they belong to their own sprint)
/// and no old URLs (those would clash).
fn new_sprint(original: &str, word: &str) -> String {
    let mut out = Vec::new();
    let mut in_front = false;
    let mut skipping = false;
    for (i, l) in original.lines().enumerate() {
        if l == "---" {
            in_front = i == 0;
            skipping = false;
            out.push(l.to_string());
            continue;
        }
        if in_front {
            if skipping && (l.starts_with(' ') || l.starts_with('-')) {
                continue; // a list item of the skipped key
            }
            skipping = l.starts_with("prototypes:") || l.starts_with("old_urls:");
            if skipping {
                continue;
            }
            if l.starts_with("title:") {
                out.push(format!("title: \"{word}\""));
                continue;
            }
        }
        out.push(l.to_string());
    }
    out.join("\n") + "\n"
}

/// Polls `url` until `done` holds for the answer; false after `timeout`.
fn poll(
    s: &Server,
    url: &str,
    start: Instant,
    timeout: u64,
    done: &dyn Fn(&client::Response) -> bool,
) -> bool {
    loop {
        if let Ok(r) = get(s.port(), url)
            && done(&r)
        {
            return true;
        }
        if start.elapsed() > Duration::from_secs(timeout) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Times `args.edits` new or deleted sprint files; deletes them after.
fn measure_records(s: &Server, root: &Path, kind: Kind, args: &Args) -> Result<(), String> {
    let (file, url) = target(s, root, "sprints")?;
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let slug = file
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut times = Vec::new();
    let mut made = Vec::new();
    let previews_before = s.stats().previews;
    let mut failure = None;
    for i in 0..args.edits {
        let new_slug = format!(
            "latency-{}-{i}-{}",
            if kind == Kind::New { "new" } else { "gone" },
            std::process::id()
        );
        let word = format!("latencymarker{i}x{}", std::process::id());
        let path = file.with_file_name(format!("{new_slug}.md"));
        let page = url.replacen(&format!("/{slug}/"), &format!("/{new_slug}/"), 1);
        let text = new_sprint(&original, &word);
        std::thread::sleep(Duration::from_millis(args.pause));
        let start = Instant::now();
        std::fs::write(&path, &text).map_err(|e| e.to_string())?;
        made.push(path.clone());
        let shown = poll(s, &page, start, args.timeout, &|r| {
            r.status == 200 && r.text().contains(word.as_str())
        });
        if !shown {
            failure = Some(format!(
                "new sprint {i} ({page}) did not show within {} s",
                args.timeout
            ));
            break;
        }
        if kind == Kind::New {
            times.push(start.elapsed());
            continue;
        }
        std::thread::sleep(Duration::from_millis(args.pause));
        let start = Instant::now();
        std::fs::remove_file(&path).map_err(|e| e.to_string())?;
        made.pop();
        if !poll(s, &page, start, args.timeout, &|r| r.status == 404) {
            failure = Some(format!(
                "deleted sprint {i} ({page}) still served after {} s",
                args.timeout
            ));
            break;
        }
        times.push(start.elapsed());
    }
    let previews = s.stats().previews - previews_before;
    for p in made {
        let _ = std::fs::remove_file(p);
    }
    std::thread::sleep(Duration::from_millis(args.pause.max(1500)));
    if let Some(f) = failure {
        return Err(f);
    }
    report(
        kind,
        &mut times,
        &format!("{} (new files beside it)", file.display()),
        args,
        previews,
        "",
    );
    Ok(())
}

/// Prints the median and p90 of `times`.
fn report(kind: Kind, times: &mut [Duration], what: &str, args: &Args, previews: u64, extra: &str) {
    if times.is_empty() {
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let p90 = ms(times[(times.len() * 9 / 10).min(times.len() - 1)]);
    eprintln!(
        "serve latency, {kind:?} edits: {} edits of {what} ({} ms apart): median {median:.1} ms, p90 {p90:.1} ms, min {:.1} ms, max {:.1} ms; {previews} previews{extra}",
        times.len(),
        args.pause,
        ms(times[0]),
        ms(times[times.len() - 1]),
    );
}

/// Times `args.edits` edits of one kind; restores the file after.
fn measure(s: &Server, root: &Path, kind: Kind, args: &Args, pages: usize) -> Result<(), String> {
    if matches!(kind, Kind::New | Kind::Delete) {
        return measure_records(s, root, kind, args);
    }
    let dir = match kind {
        Kind::Glossary => "glossary",
        Kind::Chapter => "guidelines",
        _ => "sprints",
    };
    let (file, url) = target(s, root, dir)?;
    let topics: Vec<String> = std::fs::read_to_string(root.join("content/data/topics.yaml"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (k, _) = l.split_once(':')?;
            (!k.starts_with(['#', ' ']) && !k.is_empty()).then(|| k.to_string())
        })
        .collect();
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    // An edit must change the page: the kinds that restore the original
    // every other time start from the edited text.
    if matches!(kind, Kind::Dates | Kind::Topics) {
        let (first, _) = edited(kind, &original, 0, &topics)?;
        if first == original {
            return Err(format!("{}: nothing to edit for {kind:?}", file.display()));
        }
    }
    let mut times = Vec::new();
    let mut rendered = Vec::new();
    let mut failure = None;
    let previews_before = s.stats().previews;
    let builds_before = s.stats().builds;
    for i in 0..args.edits {
        let (text, word) = edited(kind, &original, i, &topics)?;
        std::thread::sleep(Duration::from_millis(args.pause));
        let before = get(s.port(), &url).map(|r| r.text()).unwrap_or_default();
        let start = Instant::now();
        std::fs::write(&file, &text).map_err(|e| e.to_string())?;
        let shown = loop {
            match get(s.port(), &url) {
                Ok(r) if r.status == 200 => {
                    let t = r.text();
                    if t != before && word.as_ref().is_none_or(|w| t.contains(w.as_str())) {
                        break true;
                    }
                }
                _ => {}
            }
            if start.elapsed() > Duration::from_secs(args.timeout) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if !shown {
            failure = Some(format!("edit {i} did not show within {} s", args.timeout));
            break;
        }
        times.push(start.elapsed());
        // Pages rendered by the whole-site rebuilds this kind's edits
        // caused (not by the build before them).
        let st = s.stats();
        if st.builds > builds_before {
            rendered.push(st.last_rendered);
        }
    }
    let previews = s.stats().previews - previews_before;
    std::fs::write(&file, &original).map_err(|e| e.to_string())?;
    // Let the restoring save be built before the next kind starts.
    std::thread::sleep(Duration::from_millis(args.pause.max(1500)));
    if let Some(f) = failure {
        return Err(f);
    }
    report(
        kind,
        &mut times,
        &file.display().to_string(),
        args,
        previews,
        &format!(
            "; at most {:?} of {pages} pages re-rendered by one whole-site rebuild",
            rendered.iter().max()
        ),
    );
    Ok(())
}
