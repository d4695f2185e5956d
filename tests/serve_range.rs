//! `inolab serve` answers single byte ranges (RFC 9110 §14): 206 with
//! `Content-Range` for `a-b`, `a-` and `-n`, 416 for a range past the end,
//! the whole file (200) for several ranges or a malformed one, and ETag,
//! 304 and HEAD as without a range. The search page reads its fragment
//! packs so (src/search/index.rs): 8 bytes of table, then one fragment.

mod serve_support;
use serve_support::*;
use std::io::Read;

const DIGITS: &str = "0123456789";

fn range(port: u16, method: &str, target: &str, spec: &str) -> Response {
    request(port, method, target, &[("Range", spec)]).expect("request")
}

#[test]
fn single_ranges_get_206_with_their_bytes() {
    let site = fixture();
    write(site.path(), "static/data/digits.bin", DIGITS);
    let s = start(site.path(), false);
    let whole = page(&s, "/data/digits.bin");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    let etag = whole.header("etag").expect("ETag").to_string();
    for (spec, body, content_range) in [
        ("bytes=2-5", "2345", "bytes 2-5/10"),
        ("bytes=0-0", "0", "bytes 0-0/10"),
        ("bytes=7-", "789", "bytes 7-9/10"),
        ("bytes=-3", "789", "bytes 7-9/10"),
        // Past the end is cut to the end; a suffix longer than the file is
        // the whole file.
        ("bytes=8-100", "89", "bytes 8-9/10"),
        ("bytes=-50", DIGITS, "bytes 0-9/10"),
    ] {
        let r = range(s.port(), "GET", "/data/digits.bin", spec);
        assert_eq!(r.status, 206, "{spec}");
        assert_eq!(r.text(), body, "{spec}");
        assert_eq!(r.header("content-range"), Some(content_range), "{spec}");
        assert_eq!(
            r.header("content-length"),
            Some(body.len().to_string().as_str()),
            "{spec}"
        );
        assert_eq!(r.header("etag"), Some(etag.as_str()), "{spec}");
        assert_eq!(
            r.header("content-type"),
            Some("application/octet-stream"),
            "{spec}"
        );
    }
    s.stop();
}

#[test]
fn unsatisfiable_ranges_get_416_and_others_the_whole_file() {
    let site = fixture();
    write(site.path(), "static/data/digits.bin", DIGITS);
    let s = start(site.path(), false);
    for spec in ["bytes=10-", "bytes=10-20", "bytes=-0"] {
        let r = range(s.port(), "GET", "/data/digits.bin", spec);
        assert_eq!(r.status, 416, "{spec}");
        assert_eq!(r.header("content-range"), Some("bytes */10"), "{spec}");
        assert!(r.body.is_empty(), "{spec}");
    }
    // Several ranges, a backwards range, another unit, garbage: ignored.
    for spec in [
        "bytes=0-1,4-5",
        "bytes=5-2",
        "lines=1-2",
        "bytes=x-y",
        "bytes",
    ] {
        let r = range(s.port(), "GET", "/data/digits.bin", spec);
        assert_eq!(r.status, 200, "{spec}");
        assert_eq!(r.text(), DIGITS, "{spec}");
        assert_eq!(r.header("content-range"), None, "{spec}");
    }
    // A missing file is a 404 whatever the range.
    let r = range(s.port(), "GET", "/data/none.bin", "bytes=0-1");
    assert_eq!(r.status, 404);
    s.stop();
}

#[test]
fn etag_304_and_head_hold_with_a_range() {
    let site = fixture();
    write(site.path(), "static/data/digits.bin", DIGITS);
    let s = start(site.path(), false);
    let etag = page(&s, "/data/digits.bin")
        .header("etag")
        .unwrap()
        .to_string();
    let r = request(
        s.port(),
        "GET",
        "/data/digits.bin",
        &[("Range", "bytes=0-3"), ("If-None-Match", &etag)],
    )
    .unwrap();
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    let h = range(s.port(), "HEAD", "/data/digits.bin", "bytes=0-3");
    assert_eq!(h.status, 206);
    assert_eq!(h.header("content-length"), Some("4"));
    assert_eq!(h.header("content-range"), Some("bytes 0-3/10"));
    assert!(h.body.is_empty());
    // An HTML page's range is of the page as served (with the reload script).
    let full = page(&s, "/");
    let r = range(s.port(), "GET", "/", "bytes=-20");
    assert_eq!(r.status, 206);
    assert_eq!(r.body, full.body[full.body.len() - 20..]);
    s.stop();
}

#[test]
fn a_search_fragment_is_read_from_its_pack_with_two_ranges() {
    let site = fixture();
    let s = start(site.path(), false);
    let map = s.site().unwrap();
    let manifest = map
        .keys()
        .find(|k| k.starts_with("search-index/lv/manifest-"))
        .expect("a Latvian search manifest")
        .clone();
    let m: serde_json::Value =
        serde_json::from_slice(&page(&s, &format!("/{manifest}")).body).expect("manifest JSON");
    let k = m["fk"].as_u64().expect("fk") as usize;
    let docs = m["docs"].as_u64().unwrap() as usize;
    assert!(docs > 0);
    let mut urls = Vec::new();
    for doc in 0..docs {
        let pack = format!(
            "/search-index/lv/{}{}.bin",
            m["frag"].as_str().unwrap(),
            doc / k
        );
        let j = doc % k;
        let t = range(
            s.port(),
            "GET",
            &pack,
            &format!("bytes={}-{}", 4 * j, 4 * j + 7),
        );
        assert_eq!(t.status, 206);
        assert_eq!(t.body.len(), 8);
        let a = u32::from_le_bytes(t.body[..4].try_into().unwrap());
        let b = u32::from_le_bytes(t.body[4..].try_into().unwrap());
        let f = range(s.port(), "GET", &pack, &format!("bytes={a}-{}", b - 1));
        assert_eq!(f.status, 206);
        assert_eq!(f.body.len() as u32, b - a);
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(&f.body[..])
            .read_to_end(&mut json)
            .expect("a gzip fragment");
        let v: serde_json::Value = serde_json::from_slice(&json).expect("fragment JSON");
        urls.push(v["url"].as_str().unwrap().to_string());
    }
    // Every document's own page, each once.
    let mut distinct = urls.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), docs, "{urls:?}");
    for u in &urls {
        assert_eq!(page(&s, u).status, 200, "{u}");
    }
    s.stop();
}
