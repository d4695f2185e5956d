//! Test corpora shared by the search tests: a few hand-written pages, a
//! synthetic Latvian corpus, and the site's real content (for recall).
#![allow(dead_code)]

use inolab::search::{Field, SearchDoc};
use std::path::Path;

pub fn doc(url: &str, kind: &str, lang: &str, title: &str, fields: &[(Field, &str)]) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        kind: kind.into(),
        lang: lang.into(),
        title: title.into(),
        date: Some("2024-05-01".into()),
        fields: fields.iter().map(|(f, t)| (*f, t.to_string())).collect(),
    }
}

pub fn docs() -> Vec<SearchDoc> {
    vec![
        doc(
            "/lab/sprinti/cilveks-pirmaja-vieta/",
            "sprint",
            "lv",
            "Cilvēks pirmajā vietā",
            &[
                (
                    Field::Summary,
                    "Sprints par to, kā valsts pakalpojumus veidot ap cilvēku dzīves situācijām.",
                ),
                (Field::Meta, "Valsts kanceleja; pakalpojumu dizains"),
                (
                    Field::Body,
                    "Komanda intervēja iedzīvotājus un ierēdņus. Cilvēki stāstīja par e-pakalpojumiem.",
                ),
            ],
        ),
        doc(
            "/lab/sprinti/pasvaldibu-dati/",
            "sprint",
            "lv",
            "Pašvaldību dati",
            &[
                (
                    Field::Summary,
                    "Kā pašvaldības dalās ar atvērtajiem datiem.",
                ),
                (
                    Field::Body,
                    "Sadarbībā ar pašvaldībām izveidojām datu katalogu. Ūdensvads un siltumapgāde.",
                ),
            ],
        ),
        doc(
            "/lab/prototipi/digitala-platforma/",
            "prototype",
            "lv",
            "Digitālā platforma",
            &[
                (
                    Field::Summary,
                    "Prototips: digitāla platforma iesniegumiem.",
                ),
                (
                    Field::Body,
                    "Platformā lietotājs iesniedz iesniegumu un seko tā statusam.",
                ),
            ],
        ),
        doc(
            "/lab/terms/projekts/",
            "term",
            "lv",
            "Projekts",
            &[
                (Field::Term, "projekts; iniciatīva"),
                (Field::Body, "Laika ziņā ierobežots darbs."),
            ],
        ),
        doc(
            "/lab/jaunumi/projektu-skate/",
            "news",
            "lv",
            "Projektu skate",
            &[(
                Field::Body,
                "Skatē rādīja projektus, kas tapa laboratorijā. Projekts par pašvaldību datiem.",
            )],
        ),
        doc(
            "/lab/en/news/laboratory-opens/",
            "news",
            "en",
            "The laboratory opens",
            &[(
                Field::Body,
                "The innovation laboratory is running its first sprints with municipalities.",
            )],
        ),
    ]
}

/// A deterministic pseudo-random Latvian-like corpus, large enough to need
/// many shards.
pub fn synthetic(n: usize) -> Vec<SearchDoc> {
    let stems = [
        "projekt",
        "dokument",
        "pakalpojum",
        "iedzīvotāj",
        "sadarbīb",
        "pārvald",
        "attīstīb",
        "inovācij",
        "laboratorij",
        "risinājum",
        "lietotāj",
        "pētījum",
        "platform",
        "ministrij",
        "ierēdn",
        "kvalitāt",
        "efektivitāt",
        "komand",
        "prototip",
        "sprint",
    ];
    let endings = [
        "s", "a", "am", "u", "ā", "i", "iem", "us", "os", "as", "ai", "ām", "ās", "e", "ēm",
    ];
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let mut body = String::new();
            for _ in 0..120 {
                let s = stems[next() % stems.len()];
                let e = endings[next() % endings.len()];
                body.push_str(&format!("{s}{e} v{}w{} ", next() % 900, next() % 7));
            }
            doc(
                &format!("/lab/p/{i:05}/"),
                ["page", "news", "sprint"][i % 3],
                "lv",
                &format!("Lapa {i} {}", stems[i % stems.len()]),
                &[(Field::Body, &body)],
            )
        })
        .collect()
}

/// The site's Latvian content (content/<section>/*.md without `.en`), read
/// crudely: front matter `key: value` lines, body = the rest. URL =
/// "/<section>/<slug>/", so recall queries can name the expected page.
pub fn real_content(lang: &str) -> Vec<SearchDoc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out = Vec::new();
    for (section, kind) in [
        ("sprints", "sprint"),
        ("prototypes", "prototype"),
        ("glossary", "term"),
        ("news", "news"),
        ("pages", "page"),
        ("guidelines", "chapter"),
    ] {
        let Ok(dir) = std::fs::read_dir(root.join(section)) else {
            continue;
        };
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            let is_en = stem.ends_with(".en");
            if is_en != (lang == "en") {
                continue;
            }
            let slug = stem.trim_end_matches(".en");
            let text = std::fs::read_to_string(&p).unwrap();
            let (front, body) = match text
                .strip_prefix("---\n")
                .and_then(|t| t.split_once("\n---"))
            {
                Some((f, b)) => (f, b),
                None => ("", text.as_str()),
            };
            let get = |k: &str| {
                front.lines().find_map(|l| {
                    l.strip_prefix(k)
                        .and_then(|r| r.strip_prefix(':'))
                        .map(|v| v.trim().trim_matches('"').to_string())
                })
            };
            let title = get("title").or_else(|| get("term")).unwrap_or_default();
            let mut fields = vec![(Field::Body, body.to_string())];
            for k in ["summary", "outcome", "description"] {
                if let Some(v) = get(k) {
                    fields.push((Field::Summary, v));
                }
            }
            if let Some(v) = get("aliases") {
                fields.push((Field::Term, v));
            }
            for k in ["institutions", "topics"] {
                if let Some(v) = get(k) {
                    fields.push((Field::Meta, v.replace('-', " ")));
                }
            }
            out.push(SearchDoc {
                url: format!("/{section}/{slug}/"),
                kind: kind.into(),
                lang: lang.into(),
                title,
                date: get("date").or_else(|| get("start")),
                fields,
            });
        }
    }
    out
}
