//! `inolab-synth`: a deterministic generator of synthetic sites for the build
//! benchmarks (see `BENCHMARKS.md` and `benches/build.sh`).
//!
//! ```text
//! inolab-synth --records N --seed S --out DIR [--hugo DIR] [--themes PATH]
//! ```
//!
//! Writes a site in inolab's content format (`docs/content-format.md`) with
//! N sprints, about N/2 prototypes, N/50 institutions (at least 20), 30
//! topics, N/20 glossary terms (at least 20), 10 annex chapters, a few pages
//! and N/20 news items; about 40 % of the records have an English
//! translation. With `--hugo DIR` it also writes the same pages as a Hugo
//! site (multilingual, same taxonomies, templates of comparable weight).
//!
//! The output depends only on the arguments (and on the copied theme and
//! `site.yaml`): no clock, no hash-map iteration order, one seeded PRNG.
//! Standard library only.

use inolab::validate::slugify;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const MARKER: &str = ".inolab-synth";

// ---------------------------------------------------------------------------
// PRNG: splitmix64

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5eed_1a7b_0000_0001)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        // Lemire's multiply-shift; the tiny bias is irrelevant here.
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Between `lo` and `hi` distinct indices in `0..n`.
    fn some(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.distinct(n, k)
    }
    /// `k` distinct indices in `0..n`, in the order drawn.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Latvian morphology: enough for grammatical sentences with real endings.

#[derive(Clone, Copy, PartialEq)]
enum Decl {
    /// 1st declension masculine, nominative -s (pakalpojums).
    M1,
    /// 1st declension masculine, nominative -š (ceļš).
    M1Sh,
    /// 4th declension feminine, -a (sistēma).
    F4,
    /// 5th declension feminine, -e (iestāde); genitive plural given.
    F5,
}

#[derive(Clone, Copy)]
enum Case {
    Nom,
    Gen,
    Dat,
    Acc,
    Loc,
}

struct Noun {
    stem: &'static str,
    decl: Decl,
    /// Genitive plural for the 5th declension (consonant alternation).
    gen_pl: &'static str,
    en: &'static str,
    en_pl: &'static str,
    person: bool,
}

const fn n(stem: &'static str, decl: Decl, en: &'static str, en_pl: &'static str) -> Noun {
    Noun {
        stem,
        decl,
        gen_pl: "",
        en,
        en_pl,
        person: false,
    }
}
const fn p(stem: &'static str, en: &'static str, en_pl: &'static str) -> Noun {
    Noun {
        stem,
        decl: Decl::M1,
        gen_pl: "",
        en,
        en_pl,
        person: true,
    }
}
const fn f5(
    stem: &'static str,
    gen_pl: &'static str,
    en: &'static str,
    en_pl: &'static str,
) -> Noun {
    Noun {
        stem,
        decl: Decl::F5,
        gen_pl,
        en,
        en_pl,
        person: false,
    }
}

use Decl::*;

const NOUNS: &[Noun] = &[
    n("pakalpojum", M1, "service", "services"),
    n("risinājum", M1, "solution", "solutions"),
    n("prototip", M1, "prototype", "prototypes"),
    n("rīk", M1, "tool", "tools"),
    n("dokument", M1, "document", "documents"),
    n("pieteikum", M1, "application", "applications"),
    n("uzdevum", M1, "task", "tasks"),
    n("projekt", M1, "project", "projects"),
    n("lēmum", M1, "decision", "decisions"),
    n("ieteikum", M1, "recommendation", "recommendations"),
    n("pārskat", M1, "report", "reports"),
    n("portāl", M1, "portal", "portals"),
    n("reģistr", M1, "register", "registers"),
    n("jautājum", M1, "question", "questions"),
    n("rezultāt", M1, "result", "results"),
    n("izaicinājum", M1, "challenge", "challenges"),
    n("proces", M1, "process", "processes"),
    n("slog", M1, "burden", "burdens"),
    n("saskaņojum", M1, "approval", "approvals"),
    n("ceļ", M1Sh, "path", "paths"),
    n("sistēm", F4, "system", "systems"),
    n("platform", F4, "platform", "platforms"),
    n("programm", F4, "programme", "programmes"),
    n("vajadzīb", F4, "need", "needs"),
    n("iespēj", F4, "opportunity", "opportunities"),
    n("komand", F4, "team", "teams"),
    n("darbnīc", F4, "workshop", "workshops"),
    n("kopien", F4, "community", "communities"),
    n("procedūr", F4, "procedure", "procedures"),
    n("stratēģij", F4, "strategy", "strategies"),
    n("informācij", F4, "information", "information"),
    n("sadarbīb", F4, "cooperation", "cooperation"),
    n("pašvaldīb", F4, "municipality", "municipalities"),
    n("politik", F4, "policy", "policies"),
    n("veidlap", F4, "form", "forms"),
    n("pieej", F4, "approach", "approaches"),
    n("sabiedrīb", F4, "society", "societies"),
    n("atskait", F4, "statement", "statements"),
    f5("iestād", "iestāžu", "institution", "institutions"),
    f5("metod", "metožu", "method", "methods"),
    f5("pārvald", "pārvalžu", "administration", "administrations"),
    f5("kvalitāt", "kvalitāšu", "quality", "qualities"),
    f5("pieredz", "pieredžu", "experience", "experiences"),
    f5("datubāz", "datubāžu", "database", "databases"),
    f5("kart", "karšu", "map", "maps"),
    f5("praks", "prakšu", "practice", "practices"),
    f5("saskarn", "saskarņu", "interface", "interfaces"),
    f5("vid", "vižu", "environment", "environments"),
    p("dalībniek", "participant", "participants"),
    p("ekspert", "expert", "experts"),
    p("darbiniek", "employee", "employees"),
    p("iedzīvotāj", "resident", "residents"),
    p("lietotāj", "user", "users"),
    p("klient", "client", "clients"),
    p("speciālist", "specialist", "specialists"),
    p("fasilitator", "facilitator", "facilitators"),
];

impl Noun {
    fn form(&self, case: Case, plural: bool) -> String {
        let i = case as usize;
        let end: &str = match (self.decl, plural) {
            (M1, false) => ["s", "a", "am", "u", "ā"][i],
            (M1Sh, false) => ["š", "a", "am", "u", "ā"][i],
            (M1 | M1Sh, true) => ["i", "u", "iem", "us", "os"][i],
            (F4, false) => ["a", "as", "ai", "u", "ā"][i],
            (F4, true) => ["as", "u", "ām", "as", "ās"][i],
            (F5, false) => ["e", "es", "ei", "i", "ē"][i],
            (F5, true) => {
                if i == 1 {
                    return self.gen_pl.to_string();
                }
                ["es", "", "ēm", "es", "ēs"][i]
            }
        };
        format!("{}{}", self.stem, end)
    }
    fn feminine(&self) -> bool {
        matches!(self.decl, F4 | F5)
    }
}

struct Adj {
    stem: &'static str,
    en: &'static str,
}
const fn a(stem: &'static str, en: &'static str) -> Adj {
    Adj { stem, en }
}
const ADJS: &[Adj] = &[
    a("jaun", "new"),
    a("digitāl", "digital"),
    a("efektīv", "efficient"),
    a("vienkārš", "simple"),
    a("inovatīv", "innovative"),
    a("sociāl", "social"),
    a("pieejam", "accessible"),
    a("droš", "secure"),
    a("skaidr", "clear"),
    a("kopīg", "shared"),
    a("lietotājdraudzīg", "user-friendly"),
    a("elektronisk", "electronic"),
    a("vienot", "unified"),
    a("ilgtspējīg", "sustainable"),
    a("ātr", "fast"),
    a("modern", "modern"),
    a("reģionāl", "regional"),
    a("publisk", "public"),
    a("administratīv", "administrative"),
    a("sarežģīt", "complex"),
    a("saprotam", "understandable"),
    a("atvērt", "open"),
];

impl Adj {
    /// Indefinite form agreeing with a noun.
    fn form(&self, fem: bool, case: Case, plural: bool) -> String {
        let i = case as usize;
        let end = match (fem, plural) {
            (false, false) => ["s", "a", "am", "u", "ā"][i],
            (false, true) => ["i", "u", "iem", "us", "os"][i],
            (true, false) => ["a", "as", "ai", "u", "ā"][i],
            (true, true) => ["as", "u", "ām", "as", "ās"][i],
        };
        format!("{}{}", self.stem, end)
    }
    /// Definite form (digitālais, digitālo, …).
    fn def(&self, fem: bool, case: Case, plural: bool) -> String {
        let i = case as usize;
        let end = match (fem, plural) {
            (false, false) => ["ais", "ā", "ajam", "o", "ajā"][i],
            (false, true) => ["ie", "o", "ajiem", "os", "ajos"][i],
            (true, false) => ["ā", "ās", "ajai", "o", "ajā"][i],
            (true, true) => ["ās", "o", "ajām", "ās", "ajās"][i],
        };
        format!("{}{}", self.stem, end)
    }
}

struct Verb {
    pres: &'static str,
    past: &'static str,
    inf: &'static str,
    en: &'static str,
    en_past: &'static str,
}
const fn v(
    pres: &'static str,
    past: &'static str,
    inf: &'static str,
    en: &'static str,
    en_past: &'static str,
) -> Verb {
    Verb {
        pres,
        past,
        inf,
        en,
        en_past,
    }
}
const VERBS: &[Verb] = &[
    v("uzlabo", "uzlaboja", "uzlabot", "improve", "improved"),
    v(
        "pilnveido",
        "pilnveidoja",
        "pilnveidot",
        "refine",
        "refined",
    ),
    v("analizē", "analizēja", "analizēt", "analyse", "analysed"),
    v("testē", "testēja", "testēt", "test", "tested"),
    v(
        "atbalsta",
        "atbalstīja",
        "atbalstīt",
        "support",
        "supported",
    ),
    v(
        "vienkāršo",
        "vienkāršoja",
        "vienkāršot",
        "simplify",
        "simplified",
    ),
    v(
        "izstrādā",
        "izstrādāja",
        "izstrādāt",
        "develop",
        "developed",
    ),
    v(
        "nodrošina",
        "nodrošināja",
        "nodrošināt",
        "ensure",
        "ensured",
    ),
    v("samazina", "samazināja", "samazināt", "reduce", "reduced"),
    v("pārskata", "pārskatīja", "pārskatīt", "review", "reviewed"),
    v("veido", "veidoja", "veidot", "build", "built"),
    v(
        "apraksta",
        "aprakstīja",
        "aprakstīt",
        "describe",
        "described",
    ),
    v("pārbauda", "pārbaudīja", "pārbaudīt", "check", "checked"),
    v("ievieš", "ieviesa", "ieviest", "introduce", "introduced"),
    v(
        "digitalizē",
        "digitalizēja",
        "digitalizēt",
        "digitalise",
        "digitalised",
    ),
    v("kartē", "kartēja", "kartēt", "map", "mapped"),
];

/// Process nouns for titles: (nominative, dative, English).
const PROCESSES: &[(&str, &str, &str)] = &[
    ("pilnveide", "pilnveidei", "Improvement"),
    ("vienkāršošana", "vienkāršošanai", "Simplification"),
    ("digitalizācija", "digitalizācijai", "Digitalisation"),
    ("pārskatīšana", "pārskatīšanai", "Review"),
    ("izstrāde", "izstrādei", "Design"),
    ("uzlabošana", "uzlabošanai", "Enhancement"),
    ("pārveide", "pārveidei", "Redesign"),
    ("ieviešana", "ieviešanai", "Introduction"),
    ("testēšana", "testēšanai", "Testing"),
    ("kartēšana", "kartēšanai", "Mapping"),
    ("mērogošana", "mērogošanai", "Scaling"),
    ("modernizācija", "modernizācijai", "Modernisation"),
];

/// Tools for prototype titles: (Latvian nominative, English).
const TOOLS: &[(&str, &str)] = &[
    ("rīks", "tool"),
    ("karte", "map"),
    ("platforma", "platform"),
    ("kalkulators", "calculator"),
    ("veidlapa", "form"),
    ("tērzētājs", "chatbot"),
    ("portāls", "portal"),
    ("modelis", "model"),
    ("ceļvedis", "guide"),
    ("kontrolsaraksts", "checklist"),
    ("vadības panelis", "dashboard"),
    ("pieteikšanās plūsma", "sign-up flow"),
];

/// Places: (id part, genitive, kind word for the locative, English).
const PLACES: &[(&str, &str, &str, &str)] = &[
    ("rigas", "Rīgas", "valstspilsētā", "Riga"),
    ("daugavpils", "Daugavpils", "valstspilsētā", "Daugavpils"),
    ("jelgavas", "Jelgavas", "valstspilsētā", "Jelgava"),
    ("jurmalas", "Jūrmalas", "valstspilsētā", "Jūrmala"),
    ("liepajas", "Liepājas", "valstspilsētā", "Liepāja"),
    ("rezeknes", "Rēzeknes", "valstspilsētā", "Rēzekne"),
    ("ventspils", "Ventspils", "valstspilsētā", "Ventspils"),
    ("aizkraukles", "Aizkraukles", "novadā", "Aizkraukle"),
    ("aluksnes", "Alūksnes", "novadā", "Alūksne"),
    ("augsdaugavas", "Augšdaugavas", "novadā", "Augšdaugava"),
    ("adazu", "Ādažu", "novadā", "Ādaži"),
    ("balvu", "Balvu", "novadā", "Balvi"),
    ("bauskas", "Bauskas", "novadā", "Bauska"),
    ("cesu", "Cēsu", "novadā", "Cēsis"),
    (
        "dienvidkurzemes",
        "Dienvidkurzemes",
        "novadā",
        "South Kurzeme",
    ),
    ("dobeles", "Dobeles", "novadā", "Dobele"),
    ("gulbenes", "Gulbenes", "novadā", "Gulbene"),
    ("jekabpils", "Jēkabpils", "novadā", "Jēkabpils"),
    ("kraslavas", "Krāslavas", "novadā", "Krāslava"),
    ("kuldigas", "Kuldīgas", "novadā", "Kuldīga"),
    ("kekavas", "Ķekavas", "novadā", "Ķekava"),
    ("limbazu", "Limbažu", "novadā", "Limbaži"),
    ("livanu", "Līvānu", "novadā", "Līvāni"),
    ("ludzas", "Ludzas", "novadā", "Ludza"),
    ("madonas", "Madonas", "novadā", "Madona"),
    ("marupes", "Mārupes", "novadā", "Mārupe"),
    ("ogres", "Ogres", "novadā", "Ogre"),
    ("olaines", "Olaines", "novadā", "Olaine"),
    ("preilu", "Preiļu", "novadā", "Preiļi"),
    ("ropazu", "Ropažu", "novadā", "Ropaži"),
    ("salaspils", "Salaspils", "novadā", "Salaspils"),
    ("saldus", "Saldus", "novadā", "Saldus"),
    ("saulkrastu", "Saulkrastu", "novadā", "Saulkrasti"),
    ("siguldas", "Siguldas", "novadā", "Sigulda"),
    ("smiltenes", "Smiltenes", "novadā", "Smiltene"),
    ("talsu", "Talsu", "novadā", "Talsi"),
    ("tukuma", "Tukuma", "novadā", "Tukums"),
    ("valkas", "Valkas", "novadā", "Valka"),
    ("valmieras", "Valmieras", "novadā", "Valmiera"),
    ("varaklanu", "Varakļānu", "novadā", "Varakļāni"),
];

/// Municipal bodies: (id suffix, Latvian, English, kind).
const BODIES: &[(&str, &str, &str, &str)] = &[
    ("pasvaldiba", "pašvaldība", "Municipality", "municipality"),
    (
        "socialais-dienests",
        "sociālais dienests",
        "Social Service",
        "municipality",
    ),
    ("buvvalde", "būvvalde", "Building Authority", "municipality"),
    (
        "izglitibas-parvalde",
        "izglītības pārvalde",
        "Education Board",
        "municipality",
    ),
    (
        "centrala-biblioteka",
        "centrālā bibliotēka",
        "Central Library",
        "other",
    ),
    (
        "dzimtsarakstu-nodala",
        "dzimtsarakstu nodaļa",
        "Registry Office",
        "municipality",
    ),
    (
        "attistibas-agentura",
        "attīstības aģentūra",
        "Development Agency",
        "agency",
    ),
];

const STATE_BODIES: &[(&str, &str, &str, &str)] = &[
    (
        "valsts-kanceleja",
        "Valsts kanceleja",
        "State Chancellery",
        "other",
    ),
    (
        "ekonomikas-ministrija",
        "Ekonomikas ministrija",
        "Ministry of Economics",
        "ministry",
    ),
    (
        "finansu-ministrija",
        "Finanšu ministrija",
        "Ministry of Finance",
        "ministry",
    ),
    (
        "iekslietu-ministrija",
        "Iekšlietu ministrija",
        "Ministry of the Interior",
        "ministry",
    ),
    (
        "izglitibas-un-zinatnes-ministrija",
        "Izglītības un zinātnes ministrija",
        "Ministry of Education and Science",
        "ministry",
    ),
    (
        "kulturas-ministrija",
        "Kultūras ministrija",
        "Ministry of Culture",
        "ministry",
    ),
    (
        "labklajibas-ministrija",
        "Labklājības ministrija",
        "Ministry of Welfare",
        "ministry",
    ),
    (
        "satiksmes-ministrija",
        "Satiksmes ministrija",
        "Ministry of Transport",
        "ministry",
    ),
    (
        "tieslietu-ministrija",
        "Tieslietu ministrija",
        "Ministry of Justice",
        "ministry",
    ),
    (
        "veselibas-ministrija",
        "Veselības ministrija",
        "Ministry of Health",
        "ministry",
    ),
    (
        "zemkopibas-ministrija",
        "Zemkopības ministrija",
        "Ministry of Agriculture",
        "ministry",
    ),
    (
        "aizsardzibas-ministrija",
        "Aizsardzības ministrija",
        "Ministry of Defence",
        "ministry",
    ),
    (
        "arlietu-ministrija",
        "Ārlietu ministrija",
        "Ministry of Foreign Affairs",
        "ministry",
    ),
    (
        "klimata-un-energetikas-ministrija",
        "Klimata un enerģētikas ministrija",
        "Ministry of Climate and Energy",
        "ministry",
    ),
    (
        "viedas-administracijas-un-regionalas-attistibas-ministrija",
        "Viedās administrācijas un reģionālās attīstības ministrija",
        "Ministry of Smart Administration and Regional Development",
        "ministry",
    ),
    (
        "valsts-ienemumu-dienests",
        "Valsts ieņēmumu dienests",
        "State Revenue Service",
        "agency",
    ),
    (
        "valsts-socialas-apdrosinasanas-agentura",
        "Valsts sociālās apdrošināšanas aģentūra",
        "State Social Insurance Agency",
        "agency",
    ),
    (
        "nodarbinatibas-valsts-agentura",
        "Nodarbinātības valsts aģentūra",
        "State Employment Agency",
        "agency",
    ),
    (
        "lauku-atbalsta-dienests",
        "Lauku atbalsta dienests",
        "Rural Support Service",
        "agency",
    ),
    (
        "centrala-statistikas-parvalde",
        "Centrālā statistikas pārvalde",
        "Central Statistical Bureau",
        "agency",
    ),
    (
        "uznemumu-registrs",
        "Uzņēmumu reģistrs",
        "Register of Enterprises",
        "agency",
    ),
    (
        "valsts-digitalas-attistibas-agentura",
        "Valsts digitālās attīstības aģentūra",
        "State Digital Development Agency",
        "agency",
    ),
    (
        "valsts-zemes-dienests",
        "Valsts zemes dienests",
        "State Land Service",
        "agency",
    ),
    (
        "pilsonibas-un-migracijas-lietu-parvalde",
        "Pilsonības un migrācijas lietu pārvalde",
        "Office of Citizenship and Migration Affairs",
        "agency",
    ),
    (
        "valsts-policija",
        "Valsts policija",
        "State Police",
        "agency",
    ),
    (
        "veselibas-inspekcija",
        "Veselības inspekcija",
        "Health Inspectorate",
        "agency",
    ),
    ("valsts-kase", "Valsts kase", "State Treasury", "agency"),
    (
        "iepirkumu-uzraudzibas-birojs",
        "Iepirkumu uzraudzības birojs",
        "Procurement Monitoring Bureau",
        "agency",
    ),
];

const TOPICS: &[(&str, &str, &str)] = &[
    ("agriculture", "Lauksaimniecība", "Agriculture"),
    ("business", "Uzņēmējdarbība", "Business"),
    ("civil-protection", "Civilā aizsardzība", "Civil protection"),
    ("culture", "Kultūra", "Culture"),
    (
        "digital-services",
        "Digitālie pakalpojumi",
        "Digital services",
    ),
    ("e-procurement", "E-iepirkumi", "E-procurement"),
    ("economy", "Ekonomika", "Economy"),
    ("education", "Izglītība", "Education"),
    ("environment", "Vide un daba", "Environment and nature"),
    ("health", "Veselība", "Health"),
    ("justice", "Tieslietas", "Justice"),
    ("land-and-property", "Zeme un īpašums", "Land and property"),
    ("local-government", "Pašvaldības", "Local government"),
    ("open-data", "Atvērtie dati", "Open data"),
    (
        "public-administration",
        "Valsts pārvalde",
        "Public administration",
    ),
    (
        "public-participation",
        "Sabiedrības līdzdalība",
        "Public participation",
    ),
    (
        "regional-development",
        "Reģionālā attīstība",
        "Regional development",
    ),
    ("social-affairs", "Sociālā joma", "Social affairs"),
    ("transport", "Transports", "Transport"),
    ("taxes", "Nodokļi", "Taxes"),
    ("employment", "Nodarbinātība", "Employment"),
    ("housing", "Mājokļi", "Housing"),
    ("energy", "Enerģētika", "Energy"),
    ("security", "Drošība", "Security"),
    ("youth", "Jaunatne", "Youth"),
    ("seniors", "Seniori", "Seniors"),
    ("migration", "Migrācija", "Migration"),
    ("statistics", "Statistika", "Statistics"),
    ("tourism", "Tūrisms", "Tourism"),
    ("human-resources", "Personāla vadība", "Human resources"),
];

const RESULTS: &[(&str, &str, &str)] = &[
    ("prototype", "Risinājumu prototipi", "Solution prototypes"),
    (
        "less-bureaucracy",
        "Birokrātijas mazināšana",
        "Less bureaucracy",
    ),
    (
        "digitalisation",
        "Pakalpojumu digitalizācija",
        "Digitalisation of services",
    ),
    (
        "horizontal-cooperation",
        "Horizontālā sadarbība",
        "Horizontal cooperation",
    ),
    ("networks", "Sadarbības tīkli", "Cooperation networks"),
];

const KINDS: &[&str] = &[
    "digital-tool",
    "service-model",
    "process",
    "physical-space",
    "policy",
    "roadmap",
];
const STAGES: &[&str] = &["concept", "prototype", "tested", "piloting", "implemented"];

/// Real glossary terms: (lv, en, lv aliases).
const TERMS: &[(&str, &str, &str)] = &[
    (
        "Dizaina domāšana",
        "Design thinking",
        "dizaina domāšanas, dizaina domāšanu",
    ),
    (
        "Fasilitācija",
        "Facilitation",
        "fasilitācijas, fasilitāciju",
    ),
    (
        "Inovācijas sprints",
        "Innovation sprint",
        "inovācijas sprinta, sprints, sprinti",
    ),
    ("Koprade", "Co-creation", "koprades, kopradi"),
    ("Prototips", "Prototype", "prototipa, prototipu, prototipi"),
    ("Hakatons", "Hackathon", "hakatona, hakatonu"),
    (
        "Lietotāja ceļš",
        "User journey",
        "lietotāja ceļa, lietotāju ceļš",
    ),
    (
        "Pakalpojumu dizains",
        "Service design",
        "pakalpojumu dizaina",
    ),
    (
        "Administratīvais slogs",
        "Administrative burden",
        "administratīvā sloga, administratīvo slogu",
    ),
    (
        "Pilotprojekts",
        "Pilot project",
        "pilotprojekta, pilotprojektu",
    ),
    (
        "Empātijas karte",
        "Empathy map",
        "empātijas kartes, empātijas karti",
    ),
    ("Ideju ģenerēšana", "Ideation", "ideju ģenerēšanas"),
    ("Lietotāju izpēte", "User research", "lietotāju izpētes"),
    (
        "Inovācijas kapacitāte",
        "Innovation capacity",
        "inovācijas kapacitātes",
    ),
    (
        "Starpnozaru sadarbība",
        "Cross-sector cooperation",
        "starpnozaru sadarbības",
    ),
    ("Mērogošana", "Scaling", "mērogošanas"),
    (
        "Testēšana ar lietotājiem",
        "User testing",
        "lietotāju testēšana",
    ),
    (
        "Problēmas definēšana",
        "Problem definition",
        "problēmas definēšanas",
    ),
    (
        "Inovācijas ekspertu tīkls",
        "Innovation expert network",
        "ekspertu tīkls, ekspertu tīkla",
    ),
    (
        "Uzvedības ieskati",
        "Behavioural insights",
        "uzvedības ieskatu",
    ),
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Jānis",
    "Līga",
    "Mārtiņš",
    "Ilze",
    "Andris",
    "Kristīne",
    "Edgars",
    "Inese",
    "Raimonds",
    "Dace",
    "Pēteris",
    "Zane",
    "Gatis",
    "Laura",
    "Uldis",
    "Sanita",
    "Kārlis",
    "Elīna",
    "Artūrs",
];
const LAST_NAMES: &[&str] = &[
    "Bērziņa",
    "Kalniņš",
    "Ozola",
    "Liepiņš",
    "Krūmiņa",
    "Zariņš",
    "Vītola",
    "Jansons",
    "Kļaviņa",
    "Pētersons",
    "Eglīte",
    "Siliņš",
];

// ---------------------------------------------------------------------------
// Dates (days since 1970-01-01, proleptic Gregorian)

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn fmt_date(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

fn year_of(z: i64) -> i64 {
    civil_from_days(z).0
}

// ---------------------------------------------------------------------------
// Helpers

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn flow(ids: &[&str]) -> String {
    format!("[{}]", ids.join(", "))
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let mut i = 2;
    loop {
        let s = format!("{base}-{i}");
        if used.insert(s.clone()) {
            return s;
        }
        i += 1;
    }
}

/// English indefinite article for a word.
fn an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

// ---------------------------------------------------------------------------
// Text generation

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Lv,
    En,
}

struct Prose<'a> {
    /// (lv term nominative, en term) from the glossary, for term linking.
    terms: &'a [(String, String)],
    /// Institution display names (lv, en).
    inst: &'a [(String, String)],
}

impl Prose<'_> {
    fn noun<'n>(&self, r: &mut Rng) -> &'n Noun {
        r.pick(NOUNS)
    }
    fn thing<'n>(&self, r: &mut Rng) -> &'n Noun {
        loop {
            let x: &Noun = r.pick(NOUNS);
            if !x.person {
                return x;
            }
        }
    }
    fn person<'n>(&self, r: &mut Rng) -> &'n Noun {
        loop {
            let x: &Noun = r.pick(NOUNS);
            if x.person {
                return x;
            }
        }
    }

    fn sentence(&self, r: &mut Rng, lang: Lang) -> String {
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

    fn paragraph(&self, r: &mut Rng, lang: Lang, min: usize, max: usize) -> String {
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

    fn paragraphs(&self, r: &mut Rng, lang: Lang, target: usize) -> Vec<String> {
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

// ---------------------------------------------------------------------------
// Records

struct Inst {
    id: String,
    lv: String,
    en: String,
    kind: &'static str,
    website: Option<String>,
}

struct Sprint {
    slug: String,
    title: [String; 2],
    institutions: Vec<usize>,
    partners: Vec<usize>,
    status: &'static str,
    start: Option<i64>,
    end: Option<i64>,
    year: Option<i64>,
    participants: Option<usize>,
    outcome: Option<[String; 2]>,
    results: Vec<usize>,
    topics: Vec<usize>,
    prototypes: Vec<usize>,
    funding: Option<usize>,
    draft: bool,
    note: bool,
    translated: bool,
}

struct Proto {
    slug: String,
    title: [String; 2],
    sprint: usize,
    kind: &'static str,
    stage: &'static str,
    summary: [String; 2],
    translated: bool,
}

struct Term {
    slug: String,
    term: [String; 2],
    aliases: [Vec<String>; 2],
    related: Vec<usize>,
    translated: bool,
}

struct News {
    slug: String,
    title: [String; 2],
    date: i64,
    summary: [String; 2],
    draft: bool,
    translated: bool,
}

const FUNDING: &[&str] = &[
    "rrf-6-3-1-r",
    "rrf-6-3-1-3-i",
    "esf-4-2-1",
    "valsts-budzets",
];

struct World {
    inst: Vec<Inst>,
    sprints: Vec<Sprint>,
    protos: Vec<Proto>,
    terms: Vec<Term>,
    news: Vec<News>,
}

fn build_world(records: usize, r: &mut Rng) -> World {
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
        let slug = if used.contains(&slug) && attempts < n_terms * 4 {
            continue;
        } else {
            unique(slug, &mut used)
        };
        let mut en = format!("{} {}", cap(adj.en), noun.en);
        if slug.ends_with(|c: char| c.is_ascii_digit()) {
            en = format!("{en} ({})", slug.rsplit('-').next().unwrap_or(""));
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
        terms.push(Term {
            slug,
            aliases: [aliases_lv, vec![format!("{} {}", adj.en, noun.en_pl)]],
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

fn tool_fem(tool: &str) -> bool {
    tool.ends_with('a') || tool.ends_with('e')
}

// ---------------------------------------------------------------------------
// Bodies

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST_NAMES), r.pick(LAST_NAMES))
}

const PHASES: &[(&str, &str)] = &[
    ("Izpēte", "Research"),
    ("Problēmas definēšana", "Problem definition"),
    ("Ideju ģenerēšana", "Ideation"),
    ("Prototipēšana", "Prototyping"),
    ("Testēšana", "Testing"),
    ("Ieviešanas plāns", "Implementation plan"),
];

fn code_block(r: &mut Rng, slug: &str, phases: &[(usize, usize, usize)]) -> String {
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

fn sprint_body(r: &mut Rng, w: &World, prose: &Prose, i: usize, lang: Lang) -> String {
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

trait Li {
    fn li(&self, i: usize) -> &'static str;
}
impl Li for (&'static str, &'static str) {
    fn li(&self, i: usize) -> &'static str {
        if i == 0 { self.0 } else { self.1 }
    }
}

fn short_body(r: &mut Rng, prose: &Prose, lang: Lang, min: usize, max: usize) -> String {
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

fn long_body(r: &mut Rng, prose: &Prose, lang: Lang, sections: usize, sec_words: usize) -> String {
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

// ---------------------------------------------------------------------------
// Output

struct Out {
    root: PathBuf,
    files: usize,
    bytes: usize,
}

impl Out {
    fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text)?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }
}

fn prepare_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !dir.join(MARKER).exists() {
                return Err(format!(
                    "{} exists, is not empty and was not written by inolab-synth; refusing to overwrite",
                    dir.display()
                ));
            }
            fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let ty = e.file_type()?;
        let dst = to.join(e.file_name());
        if ty.is_dir() {
            copy_dir(&e.path(), &dst)?;
        } else if ty.is_file() || ty.is_symlink() {
            fs::copy(e.path(), dst)?;
        }
    }
    Ok(())
}

fn opt_note(fm: &mut String, note: bool, lang: Lang) {
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

const DEFAULT_SITE_YAML: &str = r#"title: { lv: "Inovācijas laboratorija", en: "Innovation Laboratory" }
description: { lv: "Valsts kancelejas Inovācijas laboratorija: inovācijas sprinti, prototipi un vadlīnijas.", en: "The State Chancellery Innovation Laboratory: innovation sprints, prototypes and guidelines." }
base_url: "https://inovacija.example/"
languages:
  - { code: lv, name: "Latviešu" }
  - { code: en, name: "English" }
default_language: lv
theme: default
contact_email: inovacija@mk.gov.lv
"#;

struct Args {
    records: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
    themes: PathBuf,
    site_yaml: Option<PathBuf>,
}

const USAGE: &str = "usage: inolab-synth --records N [--seed S] --out DIR [--hugo DIR] [--themes PATH] [--site-yaml PATH]\n\
\n\
Writes a deterministic synthetic inolab site (N sprints, N/2 prototypes, …) to DIR,\n\
and with --hugo the equivalent Hugo site. DIR must be empty, absent, or an earlier\n\
inolab-synth output (which is replaced). --themes (default: the repository's themes/)\n\
is copied into DIR/themes; --site-yaml (default: the repository's site.yaml when present,\n\
else a built-in one) is copied to DIR/site.yaml.";

fn parse_args() -> Result<Args, String> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut records = None;
    let mut seed = 1;
    let mut out = None;
    let mut hugo = None;
    let mut themes = manifest.join("themes");
    let mut site_yaml = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .ok_or_else(|| format!("{a} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--records" | "-n" => {
                records = Some(
                    val()?
                        .parse::<usize>()
                        .map_err(|e| format!("--records: {e}"))?,
                )
            }
            "--seed" => seed = val()?.parse::<u64>().map_err(|e| format!("--seed: {e}"))?,
            "--out" | "-o" => out = Some(PathBuf::from(val()?)),
            "--hugo" => hugo = Some(PathBuf::from(val()?)),
            "--themes" => themes = PathBuf::from(val()?),
            "--site-yaml" => site_yaml = Some(PathBuf::from(val()?)),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    let records = records.ok_or_else(|| format!("--records is required\n\n{USAGE}"))?;
    if records == 0 {
        return Err("--records must be at least 1".into());
    }
    let out = out.ok_or_else(|| format!("--out is required\n\n{USAGE}"))?;
    if site_yaml.is_none() {
        let p = manifest.join("site.yaml");
        if p.is_file() {
            site_yaml = Some(p);
        }
    }
    Ok(Args {
        records,
        seed,
        out,
        hugo,
        themes,
        site_yaml,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("inolab-synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let mut r = Rng::new(args.seed);
    let world = build_world(args.records, &mut r);
    let site_yaml = match &args.site_yaml {
        Some(p) => fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => DEFAULT_SITE_YAML.to_string(),
    };
    let texts = render_texts(&world, &mut r);

    prepare_dir(&args.out)?;
    let mut out = Out {
        root: args.out.clone(),
        files: 0,
        bytes: 0,
    };
    write_inolab(&mut out, &world, &texts, &site_yaml).map_err(|e| e.to_string())?;
    if args.themes.is_dir() {
        copy_dir(&args.themes, &args.out.join("themes")).map_err(|e| e.to_string())?;
    } else {
        eprintln!(
            "inolab-synth: warning: no themes at {}; DIR/themes not written",
            args.themes.display()
        );
    }
    fs::write(
        args.out.join(MARKER),
        format!("records={} seed={}\n", args.records, args.seed),
    )
    .map_err(|e| e.to_string())?;
    eprintln!(
        "inolab-synth: {} files, {} bytes of content in {} ({} sprints, {} prototypes, {} institutions, {} terms, {} news)",
        out.files,
        out.bytes,
        args.out.display(),
        world.sprints.len(),
        world.protos.len(),
        world.inst.len(),
        world.terms.len(),
        world.news.len()
    );

    if let Some(h) = &args.hugo {
        prepare_dir(h)?;
        let mut out = Out {
            root: h.clone(),
            files: 0,
            bytes: 0,
        };
        write_hugo(&mut out, &world, &texts).map_err(|e| e.to_string())?;
        let theme_static = args.themes.join("default").join("static");
        if theme_static.is_dir() {
            copy_dir(&theme_static, &h.join("static")).map_err(|e| e.to_string())?;
        }
        fs::write(
            h.join(MARKER),
            format!("records={} seed={} hugo\n", args.records, args.seed),
        )
        .map_err(|e| e.to_string())?;
        eprintln!(
            "inolab-synth: {} files, {} bytes in Hugo site {}",
            out.files,
            out.bytes,
            h.display()
        );
    }
    Ok(())
}

/// Every generated body, per language (`None` when not translated), so the
/// inolab and Hugo sites carry identical text.
struct Texts {
    sprints: Vec<[Option<String>; 2]>,
    protos: Vec<[Option<String>; 2]>,
    terms: Vec<[Option<String>; 2]>,
    news: Vec<[Option<String>; 2]>,
    chapters: Vec<Chapter>,
    pages: Vec<PageRec>,
}

struct Chapter {
    slug: String,
    title: [String; 2],
    summary: [String; 2],
    body: [String; 2],
}

struct PageRec {
    slug: &'static str,
    title: [&'static str; 2],
    menu: Option<u32>,
    body: [String; 2],
}

const CHAPTERS: &[(&str, &str)] = &[
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

const PAGES: &[(&str, &str, &str, Option<u32>)] = &[
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

fn both(r: &mut Rng, tr: bool, f: &dyn Fn(&mut Rng, Lang) -> String) -> [Option<String>; 2] {
    let lv = f(r, Lang::Lv);
    let en = tr.then(|| f(r, Lang::En));
    [Some(lv), en]
}

fn render_texts(w: &World, r: &mut Rng) -> Texts {
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

// ---------------------------------------------------------------------------
// inolab format

fn record(fm: &str, body: &str) -> String {
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

fn write_data(out: &mut Out, w: &World) -> io::Result<()> {
    for (name, text) in data_files(w) {
        out.write(&format!("content/data/{name}.yaml"), &text)?;
    }
    Ok(())
}

fn data_files(w: &World) -> Vec<(&'static str, String)> {
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

fn ids<'a>(w: &'a World, xs: &[usize]) -> Vec<&'a str> {
    xs.iter().map(|&i| w.inst[i].id.as_str()).collect()
}

fn write_inolab(out: &mut Out, w: &World, t: &Texts, site_yaml: &str) -> io::Result<()> {
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

// ---------------------------------------------------------------------------
// Hugo

const HUGO_LAYOUTS: &[(&str, &str)] = &[
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

const HUGO_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}\n\
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
fn with_fallback(bodies: &[Option<String>; 2]) -> impl Iterator<Item = (usize, usize, &str)> {
    (0..2).filter_map(move |li| match (&bodies[li], &bodies[0]) {
        (Some(b), _) => Some((li, li, b.as_str())),
        (None, Some(lv)) => Some((li, 0, lv.as_str())),
        (None, None) => None,
    })
}

/// Marks a page whose text is in another language than the page's own.
fn content_lang(fm: &mut String, li: usize, src: usize) {
    if li != src {
        let _ = writeln!(fm, "content_lang: {}", ["lv", "en"][src]);
    }
}

fn hugo_list(fm: &mut String, key: &str, xs: &[&str]) {
    if !xs.is_empty() {
        let _ = writeln!(
            fm,
            "{key}: [{}]",
            xs.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ")
        );
    }
}

fn write_hugo(out: &mut Out, w: &World, t: &Texts) -> io::Result<()> {
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
