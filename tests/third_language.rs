//! A new language is a folder of data, not new code: a toy language ("xx", Esperanto-like)
//! given as a user's `--kb` folder — its triggers, its cues and its names for two states —
//! is read end to end and yields an event.

use vigie::model::{Article, DatePoint, EventType, SourceForm};
use vigie::pipeline::Pipeline;

fn write(dir: &std::path::Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn a_toy_language_from_a_folder_extracts_an_event() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "xx/triggers.toml",
        "[[rule]]\nid = \"visit\"\ntype = \"CONSULT\"\ncameo = \"042\"\nframe = \"visit\"\npatterns = [\"vizitis|vizitas|vizitos\"]\n",
    );
    write(
        dir.path(),
        "xx/cues.toml",
        "planned = [\"vizitos\"]\nnegated = [\"ne\"]\n",
    );
    // The language's own names for two states, added to the built-in knowledge base.
    let header = "id\tname_fr\tname_en\taliases\tdem_fr_m\tdem_fr_f\tdem_fr_mp\tdem_fr_fp\tdem_en\tcapital_en\tcapital_fr\tcapital_aliases\tun_member\n";
    write(
        dir.path(),
        "kb/states.tsv",
        &format!(
            "{header}MLI\tMali\tMali\tMalio\t\t\t\t\t\t\t\t\ttrue\nRUS\tRussie\tRussia\tRusio\t\t\t\t\t\t\t\tMoskvo|Moskvon\ttrue\n"
        ),
    );
    let pipeline = Pipeline::load(Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let text = "La ministro de Malio vizitis Rusio. Li ne vizitis Moskvon.";
    let article = Article {
        id: vigie::ingest::article_id(text),
        name: "provo.txt".into(),
        source: "provo.txt".into(),
        form: SourceForm::HeaderBlock,
        url: None,
        title: None,
        published: Some("2025-04-03".parse::<DatePoint>().unwrap()),
        language: Some("xx".into()),
        outlet: None,
        text: text.into(),
    };
    let (analysis, mentions) = pipeline.analyse(
        &article,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    assert_eq!(analysis.language, "xx");
    let visit = mentions
        .first()
        .unwrap_or_else(|| panic!("an event in the toy language: {analysis:#?}"));
    assert_eq!(visit.event_type, EventType::Consult);
    assert_eq!(visit.cameo, "042");
    assert_eq!(visit.actors, ["MLI"]);
    assert!(visit.recipients.contains(&"RUS".to_string()), "{visit:?}");
    assert_eq!(
        visit.date.map(|d| d.to_string()).as_deref(),
        Some("2025-04-03")
    );
    assert_eq!(visit.rule, "xx/triggers.toml:visit");
}
