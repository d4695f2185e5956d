//! Bytes set aside while an index is built: each document's analysed keys
//! and compressed fragment, written as the document is analysed and read
//! back once the documents' order (their ids) is known.
//!
//! Why: at 50,000 sprints one language's documents hold ~100 MB of
//! fragments and as much again of key ids; kept on the heap until the
//! index was assembled, they raised the whole build's peak memory by a
//! third. In a scratch file the operating system's page cache holds them
//! instead, and gives them up under pressure. Without a folder to write
//! in (tests, tools, `build_index`) or when writing fails, the bytes stay
//! in memory: same index, more memory. The file has no name once opened
//! (where the system allows), so nothing is left behind, even if the
//! build is killed.

use std::fs::File;
#[cfg(not(unix))]
use std::io::Read;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Where some bytes are in a [`Store`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    at: u64,
    len: u32,
    in_file: bool,
}

impl Span {
    /// The first `n` bytes of this span, and the rest.
    pub(super) fn split(self, n: u32) -> (Span, Span) {
        let n = n.min(self.len);
        (
            Span { len: n, ..self },
            Span {
                at: self.at + u64::from(n),
                len: self.len - n,
                in_file: self.in_file,
            },
        )
    }
}

/// An append-only store of byte strings: a scratch file, or memory.
#[derive(Default)]
pub(super) struct Store {
    file: Option<File>,
    /// Set while the file still has a name to remove.
    path: Option<PathBuf>,
    file_end: u64,
    mem: Vec<u8>,
}

impl Store {
    /// A store in a new scratch file in `dir`; in memory if it cannot be
    /// made.
    pub(super) fn in_dir(dir: &Path) -> Store {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".inolab-search-{}-{n}", std::process::id()));
        let Ok(file) = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        else {
            return Store::default();
        };
        // Unix lets an open file lose its name at once.
        let path = std::fs::remove_file(&path).is_err().then_some(path);
        Store {
            file: Some(file),
            path,
            file_end: 0,
            mem: Vec::new(),
        }
    }

    /// Appends `bytes` (one write); their span. A failed write moves the
    /// store to memory for good (earlier spans stay readable).
    pub(super) fn put(&mut self, bytes: &[u8]) -> Span {
        let len = bytes.len() as u32;
        if let Some(f) = &mut self.file {
            let at = self.file_end;
            let ok = f.seek(SeekFrom::Start(at)).is_ok() && f.write_all(bytes).is_ok();
            if ok {
                self.file_end += bytes.len() as u64;
                return Span {
                    at,
                    len,
                    in_file: true,
                };
            }
            // Keep the file for the spans already in it; write no more.
            self.file_end = u64::MAX;
        }
        let at = self.mem.len() as u64;
        self.mem.extend_from_slice(bytes);
        Span {
            at,
            len,
            in_file: false,
        }
    }

    /// Copies the bytes at `span` into `buf` (replacing its contents).
    pub(super) fn get(&self, span: Span, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.clear();
        if !span.in_file {
            let a = span.at as usize;
            let bytes = self
                .mem
                .get(a..a + span.len as usize)
                .ok_or_else(|| io::Error::other("a span outside the search scratch store"))?;
            buf.extend_from_slice(bytes);
            return Ok(());
        }
        let f: &File = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("the search scratch file is closed"))?;
        buf.resize(span.len as usize, 0);
        read_at(f, span.at, buf)
    }

    /// Whether new bytes go to a file (not memory).
    pub(super) fn on_disk(&self) -> bool {
        self.file.is_some() && self.file_end != u64::MAX
    }
}

/// Reads `buf.len()` bytes at `at`: one system call where the system has
/// positioned reads (a build reads every document back twice or three
/// times), else a seek and a read.
#[cfg(unix)]
fn read_at(f: &File, at: u64, buf: &mut [u8]) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(not(unix))]
fn read_at(mut f: &File, at: u64, buf: &mut [u8]) -> io::Result<()> {
    f.seek(SeekFrom::Start(at))?;
    f.read_exact(buf)
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            // Closed first: some systems cannot remove an open file.
            self.file.take();
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_back_from_file_or_memory_and_no_file_is_left() {
        let dir = std::env::temp_dir().join(format!("inolab-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for mut s in [Store::in_dir(&dir), Store::default()] {
            let a = s.put(b"pirmais");
            let b = s.put(b"");
            let c = s.put(&[0, 255, 7]);
            let mut buf = vec![1, 2, 3];
            s.get(c, &mut buf).unwrap();
            assert_eq!(buf, [0, 255, 7]);
            s.get(a, &mut buf).unwrap();
            assert_eq!(buf, b"pirmais");
            let (head, tail) = a.split(3);
            s.get(head, &mut buf).unwrap();
            assert_eq!(buf, b"pir");
            s.get(tail, &mut buf).unwrap();
            assert_eq!(buf, b"mais");
            s.get(b, &mut buf).unwrap();
            assert!(buf.is_empty());
        }
        assert!(Store::in_dir(&dir).on_disk());
        assert!(!Store::in_dir(&dir.join("absent")).on_disk());
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "no file is left"
        );
        std::fs::remove_dir(&dir).unwrap();
    }
}
