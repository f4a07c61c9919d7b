//! A French and an English report of one happening resolve to one event: on the dev corpus,
//! the gold events reported by both a French and an English article are looked for among the
//! system events, which must hold both reports under the gold's type. Skips when `../shared` is
//! absent.

mod cli_support;

use std::collections::{BTreeMap, BTreeSet};

use cli_support::{run, shared_dir, vigie};
use serde_json::Value;

/// The `language:` header of a dev-corpus file, or the `lang` attribute of an HTML page.
fn language_of(path: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    for line in text.lines().take(12) {
        if let Some(l) = line.strip_prefix("language:") {
            return Some(l.trim().to_string());
        }
    }
    let at = text.find("<html")?;
    let rest = &text[at..];
    let l = rest.find("lang=\"")?;
    Some(rest[l + 6..].chars().take_while(|c| *c != '"').collect())
}

#[test]
fn french_and_english_reports_of_one_happening_are_one_event() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent (a fresh clone has no corpus)");
        return;
    };
    let corpus = shared.join("corpus/dev");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dev.db");
    let r = run(vigie()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--quiet"])
        .arg(&corpus));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(vigie()
        .arg("--db")
        .arg(&db)
        .args(["events", "--format", "jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    let mut language: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if let (Some(name), Some(lang)) = (
            path.file_name().and_then(|n| n.to_str()),
            language_of(&path),
        ) {
            language.insert(name.to_string(), lang);
        }
    }
    let gold_text = std::fs::read_to_string(shared.join("eval/dev.gold.jsonl")).unwrap();
    let mut bilingual = 0;
    let mut resolved: Vec<String> = Vec::new();
    for line in gold_text.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let articles: BTreeSet<&str> = g["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["article"].as_str().unwrap())
            .collect();
        let fr: Vec<&str> = articles
            .iter()
            .copied()
            .filter(|a| language.get(*a).map(String::as_str) == Some("fr"))
            .collect();
        let en: Vec<&str> = articles
            .iter()
            .copied()
            .filter(|a| language.get(*a).map(String::as_str) == Some("en"))
            .collect();
        if fr.is_empty() || en.is_empty() {
            continue;
        }
        bilingual += 1;
        let one_event = events.iter().any(|e| {
            let here: BTreeSet<&str> = e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["article"].as_str().unwrap())
                .collect();
            e["type"] == g["type"]
                && fr.iter().any(|a| here.contains(a))
                && en.iter().any(|a| here.contains(a))
        });
        if one_event {
            resolved.push(g["id"].as_str().unwrap().to_string());
        }
    }
    eprintln!(
        "{} of {bilingual} bilingual gold events resolved to one system event: {resolved:?}",
        resolved.len()
    );
    assert!(
        bilingual > 10,
        "the dev corpus has bilingual events: {bilingual}"
    );
    assert!(
        resolved.len() * 3 >= bilingual,
        "at least a third of the happenings reported in both languages are one event: {} of {bilingual}",
        resolved.len()
    );
}
