//! Latvian and English vocabulary: nouns with their declensions, adjectives,
//! verbs, places, public bodies, topics and glossary terms.

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Decl {
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
pub(crate) enum Case {
    Nom,
    Gen,
    Dat,
    Acc,
    Loc,
}

pub(crate) struct Noun {
    pub(crate) stem: &'static str,
    pub(crate) decl: Decl,
    /// Genitive plural for the 5th declension (consonant alternation).
    pub(crate) gen_pl: &'static str,
    pub(crate) en: &'static str,
    pub(crate) en_pl: &'static str,
    pub(crate) person: bool,
}

pub(crate) const fn n(
    stem: &'static str,
    decl: Decl,
    en: &'static str,
    en_pl: &'static str,
) -> Noun {
    Noun {
        stem,
        decl,
        gen_pl: "",
        en,
        en_pl,
        person: false,
    }
}
pub(crate) const fn p(stem: &'static str, en: &'static str, en_pl: &'static str) -> Noun {
    Noun {
        stem,
        decl: Decl::M1,
        gen_pl: "",
        en,
        en_pl,
        person: true,
    }
}
pub(crate) const fn f5(
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

pub(crate) const NOUNS: &[Noun] = &[
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
    pub(crate) fn form(&self, case: Case, plural: bool) -> String {
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
    pub(crate) fn feminine(&self) -> bool {
        matches!(self.decl, F4 | F5)
    }
}

pub(crate) struct Adj {
    pub(crate) stem: &'static str,
    pub(crate) en: &'static str,
}
pub(crate) const fn a(stem: &'static str, en: &'static str) -> Adj {
    Adj { stem, en }
}
pub(crate) const ADJS: &[Adj] = &[
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
    pub(crate) fn form(&self, fem: bool, case: Case, plural: bool) -> String {
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
    pub(crate) fn def(&self, fem: bool, case: Case, plural: bool) -> String {
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

pub(crate) struct Verb {
    pub(crate) pres: &'static str,
    pub(crate) past: &'static str,
    pub(crate) inf: &'static str,
    pub(crate) en: &'static str,
    pub(crate) en_past: &'static str,
}
pub(crate) const fn v(
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
pub(crate) const VERBS: &[Verb] = &[
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
pub(crate) const PROCESSES: &[(&str, &str, &str)] = &[
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
pub(crate) const TOOLS: &[(&str, &str)] = &[
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
pub(crate) const PLACES: &[(&str, &str, &str, &str)] = &[
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
pub(crate) const BODIES: &[(&str, &str, &str, &str)] = &[
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

pub(crate) const STATE_BODIES: &[(&str, &str, &str, &str)] = &[
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

pub(crate) const TOPICS: &[(&str, &str, &str)] = &[
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

pub(crate) const RESULTS: &[(&str, &str, &str)] = &[
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

pub(crate) const KINDS: &[&str] = &[
    "digital-tool",
    "service-model",
    "process",
    "physical-space",
    "policy",
    "roadmap",
];
pub(crate) const STAGES: &[&str] = &["concept", "prototype", "tested", "piloting", "implemented"];

/// Real glossary terms: (lv, en, lv aliases).
pub(crate) const TERMS: &[(&str, &str, &str)] = &[
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

pub(crate) const FIRST_NAMES: &[&str] = &[
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
pub(crate) const LAST_NAMES: &[&str] = &[
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
