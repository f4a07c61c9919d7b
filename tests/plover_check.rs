//! `vigie plover-check` end to end: on the PLOVER gold standard records of `../shared` when they
//! are there, and on small hand-written files always.

mod cli_support;

use std::path::PathBuf;

use serde_json::Value;

use cli_support::{run, shared_dir, vigie};

fn gold_file() -> Option<PathBuf> {
    let path = shared_dir()?.join("data/plover/PLOVER_GSR_CAMEO.json");
    path.is_file().then_some(path)
}

fn n(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is a count: {v}"))
}

/// Counts are consistent: coded ≤ records, correct ≤ coded, first ≤ any, ratios match.
fn assert_consistent(t: &Value) {
    let (records, coded, any, first) = (
        n(t, "records"),
        n(t, "coded"),
        n(t, "correct_any"),
        n(t, "correct_first"),
    );
    assert!(coded <= records && any <= coded && first <= any, "{t}");
    if coded > 0 {
        let acc = t["accuracy_any"].as_f64().expect("a ratio when coded > 0");
        assert!((acc - any as f64 / coded as f64).abs() < 0.001, "{t}");
    } else {
        assert!(t["accuracy_any"].is_null(), "{t}");
    }
}

#[test]
fn on_the_plover_gold_standard_records() {
    let Some(path) = gold_file() else {
        eprintln!("skipped: ../shared/data/plover/PLOVER_GSR_CAMEO.json is absent");
        return;
    };
    // How many event records the file has, counted independently of vigie.
    let raw: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).expect("the file is JSON");
    let events = raw.iter().filter(|r| r["event"] != "DOCUMENT").count() as u64;
    let gold_names: std::collections::BTreeSet<&str> = raw
        .iter()
        .filter_map(|r| r["event"].as_str())
        .filter(|e| *e != "DOCUMENT")
        .collect();

    let r = run(vigie()
        .args(["plover-check", "--json", "--explain"])
        .arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(r.stdout.trim()).expect("one JSON object");
    let total = &report["total"];
    assert_eq!(n(total, "records"), events);
    assert_eq!(n(&report, "documentation_records"), 1);
    assert_consistent(total);

    // One row per gold category of the file, each consistent, summing to the total.
    let rows = report["categories"].as_array().expect("categories");
    let row_names: std::collections::BTreeSet<&str> =
        rows.iter().filter_map(|c| c["gold"].as_str()).collect();
    assert_eq!(row_names, gold_names);
    for key in ["records", "coded", "correct_any", "correct_first"] {
        assert_eq!(
            rows.iter().map(|c| n(c, key)).sum::<u64>(),
            n(total, key),
            "{key}"
        );
    }
    for row in rows {
        assert_consistent(row);
        let now = row["now"].as_str().unwrap();
        assert!(now.parse::<vigie::model::EventType>().is_ok(), "{row}");
    }
    // The 0.5 names are read as today's.
    let now_of = |gold: &str| {
        rows.iter()
            .find(|c| c["gold"] == gold)
            .map(|c| c["now"].clone())
    };
    assert_eq!(now_of("DEMAND"), Some(Value::from("REQUEST")));
    assert_eq!(now_of("DISAPPROVE"), Some(Value::from("ACCUSE")));

    // Every record not right is a miss, with the sentence and what was found.
    let misses = report["misses"].as_array().expect("misses with --explain");
    assert_eq!(
        misses.len() as u64,
        n(total, "records") - n(total, "correct_first")
    );
    for m in misses {
        assert!(m["sentence"].as_str().is_some_and(|s| !s.is_empty()), "{m}");
        assert!(m["found"].is_array() && m["id"].is_string(), "{m}");
        let uncoded = m["verdict"] == "uncoded";
        assert_eq!(uncoded, m["found"].as_array().unwrap().is_empty(), "{m}");
    }

    // The table says the same figures.
    let r = run(vigie().args(["plover-check"]).arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let coded_line = format!(
        "coded (at least one event extracted): {} of {}",
        n(total, "coded"),
        events
    );
    assert!(r.stdout.contains(&coded_line), "{}", r.stdout);
    assert!(r.stdout.contains("DEMAND→REQUEST"), "{}", r.stdout);
    let all = r
        .stdout
        .lines()
        .find(|l| l.starts_with("all "))
        .expect("a total row");
    assert!(all.contains(&events.to_string()), "{all}");
}

#[test]
fn on_a_small_hand_written_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.json");
    std::fs::write(
        &path,
        r#"[
{"id": "DOC", "event": "DOCUMENT"},
{"id": "t1", "event": "CONSULT", "date": "2021-06-02",
 "text": "Mali's foreign minister met his Russian counterpart in Moscow on Thursday."},
{"id": "t2", "event": "DISAPPROVE", "date": "2021-06-02",
 "text": "The weather stayed mild across the capital all week."}
]"#,
    )
    .unwrap();
    let r = run(vigie().args(["plover-check", "--explain"]).arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("coded (at least one event extracted): 1 of 2"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("t2 line 5: gold ACCUSE (DISAPPROVE), uncoded"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("sentence: The weather stayed mild"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("t1 line"), "t1 is right: {}", r.stdout);
}

#[test]
fn errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\"},\n{\"id\": \"b\", \"event\": \"CRIME\", \"text\": \"y\"}\n]\n",
    )
    .unwrap();
    let r = run(vigie().args(["plover-check"]).arg(&path));
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains(&format!("{}:3:", path.display())) && r.stderr.contains("CRIME"),
        "{}",
        r.stderr
    );

    let missing = dir.path().join("none.json");
    let r = run(vigie().args(["plover-check"]).arg(&missing));
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("none.json"), "{}", r.stderr);
}

#[test]
fn help_has_an_example() {
    let r = run(vigie().args(["plover-check", "--help"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Usage: vigie plover-check"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
}
