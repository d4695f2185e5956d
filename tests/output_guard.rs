//! The output guard and the atomic swap, through the `inolab` command as a
//! user runs it (issue 17): a build never deletes a folder it did not
//! write, never touches the site's own sources, and a killed build leaves
//! either the old output or the new one, never none.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn inolab(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inolab"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run inolab")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// How many `.md` files the site has: sources that must survive.
fn markdown_count(root: &Path) -> usize {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

#[test]
fn a_folder_inolab_did_not_write_is_refused_and_kept() {
    let site = copy_fixture("minimal");
    let victim = site.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("thesis.docx"), "important").unwrap();
    let o = inolab(site.path(), &["build", "--output", "victim"]);
    assert!(!o.status.success(), "exit code must report the refusal");
    let err = stderr(&o);
    assert!(err.contains("victim"), "names the folder: {err}");
    assert!(err.contains("not written by inolab"), "{err}");
    assert!(err.contains("--force"), "says how to proceed: {err}");
    assert_eq!(
        std::fs::read_to_string(victim.join("thesis.docx")).unwrap(),
        "important"
    );
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 1);
}

#[test]
fn force_replaces_a_foreign_folder_and_marks_it() {
    let site = copy_fixture("minimal");
    let victim = site.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("old.txt"), "x").unwrap();
    let o = inolab(site.path(), &["build", "--output", "victim", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!victim.join("old.txt").exists());
    assert!(victim.join("index.html").is_file());
    assert!(victim.join(".inolab-output").is_file());
    // Now it is ours: the next build needs no --force.
    let o = inolab(site.path(), &["build", "--output", "victim"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_site_and_its_sources_are_refused_even_with_force() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let before = markdown_count(root);
    assert!(before > 5, "{before} records");
    let tree = read_tree(root);
    for out in [
        ".",
        "content",
        "themes",
        "content/sprints",
        "..",
        "public/../content",
    ] {
        for force in [false, true] {
            let mut args = vec!["build", "--output", out];
            if force {
                args.push("--force");
            }
            let o = inolab(root, &args);
            let err = stderr(&o);
            assert!(
                !o.status.success(),
                "--output {out} (force {force}) must fail"
            );
            assert!(err.contains("sources"), "--output {out}: {err}");
            assert!(err.contains(out), "names the folder {out}: {err}");
        }
    }
    assert_eq!(markdown_count(root), before, "no source file lost");
    assert!(read_tree(root) == tree, "the site folder changed");
}

#[test]
fn the_default_output_rebuilds_without_force() {
    let site = copy_fixture("minimal");
    for _ in 0..2 {
        let o = inolab(site.path(), &["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(site.path().join("public/.inolab-output").is_file());
}

/// Kills `inolab build` at points spread over a whole build, alternating
/// between two versions of the site. After every kill the output folder
/// exists and is exactly the old tree or the new one; the next build
/// cleans what the killed ones left beside it.
#[test]
fn a_killed_build_leaves_the_old_or_the_new_output() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let out = root.join("public");
    let news = root.join("content/news/sakums.md");
    let original = std::fs::read_to_string(&news).unwrap();
    let version = |v: usize| {
        let text = original.replacen("title:", &format!("title: V{v}"), 1);
        std::fs::write(&news, text).unwrap();
    };
    let mut trees = Vec::new();
    let mut full = Duration::ZERO;
    for v in 0..2 {
        version(v);
        let t = Instant::now();
        let o = inolab(root, &["build"]);
        full = full.max(t.elapsed());
        assert!(o.status.success(), "{}", stderr(&o));
        trees.push(read_tree(&out));
    }
    assert_ne!(trees[0], trees[1], "the two versions must differ");
    const KILLS: u32 = 24;
    let mut outcomes = [0usize; 2];
    for i in 0..KILLS {
        let v = (i % 2) as usize;
        version(v);
        // Spread over 0..120 % of a full build, with a fixed jitter.
        let at = full.mul_f64((i as f64 + 0.5 * ((i * 7 % 5) as f64 / 5.0)) / KILLS as f64 * 1.2);
        let mut child = Command::new(env!("CARGO_BIN_EXE_inolab"))
            .current_dir(root)
            .arg("build")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        assert!(out.is_dir(), "kill {i} at {at:?}: no output folder");
        let now = read_tree(&out);
        let which = trees
            .iter()
            .position(|t| *t == now)
            .unwrap_or_else(|| panic!("kill {i} at {at:?}: output is neither tree"));
        outcomes[which] += 1;
    }
    assert_eq!(outcomes.iter().sum::<usize>(), KILLS as usize);
    eprintln!(
        "{KILLS} kills over {full:?}: output was tree V0 {} times, V1 {} times, never missing or mixed",
        outcomes[0], outcomes[1]
    );
    let o = inolab(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") || n.starts_with(".inolab-spill"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    assert!(
        std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().starts_with(".public")),
        "nothing of a build is left inside the output"
    );
}

/// A symlink in `static/` that leads out of the site is not published (it
/// could leak any file on the machine) and the build says so; one that
/// stays inside the site is followed.
#[test]
fn static_symlinks_outside_the_site_warn_and_are_skipped() {
    let site = copy_fixture("minimal");
    let root = site.path();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("id_rsa"), "PRIVATE").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(secret.path().join("id_rsa"), root.join("static/key.txt")).unwrap();
    std::os::unix::fs::symlink(secret.path(), root.join("static/home")).unwrap();
    std::os::unix::fs::symlink(root.join("site.yaml"), root.join("static/site-config.txt"))
        .unwrap();
    let o = inolab(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("static/key.txt"), "{err}");
    assert!(err.contains("static/home"), "{err}");
    assert!(err.contains("outside the site"), "{err}");
    let out = root.join("public");
    assert!(!out.join("key.txt").exists());
    assert!(!out.join("home").exists());
    assert!(
        out.join("site-config.txt").is_file(),
        "inside links are followed"
    );
}
