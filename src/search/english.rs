//! English stemming: Snowball English (Porter2) from `rust-stemmers` at
//! build time. The browser runs a compact port of the same algorithm in
//! search.js; golden vectors (tests/search/golden-en.json) keep them equal.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Stems one lower-case English word with Snowball English (Porter2).
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn porter2_examples() {
        for (w, s) in [
            ("consign", "consign"),
            ("consigned", "consign"),
            ("consigning", "consign"),
            ("consignment", "consign"),
            ("knightly", "knight"),
            ("generously", "generous"),
            ("laboratories", "laboratori"),
            ("innovation", "innov"),
            ("services", "servic"),
            ("skies", "sky"),
            ("dying", "die"),
            ("news", "news"),
            ("running", "run"),
            ("hopping", "hop"),
            ("agreed", "agre"),
            ("communities", "communiti"),
            ("generate", "generat"),
            ("2024", "2024"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }
}
