//! `inolab-synth`: a deterministic generator of synthetic sites for the build
//! benchmarks (see `BENCHMARKS.md` and `benches/build.sh`).
//!
//! ```text
//! inolab-synth --records N --seed S --out DIR [--hugo DIR] [--themes PATH]
//! ```
//!
//! Writes a site in inolab's content format (`docs/content-format.md`) with
//! N sprints, about N/2 prototypes, N/50 institutions (at least 20), 30
//! topics, N/20 glossary terms (at least 20), 10 annex chapters, a few pages
//! and N/20 news items; about 40 % of the records have an English
//! translation. With `--hugo DIR` it also writes the same pages as a Hugo
//! site (multilingual, same taxonomies, templates of comparable weight).
//!
//! The output depends only on the arguments (and on the copied theme and
//! `site.yaml`): no clock, no hash-map iteration order, one seeded PRNG.
//! Standard library only.

mod bodies;
mod content;
mod hugo;
mod lexicon;
mod output;
mod prose;
mod rng;
mod util;
mod world;

use crate::bodies::render_texts;
use crate::content::write_inolab;
use crate::hugo::write_hugo;
use crate::output::{MARKER, Out, copy_dir, prepare_dir};
use crate::rng::Rng;
use crate::world::build_world;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_SITE_YAML: &str = r#"title: { lv: "Inovācijas laboratorija", en: "Innovation Laboratory" }
description: { lv: "Valsts kancelejas Inovācijas laboratorija: inovācijas sprinti, prototipi un vadlīnijas.", en: "The State Chancellery Innovation Laboratory: innovation sprints, prototypes and guidelines." }
base_url: "https://inovacija.example/"
languages:
  - { code: lv, name: "Latviešu" }
  - { code: en, name: "English" }
default_language: lv
theme: default
contact_email: inovacija@mk.gov.lv
"#;

struct Args {
    records: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
    themes: PathBuf,
    site_yaml: Option<PathBuf>,
}

const USAGE: &str = "usage: inolab-synth --records N [--seed S] --out DIR [--hugo DIR] [--themes PATH] [--site-yaml PATH]\n\
\n\
Writes a deterministic synthetic inolab site (N sprints, N/2 prototypes, …) to DIR,\n\
and with --hugo the equivalent Hugo site. DIR must be empty, absent, or an earlier\n\
inolab-synth output (which is replaced). --themes (default: the repository's themes/)\n\
is copied into DIR/themes; --site-yaml (default: the repository's site.yaml when present,\n\
else a built-in one) is copied to DIR/site.yaml.";

fn parse_args() -> Result<Args, String> {
    // The repository's root: this crate lives in tools/synth/.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tools/synth is two levels below the repository root")
        .to_path_buf();
    let mut records = None;
    let mut seed = 1;
    let mut out = None;
    let mut hugo = None;
    let mut themes = repo.join("themes");
    let mut site_yaml = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .ok_or_else(|| format!("{a} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--records" | "-n" => {
                records = Some(
                    val()?
                        .parse::<usize>()
                        .map_err(|e| format!("--records: {e}"))?,
                )
            }
            "--seed" => seed = val()?.parse::<u64>().map_err(|e| format!("--seed: {e}"))?,
            "--out" | "-o" => out = Some(PathBuf::from(val()?)),
            "--hugo" => hugo = Some(PathBuf::from(val()?)),
            "--themes" => themes = PathBuf::from(val()?),
            "--site-yaml" => site_yaml = Some(PathBuf::from(val()?)),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    let records = records.ok_or_else(|| format!("--records is required\n\n{USAGE}"))?;
    if records == 0 {
        return Err("--records must be at least 1".into());
    }
    let out = out.ok_or_else(|| format!("--out is required\n\n{USAGE}"))?;
    if site_yaml.is_none() {
        let p = repo.join("site.yaml");
        if p.is_file() {
            site_yaml = Some(p);
        }
    }
    Ok(Args {
        records,
        seed,
        out,
        hugo,
        themes,
        site_yaml,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("inolab-synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let mut r = Rng::new(args.seed);
    let world = build_world(args.records, &mut r);
    let site_yaml = match &args.site_yaml {
        Some(p) => fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => DEFAULT_SITE_YAML.to_string(),
    };
    let texts = render_texts(&world, &mut r);

    prepare_dir(&args.out)?;
    let mut out = Out {
        root: args.out.clone(),
        files: 0,
        bytes: 0,
    };
    write_inolab(&mut out, &world, &texts, &site_yaml).map_err(|e| e.to_string())?;
    if args.themes.is_dir() {
        copy_dir(&args.themes, &args.out.join("themes")).map_err(|e| e.to_string())?;
    } else {
        eprintln!(
            "inolab-synth: warning: no themes at {}; DIR/themes not written",
            args.themes.display()
        );
    }
    fs::write(
        args.out.join(MARKER),
        format!("records={} seed={}\n", args.records, args.seed),
    )
    .map_err(|e| e.to_string())?;
    eprintln!(
        "inolab-synth: {} files, {} bytes of content in {} ({} sprints, {} prototypes, {} institutions, {} terms, {} news)",
        out.files,
        out.bytes,
        args.out.display(),
        world.sprints.len(),
        world.protos.len(),
        world.inst.len(),
        world.terms.len(),
        world.news.len()
    );

    if let Some(h) = &args.hugo {
        prepare_dir(h)?;
        let mut out = Out {
            root: h.clone(),
            files: 0,
            bytes: 0,
        };
        write_hugo(&mut out, &world, &texts).map_err(|e| e.to_string())?;
        let theme_static = args.themes.join("default").join("static");
        if theme_static.is_dir() {
            copy_dir(&theme_static, &h.join("static")).map_err(|e| e.to_string())?;
        }
        fs::write(
            h.join(MARKER),
            format!("records={} seed={} hugo\n", args.records, args.seed),
        )
        .map_err(|e| e.to_string())?;
        eprintln!(
            "inolab-synth: {} files, {} bytes in Hugo site {}",
            out.files,
            out.bytes,
            h.display()
        );
    }
    Ok(())
}
