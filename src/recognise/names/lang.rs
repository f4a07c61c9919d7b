//! The language data the name finder reads besides the knowledge base: role phrases, titles,
//! locative prepositions and stop-words of one language (`data/<lang>/roles.toml`,
//! `titles.toml`, `locatives.txt`, `stopwords.txt`).

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use serde::Deserialize;

use crate::resources::{DataError, Resources, list_lines};
use crate::text::fold;

/// One office and the phrases that name it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RoleDef {
    /// Role id (`foreign_minister`).
    pub id: String,
    /// Phrases as written in the data, `{dem}` marking a demonym slot.
    pub phrases: Vec<String>,
    /// The state or organisation the phrase itself names, if any.
    pub of: Option<String>,
    /// The phrase names a holder only when the text gives a state.
    pub needs_state: bool,
    /// Plural phrases ("les ministres des Affaires étrangères"): several holders, so a state
    /// is needed too.
    pub plural: bool,
}

/// Everything one language contributes.
#[derive(Clone, Debug, Default)]
pub(super) struct LangData {
    pub roles: Vec<RoleDef>,
    /// Folded words between a role and the state after it ("du", "of").
    pub state_after: Vec<String>,
    /// Folded words between a state and the role after it ("'s").
    pub state_before: Vec<String>,
    /// Folded marks allowed between a role and its holder's name ("", ",").
    pub apposition: Vec<String>,
    /// Titles as written in the data.
    pub titles: Vec<String>,
    /// Folded particles allowed inside a name ("ag", "de").
    pub particles: HashSet<String>,
    /// Folded locative phrases, longest first.
    pub locatives: Vec<String>,
    /// Folded common words (FxHash: every name of the knowledge base is looked up here once
    /// per language at start-up).
    pub stopwords: FxHashSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    #[serde(default)]
    links: Option<Links>,
    #[serde(default)]
    role: Vec<RawRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Links {
    #[serde(default)]
    state_after: Vec<String>,
    #[serde(default)]
    state_before: Vec<String>,
    #[serde(default)]
    apposition: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    id: String,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    plural: Vec<String>,
    of: Option<String>,
    needs_state: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    particles: Vec<String>,
}

fn push_folded(list: &mut Vec<String>, values: impl IntoIterator<Item = String>) {
    for v in values {
        let f = fold(&v);
        if !list.contains(&f) {
            list.push(f);
        }
    }
}

/// Adds phrases to the role `id` (its plural form when `plural`), or the role itself.
fn add_role(
    roles: &mut Vec<RoleDef>,
    id: String,
    phrases: Vec<String>,
    of: Option<String>,
    needs_state: Option<bool>,
    plural: bool,
) {
    if plural && phrases.is_empty() {
        return;
    }
    match roles.iter_mut().find(|d| d.id == id && d.plural == plural) {
        Some(d) => {
            d.phrases.extend(phrases);
            if of.is_some() {
                d.of = of;
            }
            if let (Some(n), false) = (needs_state, plural) {
                d.needs_state = n;
            }
        }
        None => roles.push(RoleDef {
            id,
            phrases,
            of,
            needs_state: plural || needs_state.unwrap_or(false),
            plural,
        }),
    }
}

/// Reads the name-finding data of language `lang`, built-in files first, then the user's.
pub(super) fn load(res: &Resources, lang: &str) -> Result<LangData, DataError> {
    let mut data = LangData::default();
    let path = format!("{lang}/roles.toml");
    for f in res.files(&path) {
        let parsed: RolesFile = toml::from_str(&f.text).map_err(|e| DataError::toml(f, e))?;
        if let Some(links) = parsed.links {
            push_folded(&mut data.state_after, links.state_after);
            push_folded(&mut data.state_before, links.state_before);
            push_folded(&mut data.apposition, links.apposition);
        }
        for r in parsed.role {
            if r.id.trim().is_empty() {
                return Err(DataError::invalid(f, None, "a [[role]] has an empty id"));
            }
            add_role(
                &mut data.roles,
                r.id.clone(),
                r.phrases,
                r.of.clone(),
                r.needs_state,
                false,
            );
            // Plural phrases name several holders: with no state given, nobody in particular.
            add_role(&mut data.roles, r.id, r.plural, r.of, Some(true), true);
        }
    }
    let path = format!("{lang}/titles.toml");
    for f in res.files(&path) {
        let parsed: TitlesFile = toml::from_str(&f.text).map_err(|e| DataError::toml(f, e))?;
        data.titles.extend(parsed.titles);
        data.particles
            .extend(parsed.particles.iter().map(|p| fold(p)));
    }
    let path = format!("{lang}/locatives.txt");
    for f in res.files(&path) {
        push_folded(
            &mut data.locatives,
            list_lines(f).into_iter().map(|(_, l)| l.to_string()),
        );
    }
    data.locatives.sort_by_key(|l| std::cmp::Reverse(l.len()));
    let path = format!("{lang}/stopwords.txt");
    for f in res.files(&path) {
        data.stopwords
            .extend(list_lines(f).into_iter().map(|(_, l)| fold(l)));
    }
    if data.apposition.is_empty() {
        data.apposition.push(String::new());
    }
    Ok(data)
}
