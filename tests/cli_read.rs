//! The read commands (`events`, `timeline`, `entities`, `show`) over a store seeded through the
//! library, and how `--db` and `VIGIE_DB` choose the store.

mod cli_support;

use cli_support::{ATTACK_ID, TALKS_ID, run, seeded, vigie};

fn events_args(db: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "--db".to_string(),
        db.display().to_string(),
        "events".to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn events_table_snapshot() {
    let (_dir, db) = seeded();
    let r = run(vigie().args(events_args(&db, &[])));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn events_jsonl_lines_parse_with_the_format_md_keys() {
    let (_dir, db) = seeded();
    let r = run(vigie().args(events_args(&db, &["--format", "jsonl"])));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    for event in &lines {
        for key in [
            "id",
            "type",
            "cameo",
            "date",
            "actors",
            "recipients",
            "persons",
            "place",
            "quantities",
            "claims",
            "quad_class",
            "goldstein",
            "mentions",
        ] {
            assert!(event.get(key).is_some(), "{key} missing in {event}");
        }
        for m in event["mentions"].as_array().unwrap() {
            for key in [
                "article",
                "modality",
                "sentence",
                "start",
                "end",
                "outlet",
                "rule",
                "confidence",
            ] {
                assert!(m.get(key).is_some(), "mention key {key} missing in {m}");
            }
            assert!(m["start"].as_u64().unwrap() <= m["end"].as_u64().unwrap());
        }
    }
    assert_eq!(lines[0]["id"], ATTACK_ID);
    assert_eq!(lines[0]["type"], "ASSAULT");
    assert_eq!(lines[0]["location"]["name"], "Barsalogho");
    assert_eq!(lines[0]["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1]["persons"][0], "sergey-lavrov");
}

#[test]
fn events_csv_snapshot() {
    let (_dir, db) = seeded();
    let r = run(vigie().args(events_args(&db, &["--format", "csv"])));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn filters_narrow_the_events() {
    let (_dir, db) = seeded();
    let ids = |extra: &[&str]| -> Vec<String> {
        let r = run(vigie().args(events_args(&db, &[&["--format", "jsonl"], extra].concat())));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(ids(&["--actor", "JNIM"]), vec![ATTACK_ID]);
    assert_eq!(ids(&["--actor", "rus"]), vec![TALKS_ID]);
    assert_eq!(
        ids(&["--actor", "Sergey Lavrov"]),
        vec![TALKS_ID],
        "a name the store has seen"
    );
    assert_eq!(
        ids(&["--actor", "BFA", "--type", "consult"]),
        Vec::<String>::new()
    );
    assert_eq!(ids(&["--type", "CONSULT"]), vec![TALKS_ID]);
    assert_eq!(ids(&["--since", "2025"]), vec![TALKS_ID]);
    assert_eq!(ids(&["--until", "2024-08"]), vec![ATTACK_ID]);
    assert_eq!(
        ids(&["--since", "2024-08-24", "--until", "2024-08-24"]),
        vec![ATTACK_ID]
    );
    assert_eq!(ids(&["--article", "en-barsalogho.html"]), vec![ATTACK_ID]);
    assert_eq!(ids(&["--limit", "1"]), vec![ATTACK_ID]);
}

#[test]
fn timeline_groups_by_month() {
    let (_dir, db) = seeded();
    let r = run(vigie().arg("--db").arg(&db).arg("timeline"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn entities_list_aliases_and_counts() {
    let (_dir, db) = seeded();
    let r = run(vigie().arg("--db").arg(&db).arg("entities"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    let r = run(vigie()
        .arg("--db")
        .arg(&db)
        .args(["entities", "--kind", "person", "--format", "jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "sergey-lavrov");
    assert_eq!(lines[0]["name"], "Sergey Lavrov");
    assert_eq!(lines[0]["aliases"][0]["alias"], "Sergey Lavrov");
    let r = run(vigie()
        .arg("--db")
        .arg(&db)
        .args(["entities", "--kind", "armed-group"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("JNIM") && !r.stdout.contains("BFA"),
        "{}",
        r.stdout
    );
}

#[test]
fn show_gives_every_mention_and_flags_conflicting_claims() {
    let (_dir, db) = seeded();
    let r = run(vigie().arg("--db").arg(&db).args(["show", ATTACK_ID]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    assert!(r.stdout.contains("CONFLICT"));
    // A unique beginning of an id is enough.
    let r2 = run(vigie().arg("--db").arg(&db).args(["show", "ev-bars"]));
    assert_eq!(r2.code, 0, "{}", r2.stderr);
    assert_eq!(r2.stdout, r.stdout);
}

#[test]
fn show_of_an_unknown_or_ambiguous_id_says_what_to_do() {
    let (_dir, db) = seeded();
    let r = run(vigie().arg("--db").arg(&db).args(["show", "ev-nothing"]));
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("vigie events"), "{}", r.stderr);
    let r = run(vigie().arg("--db").arg(&db).args(["show", "ev-"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(ATTACK_ID) && r.stderr.contains(TALKS_ID),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_store_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nowhere.db");
    for cmd in [
        &["events"][..],
        &["timeline"],
        &["entities"],
        &["show", "x"],
    ] {
        let r = run(vigie().arg("--db").arg(&db).args(cmd));
        assert_eq!(r.code, 1, "{cmd:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{cmd:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("nowhere.db") && r.stderr.contains("vigie ingest"),
            "{}",
            r.stderr
        );
        assert!(!db.exists(), "reading does not create a store");
    }
}

#[test]
fn vigie_db_chooses_the_store_and_db_overrides_it() {
    let (_dir, db) = seeded();
    let r = run(vigie()
        .env("VIGIE_DB", &db)
        .args(["events", "--format", "jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2);
    let empty = tempfile::tempdir().unwrap();
    let other = empty.path().join("other.db");
    let r = run(vigie()
        .env("VIGIE_DB", &db)
        .arg("--db")
        .arg(&other)
        .arg("events"));
    assert_eq!(
        r.code, 1,
        "--db wins over VIGIE_DB, and names a missing store"
    );
    assert!(r.stderr.contains("other.db"), "{}", r.stderr);
    // --db is global: it may follow the command.
    let r = run(vigie()
        .args(["events", "--format", "jsonl", "--db"])
        .arg(&db));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2);
}

#[test]
fn a_file_that_is_not_a_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(
        &db,
        "these are notes, not a database; vigie must leave them alone\n",
    )
    .unwrap();
    let r = run(vigie().arg("--db").arg(&db).arg("events"));
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("notes.db"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        "these are notes, not a database; vigie must leave them alone\n"
    );
}

#[test]
fn eval_scores_an_events_file_against_gold() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        r#"{"id": "g1", "type": "CONSULT", "cameo": "042", "date": "2025-04-03", "actors": ["MLI", "BFA"], "recipients": ["RUS"], "mentions": [{"article": "a.txt", "modality": "asserted", "quote": "les ministres se sont rendus en Russie"}]}
"#,
    )
    .unwrap();
    let right = dir.path().join("right.jsonl");
    std::fs::write(
        &right,
        r#"{"id": "e1", "type": "CONSULT", "cameo": "042", "date": "2025-04-04", "actors": ["MLI"], "recipients": ["RUS"], "mentions": [{"article": "a.txt", "modality": "asserted", "sentence": "Les ministres se sont rendus en Russie.", "start": 0, "end": 39}]}
"#,
    )
    .unwrap();
    let wrong = dir.path().join("wrong.jsonl");
    std::fs::write(
        &wrong,
        r#"{"id": "e1", "type": "AGREE", "date": "2025-04-04", "actors": ["MLI"], "recipients": ["RUS"], "mentions": [{"article": "a.txt", "modality": "asserted", "sentence": "x", "start": 0, "end": 1}]}
"#,
    )
    .unwrap();
    let r = run(vigie().arg("eval").arg(&gold).arg("--events").arg(&right));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .trim_end()
            .ends_with("P=1.0 R=1.0 F1=1.0 tp=1 fp=0 fn=0 frag=1.0 wrong_merges=0"),
        "{}",
        r.stdout
    );
    let r = run(vigie()
        .arg("eval")
        .arg(&gold)
        .arg("--events")
        .arg(&wrong)
        .arg("--json"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"F1\": 0.0"), "{}", r.stdout);
    assert!(
        r.stdout
            .trim_end()
            .ends_with("P=0.0 R=0.0 F1=0.0 tp=0 fp=1 fn=1 frag=0.0 wrong_merges=0"),
        "{}",
        r.stdout
    );
    let r = run(vigie()
        .arg("eval")
        .arg(dir.path().join("missing.jsonl"))
        .arg("--events")
        .arg(&right));
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("missing.jsonl"), "{}", r.stderr);
}

#[test]
fn columns_widens_a_table_written_to_a_pipe() {
    let (_dir, db) = seeded();
    let r = run(vigie()
        .env("COLUMNS", "200")
        .arg("--db")
        .arg(&db)
        .arg("events"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("au Burkina Faso."),
        "the whole sentence fits in 200 columns:\n{}",
        r.stdout
    );
}

#[test]
fn stale_events_are_resolved_again_before_reading() {
    let (_dir, db) = seeded();
    {
        // What a killed ingest leaves: one more article stored, events not resolved since.
        let mut store = vigie::store::Store::open(&db).unwrap();
        let text = "Niger and Russia signed a defence agreement in Niamey.";
        let article = vigie::model::Article {
            id: vigie::ingest::article_id(text),
            name: "late.txt".into(),
            source: "late.txt".into(),
            form: vigie::model::SourceForm::LooseText,
            url: None,
            title: None,
            published: None,
            language: Some("en".into()),
            outlet: None,
            text: text.into(),
        };
        store
            .insert_article(&article, &Default::default(), &[], |_| None)
            .unwrap();
        assert!(store.events_dirty().unwrap());
    }
    let r = run(vigie().arg("--db").arg(&db).arg("events"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("resolved them again"), "{}", r.stderr);
    assert!(
        !vigie::store::Store::open(&db)
            .unwrap()
            .events_dirty()
            .unwrap()
    );
    let r = run(vigie().arg("--db").arg(&db).arg("events"));
    assert!(r.stderr.is_empty(), "only once: {}", r.stderr);
}
