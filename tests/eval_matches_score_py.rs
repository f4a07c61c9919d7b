//! `vigie::eval` prints exactly what the reference scorer `shared/eval/score.py` prints.
//!
//! System files are generated at run time, deterministically, from the gold files themselves
//! (copies with events dropped, retyped, redated, participants swapped, events merged and split,
//! optional-only matches, hypothetical mentions, other date and actor forms, noise), scored by
//! `python3 score.py` and by the Rust port, typed and `--untyped`, and every printed line (and the
//! `--json` object) must be identical. Skips, saying why, without python3 or `../shared`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use vigie::eval::{ScoreOptions, python, read_gold, score};

const TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// SplitMix64: a small deterministic generator, so every run tests the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !dir.join("eval/score.py").exists() {
        eprintln!("skipped: {} has no eval/score.py", dir.display());
        return None;
    }
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => Some(dir),
        _ => {
            eprintln!("skipped: python3 is not available");
            None
        }
    }
}

fn python_output(args: &[&Path], flags: &[&str]) -> String {
    let out = Command::new("python3")
        .args(args)
        .args(flags)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The system event a perfect extractor would write for a gold event.
fn copy_of(gold: &Value, id: String) -> Value {
    let mentions: Vec<Value> = gold["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| json!({"article": m["article"], "modality": m["modality"], "sentence": m["quote"], "start": 0, "end": 1}))
        .collect();
    json!({
        "id": id, "type": gold["type"], "cameo": gold["cameo"], "date": gold["date"],
        "actors": gold["actors"], "recipients": gold["recipients"], "mentions": mentions,
    })
}

fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// A date near `date` (or a form score.py reads differently, or no date at all).
fn shifted_date(rng: &mut Rng, date: &str) -> Value {
    let day = date.get(..10).filter(|d| d.len() == 10);
    let year = date.get(..4).unwrap_or("2024");
    match (rng.below(10), day) {
        (0..=3, Some(d)) => {
            let n: i64 = d[8..10].parse().unwrap_or(15);
            let shift = [-3, -2, -1, 1, 2, 3][rng.below(6)];
            let n = (n + shift).clamp(1, 28);
            json!(format!("{}{:02}", &d[..8], n))
        }
        (4, Some(d)) => json!(&d[..7]),
        (5, _) => json!(year),
        (6, _) => json!(format!("{year}-01/{year}-06")),
        (7, _) => json!("bientôt"),
        (8, _) => json!(""),
        _ => Value::Null,
    }
}

/// Moves an event's date into another form score.py reads.
fn reform_date(rng: &mut Rng, e: &mut Value) {
    let obj = e.as_object_mut().unwrap();
    let date = obj.remove("date").unwrap_or(Value::Null);
    let d = date.as_str().unwrap_or("").to_string();
    match rng.below(8) {
        0 => {
            obj.insert("when".into(), json!(d));
        }
        1 => {
            obj.insert("when".into(), json!({"start": d, "end": d}));
        }
        2 => {
            obj.insert("when".into(), json!({"value": d}));
        }
        3 => {
            obj.insert("when".into(), json!({"date": d, "start": ""}));
        }
        4 => {
            obj.insert("date_start".into(), json!(d));
        }
        5 => {
            obj.insert("date_start".into(), json!(d));
            obj.insert(
                "date_end".into(),
                json!(format!("{}-12-31", d.get(..4).unwrap_or("2024"))),
            );
        }
        6 => {
            obj.insert("date".into(), json!({"start": d}));
        }
        _ => {
            obj.insert("date".into(), json!({"start": 2024}));
            obj.insert("when".into(), json!(d));
        }
    }
}

/// Rewrites participants as objects or other shapes score.py accepts.
fn reform_actors(rng: &mut Rng, field: &Value) -> Value {
    let codes: Vec<&str> = field
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match rng.below(6) {
        0 => json!(
            codes
                .iter()
                .map(|c| json!({"code": c, "name": "x"}))
                .collect::<Vec<_>>()
        ),
        1 => json!(
            codes
                .iter()
                .map(|c| json!({"name": "x", "country": c, "id": "ignored"}))
                .collect::<Vec<_>>()
        ),
        2 => json!(codes.iter().map(|c| json!({"id": c})).collect::<Vec<_>>()),
        3 => json!(
            codes
                .iter()
                .map(|c| json!({"country_code": c, "code": 7}))
                .collect::<Vec<_>>()
        ),
        4 => json!(codes.first().copied().unwrap_or("")),
        _ => json!(
            codes
                .iter()
                .map(|c| (c.to_string(), json!(1)))
                .collect::<serde_json::Map<_, _>>()
        ),
    }
}

/// Generates the system files for one gold file: (name, events).
fn variants(gold: &[Value]) -> Vec<(String, Vec<Value>)> {
    let articles: Vec<String> = gold
        .iter()
        .flat_map(|g| {
            g["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["article"].as_str().unwrap().to_string())
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let codes: Vec<String> = gold
        .iter()
        .flat_map(|g| {
            let a = g["actors"].as_array().unwrap().iter();
            a.chain(g["recipients"].as_array().unwrap().iter())
                .map(|c| c.as_str().unwrap().to_string())
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let vocabulary: Vec<String> = gold
        .iter()
        .flat_map(|g| g["mentions"].as_array().unwrap().iter())
        .flat_map(|m| words_of(m["quote"].as_str().unwrap()))
        .collect();
    let copies = |tag: &str| -> Vec<Value> {
        gold.iter()
            .enumerate()
            .map(|(i, g)| copy_of(g, format!("{tag}-{i}")))
            .collect()
    };
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    let mut rng = Rng(0x5EED_0F71_C1E0_0001);

    out.push(("copy".into(), copies("copy")));

    let mut v: Vec<Value> = Vec::new();
    for mut e in copies("drop") {
        if rng.chance(30) {
            continue;
        }
        let ms = e["mentions"].as_array_mut().unwrap();
        if ms.len() > 1 && rng.chance(40) {
            ms.remove(rng.below(ms.len()));
        }
        v.push(e);
    }
    out.push(("dropped".into(), v));

    let mut v = copies("retype");
    for e in &mut v {
        if rng.chance(35) {
            e["type"] = json!(rng.pick(&TYPES));
            e["cameo"] = json!(format!("0{}", rng.below(60) + 10));
        }
    }
    out.push(("retyped".into(), v));

    let mut v = copies("shift");
    for e in &mut v {
        if rng.chance(50) {
            let d = e["date"].as_str().unwrap_or("").to_string();
            e["date"] = shifted_date(&mut rng, &d);
        }
    }
    out.push(("shifted".into(), v));

    let mut v = copies("swap");
    for e in &mut v {
        match rng.below(5) {
            0 | 1 => {
                let (a, r) = (e["actors"].clone(), e["recipients"].clone());
                e["actors"] = r;
                e["recipients"] = a;
            }
            2 => {
                if let Some(a) = e["actors"].as_array_mut() {
                    a.truncate(1);
                }
                e["recipients"] = json!([rng.pick(&codes)]);
            }
            3 => {
                let extra = rng.pick(&codes).clone();
                e["actors"].as_array_mut().unwrap().push(json!(extra));
            }
            _ => {}
        }
    }
    out.push(("swapped".into(), v));

    // Merge each event with the next one sharing an article.
    let v = copies("merge");
    let mut merged = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut e = v[i].clone();
        if i + 1 < v.len() && rng.chance(70) {
            let next = v[i + 1].clone();
            for key in ["mentions", "actors", "recipients"] {
                let more = next[key].as_array().unwrap().clone();
                e[key].as_array_mut().unwrap().extend(more);
            }
            i += 1;
        }
        merged.push(e);
        i += 1;
    }
    out.push(("merged".into(), merged));

    let mut v = Vec::new();
    for (i, e) in copies("split").into_iter().enumerate() {
        let ms = e["mentions"].as_array().unwrap().clone();
        for (j, m) in ms.iter().enumerate() {
            let mut part = e.clone();
            part["id"] = json!(format!("split-{i}-{j}"));
            part["mentions"] = json!([m]);
            v.push(part.clone());
            if rng.chance(25) {
                part["id"] = json!(format!("split-{i}-{j}-dup"));
                part["mentions"][0]["sentence"] = json!("");
                v.push(part);
            }
        }
    }
    out.push(("split".into(), v));

    // Only the optional gold events, plus near copies that could go either way.
    let mut v = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if g["optional"].as_bool() == Some(true) {
            v.push(copy_of(g, format!("opt-{i}")));
            v.push(copy_of(g, format!("opt-{i}-again")));
        } else if rng.chance(20) {
            let mut e = copy_of(g, format!("req-{i}"));
            e["mentions"][0]["sentence"] = json!("");
            v.push(e);
        }
    }
    out.push(("optional-only".into(), v));

    let mut v = copies("hypo");
    for e in &mut v {
        let all = rng.chance(20);
        for m in e["mentions"].as_array_mut().unwrap() {
            if all || rng.chance(30) {
                m["modality"] = json!("hypothetical");
            }
        }
    }
    out.push(("hypothetical".into(), v));

    let mut v = copies("dates");
    for e in &mut v {
        reform_date(&mut rng, e);
    }
    out.push(("date-forms".into(), v));

    let mut v = copies("objects");
    for e in &mut v {
        for key in ["actors", "recipients"] {
            if rng.chance(70) {
                let reformed = reform_actors(&mut rng, &e[key]);
                e[key] = reformed;
            }
        }
    }
    out.push(("object-actors".into(), v));

    // Paths, other evidence keys and shapes, partial quotes, unscored articles.
    let mut v = copies("text");
    for e in &mut v {
        for m in e["mentions"].as_array_mut().unwrap() {
            let quote = m["sentence"].as_str().unwrap_or("").to_string();
            let w = words_of(&quote);
            let obj = m.as_object_mut().unwrap();
            match rng.below(9) {
                0 => {
                    obj.insert(
                        "article".into(),
                        json!(format!("corpus/dev/{}", obj["article"].as_str().unwrap())),
                    );
                }
                1 => {
                    let s = obj.remove("sentence").unwrap();
                    obj.insert("quote".into(), s);
                }
                2 => {
                    let s = obj.remove("sentence").unwrap();
                    obj.insert("text".into(), s);
                    obj.insert("sentence".into(), json!(""));
                }
                3 => {
                    obj.insert("sentence".into(), json!(w[..w.len() / 2].join(" ")));
                }
                4 => {
                    obj.insert(
                        "sentence".into(),
                        json!([quote.to_uppercase(), 2025, null, {"k": "l'été\u{a0}x"}]),
                    );
                }
                5 => {
                    obj.insert("sentence".into(), json!(3.0));
                }
                6 => {
                    obj.insert("article".into(), json!("not-in-gold.txt"));
                }
                7 => {
                    obj.remove("article");
                }
                _ => {}
            }
        }
    }
    out.push(("evidence-forms".into(), v));

    // Ties: several indistinguishable candidates per gold event.
    let mut v = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for k in 0..(1 + rng.below(3)) {
            let mut e = copy_of(g, format!("tie-{i}-{k}"));
            for m in e["mentions"].as_array_mut().unwrap() {
                m["sentence"] = json!("");
            }
            if rng.chance(50) {
                e["cameo"] = Value::Null;
            }
            v.push(e);
        }
    }
    out.push(("ties".into(), v));

    // Everything at once, with spurious events.
    for round in 0..3 {
        let mut v = Vec::new();
        for (i, g) in gold.iter().enumerate() {
            if rng.chance(20) {
                continue;
            }
            let mut e = copy_of(g, format!("mix{round}-{i}"));
            if rng.chance(15) {
                e["type"] = json!(rng.pick(&TYPES));
            }
            if rng.chance(20) {
                let d = e["date"].as_str().unwrap_or("").to_string();
                e["date"] = shifted_date(&mut rng, &d);
            }
            if rng.chance(15) {
                reform_date(&mut rng, &mut e);
            }
            if rng.chance(15) {
                let (a, r) = (e["actors"].clone(), e["recipients"].clone());
                e["actors"] = r;
                e["recipients"] = a;
            }
            if rng.chance(15) {
                let reformed = reform_actors(&mut rng, &e["actors"]);
                e["actors"] = reformed;
            }
            for m in e["mentions"].as_array_mut().unwrap() {
                if rng.chance(30) {
                    let n = 1 + rng.below(8);
                    let s: Vec<String> = (0..n).map(|_| rng.pick(&vocabulary).clone()).collect();
                    m["sentence"] = json!(s.join(" "));
                }
                if rng.chance(5) {
                    m["modality"] = json!("hypothetical");
                }
            }
            if rng.chance(10) {
                let mut twin = e.clone();
                twin["id"] = json!(format!("mix{round}-{i}-twin"));
                v.push(twin);
            }
            v.push(e);
        }
        for k in 0..gold.len() / 3 {
            let g = rng.pick(gold);
            let n = 1 + rng.below(6);
            let sentence: Vec<String> = (0..n).map(|_| rng.pick(&vocabulary).clone()).collect();
            let mut actors = vec![json!(rng.pick(&codes))];
            if rng.chance(50) {
                actors.push(json!(rng.pick(&codes)));
            }
            let mut e = json!({
                "id": format!("noise{round}-{k}"),
                "type": rng.pick(&TYPES),
                "date": g["date"],
                "actors": actors,
                "recipients": [rng.pick(&codes)],
                "mentions": [{"article": rng.pick(&articles), "modality": "asserted", "sentence": sentence.join(" ")}],
            });
            if rng.chance(30) {
                e.as_object_mut().unwrap().remove("type");
            }
            v.push(e);
        }
        out.push((format!("mixed-{round}"), v));
    }
    out
}

fn write_jsonl(path: &Path, events: &[Value]) {
    let text: String = events.iter().map(|e| format!("{e}\n")).collect();
    std::fs::write(path, text).unwrap();
}

#[test]
fn rust_scorer_prints_what_score_py_prints() {
    let Some(shared) = shared() else { return };
    let score_py = shared.join("eval/score.py");
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut seen = (false, false, false, false, false);
    for gold_name in ["seeds.gold.jsonl", "dev.gold.jsonl"] {
        let gold_path = shared.join("eval").join(gold_name);
        let gold = read_gold(&gold_path).unwrap();
        let raw: Vec<Value> = std::fs::read_to_string(&gold_path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for (name, system) in variants(&raw) {
            let sys_path = dir.path().join(format!("{gold_name}.{name}.jsonl"));
            write_jsonl(&sys_path, &system);
            let system = vigie::eval::read_system(&sys_path).unwrap();
            for untyped in [false, true] {
                let options = ScoreOptions {
                    untyped,
                    ..ScoreOptions::default()
                };
                let ours = score(&gold, &system, &options);
                let mut flags = vec!["--json"];
                if untyped {
                    flags.push("--untyped");
                }
                let theirs = python_output(&[&score_py, &gold_path, &sys_path], &flags);
                assert_eq!(
                    ours.report(true),
                    theirs,
                    "{gold_name} / {name} (untyped: {untyped}), --json"
                );
                // score.py prints the same lines without --json, less the JSON object.
                let json_line = format!("{}\n", ours.summary_json());
                let plain = theirs.replacen(&json_line, "", 1);
                assert_eq!(
                    ours.report(false),
                    plain,
                    "{gold_name} / {name} (untyped: {untyped})"
                );
                assert_eq!(format!("{ours}\n"), plain);
                if name.starts_with("mixed") {
                    flags.remove(0);
                    let plain = python_output(&[&score_py, &gold_path, &sys_path], &flags);
                    assert_eq!(
                        ours.report(false),
                        plain,
                        "{gold_name} / {name} (untyped: {untyped})"
                    );
                }
                checked += 1;
                seen.0 |= ours.tp > 0 && ours.fp > 0 && ours.fn_ > 0;
                seen.1 |= ours.frag > 1.0;
                seen.2 |= ours.wrong_merges > 0;
                seen.3 |= ours.direction_ok < ours.direction_n;
                seen.4 |= ours.matched.iter().any(|m| m.optional);
            }
        }
    }
    assert!(checked >= 60, "{checked}");
    // The generated files must exercise every part of the scorer, or the agreement says little.
    assert_eq!(
        seen,
        (true, true, true, true, true),
        "(errors, fragmentation, merges, direction, optional)"
    );
}

#[test]
fn python_round_and_repr_agree_on_every_small_ratio() {
    let Some(_) = shared() else { return };
    let program = "import sys\nfor b in range(1, 161):\n    for a in range(0, b + 1):\n        \
                   print(repr(round(a / b, 3)), repr(round(a / b, 2)), repr(round(2 * (a / b) * 0.5 / ((a / b) + 0.5), 3)))\n";
    let out = Command::new("python3")
        .args(["-c", program])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    for b in 1..=160u32 {
        for a in 0..=b {
            let x = f64::from(a) / f64::from(b);
            let f = 2.0 * x * 0.5 / (x + 0.5);
            let ours = format!(
                "{} {} {}",
                python::float_repr(python::round(x, 3)),
                python::float_repr(python::round(x, 2)),
                python::float_repr(python::round(f, 3))
            );
            assert_eq!(Some(ours.as_str()), lines.next(), "{a}/{b}");
        }
    }
}
