//! Shared helpers of the `serve_*` tests: a copy of the minimal fixture
//! site in a temp dir and an in-process server on a free port.
#![allow(dead_code)]

use inolab::serve::{ServeOptions, Server, Settings};
use std::path::{Path, PathBuf};

pub mod client;
#[allow(unused_imports)]
pub use client::{Response, get, request};

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A temp copy of tests/fixtures/minimal.
pub fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    copy_dir(&src, dir.path());
    dir
}

/// A temp copy of the bundled site (the repository's own; its theme shows
/// every field).
pub fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for sub in ["content", "themes", "static"] {
        if repo.join(sub).is_dir() {
            copy_dir(&repo.join(sub), &dir.path().join(sub));
        }
    }
    dir
}

pub fn options(root: &Path) -> ServeOptions {
    ServeOptions {
        root: root.to_path_buf(),
        port: 0,
        bind: "127.0.0.1".into(),
        drafts: false,
        open: false,
    }
}

/// A quiet server; `watch` turns the file watcher on.
pub fn start(root: &Path, watch: bool) -> Server {
    Server::start_with(
        &options(root),
        Settings {
            watch,
            verbose: false,
            ..Settings::default()
        },
    )
    .expect("server starts")
}

pub fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// Replaces `from` by `to` in a file (which must contain it).
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let text = read(root, rel);
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    write(root, rel, &text.replacen(from, to, 1))
}

pub fn page(server: &Server, target: &str) -> Response {
    get(server.port(), target).expect("request")
}

/// The served site as a sorted map.
pub fn served(server: &Server) -> std::collections::BTreeMap<String, Vec<u8>> {
    server
        .site()
        .expect("a site")
        .iter()
        .map(|(k, f)| (k.clone(), f.bytes.to_vec()))
        .collect()
}

/// A full, from-scratch build of the same tree with the server's base URL.
pub fn full_build(server: &Server, root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = inolab::pipeline::run(&inolab::pipeline::BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(server.url().to_string()),
        drafts: false,
        force: false,
    });
    assert!(
        !out.has_errors(),
        "{}",
        inolab::diagnostics::render(&out.diags, inolab::diagnostics::Format::Human)
    );
    inolab::serve::build::full_build_map(&out)
}

/// Asserts two site maps are equal, naming the first differing paths.
pub fn assert_same_site(
    got: &std::collections::BTreeMap<String, Vec<u8>>,
    want: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    let mut diffs = Vec::new();
    for (k, v) in want {
        match got.get(k) {
            None => diffs.push(format!("missing {k}")),
            Some(g) if g != v => diffs.push(format!("differs {k}")),
            _ => {}
        }
    }
    for k in got.keys() {
        if !want.contains_key(k) {
            diffs.push(format!("extra {k}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "served site != full build: {:?}",
        &diffs[..diffs.len().min(20)]
    );
}

/// Polls until `f` holds (file-watcher tests); panics after 30 s.
pub fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        if f() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("timed out waiting for: {what}");
}

/// A from-scratch build of `root` with the base URL the `Builder` tests
/// use (`http://127.0.0.1:1/`), as a map.
pub fn fresh(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = inolab::pipeline::run(&inolab::pipeline::BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1/".into()),
        drafts: false,
        force: false,
    });
    assert!(
        !out.has_errors(),
        "{}",
        inolab::diagnostics::render(&out.diags, inolab::diagnostics::Format::Human)
    );
    inolab::serve::build::full_build_map(&out)
}

/// A served site as a sorted map.
pub fn as_map(site: &inolab::serve::build::SiteMap) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.iter()
        .map(|(k, f)| (k.clone(), f.bytes.to_vec()))
        .collect()
}

/// The page with content-hashed search-index names blanked: a preview
/// renders with the last build's index, which the rebuild then replaces.
pub fn without_index_hashes(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("manifest-") {
        out.push_str(&rest[..i + "manifest-".len()]);
        rest = &rest[i + "manifest-".len()..];
        let hex = rest
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len());
        rest = &rest[hex..];
    }
    out.push_str(rest);
    out
}
