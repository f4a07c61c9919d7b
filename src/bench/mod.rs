//! Benchmarks: how fast the whole pipeline runs over a corpus, how long start-up takes, and
//! how much memory it needs, as `vigie bench` reports them.

pub mod corpus;
