//! Stage 2, clean: finds captions, credits, bylines, datelines, sponsor and share lines.
//!
//! STUB: to be written (helper A).

use crate::model::{Article, NoiseSpan};
use crate::resources::{DataError, Resources};

/// The noise patterns of every language, loaded once.
#[derive(Clone, Debug, Default)]
pub struct Cleaner {}

impl Cleaner {
    /// Loads `data/<lang>/noise.toml` for every language.
    pub fn load(_res: &Resources) -> Result<Cleaner, DataError> {
        Ok(Cleaner {})
    }

    /// The spans of `article.text` that are kept but not read as news.
    pub fn clean(&self, _article: &Article, _lang: &str) -> Vec<NoiseSpan> {
        Vec::new()
    }
}
