//! Site-wide outputs that are not theme pages: the sitemap with language
//! alternates, robots.txt, Atom feeds per language, open-data exports of
//! every collection (JSON and CSV), the indicators chart, and the search
//! index files. Every function here is pure: model in, bytes out.

use crate::config::Config;
use crate::markdown::html_escape as esc;
use crate::model::{Entry, Model, PageJob};
use crate::records::Site;
use serde_json::{Value, json};
use std::collections::BTreeMap;

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

/// All non-template outputs of the site.
pub fn build(site: &Site, model: &Model) -> Vec<OutFile> {
    let cfg = &site.config;
    let mut out = vec![sitemap(cfg, &model.pages), robots(cfg)];
    for lang in cfg.lang_codes() {
        out.extend(feeds(cfg, &model.entries, &lang, model));
    }
    out.extend(exports(site));
    out
}

fn absolute(cfg: &Config, url: &str) -> String {
    let base = cfg.base_path();
    let rel = url
        .strip_prefix(base.as_str())
        .unwrap_or(url.trim_start_matches('/'));
    format!("{}/{}", cfg.origin_and_path(), rel)
}

/// `sitemap.xml` with `xhtml:link` alternates for every translated page.
pub fn sitemap(cfg: &Config, pages: &[PageJob]) -> OutFile {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut rows: Vec<&PageJob> = pages
        .iter()
        .filter(|p| p.context["page"]["noindex"] != json!(true))
        .collect();
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    for p in rows {
        let url = p.context["page"]["url"].as_str().unwrap_or("");
        s.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            esc(&absolute(cfg, url))
        ));
        if let Some(alts) = p.context["page"]["alternates"].as_array() {
            for a in alts {
                if let (Some(l), Some(u)) = (a["lang"].as_str(), a["url"].as_str()) {
                    s.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>\n",
                        esc(&absolute(cfg, u))
                    ));
                }
            }
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
        for e in items.iter().take(50) {
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

/// Open data: every collection as JSON (all languages) and CSV (one row per record).
pub fn exports(site: &Site) -> Vec<OutFile> {
    let cfg = &site.config;
    let dir = cfg.section("data", &cfg.default_language);
    let texts = |t: &BTreeMap<String, crate::records::Text>| -> Value {
        t.iter()
            .map(|(l, x)| {
                (
                    l.clone(),
                    json!({"title": x.title, "summary": x.summary, "outcome": x.outcome, "aliases": x.aliases, "editor_note": x.editor_note, "body_markdown": x.body.trim()}),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let mut tables: Vec<(&str, Vec<Value>)> = Vec::new();
    tables.push(("sprints", site.sprints.iter().map(|r| json!({
        "id": r.slug, "status": r.data.status.as_str(), "start": r.data.start.map(|d| d.to_string()), "end": r.data.end.map(|d| d.to_string()),
        "year": r.data.year, "participants": r.data.participants, "institutions": r.data.institutions, "partners": r.data.partners,
        "results": r.data.results.iter().map(|x| x.as_str()).collect::<Vec<_>>(), "topics": r.data.topics, "prototypes": r.data.prototypes,
        "funding": r.data.funding, "text": texts(&r.texts)})).collect()));
    tables.push(("prototypes", site.prototypes.iter().map(|r| json!({"id": r.slug, "sprint": r.data.sprint, "kind": r.data.kind.as_str(), "stage": r.data.stage.as_str(), "text": texts(&r.texts)})).collect()));
    tables.push(("institutions", site.institutions.iter().map(|(id, i)| json!({"id": id, "kind": i.kind.as_str(), "website": i.website, "name": i.name})).collect()));
    tables.push((
        "topics",
        site.topics
            .iter()
            .map(|(id, l)| json!({"id": id, "label": l}))
            .collect(),
    ));
    tables.push((
        "glossary",
        site.glossary
            .iter()
            .map(|r| json!({"id": r.slug, "related": r.data.related, "text": texts(&r.texts)}))
            .collect(),
    ));
    tables.push((
        "guidelines",
        site.guidelines
            .iter()
            .map(|r| json!({"id": r.slug, "chapter": r.data.order, "text": texts(&r.texts)}))
            .collect(),
    ));
    tables.push((
        "news",
        site.news
            .iter()
            .map(
                |r| json!({"id": r.slug, "date": r.data.date.to_string(), "text": texts(&r.texts)}),
            )
            .collect(),
    ));
    tables.push((
        "pages",
        site.pages
            .iter()
            .map(|r| json!({"id": r.slug, "text": texts(&r.texts)}))
            .collect(),
    ));
    tables.push((
        "funding",
        site.funding
            .iter()
            .map(|(id, f)| {
                let mut v = json!(f);
                v["id"] = json!(id);
                v
            })
            .collect(),
    ));
    tables.push(("indicators", site.indicators.indicators.iter().map(|i| json!({"id": i.id, "kind": i.kind.as_str(), "label": i.label, "values": i.values, "total": match i.kind { crate::records::IndicatorKind::Additive => i.values.values().sum::<u64>(), crate::records::IndicatorKind::Unique => i.total.unwrap_or(0) }})).collect()));
    let mut out = Vec::new();
    for (name, rows) in tables {
        let mut json_bytes = serde_json::to_vec_pretty(&rows).unwrap_or_default();
        json_bytes.push(b'\n');
        out.push(OutFile {
            path: format!("{dir}/{name}.json"),
            bytes: json_bytes,
        });
        out.push(OutFile {
            path: format!("{dir}/{name}.csv"),
            bytes: to_csv(&rows, &cfg.lang_codes()),
        });
    }
    out
}

/// Flattens JSON rows into CSV: lists joined with `;`, texts as `field_lang`.
fn to_csv(rows: &[Value], langs: &[String]) -> Vec<u8> {
    let mut cols: Vec<String> = Vec::new();
    let flat: Vec<BTreeMap<String, String>> = rows
        .iter()
        .map(|r| {
            let mut m = BTreeMap::new();
            if let Some(o) = r.as_object() {
                for (k, v) in o {
                    flatten(k, v, langs, &mut m);
                }
            }
            m
        })
        .collect();
    for m in &flat {
        for k in m.keys() {
            if !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    cols.sort_by_key(|c| (c != "id", c.clone()));
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&cols);
    for m in &flat {
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
            out.insert(key.to_string(), s.clone());
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
            out.insert(key.to_string(), parts.join(";"));
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

/// A grouped bar chart of the additive indicators per period, as accessible
/// SVG: a title and description, values written on the bars (not colour
/// alone), and the data table beside it as the text alternative.
pub fn bar_chart(rows: &[Value], periods: &[Value], title: &str, desc: &str) -> String {
    let series: Vec<&Value> = rows
        .iter()
        .filter(|r| r["kind"] == json!("additive") && r["derived"] != json!(true))
        .collect();
    if series.is_empty() || periods.is_empty() {
        return String::new();
    }
    let max = series
        .iter()
        .flat_map(|r| r["values"].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_u64())
        .max()
        .unwrap_or(1)
        .max(1);
    let (bar_h, gap, label_w, chart_w) = (18u64, 8u64, 0u64, 560u64);
    let group_h = series.len() as u64 * bar_h + gap * 2 + 20;
    let height = group_h * periods.len() as u64 + 10;
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 {} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        chart_w + 80,
        esc(title),
        esc(desc)
    );
    for (pi, p) in periods.iter().enumerate() {
        let y0 = pi as u64 * group_h + 10;
        s.push_str(&format!(
            "<text class=\"chart-period\" x=\"0\" y=\"{}\">{}</text>",
            y0 + 12,
            esc(p["label"].as_str().unwrap_or(""))
        ));
        for (si, r) in series.iter().enumerate() {
            let v = r["values"][pi].as_u64().unwrap_or(0);
            let w = v * chart_w / max;
            let y = y0 + 20 + si as u64 * bar_h;
            s.push_str(&format!(
                "<rect class=\"bar bar-{si}\" x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{}\"><title>{}: {v}</title></rect><text class=\"chart-value\" x=\"{}\" y=\"{}\">{v} · {}</text>",
                bar_h - 4,
                esc(r["label"].as_str().unwrap_or("")),
                w + 6,
                y + bar_h - 7,
                esc(r["label"].as_str().unwrap_or(""))
            ));
        }
    }
    s.push_str("</svg>");
    s
}
