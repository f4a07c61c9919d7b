use super::*;
use crate::ingest::{IngestOptions, read_source};
use crate::model::EventType;
use crate::pipeline::Pipeline;
use crate::resources::Resources;
use crate::text::fold;

/// Mean stored text of a dev-corpus article, in bytes (measured: see the module doc).
const DEV_MEAN_BYTES: f64 = 3317.0;
/// Actors and places the pipeline finds per 1,000 bytes of the dev corpus (measured).
const DEV_NAMES_PER_KB: f64 = 11.33;
/// Event mentions the pipeline extracts per 1,000 bytes of the dev corpus (measured).
const DEV_EVENTS_PER_KB: f64 = 5.41;
/// How far the synthetic corpus may stray from each dev figure.
const TOLERANCE: f64 = 0.20;

fn kb() -> Kb {
    Kb::load(&Resources::builtin()).unwrap()
}

fn templates() -> Templates {
    Templates::builtin().unwrap()
}

#[test]
fn the_builtin_templates_cover_every_plover_category_in_both_languages() {
    let t = templates();
    assert_eq!(t.languages(), ["en", "fr"]);
    for lang in ["en", "fr"] {
        assert_eq!(t.event_types(lang), EventType::ALL.to_vec(), "{lang}");
        let (events, filler) = t.counts(lang);
        assert!(
            (30..=60).contains(&events),
            "{lang}: {events} event templates"
        );
        assert!(filler >= 20, "{lang}: {filler} filler templates");
    }
}

#[test]
fn the_cast_names_what_the_knowledge_base_knows_as_it_knows_it() {
    let kb = kb();
    for t in templates().all() {
        for id in t.home.keys().chain(t.partners.keys()) {
            assert!(kb.state(id).is_some(), "{}: no state {id}", t.lang);
        }
        for (id, named) in t.organisations.iter().chain(&t.groups) {
            let org = kb
                .organisation(id)
                .unwrap_or_else(|| panic!("{}: no organisation {id}", t.lang));
            assert!(
                org.names.iter().any(|n| fold(n) == fold(&named.name)),
                "{}: {:?} is no name of {id}",
                t.lang,
                named.name
            );
        }
        for role in t.roles.keys() {
            assert!(
                kb.persons()
                    .iter()
                    .any(|p| p.roles.iter().any(|r| &r.role == role)),
                "{}: nobody holds {role}",
                t.lang
            );
        }
    }
}

#[test]
fn every_template_can_be_filled() {
    let kb = kb();
    let t = templates();
    let cast = Cast::new(&kb, &t);
    for lang in &cast.languages {
        let all = lang
            .t
            .events
            .values()
            .flatten()
            .chain(&lang.t.filler)
            .chain(&lang.t.titles);
        for template in all {
            let filled = (0..50).any(|i| {
                let mut rng = SplitMix64::new(i);
                let published = NaiveDate::from_ymd_opt(2023, 5, 10).unwrap();
                let mut b = Bindings::new(published, i as usize % lang.home.len(), Some(0));
                let mut out = String::new();
                lang.render(template, &mut b, &mut rng, &mut out)
            });
            assert!(filled, "{}: never filled: {template:?}", lang.t.lang);
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
    let kb = kb();
    let t = templates();
    let a = synthetic_corpus(&kb, &t, 20, 42);
    let b = synthetic_corpus(&kb, &t, 20, 42);
    assert_eq!(a.len(), 20);
    assert_eq!(a, b);
    let c = synthetic_corpus(&kb, &t, 20, 43);
    assert!(a.iter().zip(&c).all(|(x, y)| x.text != y.text));
    // Article i depends only on the seed and i.
    assert_eq!(synthetic_corpus(&kb, &t, 5, 42), a[..5]);
}

#[test]
fn articles_are_complete_header_block_articles_in_both_languages() {
    let kb = kb();
    let corpus = synthetic_corpus(&kb, &templates(), 200, 7);
    let french = corpus
        .iter()
        .filter(|a| a.language.as_deref() == Some("fr"))
        .count();
    // 25 of 38 in the dev corpus: 66%.
    assert!((100..=160).contains(&french), "{french} French of 200");
    let mut ids = HashSet::new();
    for a in &corpus {
        assert!(ids.insert(a.id.clone()), "two articles share a text");
        assert_eq!(a.id, article_id(&a.text));
        assert_eq!(a.form, SourceForm::HeaderBlock);
        let title = a.title.as_deref().unwrap();
        assert!(title.chars().next().unwrap().is_uppercase(), "{title}");
        assert!(a.url.as_deref().unwrap().starts_with("https://"));
        assert!(a.outlet.is_some());
        let Some(DatePoint::Day(d)) = a.published else {
            panic!("no day: {:?}", a.published)
        };
        assert!((FIRST_YEAR..=LAST_YEAR).contains(&d.year()));
        assert!(!a.text.contains(['{', '}']), "{}", a.text);
        assert!(a.text.contains("\n\n") && a.text.ends_with('\n'));
        for paragraph in a.text.split("\n\n") {
            let first = paragraph.chars().next().unwrap();
            assert!(!first.is_lowercase(), "{paragraph}");
        }
    }
}

#[test]
fn a_written_corpus_reads_back_the_same() {
    let kb = kb();
    let corpus = synthetic_corpus(&kb, &templates(), 12, 5);
    let dir = tempfile::tempdir().unwrap();
    write_corpus(&corpus, dir.path()).unwrap();
    for a in &corpus {
        let path = dir.path().join(&a.name);
        let back = read_source(&path, &IngestOptions::default())
            .remove(0)
            .unwrap();
        assert_eq!(
            Article {
                source: a.source.clone(),
                ..back
            },
            *a
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 12);
}

#[test]
fn a_corpus_written_part_by_part_is_the_corpus_written_whole() {
    let kb = kb();
    let templates = templates();
    let (whole, parts) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_corpus(&synthetic_corpus(&kb, &templates, 7, 3), whole.path()).unwrap();
    let written = write_in_chunks(&Cast::new(&kb, &templates), 7, 3, parts.path(), 3).unwrap();
    assert_eq!(written, 7);
    let files = |dir: &Path| -> Vec<(std::ffi::OsString, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(files(parts.path()), files(whole.path()));
    assert_eq!(files(whole.path()).len(), 7);
}

#[test]
fn a_value_a_header_line_cannot_keep_is_refused() {
    let kb = kb();
    let mut corpus = synthetic_corpus(&kb, &templates(), 1, 5);
    corpus[0].title = Some("two\nlines".into());
    let dir = tempfile::tempdir().unwrap();
    let err = write_corpus(&corpus, dir.path()).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("title"), "{err}");
}

#[test]
fn an_empty_knowledge_base_gives_no_articles() {
    assert!(synthetic_corpus(&Kb::default(), &templates(), 3, 1).is_empty());
}

#[test]
fn fifty_articles_have_the_dev_corpus_shape() {
    let pipeline = Pipeline::load(None).unwrap();
    let corpus = synthetic_corpus(&pipeline.kb, &templates(), 50, 2024);
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let (mut bytes, mut names, mut events) = (0, 0, 0);
    for a in &corpus {
        let (analysis, mentions) = pipeline.analyse(a, today);
        bytes += a.text.len();
        names += analysis.actors.len() + analysis.places.len();
        events += mentions.len();
    }
    let kb = bytes as f64 / 1000.0;
    let figures = [
        (
            "mean bytes",
            bytes as f64 / corpus.len() as f64,
            DEV_MEAN_BYTES,
        ),
        ("names per 1,000 bytes", names as f64 / kb, DEV_NAMES_PER_KB),
        (
            "events per 1,000 bytes",
            events as f64 / kb,
            DEV_EVENTS_PER_KB,
        ),
    ];
    for (what, synthetic, dev) in figures {
        assert!(
            (synthetic - dev).abs() <= dev * TOLERANCE,
            "{what}: synthetic {synthetic:.2}, dev corpus {dev}"
        );
    }
}

#[test]
fn french_elides_before_a_vowel_only_after_a_whole_word() {
    let elide = vec!["de".to_string(), "que".to_string()];
    let mut s = String::from("la région de ");
    elide_before(&mut s, 'A', &elide);
    assert_eq!(s, "la région d'");
    let mut s = String::from("la région de ");
    elide_before(&mut s, 'K', &elide);
    assert_eq!(s, "la région de ");
    let mut s = String::from("le monde ");
    elide_before(&mut s, 'É', &elide);
    assert_eq!(s, "le monde ");
    let mut s = String::from("de ");
    elide_before(&mut s, 'O', &elide);
    assert_eq!(s, "d'");
}

#[test]
fn capitalise_and_slug() {
    let mut s = String::from("x. état");
    capitalise_from(&mut s, 3);
    assert_eq!(s, "x. État");
    assert_eq!(slug("L'Écho du Fleuve", 40), "l-echo-du-fleuve");
    assert_eq!(slug("Au moins 40 morts à Djibo", 12), "au-moins-40");
    assert_eq!(slug("« »", 10), "article");
}
