//! inolab: a static site generator for the Innovation Laboratory of Latvia's
//! State Chancellery.
//!
//! The pipeline is a chain of values, each stage a module:
//! [`load`] (files → [`load::Sources`]) → [`validate`] (→ [`records::Site`]
//! plus diagnostics) → [`model`] (derive facets, counts, links, page jobs) →
//! [`render`] (Tera, in parallel) → [`write`] (atomic swap into the output
//! folder). [`pipeline`] runs them top to bottom; `build`, `check`, `serve`
//! and the search indexer are its clients.

pub mod config;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod records;
pub mod render;
pub mod search;
pub mod validate;
pub mod write;
pub mod yaml;
pub mod progress;
pub mod scaffold;
pub mod serve;
