use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::model::{BlockKind, ElapsedShift, WeekdayName};

/// (covered text, resolved date or "-", weekday, relative) of one mention.
type Row = (String, String, Option<WeekdayName>, bool);
/// A sentence, its publication date, and the (covered text, date) pairs it must give.
type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);

fn finder() -> &'static DateFinder {
    static F: OnceLock<DateFinder> = OnceLock::new();
    F.get_or_init(|| DateFinder::load(&Resources::builtin()).expect("built-in date words load"))
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn ctx(published: Option<&str>) -> DateContext {
    DateContext {
        published: published.map(|p| p.parse().expect("test anchor")),
        earliest_year: None,
        latest_year: None,
        today: day("2026-01-15"),
    }
}

/// (covered text, resolved date or "-", weekday, relative) of every mention.
fn read_with(lang: &str, text: &str, c: &DateContext) -> (Vec<Row>, Option<DatePoint>) {
    let r = finder().find(text, &[], lang, c);
    let m = r
        .mentions
        .iter()
        .map(|m| {
            (
                m.span.slice(text).to_string(),
                m.date.map_or("-".to_string(), |d| d.to_string()),
                m.weekday,
                m.relative,
            )
        })
        .collect();
    (m, r.anchor)
}

/// The (covered text, date) pairs of `text` read in `lang` with publication date `published`.
fn dates(lang: &str, text: &str, published: Option<&str>) -> Vec<(String, String)> {
    read_with(lang, text, &ctx(published))
        .0
        .into_iter()
        .map(|(s, d, _, _)| (s, d))
        .collect()
}

/// Checks that each sentence gives exactly the expected (span, date) pairs.
fn check(lang: &str, cases: &[Case]) {
    let mut failures = Vec::new();
    for (text, published, want) in cases {
        let got = dates(lang, text, *published);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "{text:?} (published {published:?})\n   got  {got:?}\n   want {want:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const THU: Option<&str> = Some("2025-04-03"); // a Thursday
const MON: Option<&str> = Some("2025-05-12"); // a Monday

#[test]
fn french_absolute_dates() {
    check(
        "fr",
        &[
            (
                "Le gouvernement a annoncé jeudi 3 avril 2025 un nouvel accord.",
                None,
                &[("jeudi 3 avril 2025", "2025-04-03")],
            ),
            (
                "Les ministres se sont réunis le 14 août.",
                Some("2025-09-01"),
                &[("14 août", "2025-08-14")],
            ),
            (
                "Publié le lundi 12 mai 2025 par la rédaction",
                None,
                &[("lundi 12 mai 2025", "2025-05-12")],
            ),
            (
                "La délégation est arrivée le 3 avril.",
                MON,
                &[("3 avril", "2025-04-03")],
            ),
            (
                "La fête du travail du 1er mai 2024 a été annulée.",
                None,
                &[("1er mai 2024", "2024-05-01")],
            ),
            (
                "Le coup d'État du 18/08/2020 a renversé le président.",
                None,
                &[("18/08/2020", "2020-08-18")],
            ),
            (
                "Un communiqué daté du 2020-08-18 circule.",
                None,
                &[("2020-08-18", "2020-08-18")],
            ),
            (
                "Le 18.08.2020, les militaires ont pris Kati.",
                None,
                &[("18.08.2020", "2020-08-18")],
            ),
            (
                "Le 1er janvier 2024, la junte a quitté l'organisation.",
                None,
                &[("1er janvier 2024", "2024-01-01")],
            ),
            (
                "Signé le 16 sept. 2023 à Bamako, le texte crée l'alliance.",
                None,
                &[("16 sept. 2023", "2023-09-16")],
            ),
            (
                "Le 12 sept, le convoi est reparti.",
                Some("2025-10-01"),
                &[("12 sept", "2025-09-12")],
            ),
            (
                "Le 29 février 2024, la frontière a rouvert.",
                None,
                &[("29 février 2024", "2024-02-29")],
            ),
            (
                "LE 3 AVRIL 2025, LES MINISTRES SONT ARRIVÉS.",
                None,
                &[("3 AVRIL 2025", "2025-04-03")],
            ),
            (
                "Le 3 aout 2025, sans accent.",
                None,
                &[("3 aout 2025", "2025-08-03")],
            ),
            (
                "Le 3 avril dernier, la délégation est arrivée.",
                Some("2025-09-01"),
                &[("3 avril dernier", "2025-04-03")],
            ),
            (
                "Le 3 avril dernier, la délégation est arrivée.",
                Some("2025-04-03"),
                &[("3 avril dernier", "2024-04-03")],
            ),
            (
                "Le sommet du 3 avril prochain est confirmé.",
                Some("2025-04-05"),
                &[("3 avril prochain", "2026-04-03")],
            ),
            (
                "Ce jeudi 3 avril 2025 restera dans les mémoires.",
                None,
                &[("Ce jeudi 3 avril 2025", "2025-04-03")],
            ),
            (
                "En août 1914, la guerre éclate.",
                None,
                &[("août 1914", "1914-08")],
            ),
        ],
    );
}

#[test]
fn french_months_and_years() {
    check(
        "fr",
        &[
            (
                "Le putsch a eu lieu en août 2020.",
                None,
                &[("août 2020", "2020-08")],
            ),
            (
                "Août 2020 restera une date clé.",
                None,
                &[("Août 2020", "2020-08")],
            ),
            (
                "Les élections ont été reportées en 2022.",
                None,
                &[("2022", "2022")],
            ),
            (
                "Les combats ont repris mi-août.",
                Some("2025-09-10"),
                &[("mi-août", "2025-08")],
            ),
            (
                "Le retrait s'est achevé fin juillet 2023.",
                None,
                &[("fin juillet 2023", "2023-07")],
            ),
            (
                "Le scrutin est prévu début 2024.",
                None,
                &[("début 2024", "2024")],
            ),
            (
                "La mission a pris fin en décembre.",
                Some("2025-01-05"),
                &[("décembre", "2024-12")],
            ),
            (
                "Depuis mars, les attaques se multiplient.",
                Some("2025-06-01"),
                &[("mars", "2025-03")],
            ),
            (
                "Le coup d'État de 2020 a changé la donne.",
                None,
                &[("2020", "2020")],
            ),
            (
                "Depuis 2012, le pays est en guerre.",
                None,
                &[("2012", "2012")],
            ),
        ],
    );
}

#[test]
fn french_relative_dates() {
    check(
        "fr",
        &[
            (
                "Ce jeudi, les ministres se rendent à Moscou.",
                THU,
                &[("Ce jeudi", "2025-04-03")],
            ),
            (
                "Ce jeudi, les ministres se rendent à Moscou.",
                MON,
                &[("Ce jeudi", "2025-05-15")],
            ),
            (
                "Jeudi, l'armée a repris la ville.",
                MON,
                &[("Jeudi", "2025-05-08")],
            ),
            (
                "Jeudi, l'armée a repris la ville.",
                THU,
                &[("Jeudi", "2025-04-03")],
            ),
            (
                "Jeudi dernier, l'armée a repris la ville.",
                THU,
                &[("Jeudi dernier", "2025-03-27")],
            ),
            (
                "Jeudi dernier, l'armée a repris la ville.",
                MON,
                &[("Jeudi dernier", "2025-05-08")],
            ),
            (
                "Le sommet se tiendra jeudi prochain.",
                THU,
                &[("jeudi prochain", "2025-04-10")],
            ),
            (
                "Le sommet se tiendra jeudi prochain.",
                MON,
                &[("jeudi prochain", "2025-05-15")],
            ),
            (
                "Hier, des hommes armés ont attaqué le poste.",
                MON,
                &[("Hier", "2025-05-11")],
            ),
            (
                "Avant-hier, le convoi est tombé dans une embuscade.",
                MON,
                &[("Avant-hier", "2025-05-10")],
            ),
            (
                "Le camp a été attaqué le week-end dernier.",
                MON,
                &[("le week-end dernier", "2025-05-10/2025-05-11")],
            ),
            (
                "Aujourd'hui, la junte a annoncé son retrait.",
                MON,
                &[("Aujourd'hui", "2025-05-12")],
            ),
            (
                "Demain, les délégués signeront l'accord.",
                MON,
                &[("Demain", "2025-05-13")],
            ),
            (
                "Mardi soir, des tirs ont été entendus.",
                MON,
                &[("Mardi soir", "2025-05-06")],
            ),
            (
                "Hier soir, des tirs ont été entendus.",
                MON,
                &[("Hier soir", "2025-05-11")],
            ),
            (
                "La semaine dernière, le ministre a visité Gao.",
                MON,
                &[("La semaine dernière", "2025-05-05/2025-05-11")],
            ),
            (
                "Les trois pays ont signé la charte en septembre dernier.",
                MON,
                &[("septembre dernier", "2024-09")],
            ),
            (
                "Le coup de force de janvier de l'année dernière a surpris.",
                MON,
                &[("janvier de l'année dernière", "2024-01")],
            ),
            (
                "Ces dernières années, les trois pays ont rompu avec Paris.",
                MON,
                &[("Ces dernières années", "2022/2025")],
            ),
            (
                "Ces derniers mois, les attaques se sont multipliées.",
                MON,
                &[("Ces derniers mois", "2025-02/2025-05")],
            ),
            (
                "La semaine prochaine, il sera à Niamey.",
                MON,
                &[("La semaine prochaine", "2025-05-19/2025-05-25")],
            ),
            (
                "Le mois dernier, trois postes ont été attaqués.",
                MON,
                &[("Le mois dernier", "2025-04")],
            ),
            (
                "Le mois dernier, trois postes ont été attaqués.",
                Some("2025-01-10"),
                &[("Le mois dernier", "2024-12")],
            ),
            (
                "L'an dernier, la mission a plié bagage.",
                MON,
                &[("L'an dernier", "2024")],
            ),
            (
                "L'année dernière, la mission a plié bagage.",
                MON,
                &[("L'année dernière", "2024")],
            ),
            (
                "Il y a deux ans, la junte prenait le pouvoir.",
                MON,
                &[("Il y a deux ans", "2023")],
            ),
            (
                "Il y a trois jours, le camp a été attaqué.",
                MON,
                &[("Il y a trois jours", "2025-05-09")],
            ),
            (
                "Il y a 75 ans, le pays n'existait pas.",
                MON,
                &[("Il y a 75 ans", "1950")],
            ),
            (
                "Cette année, la saison des pluies est précoce.",
                MON,
                &[("Cette année", "2025")],
            ),
        ],
    );
}

#[test]
fn french_ranges() {
    check(
        "fr",
        &[
            (
                "Entre 2020 et 2023, trois coups d'État ont eu lieu.",
                None,
                &[("Entre 2020 et 2023", "2020/2023")],
            ),
            (
                "De 2013 à 2023, la mission a perdu 300 casques bleus.",
                None,
                &[("De 2013 à 2023", "2013/2023")],
            ),
            (
                "Le salon s'est tenu du 7 au 11 mai 2025.",
                None,
                &[("du 7 au 11 mai 2025", "2025-05-07/2025-05-11")],
            ),
            (
                "Les pourparlers ont duré du 28 avril au 2 mai 2025.",
                None,
                &[("du 28 avril au 2 mai 2025", "2025-04-28/2025-05-02")],
            ),
            (
                "Les fêtes vont du 28 décembre au 3 janvier 2025.",
                None,
                &[("du 28 décembre au 3 janvier 2025", "2024-12-28/2025-01-03")],
            ),
            (
                "Le sommet a eu lieu entre le 7 et le 11 mai 2025.",
                None,
                &[("entre le 7 et le 11 mai 2025", "2025-05-07/2025-05-11")],
            ),
            (
                "Jeudi et vendredi, les combats ont fait rage.",
                MON,
                &[("Jeudi et vendredi", "2025-05-08/2025-05-09")],
            ),
            (
                "Dans la nuit de mardi à mercredi, le camp a été attaqué.",
                Some("2025-05-14"),
                &[("Dans la nuit de mardi à mercredi", "2025-05-13/2025-05-14")],
            ),
            (
                "Les 7 et 8 mai 2025, les délégations ont négocié.",
                None,
                &[("7 et 8 mai 2025", "2025-05-07/2025-05-08")],
            ),
            (
                "De mai à juillet 2024, la saison sèche a duré.",
                None,
                &[("De mai à juillet 2024", "2024-05/2024-07")],
            ),
            (
                "Du lundi 5 au mercredi 7 mai 2025, le forum a siégé.",
                None,
                &[("Du lundi 5 au mercredi 7 mai 2025", "2025-05-05/2025-05-07")],
            ),
            (
                "Le mandat 2020-2023 est terminé.",
                None,
                &[("2020-2023", "2020/2023")],
            ),
            (
                "Dans la nuit du 3 au 4 mai 2025, une attaque a visé la base.",
                None,
                &[("Dans la nuit du 3 au 4 mai 2025", "2025-05-03/2025-05-04")],
            ),
        ],
    );
}

#[test]
fn french_non_dates() {
    check(
        "fr",
        &[
            ("Une force de 5000 hommes sera déployée.", None, &[]),
            ("Une force de 2000 hommes sera déployée.", None, &[]),
            ("Quelque 2 500 soldats ont été envoyés.", None, &[]),
            ("Environ 2020 personnes ont fui.", None, &[]),
            ("L'attaque a eu lieu à 7 h 30 du matin.", None, &[]),
            ("Le bilan fait état de 1999 morts.", None, &[]),
            ("La résolution 2085 autorise le déploiement.", None, &[]),
            ("Le 31 juin n'existe pas.", None, &[]),
            ("Le 29 février 2023 n'existe pas.", None, &[]),
            ("Il a 75 ans et vit à Gao.", None, &[]),
            ("La 3e région militaire a été renforcée.", None, &[]),
            ("Le maire de Gao a parlé en sept minutes.", None, &[]),
            ("Entre 2000 et 2050 soldats sont attendus.", None, &[]),
            ("De 7 à 11 ans, les enfants vont à l'école.", None, &[]),
            ("Le G5 Sahel a été dissous.", None, &[]),
            (
                "La référence 2020-08 n'est pas une date dans le texte.",
                None,
                &[],
            ),
            (
                "Les élections de 2020 et 2023 ont été annulées.",
                None,
                &[("2020", "2020"), ("2023", "2023")],
            ),
            ("Le vol 2020 a atterri.", None, &[]),
            ("Le score est de 20h30 à 22h.", None, &[]),
        ],
    );
}

#[test]
fn year_less_dates_across_a_year_boundary() {
    check(
        "fr",
        &[
            // An article of early January speaking of late December means the December before.
            (
                "L'attaque du 20 décembre a fait des victimes.",
                Some("2025-01-05"),
                &[("20 décembre", "2024-12-20")],
            ),
            // One of late December announcing early January means the January after.
            (
                "Le sommet du 5 janvier est confirmé.",
                Some("2024-12-20"),
                &[("5 janvier", "2025-01-05")],
            ),
            // Within six months ahead, the anchor's year stands.
            (
                "Le scrutin du 14 mai est confirmé.",
                Some("2025-03-01"),
                &[("14 mai", "2025-05-14")],
            ),
            // A leap day without year falls in the last leap year.
            (
                "Le 29 février, la frontière a rouvert.",
                Some("2025-03-10"),
                &[("29 février", "2024-02-29")],
            ),
        ],
    );
}

#[test]
fn english_dates() {
    check(
        "en",
        &[
            (
                "Keita resigned on August 18, 2020, after the mutiny.",
                None,
                &[("August 18, 2020", "2020-08-18")],
            ),
            (
                "The junta took power on 18 August 2020.",
                None,
                &[("18 August 2020", "2020-08-18")],
            ),
            (
                "The talks opened Aug. 18 in Bamako.",
                Some("2020-08-25"),
                &[("Aug. 18", "2020-08-18")],
            ),
            (
                "On Tuesday, gunmen attacked a checkpoint.",
                MON,
                &[("Tuesday", "2025-05-06")],
            ),
            (
                "Last Thursday, the minister flew to Moscow.",
                THU,
                &[("Last Thursday", "2025-03-27")],
            ),
            (
                "Next Friday, the council will vote.",
                MON,
                &[("Next Friday", "2025-05-16")],
            ),
            (
                "Fighters overran the base at the weekend.",
                MON,
                &[("at the weekend", "2025-05-10/2025-05-11")],
            ),
            (
                "Yesterday, the army said it repelled an attack.",
                MON,
                &[("Yesterday", "2025-05-11")],
            ),
            (
                "Troops withdrew last week from the base.",
                MON,
                &[("last week", "2025-05-05/2025-05-11")],
            ),
            (
                "The three states set up the alliance last September.",
                MON,
                &[("last September", "2024-09")],
            ),
            (
                "Traore toppled Kabore in January last year.",
                MON,
                &[("January last year", "2024-01")],
            ),
            (
                "In recent years the juntas have turned to Moscow.",
                MON,
                &[("recent years", "2022/2025")],
            ),
            (
                "The mission ended last month.",
                MON,
                &[("last month", "2025-04")],
            ),
            (
                "Earlier this month, talks stalled.",
                MON,
                &[("Earlier this month", "2025-05")],
            ),
            (
                "Two years ago, the coup shook the region.",
                MON,
                &[("Two years ago", "2023")],
            ),
            ("Elections were due in 2022.", None, &[("2022", "2022")]),
            (
                "The coup happened in August 2020.",
                None,
                &[("August 2020", "2020-08")],
            ),
            (
                "Fighting resumed in mid-August.",
                Some("2025-09-10"),
                &[("mid-August", "2025-08")],
            ),
            (
                "The vote is planned for early 2023.",
                None,
                &[("early 2023", "2023")],
            ),
            (
                "Between 2020 and 2023, three juntas seized power.",
                None,
                &[("Between 2020 and 2023", "2020/2023")],
            ),
            (
                "The forum ran from 7 to 11 May 2025.",
                None,
                &[("from 7 to 11 May 2025", "2025-05-07/2025-05-11")],
            ),
            (
                "The forum ran from 7 to 11 May.",
                MON,
                &[("from 7 to 11 May", "2025-05-07/2025-05-11")],
            ),
            (
                "On Thursday, April 3, the ministers met.",
                MON,
                &[("Thursday, April 3", "2025-04-03")],
            ),
            (
                "The forum ran from May 7 to 11, 2025.",
                None,
                &[("from May 7 to 11, 2025", "2025-05-07/2025-05-11")],
            ),
            (
                "The decree is dated 08/18/2020.",
                None,
                &[("08/18/2020", "2020-08-18")],
            ),
            (
                "The decree is dated 2020-08-19T08:45:00Z.",
                None,
                &[("2020-08-19", "2020-08-19")],
            ),
            (
                "He was sworn in on June 7th, 2021.",
                None,
                &[("June 7th, 2021", "2021-06-07")],
            ),
            (
                "Tuesday night, the base came under fire.",
                MON,
                &[("Tuesday night", "2025-05-06")],
            ),
            (
                "The attack came late Tuesday.",
                MON,
                &[("late Tuesday", "2025-05-06")],
            ),
            (
                "Sept. 16, 2023: the charter is signed.",
                None,
                &[("Sept. 16, 2023", "2023-09-16")],
            ),
        ],
    );
}

#[test]
fn english_non_dates() {
    check(
        "en",
        &[
            ("The junta may decide to march on the capital.", None, &[]),
            (
                "A force of 5,000 troops and 2000 soldiers was sent.",
                None,
                &[],
            ),
            ("The convoy left at 7:30 a.m. sharp.", None, &[]),
            ("Resolution 2085 set up the mission.", None, &[]),
            ("Some 2020 people fled the fighting.", None, &[]),
            ("In 2020 troops were sent north.", None, &[("2020", "2020")]),
            (
                "The 2023 elections were postponed.",
                None,
                &[("2023", "2023")],
            ),
        ],
    );
}

#[test]
fn the_anchor_is_the_publication_date_when_known() {
    let (_, anchor) = read_with("fr", "Jeudi, le 3 avril 2025, rien.", &ctx(MON));
    assert_eq!(anchor, Some(DatePoint::Day(day("2025-05-12"))));
}

#[test]
fn without_publication_date_the_text_dates_anchor_the_year_less_ones() {
    let text =
        "Le 3 avril 2025, les ministres ont signé. Le 14 août, ils se sont revus. Jeudi, rien.";
    let (m, anchor) = read_with("fr", text, &ctx(None));
    assert_eq!(anchor, Some(DatePoint::Day(day("2025-04-03"))));
    assert_eq!(m[1].0, "14 août");
    assert_eq!(m[1].1, "2025-08-14");
    assert!(m[1].3, "the year came from elsewhere");
    assert!(!m[0].3, "read whole from the text");
    assert_eq!(
        m[2].1, "2025-04-03",
        "a bare weekday against the inferred day"
    );
}

#[test]
fn background_and_future_dates_do_not_anchor() {
    let text = "Après le coup du 18 août 2020, puis le vote prévu le 3 mars 2027, la junte a signé le 3 avril 2025. Hier, rien.";
    // The first full date is background once the knowledge base says the article is from 2023
    // on; a date after today cannot be the article's time.
    let c = DateContext {
        earliest_year: Some(2023),
        ..ctx(None)
    };
    let (m, anchor) = read_with("fr", text, &c);
    assert_eq!(anchor, Some(DatePoint::Day(day("2025-04-03"))));
    assert_eq!(m.last().map(|r| r.1.as_str()), Some("2025-04-02"));
    // Without bounds, the lead's date anchors.
    let (_, anchor) = read_with("fr", text, &ctx(None));
    assert_eq!(anchor, Some(DatePoint::Day(day("2020-08-18"))));
    // Bare years never anchor: they are background in an undated article, and a year-less
    // date stays unresolved rather than be placed in one of them.
    let (m, anchor) = read_with(
        "fr",
        "Depuis 2012 et jusqu'en 2019, puis le 14 août.",
        &ctx(None),
    );
    assert_eq!(anchor, None);
    assert_eq!(m.last().map(|r| r.1.as_str()), Some("-"));
}

#[test]
fn a_weekday_fixes_the_year_of_a_year_less_date() {
    // 14 August fell on a Thursday in 2025, 2014 and 2008.
    let text = "Le jeudi 14 août, les ministres se sont réunis. Ce jeudi marque un tournant.";
    let (m, anchor) = read_with("fr", text, &ctx(None));
    assert_eq!(anchor, Some(DatePoint::Day(day("2025-08-14"))));
    assert_eq!(
        m[0],
        (
            "jeudi 14 août".to_string(),
            "2025-08-14".to_string(),
            Some(WeekdayName::Thursday),
            true
        )
    );
    assert_eq!(m[1].1, "2025-08-14");

    // Not after today: run in early 2025, the latest such Thursday is in 2014.
    let mut c = ctx(None);
    c.today = day("2025-03-01");
    let (m, _) = read_with("fr", text, &c);
    assert_eq!(m[0].1, "2014-08-14");

    // Within the knowledge base's bounds.
    let mut c = ctx(None);
    c.latest_year = Some(2013);
    let (m, _) = read_with("fr", text, &c);
    assert_eq!(m[0].1, "2008-08-14");

    // Bounds that no year fits leave the year unknown.
    let mut c = ctx(None);
    c.earliest_year = Some(2015);
    c.latest_year = Some(2018);
    let (m, anchor) = read_with("fr", text, &c);
    assert_eq!(anchor, None);
    assert_eq!(m[0].1, "-");
    assert_eq!(m[0].2, Some(WeekdayName::Thursday));
}

#[test]
fn relative_forms_without_any_anchor_keep_their_weekday_only() {
    let (m, anchor) = read_with(
        "fr",
        "Ce jeudi, les ministres se rendent à Moscou. Hier, rien.",
        &ctx(None),
    );
    assert_eq!(anchor, None);
    assert_eq!(
        m[0],
        (
            "Ce jeudi".to_string(),
            "-".to_string(),
            Some(WeekdayName::Thursday),
            true
        )
    );
    assert_eq!(m[1], ("Hier".to_string(), "-".to_string(), None, true));
}

#[test]
fn a_contradicting_weekday_keeps_the_day_number() {
    // 3 April 2025 is a Thursday, not a Wednesday.
    let (m, _) = read_with(
        "fr",
        "Mercredi 3 avril 2025, la délégation est arrivée.",
        &ctx(None),
    );
    assert_eq!(
        m[0],
        (
            "Mercredi 3 avril 2025".to_string(),
            "2025-04-03".to_string(),
            Some(WeekdayName::Wednesday),
            false
        )
    );
}

#[test]
fn a_month_publication_date_is_made_precise_by_a_day_inside_it() {
    let c = DateContext {
        published: Some(DatePoint::Month {
            year: 2025,
            month: 4,
        }),
        ..ctx(None)
    };
    let (m, anchor) = read_with(
        "fr",
        "Jeudi 3 avril 2025, Moscou. Hier, rien. Le 14 août aussi.",
        &c,
    );
    assert_eq!(
        anchor,
        Some(DatePoint::Month {
            year: 2025,
            month: 4
        })
    );
    assert_eq!(m[1].1, "2025-04-02");
    // Four months after an April publication date, a year-less August is last year's: news
    // reports the past (see AHEAD_DAYS).
    assert_eq!(m[2].1, "2024-08-14");
    // Without such a day, weekdays stay unplaced but months still resolve.
    let (m, _) = read_with("fr", "Jeudi, rien. Le mois dernier, tout.", &c);
    assert_eq!(m[0].1, "-");
    assert_eq!(m[1].1, "2025-03");
}

#[test]
fn publication_date_reads_datelines() {
    let f = finder();
    let dateline = |text: &str, start: usize, end: usize, lang: &str| {
        f.publication_date(
            text,
            &[NoiseSpan {
                span: Span::new(start, end),
                kind: NoiseKind::Dateline,
            }],
            lang,
        )
    };
    let t = "Titre\nPublié le lundi 12 mai 2025\nTexte du 3 avril 2024.";
    let s = t.find("Publié").unwrap();
    let e = s + "Publié le lundi 12 mai 2025".len();
    assert_eq!(
        dateline(t, s, e, "fr"),
        Some(DatePoint::Day(day("2025-05-12")))
    );
    let t = " date 2025-04 Le ministre (Photo /Agence)";
    assert_eq!(
        dateline(t, 0, t.len(), "fr"),
        Some(DatePoint::Month {
            year: 2025,
            month: 4
        })
    );
    let t = "Published on 3 April 2025 | Updated";
    assert_eq!(
        dateline(t, 0, t.len(), "en"),
        Some(DatePoint::Day(day("2025-04-03")))
    );
    // Site furniture in another language than the article's.
    assert_eq!(
        dateline(t, 0, t.len(), "fr"),
        Some(DatePoint::Day(day("2025-04-03")))
    );
    // The most precise date wins.
    let t = " date 2025-05 Publié le 12 mai 2025";
    assert_eq!(
        dateline(t, 0, t.len(), "fr"),
        Some(DatePoint::Day(day("2025-05-12")))
    );
    // Only dateline spans are read.
    let t = "Publié le 12 mai 2025";
    assert_eq!(
        f.publication_date(
            t,
            &[NoiseSpan {
                span: Span::new(0, t.len()),
                kind: NoiseKind::Byline
            }],
            "fr"
        ),
        None
    );
    assert_eq!(
        dateline(t, 0, 200, "fr"),
        None,
        "a span out of the text is skipped"
    );
}

#[test]
fn only_sentences_are_read() {
    let text = "Publié le 12 mai 2025. Le 3 avril 2025, la délégation est arrivée.";
    let start = text.find("Le 3").unwrap();
    let s = [Sentence {
        span: Span::new(start, text.len()),
        paragraph: 0,
        block: BlockKind::Body,
    }];
    let r = finder().find(text, &s, "fr", &ctx(None));
    assert_eq!(r.mentions.len(), 1);
    assert_eq!(r.mentions[0].span.slice(text), "3 avril 2025");
}

#[test]
fn unknown_language_gives_nothing_but_the_publication_date() {
    let r = finder().find("Le 3 avril 2025.", &[], "xx", &ctx(MON));
    assert!(r.mentions.is_empty());
    assert_eq!(r.anchor, Some(DatePoint::Day(day("2025-05-12"))));
}

#[test]
fn a_new_language_is_a_new_data_file() {
    let toy = r#"
numeric_orders = ["dmy"]
[months]
mei = 5
[weekdays]
donderdag = "thursday"
[relative_days]
gisteren = -1
"#;
    let res = Resources::empty().with_file("nl/dates.toml", toy);
    let f = DateFinder::load(&res).unwrap();
    let r = f.find("Op donderdag 8 mei 2025 en gisteren.", &[], "nl", &ctx(MON));
    let got: Vec<String> = r
        .mentions
        .iter()
        .map(|m| m.date.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(got, ["2025-05-08", "2025-05-11"]);
}

#[test]
fn a_user_file_extends_the_built_in_words() {
    let res = Resources::builtin().with_file(
        "fr/dates.toml",
        "[relative_days]\n\"avant-avant-hier\" = -3\n",
    );
    let f = DateFinder::load(&res).unwrap();
    let r = f.find("Avant-avant-hier, puis hier.", &[], "fr", &ctx(MON));
    let got: Vec<String> = r
        .mentions
        .iter()
        .map(|m| m.date.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(got, ["2025-05-09", "2025-05-11"]);
}

#[test]
fn bad_data_names_file_and_line() {
    let res = Resources::empty().with_file("fr/dates.toml", "[months]\njanvier = 1\nfoo = 13\n");
    let err = DateFinder::load(&res).unwrap_err().to_string();
    assert!(
        err.contains("fr/dates.toml") && err.contains(":3:"),
        "{err}"
    );
    let res = Resources::empty().with_file("fr/dates.toml", "[weekdays]\nlundi = \"mon\"\n");
    let err = DateFinder::load(&res).unwrap_err().to_string();
    assert!(err.contains(":2:") && err.contains("monday"), "{err}");
    let res = Resources::empty().with_file("fr/dates.toml", "colour = 3\n");
    assert!(DateFinder::load(&res).is_err());
}

#[test]
fn built_in_data_files_have_a_comment_header() {
    let res = Resources::builtin();
    for lang in ["fr", "en"] {
        for name in ["dates.toml", "quantities.toml"] {
            let path = format!("{lang}/{name}");
            let f = res
                .files(&path)
                .next()
                .unwrap_or_else(|| panic!("{path} is built in"));
            assert!(f.text.starts_with('#'), "{path} starts with a comment");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn find_never_panics_and_gives_sorted_in_bounds_spans(
        words in proptest::collection::vec(prop_oneof![
            Just("le".to_string()), Just("jeudi".to_string()), Just("14".to_string()), Just("août".to_string()),
            Just("2025".to_string()), Just("du".to_string()), Just("au".to_string()), Just("1er".to_string()),
            Just("entre".to_string()), Just("et".to_string()), Just("hier".to_string()), Just("il y a".to_string()),
            Just("deux".to_string()), Just("ans".to_string()), Just("/".to_string()), Just("-".to_string()),
            Just("sept.".to_string()), Just("mi-".to_string()), Just("dernier".to_string()), Just("May".to_string()),
            Just("31".to_string()), Just("2 500".to_string()), Just("Thursday".to_string()), Just(",".to_string()),
            "\\PC{0,6}",
        ], 0..14),
        glue in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("\u{202F}"), Just("\n")], 14),
        lang in prop_oneof![Just("fr"), Just("en")],
        cut in 0usize..200, published in proptest::option::of(0i64..4000),
    ) {
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            text.push_str(w);
            text.push_str(glue[i % glue.len()]);
        }
        let published = published.and_then(|n| day("2015-01-01").checked_add_signed(chrono::Duration::days(n))).map(DatePoint::Day);
        let c = DateContext { published, earliest_year: None, latest_year: None, today: day("2026-01-15") };
        // Sentences that may not fall on character boundaries, or reach past the text.
        let sentences = [
            Sentence { span: Span::new(0, cut.min(text.len())), paragraph: 0, block: BlockKind::Body },
            Sentence { span: Span::new(cut, text.len() + cut % 3), paragraph: 1, block: BlockKind::Body },
        ];
        for s in [&sentences[..], &[]] {
            let r = finder().find(&text, s, lang, &c);
            let mut last_end = 0;
            for m in &r.mentions {
                prop_assert!(m.span.start < m.span.end && m.span.end <= text.len());
                prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
                prop_assert!(m.span.start >= last_end, "sorted, not overlapping");
                last_end = m.span.end;
            }
            let noise = [NoiseSpan { span: Span::new(0, cut), kind: NoiseKind::Dateline }];
            let _ = finder().publication_date(&text, &noise, lang);
        }
    }
}

/// (covered text, elapsed) of every elapsed time in `text`.
fn elapsed(lang: &str, text: &str) -> Vec<(String, Option<Elapsed>)> {
    finder()
        .find(text, &[], lang, &ctx(MON))
        .mentions
        .iter()
        .filter(|m| m.date.is_none() && m.weekday.is_none())
        .map(|m| (m.span.slice(text).to_string(), m.elapsed))
        .collect()
}

/// A language, a sentence, and the (covered text, elapsed) pairs it must give.
type ElapsedCase<'a> = (&'a str, &'a str, &'a [(&'a str, Option<Elapsed>)]);

fn took(unit: ElapsedUnit, count: Option<u32>, shift: ElapsedShift) -> Option<Elapsed> {
    Some(Elapsed { unit, count, shift })
}

#[test]
fn elapsed_times_place_one_event_against_another() {
    use ElapsedShift::*;
    use ElapsedUnit::*;
    let cases: &[ElapsedCase] = &[
        (
            "en",
            "ECOWAS met four days after soldiers ousted the president.",
            &[("four days after", took(Day, Some(4), NextEarlier))],
        ),
        (
            "en",
            "The summit came weeks after a coup toppled him.",
            &[("weeks after", took(Week, None, NextEarlier))],
        ),
        (
            "en",
            "Talks were held two days before the vote.",
            &[("two days before", took(Day, Some(2), NextLater))],
        ),
        (
            "en",
            "Three days later, the army retook the town.",
            &[("Three days later", took(Day, Some(3), ClauseLater))],
        ),
        (
            "fr",
            "Huit mois après avoir renversé le président, il a été écarté.",
            &[("Huit mois après", took(Month, Some(8), NextEarlier))],
        ),
        (
            "fr",
            "Damiba avait pris le pouvoir huit mois plus tôt.",
            &[("huit mois plus tôt", took(Month, Some(8), ClauseEarlier))],
        ),
        (
            "fr",
            "Quelques semaines après l'attaque, la mission est partie.",
            &[("Quelques semaines après", took(Week, None, NextEarlier))],
        ),
        // Nothing placed: "after" leads on to no event, or the unit is a noun after an article.
        ("fr", "Dix ans après, la mission plie bagage.", &[]),
        ("en", "In the days after the attack, families fled.", &[]),
    ];
    let mut failures = Vec::new();
    for (lang, text, want) in cases {
        let got = elapsed(lang, text);
        let want: Vec<(String, Option<Elapsed>)> =
            want.iter().map(|(s, e)| (s.to_string(), *e)).collect();
        if got != want {
            failures.push(format!("{text:?}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn exact_and_named_dates() {
    check(
        "fr",
        &[(
            "Il y a un an jour pour jour, une mutinerie emportait le régime.",
            Some("2021-08-18"),
            &[("Il y a un an jour pour jour", "2020-08-18")],
        )],
    );
    check(
        "en",
        &[
            (
                "Protests were led by the June 5 Movement.",
                Some("2021-08-18"),
                &[],
            ),
            (
                "Leaders met on the June 5 ECOWAS summit.",
                Some("2021-08-18"),
                &[("June 5", "2021-06-05")],
            ),
            (
                "It ended on the June 5 deadline.",
                Some("2021-08-18"),
                &[("June 5", "2021-06-05")],
            ),
        ],
    );
}

#[test]
fn spans_with_a_vague_count_are_elapsed_times() {
    use ElapsedShift::*;
    use ElapsedUnit::*;
    assert_eq!(
        elapsed("en", "The coup followed months of protests."),
        vec![("months of".to_string(), took(Month, None, NextThrough))]
    );
    assert_eq!(
        elapsed("fr", "Après des mois de manifestations, il a démissionné."),
        vec![("mois de".to_string(), took(Month, None, NextThrough))]
    );
    assert!(elapsed("fr", "Il a été condamné à vingt ans de prison.").is_empty());
    check(
        "fr",
        &[(
            "Au mois de mai, la junte a signé.",
            Some("2021-08-18"),
            &[("mai", "2021-05")],
        )],
    );
}

#[test]
fn a_month_of_that_year_takes_the_year_of_the_date_before() {
    check(
        "en",
        &[(
            "MINUSMA left by the end of 2023, after Bamako demanded its departure in June of that year.",
            Some("2025-01-29"),
            &[
                ("the end of 2023", "2023"),
                ("June of that year", "2023-06"),
            ],
        )],
    );
    check(
        "fr",
        &[(
            "Le coup a eu lieu en 2021 ; en juin de la même année, Goïta était investi.",
            Some("2025-01-29"),
            &[("2021", "2021"), ("juin de la même année", "2021-06")],
        )],
    );
}
