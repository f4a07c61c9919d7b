//! Stage 5, link: name hits to knowledge-base entities — spelling variants, demonyms, capitals
//! as metonyms, roles to the person holding them on the article's date, in-document
//! coreference, and persons the knowledge base lacks kept as discovered entities.
//!
//! STUB: to be written (helper C).

use crate::kb::Kb;
use crate::model::{ActorMention, DatePoint, PlaceMention};
use crate::recognise::names::NameHit;

/// Links hits against one knowledge base.
#[derive(Clone, Debug)]
pub struct Linker<'kb> {
    #[allow(dead_code)]
    kb: &'kb Kb,
}

impl<'kb> Linker<'kb> {
    /// A linker over `kb`.
    pub fn new(kb: &'kb Kb) -> Linker<'kb> {
        Linker { kb }
    }

    /// Links the hits of one article (text order) as of `date`.
    pub fn link(
        &self,
        _text: &str,
        _hits: &[NameHit],
        _date: Option<DatePoint>,
    ) -> (Vec<ActorMention>, Vec<PlaceMention>) {
        (Vec::new(), Vec::new())
    }
}
