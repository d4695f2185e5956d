//! Answering one HTTP request from the in-memory site: path safety,
//! content types, index files, redirects, 404/405/414, HEAD and ETags, and
//! the live-reload script injected into HTML responses.

use super::build::{File, SiteMap};
use std::io::Read;
use std::sync::Arc;

/// URLs longer than this are refused with 414.
pub const MAX_URL: usize = 2048;

/// The script tag injected before `</body>` of every served HTML page. An
/// external file, so it runs under a strict Content-Security-Policy.
pub const RELOAD_TAG: &str = "<script src=\"/__inolab/reload.js\" defer></script>";

/// The live-reload client.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400: traversal, NUL, backslash, double encoding, not UTF-8, …
    BadPath,
    /// 414: over-long URL.
    TooLong,
}

/// Turns a request target into a site-relative path (`a/b/`, `` for the
/// home page), or refuses it. The path keeps a trailing `/` when it had one.
pub fn normalise(target: &str) -> Result<String, Refusal> {
    if target.len() > MAX_URL {
        return Err(Refusal::TooLong);
    }
    let raw = target.split(['?', '#']).next().unwrap_or("");
    // Only origin-form targets: no `http://host/…`, no `*`, no drive letters.
    if !raw.starts_with('/') || raw.starts_with("//") {
        return Err(Refusal::BadPath);
    }
    if raw.contains('\\') {
        return Err(Refusal::BadPath);
    }
    let bytes = percent_decode(raw).ok_or(Refusal::BadPath)?;
    let path = String::from_utf8(bytes).map_err(|_| Refusal::BadPath)?;
    // After one decoding there must be nothing left to decode: `%252e`
    // (double-encoded) is refused rather than served under a literal name.
    if path.contains('%') || path.contains('\\') || path.contains('\0') {
        return Err(Refusal::BadPath);
    }
    if path.chars().any(char::is_control) {
        return Err(Refusal::BadPath);
    }
    let rel = &path[1..];
    let segments: Vec<&str> = rel.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *s == "." || *s == ".." {
            return Err(Refusal::BadPath);
        }
        if s.is_empty() && !last {
            return Err(Refusal::BadPath); // `a//b`, or `//` after decoding
        }
        if s.len() >= 2 && s.as_bytes()[1] == b':' {
            return Err(Refusal::BadPath); // `C:…`
        }
    }
    Ok(rel.to_string())
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A response, independent of tiny_http so it can be unit-tested.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

pub enum Body {
    Empty,
    Static(&'static [u8]),
    Owned(Vec<u8>),
    Shared(Arc<[u8]>),
}

impl Body {
    pub fn len(&self) -> usize {
        match self {
            Body::Empty => 0,
            Body::Static(b) => b.len(),
            Body::Owned(b) => b.len(),
            Body::Shared(b) => b.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn reader(self) -> Box<dyn Read + Send> {
        match self {
            Body::Empty => Box::new(std::io::empty()),
            Body::Static(b) => Box::new(b),
            Body::Owned(b) => Box::new(std::io::Cursor::new(b)),
            Body::Shared(b) => Box::new(std::io::Cursor::new(SharedBytes(b))),
        }
    }
}

struct SharedBytes(Arc<[u8]>);
impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Reply {
    fn new(status: u16, body: Body) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }
    fn text(status: u16, msg: &str) -> Reply {
        let mut r = Reply::new(status, Body::Owned(format!("{msg}\n").into_bytes()));
        r.headers
            .push(("Content-Type", "text/plain; charset=utf-8".into()));
        r
    }
    fn header(mut self, k: &'static str, v: impl Into<String>) -> Reply {
        self.headers.push((k, v.into()));
        self
    }
}

/// Inserts the reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let needle = b"</body>";
    let pos = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_TAG.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(RELOAD_TAG.as_bytes());
    out.extend_from_slice(&html[pos..]);
    out
}

fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').any(|t| {
        let t = t.trim();
        t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag
    })
}

/// What the request asked for.
pub struct Request<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub if_none_match: Option<&'a str>,
}

/// Answers a request for a site file. `site` is `None` before the first
/// successful build (then `placeholder` is served).
pub fn respond(req: &Request, site: Option<&SiteMap>, placeholder: &str) -> Reply {
    let head = req.method.eq_ignore_ascii_case("HEAD");
    if !head && !req.method.eq_ignore_ascii_case("GET") {
        return Reply::text(405, "405 method not allowed").header("Allow", "GET, HEAD");
    }
    let rel = match normalise(req.target) {
        Ok(r) => r,
        Err(Refusal::TooLong) => return Reply::text(414, "414 URI too long"),
        Err(Refusal::BadPath) => return Reply::text(400, "400 bad request path"),
    };
    if rel == "__inolab/reload.js" {
        return Reply::new(200, Body::Static(RELOAD_JS.as_bytes()))
            .header("Content-Type", "text/javascript; charset=utf-8")
            .header("Cache-Control", "no-cache");
    }
    let Some(site) = site else {
        let mut r = Reply::new(503, Body::Owned(inject(placeholder.as_bytes())));
        r.headers
            .push(("Content-Type", "text/html; charset=utf-8".into()));
        r.headers.push(("Cache-Control", "no-store".into()));
        return r;
    };
    let (key, found) = if rel.is_empty() || rel.ends_with('/') {
        let k = format!("{rel}index.html");
        let f = site.get(&k);
        (k, f)
    } else {
        (rel.clone(), site.get(&rel))
    };
    if found.is_none() && !rel.is_empty() && !rel.ends_with('/') {
        let idx = format!("{rel}/index.html");
        if site.contains_key(&idx) {
            let query = req
                .target
                .split_once('?')
                .map(|(_, q)| format!("?{q}"))
                .unwrap_or_default();
            return Reply::text(301, "301 moved permanently")
                .header("Location", format!("/{rel}/{query}"));
        }
    }
    match found {
        Some(f) => file_reply(&key, f, 200, req.if_none_match),
        None => {
            // The section's own 404 page (`en/404.html`), else the site's.
            let first = rel.split('/').next().unwrap_or("");
            let local = format!("{first}/404.html");
            let page = (!first.is_empty() && rel.contains('/'))
                .then(|| site.get(&local))
                .flatten()
                .map(|f| ("x.html", f))
                .or_else(|| site.get("404.html").map(|f| ("404.html", f)));
            match page {
                Some((name, f)) => file_reply(name, f, 404, None),
                None => Reply::text(404, "404 not found"),
            }
        }
    }
}

fn file_reply(path: &str, f: &File, status: u16, inm: Option<&str>) -> Reply {
    let ct = content_type(path);
    let html = ct.starts_with("text/html");
    // The served bytes differ from the built ones by the script tag.
    let etag = if html {
        format!("{}-r\"", f.etag.trim_end_matches('"'))
    } else {
        f.etag.clone()
    };
    if status == 200 && inm.is_some_and(|v| etag_matches(v, &etag)) {
        return Reply::new(304, Body::Empty)
            .header("ETag", etag)
            .header("Cache-Control", "no-cache");
    }
    let body = if html {
        Body::Owned(inject(&f.bytes))
    } else {
        Body::Shared(f.bytes.clone())
    };
    let mut r = Reply::new(status, body)
        .header("Content-Type", ct)
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff");
    if status == 200 {
        r = r.header("ETag", etag);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_refuses() {
        assert_eq!(normalise("/").unwrap(), "");
        assert_eq!(normalise("/a/b/?x=1").unwrap(), "a/b/");
        assert_eq!(normalise("/%C4%81/").unwrap(), "ā/");
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/%252e%252e/x",
            "/a\\..\\x",
            "/a%5c..%5cx",
            "/a%00.html",
            "http://evil/x",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/x",
            "/./x",
            "/%zz",
        ] {
            assert_eq!(normalise(bad), Err(Refusal::BadPath), "{bad}");
        }
        assert_eq!(
            normalise(&format!("/{}", "a".repeat(3000))),
            Err(Refusal::TooLong)
        );
    }

    #[test]
    fn injects_before_last_body() {
        assert_eq!(
            inject(b"<body>x</BODY>"),
            format!("<body>x{RELOAD_TAG}</BODY>").into_bytes()
        );
        assert_eq!(inject(b"x"), format!("x{RELOAD_TAG}").into_bytes());
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.woff2"), "font/woff2");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("a.CSS"), "text/css; charset=utf-8");
    }
}
