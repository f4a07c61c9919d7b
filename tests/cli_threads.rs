//! The store does not depend on how an ingest was run: any number of threads, the files in any
//! order, all at once or over several runs (each resolving only the kinds of event that got new
//! reports), give a byte-identical `vigie export`.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{run, vigie};

/// The sample articles shipped in the repository, one path per file, sorted.
fn sample_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    files.sort();
    files
}

/// The dev corpus's articles, sorted, when `../shared` is beside the repository.
fn dev_files() -> Option<Vec<PathBuf>> {
    let shared = cli_support::shared_dir()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/dev"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "html"))
        .collect();
    files.sort();
    Some(files)
}

fn ingest_and_export(db: &Path, threads: &str, files: &[PathBuf]) -> String {
    ingest(db, threads, files);
    export(db)
}

fn ingest(db: &Path, threads: &str, files: &[PathBuf]) {
    let mut cmd = vigie();
    cmd.arg("--db")
        .arg(db)
        .args(["ingest", "--quiet", "--threads", threads]);
    cmd.args(files);
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn export(db: &Path) -> String {
    let r = run(vigie()
        .arg("--db")
        .arg(db)
        .args(["export", "--format", "jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn export_is_the_same_whatever_the_threads_and_the_order_of_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = sample_files();
    assert!(files.len() >= 5, "{files:?}");
    let one = ingest_and_export(&dir.path().join("one.db"), "1", &files);
    assert!(one.lines().count() >= 5, "{one}");
    let mut reversed = files.clone();
    reversed.reverse();
    let four = ingest_and_export(&dir.path().join("four.db"), "4", &reversed);
    assert!(
        one == four,
        "one thread in order and four in reverse order differ"
    );
    let mut rotated = files;
    rotated.rotate_left(3);
    let two = ingest_and_export(&dir.path().join("two.db"), "2", &rotated);
    assert!(one == two, "two threads, rotated order, differ");
}

#[test]
fn the_dev_corpus_exports_the_same_on_one_thread_and_on_three_in_reverse() {
    let Some(mut files) = dev_files() else {
        eprintln!("skipped: ../shared is not beside the repository");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let one = ingest_and_export(&dir.path().join("one.db"), "1", &files);
    files.reverse();
    let three = ingest_and_export(&dir.path().join("three.db"), "3", &files);
    assert!(one == three, "the dev corpus exports differently");
}

/// The files ingested in `runs` runs of about equal size, last run first.
fn ingest_in_runs(db: &Path, files: &[PathBuf], runs: usize) -> String {
    let size = files.len().div_ceil(runs);
    for chunk in files.chunks(size).rev() {
        ingest(db, "2", chunk);
    }
    export(db)
}

#[test]
fn several_runs_store_what_one_run_does() {
    let dir = tempfile::tempdir().unwrap();
    let files = sample_files();
    let once = ingest_and_export(&dir.path().join("once.db"), "2", &files);
    let thrice = ingest_in_runs(&dir.path().join("thrice.db"), &files, 3);
    assert!(once == thrice, "three runs store other events than one");
}

#[test]
fn the_dev_corpus_in_four_runs_exports_as_in_one() {
    let Some(files) = dev_files() else {
        eprintln!("skipped: ../shared is not beside the repository");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let once = ingest_and_export(&dir.path().join("once.db"), "2", &files);
    let four = ingest_in_runs(&dir.path().join("four.db"), &files, 4);
    assert!(
        once == four,
        "the dev corpus in four runs exports differently"
    );
}
