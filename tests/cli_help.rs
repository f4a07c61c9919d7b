//! `--help` teaches: every command has a one-line summary and an example.

mod cli_support;

use cli_support::{run, vigie};

const COMMANDS: [&str; 9] = [
    "ingest",
    "events",
    "timeline",
    "entities",
    "show",
    "demo",
    "eval",
    "analyse",
    "plover-check",
];

#[test]
fn top_level_help_lists_every_command_with_examples() {
    let r = run(vigie().arg("--help"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for cmd in COMMANDS {
        let line = r.stdout.lines().find(|l| l.trim_start().starts_with(cmd));
        let line = line.unwrap_or_else(|| panic!("{cmd} missing from --help:\n{}", r.stdout));
        assert!(
            line.trim_start().len() > cmd.len() + 10,
            "{cmd} has a summary: {line}"
        );
    }
    assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
    assert!(r.stdout.contains("vigie ingest "), "{}", r.stdout);
    assert!(r.stdout.contains("VIGIE_DB"), "{}", r.stdout);
}

#[test]
fn each_command_has_help_with_an_example() {
    for cmd in COMMANDS {
        let r = run(vigie().args([cmd, "--help"]));
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        assert!(
            r.stdout.contains(&format!("Usage: vigie {cmd}")),
            "{cmd}:\n{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("Example"),
            "{cmd} help has an example:\n{}",
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!("vigie {cmd}")) || r.stdout.contains("vigie --db"),
            "{cmd}"
        );
        assert!(
            r.stdout.contains("--db"),
            "{cmd} help shows the global --db"
        );
    }
}

#[test]
fn no_command_shows_help_and_fails() {
    let r = run(&mut vigie());
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Usage: vigie"), "{}", r.stderr);
}

#[test]
fn bad_filters_are_refused_with_the_accepted_forms() {
    let r = run(vigie().args(["events", "--type", "MEET"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("CONSULT"),
        "names the categories: {}",
        r.stderr
    );
    let r = run(vigie().args(["events", "--since", "July 2024"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("YYYY-MM-DD"),
        "names the forms: {}",
        r.stderr
    );
    let r = run(vigie().args(["events", "--format", "xml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("jsonl"), "{}", r.stderr);
}

#[test]
fn ingest_needs_a_path() {
    let r = run(vigie().arg("ingest"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("PATH"), "{}", r.stderr);
}
