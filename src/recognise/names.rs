//! Names, demonyms, capitals, role phrases and title patterns of actors and places, found in
//! one pass of an automaton built from the knowledge base.
//!
//! STUB: to be written (helper C).

use crate::kb::Kb;
use crate::model::{Sentence, Span};
use crate::resources::{DataError, Resources};

/// A stretch of text that names or describes an actor or a place, before linking.
#[derive(Clone, Debug, PartialEq)]
pub struct NameHit {
    /// Where it is.
    pub span: Span,
}

/// The compiled name automaton and patterns.
#[derive(Clone, Debug, Default)]
pub struct NameFinder {}

impl NameFinder {
    /// Builds the automaton from the knowledge base and `data/<lang>/` patterns.
    pub fn new(_kb: &Kb, _res: &Resources) -> Result<NameFinder, DataError> {
        Ok(NameFinder {})
    }

    /// Finds the hits of `text` inside `sentences`.
    pub fn find(&self, _text: &str, _sentences: &[Sentence], _lang: &str) -> Vec<NameHit> {
        Vec::new()
    }
}
