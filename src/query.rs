//! Reading the store back: filters over events, timelines, entities.
//!
//! STUB: to be written (helper D).
