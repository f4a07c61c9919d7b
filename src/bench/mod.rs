//! Benchmarks `vigie bench` runs on data it makes itself, so anyone can reproduce the figures.
pub mod queries;
