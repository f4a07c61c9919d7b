//! `vigie demo`: the embedded samples into a fresh store, wherever it runs from.

mod cli_support;

use cli_support::{run, vigie};
use vigie::store::Store;

#[test]
fn demo_makes_its_store_and_prints_a_summary() {
    let cwd = tempfile::tempdir().unwrap();
    let r = run(vigie().current_dir(cwd.path()).arg("demo"));
    assert!(cwd.path().join("vigie-demo.db").exists(), "{}", r.stderr);
    assert!(r.stdout.contains("Store vigie-demo.db:"), "{}", r.stdout);
    assert!(r.stdout.contains(" read: "), "{}", r.stdout);
}

#[test]
fn demo_ignores_vigie_db_and_replaces_only_its_own_store() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.db");
    Store::open(&mine).unwrap();
    let r = run(vigie()
        .current_dir(dir.path())
        .env("VIGIE_DB", &mine)
        .arg("demo"));
    assert!(dir.path().join("vigie-demo.db").exists(), "{}", r.stderr);
    assert!(r.stdout.contains("vigie-demo.db"), "{}", r.stdout);

    // Asked to replace a store that is not the demo's, it refuses.
    let r = run(vigie().arg("--db").arg(&mine).arg("demo"));
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("not a vigie demo store"), "{}", r.stderr);
    assert!(mine.exists());

    // Its own store it replaces on every run.
    let demo_db = dir.path().join("demo-here.db");
    run(vigie().arg("--db").arg(&demo_db).arg("demo"));
    let first = Store::open(&demo_db).unwrap().counts().unwrap();
    let r = run(vigie().arg("--db").arg(&demo_db).arg("demo"));
    assert!(!r.stderr.contains("not a vigie demo store"), "{}", r.stderr);
    assert_eq!(
        Store::open(&demo_db).unwrap().counts().unwrap(),
        first,
        "replaced, not added to"
    );
}

#[test]
fn demo_ingests_every_sample_and_shows_events() {
    let cwd = tempfile::tempdir().unwrap();
    let r = run(vigie().current_dir(cwd.path()).arg("demo"));
    assert_eq!(r.code, 0, "every sample ingests: {}", r.stderr);
    assert!(r.stdout.contains("10 new articles"), "{}", r.stdout);
    let store = Store::open(&cwd.path().join("vigie-demo.db")).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, 10);
    assert!(counts.events > 0, "{counts:?}");
    // Two outlets report the Niamey treaty: one event with mentions from both.
    let events = store.events(&vigie::query::EventFilter::default()).unwrap();
    assert!(
        events.iter().any(|e| {
            let articles: std::collections::BTreeSet<&str> =
                e.mentions.iter().map(|m| m.article.as_str()).collect();
            articles.contains("fr-niamey-traite-confederation.txt")
                && articles.contains("en-sahel-juntas-sign-confederation.txt")
        }),
        "the treaty is one event with two mentions"
    );
    assert!(r.stdout.contains("2024-07  July 2024"), "{}", r.stdout);
}
