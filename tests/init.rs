//! The journey of an institution starting its own lab site, as it would run
//! it: `inolab init` into an empty folder, `check` (no errors; the only
//! warnings are the `[[FILL: …]]` placeholders still to write), `build`,
//! filling a placeholder, and a rebrand in site.yaml — a colour below WCAG
//! AA refused at its line with the nearest passing colour, which then
//! builds. The browser suite runs on the same kind of site
//! (tests/browser/run.sh, "init site").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn inolab(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_inolab"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the inolab binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `check --format json`: one diagnostic a line, as (kind, severity, file, line).
fn check_json(site: &Path) -> Vec<(String, String, String, u64)> {
    let o = inolab(site, &["check", "--format", "json"]);
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON diagnostic");
            (
                v["kind"].as_str().unwrap_or("").to_string(),
                v["severity"].as_str().unwrap_or("").to_string(),
                v["file"].as_str().unwrap_or("").to_string(),
                v["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `init` with the flags an institution would give.
fn new_lab(parent: &Path, args: &[&str]) -> PathBuf {
    let site = parent.join("musu-lab");
    let mut all = vec!["init", "musu-lab"];
    all.extend_from_slice(args);
    let o = inolab(parent, &all);
    assert!(o.status.success(), "{}", text(&o));
    site
}

#[test]
fn init_check_build_fill_a_placeholder_and_the_site_is_the_new_labs_own() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_lab(
        tmp.path(),
        &[
            "--name",
            "Pilsētas inovācijas laboratorija",
            "--institution",
            "Pilsētas dome",
        ],
    );
    assert!(site.join("themes/default/templates/base.html").is_file());

    // check: no error; every warning is a placeholder, in the pages an
    // owner must write and in the marked examples.
    let diags = check_json(&site);
    assert!(!diags.is_empty(), "the placeholders are listed");
    let other: Vec<_> = diags.iter().filter(|d| d.0 != "placeholder").collect();
    assert!(other.is_empty(), "only placeholder warnings: {other:?}");
    assert!(diags.iter().all(|d| d.1 == "warning"));
    for f in [
        "content/pages/par-laboratoriju.md",
        "content/pages/pieteikties-sprintam.md",
        "content/pages/pieejamiba.md",
        "content/pages/privatums.md",
        "content/pages/privatums.en.md",
        "content/sprints/sprinta-piemers.md",
        "content/prototypes/prototipa-piemers.md",
    ] {
        assert!(
            diags.iter().any(|d| d.2 == f && d.3 > 0),
            "{f} has a placeholder with its line"
        );
    }

    // build: the new lab's name, institution and introduction; none of the
    // State Chancellery's identity, except the reference link to the
    // guidelines it publishes.
    let o = inolab(&site, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    let home = fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("<span class=\"brand-name\">Pilsētas inovācijas laboratorija</span>"));
    assert!(home.contains("Pilsētas dome"));
    assert!(home.contains("<p class=\"lead\">Mēs palīdzam iestādēm"));
    for p in html_files(&site.join("public")) {
        let h = fs::read_to_string(&p).unwrap();
        for ours in ["mk.gov.lv", "Latvijas Republika", "Republic of Latvia"] {
            assert!(!h.contains(ours), "{} names `{ours}`", p.display());
        }
        for ours in ["Valsts kancel", "State Chancellery"] {
            for (i, _) in h.match_indices(ours) {
                let before = &h[h[..i].rfind("<a ").unwrap_or(0)..i];
                assert!(
                    before.contains("href=\"https://inovacija.example/"),
                    "{}: `{ours}` outside the guidelines reference link",
                    p.display()
                );
            }
        }
    }
    let about = fs::read_to_string(site.join("public/par-laboratoriju/index.html")).unwrap();
    assert!(
        about.contains("[[FILL: kas ir laboratorija"),
        "shown until written"
    );
    assert!(site.join("public/en/index.html").is_file());

    // Writing a placeholder's text takes its warning away.
    let p = site.join("content/pages/par-laboratoriju.md");
    let src = fs::read_to_string(&p).unwrap();
    let start = src.find("[[FILL: kas ir laboratorija").unwrap();
    let end = start + src[start..].find("]]").unwrap() + 2;
    let filled = format!(
        "{}Pilsētas domes inovācijas komanda.{}",
        &src[..start],
        &src[end..]
    );
    fs::write(&p, filled).unwrap();
    let after = check_json(&site);
    assert_eq!(after.len(), diags.len() - 1, "{after:?}");
    assert!(
        !after
            .iter()
            .any(|d| d.2 == "content/pages/par-laboratoriju.md" && d.3 == 8)
    );
}

#[test]
fn a_rebrand_below_wcag_aa_is_refused_at_its_line_and_the_hinted_colour_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_lab(tmp.path(), &[]);
    let yaml_path = site.join("site.yaml");
    let yaml = fs::read_to_string(&yaml_path).unwrap();
    assert!(yaml.contains("  # color: \"#1d4e89\"\n"), "{yaml}");
    let line = yaml.lines().position(|l| l.contains("# color:")).unwrap() + 1;
    fs::write(
        &yaml_path,
        yaml.replace("  # color: \"#1d4e89\"", "  color: \"#f4a6b0\""),
    )
    .unwrap();

    let o = inolab(&site, &["build"]);
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    assert!(
        out.contains(&format!("site.yaml:{line}:10: error: brand colour `#f4a6b0` is below WCAG AA contrast (4.5:1) for header text and button text (light scheme, #ffffff on #f4a6b0) 1.92:1;")),
        "{out}"
    );
    let hint = out
        .lines()
        .find(|l| l.contains("= hint: the nearest passing colour"))
        .unwrap_or_else(|| panic!("no hint: {out}"));
    let suggested = hint
        .split("`color: \"")
        .nth(1)
        .and_then(|s| s.get(..7))
        .unwrap_or_else(|| panic!("no colour in the hint: {hint}"));
    assert!(
        suggested.starts_with('#') && suggested != "#f4a6b0",
        "{hint}"
    );
    assert!(
        !site.join("public").exists(),
        "nothing published on a refused colour"
    );

    // The hinted colour passes, and the whole site wears it.
    fs::write(
        &yaml_path,
        yaml.replace(
            "  # color: \"#1d4e89\"",
            &format!("  color: \"{suggested}\""),
        ),
    )
    .unwrap();
    let o = inolab(&site, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    let css = fs::read_to_string(site.join("public/assets/css/brand.css")).unwrap();
    assert!(
        css.contains(&format!("--brand-header: {suggested};")),
        "{css}"
    );
    for p in html_files(&site.join("public")) {
        let h = fs::read_to_string(&p).unwrap();
        assert!(
            h.contains("<link rel=\"stylesheet\" href=\"/assets/css/brand.css\">"),
            "{} has no brand.css",
            p.display()
        );
        assert!(!h.contains(" style=\""), "{}: inline style", p.display());
    }
}

#[test]
fn a_latvian_only_lab_has_no_english_pages_no_language_switch_and_its_own_logo() {
    let tmp = tempfile::tempdir().unwrap();
    let site = new_lab(tmp.path(), &["--languages", "lv", "--color", "#1d4e89"]);
    assert!(!site.join("content/pages/par-laboratoriju.en.md").exists());
    // A logo in static/, named in the brand block.
    fs::write(
        site.join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n",
    )
    .unwrap();
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("  # logo: logo.svg\n"));
    fs::write(
        site.join("site.yaml"),
        yaml.replace("  # logo: logo.svg", "  logo: logo.svg"),
    )
    .unwrap();
    let diags = check_json(&site);
    assert!(diags.iter().all(|d| d.0 == "placeholder"), "{diags:?}");
    let o = inolab(&site, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!site.join("public/en").exists());
    for p in html_files(&site.join("public")) {
        let h = fs::read_to_string(&p).unwrap();
        assert!(!h.contains("lang-switch"), "{}", p.display());
        assert!(!h.contains("hreflang=\"en\""), "{}", p.display());
    }
    let home = fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("<meta name=\"theme-color\" content=\"#1d4e89\">"));
    assert!(home.contains("<img class=\"brand-logo\" src=\"/logo.svg\" alt=\"\" height=\"48\">"));
    assert!(site.join("public/logo.svg").is_file());
}

#[test]
fn init_refuses_what_it_cannot_write_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec!["--languages", "en"],
            "--languages: `en` is not a language list init can write",
        ),
        (
            vec!["--color", "#ffe066"],
            "--color: brand colour `#ffe066` is below WCAG AA contrast",
        ),
        (
            vec!["--color", "blue"],
            "--color: `blue` is not a hex colour",
        ),
    ] {
        let mut all = vec!["init", "lab"];
        all.extend(args);
        let o = inolab(tmp.path(), &all);
        assert!(!o.status.success());
        assert!(text(&o).contains(says), "{}", text(&o));
        assert!(!tmp.path().join("lab").exists());
    }
}

#[test]
fn a_placeholder_is_reported_where_it_is_but_not_inside_code() {
    let md = "Teksts.\n\nVēl [[FILL: kas jāraksta]] te.\n\n`[[FILL: piemērs]]` un\n\n```\n[[FILL: bloks]]\n```\n";
    let s = inolab::markdown::Settings {
        lang: "lv",
        base_path: "/",
        trusted_html: false,
        terms: None,
        self_term: None,
        path: "content/pages/x.md",
        body_line: 5,
        html: true,
        links: None,
    };
    let r = inolab::markdown::render(md, &s);
    let found: Vec<_> = r
        .diags
        .iter()
        .map(|d| (d.kind, d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(
            inolab::diagnostics::Kind::Placeholder,
            7,
            5,
            "still a placeholder: kas jāraksta"
        )]
    );
    assert!(
        r.html.contains("[[FILL: kas jāraksta]]"),
        "shown as written"
    );
}
