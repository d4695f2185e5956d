//! The site in inolab's content format (`docs/content-format.md`), and the
//! data files both formats share.

use crate::bodies::Texts;
use crate::lexicon::{RESULTS, TOPICS};
use crate::output::Out;
use crate::prose::Lang;
use crate::util::{flow, fmt_date, q};
use crate::world::{FUNDING, World};
use std::fmt::Write as _;
use std::io;

pub(crate) fn opt_note(fm: &mut String, note: bool, lang: Lang) {
    if note {
        let _ = writeln!(
            fm,
            "editor_note: {}",
            q(match lang {
                Lang::Lv =>
                    "Avotos nav norādīts precīzs dalībnieku skaits; ierakstā izmantots aptuvens skaits.",
                Lang::En =>
                    "The sources give no exact number of participants; the record uses an estimate.",
            })
        );
    }
}

// ---------------------------------------------------------------------------
// inolab format

pub(crate) fn record(fm: &str, body: &str) -> String {
    let mut s = String::with_capacity(fm.len() + body.len() + 16);
    s.push_str("---\n");
    s.push_str(fm);
    s.push_str("---\n");
    s.push_str(body);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

pub(crate) fn write_data(out: &mut Out, w: &World) -> io::Result<()> {
    for (name, text) in data_files(w) {
        out.write(&format!("content/data/{name}.yaml"), &text)?;
    }
    Ok(())
}

pub(crate) fn data_files(w: &World) -> Vec<(&'static str, String)> {
    let mut files = Vec::new();
    let mut s = String::from("# Synthetic institutions (inolab-synth).\n");
    for i in &w.inst {
        let _ = writeln!(s, "{}:", i.id);
        let _ = writeln!(s, "  name: {{ lv: {}, en: {} }}", q(&i.lv), q(&i.en));
        let _ = writeln!(s, "  kind: {}", i.kind);
        if let Some(web) = &i.website {
            let _ = writeln!(s, "  website: {web}");
        }
    }
    files.push(("institutions", s));

    let mut s = String::from("# Synthetic topics (inolab-synth).\n");
    for &(id, lv, en) in TOPICS {
        let _ = writeln!(s, "{id}: {{ lv: {}, en: {} }}", q(lv), q(en));
    }
    files.push(("topics", s));

    files.push((
        "funding",
        r#"# Synthetic funding (inolab-synth).
rrf-6-3-1-r:
  name: { lv: "Publiskās pārvaldes modernizācija", en: "Modernisation of public administration" }
  programme: { lv: "Atveseļošanas un noturības mehānisms", en: "Recovery and Resilience Facility" }
  code: "6.3.1.r."
  amount_eur: 5618960
rrf-6-3-1-3-i:
  name: { lv: "Inovācijas kapacitātes stiprināšana", en: "Strengthening innovation capacity" }
  programme: { lv: "Atveseļošanas un noturības mehānisms", en: "Recovery and Resilience Facility" }
  code: "6.3.1.3.i."
  amount_eur: 900000
  period_end: 2026-05-31
  part_of: rrf-6-3-1-r
  target: { lv: "Vismaz 40 inovācijas sprinti", en: "At least 40 innovation sprints" }
esf-4-2-1:
  name: { lv: "Valsts pārvaldes cilvēkresursu attīstība", en: "Human resource development in public administration" }
  programme: { lv: "Eiropas Sociālais fonds", en: "European Social Fund" }
  code: "4.2.1."
valsts-budzets:
  name: { lv: "Valsts budžets", en: "State budget" }
  programme: { lv: "Valsts kancelejas budžets", en: "State Chancellery budget" }
  code: "VK"
  editor_note: { lv: "Summa avotos nav norādīta.", en: "The sources give no amount." }
"#
        .to_string(),
    ));
    files.push((
        "indicators",
        r#"# Synthetic indicators (inolab-synth).
source: { lv: "Inovācijas laboratorijas pārskats", en: "Innovation Laboratory report" }
periods:
  - id: "2023"
    label: { lv: "2023 (no maija)", en: "2023 (from May)" }
  - id: "2024"
    label: { lv: "2024", en: "2024" }
  - id: "2025"
    label: { lv: "2025", en: "2025" }
indicators:
  - id: training-attendances
    label: { lv: "Apmācību apmeklējumi", en: "Training attendances" }
    kind: additive
    values: { "2023": 50, "2024": 448, "2025": 131 }
    total: 629
  - id: sprint-attendances
    label: { lv: "Sprintu apmeklējumi", en: "Sprint attendances" }
    kind: additive
    values: { "2023": 120, "2024": 310, "2025": 275 }
  - id: unique-people
    label: { lv: "Unikālie dalībnieki", en: "Unique participants" }
    kind: unique
    values: { "2023": 224, "2024": 711, "2025": 252 }
    total: 1005
"#
        .to_string(),
    ));
    files
}

pub(crate) fn ids<'a>(w: &'a World, xs: &[usize]) -> Vec<&'a str> {
    xs.iter().map(|&i| w.inst[i].id.as_str()).collect()
}

pub(crate) fn write_inolab(out: &mut Out, w: &World, t: &Texts, site_yaml: &str) -> io::Result<()> {
    out.write("site.yaml", site_yaml)?;
    write_data(out, w)?;

    for (i, s) in w.sprints.iter().enumerate() {
        let mut fm = String::new();
        let _ = writeln!(fm, "title: {}", q(&s.title[0]));
        let _ = writeln!(fm, "institutions: {}", flow(&ids(w, &s.institutions)));
        if !s.partners.is_empty() {
            let _ = writeln!(fm, "partners: {}", flow(&ids(w, &s.partners)));
        }
        if let Some(d) = s.start {
            let _ = writeln!(fm, "start: {}", fmt_date(d));
        }
        if let Some(d) = s.end {
            let _ = writeln!(fm, "end: {}", fmt_date(d));
        }
        if let Some(y) = s.year {
            let _ = writeln!(fm, "year: {y}");
        }
        if let Some(p) = s.participants {
            let _ = writeln!(fm, "participants: {p}");
        }
        let _ = writeln!(fm, "status: {}", s.status);
        if let Some(o) = &s.outcome {
            let _ = writeln!(fm, "outcome: {}", q(&o[0]));
        }
        if !s.results.is_empty() {
            // Block style here, flow style elsewhere: both are valid.
            fm.push_str("results:\n");
            for &k in &s.results {
                let _ = writeln!(fm, "  - {}", RESULTS[k].0);
            }
        }
        let topics: Vec<&str> = s.topics.iter().map(|&k| TOPICS[k].0).collect();
        let _ = writeln!(fm, "topics: {}", flow(&topics));
        if !s.prototypes.is_empty() {
            let ps: Vec<&str> = s
                .prototypes
                .iter()
                .map(|&k| w.protos[k].slug.as_str())
                .collect();
            let _ = writeln!(fm, "prototypes: {}", flow(&ps));
        }
        if let Some(f) = s.funding {
            let _ = writeln!(fm, "funding: {}", FUNDING[f]);
        }
        if s.draft {
            fm.push_str("draft: true\n");
        }
        opt_note(&mut fm, s.note, Lang::Lv);
        let [lv, en] = &t.sprints[i];
        out.write(
            &format!("content/sprints/{}.md", s.slug),
            &record(&fm, lv.as_deref().unwrap_or("")),
        )?;
        if let Some(en) = en {
            let mut fm = String::new();
            let _ = writeln!(fm, "title: {}", q(&s.title[1]));
            if let Some(o) = &s.outcome {
                let _ = writeln!(fm, "outcome: {}", q(&o[1]));
            }
            opt_note(&mut fm, s.note, Lang::En);
            out.write(
                &format!("content/sprints/{}.en.md", s.slug),
                &record(&fm, en),
            )?;
        }
    }

    for (i, p) in w.protos.iter().enumerate() {
        let fm = format!(
            "title: {}\nsprint: {}\nkind: {}\nstage: {}\nsummary: {}\n",
            q(&p.title[0]),
            w.sprints[p.sprint].slug,
            p.kind,
            p.stage,
            q(&p.summary[0])
        );
        let [lv, en] = &t.protos[i];
        out.write(
            &format!("content/prototypes/{}.md", p.slug),
            &record(&fm, lv.as_deref().unwrap_or("")),
        )?;
        if let Some(en) = en {
            let fm = format!("title: {}\nsummary: {}\n", q(&p.title[1]), q(&p.summary[1]));
            out.write(
                &format!("content/prototypes/{}.en.md", p.slug),
                &record(&fm, en),
            )?;
        }
    }

    for (i, g) in w.terms.iter().enumerate() {
        let al = |k: usize| {
            g.aliases[k]
                .iter()
                .map(|a| q(a))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut fm = format!("term: {}\naliases: [{}]\n", q(&g.term[0]), al(0));
        if !g.related.is_empty() {
            let rel: Vec<&str> = g
                .related
                .iter()
                .map(|&k| w.terms[k].slug.as_str())
                .collect();
            let _ = writeln!(fm, "related: {}", flow(&rel));
        }
        let [lv, en] = &t.terms[i];
        out.write(
            &format!("content/glossary/{}.md", g.slug),
            &record(&fm, lv.as_deref().unwrap_or("")),
        )?;
        if let Some(en) = en {
            let fm = format!("term: {}\naliases: [{}]\n", q(&g.term[1]), al(1));
            out.write(
                &format!("content/glossary/{}.en.md", g.slug),
                &record(&fm, en),
            )?;
        }
    }

    for (k, c) in t.chapters.iter().enumerate() {
        for (li, suffix) in [(0, ""), (1, ".en")] {
            let fm = format!(
                "title: {}\nsummary: {}\n",
                q(&c.title[li]),
                q(&c.summary[li])
            );
            out.write(
                &format!("content/guidelines/{:02}-{}{suffix}.md", k + 1, c.slug),
                &record(&fm, &c.body[li]),
            )?;
        }
    }

    for pg in &t.pages {
        for (li, suffix) in [(0, ""), (1, ".en")] {
            let mut fm = format!("title: {}\n", q(pg.title[li]));
            if li == 0
                && let Some(m) = pg.menu
            {
                let _ = writeln!(fm, "menu: {m}");
            }
            out.write(
                &format!("content/pages/{}{suffix}.md", pg.slug),
                &record(&fm, &pg.body[li]),
            )?;
        }
    }

    for (i, nw) in w.news.iter().enumerate() {
        let mut fm = format!(
            "title: {}\ndate: {}\nsummary: {}\n",
            q(&nw.title[0]),
            fmt_date(nw.date),
            q(&nw.summary[0])
        );
        if nw.draft {
            fm.push_str("draft: true\n");
        }
        let [lv, en] = &t.news[i];
        out.write(
            &format!("content/news/{}.md", nw.slug),
            &record(&fm, lv.as_deref().unwrap_or("")),
        )?;
        if let Some(en) = en {
            let fm = format!(
                "title: {}\nsummary: {}\n",
                q(&nw.title[1]),
                q(&nw.summary[1])
            );
            out.write(&format!("content/news/{}.en.md", nw.slug), &record(&fm, en))?;
        }
    }
    Ok(())
}
