//! `vigie ingest` end to end: failures named one line each, re-ingest a no-op, and a killed run
//! that a re-run completes.

mod cli_support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use cli_support::{run, shared_dir, vigie, write_articles};
use vigie::store::{Counts, Store};

fn counts(db: &Path) -> Counts {
    Store::open(db).expect("the store opens").counts().unwrap()
}

fn ingest(db: &Path, paths: &[&Path]) -> cli_support::Run {
    let mut cmd = vigie();
    cmd.arg("--db").arg(db).arg("ingest").arg("--quiet");
    for p in paths {
        cmd.arg(p);
    }
    run(&mut cmd)
}

#[test]
fn a_missing_path_is_one_line_naming_it_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let missing = dir.path().join("no-such-article.txt");
    let r = ingest(&db, &[&missing]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].contains("no-such-article.txt"), "{}", lines[0]);
    assert!(r.stdout.contains("1 failed"), "{}", r.stdout);
    assert!(db.exists(), "the store is created even so");
}

#[test]
fn db_and_vigie_db_choose_where_the_store_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("from-env.db");
    let from_flag = dir.path().join("from-flag.db");
    let input = dir.path().join("nothing.txt");
    let r = run(vigie()
        .env("VIGIE_DB", &from_env)
        .args(["ingest", "-q"])
        .arg(&input));
    assert!(from_env.exists(), "{}", r.stderr);
    assert!(
        r.stdout.contains("from-env.db"),
        "the summary names the store: {}",
        r.stdout
    );
    let r = run(vigie()
        .env("VIGIE_DB", &from_env)
        .arg("--db")
        .arg(&from_flag)
        .args(["ingest", "-q"])
        .arg(&input));
    assert!(from_flag.exists(), "{}", r.stderr);
    let cwd = tempfile::tempdir().unwrap();
    let _ = run(vigie()
        .current_dir(cwd.path())
        .args(["ingest", "-q"])
        .arg(&input));
    assert!(
        cwd.path().join("vigie.db").exists(),
        "the default is ./vigie.db"
    );
}

#[test]
fn other_inputs_are_ingested_when_one_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let articles = dir.path().join("articles");
    write_articles(&articles, 3);
    let missing = dir.path().join("no-such-article.txt");
    let r = ingest(&db, &[&articles, &missing]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("no-such-article.txt"));
    assert_eq!(counts(&db).articles, 3);
}

#[test]
fn re_ingesting_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let articles = dir.path().join("articles");
    write_articles(&articles, 4);
    let first = ingest(&db, &[&articles]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("4 new articles"), "{}", first.stdout);
    let before = counts(&db);
    let again = ingest(&db, &[&articles]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("0 new articles"), "{}", again.stdout);
    assert!(again.stdout.contains("4 already known"), "{}", again.stdout);
    assert_eq!(counts(&db), before);
}

#[test]
fn the_seed_articles_ingest_without_failure() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let r = ingest(&db, &[&shared.join("corpus/seeds")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(counts(&db).articles, 5);
}

/// How many times the kill is tried before the test gives up.
const KILL_ATTEMPTS: usize = 5;

/// Starts an ingest of `articles` (`n` of them) into `db` and kills it once one article is
/// stored; false when the ingest ended, or had stored them all, first.
fn kill_after_first_commit(db: &Path, articles: &Path, n: u64) -> bool {
    let mut child = vigie()
        .arg("--db")
        .arg(db)
        .args(["ingest", "--quiet"])
        .arg(articles)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // One connection polls, so each look is a cheap count.
    let start = Instant::now();
    let mut watcher: Option<Store> = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "nothing stored after two minutes"
        );
        if watcher.is_none() && db.exists() {
            watcher = Store::open(db).ok();
        }
        let stored = watcher
            .as_ref()
            .and_then(|s| s.counts().ok())
            .map_or(0, |c| c.articles);
        if stored >= 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    counts(db).articles < n
}

#[test]
fn a_killed_ingest_leaves_a_store_that_a_rerun_completes() {
    const N: usize = 1000;
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    write_articles(&articles, N);

    let full_db = dir.path().join("full.db");
    let full = ingest(&full_db, &[&articles]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    let expected = counts(&full_db);
    assert_eq!(expected.articles, N as u64);

    // Kill it as soon as an article is committed, well before the end. On a loaded machine the
    // ingest may finish before the watcher sees its first commit: that attempt proves nothing,
    // so it is made again on a fresh store, a few times.
    let mut killed: Option<std::path::PathBuf> = None;
    for attempt in 0..KILL_ATTEMPTS {
        let db = dir.path().join(format!("killed-{attempt}.db"));
        if kill_after_first_commit(&db, &articles, N as u64) {
            killed = Some(db);
            break;
        }
    }
    let db = killed.expect("every ingest ended before it could be killed; raise N");

    let partial = counts(&db);
    assert!(
        partial.articles >= 1 && partial.articles < N as u64,
        "{partial:?}"
    );

    let rerun = ingest(&db, &[&articles]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert!(
        rerun
            .stdout
            .contains(&format!("{} already known", partial.articles)),
        "{}",
        rerun.stdout
    );
    assert_eq!(counts(&db), expected);
    assert!(!Store::open(&db).unwrap().events_dirty().unwrap());
}
