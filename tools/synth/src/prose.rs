//! Sentences and paragraphs in Latvian and English from the lexicon.

use crate::lexicon::{ADJS, Case, NOUNS, Noun, VERBS};
use crate::rng::Rng;
use crate::util::{an, cap, words};

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Lang {
    Lv,
    En,
}

pub(crate) struct Prose<'a> {
    /// (lv term nominative, en term) from the glossary, for term linking.
    pub(crate) terms: &'a [(String, String)],
    /// Institution display names (lv, en).
    pub(crate) inst: &'a [(String, String)],
}

impl Prose<'_> {
    pub(crate) fn noun<'n>(&self, r: &mut Rng) -> &'n Noun {
        r.pick(NOUNS)
    }
    pub(crate) fn thing<'n>(&self, r: &mut Rng) -> &'n Noun {
        loop {
            let x: &Noun = r.pick(NOUNS);
            if !x.person {
                return x;
            }
        }
    }
    pub(crate) fn person<'n>(&self, r: &mut Rng) -> &'n Noun {
        loop {
            let x: &Noun = r.pick(NOUNS);
            if x.person {
                return x;
            }
        }
    }

    pub(crate) fn sentence(&self, r: &mut Rng, lang: Lang) -> String {
        use Case::*;
        let t = r.below(10);
        let n1 = self.thing(r);
        let n2 = self.noun(r);
        let n3 = self.thing(r);
        let a1 = r.pick(ADJS);
        let a2 = r.pick(ADJS);
        let vb = r.pick(VERBS);
        let vb2 = r.pick(VERBS);
        // Avoid 21, 31, …: Latvian puts nouns after them in the singular.
        let num = match r.range(2, 40) {
            k if k % 10 == 1 => k + 1,
            k => k,
        };
        match lang {
            Lang::Lv => match t {
                0 => format!(
                    "{} {} {} {} {}.",
                    cap(&a1.form(n1.feminine(), Nom, false)),
                    n1.form(Nom, false),
                    vb.pres,
                    n2.form(Gen, true),
                    n3.form(Acc, false)
                ),
                1 => format!(
                    "Sprinta laikā komanda {} {} {} un {} to {}.",
                    vb.past,
                    a1.form(n1.feminine(), Acc, false),
                    n1.form(Acc, false),
                    vb2.past,
                    n3.form(Loc, false)
                ),
                2 => format!(
                    "{} {} ir {} un {}.",
                    cap(&n2.form(Gen, true)),
                    n1.form(Nom, false),
                    a1.form(n1.feminine(), Nom, false),
                    a2.form(n1.feminine(), Nom, false)
                ),
                3 => format!(
                    "Lai {}u {}, {} {} {} {}.",
                    vb.inf,
                    n1.form(Acc, false),
                    self.person(r).form(Nom, true),
                    vb2.past,
                    n2.form(Gen, true),
                    n3.form(Acc, true)
                ),
                4 => {
                    let (lv, _) = r.pick(self.inst);
                    format!(
                        "{} {} {} {} {}.",
                        lv,
                        vb.past,
                        num,
                        a1.form(n1.feminine(), Acc, true),
                        n1.form(Acc, true)
                    )
                }
                5 => format!(
                    "{} piedalījās {} {}.",
                    cap(&n1.form(Loc, false)),
                    num,
                    self.person(r).form(Nom, true)
                ),
                6 => {
                    let (term, _) = r.pick(self.terms);
                    format!(
                        "Komanda izmantoja pieeju „{}”, lai {}u {} {}.",
                        term.to_lowercase(),
                        vb.inf,
                        n2.form(Gen, true),
                        n1.form(Acc, false)
                    )
                }
                7 => format!(
                    "Ar {} {} {} {} {} {}.",
                    a1.form(n1.feminine(), Acc, false),
                    n1.form(Acc, false),
                    self.person(r).form(Nom, true),
                    vb.pres,
                    n3.form(Acc, true),
                    self.person(r).form(Dat, true)
                ),
                8 => format!(
                    "{} {} ir jāpārskata, jo {} {} nav {}.",
                    cap(&a1.def(n1.feminine(), Nom, true)),
                    n1.form(Nom, true),
                    n2.form(Gen, true),
                    n3.form(Nom, false),
                    a2.form(n3.feminine(), Nom, false)
                ),
                _ => format!(
                    "Darbnīcās tika {} {} {} {}, un {} {} {}.",
                    if n1.feminine() {
                        "izveidotas"
                    } else {
                        "izveidoti"
                    },
                    num,
                    a1.form(n1.feminine(), Nom, true),
                    n1.form(Nom, true),
                    self.person(r).form(Nom, true),
                    vb2.past,
                    n3.form(Acc, false)
                ),
            },
            Lang::En => match t {
                0 | 8 => format!(
                    "{} {} {} helps {} {} the {}.",
                    cap(an(a1.en)),
                    a1.en,
                    n1.en,
                    n2.en_pl,
                    vb.en,
                    n3.en
                ),
                1 => format!(
                    "During the sprint the team {} {} {} {} and {} it in the {}.",
                    vb.en_past,
                    an(a1.en),
                    a1.en,
                    n1.en,
                    vb2.en_past,
                    n3.en
                ),
                2 => format!("The {} of {} is {} and {}.", n1.en, n2.en_pl, a1.en, a2.en),
                3 => format!(
                    "To {} the {}, {} {} {} {}.",
                    vb.en,
                    n1.en,
                    self.person(r).en_pl,
                    vb2.en_past,
                    num,
                    n3.en_pl
                ),
                4 => {
                    let (_, en) = r.pick(self.inst);
                    format!("The {} {} {} {} {}.", en, vb.en_past, num, a1.en, n1.en_pl)
                }
                5 => format!(
                    "{} {} took part in the {}.",
                    num,
                    self.person(r).en_pl,
                    n1.en
                ),
                6 => {
                    let (_, term) = r.pick(self.terms);
                    format!(
                        "The team used {} to {} the {} of {}.",
                        term.to_lowercase(),
                        vb.en,
                        n1.en,
                        n2.en_pl
                    )
                }
                7 => format!(
                    "With {} {} {}, {} {} {} {}.",
                    an(a1.en),
                    a1.en,
                    n1.en,
                    self.person(r).en_pl,
                    vb.en,
                    a2.en,
                    n3.en_pl
                ),
                _ => format!(
                    "In the workshops {} {} {} were created, and the {} {} the {}.",
                    num,
                    a1.en,
                    n1.en_pl,
                    self.person(r).en_pl,
                    vb2.en_past,
                    n3.en
                ),
            },
        }
    }

    pub(crate) fn paragraph(&self, r: &mut Rng, lang: Lang, min: usize, max: usize) -> String {
        let k = r.range(min, max);
        let mut s = String::new();
        for i in 0..k {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&self.sentence(r, lang));
        }
        // Occasional inline emphasis and strikethrough.
        if r.chance(0.1) {
            s.push_str(match lang {
                Lang::Lv => " Tas ir **būtiski** visām iesaistītajām pusēm.",
                Lang::En => " This is **essential** for everyone involved.",
            });
        }
        if r.chance(0.05) {
            s.push_str(match lang {
                Lang::Lv => " Sākotnējais termiņš ~~bija pārāk īss~~ tika pagarināts.",
                Lang::En => " The original deadline ~~was too short~~ was extended.",
            });
        }
        s
    }

    pub(crate) fn paragraphs(&self, r: &mut Rng, lang: Lang, target: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut total = 0;
        while total < target {
            let p = self.paragraph(r, lang, 3, 6);
            total += words(&p);
            out.push(p);
        }
        out
    }
}
