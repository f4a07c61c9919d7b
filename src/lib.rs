//! Vigie turns news articles into an evidence-linked record of who did what to whom, when and
//! where.
//!
//! The pipeline flows one way, one module per stage (see `DESIGN.md`):
//!
//! ```text
//! ingest ─▶ clean ─▶ segment ─▶ recognise ─▶ link ─▶ extract ─▶ resolve ─▶ store ─▶ query / export
//! ```
//!
//! Every stage is a plain function (or a loaded, immutable struct with such functions) from the
//! types of [`model`] to others. Language and regional knowledge is data under `data/`, loaded
//! once through [`resources`] and compiled into automata; [`pipeline`] strings the stages
//! together for one article.

pub mod model;
pub mod parallel;
pub mod resources;
pub mod text;

pub mod batch;
pub mod bench;
pub mod clean;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod kb;
pub mod link;
pub mod query;
pub mod recognise;
pub mod resolve;
pub mod segment;
pub mod store;

pub mod pipeline;
