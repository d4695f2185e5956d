//! Site-wide outputs that are not theme pages: the sitemap with language
//! alternates, robots.txt, Atom feeds per language, open-data exports of
//! every collection (JSON and CSV), and the search
//! index files. Every function here is pure: model in, bytes out. This
//! stage reads [`crate::derive`] (the model, which feeds exist, URLs);
//! derivation knows nothing of it.

use crate::config::Config;
use crate::derive::{BaseUrl, Entry, FEED_ITEMS, Model, SitemapRow};
use crate::diagnostics::Diagnostic;
use crate::markdown::html_escape as esc;
use crate::records::Site;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

/// An output file that is not a rendered template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where outputs go as they are made, so that a build holds one at a time.
pub trait Emit {
    /// A whole file.
    fn file(&mut self, f: OutFile);
    /// A file written in pieces by `write` (the big exports).
    fn stream(&mut self, path: String, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>);
}

/// Collects every output in memory (`serve`, tests).
impl Emit for Vec<OutFile> {
    fn file(&mut self, f: OutFile) {
        self.push(f);
    }
    fn stream(&mut self, path: String, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) {
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = write(&mut bytes);
        self.push(OutFile { path, bytes });
    }
}

/// All non-template outputs of the site.
pub fn build(site: &Site, model: &Model) -> Vec<OutFile> {
    let mut out = Vec::new();
    emit(site, model, &mut out);
    out
}

/// All non-template outputs of the site, each handed to `out` as soon as
/// it is made. The diagnostics are bodies that could not be read again
/// for the exports ([`crate::load::Body::read`]).
pub fn emit(site: &Site, model: &Model, out: &mut dyn Emit) -> Vec<Diagnostic> {
    emit_unless(site, model, out, &|| false).unwrap_or_default()
}

/// [`emit`], giving up between files when `stop` says so (`serve`: a save
/// during a rebuild; the exports alone are a second at 10,000 records).
/// `None`: stopped, and what was emitted is incomplete.
pub fn emit_unless(
    site: &Site,
    model: &Model,
    out: &mut dyn Emit,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    let mut diags = emit_derived_unless(site, model, out, stop)?;
    diags.extend(exports_unless(site, out, stop)?);
    Some(diags)
}

/// [`emit_unless`] but the exports: what needs the derived model
/// (sitemaps, feeds, media). A build makes the exports, which need only
/// the site, while its pages render ([`exports_unless`]).
pub fn emit_derived_unless(
    site: &Site,
    model: &Model,
    out: &mut dyn Emit,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    let cfg = &site.config;
    sitemaps(cfg, &model.sitemap, SITEMAP_MAX_URLS, out);
    out.file(robots(cfg));
    if let Some(f) = brand_css(cfg) {
        out.file(f);
    }
    for lang in cfg.lang_codes() {
        if stop() {
            return None;
        }
        for f in feeds(cfg, &model.entries, &lang, model) {
            out.file(f);
        }
    }
    if let Some(f) = redirects_file(site) {
        out.file(f);
    }
    Some(media(cfg, model, out))
}

/// `_redirects` (the format Netlify and Cloudflare Pages read): one
/// `old new 301` line per `old_urls` entry, so that hosts that read it
/// answer with a real redirect; others serve the redirect pages. `None`
/// when the site has no old URLs.
pub fn redirects_file(site: &Site) -> Option<OutFile> {
    let lines: String = crate::derive::redirects(site)
        .iter()
        .map(|r| format!("{} {} 301\n", r.from, r.to))
        .collect();
    (!lines.is_empty()).then(|| OutFile {
        path: "_redirects".into(),
        bytes: lines.into_bytes(),
    })
}

/// Copies the media files bodies use beside the pages that show them.
fn media(cfg: &Config, model: &Model, out: &mut dyn Emit) -> Vec<Diagnostic> {
    let base = BaseUrl::new(cfg);
    let mut diags = Vec::new();
    for m in &model.media {
        match std::fs::read(&m.from) {
            Ok(bytes) => out.file(OutFile {
                path: base.output_path(&m.url),
                bytes,
            }),
            Err(e) => diags.push(
                Diagnostic::error(
                    crate::diagnostics::Kind::Io,
                    crate::diagnostics::display_path(&cfg.root, &m.from),
                    format!("cannot copy this media file into the output: {e}"),
                )
                .hint("a file was removed or made unreadable while the site was being built; build again"),
            ),
        }
    }
    diags
}

/// The most URLs one sitemap file may list: the sitemaps.org protocol
/// allows 50,000 URLs and 50 MB per file, and search engines reject a
/// longer one whole. (A URL with its alternates takes a few hundred bytes,
/// so the URL limit is reached long before the byte limit; the bytes are
/// checked too.)
pub const SITEMAP_MAX_URLS: usize = 50_000;
const SITEMAP_MAX_BYTES: usize = 50 * 1000 * 1000;

/// `sitemap.xml` with `xhtml:link` alternates for every translated page.
/// A site with more pages than one sitemap may list (50,000 records make
/// about 190,000) gets `sitemap-1.xml`, `sitemap-2.xml`, … of at most
/// `max_urls` URLs each, and `sitemap.xml` becomes their sitemap index, so
/// `robots.txt` and anyone who knew the old address still find it.
///
/// Each file is written as it is made, entry by entry: the whole text
/// of every sitemap at once (and again as the list of its entries) was
/// ~25 MB at 10,000 records and ~120 MB at 50,000, at the end of the
/// build when everything else is still held.
pub fn sitemaps(cfg: &Config, pages: &[SitemapRow], max_urls: usize, out: &mut dyn Emit) {
    let base = BaseUrl::new(cfg);
    let mut rows: Vec<&SitemapRow> = pages.iter().collect();
    rows.sort_by_cached_key(|r| base.output_path(r.url()));
    let mut entry = String::new();
    let lens: Vec<usize> = rows
        .iter()
        .map(|p| {
            sitemap_entry(&base, p, &mut entry);
            entry.len()
        })
        .collect();
    let parts = sitemap_parts(&lens, max_urls);
    if let [whole] = &parts[..] {
        urlset(out, &base, "sitemap.xml".into(), &rows[whole.clone()]);
        return;
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts.len() {
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            esc(&base.absolute(&format!("/sitemap-{n}.xml")))
        ));
    }
    index.push_str("</sitemapindex>\n");
    out.file(OutFile {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    for (n, range) in parts.into_iter().enumerate() {
        urlset(out, &base, format!("sitemap-{}.xml", n + 1), &rows[range]);
    }
}

/// One sitemap file listing `rows`, written entry by entry.
fn urlset(out: &mut dyn Emit, base: &BaseUrl, path: String, rows: &[&SitemapRow]) {
    out.stream(path, &mut |w| {
        let mut w = io::BufWriter::with_capacity(1 << 16, w);
        w.write_all(URLSET_OPEN.as_bytes())?;
        let mut entry = String::new();
        for p in rows {
            sitemap_entry(base, p, &mut entry);
            w.write_all(entry.as_bytes())?;
        }
        w.write_all(URLSET_CLOSE.as_bytes())?;
        w.flush()
    });
}

/// Where the sitemap is cut, given each entry's length: in order, each
/// part as long as both limits allow (one part when everything fits).
fn sitemap_parts(lens: &[usize], max_urls: usize) -> Vec<std::ops::Range<usize>> {
    let mut prefix = Vec::with_capacity(lens.len() + 1);
    prefix.push(0usize);
    for l in lens {
        prefix.push(prefix.last().copied().unwrap_or(0) + l);
    }
    let fits = |r: &std::ops::Range<usize>| {
        r.len() <= max_urls
            && URLSET_OPEN.len() + URLSET_CLOSE.len() + prefix[r.end] - prefix[r.start]
                <= SITEMAP_MAX_BYTES
    };
    let whole = 0..lens.len();
    if fits(&whole) {
        return vec![whole];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    while start < lens.len() {
        let mut end = (start + max_urls.max(1)).min(lens.len());
        while end > start + 1 && !fits(&(start..end)) {
            end -= 1;
        }
        parts.push(start..end);
        start = end;
    }
    parts
}

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// One page's `<url>` element, into `s` (cleared first).
fn sitemap_entry(base: &BaseUrl, p: &SitemapRow, s: &mut String) {
    use std::fmt::Write as _;
    s.clear();
    // Writing into a String cannot fail.
    let _ = write!(
        s,
        "  <url>\n    <loc>{}</loc>\n",
        esc(&base.absolute(p.url()))
    );
    for (l, u) in p.alternates() {
        let _ = writeln!(
            s,
            "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>",
            esc(&base.absolute(u))
        );
    }
    s.push_str("  </url>\n");
}

/// `assets/css/brand.css` when `site.yaml` sets `brand.color` (already
/// checked for contrast when the config was parsed): the theme's colour
/// variables from that colour, so a lab rebrands without inline styles.
fn brand_css(cfg: &Config) -> Option<OutFile> {
    let rgb = crate::brand::Rgb::parse(cfg.brand.color.as_deref()?)?;
    Some(OutFile {
        path: "assets/css/brand.css".into(),
        bytes: crate::brand::Palette::from_primary(rgb).css().into_bytes(),
    })
}

fn robots(cfg: &Config) -> OutFile {
    OutFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            cfg.origin_and_path()
        )
        .into_bytes(),
    }
}

/// Atom feeds per language: news, and sprints.
fn feeds(cfg: &Config, entries: &[Entry], lang: &str, model: &Model) -> Vec<OutFile> {
    let base = BaseUrl::new(cfg);
    let g = &model.globals[lang];
    let title = g["site"]["title"].as_str().unwrap_or("");
    let mut out = Vec::new();
    for (collection, url_key, label) in [
        ("news", "feed_news", "news"),
        ("sprints", "feed_sprints", "sprints"),
    ] {
        let mut items: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.collection == collection && e.lang == lang)
            .collect();
        items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        let feed_url = g["urls"][url_key].as_str().unwrap_or("");
        let section_url = g["urls"][collection].as_str().unwrap_or("");
        let updated = items
            .iter()
            .filter_map(|e| e.date.clone())
            .max()
            .unwrap_or_else(|| "2000-01-01".into());
        let mut s = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{} — {}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name><email>{}</email></author>\n",
            esc(title),
            esc(&model.globals[lang]["feed_titles"][label]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| label.to_string())),
            esc(&base.absolute(feed_url)),
            esc(&base.absolute(feed_url)),
            esc(&base.absolute(section_url)),
            esc(cfg.localized(&cfg.organisation, lang)),
            esc(&cfg.contact_email),
        );
        for e in items.iter().take(FEED_ITEMS) {
            let date = e.date.clone().unwrap_or_else(|| updated.clone());
            s.push_str(&format!(
                "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
                e.text_lang,
                esc(&e.title),
                esc(&base.absolute(&e.url)),
                esc(&base.absolute(&e.url)),
                esc(&e.summary),
            ));
        }
        s.push_str("</feed>\n");
        out.push(OutFile {
            path: base.output_path(feed_url),
            bytes: s.into_bytes(),
        });
    }
    out
}

/// Open data: every collection as JSON (all languages) and CSV (one row per
/// record). Each JSON file is written row by row as the rows are made, and
/// only the CSV columns (no bodies) are kept for the CSV after it: holding
/// the rows, then the JSON, of 50 000 sprints was a gigabyte.
pub fn exports(site: &Site, out: &mut dyn Emit) -> Vec<Diagnostic> {
    exports_unless(site, out, &|| false).unwrap_or_default()
}

/// [`exports`], looking at `stop` before each table; `None`: stopped.
pub fn exports_unless(
    site: &Site,
    out: &mut dyn Emit,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    let cfg = &site.config;
    let dir = cfg.section("data", &cfg.default_language);
    let unread = std::cell::RefCell::new(Vec::new());
    let texts = |t: &crate::records::Texts| -> Value {
        t.values()
            .map(|x| {
                let body = x.body.read().unwrap_or_else(|e| {
                    unread.borrow_mut().push(crate::derive::unread_body(x, e));
                    Default::default()
                });
                (
                    x.lang.clone(),
                    json!({"title": x.title, "summary": x.summary, "outcome": x.outcome, "aliases": x.aliases, "editor_note": x.editor_note, "body_markdown": body.trim()}),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let langs = cfg.lang_codes();
    let stopped = std::cell::Cell::new(false);
    let mut table = |name: &str, rows: &mut dyn ExactSizeIterator<Item = Value>| {
        if stopped.get() || stop() {
            stopped.set(true);
            return;
        }
        let mut flat = FlatRows::default();
        out.stream(format!("{dir}/{name}.json"), &mut |w| {
            // The bytes of `to_vec_pretty` on the whole list, one row at a time.
            let mut w = io::BufWriter::new(w);
            let mut ser = serde_json::Serializer::with_formatter(
                &mut w,
                serde_json::ser::PrettyFormatter::new(),
            );
            let mut seq = ser.serialize_seq(Some(rows.len()))?;
            for (n, row) in (&mut *rows).enumerate() {
                if n % 512 == 511 && stop() {
                    stopped.set(true);
                    break;
                }
                seq.serialize_element(&row)?;
                flat.push(flat_row(&row, &langs));
            }
            seq.end()?;
            w.write_all(b"\n")?;
            w.flush()
        });
        out.file(OutFile {
            path: format!("{dir}/{name}.csv"),
            bytes: flat.to_csv(),
        });
    };
    table("sprints", &mut site.sprints.iter().map(|r| json!({
        "id": r.slug, "status": r.data.status.as_str(), "start": r.data.start.map(|d| d.to_string()), "end": r.data.end.map(|d| d.to_string()),
        "year": r.data.year, "participants": r.data.participants, "institutions": r.data.institutions, "partners": r.data.partners,
        "results": r.data.results.iter().map(|x| x.as_str()).collect::<Vec<_>>(), "topics": r.data.topics, "prototypes": r.data.prototypes,
        "funding": r.data.funding, "text": texts(&r.texts)})));
    table("prototypes", &mut site.prototypes.iter().map(|r| json!({"id": r.slug, "sprint": r.data.sprint, "kind": r.data.kind.as_str(), "stage": r.data.stage.as_str(), "text": texts(&r.texts)})));
    table("institutions", &mut site.institutions.iter().map(|(id, i)| json!({"id": id, "kind": i.kind.as_str(), "website": i.website, "name": i.name})));
    table(
        "topics",
        &mut site
            .topics
            .iter()
            .map(|(id, l)| json!({"id": id, "label": l})),
    );
    table(
        "glossary",
        &mut site
            .glossary
            .iter()
            .map(|r| json!({"id": r.slug, "related": r.data.related, "text": texts(&r.texts)})),
    );
    table(
        "guidelines",
        &mut site
            .guidelines
            .iter()
            .map(|r| json!({"id": r.slug, "chapter": r.data.order, "text": texts(&r.texts)})),
    );
    table(
        "news",
        &mut site.news.iter().map(
            |r| json!({"id": r.slug, "date": r.data.date.to_string(), "text": texts(&r.texts)}),
        ),
    );
    table(
        "pages",
        &mut site
            .pages
            .iter()
            .map(|r| json!({"id": r.slug, "text": texts(&r.texts)})),
    );
    table(
        "funding",
        &mut site.funding.iter().map(|(id, f)| {
            let mut v = json!(f);
            v["id"] = json!(id);
            v
        }),
    );
    table("indicators", &mut site.indicators.indicators.iter().map(|i| json!({"id": i.id, "kind": i.kind.as_str(), "label": i.label, "values": i.values, "total": match i.kind { crate::records::IndicatorKind::Additive => i.values.values().sum::<u64>(), crate::records::IndicatorKind::Unique => i.total.unwrap_or(0) }})));
    (!stopped.get()).then(|| unread.into_inner())
}

/// One JSON row as CSV cells: lists joined with `;`, texts as `field_lang`
/// (bodies left out).
fn flat_row(row: &Value, langs: &[String]) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some(o) = row.as_object() {
        for (k, v) in o {
            flatten(k, v, langs, &mut m);
        }
    }
    m
}

/// A table's rows, flattened for its CSV, held until every row has been
/// seen (the columns are every cell name of every row). Cell names are
/// kept once, as numbers: a map of names per row was a tenth of a
/// 50,000-record build's memory while the exports were written.
#[derive(Default)]
struct FlatRows {
    numbers: HashMap<String, u32>,
    rows: Vec<Vec<(u32, Box<str>)>>,
}

impl FlatRows {
    fn push(&mut self, row: BTreeMap<String, String>) {
        let cells = row
            .into_iter()
            .map(|(name, value)| {
                let next = self.numbers.len() as u32;
                (
                    *self.numbers.entry(name).or_insert(next),
                    value.into_boxed_str(),
                )
            })
            .collect();
        self.rows.push(cells);
    }

    /// CSV of the rows: a column for every cell name, `id` first.
    fn to_csv(&self) -> Vec<u8> {
        let mut cols: Vec<(&str, u32)> = self
            .numbers
            .iter()
            .map(|(name, n)| (name.as_str(), *n))
            .collect();
        cols.sort_by_key(|c| (c.0 != "id", c.0));
        // Column position of each cell number.
        let mut at = vec![0; cols.len()];
        for (i, (_, n)) in cols.iter().enumerate() {
            at[*n as usize] = i;
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(cols.iter().map(|c| c.0));
        let mut line: Vec<&str> = vec![""; cols.len()];
        for row in &self.rows {
            line.iter_mut().for_each(|c| *c = "");
            for (n, value) in row {
                line[at[*n as usize]] = value;
            }
            let _ = w.write_record(&line);
        }
        w.into_inner().unwrap_or_default()
    }
}

fn flatten(key: &str, v: &Value, langs: &[String], out: &mut BTreeMap<String, String>) {
    match v {
        Value::Null => {}
        Value::String(s) => {
            out.insert(key.to_string(), csv_text(s));
        }
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect();
            out.insert(key.to_string(), csv_text(&parts.join(";")));
        }
        Value::Object(o) => {
            for (k, x) in o {
                let name = if key == "text" {
                    k.clone()
                } else {
                    format!("{key}_{k}")
                };
                // text: {lv: {title…}} → title_lv
                if key == "text" && langs.contains(k) {
                    if let Some(inner) = x.as_object() {
                        for (f, y) in inner {
                            if f != "body_markdown" {
                                flatten(&format!("{f}_{k}"), y, langs, out);
                            }
                        }
                    }
                } else {
                    flatten(&name, x, langs, out);
                }
            }
        }
        other => {
            out.insert(key.to_string(), other.to_string());
        }
    }
}

/// A text cell as a spreadsheet will read it safely. A cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula
/// by Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` can leak data
/// or lure a reader), so it gets a leading `'`, as OWASP's CSV injection
/// guidance recommends. Numbers are written as numbers and left alone;
/// the JSON exports always carry the text unchanged.
pub fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/site.yaml"))
            .expect("site.yaml");
        let yaml = yaml.replace("https://inovacija.example/", "https://example.org/lab/");
        Config::parse(&yaml, "site.yaml").expect("bundled site.yaml parses")
    }

    fn rows(n: usize) -> Vec<SitemapRow> {
        (0..n)
            .map(|i| {
                SitemapRow::new(
                    &format!("/lab/p{i:03}/"),
                    [("en", format!("/lab/en/p{i:03}/").as_str())],
                )
            })
            .collect()
    }

    fn text(f: &OutFile) -> &str {
        std::str::from_utf8(&f.bytes).unwrap()
    }

    #[test]
    fn a_site_within_the_limit_has_one_sitemap() {
        let mut files = Vec::new();
        sitemaps(&config(), &rows(5), 5, &mut files);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "sitemap.xml");
        assert!(text(&files[0]).contains("<urlset"));
        assert_eq!(text(&files[0]).matches("<url>").count(), 5);
    }

    #[test]
    fn a_longer_site_gets_a_sitemap_index_and_parts_within_the_limit() {
        let mut files = Vec::new();
        sitemaps(&config(), &rows(12), 5, &mut files);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = text(&files[0]);
        assert!(index.contains("<sitemapindex"), "{index}");
        for part in 1..=3 {
            assert!(index.contains(&format!(
                "<loc>https://example.org/lab/sitemap-{part}.xml</loc>"
            )));
        }
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|f| text(f).matches("<url>").count())
            .collect();
        assert_eq!(counts, [5, 5, 2]);
        // Every URL once, in path order, alternates kept.
        let all: String = files[1..].iter().map(text).collect();
        for i in 0..12 {
            assert_eq!(
                all.matches(&format!("<loc>https://example.org/lab/p{i:03}/</loc>"))
                    .count(),
                1
            );
        }
        assert!(all.contains("hreflang=\"en\" href=\"https://example.org/lab/en/p011/\""));
    }
}
