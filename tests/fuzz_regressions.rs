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
