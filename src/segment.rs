//! Stage 3, segment: paragraphs and sentences with byte offsets.
//!
//! STUB: to be written (helper A).

use crate::model::{BlockKind, NoiseSpan, Sentence, Span};
use crate::resources::{DataError, Resources};

/// Sentence splitter with each language's abbreviations, loaded once.
#[derive(Clone, Debug, Default)]
pub struct Segmenter {}

impl Segmenter {
    /// Loads `data/<lang>/abbreviations.txt` for every language.
    pub fn load(_res: &Resources) -> Result<Segmenter, DataError> {
        Ok(Segmenter {})
    }

    /// The sentences of `text`, skipping noise spans, in text order.
    pub fn segment(&self, text: &str, _noise: &[NoiseSpan], _lang: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let t = line.trim();
            if !t.is_empty() {
                let s = start + (line.len() - line.trim_start().len());
                out.push(Sentence {
                    span: Span::new(s, s + t.len()),
                    paragraph: i,
                    block: BlockKind::Body,
                });
            }
            start += line.len();
        }
        out
    }
}
