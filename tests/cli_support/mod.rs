//! What the CLI tests share: running the binary, and a store seeded through the library with
//! hand-made articles and events (so the read commands can be tested before the extraction
//! stages exist).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vigie::model::{
    ActorMention, Analysis, Article, Claim, EntityKind, Event, EventMention, EventType, LinkVia,
    Location, Modality, Quantity, QuantityUnit, SourceForm, Span,
};
use vigie::store::Store;

/// The binary, with `VIGIE_DB` cleared so the caller's environment cannot leak in.
pub fn vigie() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigie"));
    cmd.env_remove("VIGIE_DB");
    cmd
}

/// Exit code, stdout and stderr of a finished run.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `cmd` to completion.
pub fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the vigie binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// `../shared` beside the crate, when this checkout has it.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

const TEXT_FR: &str = "Des combattants du JNIM ont attaqué samedi la ville de Barsalogho, au \
                       Burkina Faso. Au moins 400 personnes ont été tuées, selon un collectif.";
const TEXT_EN: &str = "Up to 600 people were killed in the attack on Barsalogho, a security \
                       assessment says. Burkina Faso has given no toll.";
const TEXT_TALKS: &str = "Mali's foreign minister met his Russian counterpart Sergey Lavrov in \
                          Moscow on Thursday.";

fn article(name: &str, outlet: &str, published: &str, lang: &str, text: &str) -> Article {
    Article {
        id: vigie::ingest::article_id(text),
        name: name.to_string(),
        source: format!("articles/{name}"),
        form: SourceForm::HeaderBlock,
        url: Some(format!(
            "https://{}.example/{name}",
            outlet.to_lowercase().replace(' ', "")
        )),
        title: None,
        published: Some(published.parse().unwrap()),
        language: Some(lang.to_string()),
        outlet: Some(outlet.to_string()),
        text: text.to_string(),
    }
}

fn actor(text: &str, surface: &str, entity: &str, kind: EntityKind, code: &str) -> ActorMention {
    let start = text.find(surface).unwrap();
    ActorMention {
        span: Span::new(start, start + surface.len()),
        entity: entity.to_string(),
        kind,
        code: Some(code.to_string()),
        via: LinkVia::Name,
        role: None,
    }
}

fn sentence_mention(
    a: &Article,
    sentence_end: &str,
    event: &Event,
    modality: Modality,
) -> EventMention {
    let end = a.text.find(sentence_end).unwrap() + sentence_end.len();
    EventMention {
        article_id: a.id.clone(),
        article: a.name.clone(),
        outlet: a.outlet.clone(),
        event_type: event.event_type,
        cameo: event.cameo.clone(),
        mode: None,
        context: Vec::new(),
        actors: event.actors.clone(),
        recipients: event.recipients.clone(),
        persons: event.persons.clone(),
        place: event.place.clone(),
        location: None,
        date: event.date,
        weekday: None,
        date_inherited: false,
        date_relative: false,
        repeated: false,
        modality,
        quantities: Vec::new(),
        sentence: a.text[..end].to_string(),
        start: 0,
        end,
        trigger: Span::new(0, 4),
        rule: format!(
            "{}/triggers.toml:test",
            a.language.as_deref().unwrap_or("fr")
        ),
        confidence: 0.9,
    }
}

/// Ids of the seeded events.
pub const ATTACK_ID: &str = "ev-barsalogho-0824";
/// The undated-in-text talks, dated by the test to 2025-04-03.
pub const TALKS_ID: &str = "ev-mli-rus-talks";

/// A store at `path` holding three articles (two outlets reporting one attack, one report of
/// talks) and the two events resolved from them.
pub fn seed_store(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let fr = article(
        "fr-barsalogho.txt",
        "L'Écho du Sahel",
        "2024-08-26",
        "fr",
        TEXT_FR,
    );
    let en = article(
        "en-barsalogho.html",
        "Sahel Report",
        "2024-10-05",
        "en",
        TEXT_EN,
    );
    let talks = article(
        "talks.jsonl:1",
        "Sahel Wire",
        "2025-04-04",
        "en",
        TEXT_TALKS,
    );

    let mut attack = Event {
        id: ATTACK_ID.to_string(),
        event_type: EventType::Assault,
        cameo: "190".to_string(),
        mode: None,
        context: vec!["military".to_string()],
        date: Some("2024-08-24".parse().unwrap()),
        actors: vec!["JNIM".to_string()],
        recipients: vec!["BFA".to_string()],
        persons: Vec::new(),
        place: Some("BFA".to_string()),
        location: Some(Location {
            name: "Barsalogho".into(),
            lat: 13.41667,
            lon: -1.06667,
            geonameid: 2362344,
        }),
        quantities: vec![
            Quantity {
                value: 400,
                unit: QuantityUnit::Killed,
                article: fr.name.clone(),
            },
            Quantity {
                value: 600,
                unit: QuantityUnit::Killed,
                article: en.name.clone(),
            },
        ],
        claims: vec![
            Claim {
                field: "killed".into(),
                value: "400".into(),
                article: fr.name.clone(),
                outlet: fr.outlet.clone(),
                conflict: true,
            },
            Claim {
                field: "killed".into(),
                value: "600".into(),
                article: en.name.clone(),
                outlet: en.outlet.clone(),
                conflict: true,
            },
        ],
        quad_class: 4,
        goldstein: -10.0,
        mentions: Vec::new(),
    };
    let fr_mention = sentence_mention(&fr, "Burkina Faso.", &attack, Modality::Asserted);
    let en_mention = sentence_mention(&en, "assessment says.", &attack, Modality::Reported);
    attack.mentions = vec![fr_mention.clone(), en_mention.clone()];

    let mut consult = Event {
        id: TALKS_ID.to_string(),
        event_type: EventType::Consult,
        cameo: "040".to_string(),
        mode: Some("visit".to_string()),
        context: vec!["diplomatic".to_string()],
        date: Some("2025-04-03".parse().unwrap()),
        actors: vec!["MLI".to_string()],
        recipients: vec!["RUS".to_string()],
        persons: vec!["sergey-lavrov".to_string()],
        place: Some("RUS".to_string()),
        location: None,
        quantities: Vec::new(),
        claims: Vec::new(),
        quad_class: 1,
        goldstein: 1.0,
        mentions: Vec::new(),
    };
    let talks_mention = sentence_mention(&talks, "on Thursday.", &consult, Modality::Asserted);
    consult.mentions = vec![talks_mention.clone()];

    let fr_analysis = Analysis {
        language: "fr".into(),
        actors: vec![
            actor(TEXT_FR, "JNIM", "JNIM", EntityKind::ArmedGroup, "JNIM"),
            actor(TEXT_FR, "Burkina Faso", "BFA", EntityKind::State, "BFA"),
        ],
        ..Analysis::default()
    };
    let en_analysis = Analysis {
        language: "en".into(),
        actors: vec![actor(
            TEXT_EN,
            "Burkina Faso",
            "BFA",
            EntityKind::State,
            "BFA",
        )],
        ..Analysis::default()
    };
    let talks_analysis = Analysis {
        language: "en".into(),
        actors: vec![
            actor(TEXT_TALKS, "Mali", "MLI", EntityKind::State, "MLI"),
            actor(TEXT_TALKS, "Russian", "RUS", EntityKind::State, "RUS"),
            actor(
                TEXT_TALKS,
                "Sergey Lavrov",
                "sergey-lavrov",
                EntityKind::Person,
                "RUS",
            ),
        ],
        ..Analysis::default()
    };
    let names = |id: &str| match id {
        "sergey-lavrov" => Some("Sergey Lavrov".to_string()),
        "BFA" => Some("Burkina Faso".to_string()),
        _ => None,
    };
    store
        .insert_article(&fr, &fr_analysis, &[fr_mention], names)
        .unwrap();
    store
        .insert_article(&en, &en_analysis, &[en_mention], names)
        .unwrap();
    store
        .insert_article(&talks, &talks_analysis, &[talks_mention], names)
        .unwrap();
    let (_, revision) = store.all_mentions().unwrap();
    store.replace_events(&[attack, consult], revision).unwrap();
}

/// A fresh temporary folder with a seeded store in it; returns both.
pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeded.db");
    seed_store(&db);
    (dir, db)
}

/// Writes `n` header-block articles, each with its own text, into `dir`.
pub fn write_articles(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let places = [
        "Bamako",
        "Niamey",
        "Ouagadougou",
        "Gao",
        "Tillabéri",
        "Djibo",
        "Kidal",
        "Dori",
    ];
    for i in 0..n {
        let place = places[i % places.len()];
        let day = 1 + i % 28;
        let text = format!(
            "Le ministre malien des Affaires étrangères a reçu le {day} mars 2024 à {place} son \
             homologue nigérien pour des consultations, la {i}e réunion de ce type.\n\n\
             Les deux pays ont signé un accord de coopération sécuritaire, selon un communiqué \
             publié à l'issue de la rencontre numéro {i}."
        );
        let body = format!(
            "url: https://test-outlet.example/2024/03/{day:02}/article-{i}\n\
             title: Consultations numéro {i} à {place}\n\
             published: 2024-03-{day:02}\n\
             language: fr\n\
             outlet: Test Outlet {}\n\n{text}\n",
            i % 3
        );
        std::fs::write(dir.join(format!("article-{i:04}.txt")), body).unwrap();
    }
}
