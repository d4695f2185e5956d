//! HTTP/1.0 and HTTP/1.1 on one connection: finding and parsing a request
//! head, deciding whether the connection stays open, and framing a
//! response (`Content-Length` always, never chunked; `Connection` and
//! `Keep-Alive` headers as the client's version needs them).
//!
//! Pure functions over bytes, so they are unit-tested without sockets; the
//! sockets are [`super::listener`]'s and [`super::pool`]'s.

use std::io::{self, IoSlice, Write};
use std::time::Instant;

/// A request head longer than this is refused (431) and the connection
/// closed.
pub const MAX_HEAD: usize = 16 * 1024;
/// Request bodies are never used (the server answers GET and HEAD); up to
/// this size they are read and dropped so that the connection stays in
/// step, beyond it the connection is closed after the answer.
pub const MAX_DISCARD: usize = 64 * 1024;

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    pub target: String,
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Header fields in order, names as sent.
    pub headers: Vec<(String, String)>,
}

/// Why a head could not be used; each closes the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// 400: not an HTTP/1.x request line or header.
    Malformed,
    /// 505: HTTP/2 or another version in an HTTP/1 request line.
    Version,
}

/// What follows the head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLen {
    None,
    Length(usize),
    /// `Transfer-Encoding` (chunked or other): not read; the connection
    /// closes after the answer.
    Encoded,
}

/// The end of the first head in `buf` (the index after its blank line).
pub fn head_end(buf: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(p) = buf[i..].iter().position(|&b| b == b'\n') {
        let p = i + p;
        match buf.get(p + 1) {
            Some(b'\n') => return Some(p + 2),
            Some(b'\r') if buf.get(p + 2) == Some(&b'\n') => return Some(p + 3),
            _ => {}
        }
        i = p + 1;
    }
    None
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parses one head (the bytes up to [`head_end`]).
pub fn parse(raw: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(raw).map_err(|_| HeadError::Malformed)?;
    // Robustness (RFC 9112 §2.2): empty lines before the request line.
    let text = text.trim_start_matches(['\r', '\n']);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if !is_token(method) || target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(HeadError::Malformed);
    }
    let minor = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        v if v.starts_with("HTTP/") => return Err(HeadError::Version),
        _ => return Err(HeadError::Malformed),
    };
    let mut headers = Vec::new();
    for l in lines {
        if l.is_empty() {
            break;
        }
        // No obsolete line folding, no space before the colon (§5.1–5.2).
        let (name, value) = l.split_once(':').ok_or(HeadError::Malformed)?;
        if !is_token(name) {
            return Err(HeadError::Malformed);
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        minor,
        headers,
    })
}

impl Head {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether any `Connection` header lists `token`.
    pub fn connection(&self, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("connection"))
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    /// Whether the client keeps the connection after this request:
    /// HTTP/1.1 unless `Connection: close`, HTTP/1.0 only with
    /// `Connection: keep-alive`.
    pub fn keep_alive(&self) -> bool {
        if self.connection("close") {
            return false;
        }
        self.minor >= 1 || self.connection("keep-alive")
    }

    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    /// The body that follows; conflicting or unreadable lengths are
    /// malformed (request smuggling starts there).
    pub fn body(&self) -> Result<BodyLen, HeadError> {
        if self.header("transfer-encoding").is_some() {
            return Ok(BodyLen::Encoded);
        }
        let mut len = None;
        for (k, v) in &self.headers {
            if !k.eq_ignore_ascii_case("content-length") {
                continue;
            }
            for v in v.split(',') {
                let v = v.trim();
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(HeadError::Malformed);
                }
                let n: usize = v.parse().map_err(|_| HeadError::Malformed)?;
                if len.is_some_and(|l| l != n) {
                    return Err(HeadError::Malformed);
                }
                len = Some(n);
            }
        }
        Ok(match len {
            None | Some(0) => BodyLen::None,
            Some(n) => BodyLen::Length(n),
        })
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        416 => "Range Not Satisfiable",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// How to frame one response.
#[derive(Debug, Clone, Copy)]
pub struct Framing {
    /// The request's minor version.
    pub minor: u8,
    /// Whether the connection stays open after this response.
    pub keep_alive: bool,
    /// HEAD: the headers of the GET, no body.
    pub head_only: bool,
    /// Announced in `Keep-Alive: timeout=…` on kept connections.
    pub idle_secs: u64,
}

/// The `Date` header value, formatted once a second per thread.
fn date() -> String {
    use std::cell::RefCell;
    thread_local! {
        static CACHE: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
    }
    let now = jiff::Timestamp::now();
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != now.as_second() {
            let text = jiff::fmt::rfc2822::DateTimePrinter::new()
                .timestamp_to_rfc9110_string(&now)
                .unwrap_or_default();
            *c = (now.as_second(), text);
        }
        c.1.clone()
    })
}

/// The status line and headers of a response whose body is `len` bytes.
pub fn response_head(
    status: u16,
    headers: &[(&'static str, String)],
    len: usize,
    f: Framing,
) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut h = String::with_capacity(256);
    let _ = write!(h, "HTTP/1.1 {status} {}\r\n", reason(status));
    let _ = write!(h, "Server: inolab\r\nDate: {}\r\n", date());
    for (k, v) in headers {
        // Framing is this module's; a reply cannot set it.
        if k.eq_ignore_ascii_case("content-length")
            || k.eq_ignore_ascii_case("connection")
            || k.eq_ignore_ascii_case("transfer-encoding")
        {
            continue;
        }
        let _ = write!(h, "{k}: {v}\r\n");
    }
    // 1xx, 204 and 304 have no body and say nothing of its length here.
    if !(status < 200 || status == 204 || status == 304) {
        let _ = write!(h, "Content-Length: {len}\r\n");
    }
    if !f.keep_alive {
        h.push_str("Connection: close\r\n");
    } else {
        if f.minor == 0 {
            h.push_str("Connection: keep-alive\r\n");
        }
        let _ = write!(h, "Keep-Alive: timeout={}\r\n", f.idle_secs);
    }
    h.push_str("\r\n");
    h.into_bytes()
}

/// Writes all of `bufs` (one `writev` when the socket takes it), failing
/// once `deadline` has passed.
pub fn write_all(w: &mut impl Write, bufs: &[&[u8]], deadline: Instant) -> io::Result<()> {
    let mut slices: Vec<IoSlice<'_>> = bufs
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| IoSlice::new(b))
        .collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        if Instant::now() > deadline {
            return Err(io::ErrorKind::TimedOut.into());
        }
        match w.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(s: &str) -> Head {
        let raw = s.as_bytes();
        parse(&raw[..head_end(raw).expect("complete")]).expect("parses")
    }

    #[test]
    fn finds_the_end_of_a_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.0\n\n"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r"), None);
        assert_eq!(head_end(b""), None);
    }

    #[test]
    fn keep_alive_by_version_and_connection() {
        assert!(head("GET / HTTP/1.1\r\n\r\n").keep_alive());
        assert!(!head("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive());
        assert!(!head("GET / HTTP/1.0\r\n\r\n").keep_alive());
        assert!(head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive());
        assert!(head("GET / HTTP/1.0\r\nconnection: foo, keep-alive\r\n\r\n").keep_alive());
        assert!(!head("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keep_alive());
    }

    #[test]
    fn parses_heads_and_refuses_bad_ones() {
        let h = head("\r\nGET /a?b HTTP/1.1\r\nHost:  x:1 \r\nX-A: 1\r\n\r\n");
        assert_eq!(h.method, "GET");
        assert_eq!(h.target, "/a?b");
        assert_eq!(h.header("host"), Some("x:1"));
        assert_eq!(h.header("HOST"), Some("x:1"));
        assert_eq!(h.body(), Ok(BodyLen::None));
        for bad in [
            "GET / HTTP/1.1 extra\r\n\r\n",
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET / FTP/1.0\r\n\r\n",
            "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
        ] {
            let raw = bad.as_bytes();
            assert_eq!(
                parse(&raw[..head_end(raw).unwrap()]),
                Err(HeadError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(parse(b"GET / HTTP/2.0\r\n\r\n"), Err(HeadError::Version));
    }

    #[test]
    fn body_lengths() {
        let b = |s: &str| head(&format!("POST / HTTP/1.1\r\n{s}\r\n\r\n")).body();
        assert_eq!(b("Content-Length: 0"), Ok(BodyLen::None));
        assert_eq!(b("Content-Length: 12"), Ok(BodyLen::Length(12)));
        assert_eq!(b("Content-Length: 12, 12"), Ok(BodyLen::Length(12)));
        assert_eq!(
            b("Content-Length: 12\r\nContent-Length: 13"),
            Err(HeadError::Malformed)
        );
        assert_eq!(b("Content-Length: -1"), Err(HeadError::Malformed));
        assert_eq!(b("Content-Length: +1"), Err(HeadError::Malformed));
        assert_eq!(b("Transfer-Encoding: chunked"), Ok(BodyLen::Encoded));
    }

    #[test]
    fn frames_responses() {
        let f = Framing {
            minor: 0,
            keep_alive: true,
            head_only: false,
            idle_secs: 10,
        };
        let h = String::from_utf8(response_head(
            200,
            &[("Content-Type", "text/plain".into())],
            5,
            f,
        ))
        .unwrap();
        assert!(h.starts_with("HTTP/1.1 200 OK\r\n"), "{h}");
        assert!(h.contains("\r\nContent-Length: 5\r\n"), "{h}");
        assert!(h.contains("\r\nConnection: keep-alive\r\n"), "{h}");
        assert!(h.contains("\r\nKeep-Alive: timeout=10\r\n"), "{h}");
        assert!(h.contains("\r\nDate: "), "{h}");
        assert!(h.ends_with("\r\n\r\n"));
        let h = String::from_utf8(response_head(
            304,
            &[("Connection", "upgrade".into())],
            0,
            Framing {
                minor: 1,
                keep_alive: false,
                ..f
            },
        ))
        .unwrap();
        assert!(!h.contains("Content-Length"), "{h}");
        assert!(h.contains("\r\nConnection: close\r\n"), "{h}");
        assert!(!h.contains("upgrade"), "{h}");
    }
}
