//! Answering one HTTP request from the in-memory site: path safety,
//! content types, index files, redirects, 404/405/414, HEAD and ETags,
//! single byte ranges (206/416: the search fragment packs are read so) and
//! the live-reload script injected into HTML responses.

use super::build::{File, SiteMap};
use std::sync::Arc;

/// URLs longer than this are refused with 414.
pub const MAX_URL: usize = 2048;

/// The script tag injected before `</body>` of every served HTML page. An
/// external file, so it runs under a strict Content-Security-Policy.
pub const RELOAD_TAG: &str = "<script src=\"/__inolab/reload.js\" defer></script>";

/// The live-reload client.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// The ETag of [`RELOAD_JS`] (FNV-1a of its bytes: it changes only with
/// the binary), so that every page load revalidates it with a 304.
fn reload_etag() -> &'static str {
    static ETAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ETAG.get_or_init(|| {
        let h = RELOAD_JS.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("\"r{h:016x}\"")
    })
}

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

/// A response, independent of the sockets so it can be unit-tested.
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
    /// Bytes `start..end` of a shared file (a 206 answer), not a copy.
    Slice(Arc<[u8]>, usize, usize),
    /// An HTML page with [`RELOAD_TAG`] inserted at a byte offset, sent
    /// as three slices instead of a copy of the page per request.
    Injected(Arc<[u8]>, usize),
}

impl Body {
    pub fn len(&self) -> usize {
        self.parts().iter().map(|p| p.len()).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The bytes, in order (empty slices where there is nothing).
    pub fn parts(&self) -> [&[u8]; 3] {
        match self {
            Body::Empty => [&[], &[], &[]],
            Body::Static(b) => [b, &[], &[]],
            Body::Owned(b) => [b, &[], &[]],
            Body::Shared(b) => [b, &[], &[]],
            Body::Slice(b, start, end) => [&b[*start..*end], &[], &[]],
            Body::Injected(b, at) => [&b[..*at], RELOAD_TAG.as_bytes(), &b[*at..]],
        }
    }
    /// The bytes as one vector (tests).
    pub fn to_vec(&self) -> Vec<u8> {
        self.parts().concat()
    }
}

impl Reply {
    pub fn new(status: u16, body: Body) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }
    /// A plain-text answer (`msg` and a newline).
    pub fn text(status: u16, msg: &str) -> Reply {
        let mut r = Reply::new(status, Body::Owned(format!("{msg}\n").into_bytes()));
        r.headers
            .push(("Content-Type", "text/plain; charset=utf-8".into()));
        r
    }
    pub fn header(mut self, k: &'static str, v: impl Into<String>) -> Reply {
        self.headers.push((k, v.into()));
        self
    }
}

/// Where the reload script goes: before the last `</body>`, else at the end.
pub fn inject_at(html: &[u8]) -> usize {
    let needle = b"</body>";
    html.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len())
}

/// Inserts the reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let pos = inject_at(html);
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
    /// The `Range` header, if any.
    pub range: Option<&'a str>,
}

/// The `Host` names a server bound to a loopback address answers to:
/// `localhost`, `127.0.0.1`, `[::1]` and the bound name, each with the
/// bound port or none. A web page the editor visits can point a name of
/// its own at 127.0.0.1 (DNS rebinding) and then read the preview, drafts
/// included, as its own origin; its requests carry that name and are
/// refused ([`HostGuard::refusal`]).
#[derive(Debug, Clone)]
pub struct HostGuard {
    names: Vec<String>,
    port: u16,
}

impl HostGuard {
    pub fn loopback(bind: &str, port: u16) -> HostGuard {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(String::from)
            .to_vec();
        let bound = match bind.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V6(v6)) => format!("[{v6}]"),
            _ => bind.to_ascii_lowercase(),
        };
        if !names.contains(&bound) {
            names.push(bound);
        }
        HostGuard { names, port }
    }

    /// Whether a request with this `Host` header is answered. A request
    /// without one is, for HTTP/1.0 only (1.1 requires it).
    pub fn allows(&self, host: Option<&str>, minor: u8) -> bool {
        let Some(host) = host else {
            return minor == 0;
        };
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.strip_prefix('[') {
            // An IPv6 literal: `[::1]` or `[::1]:4000`.
            Some(rest) => match rest.split_once(']') {
                Some((inner, after)) => (format!("[{inner}]"), after),
                None => return false,
            },
            None => {
                let n = host.split(':').next().unwrap_or("");
                (n.to_string(), &host[n.len()..])
            }
        };
        let port_ok = match port {
            "" => true,
            p => p
                .strip_prefix(':')
                .and_then(|p| p.parse::<u16>().ok())
                .is_some_and(|p| p == self.port),
        };
        port_ok && self.names.contains(&name)
    }

    /// 421, with what to do instead.
    pub fn refusal(&self, host: Option<&str>) -> Reply {
        Reply::text(
            421,
            &format!(
                "421 misdirected request: this preview answers only to localhost, 127.0.0.1 and [::1] on port {port}, not to the name {host:?}. Other names are refused so that a web page cannot read the preview through DNS rebinding. Open http://localhost:{port}/ instead, or serve on purpose under other names with --bind and a non-loopback address.",
                port = self.port,
                host = host.unwrap_or("(no Host header)"),
            ),
        )
        .header("Cache-Control", "no-store")
    }
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
        let etag = reload_etag();
        if req.if_none_match.is_some_and(|v| etag_matches(v, etag)) {
            return Reply::new(304, Body::Empty)
                .header("ETag", etag)
                .header("Cache-Control", "no-cache");
        }
        return Reply::new(200, Body::Static(RELOAD_JS.as_bytes()))
            .header("Content-Type", "text/javascript; charset=utf-8")
            .header("Cache-Control", "no-cache")
            .header("ETag", etag);
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
            // Only visible ASCII may stand in a header (tiny_http refuses
            // the rest, and a bare CR would split the response): other
            // bytes of the path (`ā/`) and query are percent-encoded, and
            // so are `?`, `#` and `%` of the decoded path (found by the
            // serve_path fuzz target).
            let encode = |s: &str, keep: fn(u8) -> bool| {
                s.bytes().fold(String::new(), |mut out, b| {
                    if keep(b) {
                        out.push(b as char);
                    } else {
                        out.push_str(&format!("%{b:02X}"));
                    }
                    out
                })
            };
            let path = encode(&rel, |b| b.is_ascii_graphic() && !b"?#%".contains(&b));
            let query = req
                .target
                .split_once('?')
                .map(|(_, q)| format!("?{}", encode(q, |b| b.is_ascii_graphic())))
                .unwrap_or_default();
            return Reply::text(301, "301 moved permanently")
                .header("Location", format!("/{path}/{query}"));
        }
    }
    match found {
        Some(f) => ranged(
            file_reply(&key, f, 200, req.if_none_match),
            req.range.map(str::trim),
        ),
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

/// A single byte range of a representation `len` bytes long, as RFC 9110
/// §14.1.2 reads `bytes=a-b`, `bytes=a-` and `bytes=-n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// Bytes `start..end` (end exclusive, within the representation).
    Satisfiable(usize, usize),
    /// Well-formed but outside the representation: 416.
    Unsatisfiable,
    /// Not a single byte range (malformed, another unit, several ranges):
    /// ignored, the whole representation is sent with 200, as RFC 9110
    /// allows; a client reading fragment packs slices that itself.
    Ignored,
}

/// Reads a `Range` header against a representation of `len` bytes.
pub fn byte_range(header: &str, len: usize) -> ByteRange {
    let Some(spec) = header.strip_prefix("bytes=") else {
        return ByteRange::Ignored;
    };
    let spec = spec.trim();
    let Some((a, b)) = spec.split_once('-') else {
        return ByteRange::Ignored;
    };
    let num = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u64>().unwrap_or(u64::MAX))
    };
    let len64 = len as u64;
    match (num(a.trim()), num(b.trim())) {
        // `-n`: the last n bytes.
        (None, Some(n)) if a.trim().is_empty() => {
            if n == 0 || len == 0 {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Satisfiable(len - n.min(len64) as usize, len)
            }
        }
        // `a-`: from a to the end.
        (Some(start), None) if b.trim().is_empty() => {
            if start >= len64 {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Satisfiable(start as usize, len)
            }
        }
        (Some(start), Some(last)) if start <= last => {
            if start >= len64 {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Satisfiable(start as usize, last.min(len64 - 1) as usize + 1)
            }
        }
        _ => ByteRange::Ignored,
    }
}

/// A 200 file reply narrowed to the asked range: 206 with `Content-Range`,
/// or 416 with the length; other replies (304, 404, …) and replies to no
/// or an ignored range are returned as they are. Every 200 file reply
/// says `Accept-Ranges: bytes`.
fn ranged(reply: Reply, range: Option<&str>) -> Reply {
    if reply.status != 200 {
        return reply;
    }
    let reply = reply.header("Accept-Ranges", "bytes");
    let Some(range) = range else {
        return reply;
    };
    let len = reply.body.len();
    match byte_range(range, len) {
        ByteRange::Ignored => reply,
        ByteRange::Unsatisfiable => {
            let mut r = Reply::new(416, Body::Empty)
                .header("Content-Range", format!("bytes */{len}"))
                .header("Accept-Ranges", "bytes");
            r.headers.extend(
                reply
                    .headers
                    .into_iter()
                    .filter(|(k, _)| *k == "ETag" || *k == "Cache-Control"),
            );
            r
        }
        ByteRange::Satisfiable(start, end) => {
            let body = match reply.body {
                Body::Shared(b) => Body::Slice(b, start, end),
                other => Body::Owned(other.to_vec()[start..end].to_vec()),
            };
            let mut r = Reply::new(206, body)
                .header("Content-Range", format!("bytes {start}-{}/{len}", end - 1));
            r.headers.extend(reply.headers);
            r
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
        Body::Injected(f.bytes.clone(), inject_at(&f.bytes))
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
    fn host_guard() {
        let g = HostGuard::loopback("127.0.0.1", 4000);
        for ok in [
            "localhost:4000",
            "LOCALHOST:4000",
            "127.0.0.1:4000",
            "[::1]:4000",
            "localhost",
            "127.0.0.1",
            "[::1]",
        ] {
            assert!(g.allows(Some(ok), 1), "{ok}");
        }
        for bad in [
            "evil.example:4000",
            "evil.example",
            "localhost:4001",
            "localhost:",
            "localhost:4000:4000",
            "localhost.evil.example:4000",
            "127.0.0.1.nip.io:4000",
            "[::1",
            "[::2]:4000",
            "[::1]4000",
            "",
        ] {
            assert!(!g.allows(Some(bad), 1), "{bad}");
        }
        assert!(!g.allows(None, 1));
        assert!(g.allows(None, 0));
        assert!(HostGuard::loopback("127.0.0.2", 80).allows(Some("127.0.0.2"), 1));
        assert!(HostGuard::loopback("::1", 80).allows(Some("[::1]:80"), 1));
        let r = g.refusal(Some("evil.example:4000"));
        assert_eq!(r.status, 421);
        assert!(
            String::from_utf8(r.body.to_vec())
                .unwrap()
                .contains("DNS rebinding")
        );
    }

    #[test]
    fn byte_ranges() {
        use ByteRange::*;
        assert_eq!(byte_range("bytes=0-7", 100), Satisfiable(0, 8));
        assert_eq!(byte_range("bytes=90-200", 100), Satisfiable(90, 100));
        assert_eq!(byte_range("bytes=10-", 100), Satisfiable(10, 100));
        assert_eq!(byte_range("bytes=-30", 100), Satisfiable(70, 100));
        assert_eq!(byte_range("bytes=-300", 100), Satisfiable(0, 100));
        assert_eq!(byte_range("bytes=100-", 100), Unsatisfiable);
        assert_eq!(byte_range("bytes=100-120", 100), Unsatisfiable);
        assert_eq!(byte_range("bytes=-0", 100), Unsatisfiable);
        assert_eq!(byte_range("bytes=0-", 0), Unsatisfiable);
        assert_eq!(
            byte_range("bytes=99999999999999999999999-", 100),
            Unsatisfiable
        );
        for ignored in [
            "bytes=0-1,5-6",
            "bytes=5-1",
            "items=0-1",
            "bytes=a-b",
            "bytes=-",
            "bytes=1",
            "bytes=+1-2",
        ] {
            assert_eq!(byte_range(ignored, 100), Ignored, "{ignored}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.woff2"), "font/woff2");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("a.CSS"), "text/css; charset=utf-8");
    }
}
