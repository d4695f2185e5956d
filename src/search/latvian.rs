//! Latvian light stemmer, written from the prose specification in
//! docs/search-design.md §3.2 (a light variant of Kārlis Krēsliņš' algorithm,
//! as in Apache Lucene's `LatvianStemmer`; see docs/search-notices.md).
//!
//! Only noun and adjective inflection is removed: one suffix at most, taken
//! from a fixed, ordered table, guarded so that the stem keeps a vowel and at
//! least three characters; palatalised stems (lāč-, akmeņ-, kurmj-) are
//! mapped back to the nominative consonant so all case forms share a stem.
//!
//! [`stem_folded`] is the variant for queries typed without diacritics
//! (§3.3): the table folded and de-duplicated, vowels {a,e,i,o,u}, and only
//! the labial `j` palatalisation rule, so that
//! `stem_folded(fold(w)) == fold(stem(w))` for nearly every word.

use super::fold::fold;

/// One row of the suffix table: suffix, vowels in the suffix, and whether
/// removing it may expose a palatalised consonant.
struct Suffix {
    text: &'static str,
    vowels: usize,
    palatal: bool,
}

const fn s(text: &'static str, vowels: usize, palatal: bool) -> Suffix {
    Suffix {
        text,
        vowels,
        palatal,
    }
}

/// The 38 suffixes in the order of §3.2. The order matters: the first row
/// whose guards pass wins (`-ajiem` before `-iem` before `-em`…).
const SUFFIXES: [Suffix; 38] = [
    s("ajiem", 3, false),
    s("ajai", 3, false),
    s("ajam", 2, false),
    s("ajām", 2, false),
    s("ajos", 2, false),
    s("ajās", 2, false),
    s("iem", 2, true),
    s("ajā", 2, false),
    s("ais", 2, false),
    s("ai", 2, false),
    s("ei", 2, false),
    s("ām", 1, false),
    s("am", 1, false),
    s("ēm", 1, false),
    s("īm", 1, false),
    s("im", 1, false),
    s("um", 1, false),
    s("us", 1, true),
    s("as", 1, false),
    s("ās", 1, false),
    s("es", 1, false),
    s("os", 1, true),
    s("ij", 1, false),
    s("īs", 1, false),
    s("ēs", 1, false),
    s("is", 1, false),
    s("ie", 1, false),
    s("u", 1, true),
    s("a", 1, true),
    s("i", 1, true),
    s("e", 1, false),
    s("ā", 1, false),
    s("ē", 1, false),
    s("ī", 1, false),
    s("ū", 1, false),
    s("o", 1, false),
    s("s", 0, false),
    s("š", 0, false),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ā' | 'ē' | 'ī' | 'ū')
}

fn is_folded_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Stems one lower-case NFC Latvian word (§3.2). Words that match no suffix,
/// are too short, or have no vowel (`usa`, `60ms`) come back unchanged.
pub fn stem(word: &str) -> String {
    stems(word).0
}

/// The stem of [`stem`] and, for a word whose stem may show a consonant
/// alternation the stem alone cannot undo, the stem with it undone
/// ([`alternate`]). The index files a word under both keys and a query
/// looks up both, so `iestāžu` (stem `iestāž`, other stem `iestād`) and
/// `iestāde` meet, and so do `veikt`, `veic` and `veicu` (all with `veik`).
pub fn stems(word: &str) -> (String, Option<String>) {
    let chars: Vec<char> = word.chars().collect();
    let vowels = chars.iter().filter(|c| is_vowel(**c)).count();
    for suf in &SUFFIXES {
        if let Some(rest) = strip(&chars, suf, vowels) {
            let mut r = rest.to_vec();
            // `kš` before `-u` is `kst` (`rīkšu`, made `rīkst` below) or
            // `kt` (`nakšu` ← `nakts`): the other stem is the `kt` one.
            let kt = suf.palatal && suf.text.starts_with('u') && ends(&r, "kš");
            if suf.palatal {
                unpalatalise(&mut r, suf.text.starts_with('u'));
            }
            let alt = if kt {
                Some(rest[..rest.len() - 1].iter().chain(&['t']).collect())
            } else {
                alternate(&r, suf.palatal, false)
            };
            return (r.into_iter().collect(), alt);
        }
    }
    (word.to_string(), alternate(&chars, false, false))
}

/// Long vowels and diphthongs: the verbs with the k/c and g/dz alternation
/// have one before the consonant (`veikt`, `sniegt`, `lūgt`, `braukt`,
/// `sākt`), the loan nouns in `-kts` a short vowel (`projekts`, `fakts`,
/// `produkts`, `konflikts`), which must not get a second key. Without
/// diacritics a long vowel cannot be seen, so the folded stemmer accepts
/// any vowel (its keys are only looked up, never indexed).
fn long_before(r: &[char], folded: bool) -> bool {
    let n = r.len();
    if n == 0 {
        return false;
    }
    let last = r[n - 1];
    if folded {
        return is_folded_vowel(last);
    }
    if matches!(last, 'ā' | 'ē' | 'ī' | 'ū') {
        return true;
    }
    n >= 2
        && matches!(
            (r[n - 2], last),
            ('a' | 'e' | 'u', 'i') | ('a', 'u') | ('i', 'e')
        )
}

/// The other stem of a word whose stem ends in a consonant that alternates
/// in ways folding and [`unpalatalise`] cannot undo (search-design.md §3.2
/// leaves them out as ambiguous; docs/search-design.md §3.4 here):
///
/// * after a palatal ending (`-u`, `-a`, `-i`, `-iem`, `-us`, `-os`), a
///   final `ž` may be a `d` (`iestāžu` ← `iestāde`, `brieža` ← `briedis`,
///   `siržu` ← `sirds`) and a final `š` a `t` (`nakšu` ← `nakts`, `zuša` ←
///   `zutis`). The `z` and `s` readings need nothing: folding makes `ž` a
///   `z` and `š` an `s` already (`rožu` → `roz`, `kašu` → `kas`);
/// * verbs in `-kt`/`-gt` keep the `k`/`g` in some forms and turn it into
///   `c`/`dz` in others (`veikt` / `veic`, `veica`; `sniegt` / `sniedz`;
///   `sākt` / `sāku` / `sāc`): the other stem is the one with `k`/`g` and no
///   `t` (`veik`, `snieg`, `sāk`).
///
/// `folded` is the same for folded words (`z`, `s` for `ž`, `š`). The other
/// stem keeps three characters, like every stem.
fn alternate(r: &[char], palatal: bool, folded: bool) -> Option<String> {
    let n = r.len();
    if n < 3 {
        return None;
    }
    let head = |k: usize, tail: &str| -> String {
        r[..n - k].iter().copied().chain(tail.chars()).collect()
    };
    let (zh, sh) = if folded { ('z', 's') } else { ('ž', 'š') };
    let last = r[n - 1];
    // Four characters at least for `ž`: `meža` (stem `mež`, from `mežs`)
    // must not meet `medus` (`med`); three for `š` (`zuša` ← `zutis`).
    if palatal && n >= 4 && last == zh && r[n - 2] != 'd' {
        return Some(head(1, "d"));
    }
    if palatal && last == sh {
        return Some(head(1, "t"));
    }
    if n >= 4 && last == 't' && matches!(r[n - 2], 'k' | 'g') && long_before(&r[..n - 2], folded) {
        return Some(head(1, ""));
    }
    if last == 'c' && long_before(&r[..n - 1], folded) {
        return Some(head(1, "k"));
    }
    if n >= 4 && last == 'z' && r[n - 2] == 'd' && long_before(&r[..n - 2], folded) {
        return Some(head(2, "g"));
    }
    None
}

/// The guarded removal of one suffix: the word ends with it, a vowel stays
/// in the stem (V > vc) and the stem keeps at least three characters.
fn strip<'a>(chars: &'a [char], suf: &Suffix, vowels: usize) -> Option<&'a [char]> {
    let n = suf.text.chars().count();
    if chars.len() < n + 3 || vowels <= suf.vowels {
        return None;
    }
    let (rest, end) = chars.split_at(chars.len() - n);
    end.iter().copied().eq(suf.text.chars()).then_some(rest)
}

fn ends(r: &[char], tail: &str) -> bool {
    let t: Vec<char> = tail.chars().collect();
    r.ends_with(&t)
}

/// Undoes palatalisation after a `pal` suffix (§3.2 step 3).
fn unpalatalise(r: &mut Vec<char>, after_u: bool) {
    // A. Genitive plural (-u, -us) of declensions II, V, VI.
    if after_u {
        if ends(r, "kš") {
            r.truncate(r.len() - 1);
            r.extend(['s', 't']);
            return;
        }
        if ends(r, "ņņ") {
            let n = r.len();
            r[n - 2] = 'n';
            r[n - 1] = 'n';
            return;
        }
    }
    // B. Labial consonant + epenthetic j: drop the j.
    if ["pj", "bj", "mj", "vj"].iter().any(|t| ends(r, t)) {
        r.pop();
        return;
    }
    for (from, to) in [
        ("šņ", "sn"),
        ("žņ", "zn"),
        ("šļ", "sl"),
        ("žļ", "zl"),
        ("ļņ", "ln"),
        ("ļļ", "ll"),
    ] {
        if ends(r, from) {
            r.truncate(r.len() - 2);
            r.extend(to.chars());
            return;
        }
    }
    if let Some(last) = r.last_mut() {
        *last = match *last {
            'č' => 'c',
            'ļ' => 'l',
            'ņ' => 'n',
            c => c,
        };
    }
}

/// The folded suffix table: each suffix folded, duplicates dropped keeping
/// the first occurrence (so `-em`, `-ajas`, `-aja` join; `-ā` is gone because
/// `-a` comes first). Built on each call: it is 38 short strings.
fn folded_table() -> Vec<(String, usize, bool)> {
    let mut out: Vec<(String, usize, bool)> = Vec::with_capacity(SUFFIXES.len());
    for suf in &SUFFIXES {
        let f = fold(suf.text);
        if !out.iter().any(|(t, _, _)| *t == f) {
            out.push((f, suf.vowels, suf.palatal));
        }
    }
    out
}

/// The stemmer for words typed without diacritics (§3.3). Input should be
/// folded and lower-case; output equals `fold(stem(w))` for the original
/// word except where a dropped diacritic carried the information (`rīkšu`).
pub fn stem_folded(word: &str) -> String {
    stems_folded(word).0
}

/// [`stem_folded`] and the other stem of [`alternate`] for a folded word.
/// Folding hides what told the cases apart, so this other stem is a guess
/// more often than [`stems`]' one; it is only ever a query key.
pub fn stems_folded(word: &str) -> (String, Option<String>) {
    let chars: Vec<char> = word.chars().collect();
    let vowels = chars.iter().filter(|c| is_folded_vowel(**c)).count();
    for (text, vc, pal) in folded_table() {
        let n = text.chars().count();
        if chars.len() < n + 3 || vowels <= vc {
            continue;
        }
        let (rest, end) = chars.split_at(chars.len() - n);
        if !end.iter().copied().eq(text.chars()) {
            continue;
        }
        let mut r = rest.to_vec();
        if pal && ["pj", "bj", "mj", "vj"].iter().any(|t| ends(&r, t)) {
            r.pop();
        }
        let alt = alternate(&r, pal, true);
        return (r.into_iter().collect(), alt);
    }
    (word.to_string(), alternate(&chars, false, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(stem_of: &str, forms: &[&str]) {
        for f in forms {
            assert_eq!(stem(f), stem_of, "stem({f})");
        }
    }

    #[test]
    fn folded_table_shape() {
        let t: Vec<String> = folded_table().into_iter().map(|r| r.0).collect();
        assert!(t.contains(&"em".to_string()));
        assert!(t.contains(&"ajas".to_string()));
        assert_eq!(t.iter().filter(|x| *x == "a").count(), 1);
        assert_eq!(t.len(), 38 - 11);
    }

    #[test]
    fn worked_examples_from_the_design() {
        check(
            "tēv",
            &[
                "tēvs", "tēvi", "tēva", "tēvu", "tēvam", "tēviem", "tēvus", "tēvā", "tēvos",
            ],
        );
        check(
            "lāc",
            &[
                "lācis", "lāči", "lāča", "lāču", "lācim", "lāčiem", "lāčus", "lāčos",
            ],
        );
        check("akmen", &["akmens", "akmeņi", "akmeņu", "akmeņiem"]);
        check("kurm", &["kurmis", "kurmji", "kurmjiem", "kurmjos"]);
        check("liet", &["lietus", "lieti", "lietum", "lietū"]);
        check("lap", &["lapa", "lapas", "lapai", "lapām", "lapā", "lapās"]);
        check("egl", &["egle", "egļu", "eglei", "eglēm", "eglē"]);
        check("gov", &["govs", "govis", "govju", "govij", "govīm", "govī"]);
        check(
            "zil",
            &[
                "zils", "zilais", "zilie", "zilā", "zilo", "zilajam", "zilajiem", "zilajai",
                "zilajām", "zilajā", "zilajos", "zilajās",
            ],
        );
        for (a, b, st) in [
            ("krāsns", "krāšņu", "krāsn"),
            ("zvaigzne", "zvaigžņu", "zvaigzn"),
            ("kāpslis", "kāpšļu", "kāpsl"),
            ("zizlis", "zižļu", "zizl"),
            ("vilnis", "viļņu", "viln"),
            ("lelle", "leļļu", "lell"),
            ("pinne", "piņņu", "pinn"),
            ("rīkste", "rīkšu", "rīkst"),
        ] {
            assert_eq!(stem(a), st, "{a}");
            assert_eq!(stem(b), st, "{b}");
        }
        assert_eq!(stem("usa"), "usa");
        assert_eq!(stem("60ms"), "60ms");
    }

    #[test]
    fn more_forms_derived_from_the_rules() {
        // Declension I, -š nominative (the last table row).
        check("kāj", &["kājš"]);
        // Declension IV/V feminine plurals and locatives.
        check(
            "pašvaldīb",
            &[
                "pašvaldība",
                "pašvaldības",
                "pašvaldībai",
                "pašvaldību",
                "pašvaldībā",
                "pašvaldībām",
                "pašvaldībās",
            ],
        );
        // -a, -u (palatal) un-palatalise ņ, the others keep it; folding then
        // gives every form the same key.
        check("zin", &["ziņa", "ziņu"]);
        check("ziņ", &["ziņas", "ziņai", "ziņā", "ziņām", "ziņās"]);
        // Declension II -ņ- before -iem, -os, -us.
        check("akmen", &["akmeņos", "akmeņus"]);
        // Declension VI labial + j.
        check("asin", &["asins", "asinis", "asinīm"]);
        // Declension I masculine -s: projekts & co.
        check(
            "projekt",
            &[
                "projekts",
                "projekta",
                "projektam",
                "projektu",
                "projektā",
                "projekti",
                "projektiem",
                "projektus",
                "projektos",
            ],
        );
        // Adjectives, indefinite and definite feminine.
        check(
            "digitāl",
            &[
                "digitāls",
                "digitāla",
                "digitālā",
                "digitālais",
                "digitālajai",
                "digitālās",
                "digitālajām",
                "digitālo",
            ],
        );
        // Declension III (-us) and its dative/locative.
        check("tirg", &["tirgus", "tirgum", "tirgū"]);
    }

    #[test]
    fn guards() {
        // stem must keep three characters
        assert_eq!(stem("ai"), "ai");
        assert_eq!(stem("abi"), "abi");
        assert_eq!(stem("mājas"), "māj");
        // -ajiem needs four vowels in the word (vc 3)
        assert_eq!(stem("krajiem"), "kraj");
        // one vowel: only the vowel-less -s may go; none: nothing is removed
        assert_eq!(stem("hdmis"), "hdmi");
        assert_eq!(stem("ptts"), "ptts");
        // numbers and unknown letters pass through
        assert_eq!(stem("2024"), "2024");
        assert_eq!(stem(""), "");
    }

    #[test]
    fn palatalisation_only_after_palatal_suffixes() {
        // -e is not palatal: 'ņ' stays
        assert_eq!(stem("kāzņe"), "kāzņ");
        // -u: ņņ → nn and kš → kst only after u
        // -a: only rule B applies, so ņņ is not restored and ņ → n hits the last one
        assert_eq!(stem("piņņa"), "piņn");
        assert_eq!(stem("piņņu"), "pinn");
        assert_eq!(stem("rīkša"), "rīkš");
        assert_eq!(stem("kāpšļi"), "kāpsl");
    }

    #[test]
    fn folded_agrees_with_fold_of_stem() {
        let words = [
            "tēvs",
            "tēviem",
            "lāčiem",
            "lāčus",
            "akmeņu",
            "kurmjiem",
            "lietū",
            "lapām",
            "lapās",
            "egļu",
            "eglēm",
            "govju",
            "govīm",
            "zilajām",
            "zilajās",
            "krāšņu",
            "zvaigžņu",
            "kāpšļu",
            "zižļu",
            "viļņu",
            "leļļu",
            "piņņu",
            "pašvaldībām",
            "digitālajā",
            "cilvēks",
            "cilvēkiem",
        ];
        for w in words {
            assert_eq!(stem_folded(&fold(w)), fold(&stem(w)), "{w}");
        }
        // The documented exception: kš → kst cannot be seen after folding.
        assert_ne!(stem_folded(&fold("rīkšu")), fold(&stem("rīkšu")));
    }

    fn meet(a: &str, b: &str) -> bool {
        let (x, y) = (stems(a), stems(b));
        // keys are folded: `rož` and `roz` are one key
        let ka: Vec<String> = std::iter::once(x.0).chain(x.1).map(|k| fold(&k)).collect();
        let kb: Vec<String> = std::iter::once(y.0).chain(y.1).map(|k| fold(&k)).collect();
        ka.iter().any(|k| kb.contains(k))
    }

    #[test]
    fn consonant_alternations_meet_their_dictionary_form() {
        for (lemma, forms) in [
            // declension V genitive plural: d/ž, t/š, z/ž, s/š, l/ļ, n/ņ
            ("iestāde", "iestāžu iestādēm iestādes"),
            ("metode", "metožu metodēm metodes"),
            ("roze", "rožu rozēm"),
            ("kase", "kašu kasēm"),
            ("vēstule", "vēstuļu"),
            // declension VI
            ("sirds", "siržu sirdīm"),
            ("nakts", "nakšu naktīm"),
            // declension II
            ("briedis", "brieža briežu briežiem brieži"),
            ("zutis", "zuša zušu zušiem"),
            // verbs: k/c, g/dz
            (
                "veikt",
                "veic veica veicu veicam veikts veikta veiktie veiktajām",
            ),
            ("sniegt", "sniedz sniedza sniedzu sniegts sniegta"),
            ("iesniegt", "iesniedz iesniedza iesniegts iesniegtajiem"),
            ("lūgt", "lūdz lūdza lūdzu lūgts"),
            ("braukt", "brauc brauca braucu"),
            ("sākt", "sāku sāk sāc sāka"),
        ] {
            for f in forms.split(' ') {
                assert!(
                    meet(lemma, f),
                    "{f} does not meet {lemma}: {:?} {:?}",
                    stems(f),
                    stems(lemma)
                );
            }
        }
    }

    #[test]
    fn no_second_stem_where_nothing_alternates() {
        for w in [
            "projekts",
            "projektu",
            "fakts",
            "produkta",
            "konflikts",
            "mežs",
            "meža",
            "gads",
            "gāze",
            "iestāde",
            "tēvs",
            "pieredze",
            "pieredzes",
            "lapām",
        ] {
            assert_eq!(stems(w).1, None, "{w}");
        }
        // the second stem is only looked up for folded query words
        assert_eq!(
            stems_folded("iestazu"),
            ("iestaz".into(), Some("iestad".into()))
        );
        assert_eq!(stems_folded("lugt"), ("lugt".into(), Some("lug".into())));
        assert_eq!(stems_folded("ludz"), ("ludz".into(), Some("lug".into())));
    }
}
