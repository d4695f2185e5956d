//! inolab: a static site generator for the Innovation Laboratory of Latvia's
//! State Chancellery.
//!
//! The pipeline is a chain of values, each stage a module:
//! `load` (files → [`load::Sources`]) → `validate` (→ [`records::Site`] plus
//! diagnostics) → `model` (derive facets, counts, links) → `render` (pages as
//! path → bytes) → `write` (atomic swap into the output folder). `build`,
//! `check`, `serve` and the search indexer are clients of that one pipeline.

pub mod search;
