//! Writing events out: table for a terminal, JSON Lines as FORMAT.md asks, CSV.
//!
//! STUB: to be written (helper D).
