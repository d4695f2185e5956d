//! Long lists are split into pages (issue 23: no HTML page over 1 MB at
//! 50,000 records): the prototype list, the glossary, a glossary term's
//! back-links and a funding entry's sprints. Every item appears exactly once across the
//! pages, the pages link to each other, and each is in the sitemap.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// The bundled site copied into a temp folder, with `per_page` set.
fn bundled_copy(per_page: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "themes", "static"] {
        if repo.join(d).is_dir() {
            common::copy_tree(&repo.join(d), &dir.path().join(d));
        }
    }
    let yaml = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    assert!(
        yaml.contains("per_page: 30"),
        "the bundled site.yaml sets per_page: 30"
    );
    std::fs::write(
        dir.path().join("site.yaml"),
        yaml.replace("per_page: 30", &format!("per_page: {per_page}")),
    )
    .expect("write");
    dir
}

fn build(root: &Path) -> BTreeMap<String, String> {
    let out = common::run(root, None);
    let errors: Vec<String> = out
        .diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(errors.is_empty(), "build failed: {errors:#?}");
    out.files
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// The list pages of `first` (`prototipi/index.html`): the first and every
/// `…/lapa/N/index.html` after it, in order.
fn pages_of<'f>(files: &'f BTreeMap<String, String>, first: &'f str) -> Vec<(&'f str, &'f str)> {
    let dir = first.trim_end_matches("index.html");
    let mut pages = vec![(
        first,
        files.get(first).map(String::as_str).expect("first page"),
    )];
    for n in 2.. {
        let p = format!("{dir}lapa/{n}/index.html");
        match files.get_key_value(&p) {
            Some((k, v)) => pages.push((k.as_str(), v.as_str())),
            None => break,
        }
    }
    pages
}

fn hrefs_matching<'h>(html: &'h str, prefix: &str) -> Vec<&'h str> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .filter(|h| h.starts_with(prefix))
        .collect()
}

#[test]
fn the_prototype_list_is_paginated_and_its_stage_links_lead_to_the_right_page() {
    let site = bundled_copy(2);
    let files = build(site.path());
    let protos = std::fs::read_dir(site.path().join("content/prototypes"))
        .expect("prototypes")
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".md") && !n.ends_with(".en.md")
        })
        .count();
    assert!(
        protos > 4,
        "the bundled site has {protos} prototypes; the test needs more than two pages"
    );
    let pages = pages_of(&files, "prototipi/index.html");
    assert_eq!(pages.len(), protos.div_ceil(2), "2 prototypes per page");
    let mut seen: Vec<&str> = Vec::new();
    for (path, html) in &pages {
        let cards: Vec<&str> = hrefs_matching(html, "/prototipi/")
            .into_iter()
            .filter(|h| !h.contains("lapa/") && !h.contains('#') && *h != "/prototipi/")
            .collect();
        assert!(
            !cards.is_empty() && cards.len() <= 2 * 2,
            "{path}: {cards:?}"
        );
        seen.extend(cards);
        assert!(
            html.contains("class=\"pagination\""),
            "{path} has page links"
        );
        assert!(
            files["sitemap.xml"].contains(&format!("/{}", path.trim_end_matches("index.html"))),
            "{path} is in the sitemap"
        );
        // Each stage link names a page whose list has that stage's heading.
        for href in hrefs_matching(html, "")
            .into_iter()
            .filter(|h| h.contains("#stage-"))
        {
            let (page, stage) = href.split_once('#').expect("fragment");
            let target = if page.is_empty() {
                path.to_string()
            } else {
                format!("{}index.html", page.trim_start_matches('/'))
            };
            assert!(
                files[&target].contains(&format!("id=\"{stage}\"")),
                "{path}: {href} leads to a page without #{stage}"
            );
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        protos,
        "every prototype is on exactly one list page"
    );
}

#[test]
fn a_term_used_by_many_records_lists_its_back_links_over_several_pages() {
    let site = bundled_copy(30);
    let news = site.path().join("content/news");
    for i in 0..520 {
        std::fs::write(
            news.join(format!("zina-{i:03}.md")),
            format!("---\ntitle: Ziņa {i:03}\nsummary: Īsa ziņa.\ndate: 2024-01-01\n---\nŠajā ziņā minēts prototips.\n"),
        )
        .expect("write news");
    }
    let files = build(site.path());
    let pages = pages_of(&files, "terminu-vardnica/prototips/index.html");
    assert_eq!(
        pages.len(),
        2,
        "more than 500 back-links make a second page"
    );
    let mut linked: Vec<&str> = Vec::new();
    for (path, html) in &pages {
        linked.extend(hrefs_matching(html, "/jaunumi/zina-"));
        assert!(
            html.contains("class=\"pagination\""),
            "{path} links its pages"
        );
    }
    let n = linked.len();
    linked.sort();
    linked.dedup();
    assert_eq!(
        (n, linked.len()),
        (520, 520),
        "each news item is linked once"
    );
    // The definition is on the first page only: one defining instance.
    assert!(pages[0].1.contains("<dfn"));
    assert!(!pages[1].1.contains("<dfn"));
}

#[test]
fn a_funding_entry_with_many_sprints_links_to_its_own_list() {
    let site = bundled_copy(30);
    let dir = site.path().join("content/sprints");
    let mut funded = 0;
    for e in std::fs::read_dir(&dir)
        .expect("sprints")
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name.ends_with(".en.md") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).expect("read");
        let text = text.replacen("---\n", "---\nfunding: rrf-6-3-1-1-i\n", 1);
        std::fs::write(e.path(), text).expect("write");
        funded += 1;
    }
    assert!(funded > 10, "the bundled site has more than 10 sprints");
    let files = build(site.path());
    let page = &files["finansejums/index.html"];
    let list = &files["finansejums/rrf-6-3-1-1-i/index.html"];
    let table = &page[page.find("id=\"funding-h\"").expect("funding table")..];
    let table = &table[..table.find("</table>").expect("table end")];
    assert_eq!(
        hrefs_matching(table, "/sprinti/").len(),
        10,
        "ten sprints inline"
    );
    assert!(
        page.contains("href=\"/finansejums/rrf-6-3-1-1-i/\""),
        "the entry links to its list"
    );
    let list = &list[list.find("id=\"funded-h\"").expect("list")..];
    let list = &list[..list.find("</section>").expect("section end")];
    let mut all = hrefs_matching(list, "/sprinti/");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), funded, "the list has every funded sprint");
    assert!(files.contains_key("en/finansejums/rrf-6-3-1-1-i/index.html"));
}

#[test]
fn a_glossary_of_many_terms_is_split_by_whole_letters_and_its_letter_list_finds_each() {
    let site = bundled_copy(30);
    let glossary = site.path().join("content/glossary");
    let before = std::fs::read_dir(&glossary).expect("glossary").count();
    // 3 × 260 new terms under three letters: more than one page holds.
    let mut added = Vec::new();
    for letter in ["Ž", "Q", "X"] {
        for i in 0..260 {
            let slug = format!("{}-termins-{i:03}", letter.to_lowercase().replace('ž', "z"));
            std::fs::write(
                glossary.join(format!("{slug}.md")),
                format!("---\nterm: {letter}termins{i:03}\n---\nDefinīcija {i}.\n"),
            )
            .expect("write term");
            added.push(slug);
        }
    }
    let files = build(site.path());
    let pages = pages_of(&files, "terminu-vardnica/index.html");
    assert!(
        pages.len() >= 2,
        "{} terms make more than one page",
        before + added.len()
    );
    let mut listed: Vec<&str> = Vec::new();
    let mut letters_seen = Vec::new();
    for (path, html) in &pages {
        assert!(
            html.contains("class=\"pagination\""),
            "{path} links its pages"
        );
        let terms = hrefs_matching(html, "/terminu-vardnica/")
            .into_iter()
            .filter(|h| !h.contains('#') && !h.contains("/lapa/") && *h != "/terminu-vardnica/");
        listed.extend(terms);
        // A letter's heading is on exactly one page.
        for (i, _) in html.match_indices("class=\"letter-h\"") {
            let id = &html[..i];
            let id = &id[id.rfind("id=\"").expect("id") + 4..];
            letters_seen.push(id[..id.find('"').expect("quote")].to_string());
        }
    }
    let n = listed.len();
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), n, "no term is listed twice");
    for slug in &added {
        assert!(
            listed.contains(&format!("/terminu-vardnica/{slug}/").as_str()),
            "{slug} is listed"
        );
    }
    let mut unique = letters_seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        letters_seen.len(),
        "no letter is split between pages"
    );
    // Every page's letter list leads to the page that holds the letter.
    for (_, html) in &pages {
        for href in hrefs_matching(html, "/terminu-vardnica/")
            .into_iter()
            .filter(|h| h.contains('#'))
        {
            let (page, id) = href.split_once('#').expect("#");
            let file = format!("{}index.html", page.trim_start_matches('/'));
            let target = files
                .get(&file)
                .unwrap_or_else(|| panic!("{href}: no page {file}"));
            assert!(
                target.contains(&format!("id=\"{id}\"")),
                "{href}: the page holds the letter"
            );
        }
    }
    for (path, _) in &pages {
        let url = format!("/{}", path.trim_end_matches("index.html"));
        assert!(
            files["sitemap.xml"].contains(&url),
            "{path} is in the sitemap"
        );
    }
}
