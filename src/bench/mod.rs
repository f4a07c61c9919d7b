//! Benchmarks: how fast the whole pipeline runs over a folder of articles or a synthetic
//! corpus, how long start-up takes, how much memory it needs, and how fast the store answers
//! the read commands, as `vigie bench` reports them.

pub mod corpus;
pub mod queries;
mod rng;
pub mod synthetic;
