//! The seed articles end to end: ingested by the binary, the events the issue names come out as
//! one event per happening, dated, with the right mentions. Skips when `../shared` is absent.

mod cli_support;

use cli_support::{run, shared_dir, vigie};
use serde_json::Value;

/// Ingests the seeds into a fresh store and returns its events as JSON.
fn seed_events() -> Option<Vec<Value>> {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent (a fresh clone has no corpus)");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let r = run(vigie()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg("--quiet")
        .arg(shared.join("corpus/seeds")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(vigie()
        .arg("--db")
        .arg(&db)
        .args(["events", "--format", "jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    Some(
        r.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    )
}

fn articles_of(e: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = e["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["article"].as_str().unwrap()[..3].to_string(),
                m["modality"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn codes(e: &Value) -> Vec<String> {
    let mut v: Vec<String> = ["actors", "recipients"]
        .iter()
        .flat_map(|k| {
            e[*k]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn the_april_moscow_meeting_is_one_event_reported_by_three_articles() {
    let Some(events) = seed_events() else { return };
    let meetings: Vec<&Value> = events
        .iter()
        .filter(|e| {
            e["type"] == "CONSULT"
                && e["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["article"].as_str().unwrap().starts_with("002"))
        })
        .collect();
    assert_eq!(
        meetings.len(),
        1,
        "002's reports of the meeting make one event: {meetings:#?}"
    );
    let meeting = meetings[0];
    let arts = articles_of(meeting);
    for seed in ["000", "001", "002"] {
        assert!(
            arts.iter().any(|(a, _)| a == seed),
            "{seed} reports it: {arts:?}"
        );
    }
    assert!(
        arts.contains(&("002".to_string(), "planned".to_string())),
        "002 announces it: {arts:?}"
    );
    let date = meeting["date"].as_str().unwrap();
    assert!(
        date.starts_with("2025-04-0"),
        "dated in early April 2025: {date}"
    );
    for code in ["MLI", "BFA", "NER", "RUS"] {
        assert!(
            codes(meeting).contains(&code.to_string()),
            "{code} takes part: {:?}",
            codes(meeting)
        );
    }
}

#[test]
fn the_august_memoranda_are_dated_though_the_article_gives_no_year() {
    let Some(events) = seed_events() else { return };
    let signed: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "SUPPORT" && articles_of(e).iter().any(|(a, _)| a == "004"))
        .collect();
    assert_eq!(signed.len(), 1, "{signed:#?}");
    assert_eq!(signed[0]["date"], "2025-08-14");
    assert_eq!(signed[0]["cameo"], "057");
    assert_eq!(codes(signed[0]), ["BFA", "MLI", "NER", "RUS"]);
}

#[test]
fn belousov_is_one_person_however_it_is_spelled() {
    let Some(events) = seed_events() else { return };
    let with_him: Vec<(String, String)> = events
        .iter()
        .filter(|e| {
            e["persons"]
                .as_array()
                .is_some_and(|p| p.iter().any(|x| x == "andrei-belousov"))
        })
        .flat_map(articles_of)
        .collect();
    // "Andrei Belousov" in 003, "Andreï Belooussov" in 004.
    assert!(with_him.iter().any(|(a, _)| a == "003"), "{with_him:?}");
    assert!(with_him.iter().any(|(a, _)| a == "004"), "{with_him:?}");
}
