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
    let result = (|| {
        fs::create_dir_all(&tmp)?;
        for dir in static_dirs {
            copy_dir(dir, &tmp)?;
        }
        for (rel, bytes) in files {
            let p = safe_join(&tmp, rel)?;
            if let Some(d) = p.parent() {
                fs::create_dir_all(d)?;
            }
            fs::write(&p, bytes)?;
        }
        swap(&tmp, out, &parent, &name)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
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
            if let Some(d) = dest.parent() {
                fs::create_dir_all(d)?;
            }
            fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}
