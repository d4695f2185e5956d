//! Putting a finished staging folder in place of the output in one step.
//!
//! On Linux the two folders are exchanged by one `renameat2` call with
//! `RENAME_EXCHANGE`: at every instant the output path names either the
//! whole old tree or the whole new one, even if the process is killed.
//! Elsewhere (or on a file system without exchange) the old output is
//! moved aside and the new one moved in; a kill between those two renames
//! leaves the old tree under its aside name, and [`recover`] at the start
//! of the next build puts it back.

use std::fs;
use std::io;
use std::path::Path;

/// Exchanges `tmp` and `out` (both existing folders). Afterwards `out`
/// holds the new tree and `tmp` the old one, for the caller to delete.
#[cfg(target_os = "linux")]
pub fn exchange(tmp: &Path, out: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(tmp.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(out.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // The system call, not libc's wrapper: musl (the static release
    // binaries) has no `renameat2` function, every Linux since 3.15 has the
    // call.
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; AT_FDCWD resolves them relative to the working directory.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_tmp: &Path, _out: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Replaces `out` with `tmp`. `aside` is where the old output waits while
/// the two-rename fallback runs; the old tree ends in `tmp` or `aside`
/// and is deleted here.
pub fn replace(tmp: &Path, out: &Path, aside: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(tmp, out);
    }
    match exchange(tmp, out) {
        Ok(()) => {
            let _ = fs::remove_dir_all(tmp);
            Ok(())
        }
        Err(_) => {
            fs::rename(out, aside)?;
            if let Err(e) = fs::rename(tmp, out) {
                let _ = fs::rename(aside, out);
                return Err(e);
            }
            let _ = fs::remove_dir_all(aside);
            Ok(())
        }
    }
}

/// After a build killed between the fallback's two renames, the output is
/// missing and its old tree waits in `aside`: put it back.
pub fn recover(out: &Path, aside: &Path) {
    if !out.exists() && aside.is_dir() {
        let _ = fs::rename(aside, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_swaps_whole_trees() {
        let d = tempfile::tempdir().unwrap();
        let (tmp, out, aside) = (d.path().join("t"), d.path().join("o"), d.path().join("a"));
        fs::create_dir_all(tmp.join("new")).unwrap();
        fs::create_dir_all(out.join("old")).unwrap();
        replace(&tmp, &out, &aside).unwrap();
        assert!(out.join("new").is_dir());
        assert!(!out.join("old").exists());
        assert!(!tmp.exists() && !aside.exists());
    }

    #[test]
    fn recover_restores_an_aside_output() {
        let d = tempfile::tempdir().unwrap();
        let (out, aside) = (d.path().join("o"), d.path().join("a"));
        fs::create_dir_all(aside.join("old")).unwrap();
        recover(&out, &aside);
        assert!(out.join("old").is_dir());
    }
}
