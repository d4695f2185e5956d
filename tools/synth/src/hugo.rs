//! The same site for Hugo: configuration, layouts and content.

use crate::bodies::Texts;
use crate::content::{data_files, ids, opt_note, record};
use crate::lexicon::{RESULTS, TOPICS};
use crate::output::Out;
use crate::prose::Lang;
use crate::util::{fmt_date, q, year_of};
use crate::world::{FUNDING, World};
use std::fmt::Write as _;
use std::io;

pub(crate) const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r##"<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} — {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ with .Params.outcome }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "css/hugo.css" | relURL }}">
</head>
<body>
<a class="skip" href="#main">{{ if eq site.Language.Lang "lv" }}Pāriet uz saturu{{ else }}Skip to content{{ end }}</a>
<header>
<a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="main"><ul>
{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}
</ul></nav>
<nav aria-label="language"><ul>
{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}"{{ if eq .Language.Lang site.Language.Lang }} aria-current="true"{{ end }}>{{ .Language.LanguageName }}</a></li>{{ end }}
</ul></nav>
</header>
{{ if not .IsHome }}<nav aria-label="breadcrumb"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>{{ end }}
<main id="main"{{ with .Params.content_lang }} lang="{{ . }}"{{ end }}>
{{ with .Params.content_lang }}<p class="untranslated" lang="en">This page is not yet translated; it is shown in Latvian.</p>{{ end }}
{{ block "main" . }}{{ end }}
</main>
<footer>
<p>{{ site.Title }} · <a href="mailto:{{ site.Params.contact_email }}">{{ site.Params.contact_email }}</a></p>
<p>{{ with .Lastmod }}{{ .Format "2006-01-02" }}{{ end }}</p>
</footer>
</body>
</html>
"##,
    ),
    (
        "partials/row.html",
        r#"<li lang="{{ .Language.Lang }}"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with .Params.status }}<span class="status">{{ . }}</span>{{ end }}
{{ with .Params.start }}<time>{{ . }}</time>{{ end }}{{ with .Params.end }} – <time>{{ . }}</time>{{ end }}
{{ with .Params.outcome }}<p>{{ . }}</p>{{ end }}{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ with .Params.institutions }}<p class="inst">{{ range $i, $id := . }}{{ if $i }}, {{ end }}{{ with index site.Data.institutions $id }}{{ index .name site.Language.Lang }}{{ end }}{{ end }}</p>{{ end }}
</li>
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<p>{{ len .Pages }}</p>
<ul class="records">
{{ range .Pages }}{{ partial "row.html" . }}{{ end }}
</ul>
{{ end }}
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.editor_note }}<aside class="editor-note">{{ . }}</aside>{{ end }}
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
{{ with .Params.aliases_text }}<p class="aliases">{{ delimit . ", " }}</p>{{ end }}
{{ .Content }}
{{ with .Params.related }}<h2>{{ if eq site.Language.Lang "lv" }}Saistītie termini{{ else }}Related terms{{ end }}</h2><ul>
{{ range . }}{{ with site.GetPage (printf "/glosarijs/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
</ul>{{ end }}
{{ with .Params.sprint }}{{ with site.GetPage (printf "/sprinti/%s" .) }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
<nav class="prevnext">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"#,
    ),
    (
        "sprinti/single.html",
        r#"{{ define "main" }}
<article class="sprint">
<h1>{{ .Title }}</h1>
{{ with .Params.editor_note }}<aside class="editor-note">{{ . }}</aside>{{ end }}
<dl class="facts">
<dt>Status</dt><dd>{{ .Params.status }}</dd>
{{ with .Params.start }}<dt>{{ if eq site.Language.Lang "lv" }}Sākums{{ else }}Start{{ end }}</dt><dd><time>{{ . }}</time></dd>{{ end }}
{{ with .Params.end }}<dt>{{ if eq site.Language.Lang "lv" }}Beigas{{ else }}End{{ end }}</dt><dd><time>{{ . }}</time></dd>{{ end }}
{{ with .Params.participants }}<dt>{{ if eq site.Language.Lang "lv" }}Dalībnieki{{ else }}Participants{{ end }}</dt><dd>{{ . }}</dd>{{ end }}
<dt>{{ if eq site.Language.Lang "lv" }}Iestādes{{ else }}Institutions{{ end }}</dt><dd>{{ range $i, $id := .Params.institutions }}{{ if $i }}, {{ end }}<a href="{{ (printf "/institutions/%s/" $id) | relLangURL }}">{{ with index site.Data.institutions $id }}{{ index .name site.Language.Lang }}{{ end }}</a>{{ end }}</dd>
{{ with .Params.partners }}<dt>{{ if eq site.Language.Lang "lv" }}Partneri{{ else }}Partners{{ end }}</dt><dd>{{ range $i, $id := . }}{{ if $i }}, {{ end }}{{ with index site.Data.institutions $id }}{{ index .name site.Language.Lang }}{{ end }}{{ end }}</dd>{{ end }}
<dt>{{ if eq site.Language.Lang "lv" }}Tēmas{{ else }}Topics{{ end }}</dt><dd>{{ range $i, $id := .Params.topics }}{{ if $i }}, {{ end }}<a href="{{ (printf "/topics/%s/" $id) | relLangURL }}">{{ with index site.Data.topics $id }}{{ index . site.Language.Lang }}{{ end }}</a>{{ end }}</dd>
{{ with .Params.results }}<dt>{{ if eq site.Language.Lang "lv" }}Rezultāti{{ else }}Results{{ end }}</dt><dd>{{ range $i, $id := . }}{{ if $i }}, {{ end }}<a href="{{ (printf "/results/%s/" $id) | relLangURL }}">{{ $id }}</a>{{ end }}</dd>{{ end }}
{{ with .Params.funding }}<dt>{{ if eq site.Language.Lang "lv" }}Finansējums{{ else }}Funding{{ end }}</dt><dd>{{ with index site.Data.funding . }}{{ index .name site.Language.Lang }} ({{ .code }}){{ end }}</dd>{{ end }}
</dl>
{{ with .Params.outcome }}<p class="outcome">{{ . }}</p>{{ end }}
<details><summary>{{ if eq site.Language.Lang "lv" }}Saturs{{ else }}Contents{{ end }}</summary>{{ .TableOfContents }}</details>
{{ .Content }}
{{ with .Params.prototypes }}<h2>{{ if eq site.Language.Lang "lv" }}Prototipi{{ else }}Prototypes{{ end }}</h2><ul>
{{ range . }}{{ with site.GetPage (printf "/prototipi/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> — {{ .Params.summary }}</li>{{ end }}{{ end }}
</ul>{{ end }}
<nav class="prevnext">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"#,
    ),
    (
        "vadlinijas/list.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ol class="toc">
{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>{{ end }}
</ol>
{{ end }}
"#,
    ),
    (
        "vadlinijas/single.html",
        r#"{{ define "main" }}
<article class="chapter">
<h1>{{ .Title }}</h1>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav class="prevnext">{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"#,
    ),
    (
        "_default/taxonomy.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}
</ul>
{{ end }}
"#,
    ),
    (
        "_default/term.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<p>{{ len .Pages }}</p>
<ul class="records">
{{ range .Pages }}{{ partial "row.html" . }}{{ end }}
</ul>
{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ site.Params.description }}</p>
{{ $sprints := where site.RegularPages "Section" "sprinti" }}
<ul class="counts">
<li>{{ len $sprints }} sprints</li>
<li>{{ len (where $sprints "Params.status" "completed") }} completed</li>
<li>{{ len (where site.RegularPages "Section" "prototipi") }} prototypes</li>
<li>{{ len site.Taxonomies.institutions }} institutions</li>
<li>{{ $total := 0 }}{{ range $sprints }}{{ with .Params.participants }}{{ $total = add $total . }}{{ end }}{{ end }}{{ $total }} participants</li>
</ul>
<h2>{{ if eq site.Language.Lang "lv" }}Jaunākie sprinti{{ else }}Latest sprints{{ end }}</h2>
<ul class="records">{{ range first 10 $sprints.ByDate.Reverse }}{{ partial "row.html" . }}{{ end }}</ul>
<h2>{{ if eq site.Language.Lang "lv" }}Jaunumi{{ else }}News{{ end }}</h2>
<ul class="records">{{ range first 5 (where site.RegularPages "Section" "jaunumi").ByDate.Reverse }}{{ partial "row.html" . }}{{ end }}</ul>
{{ end }}
"#,
    ),
];

pub(crate) const HUGO_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}\n\
header nav ul,footer ul{display:flex;gap:1rem;list-style:none;padding:0}\n\
.editor-note{border-left:4px solid #c90;padding:.5rem 1rem;background:#fff8e5}\n\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}\n\
pre{overflow:auto;padding:1rem;background:#f6f8fa}\n\
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}\n\
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}\n";

/// Each language's page of a record, as inolab publishes them: a record
/// without an English text still gets an English page, showing the Latvian
/// text (marked `lang="lv"`) — so the Hugo site renders the same pages.
/// Yields (page language, language of the text used, body).
pub(crate) fn with_fallback(
    bodies: &[Option<String>; 2],
) -> impl Iterator<Item = (usize, usize, &str)> {
    (0..2).filter_map(move |li| match (&bodies[li], &bodies[0]) {
        (Some(b), _) => Some((li, li, b.as_str())),
        (None, Some(lv)) => Some((li, 0, lv.as_str())),
        (None, None) => None,
    })
}

/// Marks a page whose text is in another language than the page's own.
pub(crate) fn content_lang(fm: &mut String, li: usize, src: usize) {
    if li != src {
        let _ = writeln!(fm, "content_lang: {}", ["lv", "en"][src]);
    }
}

pub(crate) fn hugo_list(fm: &mut String, key: &str, xs: &[&str]) {
    if !xs.is_empty() {
        let _ = writeln!(
            fm,
            "{key}: [{}]",
            xs.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ")
        );
    }
}

pub(crate) fn write_hugo(out: &mut Out, w: &World, t: &Texts) -> io::Result<()> {
    let config = r#"baseURL = "https://inovacija.example/"
title = "Inovācijas laboratorija"
defaultContentLanguage = "lv"
defaultContentLanguageInSubdir = false
enableRobotsTXT = false
disableHugoGeneratorInject = true

[params]
  contact_email = "inovacija@mk.gov.lv"
  description = "Valsts kancelejas Inovācijas laboratorija"

[taxonomies]
  institution = "institutions"
  topic = "topics"
  year = "years"
  result = "results"

[languages]
  [languages.lv]
    languageName = "Latviešu"
    weight = 1
    title = "Inovācijas laboratorija"
  [languages.en]
    languageName = "English"
    weight = 2
    title = "Innovation Laboratory"
    [languages.en.params]
      description = "The State Chancellery Innovation Laboratory"

[markup]
  [markup.highlight]
    noClasses = false
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 3
"#;
    out.write("config.toml", config)?;
    for (rel, body) in HUGO_LAYOUTS {
        out.write(&format!("layouts/{rel}"), body)?;
    }
    out.write("static/css/hugo.css", HUGO_CSS)?;

    // Data for the templates (same files as the inolab site).
    for (name, text) in data_files(w) {
        out.write(&format!("data/{name}.yaml"), &text)?;
    }

    let sfx = ["", ".en"];
    // Section and home index pages.
    for (li, s) in sfx.iter().enumerate() {
        out.write(
            &format!("content/_index{s}.md"),
            &record(&format!("title: {}\n", q(["Sākums", "Home"][li])), ""),
        )?;
        for (dir, lv, en) in [
            ("sprinti", "Sprinti", "Sprints"),
            ("prototipi", "Prototipi", "Prototypes"),
            ("glosarijs", "Glosārijs", "Glossary"),
            ("vadlinijas", "Vadlīnijas", "Guidelines"),
            ("jaunumi", "Jaunumi", "News"),
        ] {
            out.write(
                &format!("content/{dir}/_index{s}.md"),
                &record(&format!("title: {}\n", q([lv, en][li])), ""),
            )?;
        }
        // Term pages with labels, like inolab's institution/topic/result pages.
        for i in &w.inst {
            out.write(
                &format!("content/institutions/{}/_index{s}.md", i.id),
                &record(&format!("title: {}\n", q([&i.lv, &i.en][li])), ""),
            )?;
        }
        for &(id, lv, en) in TOPICS {
            out.write(
                &format!("content/topics/{id}/_index{s}.md"),
                &record(&format!("title: {}\n", q([lv, en][li])), ""),
            )?;
        }
        for &(id, lv, en) in RESULTS {
            out.write(
                &format!("content/results/{id}/_index{s}.md"),
                &record(&format!("title: {}\n", q([lv, en][li])), ""),
            )?;
        }
    }

    for (i, s) in w.sprints.iter().enumerate() {
        for (li, src, body) in with_fallback(&t.sprints[i]) {
            let mut fm = String::new();
            let _ = writeln!(fm, "title: {}", q(&s.title[src]));
            content_lang(&mut fm, li, src);
            let date = s
                .start
                .map(fmt_date)
                .unwrap_or_else(|| format!("{}-01-01", s.year.unwrap_or(2027)));
            let _ = writeln!(fm, "date: {date}");
            hugo_list(&mut fm, "institutions", &ids(w, &s.institutions));
            hugo_list(&mut fm, "partners", &ids(w, &s.partners));
            let topics: Vec<&str> = s.topics.iter().map(|&k| TOPICS[k].0).collect();
            hugo_list(&mut fm, "topics", &topics);
            let results: Vec<&str> = s.results.iter().map(|&k| RESULTS[k].0).collect();
            hugo_list(&mut fm, "results", &results);
            let year = s.start.map(year_of).or(s.year).unwrap_or(2027).to_string();
            hugo_list(&mut fm, "years", &[year.as_str()]);
            if let Some(d) = s.start {
                let _ = writeln!(fm, "start: {}", q(&fmt_date(d)));
            }
            if let Some(d) = s.end {
                let _ = writeln!(fm, "end: {}", q(&fmt_date(d)));
            }
            if let Some(p) = s.participants {
                let _ = writeln!(fm, "participants: {p}");
            }
            let _ = writeln!(fm, "status: {}", s.status);
            if let Some(o) = &s.outcome {
                let _ = writeln!(fm, "outcome: {}", q(&o[src]));
            }
            let ps: Vec<&str> = s
                .prototypes
                .iter()
                .map(|&k| w.protos[k].slug.as_str())
                .collect();
            hugo_list(&mut fm, "prototypes", &ps);
            if let Some(f) = s.funding {
                let _ = writeln!(fm, "funding: {}", FUNDING[f]);
            }
            if s.draft {
                fm.push_str("draft: true\n");
            }
            opt_note(&mut fm, s.note, [Lang::Lv, Lang::En][li]);
            out.write(
                &format!("content/sprinti/{}{}.md", s.slug, sfx[li]),
                &record(&fm, body),
            )?;
        }
    }

    for (i, p) in w.protos.iter().enumerate() {
        for (li, src, body) in with_fallback(&t.protos[i]) {
            let mut fm = format!(
                "title: {}\nsprint: {}\nkind: {}\nstage: {}\nsummary: {}\n",
                q(&p.title[src]),
                w.sprints[p.sprint].slug,
                p.kind,
                p.stage,
                q(&p.summary[src])
            );
            content_lang(&mut fm, li, src);
            out.write(
                &format!("content/prototipi/{}{}.md", p.slug, sfx[li]),
                &record(&fm, body),
            )?;
        }
    }

    for (i, g) in w.terms.iter().enumerate() {
        for (li, src, body) in with_fallback(&t.terms[i]) {
            let mut fm = format!("title: {}\n", q(&g.term[src]));
            content_lang(&mut fm, li, src);
            let al: Vec<&str> = g.aliases[src].iter().map(String::as_str).collect();
            hugo_list(&mut fm, "aliases_text", &al);
            let rel: Vec<&str> = g
                .related
                .iter()
                .map(|&k| w.terms[k].slug.as_str())
                .collect();
            hugo_list(&mut fm, "related", &rel);
            out.write(
                &format!("content/glosarijs/{}{}.md", g.slug, sfx[li]),
                &record(&fm, body),
            )?;
        }
    }

    for (k, c) in t.chapters.iter().enumerate() {
        for (li, suffix) in sfx.iter().enumerate() {
            let fm = format!(
                "title: {}\nsummary: {}\nslug: {}\nweight: {}\n",
                q(&c.title[li]),
                q(&c.summary[li]),
                c.slug,
                k + 1
            );
            out.write(
                &format!("content/vadlinijas/{:02}-{}{suffix}.md", k + 1, c.slug),
                &record(&fm, &c.body[li]),
            )?;
        }
    }

    for pg in &t.pages {
        for (li, suffix) in sfx.iter().enumerate() {
            let mut fm = format!("title: {}\n", q(pg.title[li]));
            if let Some(m) = pg.menu {
                let _ = writeln!(fm, "menu:\n  main:\n    weight: {m}");
            }
            out.write(
                &format!("content/{}{suffix}.md", pg.slug),
                &record(&fm, &pg.body[li]),
            )?;
        }
    }

    for (i, nw) in w.news.iter().enumerate() {
        for (li, src, body) in with_fallback(&t.news[i]) {
            let mut fm = format!(
                "title: {}\ndate: {}\nsummary: {}\n",
                q(&nw.title[src]),
                fmt_date(nw.date),
                q(&nw.summary[src])
            );
            content_lang(&mut fm, li, src);
            if nw.draft {
                fm.push_str("draft: true\n");
            }
            out.write(
                &format!("content/jaunumi/{}{}.md", nw.slug, sfx[li]),
                &record(&fm, body),
            )?;
        }
    }
    Ok(())
}
