use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::model::BlockKind;

fn finder() -> &'static NameFinder {
    static F: OnceLock<NameFinder> = OnceLock::new();
    F.get_or_init(|| {
        let res = Resources::builtin();
        let kb = Kb::load(&res).unwrap();
        NameFinder::new(&kb, &res).unwrap()
    })
}

fn whole(text: &str) -> Vec<Sentence> {
    vec![Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
        block: BlockKind::Body,
    }]
}

fn found<'t>(text: &'t str, lang: &str) -> Vec<(&'t str, NameHit)> {
    finder()
        .find(text, &whole(text), lang)
        .into_iter()
        .map(|h| (h.span.slice(text), h))
        .collect()
}

fn words<'t>(text: &'t str, lang: &str) -> Vec<&'t str> {
    found(text, lang).into_iter().map(|(w, _)| w).collect()
}

#[test]
fn indexes_the_full_knowledge_base_for_every_language() {
    let res = Resources::builtin();
    let kb = Kb::load(&res).unwrap();
    let t = std::time::Instant::now();
    let f = NameFinder::new(&kb, &res).unwrap();
    // Printed, not asserted: timings depend on the machine and the build profile.
    eprintln!(
        "NameFinder::new on the full knowledge base: {:?} ({} languages)",
        t.elapsed(),
        f.matchers.len()
    );
    assert!(f.matchers.contains_key("fr") && f.matchers.contains_key("en"));
}

#[test]
fn acronyms_need_capitals_and_common_words_a_place_in_the_sentence() {
    assert_eq!(
        words("Un soldat de l'ONU a parlé à un responsable de l'UA.", "fr"),
        ["ONU", "UA"]
    );
    assert_eq!(words("Un responsable de l'UN a parlé.", "en"), ["UN"]);
    // "Sabre" is also a common noun: the task force only when capitalised inside a sentence.
    assert_eq!(
        words("La force Sabre a quitté le camp.", "fr"),
        ["force Sabre"]
    );
    assert_eq!(words("Les Sabre sont partis.", "fr"), ["Sabre"]);
    // A name's capitalised words must be capitalised in the text, whatever its first word.
    assert!(words("Il a la force sabre au clair.", "fr").is_empty());
    assert!(words("Sabre au clair, il a chargé.", "fr").is_empty());
    assert!(words("un sabre ancien", "fr").is_empty());
    // "Say" is a town of Niger and an English verb.
    assert!(words("Say it again.", "en").is_empty());
    assert_eq!(
        words("Troops were sent to Say and Kidal.", "en"),
        ["Say", "Kidal"]
    );
}

#[test]
fn names_are_whole_words_and_fold_accents() {
    assert_eq!(
        words("Le Malien Goita, le Burkina et la Cote d'Ivoire.", "fr"),
        ["Malien", "Goita", "Burkina", "Cote d'Ivoire"]
    );
    // "Mali" inside "Somalie", "Niger" inside "Nigeria" are not those states.
    let w = words("La Somalie et le Nigeria.", "fr");
    assert_eq!(w, ["Somalie", "Nigeria"]);
    let hits = found("Les Maliennes de Gao", "fr");
    assert_eq!(hits[0].1.readings, [Reading::Demonym("MLI".into())]);
}

#[test]
fn locative_prepositions_are_noted() {
    let hits = found(
        "Réunis à Niamey, près de Tillabéri et au Mali, ils ont quitté Bamako.",
        "fr",
    );
    let loc: Vec<(&str, bool)> = hits.iter().map(|(w, h)| (*w, h.locative)).collect();
    assert_eq!(
        loc,
        [
            ("Niamey", true),
            ("Tillabéri", true),
            ("Mali", true),
            ("Bamako", false)
        ]
    );
    let hits = found(
        "Fighting near Menaka and in the Sahel; Bamako denied it.",
        "en",
    );
    let loc: Vec<(&str, bool)> = hits.iter().map(|(w, h)| (*w, h.locative)).collect();
    assert_eq!(loc[0], ("Menaka", true));
    assert_eq!(loc.last().copied(), Some(("Bamako", false)));
}

#[test]
fn role_phrases_take_the_state_beside_them() {
    let role = |text: &str, lang: &str| {
        found(text, lang)
            .into_iter()
            .find_map(|(w, h)| match &h.readings[..] {
                [Reading::Role { role, state }] => {
                    Some((w.to_string(), role.clone(), state.clone()))
                }
                _ => None,
            })
            .unwrap()
    };
    let fr = |s: &str| Some(s.to_string());
    assert_eq!(
        role("Le ministre russe de la Défense est arrivé.", "fr").2,
        fr("RUS")
    );
    assert_eq!(
        role("Le ministre de la Défense du Mali est arrivé.", "fr").0,
        "ministre de la Défense du Mali"
    );
    assert_eq!(
        role("La ministre malienne des Affaires étrangères.", "fr").1,
        "foreign_minister"
    );
    assert_eq!(
        role("Le chef de la diplomatie russe est arrivé.", "fr").2,
        fr("RUS")
    );
    assert_eq!(
        role("Russia's defence minister arrived.", "en").0,
        "Russia's defence minister"
    );
    assert_eq!(
        role("The Malian foreign minister arrived.", "en").2,
        fr("MLI")
    );
    assert_eq!(
        role("The head of the ECOWAS Commission arrived.", "en").2,
        fr("ECOWAS")
    );
    assert_eq!(
        role("Le président du CNSP a parlé.", "fr").1,
        "junta_leader"
    );
    // With no state, the office stays open for the linker ("le président de la transition").
    assert_eq!(role("Le président de la transition a parlé.", "fr").2, None);
}

#[test]
fn titles_and_roles_introduce_names() {
    let person = |text: &str, lang: &str| {
        found(text, lang)
            .into_iter()
            .find_map(|(w, h)| match &h.readings[..] {
                [Reading::Person { .. }] => Some((
                    w.to_string(),
                    h.title.clone(),
                    h.role.clone(),
                    h.state.clone(),
                )),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no person in {text:?}"))
    };
    let (name, title, _, state) =
        person("Selon le général Salifou Modi (Niger), tout va bien.", "fr");
    assert_eq!(
        (name.as_str(), title.as_deref(), state.as_deref()),
        ("Salifou Modi", Some("general"), Some("NER"))
    );
    let (name, _, _, state) = person("Le capitaine nigérien Moussa Salaou a parlé.", "fr");
    assert_eq!(
        (name.as_str(), state.as_deref()),
        ("Moussa Salaou", Some("NER"))
    );
    let (name, title, ..) = person("Gen. Abdourahamane Tiani's decree.", "en");
    assert_eq!(
        (name.as_str(), title.as_deref()),
        ("Abdourahamane Tiani", Some("gen."))
    );
    let (name, _, role, state) = person(
        "Le ministre de la Défense du Mali, Sadio Camara, a parlé.",
        "fr",
    );
    assert_eq!(
        (name.as_str(), role.as_deref(), state.as_deref()),
        ("Sadio Camara", Some("defence_minister"), Some("MLI"))
    );
    let (name, ..) = person("L'imam Mahmoud Dicko a appelé au calme.", "fr");
    assert_eq!(name, "Mahmoud Dicko");
    let (name, ..) = person("L'émir Iyad ag Ghaly a revendiqué.", "fr");
    assert_eq!(name, "Iyad ag Ghaly");
    let (name, ..) = person("Selon Moussa Mara, ancien Premier ministre.", "fr");
    assert_eq!(name, "Moussa Mara");
    // A title with no capitalised name after it names nobody.
    assert!(found("Le général a démissionné.", "fr").is_empty());
    // Capitalised words that are not names stop the name ("General Assembly").
    assert!(
        found("The General Assembly voted.", "en")
            .iter()
            .all(|(_, h)| h.title.is_none())
    );
}

#[test]
fn a_hyphenated_surname_belongs_to_another_name() {
    let hits = found("à l'aéroport Modibo-Keïta de Bamako", "fr");
    assert!(
        hits.iter()
            .all(|(_, h)| !h.readings.iter().any(|r| matches!(r, Reading::Surname(_)))),
        "{hits:?}"
    );
}

#[test]
fn an_unknown_language_falls_back_to_the_default_one() {
    assert_eq!(words("Le Mali et la CEDEAO.", "xx"), ["Mali", "CEDEAO"]);
}

proptest! {
    #[test]
    fn hits_are_char_boundary_spans_inside_their_sentence(
        parts in proptest::collection::vec(prop_oneof![
            Just("Mali"), Just("à Moscou"), Just("Goïta"), Just("le ministre russe de la Défense"),
            Just("le général"), Just("Salifou Modi"), Just("(Niger)"), Just("é"), Just("’"), Just(" "),
            Just(","), Just("CEDEAO"), Just("burkinabè"), Just("Œuvre"), Just("\u{a0}"), Just("x"),
        ], 0..24),
        cut in 0usize..200,
    ) {
        let text: String = parts.concat();
        let mut mid = cut.min(text.len());
        while !text.is_char_boundary(mid) {
            mid -= 1;
        }
        let sentences = vec![
            Sentence { span: Span::new(0, mid), paragraph: 0, block: BlockKind::Body },
            Sentence { span: Span::new(mid, text.len()), paragraph: 1, block: BlockKind::Body },
        ];
        for h in finder().find(&text, &sentences, "fr") {
            let s = sentences[h.sentence].span;
            prop_assert!(s.contains(h.span), "{:?} outside {:?}", h.span, s);
            prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            prop_assert!(!h.span.is_empty());
        }
    }
}

#[test]
fn every_written_form_of_a_name_counts() {
    // "CEDEAO" and "Cédéao" fold alike: the laxer capitalisation of the two applies.
    assert_eq!(
        words("Les sanctions de la Cédéao et de la CEDEAO.", "fr"),
        ["Cédéao", "CEDEAO"]
    );
    assert!(words("la cedeao", "fr").is_empty());
}
