//! Reading the knowledge-base files: built-in first, then the user's, an entry with a known id
//! extending the one before (lists grow, single values are replaced).

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use toml::Spanned;

use super::{OrgKind, Organisation, Person, Place, State, Term};
use crate::model::DatePoint;
use crate::resources::{DataError, DataFile, Resources, list_lines, tsv_rows};
use crate::text::fold;

/// Everything read, before indexing.
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub states: Vec<State>,
    pub organisations: Vec<Organisation>,
    pub persons: Vec<Person>,
    pub places: Vec<Place>,
    pub given_names: Vec<String>,
}

pub(super) fn load_all(res: &Resources) -> Result<Parts, DataError> {
    let mut parts = Parts::default();
    for f in res.files("kb/states.tsv") {
        read_states(f, &mut parts.states)?;
    }
    for f in res.files("kb/places.tsv") {
        read_places(f, &mut parts.places)?;
    }
    for f in res.files("kb/organisations.toml") {
        read_organisations(f, &mut parts.organisations)?;
    }
    for f in res.files("kb/persons.toml") {
        read_persons(f, &mut parts.persons)?;
    }
    let mut given: Vec<String> = Vec::new();
    for p in &parts.persons {
        for n in p.full_names() {
            let words: Vec<&str> = n.split_whitespace().collect();
            if let [first, _, ..] = words.as_slice() {
                given.push((*first).to_string());
            }
        }
    }
    for f in res.files("kb/given_names.txt") {
        given.extend(list_lines(f).into_iter().map(|(_, l)| l.to_string()));
    }
    // An initial ("J.") or a two-letter word starts too many things to mark a name.
    given.retain(|g| g.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !g.ends_with('.'));
    parts.given_names = dedupe_folded(given);
    Ok(parts)
}

/// Values without repeats (by folded form), in first-seen order.
fn dedupe_folded(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    values
        .into_iter()
        .filter(|v| !v.trim().is_empty() && seen.insert(fold(v)))
        .collect()
}

/// Values without exact repeats, in first-seen order. Names are not deduplicated by folded
/// form: "CEDEAO" and "Cédéao" are two ways of writing that must both match.
fn dedupe(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for v in values {
        let v = match v.trim() {
            "" => continue,
            t if t.len() == v.len() => v,
            t => t.to_string(),
        };
        // A town's alternate names are a handful: compared in place, not copied into a set.
        let repeat = if kept.len() < 16 {
            kept.contains(&v)
        } else {
            if seen.is_empty() {
                seen.extend(kept.iter().cloned());
            }
            !seen.insert(v.clone())
        };
        if !repeat {
            kept.push(v);
        }
    }
    kept
}

fn extend_unique(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    let all = std::mem::take(list).into_iter().chain(more);
    *list = dedupe(all);
}

fn split_list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Column positions by name, from a TSV header.
type Columns = HashMap<String, usize>;

/// A TSV file's header (by column name) and rows with their line numbers.
fn table(file: &DataFile) -> (Columns, Vec<(usize, Vec<&str>)>) {
    let mut rows = tsv_rows(file, false);
    if rows.is_empty() {
        return (HashMap::new(), rows);
    }
    let (_, header) = rows.remove(0);
    let cols = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    (cols, rows)
}

fn cell<'a>(cols: &Columns, row: &[&'a str], name: &str) -> &'a str {
    cols.get(name)
        .and_then(|&i| row.get(i))
        .copied()
        .unwrap_or("")
}

fn require_columns(
    file: &DataFile,
    cols: &HashMap<String, usize>,
    names: &[&str],
) -> Result<(), DataError> {
    for n in names {
        if !cols.contains_key(*n) {
            return Err(DataError::invalid(
                file,
                None,
                format!("the header lacks the column {n:?}"),
            ));
        }
    }
    Ok(())
}

fn read_states(file: &DataFile, states: &mut Vec<State>) -> Result<(), DataError> {
    let (cols, rows) = table(file);
    if rows.is_empty() {
        return Ok(());
    }
    require_columns(file, &cols, &["id"])?;
    for (line, row) in rows {
        let id = cell(&cols, &row, "id");
        if id.len() != 3 || !id.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DataError::invalid(
                file,
                Some(line),
                format!("state id {id:?} is not an alpha-3 code (MLI)"),
            ));
        }
        let un = cell(&cols, &row, "un_member");
        if !matches!(un, "" | "true" | "false") {
            return Err(DataError::invalid(
                file,
                Some(line),
                "un_member must be true or false",
            ));
        }
        let text = |c: &str| Some(cell(&cols, &row, c).to_string()).filter(|s| !s.is_empty());
        let list = |c: &str| split_list(cell(&cols, &row, c));
        let idx = match states.iter().position(|s| s.id == id) {
            Some(i) => i,
            None => {
                states.push(State {
                    id: id.to_string(),
                    ..State::default()
                });
                states.len() - 1
            }
        };
        let s = &mut states[idx];
        if let Some(v) = text("name_fr") {
            s.name_fr = v;
        }
        if let Some(v) = text("name_en") {
            s.name_en = v;
        }
        if let Some(v) = text("capital_en") {
            s.capital_en = Some(v);
        }
        if let Some(v) = text("capital_fr") {
            s.capital_fr = Some(v);
        }
        if !un.is_empty() {
            s.un_member = un == "true";
        }
        extend_unique(&mut s.aliases, list("aliases"));
        extend_unique(&mut s.dem_fr_m, list("dem_fr_m"));
        extend_unique(&mut s.dem_fr_f, list("dem_fr_f"));
        extend_unique(&mut s.dem_fr_mp, list("dem_fr_mp"));
        extend_unique(&mut s.dem_fr_fp, list("dem_fr_fp"));
        extend_unique(&mut s.dem_en, list("dem_en"));
        extend_unique(&mut s.capital_aliases, list("capital_aliases"));
        if s.name_en.is_empty() {
            s.name_en = s.name_fr.clone();
        }
        if s.name_fr.is_empty() {
            s.name_fr = s.name_en.clone();
        }
    }
    Ok(())
}

fn read_places(file: &DataFile, places: &mut Vec<Place>) -> Result<(), DataError> {
    let (cols, rows) = table(file);
    if rows.is_empty() {
        return Ok(());
    }
    require_columns(file, &cols, &["geonameid", "name", "country", "lat", "lon"])?;
    let mut index: FxHashMap<u64, usize> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.geonameid, i))
        .collect();
    places.reserve(rows.len());
    index.reserve(rows.len());
    // Thousands of rows: each column is looked up by name once, not once a row.
    let column = |name: &str| cols.get(name).copied();
    let [
        geonameid,
        name_col,
        country_col,
        lat_col,
        lon_col,
        population_col,
        alternates_col,
    ] = [
        "geonameid",
        "name",
        "country",
        "lat",
        "lon",
        "population",
        "alternate_names",
    ]
    .map(column);
    for (line, row) in rows {
        let bad = |what: &str| DataError::invalid(file, Some(line), what.to_string());
        let at = |c: Option<usize>| c.and_then(|i| row.get(i)).copied().unwrap_or("");
        let id: u64 = at(geonameid)
            .parse()
            .map_err(|_| bad("geonameid must be a number"))?;
        let num = |c: Option<usize>, what: &str| -> Result<Option<f64>, DataError> {
            let v = at(c);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<f64>()
                .map(Some)
                .map_err(|_| bad(&format!("{what} must be a number, not {v:?}")))
        };
        let (lat, lon) = (num(lat_col, "lat")?, num(lon_col, "lon")?);
        let population = match at(population_col) {
            "" => None,
            v => Some(
                v.parse::<u64>()
                    .map_err(|_| bad("population must be a whole number"))?,
            ),
        };
        let name = at(name_col);
        let country = at(country_col);
        let alternates = split_list(at(alternates_col));
        match index.get(&id) {
            Some(&i) => {
                let p = &mut places[i];
                if !name.is_empty() {
                    p.name = name.to_string();
                }
                if !country.is_empty() {
                    p.country = country.to_string();
                }
                p.population = population.unwrap_or(p.population);
                p.lat = lat.unwrap_or(p.lat);
                p.lon = lon.unwrap_or(p.lon);
                extend_unique(&mut p.alternates, alternates);
            }
            None => {
                let (Some(lat), Some(lon)) = (lat, lon) else {
                    return Err(bad("a new place needs lat and lon"));
                };
                if name.is_empty() || country.len() != 3 {
                    return Err(bad("a new place needs a name and an alpha-3 country"));
                }
                index.insert(id, places.len());
                places.push(Place {
                    geonameid: id,
                    name: name.to_string(),
                    country: country.to_string(),
                    population: population.unwrap_or(0),
                    lat,
                    lon,
                    alternates: dedupe(alternates),
                });
            }
        }
    }
    Ok(())
}

/// The 1-based line of a byte offset in a file.
fn line_of(file: &DataFile, offset: usize) -> usize {
    file.text
        .get(..offset)
        .unwrap_or(&file.text)
        .lines()
        .count()
        .max(1)
}

fn parse_date(
    file: &DataFile,
    v: &Option<Spanned<String>>,
) -> Result<Option<DatePoint>, DataError> {
    match v {
        None => Ok(None),
        Some(s) => s.get_ref().parse::<DatePoint>().map(Some).map_err(|e| {
            DataError::invalid(
                file,
                Some(line_of(file, s.span().start)),
                format!("{e} (YYYY, YYYY-MM or YYYY-MM-DD)"),
            )
        }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgFile {
    #[serde(default)]
    organisation: Vec<RawOrg>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    id: Spanned<String>,
    name: Option<String>,
    kind: Option<Spanned<String>>,
    #[serde(default)]
    names: Vec<String>,
    home: Option<String>,
    counts_as: Option<String>,
    founded: Option<Spanned<String>>,
    ended: Option<Spanned<String>>,
    #[serde(default)]
    members: Vec<String>,
}

fn read_organisations(file: &DataFile, orgs: &mut Vec<Organisation>) -> Result<(), DataError> {
    let parsed: OrgFile = toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
    for raw in parsed.organisation {
        // Counting lines is for messages only: done when one is written.
        let line = || line_of(file, raw.id.span().start);
        let id = raw.id.get_ref().trim().to_string();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_lowercase()) {
            return Err(DataError::invalid(
                file,
                Some(line()),
                format!("organisation id {id:?} must be upper case without spaces (ECOWAS)"),
            ));
        }
        let kind = match &raw.kind {
            None => None,
            Some(k) => Some(match k.get_ref().as_str() {
                "organisation" => OrgKind::Organisation,
                "armed_group" => OrgKind::ArmedGroup,
                "state_body" => OrgKind::StateBody,
                "operation" => OrgKind::Operation,
                other => {
                    return Err(DataError::invalid(
                        file,
                        Some(line_of(file, k.span().start)),
                        format!(
                            "kind {other:?} is not one of organisation, armed_group, state_body, operation"
                        ),
                    ));
                }
            }),
        };
        let founded = parse_date(file, &raw.founded)?;
        let ended = parse_date(file, &raw.ended)?;
        match orgs.iter_mut().find(|o| o.id == id) {
            Some(o) => {
                if let Some(n) = raw.name {
                    o.name = n;
                }
                if let Some(k) = kind {
                    o.kind = k;
                }
                extend_unique(&mut o.names, raw.names);
                o.home = raw.home.or(o.home.take());
                o.counts_as = raw.counts_as.or(o.counts_as.take());
                o.founded = founded.or(o.founded);
                o.ended = ended.or(o.ended);
                extend_unique(&mut o.members, raw.members);
            }
            None => {
                let kind = kind.unwrap_or(OrgKind::Organisation);
                if matches!(kind, OrgKind::StateBody | OrgKind::Operation)
                    && raw.counts_as.is_none()
                {
                    return Err(DataError::invalid(
                        file,
                        Some(line()),
                        format!(
                            "{id}: a state body or operation must say what it counts as (counts_as = \"MLI\")"
                        ),
                    ));
                }
                let name = raw
                    .name
                    .or_else(|| raw.names.first().cloned())
                    .unwrap_or_else(|| id.clone());
                let mut names = raw.names;
                names.insert(0, name.clone());
                orgs.push(Organisation {
                    id,
                    name,
                    kind,
                    names: dedupe(names),
                    home: raw.home,
                    counts_as: raw.counts_as,
                    founded,
                    ended,
                    members: raw.members,
                });
            }
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonFile {
    #[serde(default)]
    person: Vec<RawPerson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<String>,
    name: Option<String>,
    code: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    surnames: Option<Vec<String>>,
    #[serde(default)]
    same_as: Vec<String>,
    #[serde(default)]
    roles: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    role: Spanned<String>,
    state: String,
    start: Option<Spanned<String>>,
    end: Option<Spanned<String>>,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The surnames of a name when the file gives none: the last word of each full name of two
/// words or more.
fn default_surnames(names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter_map(|n| {
            let words: Vec<&str> = n.split_whitespace().collect();
            (words.len() >= 2).then(|| words[words.len() - 1].to_string())
        })
        .collect()
}

fn read_persons(file: &DataFile, persons: &mut Vec<Person>) -> Result<(), DataError> {
    let parsed: PersonFile = toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
    for raw in parsed.person {
        // Counting lines is for messages only: done when one is written.
        let line = || line_of(file, raw.id.span().start);
        let id = raw.id.get_ref().trim().to_string();
        if !is_slug(&id) {
            return Err(DataError::invalid(
                file,
                Some(line()),
                format!(
                    "person id {id:?} must be a slug: lower-case ASCII words joined by - (sergey-lavrov)"
                ),
            ));
        }
        let mut roles = Vec::new();
        for t in &raw.roles {
            let start = parse_date(file, &t.start)?;
            let end = parse_date(file, &t.end)?;
            if start
                .zip(end)
                .is_some_and(|(s, e)| e.last_day() < s.first_day())
            {
                return Err(DataError::invalid(
                    file,
                    Some(line_of(file, t.role.span().start)),
                    format!("{id}: a term ends before it starts"),
                ));
            }
            roles.push(Term {
                role: t.role.get_ref().clone(),
                state: t.state.clone(),
                start,
                end,
            });
        }
        match persons
            .iter_mut()
            .find(|p| p.id == id || p.same_as.contains(&id))
        {
            Some(p) => {
                if let Some(n) = raw.name {
                    let old = std::mem::replace(&mut p.name, n);
                    p.aliases.insert(0, old);
                }
                if let Some(c) = raw.code {
                    p.code = Some(c);
                }
                extend_unique(&mut p.aliases, raw.aliases);
                p.aliases.retain(|a| a != &p.name);
                let surnames = raw.surnames.unwrap_or_default();
                extend_unique(&mut p.surnames, surnames);
                let names: Vec<String> = p.full_names().map(String::from).collect();
                if p.surnames.is_empty() {
                    p.surnames = dedupe(default_surnames(&names));
                }
                extend_unique(&mut p.same_as, raw.same_as);
                p.roles.extend(roles);
            }
            None => {
                let Some(name) = raw.name else {
                    return Err(DataError::invalid(
                        file,
                        Some(line()),
                        format!("{id}: a new person needs a name"),
                    ));
                };
                let mut all = vec![name.clone()];
                all.extend(raw.aliases.iter().cloned());
                let surnames = match raw.surnames {
                    Some(s) if !s.is_empty() => dedupe(s),
                    _ => dedupe(default_surnames(&all)),
                };
                let aliases = dedupe(all).into_iter().skip(1).collect();
                persons.push(Person {
                    id,
                    name,
                    code: raw.code,
                    aliases,
                    surnames,
                    same_as: raw.same_as,
                    roles,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::dedupe;

    #[test]
    fn dedupe_keeps_the_first_of_each_trimmed_value_short_lists_and_long() {
        let values = |n: usize| -> Vec<String> {
            (0..n)
                .flat_map(|i| {
                    [
                        format!(" v{} ", i % 20),
                        format!("v{}", i % 7),
                        String::new(),
                    ]
                })
                .collect()
        };
        for n in [3, 10, 40] {
            let mut expected: Vec<String> = Vec::new();
            for v in values(n) {
                let v = v.trim().to_string();
                if !v.is_empty() && !expected.contains(&v) {
                    expected.push(v);
                }
            }
            assert_eq!(dedupe(values(n)), expected, "{n}");
        }
        assert_eq!(dedupe(values(40)).len(), 20);
    }
}
