//! Stage 5, write: the only stage that touches the output folder.
//!
//! Everything is written into a fresh sibling folder (`.<name>.tmp-<pid>`)
//! and swapped in with two renames only when every file is written. A failed
//! or killed build therefore leaves the previous output as it was; stale
//! temp folders from killed builds are removed on the next run.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `files` (relative path → bytes) and the `static_dirs` (copied in
/// order, later ones winning) as the new content of `out`.
pub fn write_atomic(
    out: &Path,
    files: &[(String, Vec<u8>)],
    static_dirs: &[PathBuf],
) -> io::Result<()> {
    let staging = Staging::new(out)?;
    for dir in static_dirs {
        copy_dir(dir, &staging.tmp)?;
    }
    for (rel, bytes) in files {
        staging.put(rel, bytes)?;
    }
    staging.commit()
}

/// A new output folder being filled beside the old one. Files go in as
/// they are rendered, so a build never holds the whole site in memory;
/// [`Staging::commit`] swaps it in, and dropping it uncommitted deletes it,
/// leaving the previous output as it was.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
    /// Folders already created.
    dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Creates the temp sibling of `out` (removing stale ones of killed builds).
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        clean_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
            parent,
            name,
            committed: false,
            dirs: Default::default(),
        })
    }

    /// A folder beside the output for scratch files ([`crate::spill`]):
    /// on the output's disk, outside what the build publishes.
    pub fn scratch_dir(&self) -> &Path {
        &self.parent
    }

    /// Writes one generated file (a relative `a/b/index.html` path). Safe
    /// to call from many threads at once.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.path_for(rel)?, bytes)
    }

    /// Creates one generated file to be written in pieces (an export of
    /// 50 000 records is hundreds of megabytes, never held whole).
    pub fn create(&self, rel: &str) -> io::Result<fs::File> {
        fs::File::create(self.path_for(rel)?)
    }

    /// The staging path of `rel`, its folder created.
    fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let p = safe_join(&self.tmp, rel)?;
        if let Some(d) = p.parent() {
            // One create_dir_all per folder, not per file (a syscall per
            // path component, for 70 000 files).
            let known = self.dirs.lock().map(|m| m.contains(d)).unwrap_or(false);
            if !known {
                fs::create_dir_all(d)?;
                if let Ok(mut m) = self.dirs.lock() {
                    m.insert(d.to_path_buf());
                }
            }
        }
        Ok(p)
    }

    /// Copies static folders in order (later ones winning) without
    /// touching the generated files in `generated`: generated files win
    /// over static ones, as in [`write_atomic`]. Returns how many distinct
    /// static files the output got.
    pub fn copy_static(
        &self,
        static_dirs: &[PathBuf],
        generated: &std::collections::HashSet<String>,
    ) -> io::Result<usize> {
        let copied = std::cell::RefCell::new(std::collections::HashSet::new());
        for dir in static_dirs {
            copy_dir_filtered(dir, &self.tmp, &|rel| {
                let keep = !generated.contains(rel);
                if keep {
                    copied.borrow_mut().insert(rel.to_string());
                }
                keep
            })?;
        }
        Ok(copied.into_inner().len())
    }

    /// Swaps the new folder in for the old one.
    pub fn commit(mut self) -> io::Result<()> {
        let r = swap(&self.tmp, &self.out, &self.parent, &self.name);
        self.committed = r.is_ok();
        r
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Moves the old output aside, the new one in, then deletes the old one.
fn swap(tmp: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(tmp, out) {
            let _ = fs::rename(&old, out);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(tmp, out)?;
    }
    Ok(())
}

fn clean_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let tmp = format!(".{name}.tmp-");
    let old = format!(".{name}.old-");
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&tmp) || n.starts_with(&old) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Joins a generated relative path, refusing anything that would escape.
fn safe_join(base: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut p = base.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part == ".." || part.contains('\\') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path {rel}"),
            ));
        }
        p.push(part);
    }
    Ok(p)
}

/// Copies a folder's files (sorted, following no symlinks out of it).
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    copy_dir_filtered(from, to, &|_| true)
}

/// [`copy_dir`] for the files whose relative `/`-separated path `keep`s.
fn copy_dir_filtered(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.map_err(io::Error::other)?;
        let rel = e.path().strip_prefix(from).map_err(io::Error::other)?;
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest)?;
        } else if e.file_type().is_file() {
            let rel_str: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if !keep(&rel_str.join("/")) {
                continue;
            }
            if let Some(d) = dest.parent() {
                fs::create_dir_all(d)?;
            }
            fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}
