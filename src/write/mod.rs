//! Stage 5, write: the only stage that touches the output folder.
//!
//! The [`guard`] decides first whether the output folder may be replaced at
//! all. Everything is then written into a fresh sibling folder
//! (`.<name>.tmp-<pid>`, marked as ours from its first moment) and put in
//! place of the output in one step ([`swap`]) only when every file is
//! written. A failed or killed build therefore leaves the previous output
//! as it was; the leftovers of killed builds are removed by the next one.

pub mod guard;
mod swap;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why the output could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The guard refused the folder; nothing was touched.
    Refused(guard::Refusal),
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(r) => write!(f, "{} ({})", r.message, r.hint),
            WriteError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WriteError {}

/// A symlink in a static folder that was not copied because it leads out
/// of the site (or in a loop): published, it could leak any file on the
/// machine, so it is skipped with a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLink {
    pub path: PathBuf,
    pub reason: String,
}

/// Writes `files` (relative path → bytes) and the `static_dirs` (copied in
/// order, later ones winning) as the new content of `out`, for the site at
/// `root` (see [`guard::check`] for `force`).
pub fn write_atomic(
    out: &Path,
    root: &Path,
    force: bool,
    files: &[(String, Vec<u8>)],
    static_dirs: &[PathBuf],
) -> Result<Vec<SkippedLink>, WriteError> {
    let staging = Staging::new(out, root, force)?;
    let mut skipped = Vec::new();
    for dir in static_dirs {
        copy_dir_filtered(dir, &staging.tmp, root, &|_| true, &mut skipped)?;
    }
    for (rel, bytes) in files {
        staging.put(rel, bytes)?;
    }
    staging.commit()?;
    Ok(skipped)
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
    /// Folders already created ([`FolderKey`]).
    dirs: std::sync::Mutex<std::collections::HashSet<FolderKey>>,
}

/// A created folder as [`Staging`] remembers it: a 128-bit digest of its
/// path. The paths themselves (absolute, in the staging folder) were ~150
/// bytes a folder with the set's slot, 28 MB at 50,000 records, held to
/// the end of the build. Two folders with one digest (odds below 2^-90 at
/// a million folders) would leave the second uncreated, and its file's
/// write would fail and be reported like any other.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct FolderKey(u128);

impl FolderKey {
    fn of(path: &Path) -> FolderKey {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let bytes = path.as_os_str().as_encoded_bytes();
        let half = |salt: u64| {
            let mut h = DefaultHasher::new();
            salt.hash(&mut h);
            bytes.hash(&mut h);
            h.finish()
        };
        FolderKey((u128::from(half(1)) << 64) | u128::from(half(2)))
    }
}

impl Staging {
    /// Checks `out` with the [`guard`], then creates the marked temp
    /// sibling of `out` (after cleaning up what killed builds left).
    pub fn new(out: &Path, root: &Path, force: bool) -> Result<Staging, WriteError> {
        guard::check(out, root, force).map_err(WriteError::Refused)?;
        // The guard has resolved `..` and symlinks; name the parent and
        // the folder from that resolved path.
        let out = guard::absolute(out);
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        clean_stale(&parent, &name, &out);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        fs::write(tmp.join(guard::MARKER), guard::MARKER_TEXT)?;
        Ok(Staging {
            tmp,
            out,
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

    /// Creates the folders of files about to be written, from one thread.
    /// Making a folder locks its parent: when the renderer's threads made
    /// `sprinti/<slug>/` for pages side by side, one spun on the lock of
    /// `sprinti/` while the other allocated an inode (perf: 7 % of a
    /// 10 000-record build in `rwsem_spin_on_owner`). Made here first, each
    /// page's file is created in a folder of its own. A folder that cannot
    /// be made is left for [`Staging::put`] to report.
    pub fn make_parents<'p>(&self, rels: impl IntoIterator<Item = &'p str>) {
        for rel in rels {
            let _ = self.path_for(rel);
        }
    }

    /// The staging path of `rel`, its folder created.
    fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let p = safe_join(&self.tmp, rel)?;
        if let Some(d) = p.parent() {
            // One create_dir_all per folder, not per file (a syscall per
            // path component, for 70 000 files).
            let key = FolderKey::of(d);
            let known = self.dirs.lock().map(|m| m.contains(&key)).unwrap_or(false);
            if !known {
                fs::create_dir_all(d)?;
                if let Ok(mut m) = self.dirs.lock() {
                    m.insert(key);
                }
            }
        }
        Ok(p)
    }

    /// Copies static folders in order (later ones winning) without
    /// touching the generated files in `generated`: generated files win
    /// over static ones, as in [`write_atomic`]. Symlinks are followed
    /// while they stay inside the site at `root`. Returns how many distinct
    /// static files the output got, and the symlinks skipped.
    pub fn copy_static(
        &self,
        static_dirs: &[PathBuf],
        root: &Path,
        generated: &std::collections::HashSet<String>,
    ) -> io::Result<(usize, Vec<SkippedLink>)> {
        let copied = std::cell::RefCell::new(std::collections::HashSet::new());
        let mut skipped = Vec::new();
        for dir in static_dirs {
            copy_dir_filtered(
                dir,
                &self.tmp,
                root,
                &|rel| {
                    let keep = !generated.contains(rel);
                    if keep {
                        copied.borrow_mut().insert(rel.to_string());
                    }
                    keep
                },
                &mut skipped,
            )?;
        }
        Ok((copied.into_inner().len(), skipped))
    }

    /// Puts the new folder in place of the old one, in one step where the
    /// system allows it (see [`swap`]).
    pub fn commit(mut self) -> io::Result<()> {
        let aside = self
            .parent
            .join(format!(".{}.old-{}", self.name, std::process::id()));
        let r = swap::replace(&self.tmp, &self.out, &aside);
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

/// Removes what killed builds left beside the output: their staging
/// folders, scratch files, and an old output moved aside by the two-rename
/// fallback (put back first if the output is missing). Only folders inolab marked (or
/// empty ones it had just made) are removed, and never those of a build
/// still running in another process.
fn clean_stale(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let tmp = format!(".{name}.tmp-");
    let old = format!(".{name}.old-");
    let mut found: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        // A spill file loses its name as soon as it is made
        // ([`crate::spill`]); a build killed in between leaves it named.
        if let Some(rest) = n.strip_prefix(".inolab-spill-") {
            let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
            if let Some(pid) = pid
                && pid != std::process::id()
                && !process_alive(pid)
                && e.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = fs::remove_file(e.path());
            }
            continue;
        }
        let (is_old, pid) = if let Some(p) = n.strip_prefix(&tmp) {
            (false, p)
        } else if let Some(p) = n.strip_prefix(&old) {
            (true, p)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && process_alive(pid) {
            continue;
        }
        found.push((e.path(), is_old));
    }
    found.sort();
    for (path, is_old) in found {
        if is_old {
            swap::recover(out, &path);
        }
        if path.is_dir() && guard::is_ours_or_empty(&path) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether a process with this id exists (Linux: `/proc`; elsewhere
/// assumed gone, as before).
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
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

/// Copies a folder's files whose relative `/`-separated path `keep`s
/// (sorted; symlinks followed only while they stay inside `root`).
/// Symlinks that lead out of `root`, dangle or loop are noted in
/// `skipped`, not copied.
fn copy_dir_filtered(
    from: &Path,
    to: &Path,
    root: &Path,
    keep: &dyn Fn(&str) -> bool,
    skipped: &mut Vec<SkippedLink>,
) -> io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut it = walkdir::WalkDir::new(from)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(e) = it.next() {
        let e = match e {
            Ok(e) => e,
            Err(err) => match crate::load::broken_link(&err) {
                Some((path, reason)) => {
                    skipped.push(SkippedLink {
                        path,
                        reason: reason.into(),
                    });
                    continue;
                }
                None => return Err(io::Error::other(err)),
            },
        };
        if let Some(reason) = crate::load::outside_link(&e, &site) {
            skipped.push(SkippedLink {
                path: e.path().to_path_buf(),
                reason: reason.into(),
            });
            if e.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
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
