//! The `inolab` command line: a thin layer over [`inolab::pipeline`].

use clap::{Parser, Subcommand};
use inolab::diagnostics::{self, Format};
use inolab::pipeline::{self, BuildOptions};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc instead of glibc malloc: a build allocates millions of small
/// JSON and template values from two threads, and glibc malloc was about
/// 15 % of build time and kept freed memory in per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux not to back this process's memory with transparent huge
/// pages. mimalloc marks its arenas for them (`MADV_HUGEPAGE`), and where
/// the kernel honours that (`madvise`, Debian's default) every arena
/// region a build touches becomes resident 2 MiB at a time, used or not:
/// at 10,000 records the peak went from 272–297 to 243–264 MiB, with no
/// measurable difference in build time. Setting mimalloc's
/// own option needs its environment variable before the process starts;
/// this `prctl` is what that option does.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no
    // memory of ours; failing (an old kernel) changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[derive(Parser)]
#[command(
    name = "inolab",
    version,
    about = "Static site generator for the Innovation Laboratory of Latvia's State Chancellery"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build leaves the old output).
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: public/ under the root). Replaced whole, so
        /// it must be new, empty, or a folder inolab wrote before.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace the output folder even if inolab did not write it,
        /// deleting what it holds (never a folder with the site's sources).
        #[arg(long)]
        force: bool,
        /// Publish at this URL instead of site.yaml's base_url (e.g. https://example.org/lab/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include records marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print time per stage and the slowest templates.
        #[arg(long)]
        timings: bool,
        /// How problems are printed: human (stderr, warnings capped at 10
        /// per kind), json or github (stdout, every problem, for tools and CI).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Validate everything `build` would, and write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new record with every field of its collection, ready to fill in.
    New {
        /// sprints, prototypes, glossary, guidelines, pages or news (singular works too).
        collection: String,
        /// The record's title; the file name (slug) is made from it.
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the JSON Schemas of every collection and data file (for
    /// editors' YAML language servers) into schemas/.
    Schema {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Folder to write into (default: schemas/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Scaffold a new lab site that builds at once.
    Init {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
        /// The lab's name (site title and header).
        #[arg(long)]
        name: Option<String>,
        /// The institution the lab belongs to.
        #[arg(long)]
        institution: Option<String>,
        /// The site's languages, the default first: `lv,en` or `lv`.
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        /// The primary colour, #rrggbb (refused below WCAG AA contrast).
        #[arg(long)]
        color: Option<String>,
    },
    /// List the URLs of the site's pages; with --write, record them in
    /// published-urls.txt (commit it: check then fails when one vanishes
    /// without an `old_urls` redirect).
    Urls {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write published-urls.txt: these URLs, and every URL published
        /// before that the site no longer has as `gone`.
        #[arg(long)]
        write: bool,
        /// The output folder of the previous build (default: public/ under the root).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Build, serve on localhost, and rebuild on every change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            force,
            format,
        } => build(root, output, base_url, drafts, timings, force, format),
        Command::Check {
            root,
            format,
            drafts,
        } => check(root, format, drafts),
        Command::Urls {
            root,
            write,
            output,
        } => urls(root, write, output),
        Command::New {
            collection,
            title,
            root,
        } => report(inolab::scaffold::new_record(&root, &collection, &title)),
        Command::Schema { root, out } => {
            let dir = out.unwrap_or_else(|| root.join("schemas"));
            report(
                inolab::collections::schema::write(&dir)
                    .map(|w| format!("wrote {} schemas into {}", w.len(), dir.display())),
            )
        }
        Command::Init {
            dir,
            name,
            institution,
            languages,
            color,
        } => report(inolab::scaffold::init(
            &dir,
            &inolab::scaffold::InitOptions {
                name,
                institution,
                languages,
                color,
            },
        )),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => {
            let opts = inolab::serve::ServeOptions {
                root,
                port,
                bind,
                drafts,
                open,
            };
            // Serves until the process is stopped; returns only on failure.
            report(inolab::serve::serve(&opts).map(|()| String::new()))
        }
    }
}

/// Prints what `new` or `init` did, or why it did nothing:
/// `error: FILE: MESSAGE` and the hint on its own line.
fn report(r: Result<String, diagnostics::Diagnostic>) -> ExitCode {
    match r {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            if d.file.is_empty() {
                eprintln!("error: {}", d.message);
            } else {
                eprintln!("error: {}: {}", d.file, d.message);
            }
            if let Some(h) = &d.hint {
                eprintln!("  = hint: {h}");
            }
            ExitCode::FAILURE
        }
    }
}

fn build(
    root: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    timings: bool,
    force: bool,
    format: Format,
) -> ExitCode {
    let start = Instant::now();
    let opts = BuildOptions {
        root: root.clone(),
        base_url,
        drafts,
        force,
    };
    let output = output.unwrap_or_else(|| root.join("public"));
    let progress = inolab::progress::Progress::start(std::io::stderr().is_terminal());
    let t_build = Instant::now();
    let out = pipeline::build(&opts, &output);
    let finish = t_build
        .elapsed()
        .saturating_sub(out.timings.iter().map(|t| t.1).sum());
    progress.finish();
    if !out.diags.is_empty() {
        match format {
            // Every error; at most 10 warnings of each kind (check lists all).
            Format::Human => eprint!(
                "{}",
                diagnostics::render_capped(&out.diags, Format::Human, 10)
            ),
            // For a tool: every problem, on stdout, nothing else there.
            Format::Json | Format::Github => print!("{}", diagnostics::render(&out.diags, format)),
        }
    }
    if out.has_errors() {
        eprintln!("build failed: {} left as it was", output.display());
        return ExitCode::FAILURE;
    }
    if timings {
        for (i, (stage, d)) in out.timings.iter().enumerate() {
            let peak = match out.peak_kib.get(i).copied().flatten() {
                Some(kib) => format!("   peak memory {:>6} MiB", kib / 1024),
                None => String::new(),
            };
            eprintln!("  {stage:<12} {:>8.1} ms{peak}", d.as_secs_f64() * 1000.0);
        }
        // Pages are written while they render; this is the static copy and swap.
        eprintln!(
            "  {:<12} {:>8.1} ms",
            "finish",
            finish.as_secs_f64() * 1000.0
        );
        for (t, d) in out.slowest.iter().take(5) {
            eprintln!(
                "  slowest template {t:<24} {:>8.1} ms total",
                d.as_secs_f64() * 1000.0
            );
        }
    }
    let per_lang: Vec<String> = out
        .pages_per_lang
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    eprintln!(
        "built {} files ({} pages: {}) into {}, {} warning{}, in {:.0} ms",
        out.file_count,
        out.pages_per_lang.values().sum::<usize>(),
        per_lang.join(", "),
        output.display(),
        out.warnings(),
        if out.warnings() == 1 { "" } else { "s" },
        start.elapsed().as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}

fn urls(root: PathBuf, write: bool, output: Option<PathBuf>) -> ExitCode {
    use inolab::links::published;
    let out = pipeline::run(&BuildOptions {
        root: root.clone(),
        base_url: None,
        drafts: false,
        force: false,
    });
    if out.files.is_empty() {
        // Validation failed before any page was made: no URLs to list.
        print!("{}", diagnostics::render(&out.diags, Format::Human));
        eprintln!("error: the site has errors; fix them before listing its URLs");
        return ExitCode::FAILURE;
    }
    let urls = published::page_urls(out.files.iter().map(|f| f.0.as_str()));
    if !write {
        for u in &urls {
            println!("{u}");
        }
        return ExitCode::SUCCESS;
    }
    let previous = output.unwrap_or_else(|| root.join("public"));
    let (text, added, gone) = published::updated_list(&root, Some(&previous), &urls);
    let path = root.join(published::LIST);
    match std::fs::write(&path, text) {
        Ok(()) => {
            println!(
                "wrote {} ({} URLs, {added} new, {gone} newly gone)",
                path.display(),
                urls.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => report(Err(diagnostics::Diagnostic::error(
            diagnostics::Kind::Io,
            path.display().to_string(),
            format!("cannot write the list: {e}"),
        ))),
    }
}

fn check(root: PathBuf, format: Format, drafts: bool) -> ExitCode {
    let out = pipeline::check(&BuildOptions {
        root,
        base_url: None,
        drafts,
        force: false,
    });
    print!("{}", diagnostics::render(&out.diags, format));
    if out.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
