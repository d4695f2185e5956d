//! The file watcher: notify events → [`Changes`] for the builder thread.
//!
//! Watches `content/`, `themes/` and `static/` recursively and the site
//! root itself non-recursively (for `site.yaml`, and for those folders
//! appearing later). Editors that save by writing a temporary file and
//! renaming it over the original produce events for both names; the
//! builder looks at what is on disk, so that needs no special case.

use super::build::Changes;
use super::{Msg, lock};
use crate::diagnostics::{Diagnostic, Kind};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

const DIRS: [&str; 3] = ["content", "themes", "static"];

pub struct Watcher {
    _inner: Arc<Mutex<notify::RecommendedWatcher>>,
}

impl Watcher {
    pub fn start(root: &Path, tx: mpsc::Sender<Msg>) -> Result<Watcher, Diagnostic> {
        let root = root.to_path_buf();
        let r = root.clone();
        // Folders created after start are watched once they appear; the
        // handler needs the watcher for that, hence the shared slot.
        let slot: Arc<Mutex<Option<Arc<Mutex<notify::RecommendedWatcher>>>>> =
            Arc::new(Mutex::new(None));
        let slot2 = slot.clone();
        let handler = move |res: notify::Result<notify::Event>| {
            let mut c = Changes::default();
            match res {
                Ok(ev) => {
                    if matches!(ev.kind, EventKind::Access(_)) {
                        return;
                    }
                    if ev.need_rescan() {
                        c.all = true;
                    }
                    for p in &ev.paths {
                        if p.parent() == Some(r.as_path())
                            && DIRS.iter().any(|d| p.file_name() == Some(d.as_ref()))
                        {
                            // A top folder came (or went): (re)watch it.
                            if let Some(w) = lock(&slot2).as_ref() {
                                let mut w = lock(w);
                                let _ = w.unwatch(p);
                                if p.is_dir() {
                                    let _ = w.watch(p, RecursiveMode::Recursive);
                                }
                            }
                            c.all = true;
                        }
                        c.add(&r, p);
                    }
                }
                Err(_) => c.all = true,
            }
            if !c.is_empty() {
                let _ = tx.send(Msg::Changes(c));
            }
        };
        let mut w = notify::recommended_watcher(handler).map_err(|e| cannot_watch(&root, &e))?;
        w.watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| cannot_watch(&root, &e))?;
        for d in DIRS {
            let p = root.join(d);
            if p.is_dir() {
                w.watch(&p, RecursiveMode::Recursive)
                    .map_err(|e| cannot_watch(&p, &e))?;
            }
        }
        let inner = Arc::new(Mutex::new(w));
        *lock(&slot) = Some(inner.clone());
        Ok(Watcher { _inner: inner })
    }
}

/// Why `path` cannot be watched, and what usually helps.
fn cannot_watch(path: &Path, e: &notify::Error) -> Diagnostic {
    Diagnostic::error(
        Kind::Io,
        path.display().to_string(),
        format!("cannot watch for changes: {e}"),
    )
    .hint("on Linux the limit of watched folders may be reached: raise fs.inotify.max_user_watches, or close other watchers")
}
