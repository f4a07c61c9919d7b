//! Benchmarks: how fast the whole pipeline runs over a folder of articles or a synthetic
//! corpus, how long start-up takes, and how much memory it needs, as `vigie bench` reports
//! them.

pub mod corpus;
pub mod synthetic;
