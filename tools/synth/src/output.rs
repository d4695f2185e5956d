//! Writing files: the output folder, its marker, and copying themes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Marks a folder this tool wrote, so a later run may replace it.
pub(crate) const MARKER: &str = ".inolab-synth";

pub(crate) struct Out {
    pub(crate) root: PathBuf,
    pub(crate) files: usize,
    pub(crate) bytes: usize,
}

impl Out {
    pub(crate) fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text)?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }
}

pub(crate) fn prepare_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !dir.join(MARKER).exists() {
                return Err(format!(
                    "{} exists, is not empty and was not written by inolab-synth; refusing to overwrite",
                    dir.display()
                ));
            }
            fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let ty = e.file_type()?;
        let dst = to.join(e.file_name());
        if ty.is_dir() {
            copy_dir(&e.path(), &dst)?;
        } else if ty.is_file() || ty.is_symlink() {
            fs::copy(e.path(), dst)?;
        }
    }
    Ok(())
}
