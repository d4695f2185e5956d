//! `inolab serve` over HTTP: content types, index files and redirects, 404
//! pages, HEAD, ETags, 405, 414, every path-traversal attempt, keep-alive
//! (HTTP/1.0 and 1.1, pipelined) and the `Host` check.

mod serve_support;
use serve_support::*;

#[test]
fn serves_pages_from_memory_with_the_reload_script() {
    let site = fixture();
    let s = start(site.path(), false);
    let r = page(&s, "/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let html = r.text();
    assert!(
        html.contains("<script src=\"/__inolab/reload.js\" defer></script></body>"),
        "{html}"
    );
    // Links point at the server itself.
    assert!(html.contains(&format!("http://127.0.0.1:{}/", s.port())) || html.contains("href=\"/"));
    // Nothing was written to disk.
    assert!(!site.path().join("public").exists());
    // The script exists and is external (works under a strict CSP).
    let js = page(&s, "/__inolab/reload.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.text().contains("EventSource"));
    s.stop();
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = fixture();
    let out = inolab::pipeline::run(&inolab::pipeline::BuildOptions {
        root: site.path().to_path_buf(),
        base_url: None,
        drafts: false,
        force: false,
    });
    assert!(!out.has_errors());
    for (p, b) in &out.files {
        assert!(!String::from_utf8_lossy(b).contains("__inolab"), "{p}");
    }
}

#[test]
fn content_types_and_static_files() {
    let site = fixture();
    write(site.path(), "static/favicon.ico", "ico");
    write(site.path(), "static/data/x.bin", "bin");
    write(site.path(), "static/fonts/f.woff2", "w");
    write(site.path(), "static/assets/site.css", "/* site wins */");
    let s = start(site.path(), false);
    for (path, ct) in [
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/favicon.ico", "image/x-icon"),
        ("/data/x.bin", "application/octet-stream"),
        ("/fonts/f.woff2", "font/woff2"),
        ("/assets/site.css", "text/css; charset=utf-8"),
    ] {
        let r = page(&s, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ct), "{path}");
    }
    // The site's static folder wins over the theme's.
    assert_eq!(page(&s, "/assets/site.css").text(), "/* site wins */");
    // Data exports and search index files are served with their types.
    let site_map = s.site().unwrap();
    let json = site_map
        .keys()
        .find(|k| k.ends_with(".json"))
        .expect("a JSON output")
        .clone();
    assert_eq!(
        page(&s, &format!("/{json}")).header("content-type"),
        Some("application/json")
    );
    s.stop();
}

#[test]
fn directories_index_and_redirect() {
    let site = fixture();
    let s = start(site.path(), false);
    let r = page(&s, "/sprinti/");
    assert_eq!(r.status, 200);
    let r = page(&s, "/sprinti?x=1");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/sprinti/?x=1"));
    let r = page(&s, "/en");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/en/"));
    s.stop();
}

#[test]
fn not_found_uses_the_sites_404_page_per_language() {
    let site = fixture();
    let s = start(site.path(), false);
    let lv = s.site().unwrap().get("404.html").unwrap().bytes.clone();
    let r = page(&s, "/nav-tadas-lapas/");
    assert_eq!(r.status, 404);
    assert!(
        r.text()
            .starts_with(std::str::from_utf8(&lv[..40]).unwrap())
    );
    let en = s
        .site()
        .unwrap()
        .get("en/404.html")
        .map(|f| f.bytes.clone());
    let r = page(&s, "/en/no-such-page/");
    assert_eq!(r.status, 404);
    if let Some(en) = en {
        assert!(
            r.text()
                .starts_with(std::str::from_utf8(&en[..40]).unwrap())
        );
        assert!(r.text().contains("lang=\"en\""));
    }
    s.stop();
}

#[test]
fn head_etag_and_methods() {
    let site = fixture();
    let s = start(site.path(), false);
    let g = page(&s, "/sprinti/");
    let etag = g.header("etag").expect("ETag").to_string();
    let h = request(s.port(), "HEAD", "/sprinti/", &[]).unwrap();
    assert_eq!(h.status, 200);
    assert_eq!(h.header("etag"), Some(etag.as_str()));
    assert_eq!(
        h.header("content-length").unwrap(),
        g.body.len().to_string()
    );
    let c = request(s.port(), "GET", "/sprinti/", &[("If-None-Match", &etag)]).unwrap();
    assert_eq!(c.status, 304);
    assert!(c.body.is_empty());
    let c = request(
        s.port(),
        "GET",
        "/sprinti/",
        &[("If-None-Match", "\"other\"")],
    )
    .unwrap();
    assert_eq!(c.status, 200);
    for m in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = request(s.port(), m, "/", &[("Content-Length", "0")]).unwrap();
        assert_eq!(r.status, 405, "{m}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{m}");
    }
    s.stop();
}

#[test]
fn traversal_attempts_are_refused() {
    let site = fixture();
    // Something worth stealing just outside the served site.
    write(site.path(), "secret.txt", "secret");
    let s = start(site.path(), false);
    for bad in [
        "/../secret.txt",
        "/sprinti/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/index.html%00.txt",
        "/%00",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/./index.html",
    ] {
        let r = page(&s, bad);
        assert!(r.status == 400 || r.status == 404, "{bad}: {}", r.status);
        assert!(!r.text().contains("secret"), "{bad}");
        assert_eq!(r.status, 400, "{bad} should be refused explicitly");
    }
    // Absolute-form targets are refused too.
    let r = request(s.port(), "GET", "http://127.0.0.1/secret.txt", &[]).unwrap();
    assert_ne!(r.status, 200);
    // Nothing outside the site map is reachable even by its real name.
    assert_eq!(page(&s, "/secret.txt").status, 404);
    assert_eq!(page(&s, "/site.yaml").status, 404);
    let long = format!("/{}", "a".repeat(3000));
    assert_eq!(page(&s, &long).status, 414);
    s.stop();
}

#[test]
fn a_symlink_out_of_the_static_folder_is_not_served() {
    let site = fixture();
    write(site.path(), "secret.txt", "secret");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.path().join("secret.txt"),
        site.path().join("static/leak.txt"),
    )
    .unwrap();
    let s = start(site.path(), false);
    assert_eq!(page(&s, "/leak.txt").status, 404);
    s.stop();
}

#[test]
fn a_busy_port_names_a_free_one() {
    let hold = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hold.local_addr().unwrap().port();
    let site = fixture();
    let mut o = options(site.path());
    o.port = port;
    let e = inolab::serve::Server::start(&o).err().expect("port in use");
    assert!(e.message.contains(&format!("port {port}")), "{e:?}");
    assert!(e.message.contains("--port "), "{e:?}");
}

#[test]
fn idle_event_streams_do_not_block_requests() {
    let site = fixture();
    let s = start(site.path(), false);
    // More idle listeners than request workers.
    let mut streams = Vec::new();
    for _ in 0..12 {
        use std::io::{Read, Write};
        let mut t = std::net::TcpStream::connect(("127.0.0.1", s.port())).unwrap();
        t.write_all(b"GET /__inolab/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut buf = [0u8; 256];
        let n = t.read(&mut buf).unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).contains("text/event-stream"));
        streams.push(t);
    }
    // A slow client that never finishes its request.
    let _slow = std::net::TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    assert_eq!(page(&s, "/").status, 200);
    drop(streams);
    s.stop();
}

/// A small client over one kept connection (the shared test client opens
/// a connection per request).
mod wire {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    pub struct Conn {
        pub r: BufReader<TcpStream>,
    }

    #[derive(Debug)]
    pub struct Resp {
        pub status: u16,
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    impl Resp {
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }
    }

    impl Conn {
        pub fn open(port: u16) -> Conn {
            let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
            Conn {
                r: BufReader::new(s),
            }
        }

        pub fn send(&mut self, raw: &str) {
            self.r.get_mut().write_all(raw.as_bytes()).unwrap();
        }

        /// Reads one response; `head`: the request was HEAD (no body).
        pub fn read(&mut self, head: bool) -> Resp {
            let mut line = String::new();
            assert!(
                self.r.read_line(&mut line).unwrap() > 0,
                "connection closed"
            );
            let status = line.split(' ').nth(1).unwrap().parse().unwrap();
            let mut headers = Vec::new();
            loop {
                line.clear();
                self.r.read_line(&mut line).unwrap();
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                let (k, v) = l.split_once(':').unwrap();
                headers.push((k.to_string(), v.trim().to_string()));
            }
            let mut resp = Resp {
                status,
                headers,
                body: Vec::new(),
            };
            if !head && status != 304 {
                let n: usize = resp.header("content-length").unwrap().parse().unwrap();
                resp.body = vec![0; n];
                self.r.read_exact(&mut resp.body).unwrap();
            }
            resp
        }

        /// Whether the server has closed the connection (no more bytes).
        pub fn closed(&mut self) -> bool {
            let mut rest = Vec::new();
            match self.r.read_to_end(&mut rest) {
                Ok(_) => rest.is_empty(),
                Err(e) => matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
                ),
            }
        }
    }

    pub fn get(path: &str, version: &str, host: &str, extra: &str) -> String {
        format!("GET {path} {version}\r\nHost: {host}\r\n{extra}\r\n")
    }
}

#[test]
fn http_1_0_keep_alive_is_announced_and_the_connection_reused() {
    let site = fixture();
    let s = start(site.path(), false);
    let host = format!("127.0.0.1:{}", s.port());
    let mut c = wire::Conn::open(s.port());
    for path in ["/sprinti/", "/", "/sprinti/"] {
        c.send(&wire::get(
            path,
            "HTTP/1.0",
            &host,
            "Connection: keep-alive\r\n",
        ));
        let r = c.read(false);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("connection"), Some("keep-alive"), "{path}");
        assert!(r.header("keep-alive").unwrap().starts_with("timeout="));
        assert!(r.header("transfer-encoding").is_none());
        assert!(String::from_utf8_lossy(&r.body).contains("</html>"));
    }
    // Without keep-alive, HTTP/1.0 closes after the answer.
    c.send(&wire::get("/", "HTTP/1.0", &host, ""));
    let r = c.read(false);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("connection"), Some("close"));
    assert!(c.closed());
    s.stop();
}

#[test]
fn http_1_1_connections_are_reused_and_pipelined() {
    let site = fixture();
    let s = start(site.path(), false);
    let host = format!("localhost:{}", s.port());
    let mut c = wire::Conn::open(s.port());
    // Three requests in one write: answered in order.
    let paths = ["/sprinti/", "/__inolab/reload.js", "/nav-tadas/"];
    let all: String = paths
        .iter()
        .map(|p| wire::get(p, "HTTP/1.1", &host, ""))
        .collect();
    c.send(&all);
    let r = c.read(false);
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.header("connection").is_none());
    let r = c.read(false);
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("EventSource"));
    assert_eq!(c.read(false).status, 404);
    // One at a time on the same connection, a large page among them.
    for _ in 0..20 {
        c.send(&wire::get("/", "HTTP/1.1", &host, ""));
        assert_eq!(c.read(false).status, 200);
    }
    // HEAD sends no body: the next answer on the connection starts clean.
    c.send(&format!(
        "HEAD /sprinti/ HTTP/1.1\r\nHost: {host}\r\n\r\n{}",
        wire::get("/sprinti/", "HTTP/1.1", &host, "")
    ));
    let h = c.read(true);
    let g = c.read(false);
    assert_eq!(h.status, 200);
    assert_eq!(
        h.header("content-length").unwrap(),
        g.body.len().to_string()
    );
    assert_eq!(h.header("etag"), g.header("etag"));
    // 304 has no body either, and keeps the connection.
    let etag = g.header("etag").unwrap().to_string();
    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"x\", {etag}"),
        "*".into(),
    ] {
        c.send(&wire::get(
            "/sprinti/",
            "HTTP/1.1",
            &host,
            &format!("If-None-Match: {inm}\r\n"),
        ));
        let r = c.read(false);
        assert_eq!(r.status, 304, "{inm}");
        assert_eq!(r.header("etag"), Some(etag.as_str()));
    }
    c.send(&format!(
        "HEAD /sprinti/ HTTP/1.1\r\nHost: {host}\r\nIf-None-Match: {etag}\r\n\r\n"
    ));
    assert_eq!(c.read(true).status, 304);
    // The reload script, fetched by every page, revalidates too.
    c.send(&wire::get("/__inolab/reload.js", "HTTP/1.1", &host, ""));
    let js = c.read(false);
    let js_etag = js
        .header("etag")
        .expect("reload.js has an ETag")
        .to_string();
    c.send(&wire::get(
        "/__inolab/reload.js",
        "HTTP/1.1",
        &host,
        &format!("If-None-Match: {js_etag}\r\n"),
    ));
    assert_eq!(c.read(false).status, 304);
    // A refused method with a small body keeps the connection in step.
    c.send(&format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello"
    ));
    assert_eq!(c.read(false).status, 405);
    c.send(&wire::get("/", "HTTP/1.1", &host, "Connection: close\r\n"));
    let r = c.read(false);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("connection"), Some("close"));
    assert!(c.closed());
    s.stop();
}

#[test]
fn a_foreign_host_is_refused_on_loopback() {
    let site = fixture();
    let s = start(site.path(), false);
    let port = s.port();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        let mut c = wire::Conn::open(port);
        c.send(&wire::get("/sprinti/", "HTTP/1.1", &host, ""));
        let r = c.read(false);
        assert_eq!(r.status, 421, "{host}");
        let text = String::from_utf8_lossy(&r.body).to_string();
        assert!(text.contains("DNS rebinding"), "{text}");
        assert!(!text.contains("<html"), "{text}");
    }
    // The event stream too (it carries build errors).
    let mut c = wire::Conn::open(port);
    c.send(&wire::get(
        "/__inolab/events",
        "HTTP/1.1",
        "evil.example",
        "",
    ));
    assert_eq!(c.read(false).status, 421);
    // HTTP/1.1 without Host.
    let mut c = wire::Conn::open(port);
    c.send("GET / HTTP/1.1\r\n\r\n");
    assert_eq!(c.read(false).status, 421);
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let mut c = wire::Conn::open(port);
        c.send(&wire::get("/sprinti/", "HTTP/1.1", &host, ""));
        assert_eq!(c.read(false).status, 200, "{host}");
    }
    s.stop();
}

#[test]
fn any_host_is_served_when_bound_beyond_loopback() {
    let site = fixture();
    let mut o = options(site.path());
    o.bind = "0.0.0.0".into();
    let s = inolab::serve::Server::start_with(
        &o,
        inolab::serve::Settings {
            watch: false,
            verbose: false,
            ..Default::default()
        },
    )
    .unwrap();
    let mut c = wire::Conn::open(s.port());
    c.send(&wire::get("/sprinti/", "HTTP/1.1", "preview.lan:4000", ""));
    assert_eq!(c.read(false).status, 200);
    s.stop();
}

#[test]
fn malformed_and_oversized_heads_are_refused() {
    let site = fixture();
    let s = start(site.path(), false);
    let host = format!("127.0.0.1:{}", s.port());
    for (raw, status) in [
        ("GARBAGE\r\n\r\n".to_string(), 400),
        (format!("GET / HTTP/2.0\r\nHost: {host}\r\n\r\n"), 505),
        (
            format!(
                "GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"
            ),
            400,
        ),
        (
            format!(
                "GET / HTTP/1.1\r\nHost: {host}\r\nX: {}\r\n\r\n",
                "a".repeat(20_000)
            ),
            431,
        ),
    ] {
        let mut c = wire::Conn::open(s.port());
        c.send(&raw);
        let r = c.read(false);
        assert_eq!(r.status, status, "{}", &raw[..raw.len().min(60)]);
        assert_eq!(r.header("connection"), Some("close"));
        assert!(c.closed());
    }
    s.stop();
}
