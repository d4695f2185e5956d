//! Property tests for the rules editors meet most: slugs and front matter.

use inolab::load::split_front_matter;
use inolab::text::{is_valid_slug, slugify};
use proptest::prelude::*;

proptest! {
    /// Whatever an editor types as a title, the proposed slug is valid (or empty).
    #[test]
    fn slugify_always_proposes_a_valid_slug(s in "\\PC{0,40}") {
        let slug = slugify(&s);
        prop_assert!(slug.is_empty() || is_valid_slug(&slug), "{s:?} -> {slug:?}");
    }

    /// A valid slug is its own slug.
    #[test]
    fn valid_slugs_are_fixed_points(s in "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}") {
        prop_assert!(is_valid_slug(&s));
        prop_assert_eq!(slugify(&s), s);
    }

    /// Splitting gives back exactly the YAML and the body that were joined,
    /// with the body's first line counted right.
    #[test]
    fn front_matter_round_trips(
        fields in proptest::collection::vec("[a-z]{1,8}: [a-zA-Zā-ž0-9 ]{0,20}", 0..6),
        body in "([^\\n]{0,30}\\n){0,5}",
    ) {
        let yaml: String = fields.iter().map(|f| format!("{f}\n")).collect();
        let text = format!("---\n{yaml}---\n{body}");
        let s = split_front_matter(&text).unwrap();
        prop_assert_eq!(s.front, yaml.as_str());
        prop_assert_eq!(s.body, body.as_str());
        prop_assert_eq!(s.body_line, fields.len() + 3);
    }

    /// Text without an opening fence is always refused, never mis-split.
    #[test]
    fn no_fence_no_split(t in "[^-][^\\n]{0,20}(\\n[^\\n]{0,20}){0,3}") {
        prop_assert!(split_front_matter(&t).is_err());
    }
}
