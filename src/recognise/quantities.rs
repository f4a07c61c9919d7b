//! Counted quantities: tolls, troops, hostages ("au moins 150 morts", "5,000 troops").
//!
//! STUB: to be written (helper B).

use crate::model::{QuantityMention, Sentence};
use crate::resources::{DataError, Resources};

/// Number words and unit nouns of every language, compiled once.
#[derive(Clone, Debug, Default)]
pub struct QuantityFinder {}

impl QuantityFinder {
    /// Loads `data/<lang>/quantities.toml` for every language.
    pub fn load(_res: &Resources) -> Result<QuantityFinder, DataError> {
        Ok(QuantityFinder {})
    }

    /// Finds the counted quantities of `text` inside `sentences`.
    pub fn find(&self, _text: &str, _sentences: &[Sentence], _lang: &str) -> Vec<QuantityMention> {
        Vec::new()
    }
}
