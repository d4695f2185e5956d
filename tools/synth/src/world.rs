//! The records of a synthetic site and how they refer to each other,
//! drawn before any text is written.

use crate::lexicon::{
    ADJS, BODIES, Case, KINDS, NOUNS, PLACES, PROCESSES, RESULTS, STAGES, STATE_BODIES, TERMS,
    TOOLS, TOPICS, VERBS,
};
use crate::rng::Rng;
use crate::util::{an, cap, days_from_civil, fmt_date, unique};
use inolab::text::slugify;
use std::collections::HashSet;

pub(crate) struct Inst {
    pub(crate) id: String,
    pub(crate) lv: String,
    pub(crate) en: String,
    pub(crate) kind: &'static str,
    pub(crate) website: Option<String>,
}

pub(crate) struct Sprint {
    pub(crate) slug: String,
    pub(crate) title: [String; 2],
    pub(crate) institutions: Vec<usize>,
    pub(crate) partners: Vec<usize>,
    pub(crate) status: &'static str,
    pub(crate) start: Option<i64>,
    pub(crate) end: Option<i64>,
    pub(crate) year: Option<i64>,
    pub(crate) participants: Option<usize>,
    pub(crate) outcome: Option<[String; 2]>,
    pub(crate) results: Vec<usize>,
    pub(crate) topics: Vec<usize>,
    pub(crate) prototypes: Vec<usize>,
    pub(crate) funding: Option<usize>,
    pub(crate) draft: bool,
    pub(crate) note: bool,
    pub(crate) translated: bool,
}

pub(crate) struct Proto {
    pub(crate) slug: String,
    pub(crate) title: [String; 2],
    pub(crate) sprint: usize,
    pub(crate) kind: &'static str,
    pub(crate) stage: &'static str,
    pub(crate) summary: [String; 2],
    pub(crate) translated: bool,
}

pub(crate) struct Term {
    pub(crate) slug: String,
    pub(crate) term: [String; 2],
    pub(crate) aliases: [Vec<String>; 2],
    pub(crate) related: Vec<usize>,
    pub(crate) translated: bool,
}

pub(crate) struct News {
    pub(crate) slug: String,
    pub(crate) title: [String; 2],
    pub(crate) date: i64,
    pub(crate) summary: [String; 2],
    pub(crate) draft: bool,
    pub(crate) translated: bool,
}

pub(crate) const FUNDING: &[&str] = &[
    "rrf-6-3-1-r",
    "rrf-6-3-1-3-i",
    "esf-4-2-1",
    "valsts-budzets",
];

pub(crate) struct World {
    pub(crate) inst: Vec<Inst>,
    pub(crate) sprints: Vec<Sprint>,
    pub(crate) protos: Vec<Proto>,
    pub(crate) terms: Vec<Term>,
    pub(crate) news: Vec<News>,
}

pub(crate) fn build_world(records: usize, r: &mut Rng) -> World {
    // Institutions: state bodies first, then municipal bodies, then numbered.
    let n_inst = (records / 50).max(20);
    let mut inst = Vec::with_capacity(n_inst);
    let mut used = HashSet::new();
    for &(id, lv, en, kind) in STATE_BODIES.iter().take(n_inst) {
        used.insert(id.to_string());
        inst.push(Inst {
            id: id.into(),
            lv: lv.into(),
            en: en.into(),
            kind,
            website: Some(format!("https://www.{}.example.lv/", id)),
        });
    }
    let mut round = 1;
    'outer: while inst.len() < n_inst {
        for &(bid, blv, ben, kind) in BODIES {
            for &(pid, pgen, pkind, pen) in PLACES {
                if inst.len() >= n_inst {
                    break 'outer;
                }
                let unit = if pkind == "novadā" {
                    "novada"
                } else {
                    "valstspilsētas"
                };
                let unit_en = if pkind == "novadā" {
                    "Municipality"
                } else {
                    "City"
                };
                let (id, lv, en) = if round == 1 {
                    (
                        format!("{pid}-{bid}"),
                        format!("{pgen} {unit} {blv}"),
                        format!("{pen} {unit_en} {ben}"),
                    )
                } else {
                    (
                        format!("{pid}-{bid}-{round}"),
                        format!("{pgen} {unit} {blv} Nr. {round}"),
                        format!("{pen} {unit_en} {ben} No. {round}"),
                    )
                };
                let id = unique(id, &mut used);
                inst.push(Inst {
                    website: r.chance(0.5).then(|| format!("https://{}.example.lv/", id)),
                    id,
                    lv,
                    en,
                    kind,
                });
            }
        }
        round += 1;
    }

    // Glossary.
    let n_terms = (records / 20).max(20);
    let mut terms = Vec::with_capacity(n_terms);
    let mut used = HashSet::new();
    for &(lv, en, aliases) in TERMS.iter().take(n_terms) {
        terms.push(Term {
            slug: unique(slugify(lv), &mut used),
            term: [lv.into(), en.into()],
            aliases: [
                aliases.split(", ").map(String::from).collect(),
                vec![en.to_lowercase() + "s"],
            ],
            related: Vec::new(),
            translated: true,
        });
    }
    let mut attempts = 0;
    while terms.len() < n_terms {
        attempts += 1;
        let adj = r.pick(ADJS);
        let noun = r.pick(NOUNS);
        let lv = format!(
            "{} {}",
            cap(&adj.def(noun.feminine(), Case::Nom, false)),
            noun.form(Case::Nom, false)
        );
        let slug = slugify(&lv);
        let taken = used.contains(&slug);
        if taken && attempts < n_terms * 4 {
            continue;
        }
        let slug = unique(slug, &mut used);
        let mut en = format!("{} {}", cap(adj.en), noun.en);
        let mut lv = lv;
        if slug.ends_with(|c: char| c.is_ascii_digit()) {
            let n = slug.rsplit('-').next().unwrap_or("");
            en = format!("{en} ({n})");
            if taken {
                // Out of new adjective–noun pairs (50 000 records want
                // 2 500 terms): a numbered copy, named apart, whose forms
                // are left to the term it copies — a word naming two terms
                // is an error.
                lv = format!("{lv} ({n})");
            }
        }
        let aliases_lv = vec![
            format!(
                "{} {}",
                adj.def(noun.feminine(), Case::Gen, false),
                noun.form(Case::Gen, false)
            ),
            format!(
                "{} {}",
                adj.def(noun.feminine(), Case::Acc, false),
                noun.form(Case::Acc, false)
            ),
            format!(
                "{} {}",
                adj.def(noun.feminine(), Case::Nom, true),
                noun.form(Case::Nom, true)
            ),
        ];
        // A feminine noun's genitive singular is its nominative plural
        // (`administratīvās datubāzes`): a word listed twice is an error.
        let mut aliases_lv = aliases_lv;
        let mut seen = std::collections::HashSet::new();
        aliases_lv.retain(|a| seen.insert(a.clone()) && !taken);
        let aliases_en = if taken {
            Vec::new()
        } else {
            vec![format!("{} {}", adj.en, noun.en_pl)]
        };
        terms.push(Term {
            slug,
            aliases: [aliases_lv, aliases_en],
            term: [lv, en],
            related: Vec::new(),
            translated: r.chance(0.4),
        });
    }
    for i in 0..terms.len() {
        let k = r.range(0, 3);
        let rel: Vec<usize> = r
            .distinct(terms.len(), k)
            .into_iter()
            .filter(|&j| j != i)
            .collect();
        terms[i].related = rel;
    }

    // Sprints.
    let today = days_from_civil(2026, 11, 1);
    let mut sprints = Vec::with_capacity(records);
    let mut used = HashSet::new();
    for _ in 0..records {
        let adj = r.pick(ADJS);
        let noun = r.pick(NOUNS);
        let proc_ = r.pick(PROCESSES);
        let place = r.chance(0.4).then(|| *r.pick(PLACES));
        let mut lv = format!(
            "{} {} {}",
            cap(&adj.def(noun.feminine(), Case::Gen, true)),
            noun.form(Case::Gen, true),
            proc_.0
        );
        let mut en = format!("{} of {} {}", proc_.2, adj.en, noun.en_pl);
        if let Some((_, pgen, loc, pen)) = place {
            lv = format!("{lv} {pgen} {loc}");
            en = format!("{en} in {pen}");
        }
        let slug = unique(slugify(&lv), &mut used);
        let roll = r.below(100);
        let status = if roll < 75 {
            "completed"
        } else if roll < 87 {
            "running"
        } else {
            "planned"
        };
        let (start, end, year) = match status {
            "completed" => {
                let s = days_from_civil(2018, 5, 1) + r.below(3000) as i64;
                let e = (s + r.range(1, 120) as i64).min(today - 1);
                (Some(s), Some(e.max(s)), None)
            }
            "running" => {
                let s = today - r.range(5, 60) as i64;
                (Some(s), Some(today + r.range(10, 150) as i64), None)
            }
            _ => {
                if r.chance(0.5) {
                    let s = today + r.range(30, 400) as i64;
                    (Some(s), Some(s + r.range(5, 90) as i64), None)
                } else {
                    (None, None, Some(2027))
                }
            }
        };
        let ni = inst.len();
        let institutions = r.some(ni, 1, 3);
        let partners: Vec<usize> = r
            .some(ni, 0, 2)
            .into_iter()
            .filter(|p| !institutions.contains(p))
            .collect();
        let outcome = (status == "completed").then(|| {
            let n2 = r.pick(NOUNS);
            let a2 = r.pick(ADJS);
            let k = r.range(3, 15);
            [
                format!(
                    "Komanda izstrādāja {} {} un {} ieteikumus {} {}.",
                    a2.form(n2.feminine(), Case::Acc, false),
                    n2.form(Case::Acc, false),
                    k,
                    noun.form(Case::Gen, true),
                    proc_.1
                ),
                format!(
                    "The team developed {} {} {} and {} recommendations for the {} of {}.",
                    an(a2.en),
                    a2.en,
                    n2.en,
                    k,
                    proc_.2.to_lowercase(),
                    noun.en_pl
                ),
            ]
        });
        let mut results = r.some(RESULTS.len(), 0, 3);
        results.sort_unstable();
        let mut topics = r.some(TOPICS.len(), 1, 3);
        topics.sort_unstable();
        sprints.push(Sprint {
            slug,
            title: [lv, en],
            institutions,
            partners,
            status,
            start,
            end,
            year,
            participants: (status != "planned").then(|| r.range(4, 90)),
            outcome,
            results,
            topics,
            prototypes: Vec::new(),
            funding: r.chance(0.3).then(|| r.below(FUNDING.len())),
            draft: false,
            note: r.chance(0.03),
            translated: r.chance(0.4),
        });
    }
    // A few drafts among planned sprints; they get no prototypes and no links.
    for s in sprints.iter_mut() {
        if s.status == "planned" && r.chance(0.05) {
            s.draft = true;
        }
    }
    let eligible: Vec<usize> = (0..sprints.len())
        .filter(|&i| sprints[i].status != "planned" && !sprints[i].draft)
        .collect();

    // Prototypes.
    let n_protos = records / 2;
    let mut protos = Vec::with_capacity(n_protos);
    let mut used = HashSet::new();
    if !eligible.is_empty() {
        for i in 0..n_protos {
            let sprint = *r.pick(&eligible);
            let noun = r.pick(NOUNS);
            let tool = r.pick(TOOLS);
            let adj = r.pick(ADJS);
            let lv = format!("{} {}", cap(&noun.form(Case::Gen, true)), tool.0);
            let en = format!("{} {} {}", cap(adj.en), noun.en, tool.1);
            let slug = unique(slugify(&lv), &mut used);
            sprints[sprint].prototypes.push(i);
            let vb = r.pick(VERBS);
            let n2 = r.pick(NOUNS);
            protos.push(Proto {
                slug,
                summary: [
                    format!(
                        "{} {}, kas {} {} {}.",
                        cap(&adj.form(tool_fem(tool.0), Case::Nom, false)),
                        tool.0,
                        vb.pres,
                        n2.form(Case::Gen, true),
                        noun.form(Case::Acc, false)
                    ),
                    format!(
                        "{} {} {} that helps {} {} the {}.",
                        cap(an(adj.en)),
                        adj.en,
                        tool.1,
                        n2.en_pl,
                        vb.en,
                        noun.en
                    ),
                ],
                title: [lv, en],
                sprint,
                kind: KINDS[r.below(KINDS.len())],
                stage: STAGES[r.below(STAGES.len())],
                translated: r.chance(0.4),
            });
        }
    }

    // News.
    let n_news = (records / 20).max(5);
    let mut news = Vec::with_capacity(n_news);
    let mut used = HashSet::new();
    for _ in 0..n_news {
        let date = days_from_civil(2019, 1, 1) + r.below(2850) as i64;
        let s = &sprints[r.below(sprints.len())];
        let lv = format!("Noslēdzies sprints: {}", s.title[0]);
        let en = format!("Sprint completed: {}", s.title[1]);
        let slug = unique(
            format!("{}-{}", fmt_date(date), slugify(&s.title[0])),
            &mut used,
        );
        let k = r.range(5, 60);
        news.push(News {
            slug,
            title: [lv, en],
            date,
            summary: [
                format!("Sprintā piedalījās {k} dalībnieki no vairākām iestādēm."),
                format!("{k} participants from several institutions took part in the sprint."),
            ],
            draft: r.chance(0.02),
            translated: r.chance(0.4),
        });
    }

    World {
        inst,
        sprints,
        protos,
        terms,
        news,
    }
}

pub(crate) fn tool_fem(tool: &str) -> bool {
    tool.ends_with('a') || tool.ends_with('e')
}
