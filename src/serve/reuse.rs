//! What a rebuild can reuse, and how it knows: the served file type with
//! its ETag, the hashes that key the page cache (a page is rendered again
//! only when its template, its context or the site-wide values it sees
//! changed), the placeholders that let pages survive a change of per-build
//! values (search index names), and the static folders read into memory.
//! The rebuild itself is in `build.rs`.

use crate::derive::PageJob;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One served file: its bytes and a strong ETag.
#[derive(Debug, Clone)]
pub struct File {
    pub bytes: Arc<[u8]>,
    pub etag: String,
}

pub(super) type Placeholders = BTreeMap<String, Vec<(String, String)>>;

/// `extra` with every string value replaced by a placeholder, and the
/// (placeholder, value) pairs per language.
pub(super) fn placeholders(
    extra: &BTreeMap<String, serde_json::Value>,
    exact: bool,
) -> (BTreeMap<String, serde_json::Value>, Placeholders) {
    let mut out = extra.clone();
    let mut pairs = Placeholders::new();
    if exact {
        return (out, pairs);
    }
    for (lang, v) in out.iter_mut() {
        let Some(o) = v.as_object_mut() else { continue };
        for (k, x) in o.iter_mut() {
            let Some(real) = x.as_str() else { continue };
            // Only values that escaping leaves alone can be substituted.
            if real.is_empty() || real.contains(['&', '<', '>', '"', '\'', '\\']) {
                continue;
            }
            let ph = format!("__inolab_{}_{}__", hex(lang), hex(k));
            pairs
                .entry(lang.clone())
                .or_default()
                .push((ph.clone(), real.to_string()));
            *x = serde_json::Value::String(ph);
        }
    }
    (out, pairs)
}

pub(super) fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub(super) fn substitute(raw: &[u8], pairs: &[(String, String)]) -> Vec<u8> {
    let mut s = raw.to_vec();
    for (ph, real) in pairs {
        if !contains(&s, ph.as_bytes()) {
            continue;
        }
        let mut out = Vec::with_capacity(s.len());
        let mut i = 0;
        while i < s.len() {
            if s[i..].starts_with(ph.as_bytes()) {
                out.extend_from_slice(real.as_bytes());
                i += ph.len();
            } else {
                out.push(s[i]);
                i += 1;
            }
        }
        s = out;
    }
    s
}

pub(super) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

pub(super) fn etag(b: &[u8]) -> String {
    // Two differently seeded 64-bit hashes: collisions are not a concern.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    0xe7a9u16.hash(&mut h);
    b.hash(&mut h);
    format!("\"{:016x}{:016x}\"", hash_bytes(b), h.finish())
}

pub(super) fn file(bytes: Vec<u8>) -> File {
    let etag = etag(&bytes);
    File {
        bytes: bytes.into(),
        etag,
    }
}

/// Feeds a JSON value into a hasher without serialising it.
pub(super) fn hash_json<H: Hasher>(v: &serde_json::Value, h: &mut H) {
    use serde_json::Value::*;
    match v {
        Null => 0u8.hash(h),
        Bool(b) => (1u8, b).hash(h),
        Number(n) => (2u8, n.to_string()).hash(h),
        String(s) => (3u8, s).hash(h),
        Array(a) => {
            (4u8, a.len()).hash(h);
            for x in a {
                hash_json(x, h);
            }
        }
        Object(o) => {
            (5u8, o.len()).hash(h);
            for (k, x) in o {
                k.hash(h);
                hash_json(x, h);
            }
        }
    }
}

/// Feeds a template value into a hasher, maps in key order (Tera's maps
/// iterate in hash order, which differs between runs).
pub(super) fn hash_template_value<H: Hasher>(v: &tera::Value, h: &mut H) {
    if let Some(m) = v.as_map() {
        let mut entries: Vec<_> = m.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        (5u8, entries.len()).hash(h);
        for (k, x) in entries {
            k.as_str().hash(h);
            hash_template_value(x, h);
        }
    } else if let Some(a) = v.as_array() {
        (4u8, a.len()).hash(h);
        for x in a {
            hash_template_value(x, h);
        }
    } else if let Some(s) = v.as_str() {
        (3u8, s, v.is_safe()).hash(h);
    } else if let Some(b) = v.as_bool() {
        (1u8, b).hash(h);
    } else if let Some(n) = v.as_i128() {
        (2u8, n).hash(h);
    } else if let Some(n) = v.as_u128() {
        (6u8, n).hash(h);
    } else if let Some(f) = v.as_f64() {
        (7u8, f.to_bits()).hash(h);
    } else if let Some(b) = v.as_bytes() {
        (8u8, b).hash(h);
    } else {
        (0u8, v.is_undefined()).hash(h);
    }
}

pub(super) fn render_key(theme: u64, globals: u64, job: &PageJob) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (theme, globals, &job.template, &job.path, &job.lang).hash(&mut h);
    hash_template_value(&job.context, &mut h);
    h.finish()
}

/// Hash of every file of the theme's templates and strings.
pub(super) fn theme_hash(root: &Path, name: &str) -> u64 {
    let dir = root.join("themes").join(name);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for sub in ["templates", "i18n"] {
        for e in walkdir::WalkDir::new(dir.join(sub))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                e.path().hash(&mut h);
                std::fs::read(e.path()).unwrap_or_default().hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Reads the static folders (theme first, the site's own winning) into
/// memory. Symlinks are not followed, as when building.
pub(super) fn read_statics(dirs: &[PathBuf]) -> BTreeMap<String, File> {
    let mut out = BTreeMap::new();
    for dir in dirs {
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !e.file_type().is_file() {
                continue;
            }
            let Ok(rel) = e.path().strip_prefix(dir) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if let Ok(b) = std::fs::read(e.path()) {
                out.insert(rel.join("/"), file(b));
            }
        }
    }
    out
}
