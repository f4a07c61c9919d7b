//! The whole reading pipeline on text it was not written for: random sentences made of trigger
//! words, names of states, towns and persons, dates, numbers and punctuation. Whatever the mix,
//! it does not panic (debug builds check arithmetic), and every span it returns points inside
//! the article, on character boundaries.

use std::sync::OnceLock;

use proptest::prelude::*;
use vigie::model::{Article, DatePoint, SourceForm};
use vigie::pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(None).unwrap_or_else(|e| panic!("{e}")))
}

const WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "du",
    "à",
    "au",
    "en",
    "et",
    ",",
    ".",
    "«",
    "»",
    "(",
    ")",
    ";",
    ":",
    "Mali",
    "Niger",
    "Burkina",
    "Faso",
    "Russie",
    "France",
    "CEDEAO",
    "ECOWAS",
    "AES",
    "JNIM",
    "Bamako",
    "Moscou",
    "Niamey",
    "Djibo",
    "Kidal",
    "Abuja",
    "Paris",
    "Lavrov",
    "Goïta",
    "Tiani",
    "Traoré",
    "ministre",
    "général",
    "président",
    "junte",
    "pays",
    "organisation",
    "a",
    "ont",
    "été",
    "se",
    "sont",
    "rendus",
    "visite",
    "accueilli",
    "signé",
    "accord",
    "attaque",
    "attaqué",
    "tués",
    "morts",
    "150",
    "5000",
    "hommes",
    "retrait",
    "quitté",
    "levée",
    "sanctions",
    "lever",
    "exigé",
    "départ",
    "condamné",
    "coup",
    "d'État",
    "arrêté",
    "libération",
    "menace",
    "promis",
    "aide",
    "livraison",
    "armes",
    "sommet",
    "jeudi",
    "hier",
    "14",
    "août",
    "2025",
    "mai",
    "2023",
    "dernier",
    "prochain",
    "la veille",
    "the",
    "of",
    "and",
    "in",
    "on",
    "was",
    "were",
    "will",
    "by",
    "after",
    "their",
    "its",
    "attacked",
    "killed",
    "met",
    "visited",
    "signed",
    "withdrew",
    "troops",
    "lifted",
    "called",
    "for",
    "release",
    "condemned",
    "threatened",
    "Thursday",
    "August",
    "last",
    "year",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..40).prop_map(|ws| ws.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_pipeline_never_panics_and_spans_stay_inside(
        sentences in prop::collection::vec(sentence(), 1..6),
        english in any::<bool>(),
        dated in any::<bool>(),
    ) {
        let text = sentences.join("\n\n");
        let article = Article {
            id: vigie::ingest::article_id(&text),
            name: "random.txt".into(),
            source: "random.txt".into(),
            form: SourceForm::HeaderBlock,
            url: None,
            title: None,
            published: dated.then(|| "2025-04-03".parse::<DatePoint>().unwrap()),
            language: Some(if english { "en" } else { "fr" }.into()),
            outlet: None,
            text: text.clone(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let (analysis, mentions) = pipeline().analyse(&article, today);
        let ok = |s: usize, e: usize| s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e);
        for s in &analysis.sentences {
            prop_assert!(ok(s.span.start, s.span.end));
        }
        for a in &analysis.actors {
            prop_assert!(ok(a.span.start, a.span.end));
        }
        for m in &mentions {
            prop_assert!(ok(m.start, m.end) && ok(m.trigger.start, m.trigger.end));
            prop_assert!(m.start <= m.trigger.start && m.trigger.end <= m.end);
            prop_assert_eq!(&text[m.start..m.end], m.sentence.as_str());
        }
    }
}

#[test]
fn a_place_inside_a_long_trigger_is_read_without_error() {
    let text = "Les chefs d'État de la CEDEAO ont décidé de lever à Abuja la plupart des sanctions imposées au Niger.";
    let article = Article {
        id: vigie::ingest::article_id(text),
        name: "abuja.txt".into(),
        source: "abuja.txt".into(),
        form: SourceForm::HeaderBlock,
        url: None,
        title: None,
        published: Some("2024-02-24".parse().unwrap()),
        language: Some("fr".into()),
        outlet: None,
        text: text.into(),
    };
    let (_, mentions) = pipeline().analyse(
        &article,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    let lifted = mentions
        .iter()
        .find(|m| m.cameo == "085")
        .unwrap_or_else(|| panic!("{mentions:#?}"));
    assert!(lifted.actors.contains(&"ECOWAS".to_string()), "{lifted:?}");
    assert!(
        lifted.recipients.contains(&"NER".to_string())
            || lifted.actors.contains(&"NER".to_string()),
        "{lifted:?}"
    );
}

#[test]
fn recognise_and_link_is_what_read_links() {
    let text = "Le ministre russe des Affaires étrangères, Sergueï Lavrov, est arrivé à Bamako, où il a été reçu par le colonel Assimi Goïta. Les autorités maliennes et la CEDEAO ont salué la visite.";
    let article = Article {
        id: vigie::ingest::article_id(text),
        name: "lavrov.txt".into(),
        source: "lavrov.txt".into(),
        form: SourceForm::HeaderBlock,
        url: None,
        title: None,
        published: Some("2023-02-07".parse().unwrap()),
        language: Some("fr".into()),
        outlet: None,
        text: text.into(),
    };
    let analysis = pipeline().read(
        &article,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    // read links again only when the text gives another anchor than the publication date.
    assert_eq!(analysis.anchor, article.published);
    let (actors, places) = pipeline().recognise_and_link(&article);
    assert_eq!(actors, analysis.actors);
    assert_eq!(places, analysis.places);
    let ids: Vec<&str> = actors.iter().map(|a| a.entity.as_str()).collect();
    assert!(
        ids.contains(&"sergey-lavrov") && ids.contains(&"ECOWAS"),
        "{ids:?}"
    );
}
