//! Finder and linker together, on sentences written for these tests in the style of the press.

use std::sync::OnceLock;

use super::*;
use crate::model::{BlockKind, Sentence};
use crate::recognise::names::NameFinder;
use crate::resources::Resources;

struct Fixture {
    kb: Kb,
    finder: NameFinder,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let res = Resources::builtin();
        let kb = Kb::load(&res).unwrap();
        let finder = NameFinder::new(&kb, &res).unwrap();
        Fixture { kb, finder }
    })
}

/// One sentence per line.
fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim_end();
        if !t.is_empty() {
            out.push(Sentence {
                span: Span::new(start, start + t.len()),
                paragraph: i,
                block: BlockKind::Body,
            });
        }
        start += line.len();
    }
    out
}

fn date(s: &str) -> Option<DatePoint> {
    Some(s.parse().unwrap())
}

fn link(text: &str, lang: &str, d: Option<DatePoint>) -> (Vec<ActorMention>, Vec<PlaceMention>) {
    let f = fixture();
    let hits = f.finder.find(text, &sentences(text), lang);
    Linker::new(&f.kb).link(text, &hits, d)
}

/// The actor linked at the first occurrence of `words`.
fn actor_at<'a>(text: &str, actors: &'a [ActorMention], words: &str) -> &'a ActorMention {
    let at = text
        .find(words)
        .unwrap_or_else(|| panic!("{words:?} not in the text"));
    actors
        .iter()
        .find(|a| a.span.start <= at && at < a.span.end.max(a.span.start + 1))
        .unwrap_or_else(|| panic!("no actor at {words:?}; actors: {actors:#?}"))
}

fn no_actor_at(text: &str, actors: &[ActorMention], words: &str) {
    let at = text.find(words).unwrap();
    let found = actors
        .iter()
        .find(|a| a.span.start <= at && at < a.span.end);
    assert!(found.is_none(), "unexpected actor at {words:?}: {found:?}");
}

fn place_at<'a>(text: &str, places: &'a [PlaceMention], words: &str) -> &'a PlaceMention {
    let at = text.find(words).unwrap();
    places
        .iter()
        .find(|p| p.span.start <= at && at < p.span.end)
        .unwrap_or_else(|| panic!("no place at {words:?}; places: {places:#?}"))
}

#[test]
fn names_aliases_and_demonyms_link_to_their_state() {
    let text = "La CEDEAO a levé ses sanctions contre le Niger.\n\
        Les ministres russes ont salué l'armée nigérienne et les forces burkinabè.\n\
        La Fédération de Russie et les FAMa ont signé un accord, a indiqué le Kremlin.\n\
        L'opération Barkhane a quitté le pays.";
    let (actors, _) = link(text, "fr", date("2024-03-01"));
    let a = actor_at(text, &actors, "CEDEAO");
    assert_eq!(
        (a.entity.as_str(), a.kind, a.via),
        ("ECOWAS", EntityKind::Organisation, LinkVia::Name)
    );
    assert_eq!(
        actor_at(text, &actors, "Niger").code.as_deref(),
        Some("NER")
    );
    let a = actor_at(text, &actors, "russes");
    assert_eq!((a.entity.as_str(), a.via), ("RUS", LinkVia::Demonym));
    assert_eq!(actor_at(text, &actors, "nigérienne").entity, "NER");
    assert_eq!(actor_at(text, &actors, "burkinabè").entity, "BFA");
    assert_eq!(
        actor_at(text, &actors, "Fédération de Russie").entity,
        "RUS"
    );
    let a = actor_at(text, &actors, "FAMa");
    assert_eq!(
        (a.entity.as_str(), a.code.as_deref()),
        ("FAMA", Some("MLI"))
    );
    assert_eq!(
        actor_at(text, &actors, "Kremlin").code.as_deref(),
        Some("RUS")
    );
    assert_eq!(
        actor_at(text, &actors, "Barkhane").code.as_deref(),
        Some("FRA")
    );
}

#[test]
fn english_names_and_demonyms() {
    let text = "ECOWAS leaders met in Abuja as Malian troops and Russian instructors patrolled.\n\
        The United Nations said the Wagner Group had left.";
    let (actors, places) = link(text, "en", date("2024-02-24"));
    assert_eq!(actor_at(text, &actors, "ECOWAS").entity, "ECOWAS");
    assert_eq!(actor_at(text, &actors, "Malian").entity, "MLI");
    assert_eq!(actor_at(text, &actors, "Russian").entity, "RUS");
    assert_eq!(actor_at(text, &actors, "United Nations").entity, "UN");
    assert_eq!(actor_at(text, &actors, "Wagner Group").entity, "WAGNER");
    let p = place_at(text, &places, "Abuja");
    assert_eq!((p.country.as_str(), p.locative), ("NGA", true));
    no_actor_at(text, &actors, "Abuja");
}

#[test]
fn a_capital_acts_for_its_state_unless_it_is_where_things_happen() {
    let text = "Moscou promet de livrer du blé.\n\
        Bamako a exigé le départ des troupes.\n\
        Les ministres se sont retrouvés à Moscou jeudi.";
    let (actors, places) = link(text, "fr", date("2025-04-03"));
    let a = actor_at(text, &actors, "Moscou promet");
    assert_eq!((a.entity.as_str(), a.via), ("RUS", LinkVia::Capital));
    assert_eq!(actor_at(text, &actors, "Bamako").via, LinkVia::Capital);
    no_actor_at(text, &actors, "Moscou jeudi");
    let p = place_at(text, &places, "Moscou jeudi");
    assert_eq!(
        (p.name.as_str(), p.country.as_str(), p.geonameid, p.locative),
        ("Moscow", "RUS", Some(524901), true)
    );

    let text = "Moscow pledged more grain.\nThe delegation arrived in Moscow on Thursday.";
    let (actors, places) = link(text, "en", date("2025-04-03"));
    assert_eq!(
        actor_at(text, &actors, "Moscow pledged").via,
        LinkVia::Capital
    );
    no_actor_at(text, &actors, "Moscow on");
    assert!(place_at(text, &places, "Moscow on").locative);
}

#[test]
fn towns_and_countries_after_a_locative_are_places() {
    let text = "Des hommes armés ont attaqué un camp près de Djibo.\n\
        Au Mali, l'armée a repris Tombouctou.\n\
        La délégation est arrivée en Russie.";
    let (actors, places) = link(text, "fr", date("2024-05-11"));
    let djibo = place_at(text, &places, "Djibo");
    assert_eq!(
        (djibo.country.as_str(), djibo.geonameid, djibo.locative),
        ("BFA", Some(2361177), true)
    );
    assert!(djibo.lat.is_some() && djibo.lon.is_some());
    let mali = place_at(text, &places, "Mali");
    assert_eq!((mali.country.as_str(), mali.geonameid), ("MLI", None));
    assert_eq!(actor_at(text, &actors, "Mali").entity, "MLI");
    let t = place_at(text, &places, "Tombouctou");
    assert_eq!((t.name.as_str(), t.locative), ("Timbuktu", false));
    assert_eq!(actor_at(text, &actors, "Russie").entity, "RUS");
    assert_eq!(place_at(text, &places, "Russie").country, "RUS");

    let text = "Gunmen struck near Kidal and in Niger.";
    let (actors, places) = link(text, "en", date("2024-05-11"));
    assert_eq!(place_at(text, &places, "Kidal").country, "MLI");
    assert!(place_at(text, &places, "Niger").locative);
    assert_eq!(actor_at(text, &actors, "Niger").entity, "NER");
}

#[test]
fn role_phrases_resolve_to_the_holder_on_the_date() {
    let text = "Le ministre russe de la Défense a reçu ses homologues sahéliens.";
    let (a, _) = link(text, "fr", date("2023-06-01"));
    let m = actor_at(text, &a, "ministre russe");
    assert_eq!(
        (
            m.entity.as_str(),
            m.via,
            m.role.as_deref(),
            m.code.as_deref()
        ),
        (
            "sergei-shoigu",
            LinkVia::Role,
            Some("defence_minister"),
            Some("RUS")
        )
    );
    let (a, _) = link(text, "fr", date("2025-05-08"));
    assert_eq!(
        actor_at(text, &a, "ministre russe").entity,
        "andrei-belousov"
    );

    let text = "Le ministre de la Défense du Burkina Faso a visité le front.";
    let (a, _) = link(text, "fr", date("2022-05-10"));
    assert_eq!(actor_at(text, &a, "ministre").entity, "barthelemy-simpore");
    let (a, _) = link(text, "fr", date("2024-03-01"));
    assert_eq!(actor_at(text, &a, "ministre").entity, "kassoum-coulibaly");

    let text = "Le chef de la diplomatie russe est attendu à Bamako.";
    let (a, _) = link(text, "fr", date("2023-02-07"));
    assert_eq!(actor_at(text, &a, "chef").entity, "sergey-lavrov");

    let text = "Russia's defence minister met the Malian foreign minister.\nNiger's junta leader was absent.";
    let (a, _) = link(text, "en", date("2025-04-03"));
    assert_eq!(actor_at(text, &a, "Russia").entity, "andrei-belousov");
    let fm = actor_at(text, &a, "Malian");
    assert_eq!(
        (fm.entity.as_str(), fm.role.as_deref()),
        ("abdoulaye-diop", Some("foreign_minister"))
    );
    assert_eq!(
        actor_at(text, &a, "junta leader").entity,
        "abdourahamane-tiani"
    );
}

#[test]
fn a_role_the_kb_cannot_fill_is_its_state() {
    let text = "L'ambassadeur français a été convoqué.\nSon homologue russe a répondu.";
    let (a, _) = link(text, "fr", date("2022-01-31"));
    let m = actor_at(text, &a, "ambassadeur");
    assert_eq!(
        (m.entity.as_str(), m.kind, m.via, m.role.as_deref()),
        ("FRA", EntityKind::State, LinkVia::Role, Some("ambassador"))
    );
    assert_eq!(actor_at(text, &a, "homologue").entity, "RUS");

    // An office with no state named goes to the article's state; "les autorités" alone to none.
    let text = "Le Mali a rompu avec Paris.\nLe président de la transition a signé le décret.\nLes autorités ont confirmé.";
    let (a, _) = link(text, "fr", date("2023-03-01"));
    assert_eq!(actor_at(text, &a, "président").entity, "assimi-goita");
    no_actor_at(text, &a, "autorités");

    // "le président de l'Assemblée" is not the head of state.
    let text = "Au Niger, le président d'honneur du parti a parlé.";
    let (a, _) = link(text, "fr", date("2023-03-01"));
    no_actor_at(text, &a, "président");
}

#[test]
fn a_role_before_a_name_is_that_persons_role() {
    let text =
        "Le ministre de la Défense du Mali, Sadio Camara, a reçu le général Salifou Modi (Niger).";
    let (a, _) = link(text, "fr", date("2024-01-16"));
    let c = actor_at(text, &a, "Sadio");
    assert_eq!(
        (c.entity.as_str(), c.role.as_deref(), c.code.as_deref()),
        ("sadio-camara", Some("defence_minister"), Some("MLI"))
    );
    assert_eq!(
        a.iter().filter(|x| x.entity == "sadio-camara").count(),
        1,
        "{a:#?}"
    );
    assert_eq!(actor_at(text, &a, "Salifou").entity, "salifou-mody");

    let text = "Foreign Minister Abdoulaye Diop and Gen. Abdourahamane Tiani spoke.";
    let (a, _) = link(text, "en", date("2024-07-06"));
    assert_eq!(
        actor_at(text, &a, "Abdoulaye").role.as_deref(),
        Some("foreign_minister")
    );
    assert_eq!(actor_at(text, &a, "Tiani").entity, "abdourahamane-tiani");
}

#[test]
fn spelling_variants_link_to_the_same_person() {
    let text = "Andreï Belooussov a reçu Sergey Lavrov.\n\
        Le général Célestin Simpone était présent, comme le général Modi.\n\
        Mme Olivia Rouamba et IBK ont été cités.";
    let (a, _) = link(text, "fr", date("2024-12-20"));
    assert_eq!(actor_at(text, &a, "Belooussov").entity, "andrei-belousov");
    assert_eq!(actor_at(text, &a, "Sergey").entity, "sergey-lavrov");
    assert_eq!(actor_at(text, &a, "Simpone").entity, "celestin-simpore");
    assert_eq!(actor_at(text, &a, "Modi").entity, "salifou-mody");
    assert_eq!(actor_at(text, &a, "Rouamba").entity, "olivia-rouamba");
    let ibk = actor_at(text, &a, "IBK");
    assert_eq!(
        (ibk.entity.as_str(), ibk.code.as_deref()),
        ("ibrahim-boubacar-keita", Some("MLI"))
    );
}

#[test]
fn bare_surnames_follow_the_article_or_need_to_be_unambiguous() {
    let text = "Sergueï Lavrov a accueilli Assimi Goïta.\nLavrov a salué Goïta.";
    let (a, _) = link(text, "fr", date("2023-02-07"));
    let later = &a[a.len() - 2..];
    assert_eq!(
        (later[0].entity.as_str(), later[0].via),
        ("sergey-lavrov", LinkVia::Coreference)
    );
    assert_eq!(
        (later[1].entity.as_str(), later[1].via),
        ("assimi-goita", LinkVia::Coreference)
    );

    // Unambiguous in the knowledge base: linked even without a full name before.
    let text = "Goïta a promulgué la loi.";
    let (a, _) = link(text, "fr", date("2023-02-07"));
    assert_eq!(
        (
            actor_at(text, &a, "Goïta").entity.as_str(),
            actor_at(text, &a, "Goïta").via
        ),
        ("assimi-goita", LinkVia::Name)
    );

    // Several Traorés, Camaras, Ouédraogos: a bare one links only after a full name.
    let text = "Traoré a parlé.\nCamara aussi, et Ouédraogo.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    assert!(a.is_empty(), "{a:#?}");
    let text = "Le capitaine Ibrahim Traoré a reçu Karamoko Jean-Marie Traoré.\nPuis Traoré a quitté la salle.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    assert_eq!(a.last().unwrap().entity, "karamoko-jean-marie-traore");
    assert_eq!(a.last().unwrap().via, LinkVia::Coreference);

    // A surname inside another name joined by a hyphen is not that person.
    let text = "Les avions se sont posés à l'aéroport Modibo-Keïta.";
    let (a, _) = link(text, "fr", date("2023-01-19"));
    assert!(a.iter().all(|x| !x.entity.contains("keita")), "{a:#?}");
}

#[test]
fn a_role_and_a_surname_give_the_holder() {
    // No state named, and two Traorés in office: only one of them is a head of state.
    let text = "Le président Traoré a reçu les ministres.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    let t = actor_at(text, &a, "Traoré");
    assert_eq!(
        (t.entity.as_str(), t.role.as_deref()),
        ("ibrahim-traore", Some("head_of_state"))
    );

    let text = "Le président burkinabè Traoré a reçu les ministres.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    assert_eq!(actor_at(text, &a, "Traoré").entity, "ibrahim-traore");
}

#[test]
fn persons_the_kb_lacks_are_discovered_with_a_stable_slug() {
    let text =
        "Le colonel Abdoulaye Konaté (Mali) a été nommé.\nLe colonel Konaté a prêté serment.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    let k = actor_at(text, &a, "Abdoulaye Konaté");
    assert_eq!(
        (k.entity.as_str(), k.kind, k.via, k.code.as_deref()),
        (
            "abdoulaye-konate",
            EntityKind::Person,
            LinkVia::Discovered,
            Some("MLI")
        )
    );
    let later = a.last().unwrap();
    assert_eq!(
        (later.entity.as_str(), later.via),
        ("abdoulaye-konate", LinkVia::Coreference)
    );

    let other = "Selon M. Abdoulaye Konaté, la situation est calme.";
    let (b, _) = link(other, "fr", date("2024-04-01"));
    assert_eq!(actor_at(other, &b, "Konaté").entity, "abdoulaye-konate");
    assert_eq!(actor_at(other, &b, "Konaté").code, None);

    let text = "Le capitaine nigérien Moussa Salaou a été arrêté.\nLe ministre de la Défense du Tchad, Issakha Malloua, est arrivé.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    assert_eq!(
        actor_at(text, &a, "Moussa Salaou").code.as_deref(),
        Some("NER")
    );
    let m = actor_at(text, &a, "Issakha");
    assert_eq!(
        (m.entity.as_str(), m.code.as_deref(), m.role.as_deref()),
        ("issakha-malloua", Some("TCD"), Some("defence_minister"))
    );

    let text = "Col. Ismail Bako of the army and Moussa Kone spoke.";
    let (a, _) = link(text, "en", date("2024-03-01"));
    assert_eq!(actor_at(text, &a, "Ismail").entity, "ismail-bako");
    assert_eq!(actor_at(text, &a, "Moussa").entity, "moussa-kone");
}

#[test]
fn shared_acronyms_are_told_apart_by_date_and_context() {
    let text = "Le CNSP a annoncé la fermeture des frontières.";
    let (a, _) = link(text, "fr", date("2020-08-19"));
    assert_eq!(actor_at(text, &a, "CNSP").code.as_deref(), Some("MLI"));
    let (a, _) = link(text, "fr", date("2023-07-28"));
    assert_eq!(actor_at(text, &a, "CNSP").code.as_deref(), Some("NER"));
    let text = "À Conakry, le CNT a adopté la charte.";
    let (a, _) = link(text, "fr", date("2024-03-01"));
    assert_eq!(actor_at(text, &a, "CNT").code.as_deref(), Some("GIN"));
}

#[test]
fn a_user_kb_folder_adds_a_person_and_an_alias() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("kb")).unwrap();
    std::fs::write(
        dir.path().join("kb/persons.toml"),
        "[[person]]\nid = \"sergey-lavrov\"\naliases = [\"S. Lavroff\"]\n\n\
         [[person]]\nid = \"aminata-zerbo-test\"\nname = \"Aminata Zerbo-Test\"\ncode = \"BFA\"\n\
         roles = [{ role = \"foreign_minister\", state = \"BFA\", start = \"2030-01-01\" }]\n",
    )
    .unwrap();
    let res = Resources::builtin().with_user_dir(dir.path()).unwrap();
    let kb = Kb::load(&res).unwrap();
    let finder = NameFinder::new(&kb, &res).unwrap();
    let text = "Aminata Zerbo-Test a reçu S. Lavroff.\nLe chef de la diplomatie burkinabè a parlé.";
    let hits = finder.find(text, &sentences(text), "fr");
    let (a, _) = Linker::new(&kb).link(text, &hits, date("2030-06-01"));
    assert_eq!(actor_at(text, &a, "Aminata").entity, "aminata-zerbo-test");
    assert_eq!(actor_at(text, &a, "Lavroff").entity, "sergey-lavrov");
    assert_eq!(actor_at(text, &a, "chef").entity, "aminata-zerbo-test");
}

#[test]
fn hits_stay_inside_sentences() {
    let f = fixture();
    let text = "Le Mali et le Niger.\nPhoto : AFP / Bamako";
    let only_first = vec![Sentence {
        span: Span::new(0, 20),
        paragraph: 0,
        block: BlockKind::Body,
    }];
    let hits = f.finder.find(text, &only_first, "fr");
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.span.end <= 20));
}

#[test]
fn groups_named_by_their_parent_or_without_a_code() {
    let text = "As many as 100 people were killed when al Qaeda-linked fighters attacked.\n\
        Boko Haram fighters also struck across the border.";
    let (a, places) = link(text, "en", date("2024-08-26"));
    assert_eq!(actor_at(text, &a, "al Qaeda").code.as_deref(), Some("JNIM"));
    let bh = actor_at(text, &a, "Boko Haram");
    assert_eq!(
        (bh.entity.as_str(), bh.code.as_deref()),
        ("BOKO_HARAM", None)
    );
    assert!(places.is_empty(), "{places:#?}");
}

#[test]
fn villages_named_like_words_of_the_article_are_not_places() {
    // "Soum" is a province of Burkina Faso and a village of Senegal; "Keïta" a town of Niger.
    let text = "Au Burkina Faso, la province du Soum reste sous blocus.\n\
        Les soldats ont quitté le camp Soundiata-Keïta.";
    let (_, places) = link(text, "fr", date("2024-08-26"));
    assert_eq!(places.len(), 1, "{places:#?}");
    assert_eq!(places[0].country, "BFA");
}

#[test]
fn datelines_plural_offices_and_bodies_before_a_role() {
    let text = "BAMAKO, Feb 7 (Reuters) - Talks opened.\n\
        A delegation of foreign ministers is expected.\n\
        ECOWAS foreign ministers met at Abuja.";
    let (a, places) = link(text, "en", date("2023-02-07"));
    no_actor_at(text, &a, "BAMAKO");
    assert!(place_at(text, &places, "BAMAKO").locative);
    no_actor_at(text, &a, "foreign ministers is");
    let m = actor_at(text, &a, "ECOWAS foreign");
    assert_eq!(
        (m.entity.as_str(), m.via, m.role.as_deref()),
        ("ECOWAS", LinkVia::Role, Some("foreign_minister"))
    );
    assert!(place_at(text, &places, "Abuja").locative);

    let text = "Les ministres des Affaires étrangères se sont réunis dans la capitale, à Niamey.\n\
        Les ministres russes des Affaires étrangères et de la Défense ont signé.";
    let (a, places) = link(text, "fr", date("2024-01-16"));
    no_actor_at(text, &a, "ministres des");
    assert_eq!(
        actor_at(text, &a, "ministres russes").code.as_deref(),
        Some("RUS")
    );
    assert!(place_at(text, &places, "Niamey").locative);
}

#[test]
fn coreference_in_english_and_after_a_role() {
    let text = "Sergei Lavrov arrived in Bamako.\nLavrov said Moscow would help.\n\
        Defence Minister Sadio Camara met him.\nCamara thanked Russia.";
    let (a, _) = link(text, "en", date("2023-02-07"));
    let l = actor_at(text, &a, "Lavrov said");
    assert_eq!(
        (l.entity.as_str(), l.via),
        ("sergey-lavrov", LinkVia::Coreference)
    );
    let c = actor_at(text, &a, "Camara thanked");
    assert_eq!(
        (c.entity.as_str(), c.via),
        ("sadio-camara", LinkVia::Coreference)
    );
    // Camara alone, with no Camara named before, is ambiguous (Sadio, Moussa Dadis).
    let text = "Camara thanked Russia.";
    let (a, _) = link(text, "en", date("2023-02-07"));
    assert!(a.iter().all(|x| x.kind != EntityKind::Person), "{a:#?}");
    // A role phrase names the person for later surnames too.
    let text =
        "Le chef de la diplomatie russe est arrivé dans la capitale malienne.\nLavrov a parlé.";
    let (a, _) = link(text, "fr", date("2023-02-07"));
    assert_eq!(actor_at(text, &a, "Lavrov").via, LinkVia::Coreference);
}

#[test]
fn a_bare_surname_follows_a_discovered_person_named_last() {
    let text = "Mariam Ouattara, une habitante, a témoigné.\nOuattara a perdu deux fils.";
    let (a, _) = link(text, "fr", date("2024-08-26"));
    let o = actor_at(text, &a, "Ouattara a");
    assert_eq!(
        (o.entity.as_str(), o.via),
        ("mariam-ouattara", LinkVia::Coreference)
    );
    // With no one else of that name before, the president.
    let text = "Ouattara a reçu la délégation.";
    let (a, _) = link(text, "fr", date("2024-08-26"));
    assert_eq!(actor_at(text, &a, "Ouattara").entity, "alassane-ouattara");
}
