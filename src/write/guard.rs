//! The output guard: which folders a build may replace.
//!
//! A build replaces its output folder wholesale, so pointing `--output` at
//! the wrong folder used to delete it (a thesis, the site's own `content/`)
//! and exit 0. The rules, checked before anything is written:
//!
//! 1. Never the site root, an ancestor of it, or a folder that holds or is
//!    inside the site's sources (`content/`, `themes/`, `static/`,
//!    `site.yaml`, `.git/`) — not even with `--force`.
//! 2. Otherwise a folder that does not exist, is empty, or carries
//!    [`MARKER`] (every output inolab writes has one) may be replaced.
//! 3. Any other folder is refused unless the user passes `--force`,
//!    saying they mean to lose what it holds.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file inolab leaves at the top of every output it writes: its
/// presence is what lets the next build replace the folder.
pub const MARKER: &str = ".inolab-output";

/// What the marker file says, for a person who finds it.
pub const MARKER_TEXT: &str = "This folder was written by `inolab build` and is replaced whole by the next build.\nDo not keep your own files here.\n";

/// Why a folder may not be used as the output, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, naming the folder.
    pub message: String,
    /// How to proceed.
    pub hint: String,
}

/// Checks that `output` may be replaced by a build of the site at `root`.
/// `force` allows replacing a non-empty folder inolab did not write, but
/// never a folder holding the site's sources.
pub fn check(output: &Path, root: &Path, force: bool) -> Result<(), Refusal> {
    let out = absolute(output);
    let root = absolute(root);
    let shown = output.display();
    if out == root || root.starts_with(&out) {
        return Err(Refusal {
            message: format!(
                "`{shown}` is the site's own folder or one that contains it; building into it would delete the site's sources"
            ),
            hint: "choose a separate output folder, e.g. `--output public` (the default)".into(),
        });
    }
    for name in ["content", "themes", "static", "site.yaml", ".git"] {
        let src = root.join(name);
        if out.starts_with(&src) || src.starts_with(&out) {
            return Err(Refusal {
                message: format!(
                    "`{shown}` holds or is inside the site's sources (`{name}`); building into it would delete them"
                ),
                hint: "choose an output folder outside content/, themes/ and static/, e.g. `--output public` (the default)".into(),
            });
        }
    }
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Refusal {
            message: format!("cannot inspect the output folder `{shown}`: {e}"),
            hint: "check the folder's permissions, or choose another output folder".into(),
        }),
        Ok(m) if !m.is_dir() => Err(Refusal {
            message: format!("`{shown}` exists and is not a folder"),
            hint: "choose another output folder; inolab does not replace files".into(),
        }),
        Ok(_) if force || is_ours_or_empty(output) => Ok(()),
        Ok(_) => Err(Refusal {
            message: format!(
                "`{shown}` is not empty and was not written by inolab (it has no `{MARKER}` file); building would delete what it holds"
            ),
            hint: format!(
                "choose an empty or new folder, or pass `--force` if you mean to lose everything in `{shown}`"
            ),
        }),
    }
}

/// True for an empty folder or one that carries the marker.
pub fn is_ours_or_empty(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    fs::read_dir(dir)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false)
}

/// True when `dir` carries the marker (a folder inolab itself wrote).
pub fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// `p` as an absolute path with symlinks resolved as far as the path
/// exists and `.`/`..` folded in the rest, so `out/../content` and a
/// symlink to `content` are both seen as `content`.
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // The longest existing prefix, canonicalised; the rest appended.
    let mut rest: Vec<PathBuf> = Vec::new();
    let mut head = p.clone();
    loop {
        if let Ok(c) = head.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                push_normal(&mut out, part);
            }
            return out;
        }
        match (head.file_name(), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(PathBuf::from(name));
                head = parent.to_path_buf();
            }
            _ => {
                // Nothing exists (or `..` at the end): fold lexically.
                let mut out = PathBuf::new();
                for c in p.components() {
                    push_normal(&mut out, Path::new(c.as_os_str()));
                }
                return out;
            }
        }
    }
}

fn push_normal(out: &mut PathBuf, part: &Path) {
    match part.components().next() {
        Some(Component::ParentDir) => {
            out.pop();
        }
        Some(Component::CurDir) | None => {}
        _ => out.push(part),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in ["content/sprints", "themes/default", "static"] {
            fs::create_dir_all(d.path().join(f)).unwrap();
        }
        fs::write(d.path().join("site.yaml"), "title: x\n").unwrap();
        d
    }

    #[test]
    fn refuses_sources_even_with_force() {
        let s = site();
        let r = s.path();
        for out in [
            r.to_path_buf(),
            r.join("content"),
            r.join("content/sprints"),
            r.join("themes"),
            r.join("static"),
            r.join("public/../content"),
            r.parent().unwrap().to_path_buf(),
        ] {
            for force in [false, true] {
                let e = check(&out, r, force).expect_err(&out.display().to_string());
                assert!(e.message.contains("sources"), "{}", e.message);
            }
        }
    }

    #[test]
    fn refuses_a_symlink_to_sources() {
        let s = site();
        let link = s.path().join("out-link");
        std::os::unix::fs::symlink(s.path().join("content"), &link).unwrap();
        assert!(check(&link, s.path(), true).is_err());
    }

    #[test]
    fn foreign_folder_needs_force() {
        let s = site();
        let victim = s.path().join("victim");
        fs::create_dir(&victim).unwrap();
        fs::write(victim.join("thesis.docx"), "important").unwrap();
        let e = check(&victim, s.path(), false).unwrap_err();
        assert!(e.message.contains("not written by inolab"));
        assert!(e.hint.contains("--force"));
        assert!(check(&victim, s.path(), true).is_ok());
    }

    #[test]
    fn new_empty_or_marked_folders_are_fine() {
        let s = site();
        let r = s.path();
        assert!(check(&r.join("public"), r, false).is_ok());
        fs::create_dir(r.join("public")).unwrap();
        assert!(check(&r.join("public"), r, false).is_ok());
        fs::write(r.join("public/index.html"), "x").unwrap();
        assert!(check(&r.join("public"), r, false).is_err());
        fs::write(r.join("public").join(MARKER), MARKER_TEXT).unwrap();
        assert!(check(&r.join("public"), r, false).is_ok());
    }

    #[test]
    fn a_file_is_never_replaced() {
        let s = site();
        let f = s.path().join("notes.txt");
        fs::write(&f, "x").unwrap();
        assert!(check(&f, s.path(), true).is_err());
    }
}
