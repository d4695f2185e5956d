//! The fuzz targets on the stable toolchain, without libFuzzer
//! (docs/fuzzing.md). For each target: every seed in `fuzz/seeds/<target>/`
//! and every past crash in `fuzz/regressions/<target>/`, then a fixed
//! number of mutations of them, drawn from a fixed seed (the same inputs on
//! every run and machine). Not coverage-guided: the long runs are
//! `cargo fuzz run`; this keeps the targets compiling and their properties
//! holding on the corpus in every `cargo test`, and CI runs more rounds
//! (`INOLAB_FUZZ_SMOKE_ITERS`).
//!
//! A failing input is written to `target/fuzz-smoke/<target>-<n>` (replay
//! it with `cargo fuzz run <target> <file>` or drop it into
//! `fuzz/regressions/<target>/`).

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Mutations per target in a plain `cargo test`.
const DEFAULT_ITERS: usize = 150;

/// Bytes the mutator splices in: the syntax each target cares about.
const TOKENS: &[&str] = &[
    "---\n",
    "\n",
    "\r\n",
    "\u{feff}",
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!str ",
    "'",
    "\"",
    "#",
    "|",
    ">",
    "<",
    "<script>",
    "</script>",
    "<a href=\"",
    "javascript:",
    "java\tscript:",
    "&#106;",
    "onerror=",
    "<img src=x ",
    "<svg><style>",
    "<!--",
    "-->",
    "`",
    "```",
    "~~~",
    "](",
    "![",
    "[^1]",
    "[^1]: ",
    "{#id}",
    "# ",
    "| a | b |\n|---|---|\n",
    "    ",
    "\t",
    "%",
    "%2e",
    "%2f",
    "%25",
    "%5c",
    "%00",
    "%c4%81",
    "..",
    "/",
    "//",
    "?",
    "#x",
    "C:",
    "ā",
    "ē",
    "ī",
    "ū",
    "š",
    "ž",
    "ķ",
    "ļ",
    "ņ",
    "ģ",
    "č",
    "İ",
    "ẞ",
    "ß",
    "\u{301}",
    "\u{304}",
    "\u{200d}",
    "-",
    "\u{2011}",
    "prototips",
    "hakatons",
    "dizaina domāšana",
    "title: ",
    "status: ",
    "start: 2023-01-01",
    "institutions: [",
    "2023-02-30",
    "999999999999999999999",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            4 if !v.is_empty() => {
                let s = rng.below(v.len());
                let e = (s + 1 + rng.below(32)).min(v.len());
                let chunk = v[s..e].to_vec();
                v.splice(at..at, chunk);
            }
            5 => {
                let other = &corpus[rng.below(corpus.len())];
                let s = rng.below(other.len() + 1);
                v.truncate(at);
                v.extend_from_slice(&other[s..]);
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
        }
    }
    v.truncate(64 * 1024);
    v
}

fn files(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Runs `name` on its corpus, then on mutations of it; returns the count.
fn smoke(name: &str) -> usize {
    let (_, target) = targets::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a target of fuzz/src/lib.rs");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = files(&root.join("fuzz/seeds").join(name));
    let regressions = files(&root.join("fuzz/regressions").join(name));
    assert!(!seeds.is_empty(), "no seeds in fuzz/seeds/{name}");
    let iters = env_usize("INOLAB_FUZZ_SMOKE_ITERS").unwrap_or(DEFAULT_ITERS);
    let budget = Duration::from_secs(env_usize("INOLAB_FUZZ_SMOKE_SECS").unwrap_or(60) as u64);
    let run = |n: usize, input: &[u8]| {
        if std::panic::catch_unwind(|| target(input)).is_err() {
            let dir = root.join("target/fuzz-smoke");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{name}-{n}"));
            let _ = std::fs::write(&file, input);
            panic!(
                "fuzz target {name} failed on input {n} (saved to {}): {:?}",
                file.display(),
                String::from_utf8_lossy(&input[..input.len().min(400)])
            );
        }
    };
    let mut n = 0;
    for input in seeds.iter().chain(&regressions) {
        run(n, input);
        n += 1;
    }
    let corpus: Vec<Vec<u8>> = seeds.into_iter().chain(regressions).collect();
    let mut rng =
        Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64 ^ (name.as_bytes()[0] as u64) << 32);
    let start = Instant::now();
    for _ in 0..iters {
        if start.elapsed() > budget {
            break;
        }
        let base = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, base, &corpus);
        run(n, &input);
        n += 1;
    }
    eprintln!(
        "fuzz smoke {name}: {n} inputs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    n
}

#[test]
fn fuzz_smoke_front_matter() {
    smoke("front_matter");
}

#[test]
fn fuzz_smoke_record() {
    smoke("record");
    targets::remove_record_site();
}

#[test]
fn fuzz_smoke_markdown() {
    smoke("markdown");
}

#[test]
fn fuzz_smoke_search() {
    smoke("search");
}

#[test]
fn fuzz_smoke_serve_path() {
    smoke("serve_path");
}

/// Every target has a test here and seeds.
#[test]
fn every_target_is_smoked() {
    let src = include_str!("fuzz_smoke.rs");
    for (name, _) in targets::TARGETS {
        assert!(src.contains(&format!("smoke(\"{name}\")")), "{name}");
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fuzz/fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "{name}"
        );
    }
}
