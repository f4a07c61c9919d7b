//! Quoted speech and its speaker.
//!
//! STUB: to be written (helper A).

use crate::model::{ActorMention, QuoteMention, Sentence};
use crate::resources::{DataError, Resources};

/// Speech verbs of every language, loaded once.
#[derive(Clone, Debug, Default)]
pub struct QuoteFinder {}

impl QuoteFinder {
    /// Loads `data/<lang>/speech.toml` for every language.
    pub fn load(_res: &Resources) -> Result<QuoteFinder, DataError> {
        Ok(QuoteFinder {})
    }

    /// Finds quotes in `text` and attributes each to a speaker among `actors` when the text
    /// says who spoke.
    pub fn find(
        &self,
        _text: &str,
        _sentences: &[Sentence],
        _actors: &[ActorMention],
        _lang: &str,
    ) -> Vec<QuoteMention> {
        Vec::new()
    }
}
