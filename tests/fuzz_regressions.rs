//! Regression tests for what fuzzing found (docs/fuzzing.md): one test per
//! bug, named after it. The inputs libFuzzer saved are also replayed from
//! `fuzz/regressions/<target>/` by tests/fuzz_smoke.rs.

use inolab::markdown::{Settings, TermMatcher, render};

fn untrusted(lang: &str) -> Settings<'_> {
    Settings {
        lang,
        base_path: "/",
        trusted_html: false,
        terms: None,
        self_term: None,
        path: "content/pages/x.md",
        body_line: 4,
        html: true,
        links: None,
    }
}

/// The values of the `href` and `src` attributes in `html`.
fn urls(html: &str) -> Vec<&str> {
    ["href=\"", "src=\""]
        .iter()
        .flat_map(|a| {
            html.match_indices(a)
                .map(move |(i, _)| &html[i + a.len()..])
        })
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect()
}

/// Bug 1 (markdown target): with `trusted_html: false` raw HTML went
/// through the sanitiser, but Markdown with a `javascript:` URL did not —
/// the body had no raw HTML, so the sanitiser never ran. Links, autolinks
/// and link references were fixed on main meanwhile (dd57927: removed,
/// text kept, an unsafe-link warning); an image's `src` still came out as
/// `<img src="javascript:alert(1)">`.
#[test]
fn script_urls_in_markdown_images_and_links_are_dropped_without_raw_html() {
    for md in [
        "![x](javascript:alert(1))",
        "![x](JAVASCRIPT:alert(1) \"t\")",
        "![x](&#106;avascript:alert(1))",
        "![x](<java\tscript:alert(1)>)",
        "![x](data:text/html,<script>alert(1)</script>)",
        "![x][r]\n\n[r]: vbscript:msgbox(1)",
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ] {
        for lang in ["lv", "en"] {
            let html = render(md, &untrusted(lang)).html;
            for url in urls(&html) {
                // (`java%09script:` may stay: a browser reads it as relative.)
                let url = url.to_ascii_lowercase();
                assert!(
                    !["javascript:", "vbscript:", "data:"]
                        .iter()
                        .any(|s| url.starts_with(s)),
                    "{md:?} → {html:?}"
                );
            }
        }
    }
    // Safe images and links are untouched (not sent through the sanitiser:
    // pulldown-cmark's `<img … />` stays).
    let html = render(
        "![a](/a.png) ![b](https://example.org/b.png) [c](mailto:a@b.c) [d](#f)",
        &untrusted("lv"),
    )
    .html;
    assert!(html.contains(r#"<img src="/a.png" alt="a" />"#), "{html}");
    assert!(
        html.contains(r#"<img src="https://example.org/b.png" alt="b" />"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="mailto:a@b.c">c</a>"#), "{html}");
    assert!(html.contains(r##"<a href="#f">d</a>"##), "{html}");
}

/// Bug 2 (markdown target): glossary linking matched terms in the
/// lower-cased text and cut the original at the same byte offsets, checking
/// only that the two had the same length. `İ` lower-cases one byte longer
/// and `ẞ` one byte shorter, so with both in a paragraph the offsets of a
/// term between them were shifted: the link took the wrong letters
/// (`rototips `) or, next to a multi-byte character, the build panicked
/// ("byte index 16 is not a char boundary").
#[test]
fn term_links_between_dotted_capital_i_and_capital_sharp_s_do_not_panic() {
    let m = TermMatcher::new(vec![(
        "prototips".into(),
        "prototips".into(),
        "/glosarijs/prototips/".into(),
    )]);
    let s = Settings {
        terms: Some(&m),
        ..untrusted("lv")
    };
    for md in ["İ —prototips— ẞ", "İ prototips ẞ", "ẞ prototips İ —"] {
        let r = render(md, &s);
        // The paragraph is kept whole (not linked: its offsets shift), and
        // never a link around the wrong letters.
        assert!(r.html.contains(md), "{md:?} → {:?}", r.html);
    }
    // Ordinary Latvian text is still linked.
    let r = render("Šis prototips palīdz.", &s);
    assert!(
        r.html
            .contains(r#"<a class="term" href="/glosarijs/prototips/">prototips</a>"#),
        "{}",
        r.html
    );
}

#[path = "serve_support/mod.rs"]
mod serve_support;

/// One raw HTTP/1.1 GET (bytes as given, not encoded); the whole response.
fn raw_get(port: u16, target: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut req = b"GET ".to_vec();
    req.extend_from_slice(target);
    req.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(&req).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
}

/// Bug 3 (serve_path target): the redirect to a folder's slash (`/en` →
/// `/en/`) copied the query string into `Location` byte for byte, control
/// characters and a bare CR included (tiny_http passes them on in the
/// request target): `GET /en?x=<CR>Set-Cookie:a=b` answered with a
/// `Location` header holding a line break — response splitting for any
/// client that ends a header line at a bare CR. Non-ASCII bytes would have
/// made the header invalid, and `serve` unwraps headers.
#[test]
fn a_folder_redirect_percent_encodes_control_characters_of_the_query() {
    let site = serve_support::fixture();
    let s = serve_support::start(site.path(), false);
    for (target, expected) in [
        ("/en?a=1", "/en/?a=1"),
        ("/en?x=\u{1}", "/en/?x=%01"),
        ("/en?x=\rSet-Cookie:a=b", "/en/?x=%0DSet-Cookie:a=b"),
    ] {
        let r = raw_get(s.port(), target.as_bytes());
        let text = String::from_utf8_lossy(&r);
        assert!(!text.contains("\r\nSet-Cookie"), "{target:?}: {text:?}");
        // The HTTP reader of the hardened transport refuses a request
        // target with control characters outright; whatever it lets through
        // to the redirect is percent-encoded there.
        if target.contains(|c: char| c.is_control()) && text.starts_with("HTTP/1.1 400") {
            continue;
        }
        assert!(text.starts_with("HTTP/1.1 301"), "{target:?}: {text:?}");
        let location = text
            .lines()
            .find_map(|l| l.strip_prefix("Location: "))
            .unwrap_or_else(|| panic!("no Location in {text:?}"));
        assert_eq!(location, expected, "{target:?}");
    }
    s.stop();
    // The reply itself (tiny_http refuses raw non-ASCII request lines, but
    // the function takes any target): only visible ASCII in `Location`.
    use inolab::serve::build::{File, SiteMap};
    use inolab::serve::http::{Request, respond};
    let mut site = SiteMap::new();
    site.insert(
        "en/index.html".into(),
        File {
            bytes: std::sync::Arc::from(&b"x"[..]),
            etag: "\"1\"".into(),
        },
    );
    let req = Request {
        method: "GET",
        target: "/en?q=ā\n",
        if_none_match: None,
        range: None,
    };
    let r = respond(&req, Some(&site), "");
    assert_eq!(r.status, 301);
    let location = r.headers.iter().find(|(k, _)| *k == "Location").unwrap();
    assert_eq!(location.1, "/en/?q=%C4%81%0A");
}

/// Bug 4 (serve_path target): the same redirect wrote the decoded path into
/// `Location` as is, so `/%C4%81` (a folder `ā/` with an index page) gave
/// `Location: /ā/` — not ASCII, which tiny_http refuses as a header, and
/// `serve` unwrapped that: the request worker panicked, the connection
/// closed unanswered, and each such request took a worker of the pool down.
#[test]
fn a_redirect_to_a_non_ascii_folder_is_percent_encoded_and_keeps_the_worker() {
    let site = serve_support::fixture();
    serve_support::write(site.path(), "static/ā/index.html", "<p>ā</p>");
    serve_support::write(site.path(), "static/a b/index.html", "<p>a b</p>");
    let s = serve_support::start(site.path(), false);
    for _ in 0..12 {
        let r = serve_support::page(&s, "/%C4%81?q=1");
        assert_eq!(r.status, 301);
        assert_eq!(r.header("location"), Some("/%C4%81/?q=1"));
    }
    let r = serve_support::page(&s, "/a%20b");
    assert_eq!(r.header("location"), Some("/a%20b/"));
    assert_eq!(serve_support::page(&s, "/%C4%81/").status, 200);
    // Every worker is still there.
    for _ in 0..12 {
        assert_eq!(serve_support::page(&s, "/").status, 200);
    }
    s.stop();
}
