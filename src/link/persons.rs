//! Matching a person's name as written against the knowledge base: exact forms, spelling
//! variants within a small edit distance (Belousov / Belooussov, Simporé / Simpone, Modi /
//! Mody, Sergueï / Sergey), and slugs for persons it lacks.

use crate::kb::{Kb, Person};
use crate::text::fold;

/// A name folded and cut into words ("Sergueï Lavrov" → ["serguei", "lavrov"]).
pub(super) fn words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// The slug of a name as written: folded, ASCII letters and digits, words joined by `-`
/// ("Salifou Modi" → `salifou-modi`), so the same name gives the same slug in every article.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Levenshtein distance between two strings, by characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How many edits two spellings of one word may differ by: none for short words, one from
/// four letters, two from seven.
pub(super) fn allowed_edits(a: &str, b: &str) -> usize {
    match a.chars().count().max(b.chars().count()) {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// The cost of reading name `a` as name `b` (both as words), when they are variants of one
/// another: the same given name and a close surname, or the same surname and a close given
/// name (or its initial).
fn variant_cost(a: &[String], b: &[String]) -> Option<usize> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let (ga, gb) = (&a[0], &b[0]);
    let (sa, sb) = (a[1..].join(" "), b[1..].join(" "));
    if ga == gb {
        let d = edit_distance(&sa, &sb);
        return (d <= allowed_edits(&sa, &sb)).then_some(d);
    }
    if sa == sb {
        let initial = |x: &str, y: &str| x.len() == 2 && x.ends_with('.') && y.starts_with(&x[..1]);
        if initial(ga, gb) || initial(gb, ga) {
            return Some(1);
        }
        let d = edit_distance(ga, gb);
        return (d <= allowed_edits(ga, gb)).then_some(d);
    }
    None
}

/// The one person whose full name `name` is a spelling variant of, when exactly one is
/// closest.
pub(super) fn variant_of<'kb>(kb: &'kb Kb, name: &[String]) -> Option<&'kb Person> {
    let mut best: Option<(usize, &Person)> = None;
    let mut tie = false;
    for p in kb.persons() {
        let cost = p
            .full_names()
            .filter_map(|n| variant_cost(name, &words(n)))
            .min();
        let Some(cost) = cost else { continue };
        match best {
            Some((c, q)) if cost == c && q.id != p.id => tie = true,
            Some((c, _)) if cost >= c => {}
            _ => {
                best = Some((cost, p));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(_, p)| p) }
}

/// Persons whose surname is `surname` (folded) or, when none is, a close variant of it.
pub(super) fn with_surname<'kb>(kb: &'kb Kb, surname: &str) -> Vec<&'kb Person> {
    let exact = kb.persons_with_surname(surname);
    if !exact.is_empty() {
        return exact;
    }
    let mut best: Option<usize> = None;
    let mut found: Vec<&Person> = Vec::new();
    for (s, persons) in kb.surnames() {
        let d = edit_distance(surname, s);
        if d == 0 || d > allowed_edits(surname, s) {
            continue;
        }
        match best {
            Some(b) if d > b => continue,
            Some(b) if d == b => {}
            _ => {
                best = Some(d);
                found.clear();
            }
        }
        for p in persons {
            if !found.iter().any(|q| q.id == p.id) {
                found.push(p);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    #[test]
    fn slugs_are_folded_ascii_words() {
        assert_eq!(slug("Salifou Modi"), "salifou-modi");
        assert_eq!(slug("  Jean-Pierre  N'Diaye "), "jean-pierre-n-diaye");
        assert_eq!(slug("Goïta"), "goita");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("belousov", "belooussov"), 2);
        assert_eq!(edit_distance("simpone", "simpore"), 1);
        assert_eq!(edit_distance("modi", "mody"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(allowed_edits("diop", "diou"), 1);
        assert_eq!(allowed_edits("sy", "ba"), 0);
    }

    #[test]
    fn unseen_spellings_find_their_person() {
        let kb = Kb::load(&Resources::builtin()).unwrap();
        let id = |n: &str| variant_of(&kb, &words(n)).map(|p| p.id.clone());
        assert_eq!(id("Andreï Belooussof").as_deref(), Some("andrei-belousov"));
        assert_eq!(id("Célestin Simpone").as_deref(), Some("celestin-simpore"));
        assert_eq!(id("Serguey Lavrov").as_deref(), Some("sergey-lavrov"));
        assert_eq!(id("Salifu Mody").as_deref(), Some("salifou-mody"));
        assert_eq!(id("Pierre Dupont"), None);
        let ids = |s: &str| {
            with_surname(&kb, s)
                .into_iter()
                .map(|p| p.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("belooussov"), ["andrei-belousov"]);
        assert!(ids("traore").len() >= 2);
        assert!(ids("zzzz").is_empty());
    }
}
