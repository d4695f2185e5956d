//! Record bodies (sprint reports, short and long texts) and every text of a
//! site, rendered once for both output formats.

use crate::lexicon::{Case, FIRST_NAMES, LAST_NAMES, NOUNS, PROCESSES};
use crate::prose::{Lang, Prose};
use crate::rng::Rng;
use crate::util::{cap, unique, words};
use crate::world::World;
use inolab::text::slugify;
use std::collections::HashSet;
use std::fmt::Write as _;

pub(crate) fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST_NAMES), r.pick(LAST_NAMES))
}

pub(crate) const PHASES: &[(&str, &str)] = &[
    ("Izpēte", "Research"),
    ("Problēmas definēšana", "Problem definition"),
    ("Ideju ģenerēšana", "Ideation"),
    ("Prototipēšana", "Prototyping"),
    ("Testēšana", "Testing"),
    ("Ieviešanas plāns", "Implementation plan"),
];

pub(crate) fn code_block(r: &mut Rng, slug: &str, phases: &[(usize, usize, usize)]) -> String {
    let mut s = String::new();
    if r.chance(0.5) {
        s.push_str("```yaml\n");
        let _ = writeln!(s, "sprint: {slug}");
        s.push_str("posmi:\n");
        for &(ph, days, people) in phases {
            let _ = writeln!(s, "  - nosaukums: {}", slugify(PHASES[ph].0));
            let _ = writeln!(s, "    dienas: {days}");
            let _ = writeln!(s, "    dalibnieki: {people}");
        }
        let _ = writeln!(s, "publisks: {}", r.chance(0.5));
        s.push_str("```\n");
    } else {
        s.push_str("```rust\n");
        s.push_str("/// Sprinta posmu kopējais ilgums dienās.\n");
        let _ = writeln!(
            s,
            "fn kopejais_ilgums(posmi: &[(&str, u32)]) -> u32 {{\n    posmi.iter().map(|(_, dienas)| dienas).sum()\n}}\n"
        );
        s.push_str("fn main() {\n    let posmi = [");
        for (i, &(ph, days, _)) in phases.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let _ = write!(s, "(\"{}\", {days})", slugify(PHASES[ph].0));
        }
        s.push_str("];\n    println!(\"{} dienas\", kopejais_ilgums(&posmi));\n}\n```\n");
    }
    s
}

pub(crate) fn sprint_body(r: &mut Rng, w: &World, prose: &Prose, i: usize, lang: Lang) -> String {
    let s = &w.sprints[i];
    let li = if lang == Lang::Lv { 0 } else { 1 };
    let target = r.range(300, 700);
    let n_ph = r.range(3, 5);
    let first = r.below(PHASES.len() - n_ph + 1);
    let phases: Vec<(usize, usize, usize)> = (first..first + n_ph)
        .map(|k| (k, r.range(1, 10), r.range(3, 30)))
        .collect();
    let code = code_block(r, &s.slug, &phases);

    // Structure first, then prose fills the word budget.
    let mut parts_words = 0;
    let mut people = String::new();
    for &ix in s.institutions.iter().chain(&s.partners) {
        let inst = &w.inst[ix];
        let name = if li == 0 { &inst.lv } else { &inst.en };
        let _ = writeln!(people, "- {} — {}", name, person(r));
    }
    parts_words += words(&people);
    let mut steps = String::new();
    for (k, &(ph, _, _)) in phases.iter().enumerate() {
        let _ = writeln!(
            steps,
            "{}. **{}**: {}",
            k + 1,
            PHASES[ph].li(li),
            prose.sentence(r, lang)
        );
    }
    parts_words += words(&steps);
    let mut table = String::new();
    table.push_str(match lang {
        Lang::Lv => "| Posms | Ilgums (dienas) | Dalībnieki |\n|---|---:|---:|\n",
        Lang::En => "| Phase | Duration (days) | Participants |\n|---|---:|---:|\n",
    });
    for &(ph, days, ppl) in &phases {
        let _ = writeln!(table, "| {} | {} | {} |", PHASES[ph].li(li), days, ppl);
    }
    parts_words += words(&table);

    // Links to other sprints (never to drafts).
    let mut links = String::new();
    let k = r.range(1, 3);
    for _ in 0..k {
        let j = r.below(w.sprints.len());
        let o = &w.sprints[j];
        if j == i || o.draft {
            continue;
        }
        let prefix = if links.is_empty() {
            match lang {
                Lang::Lv => "Skatīt arī: ",
                Lang::En => "See also: ",
            }
        } else {
            ", "
        };
        let _ = write!(links, "{prefix}[{}](/sprinti/{}/)", o.title[li], o.slug);
    }
    if !links.is_empty() {
        links.push('.');
    }
    parts_words += words(&links);

    let paras = prose.paragraphs(r, lang, target.saturating_sub(parts_words + 60));
    let mut paras = paras.into_iter();
    let mut next = |out: &mut String| {
        if let Some(p) = paras.next() {
            out.push_str(&p);
            out.push_str("\n\n");
        }
    };
    let (h_problem, h_people, h_process, h_result, h_next) = match lang {
        Lang::Lv => (
            "Problēma",
            "Dalībnieki",
            "Process",
            "Rezultāts",
            "Tālākie soļi",
        ),
        Lang::En => (
            "The problem",
            "Who took part",
            "Process",
            "Result",
            "Next steps",
        ),
    };
    let mut b = String::new();
    next(&mut b);
    let _ = writeln!(b, "## {h_problem} {{#problema}}\n");
    next(&mut b);
    let _ = writeln!(b, "## {h_people}\n\n{people}");
    let _ = writeln!(b, "## {h_process} {{#process}}\n");
    next(&mut b);
    let _ = writeln!(b, "{steps}\n{table}");
    next(&mut b);
    b.push_str(&code);
    b.push('\n');
    let _ = writeln!(b, "## {h_result}\n");
    next(&mut b);
    if !s.prototypes.is_empty() && r.chance(0.5) {
        b.push_str(match lang {
            Lang::Lv => "### Prototipi\n\n",
            Lang::En => "### Prototypes\n\n",
        });
        for &pi in &s.prototypes {
            let _ = writeln!(b, "- {}", w.protos[pi].title[li]);
        }
        b.push('\n');
    }
    if !links.is_empty() {
        b.push_str(&links);
        b.push_str("\n\n");
    }
    let _ = writeln!(b, "## {h_next}\n");
    let rest: Vec<String> = paras.collect();
    if rest.is_empty() {
        b.push_str(&prose.sentence(r, lang));
        b.push_str("\n\n");
    }
    for p in rest {
        b.push_str(&p);
        b.push_str("\n\n");
    }
    if r.chance(0.1) {
        b.push_str(match lang {
            Lang::Lv => "Sprinta metodika balstās uz laboratorijas vadlīnijām.[^1]\n\n[^1]: Skatīt laboratorijas vadlīniju pielikumu.\n",
            Lang::En => "The sprint method follows the laboratory guidelines.[^1]\n\n[^1]: See the annex with the laboratory guidelines.\n",
        });
    }
    while b.ends_with("\n\n") {
        b.pop();
    }
    b
}

pub(crate) trait Li {
    fn li(&self, i: usize) -> &'static str;
}
impl Li for (&'static str, &'static str) {
    fn li(&self, i: usize) -> &'static str {
        if i == 0 { self.0 } else { self.1 }
    }
}

pub(crate) fn short_body(r: &mut Rng, prose: &Prose, lang: Lang, min: usize, max: usize) -> String {
    let target = r.range(min, max);
    let paras = prose.paragraphs(r, lang, target);
    let mut b = String::new();
    for (k, p) in paras.iter().enumerate() {
        if k > 0 {
            b.push_str("\n\n");
        }
        b.push_str(p);
        if k == 0 && paras.len() > 2 {
            b.push_str("\n\n");
            for _ in 0..r.range(2, 4) {
                let _ = writeln!(b, "- {}", prose.sentence(r, lang));
            }
            b.pop();
        }
    }
    b.push('\n');
    b
}

pub(crate) fn long_body(
    r: &mut Rng,
    prose: &Prose,
    lang: Lang,
    sections: usize,
    sec_words: usize,
) -> String {
    let mut b = String::new();
    let mut used = HashSet::new();
    for _ in 0..sections {
        let noun = r.pick(NOUNS);
        let proc_ = r.pick(PROCESSES);
        let h = match lang {
            Lang::Lv => format!("{} {}", cap(&noun.form(Case::Gen, true)), proc_.0),
            Lang::En => format!("{} of {}", proc_.2, noun.en_pl),
        };
        let anchor = unique(slugify(&h), &mut used);
        let _ = writeln!(b, "## {h} {{#{anchor}}}\n");
        for p in prose.paragraphs(r, lang, sec_words) {
            b.push_str(&p);
            b.push_str("\n\n");
        }
        if r.chance(0.5) {
            for _ in 0..r.range(3, 5) {
                let _ = writeln!(b, "- {}", prose.sentence(r, lang));
            }
            b.push('\n');
        }
    }
    while b.ends_with("\n\n") {
        b.pop();
    }
    b
}

/// Every generated body, per language (`None` when not translated), so the
/// inolab and Hugo sites carry identical text.
pub(crate) struct Texts {
    pub(crate) sprints: Vec<[Option<String>; 2]>,
    pub(crate) protos: Vec<[Option<String>; 2]>,
    pub(crate) terms: Vec<[Option<String>; 2]>,
    pub(crate) news: Vec<[Option<String>; 2]>,
    pub(crate) chapters: Vec<Chapter>,
    pub(crate) pages: Vec<PageRec>,
}

pub(crate) struct Chapter {
    pub(crate) slug: String,
    pub(crate) title: [String; 2],
    pub(crate) summary: [String; 2],
    pub(crate) body: [String; 2],
}

pub(crate) struct PageRec {
    pub(crate) slug: &'static str,
    pub(crate) title: [&'static str; 2],
    pub(crate) menu: Option<u32>,
    pub(crate) body: [String; 2],
}

pub(crate) const CHAPTERS: &[(&str, &str)] = &[
    ("Ievads", "Introduction"),
    ("Inovācijas sprinta posmi", "Stages of an innovation sprint"),
    ("Problēmas definēšana", "Defining the problem"),
    ("Lietotāju izpēte", "User research"),
    ("Ideju ģenerēšana", "Generating ideas"),
    ("Prototipēšana", "Prototyping"),
    ("Testēšana ar lietotājiem", "Testing with users"),
    ("Ieviešana un mērogošana", "Implementation and scaling"),
    ("Rezultātu mērīšana", "Measuring results"),
    ("Sadarbības tīkli", "Cooperation networks"),
];

pub(crate) const PAGES: &[(&str, &str, &str, Option<u32>)] = &[
    (
        "par-laboratoriju",
        "Par laboratoriju",
        "About the laboratory",
        Some(10),
    ),
    (
        "ka-pieteikt-sprintu",
        "Kā pieteikt sprintu",
        "How to apply for a sprint",
        Some(20),
    ),
    ("finansejums", "Finansējums", "Funding", Some(30)),
    ("kontakti", "Kontakti", "Contact", Some(40)),
    (
        "pieejamibas-pazinojums",
        "Piekļūstamības paziņojums",
        "Accessibility statement",
        None,
    ),
];

pub(crate) fn both(
    r: &mut Rng,
    tr: bool,
    f: &dyn Fn(&mut Rng, Lang) -> String,
) -> [Option<String>; 2] {
    let lv = f(r, Lang::Lv);
    let en = tr.then(|| f(r, Lang::En));
    [Some(lv), en]
}

pub(crate) fn render_texts(w: &World, r: &mut Rng) -> Texts {
    let term_names: Vec<(String, String)> = w
        .terms
        .iter()
        .map(|t| (t.term[0].clone(), t.term[1].clone()))
        .collect();
    let inst_names: Vec<(String, String)> = w
        .inst
        .iter()
        .map(|i| (i.lv.clone(), i.en.clone()))
        .collect();
    let prose = Prose {
        terms: &term_names,
        inst: &inst_names,
    };
    let sprints = (0..w.sprints.len())
        .map(|i| {
            both(r, w.sprints[i].translated, &|r, l| {
                sprint_body(r, w, &prose, i, l)
            })
        })
        .collect();
    let protos = w
        .protos
        .iter()
        .map(|p| both(r, p.translated, &|r, l| short_body(r, &prose, l, 100, 250)))
        .collect();
    let terms = w
        .terms
        .iter()
        .map(|t| both(r, t.translated, &|r, l| short_body(r, &prose, l, 40, 120)))
        .collect();
    let news = w
        .news
        .iter()
        .map(|n| both(r, n.translated, &|r, l| short_body(r, &prose, l, 100, 250)))
        .collect();
    let chapters = CHAPTERS
        .iter()
        .map(|&(lv, en)| Chapter {
            slug: slugify(lv),
            title: [lv.into(), en.into()],
            summary: [prose.sentence(r, Lang::Lv), prose.sentence(r, Lang::En)],
            body: [
                long_body(r, &prose, Lang::Lv, 5, 200),
                long_body(r, &prose, Lang::En, 5, 200),
            ],
        })
        .collect();
    let pages = PAGES
        .iter()
        .map(|&(slug, lv, en, menu)| PageRec {
            slug,
            title: [lv, en],
            menu,
            body: [
                long_body(r, &prose, Lang::Lv, 3, 120),
                long_body(r, &prose, Lang::En, 3, 120),
            ],
        })
        .collect();
    Texts {
        sprints,
        protos,
        terms,
        news,
        chapters,
        pages,
    }
}
