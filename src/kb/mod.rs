//! The knowledge base: states, organisations, armed groups, persons with roles and terms,
//! places, all read from `data/kb/` (and a user's `--kb DIR`).
//!
//! STUB: to be written (helper C). The methods below are what other stages rely on.

pub mod cameo;

use crate::model::{DatePoint, EntityKind};
use crate::resources::{DataError, Resources};

/// What the knowledge base knows of one entity.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityInfo {
    /// Its id (`RUS`, `ECOWAS`, `sergey-lavrov`).
    pub id: String,
    /// Its display name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// The code it is scored as (Lavrov → `RUS`, Barkhane → `FRA`); its own id for states and
    /// organisations.
    pub code: Option<String>,
}

/// The loaded knowledge base.
#[derive(Clone, Debug, Default)]
pub struct Kb {}

impl Kb {
    /// Loads every file under `kb/`.
    pub fn load(_res: &Resources) -> Result<Kb, DataError> {
        Ok(Kb {})
    }

    /// The entity with this id.
    pub fn entity(&self, _id: &str) -> Option<EntityInfo> {
        None
    }

    /// The person holding `role` for `state` on `date` (or today when no date), if the
    /// knowledge base knows.
    pub fn holder(
        &self,
        _role: &str,
        _state: &str,
        _date: Option<DatePoint>,
    ) -> Option<EntityInfo> {
        None
    }

    /// The member states of an organisation (`AES` → MLI, BFA, NER), empty when unknown.
    pub fn members(&self, _id: &str) -> Vec<String> {
        Vec::new()
    }

    /// The years an entity existed or held office, when known (an organisation's founding,
    /// a person's terms), used to place an article with no date in time.
    pub fn active_years(&self, _id: &str) -> Option<(Option<i32>, Option<i32>)> {
        None
    }
}
