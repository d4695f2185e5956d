//! Recall: (1) hand-written queries on the site's real content
//! (tests/search/recall-lv.tsv); (2) every case form of Latvian nouns and
//! adjectives, with and without diacritics, on a generated corpus
//! (search-design §3.5: target ≥ 95 %); (3) generated one-edit typos of
//! real title words (§6.5: top 3 right in ≥ 90 %).

#[path = "search/reader.rs"]
mod reader;
use inolab::search::{Field, SearchDoc, analyze, build_index, fold, tokenize};
use reader::{Options, Reader};
use std::collections::BTreeSet;

#[path = "search/corpus.rs"]
mod corpus;

fn top_urls(r: &Reader, q: &str, n: usize) -> Vec<String> {
    let o = r.search(q, &Options::default());
    o.hits
        .iter()
        .take(n)
        .map(|h| r.fragment(h.doc).url)
        .collect()
}

#[test]
fn hand_written_queries_on_real_content() {
    let docs = corpus::real_content("lv");
    if docs.len() < 20 {
        eprintln!("content/ not found or too small; skipped");
        return;
    }
    let urls: BTreeSet<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    let idx = build_index("lv", &docs);
    let r = Reader::new(&idx);
    let list = include_str!("search/recall-lv.tsv");
    let (mut total, mut ok, mut failures) = (0, 0, vec![]);
    for line in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (q, want) = line.split_once('\t').expect("query<TAB>url");
        if !urls.contains(want) {
            eprintln!("page {want} is gone from content/; query {q:?} skipped");
            continue;
        }
        total += 1;
        let got = top_urls(&r, q, 3);
        if got.iter().any(|u| u == want) {
            ok += 1;
        } else {
            failures.push(format!("{q:?}: want {want}, got {got:?}"));
        }
    }
    eprintln!("real-content recall: {ok}/{total} in the top 3");
    assert!(total >= 40, "only {total} queries could run");
    assert!(
        ok * 100 >= total * 95,
        "{ok}/{total} in the top 3; failures:\n{}",
        failures.join("\n")
    );
}

/// Full paradigms: (lemma, forms). Nouns of declensions I–VI, adjectives
/// (indefinite and definite, both genders).
const PARADIGMS: &[(&str, &str)] = &[
    (
        "projekts",
        "projekts projekta projektam projektu projektā projekti projektiem projektus projektos",
    ),
    (
        "cilvēks",
        "cilvēks cilvēka cilvēkam cilvēku cilvēkā cilvēki cilvēkiem cilvēkus cilvēkos",
    ),
    (
        "ūdensvads",
        "ūdensvads ūdensvada ūdensvadam ūdensvadu ūdensvadā ūdensvadi ūdensvadiem ūdensvadus ūdensvados",
    ),
    (
        "lācis",
        "lācis lāča lācim lāci lācī lāči lāču lāčiem lāčus lāčos",
    ),
    (
        "akmens",
        "akmens akmenim akmeni akmenī akmeņi akmeņu akmeņiem akmeņus akmeņos",
    ),
    (
        "kurmis",
        "kurmis kurmja kurmim kurmi kurmī kurmji kurmju kurmjiem kurmjus kurmjos",
    ),
    ("tirgus", "tirgus tirgum tirgu tirgū tirgi tirgiem tirgos"),
    (
        "pašvaldība",
        "pašvaldība pašvaldības pašvaldībai pašvaldību pašvaldībā pašvaldībām pašvaldībās",
    ),
    (
        "platforma",
        "platforma platformas platformai platformu platformā platformām platformās",
    ),
    (
        "iniciatīva",
        "iniciatīva iniciatīvas iniciatīvai iniciatīvu iniciatīvā iniciatīvām iniciatīvās",
    ),
    ("ziņa", "ziņa ziņas ziņai ziņu ziņā ziņām ziņās"),
    ("egle", "egle egles eglei egli eglē egļu eglēm eglēs"),
    (
        "krāsns",
        "krāsns krāsnij krāsni krāsnī krāsnis krāšņu krāsnīm krāsnīs",
    ),
    ("govs", "govs govij govi govī govis govju govīm govīs"),
    (
        "digitāls",
        "digitāls digitāla digitālam digitālu digitālā digitāli digitāliem digitālus digitālos digitālas digitālai digitālām digitālās digitālais digitālajam digitālo digitālajā digitālie digitālajiem digitālajos digitālajai digitālajām digitālajās",
    ),
    (
        "atvērts",
        "atvērts atvērta atvērtam atvērtu atvērtā atvērti atvērtiem atvērtus atvērtos atvērtas atvērtai atvērtām atvērtās atvērtais atvērtajam atvērto atvērtajā atvērtie atvērtajiem atvērtajos",
    ),
    (
        "zaļš",
        "zaļš zaļa zaļam zaļu zaļā zaļi zaļiem zaļus zaļos zaļas zaļai zaļām zaļās zaļais zaļajam zaļo zaļajā zaļie zaļajiem zaļajos zaļajai zaļajām zaļajās",
    ),
];

fn inflection_corpus() -> Vec<SearchDoc> {
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..400)
        .map(|i| {
            let mut body = String::new();
            for _ in 0..3 {
                let (_, forms) = PARADIGMS[next() % PARADIGMS.len()];
                let forms: Vec<&str> = forms.split(' ').collect();
                body.push_str(forms[next() % forms.len()]);
                body.push_str(" un ");
            }
            SearchDoc {
                url: format!("/d/{i}/"),
                kind: "page".into(),
                lang: "lv".into(),
                title: format!("Dokuments {i}"),
                date: None,
                fields: vec![(Field::Body, body)],
            }
        })
        .collect()
}

#[test]
fn every_case_form_finds_every_page_with_the_word() {
    let docs = inflection_corpus();
    let idx = build_index("lv", &docs);
    let r = Reader::new(&idx);
    for typed_folded in [false, true] {
        let (mut recall_sum, mut precision_sum, mut n) = (0.0, 0.0, 0);
        let mut worst = (1.0, String::new());
        for (lemma, forms) in PARADIGMS {
            let forms: Vec<&str> = forms.split(' ').collect();
            let truth: BTreeSet<String> = docs
                .iter()
                .filter(|d| {
                    tokenize(&d.fields[0].1)
                        .iter()
                        .any(|w| forms.contains(&w.as_str()))
                })
                .map(|d| d.url.clone())
                .collect();
            for f in &forms {
                let q = if typed_folded { fold(f) } else { f.to_string() };
                let got: BTreeSet<String> = top_urls(&r, &q, usize::MAX).into_iter().collect();
                let hit = got.intersection(&truth).count() as f64;
                let recall = hit / truth.len().max(1) as f64;
                recall_sum += recall;
                precision_sum += if got.is_empty() {
                    0.0
                } else {
                    hit / got.len() as f64
                };
                n += 1;
                if recall < worst.0 {
                    worst = (recall, format!("{q} ({lemma})"));
                }
            }
        }
        let (recall, precision) = (recall_sum / n as f64, precision_sum / n as f64);
        eprintln!(
            "inflection recall {:.1} %, precision {:.1} % over {n} queries{}; worst {:.0} % for {}",
            recall * 100.0,
            precision * 100.0,
            if typed_folded {
                " typed without diacritics"
            } else {
                ""
            },
            worst.0 * 100.0,
            worst.1
        );
        assert!(recall >= 0.95, "recall {recall}");
        assert!(precision >= 0.95, "precision {precision}");
    }
}

/// One-edit typos (deletion, insertion, substitution, transposition) at
/// positions ≥ 1 of every title word of ≥ 5 letters.
#[test]
fn one_edit_typos_of_title_words() {
    let docs = corpus::real_content("lv");
    if docs.len() < 20 {
        return;
    }
    let idx = build_index("lv", &docs);
    let r = Reader::new(&idx);
    let mut words: BTreeSet<String> = BTreeSet::new();
    for d in &docs {
        for w in tokenize(&d.title) {
            if w.chars().count() >= 5 && w.chars().all(char::is_alphabetic) {
                words.insert(w);
            }
        }
    }
    let (mut total, mut ok, mut failures) = (0, 0, vec![]);
    for (i, w) in words.iter().enumerate() {
        let c: Vec<char> = w.chars().collect();
        let p = 1 + i % (c.len() - 1);
        let mut t = c.clone();
        match i % 4 {
            0 => {
                t.remove(p);
            }
            1 => t.insert(p, 'a'),
            2 => t[p] = if t[p] == 'e' { 'i' } else { 'e' },
            _ => {
                if p + 1 < t.len() {
                    t.swap(p, p + 1)
                } else {
                    t.swap(p - 1, p)
                }
            }
        }
        let typo: String = t.into_iter().collect();
        let want = analyze("lv", w);
        let got = top_urls(&r, &typo, 3);
        total += 1;
        // right if a top-3 page contains the word that was meant
        let right = got.iter().any(|u| {
            let d = docs.iter().find(|d| &d.url == u).unwrap();
            let mut keys = analyze("lv", &d.title);
            for (_, t) in &d.fields {
                keys.extend(analyze("lv", t));
            }
            want.iter().all(|k| keys.contains(k))
        });
        if right {
            ok += 1;
        } else {
            failures.push(format!("{typo} (for {w})"));
        }
    }
    eprintln!("typo recall: {ok}/{total}; misses: {}", failures.join(", "));
    assert!(total > 50);
    assert!(ok * 100 >= total * 90, "{ok}/{total}");
}
