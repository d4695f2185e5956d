//! inolab: a static site generator for the Innovation Laboratory of Latvia's
//! State Chancellery.
//!
//! The pipeline is a chain of values, each stage a module:
//! [`load`] (files → [`load::Sources`]) → [`validate`] (each record checked
//! by its [`collections`] definition → [`records::Site`] plus diagnostics)
//! → [`derive`] (facets, counts, links, page jobs) →
//! [`render`] (Tera, in parallel) → [`write`] (atomic swap into the output
//! folder). [`pipeline`] runs them top to bottom; `build`, `check`, `serve`
//! and the search indexer are its clients.
//!
//! Beneath every stage and importing none: [`text`] (slugs, folding of
//! Latvian letters) and [`diagnostics`] (the one problem type); [`yaml`]
//! (the one door YAML comes through) sits just above them.

// Page builders pass many small pieces of one page; a struct per call would
// only rename them. Diagnostics are returned by value on purpose: they are
// collected, not propagated with `?` through hot paths.
#![allow(
    clippy::too_many_arguments,
    clippy::type_complexity,
    clippy::result_large_err
)]

pub mod brand;
pub mod collections;
pub mod config;
pub mod derive;
pub mod diagnostics;
pub mod i18n;
pub mod links;
pub mod load;
pub mod markdown;
pub mod outputs;
pub mod pipeline;
pub mod progress;
pub mod records;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod spill;
pub mod text;
pub mod validate;
pub mod write;
pub mod yaml;
