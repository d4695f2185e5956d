//! Text set aside on disk for the length of one build.
//!
//! A whole-site build needs every sprint's and prototype's plain text
//! twice, far apart: when the bodies are first read (every page needs
//! their headings and glossary mentions first) and when each language's
//! search index is built. At 50 000 sprints those texts are 600 MB, so a
//! build writes them to a scratch file as they are made and reads each back
//! when its search document is made: the operating system's page cache
//! holds them, not the build's heap. The file is removed as soon as it is
//! opened (where the system allows; otherwise when the spill is dropped),
//! so nothing is left behind, even if the build is killed.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where one text is in a [`Spill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    at: u64,
    len: u32,
}

/// An append-only scratch file of texts.
pub struct Spill {
    /// `None` only while being dropped.
    file: Mutex<Option<File>>,
    end: u64,
    /// Set while the file still has a name to remove.
    path: Option<PathBuf>,
}

impl Spill {
    /// A new, empty spill file in `dir`.
    pub fn new_in(dir: &Path) -> io::Result<Spill> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".inolab-spill-{}-{n}", std::process::id()));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unix lets an open file lose its name at once.
        let path = std::fs::remove_file(&path).is_err().then_some(path);
        Ok(Spill {
            file: Mutex::new(Some(file)),
            end: 0,
            path,
        })
    }

    /// Appends `texts` in one write; their spans, in order.
    pub fn put_all(&mut self, texts: &[&str]) -> io::Result<Vec<Span>> {
        let mut bytes = Vec::with_capacity(texts.iter().map(|t| t.len()).sum());
        let mut spans = Vec::with_capacity(texts.len());
        for t in texts {
            let len =
                u32::try_from(t.len()).map_err(|_| io::Error::other("a text longer than 4 GiB"))?;
            spans.push(Span {
                at: self.end + bytes.len() as u64,
                len,
            });
            bytes.extend_from_slice(t.as_bytes());
        }
        let mut guard = self.lock()?;
        let f = open(&mut guard)?;
        f.seek(SeekFrom::Start(self.end))?;
        f.write_all(&bytes)?;
        drop(guard);
        self.end += bytes.len() as u64;
        Ok(spans)
    }

    /// The text at `span`.
    pub fn get(&self, span: Span) -> io::Result<String> {
        let mut guard = self.lock()?;
        let f = open(&mut guard)?;
        f.seek(SeekFrom::Start(span.at))?;
        let mut bytes = vec![0; span.len as usize];
        f.read_exact(&mut bytes)?;
        String::from_utf8(bytes).map_err(io::Error::other)
    }

    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, Option<File>>> {
        self.file
            .lock()
            .map_err(|_| io::Error::other("the spill file's lock was poisoned"))
    }
}

fn open(f: &mut Option<File>) -> io::Result<&mut File> {
    f.as_mut()
        .ok_or_else(|| io::Error::other("the spill file is closed"))
}

impl Drop for Spill {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            // Closed first: some systems cannot remove an open file.
            if let Ok(f) = self.file.get_mut() {
                f.take();
            }
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_went_in_and_leave_no_file() {
        let dir = std::env::temp_dir().join(format!("inolab-spill-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut s = Spill::new_in(&dir).unwrap();
        let a = s.put_all(&["Pirmā rinda", "", "otrā"]).unwrap();
        let b = s.put_all(&["trešā — ar garumzīmēm"]).unwrap();
        assert_eq!(s.get(b[0]).unwrap(), "trešā — ar garumzīmēm");
        assert_eq!(s.get(a[0]).unwrap(), "Pirmā rinda");
        assert_eq!(s.get(a[1]).unwrap(), "");
        assert_eq!(s.get(a[2]).unwrap(), "otrā");
        drop(s);
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "no spill file is left"
        );
        std::fs::remove_dir(&dir).unwrap();
    }
}
