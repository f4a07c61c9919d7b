//! `vigie bench --startup` reports what it measured in a form a script can read.

mod cli_support;

use cli_support::{run, vigie};

#[test]
fn the_startup_report_gives_the_median_the_fastest_and_the_first_load() {
    let r = run(vigie().args(["bench", "--startup", "--runs", "3", "--json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(r.stdout.trim()).expect(&r.stdout);
    let ms = |key: &str| {
        report[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing: {report}"))
    };
    assert_eq!(report["runs"], 3);
    let (median, fastest, first) = (ms("startup_ms"), ms("min_ms"), ms("first_ms"));
    assert!(fastest > 0.0 && fastest <= median, "{report}");
    assert!(fastest <= first, "{report}");

    let text = run(vigie().args(["bench", "--startup", "--runs", "1"]));
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("ms median") && text.stdout.contains("the first, in a fresh process"),
        "{}",
        text.stdout
    );
}
