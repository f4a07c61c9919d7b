//! Stage 4, recognise: finds what the sentences talk about — names and roles of actors, places,
//! dates, quantities and quotes — as spans of the stored text.
//!
//! Each kind has its own finder, loaded once from data files and then applied to any number of
//! articles.

pub mod dates;
pub mod names;
pub mod quantities;
pub mod quotes;
