//! Stage 7, resolve: event mentions across articles to events, one per real-world happening.
//!
//! STUB: to be written (lead).

use crate::kb::cameo::CameoTable;
use crate::model::{Event, EventMention};

/// Groups mentions into events; the result does not depend on the order of `mentions`.
pub fn resolve(_mentions: Vec<EventMention>, _cameo: &CameoTable) -> Vec<Event> {
    Vec::new()
}
