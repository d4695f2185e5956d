//! Site-wide outputs that are not theme pages: the sitemap with language
//! alternates, robots.txt, Atom feeds per language, open-data exports of
//! every collection (JSON and CSV), the indicators chart, and the search
//! index files. Every function here is pure: model in, bytes out.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::html_escape as esc;
use crate::model::{Entry, Model, SitemapRow};
use crate::records::Site;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// An output file that is not a rendered template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Collections exported as open data, in this order.
pub const EXPORTS: &[&str] = &[
    "sprints",
    "prototypes",
    "institutions",
    "topics",
    "glossary",
    "guidelines",
    "news",
    "pages",
    "funding",
    "indicators",
];

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
/// for the exports ([`crate::records::Body::read`]).
pub fn emit(site: &Site, model: &Model, out: &mut dyn Emit) -> Vec<Diagnostic> {
    let cfg = &site.config;
    out.file(sitemap(cfg, &model.sitemap));
    out.file(robots(cfg));
    for lang in cfg.lang_codes() {
        for f in feeds(cfg, &model.entries, &lang, model) {
            out.file(f);
        }
    }
    exports(site, out)
}

fn absolute(cfg: &Config, url: &str) -> String {
    let base = cfg.base_path();
    let rel = url
        .strip_prefix(base.as_str())
        .unwrap_or(url.trim_start_matches('/'));
    format!("{}/{}", cfg.origin_and_path(), rel)
}

/// `sitemap.xml` with `xhtml:link` alternates for every translated page.
pub fn sitemap(cfg: &Config, pages: &[SitemapRow]) -> OutFile {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut rows: Vec<&SitemapRow> = pages.iter().collect();
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    for p in rows {
        s.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            esc(&absolute(cfg, &p.url))
        ));
        for (l, u) in &p.alternates {
            s.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>\n",
                esc(&absolute(cfg, u))
            ));
        }
        s.push_str("  </url>\n");
    }
    s.push_str("</urlset>\n");
    OutFile {
        path: "sitemap.xml".into(),
        bytes: s.into_bytes(),
    }
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

/// Entries per feed, newest first.
pub const FEED_ITEMS: usize = 50;

/// The collections with a feed (news and sprints).
pub const FEED_COLLECTIONS: [crate::load::Collection; 2] = [
    crate::load::Collection::News,
    crate::load::Collection::Sprints,
];

/// Atom feeds per language: news, and sprints.
fn feeds(cfg: &Config, entries: &[Entry], lang: &str, model: &Model) -> Vec<OutFile> {
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
            esc(&absolute(cfg, feed_url)),
            esc(&absolute(cfg, feed_url)),
            esc(&absolute(cfg, section_url)),
            esc(cfg.localized(&cfg.organisation, lang)),
            esc(&cfg.contact_email),
        );
        for e in items.iter().take(FEED_ITEMS) {
            let date = e.date.clone().unwrap_or_else(|| updated.clone());
            s.push_str(&format!(
                "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
                e.text_lang,
                esc(&e.title),
                esc(&absolute(cfg, &e.url)),
                esc(&absolute(cfg, &e.url)),
                esc(&e.summary),
            ));
        }
        s.push_str("</feed>\n");
        out.push(OutFile {
            path: crate::model::output_path(cfg, feed_url),
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
    let cfg = &site.config;
    let dir = cfg.section("data", &cfg.default_language);
    let unread = std::cell::RefCell::new(Vec::new());
    let texts = |t: &crate::records::Texts| -> Value {
        t.values()
            .map(|x| {
                let body = x.body.read().unwrap_or_else(|e| {
                    unread.borrow_mut().push(crate::model::unread_body(x, e));
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
    let mut table = |name: &str, rows: &mut dyn ExactSizeIterator<Item = Value>| {
        let mut flat: Vec<BTreeMap<String, String>> = Vec::with_capacity(rows.len());
        out.stream(format!("{dir}/{name}.json"), &mut |w| {
            // The bytes of `to_vec_pretty` on the whole list, one row at a time.
            let mut w = io::BufWriter::new(w);
            let mut ser = serde_json::Serializer::with_formatter(
                &mut w,
                serde_json::ser::PrettyFormatter::new(),
            );
            let mut seq = ser.serialize_seq(Some(rows.len()))?;
            for row in &mut *rows {
                seq.serialize_element(&row)?;
                flat.push(flat_row(&row, &langs));
            }
            seq.end()?;
            w.write_all(b"\n")?;
            w.flush()
        });
        out.file(OutFile {
            path: format!("{dir}/{name}.csv"),
            bytes: to_csv(&flat),
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
    unread.into_inner()
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

/// CSV of flattened rows: a column for every cell name, `id` first.
fn to_csv(flat: &[BTreeMap<String, String>]) -> Vec<u8> {
    let mut cols: Vec<String> = Vec::new();
    for m in flat {
        for k in m.keys() {
            if !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    cols.sort_by_key(|c| (c != "id", c.clone()));
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&cols);
    for m in flat {
        let _ = w.write_record(
            cols.iter()
                .map(|c| m.get(c).map(String::as_str).unwrap_or("")),
        );
    }
    w.into_inner().unwrap_or_default()
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

/// A grouped bar chart of the additive indicators per period, as accessible
/// SVG: a title and description, values written on the bars (not colour
/// alone), and the data table beside it as the text alternative.
///
/// Each bar is followed by its "value · label" text. The widest of those
/// texts is measured (see [`text_width`]) and its space reserved on the
/// right, so the longest bar plus its text ends inside the viewBox; the
/// chart only grows wider than [`CHART_W`] when labels leave the bars less
/// than [`CHART_MIN_BAR`] units.
pub fn bar_chart(rows: &[Value], periods: &[Value], title: &str, desc: &str) -> String {
    let series: Vec<&Value> = rows
        .iter()
        .filter(|r| r["kind"] == json!("additive") && r["derived"] != json!(true))
        .collect();
    if series.is_empty() || periods.is_empty() {
        return String::new();
    }
    let value = |r: &Value, pi: usize| r["values"][pi].as_u64().unwrap_or(0);
    let label = |r: &Value| r["label"].as_str().unwrap_or("").to_string();
    let period = |p: &Value| p["label"].as_str().unwrap_or("").to_string();
    let max = series
        .iter()
        .flat_map(|r| (0..periods.len()).map(|pi| value(r, pi)))
        .max()
        .unwrap_or(1)
        .max(1);
    // Space for the texts: the widest "value · label" after a bar, and the
    // widest period heading (which starts at x = 0).
    let text_w = series
        .iter()
        .flat_map(|r| (0..periods.len()).map(move |pi| (r, pi)))
        .map(|(r, pi)| text_width(&format!("{} · {}", value(r, pi), label(r)), VALUE_PX, false))
        .fold(0.0, f64::max)
        .ceil() as u64;
    let period_w = periods
        .iter()
        .map(|p| text_width(&period(p), PERIOD_PX, true))
        .fold(0.0, f64::max)
        .ceil() as u64;
    let (bar_h, gap, text_gap) = (18u64, 8u64, 6u64);
    let reserved = text_gap + text_w + CHART_PAD;
    let width = CHART_W
        .max(CHART_MIN_BAR + reserved)
        .max(period_w + CHART_PAD);
    let bar_max = width - reserved;
    let group_h = series.len() as u64 * bar_h + gap * 2 + 20;
    let height = group_h * periods.len() as u64 + 10;
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    for (pi, p) in periods.iter().enumerate() {
        let y0 = pi as u64 * group_h + 10;
        s.push_str(&format!(
            "<text class=\"chart-period\" x=\"0\" y=\"{}\">{}</text>",
            y0 + 12,
            esc(&period(p))
        ));
        for (si, r) in series.iter().enumerate() {
            let v = value(r, pi);
            let w = v * bar_max / max;
            let y = y0 + 20 + si as u64 * bar_h;
            let l = esc(&label(r));
            s.push_str(&format!(
                "<rect class=\"bar bar-{si}\" x=\"0\" y=\"{y}\" width=\"{w}\" height=\"{}\"><title>{l}: {v}</title></rect><text class=\"chart-value\" x=\"{}\" y=\"{}\">{v} · {l}</text>",
                bar_h - 4,
                w + text_gap,
                y + bar_h - 7,
            ));
        }
    }
    s.push_str("</svg>");
    s
}

/// The chart's usual viewBox width, the least width left to the longest bar,
/// and the margin kept free at the right edge (user units = CSS px).
const CHART_W: u64 = 720;
const CHART_MIN_BAR: u64 = 240;
const CHART_PAD: u64 = 4;
/// Font sizes of `.chart-value` and `.chart-period` in the theme's CSS.
const VALUE_PX: f64 = 12.0;
const PERIOD_PX: f64 = 14.0;

/// An upper estimate of the rendered width of `text` at `px`, from the
/// advance widths of DejaVu Sans (the widest of the common sans-serif fonts
/// the theme's system font stack resolves to; Arial, Helvetica, Segoe UI and
/// Roboto are narrower). Letters with diacritics count as their base letter;
/// unknown characters as a wide letter. Bold adds 12%, and 5% more is kept as
/// a margin.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    use unicode_normalization::UnicodeNormalization;
    let em: f64 = text
        .chars()
        .map(|c| {
            let base = std::iter::once(c).nfd().next().unwrap_or(c);
            char_em(base)
        })
        .sum();
    em * px * if bold { 1.12 } else { 1.0 } * 1.05
}

/// Advance width in em of one character (DejaVu Sans Book, rounded up).
fn char_em(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | '·' | '\'' | '!' | '|' => 0.32,
        ':' | ';' => 0.34,
        'i' | 'j' | 'l' => 0.28,
        'I' | 'J' => 0.30,
        '-' | '(' | ')' | '[' | ']' | '/' => 0.39,
        'f' | 't' => 0.40,
        'r' => 0.42,
        's' | 'z' | 'c' => 0.56,
        '0'..='9' => 0.64,
        'a'..='z' => match c {
            'm' => 0.98,
            'w' => 0.82,
            _ => 0.64,
        },
        'A'..='Z' => match c {
            'M' => 0.87,
            'W' => 0.99,
            'L' | 'F' => 0.58,
            _ => 0.79,
        },
        '–' => 0.50,
        '—' => 1.0,
        '“' | '”' | '„' | '‘' | '’' => 0.42,
        _ => 0.80,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str, attr: &str) -> f64 {
        let at = s.find(&format!(" {attr}=\"")).expect(attr) + attr.len() + 3;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    }

    /// Every `<text>` of the chart: (x, font px, bold, text).
    fn texts(svg: &str) -> Vec<(f64, f64, bool, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let (attrs, rest) = t.split_once('>').unwrap();
                let body = rest.split("</text>").next().unwrap();
                let body = body.replace("&amp;", "&").replace("&quot;", "\"");
                let period = attrs.contains("chart-period");
                let px = if period { PERIOD_PX } else { VALUE_PX };
                (num(&format!(" {attrs}"), "x"), px, period, body)
            })
            .collect()
    }

    fn view_width(svg: &str) -> f64 {
        let at = svg.find("viewBox=\"0 0 ").unwrap() + 13;
        svg[at..].split(' ').next().unwrap().parse().unwrap()
    }

    fn chart(labels: &[&str], values: &[[u64; 3]]) -> String {
        let rows: Vec<Value> = labels
            .iter()
            .zip(values)
            .map(|(l, v)| json!({"kind": "additive", "label": l, "values": v}))
            .collect();
        let periods = [
            json!({"label": "2023 (no maija)"}),
            json!({"label": "2024"}),
            json!({"label": "2025 (līdz jūnijam)"}),
        ];
        bar_chart(&rows, &periods, "T", "D")
    }

    fn assert_fits(svg: &str) {
        let w = view_width(svg);
        for (x, px, bold, t) in texts(svg) {
            let end = x + text_width(&t, px, bold);
            assert!(
                end <= w,
                "{t:?} ends at {end:.0} past the viewBox width {w}"
            );
        }
        for r in svg.split("<rect ").skip(1) {
            let r = format!(" {r}");
            assert!(num(&r, "x") + num(&r, "width") <= w);
        }
    }

    #[test]
    fn labels_of_the_longest_bars_end_inside_the_chart() {
        // The bundled site's longest label on the largest value.
        let svg = chart(
            &[
                "Apmeklējumi inovācijas ekspertu tīkla darbnīcās",
                "Apmeklējumi mācībās",
            ],
            &[[62, 448, 66], [50, 210, 131]],
        );
        assert_fits(&svg);
        assert_eq!(view_width(&svg), CHART_W as f64);
        // The largest value's bar is the longest, and its text follows it.
        assert!(svg.contains("<text class=\"chart-value\""));
        assert!(svg.contains(">448 · Apmeklējumi inovācijas ekspertu tīkla darbnīcās</text>"));
    }

    #[test]
    fn very_long_labels_widen_the_chart_instead_of_overflowing() {
        let long = "Innovation expert network workshop attendances, counted from the sign-in sheets of every event";
        let svg = chart(&[long, "W"], &[[1000, 5, 0], [0, 0, 0]]);
        assert_fits(&svg);
        assert!(view_width(&svg) > CHART_W as f64);
        // Bars keep at least the minimum width.
        assert!(svg.contains(&format!("width=\"{CHART_MIN_BAR}\"")));
    }

    #[test]
    fn text_width_is_an_upper_estimate() {
        // DejaVu Sans 12 px renders "448 · Training attendances" 160 px wide.
        let w = text_width("448 · Training attendances", 12.0, false);
        assert!((158.0..200.0).contains(&w), "{w}");
        assert!(text_width("ā", 12.0, false) == text_width("a", 12.0, false));
        assert!(text_width("WWW", 14.0, true) > text_width("WWW", 14.0, false));
    }

    #[test]
    fn no_additive_rows_means_no_chart() {
        let rows = [json!({"kind": "unique", "label": "x", "values": [1]})];
        assert_eq!(bar_chart(&rows, &[json!({"label": "p"})], "T", "D"), "");
    }
}
