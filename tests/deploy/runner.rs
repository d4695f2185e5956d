//! Stand-ins for what a CI service does around the recipes' shell steps:
//! parsing the YAML, evaluating `if:` and `rules:`, running each step with
//! the shell the service uses, restoring and saving the cache, and a local
//! HTTP server in place of the release download.
//!
//! Deliberately small: a condition or an action the recipes start to use and
//! this file does not know panics, so the test is updated with the recipe
//! instead of passing over it.

use serde_yaml::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(rel: &str) -> Value {
    let text = std::fs::read_to_string(repo_root().join(rel)).expect(rel);
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn sha256_file(path: &Path) -> String {
    let o = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .expect("hash")
        .to_string()
}

/// This build's binary, and its SHA-256 (computed once: it is large).
fn this_build() -> (&'static Path, &'static str) {
    static SHA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let bin = Path::new(env!("CARGO_BIN_EXE_inolab"));
    (bin, SHA.get_or_init(|| sha256_file(bin)))
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let dest = to.join(e.path().strip_prefix(from).expect("prefix"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// Files named `inolab` (or a half-downloaded `inolab.part`) under `dir`.
fn binaries_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() == "inolab" || e.file_name() == "inolab.part")
        .map(|e| e.into_path())
        .collect()
}

/// A minimal HTTP/1.1 file server on 127.0.0.1 that records every path it
/// is asked for. It lives as long as the test process.
pub struct Served {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Served {
    pub fn start(root: &Path) -> Served {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut reader = BufReader::new(&stream);
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                seen.lock().expect("lock").push(path.clone());
                let file = root.join(path.trim_start_matches('/'));
                let response = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => {
                        let mut r = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        r.extend_from_slice(&body);
                        r
                    }
                    _ => {
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&response);
            }
        });
        Served { url, requests }
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }

    /// Requests for a release binary (not for SHA256SUMS or anything else).
    pub fn binary_requests(&self) -> usize {
        self.requests()
            .iter()
            .filter(|p| p.contains("/inolab-"))
            .count()
    }
}

/// A stand-in for a GitHub release of inolab: `/v<version>/inolab-<target>`
/// served over loopback, and the SHA-256 a site owner would pin.
pub struct Release {
    pub sha256: String,
    pub served: Served,
    _dir: tempfile::TempDir,
}

impl Release {
    fn version() -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// This build's `inolab` as the release binary for `target`.
    pub fn of_this_build(target: &str) -> Release {
        let (bin, sha) = this_build();
        Release::serving(target, |dest| {
            // A link where the file system allows (the debug binary is
            // large and many tests serve it), else a copy.
            if std::fs::hard_link(bin, dest).is_err() {
                std::fs::copy(bin, dest).expect("copy binary");
            }
        })
        .pinned(sha)
    }

    /// A release whose file is not the one the checksum was taken of (a
    /// compromised mirror or a corrupted download): a script that would
    /// announce itself if it ran.
    pub fn tampered(target: &str) -> Release {
        let (_, sha) = this_build();
        Release::serving(target, |dest| {
            std::fs::write(dest, b"#!/bin/sh\necho inolab tampered\n").expect("write");
        })
        .pinned(sha)
    }

    fn serving(target: &str, put: impl FnOnce(&Path)) -> Release {
        let dir = tempfile::tempdir().expect("dir");
        let v = dir.path().join(format!("v{}", Release::version()));
        std::fs::create_dir_all(&v).expect("mkdir");
        put(&v.join(format!("inolab-{target}")));
        let served = Served::start(dir.path());
        Release {
            sha256: String::new(),
            served,
            _dir: dir,
        }
    }

    fn pinned(mut self, sha256: &str) -> Release {
        self.sha256 = sha256.to_string();
        self
    }

    /// The files of a release folder (as the release job uploads them).
    pub fn from_files(dist: &Path, sha256: &str) -> Release {
        let dir = tempfile::tempdir().expect("dir");
        let v = dir.path().join(format!("v{}", Release::version()));
        copy_tree(dist, &v);
        let served = Served::start(dir.path());
        Release {
            sha256: sha256.to_string(),
            served,
            _dir: dir,
        }
    }

    /// What a site owner sets in the recipe for this release.
    fn pins(&self) -> [(&'static str, String); 3] {
        [
            ("INOLAB_VERSION", Release::version().to_string()),
            ("INOLAB_DOWNLOAD", self.served.url()),
            ("INOLAB_SHA256", self.sha256.clone()),
        ]
    }
}

/// A content-only site repository: a copy of the bundled site's sources
/// (settings, content, theme, static files), no Rust.
pub struct SiteRepo {
    dir: tempfile::TempDir,
}

impl SiteRepo {
    pub fn bundled() -> SiteRepo {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml"))
            .expect("site.yaml");
        for folder in ["content", "themes", "static"] {
            copy_tree(&repo_root().join(folder), &dir.path().join(folder));
        }
        SiteRepo { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, content: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, content).expect("write");
    }
}

/// What one step or job printed.
#[derive(Debug, Clone)]
pub struct StepOutput {
    pub step: String,
    pub stdout: String,
    pub stderr: String,
}

/// The outcome of one pipeline.
pub struct Run {
    /// GitHub: the steps of the build job that ran (name, or action without
    /// its version), in order.
    pub ran: Vec<String>,
    /// GitHub: whether the deploy job's condition holds.
    pub deploys: bool,
    /// GitHub: folders handed to upload actions.
    pub uploads: Vec<PathBuf>,
    /// GitLab: the jobs that ran.
    pub jobs: Vec<String>,
    /// GitLab: the jobs' artifact folders.
    pub artifacts: Vec<PathBuf>,
    pub outputs: Vec<StepOutput>,
    pub failed: Option<StepOutput>,
    /// Where the install step put the binary during this run, and the cache
    /// store later runs restore from.
    live_cache: PathBuf,
    store: PathBuf,
    _keep: Vec<tempfile::TempDir>,
}

impl Run {
    fn new(live_cache: PathBuf, store: PathBuf, keep: Vec<tempfile::TempDir>) -> Run {
        Run {
            ran: Vec::new(),
            deploys: false,
            uploads: Vec::new(),
            jobs: Vec::new(),
            artifacts: Vec::new(),
            outputs: Vec::new(),
            failed: None,
            live_cache,
            store,
            _keep: keep,
        }
    }

    pub fn assert_ok(&self) {
        if let Some(f) = &self.failed {
            panic!(
                "step '{}' failed\n--- stdout\n{}\n--- stderr\n{}",
                f.step, f.stdout, f.stderr
            );
        }
    }

    pub fn output_of(&self, step: &str) -> &StepOutput {
        self.outputs
            .iter()
            .find(|o| o.step == step)
            .unwrap_or_else(|| panic!("step '{step}' did not run"))
    }

    /// Everything every step printed.
    pub fn log(&self) -> String {
        self.outputs
            .iter()
            .chain(self.failed.iter())
            .map(|o| format!("{}{}", o.stdout, o.stderr))
            .collect()
    }

    /// Binaries in the run's own cache folder and in the saved cache.
    pub fn installed_binaries(&self) -> Vec<PathBuf> {
        let mut v = binaries_under(&self.live_cache);
        v.extend(binaries_under(&self.store));
        v
    }

    /// Binaries in the saved cache, the one the next run restores.
    pub fn cached_binaries(&self) -> Vec<PathBuf> {
        binaries_under(&self.store)
    }
}

/// The environment every step starts from: this process's, without proxies
/// (the stand-in release is on loopback), without variables a CI service
/// would set, and with a PATH that holds no other `inolab`, so only the one
/// the recipe installed can run.
fn base_env() -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = std::env::vars()
        .filter(|(k, _)| {
            let k = k.to_ascii_uppercase();
            !(k.ends_with("_PROXY")
                || k.starts_with("INOLAB_")
                || k.starts_with("GITHUB_")
                || k.starts_with("RUNNER_")
                || k.starts_with("CI_")
                || k.starts_with("GITLAB_")
                || k == "CI")
        })
        .collect();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let clean =
        std::env::join_paths(std::env::split_paths(&path).filter(|d| !d.join("inolab").exists()))
            .expect("PATH");
    env.insert("PATH".into(), clean.to_string_lossy().into_owned());
    env.insert("no_proxy".into(), "*".into());
    env
}

fn run_script(
    shell: &[&str],
    script: &str,
    cwd: &Path,
    env: &BTreeMap<String, String>,
    step: &str,
) -> (bool, StepOutput) {
    let file = tempfile::NamedTempFile::new().expect("script file");
    std::fs::write(file.path(), script).expect("write script");
    let o = Command::new(shell[0])
        .args(&shell[1..])
        .arg(file.path())
        .current_dir(cwd)
        .env_clear()
        .envs(env)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", shell[0]));
    (
        o.status.success(),
        StepOutput {
            step: step.to_string(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        },
    )
}

/// Replaces the cache's folder with the store's copy (GitHub's restore and
/// GitLab's both put back the saved files; a miss leaves nothing).
fn restore(store: &Path, live: &Path) {
    let _ = std::fs::remove_dir_all(live);
    if store.exists() {
        copy_tree(store, live);
    }
}

fn save(live: &Path, store: &Path) {
    let _ = std::fs::remove_dir_all(store);
    if live.exists() {
        copy_tree(live, store);
    }
}

fn cache_store(given: &Option<PathBuf>, keep: &mut Vec<tempfile::TempDir>) -> PathBuf {
    match given {
        Some(p) => p.join("store"),
        None => {
            let d = tempfile::tempdir().expect("cache store");
            let p = d.path().join("store");
            keep.push(d);
            p
        }
    }
}

/// Overrides the recipe's INOLAB_ values with the release's, as a site
/// owner's edit would; each must exist in the recipe.
fn pin(vars: &mut BTreeMap<String, String>, release: &Release, shipped: bool) {
    for (k, v) in release.pins() {
        assert!(vars.contains_key(k), "the recipe has no {k}");
        if !shipped {
            vars.insert(k.to_string(), v);
        }
    }
}

fn string_map(v: &Value) -> BTreeMap<String, String> {
    v.as_mapping()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((text(k)?, text(v)?)))
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------- GitHub

/// `docs/deploy/github-pages.yml` on a stand-in GitHub Actions runner.
pub struct GitHub {
    wf: Value,
    install_only: bool,
    shipped: bool,
    cache: Option<PathBuf>,
}

impl GitHub {
    /// What `actions/configure-pages` answers for a project site.
    pub const PAGES_URL: &'static str = "https://example.github.io/site";

    pub fn recipe() -> GitHub {
        GitHub {
            wf: load("docs/deploy/github-pages.yml"),
            install_only: false,
            shipped: false,
            cache: None,
        }
    }

    /// Stop after the install step.
    pub fn install_only(mut self) -> GitHub {
        self.install_only = true;
        self
    }

    /// Keep the recipe's own INOLAB_ values (its placeholders).
    pub fn unedited(mut self) -> GitHub {
        self.shipped = true;
        self
    }

    /// Keep the cache between runs in this folder.
    pub fn with_cache(mut self, dir: &Path) -> GitHub {
        self.cache = Some(dir.to_path_buf());
        self
    }

    fn condition(expr: &str, event: &str) -> bool {
        let e = expr.trim();
        let e = e
            .strip_prefix("${{")
            .and_then(|e| e.strip_suffix("}}"))
            .unwrap_or(e)
            .trim();
        for (op, eq) in [("==", true), ("!=", false)] {
            if let Some((l, r)) = e.split_once(op) {
                assert_eq!(l.trim(), "github.event_name", "unknown condition: {expr}");
                let r = r.trim().trim_matches('\'');
                return (r == event) == eq;
            }
        }
        panic!("unknown condition: {expr}")
    }

    fn substitute(value: &str, outputs: &BTreeMap<String, String>) -> String {
        let mut out = String::new();
        let mut rest = value;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closed expression") + start;
            let expr = rest[start + 3..end].trim();
            out.push_str(
                outputs
                    .get(expr)
                    .unwrap_or_else(|| panic!("no stand-in for the expression {expr}")),
            );
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    pub fn run(&self, repo: &SiteRepo, release: &Release, event: &str) -> Run {
        let wf = &self.wf;
        let on = &wf["on"];
        assert!(
            on.get(event).is_some(),
            "the workflow does not run on {event}"
        );
        if event == "push" {
            let branches = on["push"]["branches"].as_sequence().expect("branches");
            assert!(branches.iter().any(|b| b.as_str() == Some("main")));
        }
        if event == "schedule" {
            let cron = on["schedule"][0]["cron"].as_str().expect("a cron schedule");
            assert_eq!(cron.split_whitespace().count(), 5, "cron: {cron}");
        }
        let shell = wf["defaults"]["run"]["shell"].as_str();
        assert_eq!(shell, Some("bash"), "steps run with `shell: bash`");

        let mut keep = Vec::new();
        let home = tempfile::tempdir().expect("home");
        let runner_temp = tempfile::tempdir().expect("runner temp");
        let github_path = runner_temp.path().join("github_path");
        std::fs::write(&github_path, "").expect("GITHUB_PATH");
        let store = cache_store(&self.cache, &mut keep);
        let home_path = home.path().to_path_buf();

        let mut vars = string_map(&wf["env"]);
        pin(&mut vars, release, self.shipped);
        let job = &wf["jobs"]["build"];
        vars.extend(string_map(&job["env"]));
        let mut env = base_env();
        env.extend(vars);
        env.insert("HOME".into(), home_path.to_string_lossy().into_owned());
        env.insert("GITHUB_PATH".into(), github_path.to_string_lossy().into());
        env.insert("GITHUB_EVENT_NAME".into(), event.into());
        env.insert(
            "GITHUB_WORKSPACE".into(),
            repo.path().to_string_lossy().into(),
        );
        env.insert(
            "RUNNER_TEMP".into(),
            runner_temp.path().to_string_lossy().into(),
        );
        env.insert("GITHUB_ACTIONS".into(), "true".into());
        env.insert("CI".into(), "true".into());

        let mut live_cache = home_path.join(".cache/inolab");
        let mut outputs: BTreeMap<String, String> = BTreeMap::new();
        keep.push(home);
        keep.push(runner_temp);
        let mut run = Run::new(live_cache.clone(), store.clone(), keep);

        let steps = job["steps"].as_sequence().expect("steps");
        for step in steps {
            if let Some(cond) = step["if"].as_str()
                && !GitHub::condition(cond, event)
            {
                continue;
            }
            let uses = step["uses"].as_str();
            let name = step["name"]
                .as_str()
                .map(str::to_string)
                .or_else(|| uses.map(|u| u.split('@').next().unwrap_or(u).to_string()))
                .expect("a step has a name or an action");
            run.ran.push(name.clone());
            if let Some(action) = uses {
                let action = action.split('@').next().unwrap_or(action);
                match action {
                    "actions/checkout" => {}
                    "actions/cache" => {
                        let path = step["with"]["path"].as_str().expect("cache path");
                        let rel = path.strip_prefix("~/").expect("a path under ~");
                        live_cache = home_path.join(rel);
                        restore(&store, &live_cache);
                    }
                    "actions/configure-pages" => {
                        let id = step["id"].as_str().expect("configure-pages has an id");
                        outputs.insert(
                            format!("steps.{id}.outputs.base_url"),
                            GitHub::PAGES_URL.to_string(),
                        );
                    }
                    "actions/upload-artifact" | "actions/upload-pages-artifact" => {
                        let path = step["with"]["path"].as_str().expect("upload path");
                        let dir = repo.path().join(path.trim_end_matches('/'));
                        assert!(
                            dir.join("index.html").is_file(),
                            "{name}: {path} holds no built site"
                        );
                        run.uploads.push(dir);
                    }
                    other => panic!("no stand-in for the action {other}"),
                }
                continue;
            }
            let script = step["run"].as_str().expect("a run step");
            let mut step_env = env.clone();
            for (k, v) in string_map(&step["env"]) {
                step_env.insert(k, GitHub::substitute(&v, &outputs));
            }
            let added = std::fs::read_to_string(&github_path).unwrap_or_default();
            let mut path: Vec<String> = added.lines().rev().map(str::to_string).collect();
            path.push(step_env["PATH"].clone());
            step_env.insert("PATH".into(), path.join(":"));
            let (ok, out) = run_script(
                &["bash", "--noprofile", "--norc", "-eo", "pipefail"],
                script,
                repo.path(),
                &step_env,
                &name,
            );
            if !ok {
                run.failed = Some(out);
                run.live_cache = live_cache;
                return run;
            }
            run.outputs.push(out);
            if self.install_only && name.starts_with("Install") {
                break;
            }
        }
        // The cache action saves its folder when the job succeeded.
        save(&live_cache, &store);
        run.live_cache = live_cache;

        let deploy = &wf["jobs"]["deploy"];
        assert_eq!(deploy["needs"].as_str(), Some("build"));
        let uses: Vec<&str> = deploy["steps"]
            .as_sequence()
            .expect("deploy steps")
            .iter()
            .filter_map(|s| s["uses"].as_str())
            .collect();
        assert!(uses.iter().any(|u| u.starts_with("actions/deploy-pages@")));
        run.deploys = deploy["if"]
            .as_str()
            .is_none_or(|c| GitHub::condition(c, event));
        run
    }
}

// ---------------------------------------------------------------- GitLab

/// The kind of pipeline GitLab starts.
#[derive(Clone, Copy)]
pub struct Pipeline {
    source: &'static str,
    branch: Option<&'static str>,
}

/// `docs/deploy/gitlab-ci.yml` on a stand-in GitLab runner (`sh`, as in
/// the recipe's Alpine image).
pub struct GitLab {
    ci: Value,
    install_only: bool,
    shipped: bool,
    cache: Option<PathBuf>,
}

const GITLAB_KEYWORDS: &[&str] = &[
    "workflow",
    "variables",
    "stages",
    "default",
    "include",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
];

impl GitLab {
    pub const MERGE_REQUEST: Pipeline = Pipeline {
        source: "merge_request_event",
        branch: None,
    };
    pub const DEFAULT_BRANCH: Pipeline = Pipeline {
        source: "push",
        branch: Some("main"),
    };
    pub const OTHER_BRANCH: Pipeline = Pipeline {
        source: "push",
        branch: Some("new-sprint"),
    };
    /// `$CI_PAGES_URL` of a project site.
    pub const PAGES_URL: &'static str = "https://example.gitlab.io/site";

    pub fn recipe() -> GitLab {
        GitLab {
            ci: load("docs/deploy/gitlab-ci.yml"),
            install_only: false,
            shipped: false,
            cache: None,
        }
    }

    /// Run the install (the `before_script`) and not the job's script.
    pub fn install_only(mut self) -> GitLab {
        self.install_only = true;
        self
    }

    pub fn unedited(mut self) -> GitLab {
        self.shipped = true;
        self
    }

    pub fn with_cache(mut self, dir: &Path) -> GitLab {
        self.cache = Some(dir.to_path_buf());
        self
    }

    /// `$A == "x"`, `$A == $B`, `!=`; an unset variable equals nothing.
    fn rule(expr: &str, vars: &BTreeMap<String, String>) -> bool {
        let value = |side: &str| -> Option<String> {
            let side = side.trim();
            if let Some(name) = side.strip_prefix('$') {
                vars.get(name).cloned()
            } else if side.len() >= 2 && side.starts_with('"') && side.ends_with('"') {
                Some(side[1..side.len() - 1].to_string())
            } else {
                panic!("unknown rule: {expr}")
            }
        };
        for (op, eq) in [("==", true), ("!=", false)] {
            if let Some((l, r)) = expr.split_once(op) {
                let (l, r) = (value(l), value(r));
                return (l.is_some() && l == r) == eq;
            }
        }
        panic!("unknown rule: {expr}")
    }

    fn rules_allow(rules: &Value, vars: &BTreeMap<String, String>) -> bool {
        match rules.as_sequence() {
            None => true,
            Some(rules) => rules.iter().any(|r| {
                let cond = r["if"].as_str().expect("a rule has `if`");
                assert!(r.get("when").is_none(), "no stand-in for `when` in rules");
                GitLab::rule(cond, vars)
            }),
        }
    }

    /// `$NAME` and `${NAME}` from `vars` (GitLab expands variables in
    /// `variables:`; the shell does the rest).
    fn expand(value: &str, vars: &BTreeMap<String, String>) -> String {
        let mut out = String::new();
        let mut chars = value.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            let rest = &value[i + 1..];
            let (name, skip) = if let Some(r) = rest.strip_prefix('{') {
                let end = r.find('}').expect("closed ${");
                (&r[..end], end + 2)
            } else {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (&rest[..end], end)
            };
            out.push_str(vars.get(name).map(String::as_str).unwrap_or(""));
            for _ in 0..skip {
                chars.next();
            }
        }
        out
    }

    fn lines(v: &Value) -> Vec<String> {
        v.as_sequence()
            .map(|s| s.iter().filter_map(text).collect())
            .unwrap_or_default()
    }

    pub fn run(&self, repo: &SiteRepo, release: &Release, pipeline: Pipeline) -> Run {
        let ci = &self.ci;
        let mut keep = Vec::new();
        let store = cache_store(&self.cache, &mut keep);
        let mut predefined: BTreeMap<String, String> = [
            ("CI", "true"),
            ("GITLAB_CI", "true"),
            ("CI_PIPELINE_SOURCE", pipeline.source),
            ("CI_DEFAULT_BRANCH", "main"),
            ("CI_PAGES_URL", GitLab::PAGES_URL),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        predefined.insert(
            "CI_PROJECT_DIR".into(),
            repo.path().to_string_lossy().into(),
        );
        if let Some(b) = pipeline.branch {
            predefined.insert("CI_COMMIT_BRANCH".into(), b.into());
        } else {
            predefined.insert("CI_MERGE_REQUEST_IID".into(), "1".into());
        }

        let mut vars = string_map(&ci["variables"]);
        pin(&mut vars, release, self.shipped);
        let mut all = predefined.clone();
        for (k, v) in &vars {
            let v = GitLab::expand(v, &all);
            all.insert(k.clone(), v);
        }

        let default = &ci["default"];
        let cache_paths = GitLab::lines(&default["cache"]["paths"]);
        assert_eq!(cache_paths.len(), 1, "one cached folder");
        let live_cache = repo.path().join(cache_paths[0].trim_end_matches('/'));
        let mut run = Run::new(live_cache.clone(), store.clone(), keep);
        assert!(
            Path::new(&all["INOLAB_CACHE"]).starts_with(&live_cache),
            "INOLAB_CACHE ({}) must be inside the cached folder ({})",
            all["INOLAB_CACHE"],
            live_cache.display()
        );

        if !GitLab::rules_allow(&ci["workflow"]["rules"], &all) {
            return run;
        }
        let stages = GitLab::lines(&ci["stages"]);
        let mapping = ci.as_mapping().expect("mapping");
        let mut jobs: Vec<(usize, String, &Value)> = mapping
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v)))
            .filter(|(k, _)| !GITLAB_KEYWORDS.contains(&k.as_str()) && !k.starts_with('.'))
            .map(|(k, v)| {
                let stage = v["stage"].as_str().unwrap_or("test");
                let at = stages
                    .iter()
                    .position(|s| s == stage)
                    .unwrap_or_else(|| panic!("job {k}: stage {stage} is not in `stages`"));
                (at, k, v)
            })
            .collect();
        jobs.sort_by_key(|(at, _, _)| *at);

        let mut env = base_env();
        env.extend(all.clone());
        for (_, name, job) in jobs {
            if !GitLab::rules_allow(&job["rules"], &all) {
                continue;
            }
            run.jobs.push(name.clone());
            restore(&store, &live_cache);
            let before = if job.get("before_script").is_some() {
                GitLab::lines(&job["before_script"])
            } else {
                GitLab::lines(&default["before_script"])
            };
            let mut script = before;
            if !self.install_only {
                script.extend(GitLab::lines(&job["script"]));
            }
            let (ok, out) = run_script(&["sh", "-e"], &script.join("\n"), repo.path(), &env, &name);
            if !ok {
                run.failed = Some(out);
                return run;
            }
            run.outputs.push(out);
            save(&live_cache, &store);
            if self.install_only {
                continue;
            }
            for p in GitLab::lines(&job["artifacts"]["paths"]) {
                let dir = repo.path().join(p.trim_end_matches('/'));
                assert!(
                    dir.join("index.html").is_file(),
                    "{name}: artifact {p} holds no built site"
                );
                run.artifacts.push(dir);
            }
        }
        run
    }
}

// ---------------------------------------------------------------- release

/// The matrix targets of `.github/workflows/release.yml`.
pub fn release_targets() -> Vec<String> {
    let wf = load(".github/workflows/release.yml");
    wf["jobs"]["binary"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("matrix")
        .iter()
        .map(|e| e["target"].as_str().expect("target").to_string())
        .collect()
}

/// One run step of the release workflow, found by name, run with bash in a
/// folder holding Cargo.toml and `files`.
pub struct ReleaseStep {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
    pub dir: PathBuf,
    _tmp: tempfile::TempDir,
}

pub fn release_step(
    name: &str,
    files: &[(&str, &[u8])],
    set: impl FnOnce(&mut BTreeMap<String, String>),
) -> ReleaseStep {
    let wf = load(".github/workflows/release.yml");
    assert_eq!(wf["defaults"]["run"]["shell"].as_str(), Some("bash"));
    assert!(
        wf["on"]["push"]["tags"]
            .as_sequence()
            .is_some_and(|t| t.iter().any(|t| t.as_str() == Some("v*"))),
        "a release starts on a tag v*"
    );
    let step = wf["jobs"]
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|j| j["steps"].as_sequence().cloned().unwrap_or_default())
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("release.yml has no step '{name}'"));
    let tmp = tempfile::tempdir().expect("dir");
    std::fs::copy(
        repo_root().join("Cargo.toml"),
        tmp.path().join("Cargo.toml"),
    )
    .expect("Cargo.toml");
    for (rel, bytes) in files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let mut env = base_env();
    env.insert(
        "RUNNER_TEMP".into(),
        tmp.path().join("runner-temp").to_string_lossy().into(),
    );
    set(&mut env);
    let (ok, out) = run_script(
        &["bash", "--noprofile", "--norc", "-eo", "pipefail"],
        step["run"].as_str().expect("a run step"),
        tmp.path(),
        &env,
        name,
    );
    ReleaseStep {
        ok,
        stdout: out.stdout,
        stderr: out.stderr,
        dir: tmp.path().to_path_buf(),
        _tmp: tmp,
    }
}
