//! The CAMEO code table: each code's PLOVER category, mode, context, quad class and Goldstein
//! score, from `data/kb/cameo.tsv`.
//!
//! STUB: to be written (helper E).

use crate::model::EventType;
use crate::resources::{DataError, Resources};

/// One CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoCode {
    /// The code (`"036"`).
    pub code: String,
    /// Its PLOVER category.
    pub plover: EventType,
    /// PLOVER mode, if any.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// Quad class 1-4.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// CAMEO's description.
    pub description: String,
}

/// All CAMEO codes.
#[derive(Clone, Debug, Default)]
pub struct CameoTable {}

impl CameoTable {
    /// Loads `kb/cameo.tsv`.
    pub fn load(_res: &Resources) -> Result<CameoTable, DataError> {
        Ok(CameoTable {})
    }

    /// The code, or its nearest parent (`0312` → `031` → `03`) when the exact one is missing.
    pub fn get(&self, _code: &str) -> Option<&CameoCode> {
        None
    }
}
