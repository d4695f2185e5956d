//! The CI recipes in `docs/deploy/` and the release workflow, run here as
//! far as a machine without GitHub or GitLab allows: their YAML is parsed,
//! the jobs' conditions are evaluated for each kind of pipeline, and their
//! shell steps run with the runner's shell, on a copy of the bundled site,
//! against this build's `inolab` served over loopback HTTP in place of the
//! release download. Actions (`uses:`) are stood in for: checkout is the
//! copy, the cache is a kept folder, uploads are checked to point at a built
//! site.
//!
//! What a site owner would notice if it broke: a pull request that is not
//! checked or has no preview, a default branch that is not published at its
//! address, a binary that is fetched on every run, a tampered download that
//! runs, a release whose file names or SHA256SUMS the recipes cannot use.

mod runner;

use runner::{GitHub, GitLab, Release, Served, SiteRepo};

/// The release binary the recipes pick (by `uname -m`) on this machine;
/// the stand-in release serves this build under that name.
fn target() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x86_64-unknown-linux-musl",
        "aarch64" => "aarch64-unknown-linux-musl",
        other => panic!("the release has binaries for x86_64 and aarch64, not {other}"),
    }
}

#[test]
fn github_pull_request_is_checked_and_gets_a_preview() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    let run = GitHub::recipe().run(&repo, &release, "pull_request");
    run.assert_ok();
    assert_eq!(
        run.ran,
        [
            "actions/checkout",
            "Cache the inolab binary",
            "Install inolab (release binary, checksum verified)",
            "Check",
            "Build a preview",
            "Upload the preview",
        ],
        "a pull request is checked and previewed, and nothing is published"
    );
    assert!(
        !run.deploys,
        "the deploy job must not run for a pull request"
    );
    let preview = repo.path().join("preview");
    assert_eq!(run.uploads, std::slice::from_ref(&preview));
    let home = std::fs::read_to_string(preview.join("index.html")).expect("preview home page");
    assert!(
        home.contains("href=\"http://localhost:8000/"),
        "the preview's links are for the address the recipe tells reviewers to serve it at"
    );
    assert!(
        !repo.path().join("public").exists(),
        "a pull request builds no site for Pages"
    );
    // `check --format github` prints annotations only (the runner turns them
    // into notes on the changed files), never the human format.
    let check = run.output_of("Check");
    for line in check.stdout.lines().filter(|l| !l.is_empty()) {
        assert!(line.starts_with("::"), "not an annotation: {line}");
    }
}

#[test]
fn github_pull_request_with_an_error_is_annotated_and_not_previewed() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    repo.write(
        "content/news/broken.md",
        "---\ntitle: Front matter that is never closed\n",
    );
    let run = GitHub::recipe().run(&repo, &release, "pull_request");
    let failed = run.failed.as_ref().expect("the check must fail the run");
    assert_eq!(failed.step, "Check");
    let annotation = failed
        .stdout
        .lines()
        .find(|l| l.starts_with("::error file=content/news/broken.md,line=1,col=1"))
        .unwrap_or_else(|| {
            panic!(
                "the error is an annotation on the broken file:\n{}",
                failed.stdout
            )
        });
    assert!(
        annotation.contains("the front matter is never closed"),
        "{annotation}"
    );
    assert!(!run.ran.iter().any(|s| s == "Build a preview"));
    assert!(!repo.path().join("preview").exists());
}

#[test]
fn github_default_branch_is_built_for_its_pages_address_and_deployed() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    let run = GitHub::recipe().run(&repo, &release, "push");
    run.assert_ok();
    assert_eq!(
        run.ran,
        [
            "actions/checkout",
            "Cache the inolab binary",
            "Install inolab (release binary, checksum verified)",
            "Check",
            "Configure Pages",
            "Build the site",
            "Upload the site for Pages",
        ]
    );
    assert!(run.deploys, "the default branch is deployed");
    let public = repo.path().join("public");
    assert_eq!(run.uploads, std::slice::from_ref(&public));
    let home = std::fs::read_to_string(public.join("index.html")).expect("home page");
    // configure-pages' base_url (no trailing slash) with the site's path kept.
    assert!(
        home.contains(&format!("href=\"{}/", GitHub::PAGES_URL)),
        "links use the Pages address"
    );
    assert!(!repo.path().join("preview").exists());
}

/// A call for sprints opens and closes by the clock: the daily scheduled
/// run rebuilds and publishes like a push to the default branch.
#[test]
fn github_daily_schedule_rebuilds_and_publishes() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    let run = GitHub::recipe().run(&repo, &release, "schedule");
    run.assert_ok();
    assert!(run.ran.iter().any(|s| s == "Build the site"));
    assert!(run.deploys);
    assert!(repo.path().join("public/index.html").is_file());
}

#[test]
fn gitlab_merge_request_is_checked_and_gets_a_preview() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    let run = GitLab::recipe().run(&repo, &release, GitLab::MERGE_REQUEST);
    run.assert_ok();
    assert_eq!(run.jobs, ["check"], "only the check job, no publishing");
    let preview = repo.path().join("preview");
    assert_eq!(run.artifacts, std::slice::from_ref(&preview));
    let home = std::fs::read_to_string(preview.join("index.html")).expect("preview home page");
    assert!(home.contains("href=\"http://localhost:8000/"));
    assert!(!repo.path().join("public").exists());
}

#[test]
fn gitlab_merge_request_with_an_error_fails_with_the_place_of_it() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    repo.write(
        "content/news/broken.md",
        "---\ntitle: Front matter that is never closed\n",
    );
    let run = GitLab::recipe().run(&repo, &release, GitLab::MERGE_REQUEST);
    let failed = run
        .failed
        .as_ref()
        .expect("the check must fail the pipeline");
    assert_eq!(failed.step, "check");
    assert!(
        failed.stdout.contains("content/news/broken.md:1:1: error:"),
        "{}",
        failed.stdout
    );
    assert!(!repo.path().join("preview").exists());
}

#[test]
fn gitlab_default_branch_is_published_at_the_pages_address() {
    let release = Release::of_this_build(target());
    let repo = SiteRepo::bundled();
    let run = GitLab::recipe().run(&repo, &release, GitLab::DEFAULT_BRANCH);
    run.assert_ok();
    assert_eq!(run.jobs, ["pages"]);
    let public = repo.path().join("public");
    assert_eq!(run.artifacts, std::slice::from_ref(&public));
    let home = std::fs::read_to_string(public.join("index.html")).expect("home page");
    assert!(home.contains(&format!("href=\"{}/", GitLab::PAGES_URL)));
}

#[test]
fn gitlab_runs_no_pipeline_for_a_branch_without_a_merge_request() {
    let repo = SiteRepo::bundled();
    let release = Release::of_this_build(target());
    let run = GitLab::recipe().run(&repo, &release, GitLab::OTHER_BRANCH);
    assert!(run.jobs.is_empty() && run.failed.is_none());
    assert_eq!(release.served.binary_requests(), 0);
}

#[test]
fn a_tampered_download_is_refused_and_never_runs() {
    let release = Release::tampered(target());
    for recipe in ["github", "gitlab"] {
        let repo = SiteRepo::bundled();
        let run = match recipe {
            "github" => GitHub::recipe().run(&repo, &release, "push"),
            _ => GitLab::recipe().run(&repo, &release, GitLab::DEFAULT_BRANCH),
        };
        let failed = run.failed.as_ref().expect("a tampered binary must fail");
        assert!(
            failed.stderr.contains("checksum mismatch") && failed.stderr.contains(&release.sha256),
            "{recipe}: the log says what was expected:\n{}",
            failed.stderr
        );
        assert!(
            !failed.stdout.contains("inolab "),
            "{recipe}: the tampered binary was run:\n{}",
            failed.stdout
        );
        assert!(
            run.installed_binaries().is_empty(),
            "{recipe}: nothing is left in the cache for a later run: {:?}",
            run.installed_binaries()
        );
        assert!(!repo.path().join("public").exists());
    }
}

#[test]
fn the_binary_is_downloaded_once_then_taken_from_the_cache() {
    for recipe in ["github", "gitlab"] {
        let release = Release::of_this_build(target());
        let repo = SiteRepo::bundled();
        let cache = tempfile::tempdir().expect("cache");
        let run_once = || match recipe {
            "github" => GitHub::recipe()
                .install_only()
                .with_cache(cache.path())
                .run(&repo, &release, "push"),
            _ => GitLab::recipe()
                .install_only()
                .with_cache(cache.path())
                .run(&repo, &release, GitLab::DEFAULT_BRANCH),
        };
        let first = run_once();
        first.assert_ok();
        assert_eq!(release.served.binary_requests(), 1, "{recipe}");
        let second = run_once();
        second.assert_ok();
        assert_eq!(
            release.served.binary_requests(),
            1,
            "{recipe}: the second run must use the cache"
        );
        assert!(second.log().contains("from the cache"), "{recipe}");

        // A cache that holds other bytes (damaged, or planted) is not trusted:
        // the binary is fetched and checked again.
        let cached = first.cached_binaries();
        assert_eq!(cached.len(), 1, "{recipe}: {cached:?}");
        std::fs::write(&cached[0], b"#!/bin/sh\necho planted\n").expect("poison");
        let third = run_once();
        third.assert_ok();
        assert_eq!(release.served.binary_requests(), 2, "{recipe}");
        assert!(!third.log().contains("planted"), "{recipe}");
    }
}

#[test]
fn the_recipes_left_unedited_say_which_values_to_fill_in() {
    let release = Release::of_this_build(target());
    for recipe in ["github", "gitlab"] {
        let repo = SiteRepo::bundled();
        let run = match recipe {
            "github" => GitHub::recipe().unedited().run(&repo, &release, "push"),
            _ => GitLab::recipe()
                .unedited()
                .run(&repo, &release, GitLab::DEFAULT_BRANCH),
        };
        let failed = run.failed.as_ref().expect("placeholders must stop the run");
        assert!(
            failed.stderr.contains("INOLAB_SHA256 is 'EDIT-ME'")
                && failed.stderr.contains("SHA256SUMS"),
            "{recipe}: {}",
            failed.stderr
        );
        assert_eq!(release.served.binary_requests(), 0, "{recipe}");
    }
}

#[test]
fn release_refuses_a_tag_that_is_not_the_crate_version() {
    let ok = runner::release_step("The tag is Cargo.toml's version", &[], |env| {
        env.insert(
            "GITHUB_REF_NAME".into(),
            format!("v{}", env!("CARGO_PKG_VERSION")),
        );
    });
    assert!(ok.ok, "{}{}", ok.stdout, ok.stderr);
    let bad = runner::release_step("The tag is Cargo.toml's version", &[], |env| {
        env.insert("GITHUB_REF_NAME".into(), "v9.9.9".into());
    });
    assert!(!bad.ok);
    assert!(
        bad.stdout
            .contains("::error file=Cargo.toml::tag v9.9.9 is not v"),
        "{}",
        bad.stdout
    );
}

#[test]
fn release_refuses_a_binary_that_is_not_static() {
    // This test build is dynamically linked against glibc: the packaging
    // step must not ship such a binary as the "static" one.
    let bin = std::fs::read(env!("CARGO_BIN_EXE_inolab")).expect("test binary");
    let dynamic = format!("target/{}/release/inolab", target());
    let run = runner::release_step(
        "Strip, and refuse a binary that is not static",
        &[(dynamic.as_str(), bin.as_slice())],
        |env| {
            env.insert("TARGET".into(), target().into());
        },
    );
    assert!(!run.ok, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("is dynamically linked"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_recipes_install_what_the_release_publishes() {
    // The release job's SHA256SUMS step, on the files the build jobs hand it
    // (names from the matrix), gives the line a site owner copies into the
    // recipe; the recipe then finds the file under the release's name.
    let bin = std::fs::read(env!("CARGO_BIN_EXE_inolab")).expect("test binary");
    let targets = runner::release_targets();
    assert_eq!(
        targets,
        ["x86_64-unknown-linux-musl", "aarch64-unknown-linux-musl"]
    );
    let files: Vec<(String, Vec<u8>)> = targets
        .iter()
        .map(|t| {
            let bytes = if t == target() {
                bin.clone()
            } else {
                b"another architecture".to_vec()
            };
            (format!("dist/inolab-{t}"), bytes)
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let sums = runner::release_step("SHA256SUMS", &refs, |_| {});
    assert!(sums.ok, "{}", sums.stderr);
    let line = sums
        .stdout
        .lines()
        .find(|l| l.ends_with(&format!("  inolab-{}", target())))
        .unwrap_or_else(|| panic!("no line for {} in SHA256SUMS:\n{}", target(), sums.stdout));
    let sha = line.split_whitespace().next().expect("hash").to_string();
    assert_eq!(sha, Release::of_this_build(target()).sha256);

    let release = Release::from_files(&sums.dir.join("dist"), &sha);
    let repo = SiteRepo::bundled();
    let run = GitHub::recipe().install_only().run(&repo, &release, "push");
    run.assert_ok();
    assert_eq!(release.served.binary_requests(), 1);
}

/// The served stand-in answers only on loopback and counts what it was asked.
#[test]
fn the_stand_in_release_serves_its_files_and_404s_the_rest() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("a"), b"A").expect("write");
    let s = Served::start(dir.path());
    assert!(s.url().starts_with("http://127.0.0.1:"));
    let ok = std::process::Command::new("wget")
        .args(["-q", "-O", "-", &format!("{}/a", s.url())])
        .env("no_proxy", "*")
        .output()
        .expect("wget");
    assert_eq!(ok.stdout, b"A");
    let missing = std::process::Command::new("wget")
        .args(["-q", "-O", "-", &format!("{}/b", s.url())])
        .env("no_proxy", "*")
        .status()
        .expect("wget");
    assert!(!missing.success());
    assert_eq!(s.requests(), ["/a", "/b"]);
}
