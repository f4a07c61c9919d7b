//! Stage 6, extract: sentences and linked mentions to [`EventMention`]s, typed in PLOVER with
//! the CAMEO code beside it.
//!
//! STUB: to be written (lead).

use crate::kb::Kb;
use crate::kb::cameo::CameoTable;
use crate::model::{Analysis, Article, EventMention};
use crate::resources::{DataError, Resources};

/// Triggers, frames and modality cues of every language, compiled once.
#[derive(Clone, Debug, Default)]
pub struct Extractor {}

impl Extractor {
    /// Loads `data/<lang>/triggers.toml` and `data/<lang>/cues.toml` for every language.
    pub fn load(_res: &Resources) -> Result<Extractor, DataError> {
        Ok(Extractor {})
    }

    /// The event mentions of one analysed article.
    pub fn extract(&self, _article: &Article, _analysis: &Analysis, _kb: &Kb, _cameo: &CameoTable) -> Vec<EventMention> {
        Vec::new()
    }
}
