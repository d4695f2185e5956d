//! `inolab serve` over HTTP: content types, index files and redirects, 404
//! pages, HEAD, ETags, 405, 414 and every path-traversal attempt.

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
    assert!(e.contains(&format!("port {port}")), "{e}");
    assert!(e.contains("--port "), "{e}");
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
        t.write_all(b"GET /__inolab/events HTTP/1.1\r\nHost: x\r\n\r\n")
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
