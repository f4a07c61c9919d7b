//! Constructions of news prose read end to end, one short article each: what the pipeline
//! makes of a verb frame, a date form or a list, as "TYPE actors→recipients date" lines. The
//! sentences are written for these tests (no corpus text), each standing for a construction
//! the press uses.

use std::sync::OnceLock;

use vigie::model::{Article, SourceForm};
use vigie::pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(None).unwrap_or_else(|e| panic!("{e}")))
}

/// What the pipeline extracts from a one-paragraph article in `lang` published on `published`.
fn mentions(lang: &str, published: &str, text: &str) -> Vec<vigie::model::EventMention> {
    let article = Article {
        id: vigie::ingest::article_id(text),
        name: "construction.txt".into(),
        source: "construction.txt".into(),
        form: SourceForm::HeaderBlock,
        url: None,
        title: None,
        published: Some(published.parse().expect("test date")),
        language: Some(lang.into()),
        outlet: None,
        text: text.into(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("today");
    pipeline().analyse(&article, today).1
}

/// The events of such an article, as "TYPE actors→recipients date" lines.
fn events(lang: &str, published: &str, text: &str) -> Vec<String> {
    mentions(lang, published, text)
        .iter()
        .map(|m| {
            format!(
                "{} {}→{} {}",
                m.event_type.as_str(),
                m.actors.join(","),
                m.recipients.join(","),
                m.date.map_or("?".to_string(), |d| d.to_string())
            )
        })
        .collect()
}

/// The events of such an article that it reports as happened, planned or denied (scoring
/// leaves hypothetical ones out), as "TYPE actors" lines.
fn reported_events(lang: &str, published: &str, text: &str) -> Vec<String> {
    mentions(lang, published, text)
        .iter()
        .filter(|m| m.modality != vigie::model::Modality::Hypothetical)
        .map(|m| format!("{} {}", m.event_type.as_str(), m.actors.join(",")))
        .collect()
}

/// Asserts that some line starts with `prefix` and ends with `suffix` ("" for any).
fn assert_any(got: &[String], prefix: &str, suffix: &str) {
    assert!(
        got.iter()
            .any(|g| g.starts_with(prefix) && g.ends_with(suffix)),
        "wanted a line {prefix:?}…{suffix:?} among {got:?}"
    );
}

/// Asserts that no line starts with `prefix` and ends with `suffix` ("" for any).
fn assert_none(got: &[String], prefix: &str, suffix: &str) {
    assert!(
        !got.iter()
            .any(|g| g.starts_with(prefix) && g.ends_with(suffix)),
        "wanted no line {prefix:?}…{suffix:?} among {got:?}"
    );
}

fn assert_has(got: &[String], want: &str) {
    assert!(
        got.iter().any(|g| g == want),
        "wanted {want:?} among {got:?}"
    );
}

#[test]
fn days_after_an_event_place_it_before_the_sentence_date() {
    let got = events(
        "en",
        "2022-01-28",
        "ECOWAS suspended Burkina Faso on Friday, four days after soldiers ousted President Roch Kabore.",
    );
    assert_has(&got, "SANCTION ECOWAS→BFA 2022-01-28");
    assert_has(&got, "COERCE BFA→BFA 2022-01-24");
}

#[test]
fn months_earlier_give_a_range_of_months() {
    let got = events(
        "fr",
        "2022-10-01",
        "Huit mois après avoir lui-même renversé Roch Marc Christian Kaboré, le lieutenant-colonel Damiba a été chassé du pouvoir.",
    );
    assert_has(&got, "COERCE BFA→BFA 2022-01/2022-02");
}

#[test]
fn a_vague_elapsed_time_leaves_the_event_undated() {
    let got = events(
        "en",
        "2024-07-07",
        "The summit came weeks after a coup in Niamey toppled President Mohamed Bazoum.",
    );
    assert!(
        got.iter().all(|g| !g.ends_with("2024-07-07")),
        "the coup is not on the summit's day: {got:?}"
    );
}

#[test]
fn coordinated_dates_give_one_event_each() {
    let got = events(
        "en",
        "2023-06-30",
        "Mali's junta, which seized power in coups in August 2020 and May 2021, says little.",
    );
    assert_has(&got, "COERCE MLI→MLI 2020-08");
    assert_has(&got, "COERCE MLI→MLI 2021-05");
}

#[test]
fn dates_of_an_embedded_clause_are_not_the_main_verb_s() {
    let got = events(
        "fr",
        "2023-06-30",
        "Le Mali, qui a connu deux coups d'État en août 2020 et en mai 2021, a expulsé l'ambassadeur de France.",
    );
    assert_has(&got, "COERCE MLI→MLI 2020-08");
    assert_has(&got, "COERCE MLI→MLI 2021-05");
    assert_any(&got, "SANCTION MLI→FRA", "2023-06-30");
}

#[test]
fn an_elapsed_time_in_an_embedded_clause_places_that_clause_only() {
    let got = events(
        "fr",
        "2023-01-20",
        "Au Burkina Faso, le capitaine Traoré a renversé en septembre 2022 le lieutenant-colonel Damiba, qui avait lui-même pris le pouvoir huit mois plus tôt.",
    );
    assert_has(&got, "COERCE BFA→BFA 2022-09");
    assert_has(&got, "COERCE BFA→BFA 2021-12/2022-01");
}

#[test]
fn a_possessive_in_the_trigger_stands_for_the_one_named_before() {
    let got = events(
        "en",
        "2025-01-29",
        "The UN mission in Mali, MINUSMA, left by the end of 2023 after Bamako demanded its departure in June of that year.",
    );
    assert_has(&got, "SANCTION MLI→MINUSMA 2023-06");
}

#[test]
fn taking_a_town_is_seizing_it_from_its_holder() {
    let got = events(
        "fr",
        "2023-11-15",
        "Le 14 novembre, l'armée malienne a repris Kidal aux rebelles du CSP.",
    );
    assert_any(&got, "COERCE MLI→", "");
    let got = events(
        "en",
        "2023-11-15",
        "On Tuesday the Malian army retook Kidal from separatist rebels.",
    );
    assert_any(&got, "COERCE MLI→", "");
}

#[test]
fn one_standing_alongside_the_subject_is_on_neither_side() {
    let got = events(
        "en",
        "2022-01-29",
        "Soldiers ousted President Roch Kabore on Monday in Burkina Faso. \
         On Tuesday France stood alongside ECOWAS in condemning the takeover.",
    );
    assert_has(&got, "ACCUSE FRA→BFA 2022-01-25");
}

#[test]
fn the_coup_refers_to_the_seizure_of_power_not_to_an_arrest() {
    let got = events(
        "en",
        "2022-01-29",
        "Soldiers ousted President Roch Kabore on Monday in Burkina Faso. \
         ECOWAS leaders called for his release on Friday, and the bloc's police detained two \
         protesters. On Saturday the United Nations condemned the coup.",
    );
    assert_has(&got, "ACCUSE UN→BFA 2022-01-29");
}

#[test]
fn a_demonym_on_a_flag_is_not_a_party() {
    let got = events(
        "en",
        "2022-01-26",
        "Several hundred people rallied in Ouagadougou on Tuesday, some waving Russian flags.",
    );
    assert_has(&got, "PROTEST BFA→BFA 2022-01-25");
    let got = events(
        "fr",
        "2022-01-26",
        "Mardi, des centaines de personnes se sont rassemblées à Ouagadougou en brandissant des drapeaux russes.",
    );
    assert_has(&got, "PROTEST BFA→BFA 2022-01-25");
}

#[test]
fn forces_between_a_verb_and_its_particle_pull_out() {
    let got = events(
        "en",
        "2023-01-22",
        "In August 2022 France pulled its troops out of neighbouring Mali.",
    );
    assert_has(&got, "RETREAT FRA→MLI 2022-08");
}

#[test]
fn the_end_of_an_operation_is_a_withdrawal() {
    let got = events(
        "fr",
        "2021-08-18",
        "Emmanuel Macron avait annoncé, le 10 juin, la fin de l'opération Barkhane.",
    );
    assert_has(&got, "RETREAT FRA→ 2021-06-10");
}

#[test]
fn a_warning_of_withdrawal_is_a_threat_said_now() {
    let got = events(
        "en",
        "2021-05-30",
        "On Saturday President Emmanuel Macron warned that he would pull French forces out if Mali drifted towards radical Islamism.",
    );
    assert_has(&got, "THREATEN FRA→MLI 2021-05-29");
}

#[test]
fn a_capital_naming_a_summit_or_an_accord_is_not_a_party() {
    let got = events(
        "en",
        "2021-05-30",
        "On Saturday, before the Accra summit, France criticised Mali.",
    );
    assert_has(&got, "ACCUSE FRA→MLI 2021-05-29");
    let got = events(
        "fr",
        "2024-01-26",
        "Le Mali a dénoncé jeudi l'accord d'Alger.",
    );
    assert_has(&got, "SANCTION MLI→ 2024-01-25");
}

#[test]
fn a_non_finite_verb_shares_the_subject_of_the_sentence() {
    let got = events(
        "fr",
        "2023-06-17",
        "Le Mali a obtenu en 2022 le départ des forces françaises, après avoir exigé leur retrait.",
    );
    assert_has(&got, "SANCTION MLI→FRA 2022");
}

#[test]
fn an_agent_far_after_the_trigger_belongs_to_another_participle() {
    let got = events(
        "fr",
        "2022-01-31",
        "Lundi dernier, Bamako avait exigé le départ du contingent danois, une centaine de soldats arrivés en renfort du groupement de forces spéciales piloté par la France.",
    );
    assert_has(&got, "SANCTION MLI→DNK 2022-01-24");
}

#[test]
fn taking_someone_on_is_criticising_them() {
    let got = events(
        "fr",
        "2023-02-08",
        "En mai 2022, Sergueï Lavrov s'en était pris à la « mentalité coloniale » de Paris.",
    );
    assert_has(&got, "ACCUSE RUS→FRA 2022-05");
}

#[test]
fn months_earlier_count_from_the_date_said_before_the_trigger() {
    let got = events(
        "fr",
        "2023-01-25",
        "Le capitaine Traoré a pris le pouvoir le 30 septembre en renversant Paul-Henri Sandaogo Damiba, \
         lui-même arrivé aux affaires par le putsch qui avait chassé le président Roch Marc Christian Kaboré huit mois plus tôt.",
    );
    assert_has(&got, "COERCE BFA→BFA 2022-09-30");
    assert_has(&got, "COERCE BFA→BFA 2022-01/2022-02");
}

#[test]
fn a_date_inside_a_reported_clause_is_the_reported_event_s() {
    let got = events(
        "en",
        "2025-05-15",
        "JNIM said on Thursday that its fighters had killed 200 soldiers in Djibo at the weekend.",
    );
    assert_has(&got, "ASSAULT JNIM→BFA 2025-05-10/2025-05-11");
}

#[test]
fn a_subject_right_before_its_verb_acts_though_another_opens_the_sentence() {
    let got = events(
        "en",
        "2022-02-18",
        "Bamako expelled the French ambassador at the end of January, and ECOWAS imposed sanctions on Mali on Jan. 9.",
    );
    assert_any(&got, "COERCE ECOWAS→", "2022-01-09");
}

#[test]
fn what_demonstrators_demand_is_their_protest() {
    let got = events(
        "en",
        "2023-01-22",
        "On Friday protesters rallied in Ouagadougou to demand the departure of French troops.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("PROTEST "), "{got:?}");
}

#[test]
fn a_deadline_does_not_date_the_demand() {
    let got = events(
        "fr",
        "2022-10-03",
        "Samedi, l'Union africaine a appelé au retour à l'ordre constitutionnel au plus tard en juillet 2024.",
    );
    assert_has(&got, "REQUEST AU→ 2022-10-01");
}

#[test]
fn a_council_or_commission_of_a_named_body_is_not_the_last_organisation() {
    let got = events(
        "fr",
        "2022-10-03",
        "La CEDEAO s'est réunie vendredi. Samedi, le président de la Commission de l'Union africaine, \
         Moussa Faki Mahamat, a condamné le putsch au Burkina Faso.",
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("ACCUSE AU→") && !g.contains("ECOWAS")),
        "{got:?}"
    );
}

#[test]
fn borders_kept_closed_and_trade_frozen_are_sanctions() {
    let got = events(
        "fr",
        "2020-08-21",
        "Jeudi, la CEDEAO a confirmé que les frontières des pays membres demeurent fermées et que les échanges avec le Mali sont gelés.",
    );
    assert_any(&got, "COERCE ECOWAS→MLI", "");
    let got = events(
        "en",
        "2022-01-29",
        "On Jan. 9, ECOWAS suspended most trade with Mali.",
    );
    assert_has(&got, "COERCE ECOWAS→MLI 2022-01-09");
}

#[test]
fn telling_residents_to_leave_is_a_demand_not_an_expulsion() {
    let got = events(
        "en",
        "2025-05-13",
        "On Monday a JNIM commander urged the residents of Djibo in Burkina Faso to leave the town.",
    );
    assert_none(&got, "SANCTION", "");
    assert_any(&got, "REQUEST JNIM→", "");
}

#[test]
fn asking_a_state_to_replace_its_envoy_is_a_sanction_on_it() {
    let got = events(
        "fr",
        "2023-01-22",
        "Fin décembre, Ouagadougou avait demandé à Paris de le remplacer.",
    );
    assert_has(&got, "SANCTION BFA→FRA 2022-12");
}

#[test]
fn awaiting_clarifications_is_asking_for_them() {
    let got = events(
        "en",
        "2023-01-23",
        "On Sunday Emmanuel Macron said he was awaiting clarifications from Burkina Faso's transitional president.",
    );
    assert_any(&got, "REQUEST FRA→BFA", "");
}

#[test]
fn giving_in_under_pressure_is_conceding() {
    let got = events(
        "fr",
        "2021-08-18",
        "Sous la pression de la CEDEAO, la junte malienne avait fini par accepter, en septembre 2020, l'installation d'un président civil.",
    );
    assert_any(&got, "CONCEDE MLI→", "2020-09");
    let got = events(
        "en",
        "2021-06-08",
        "In September 2020 the Malian junta agreed under ECOWAS pressure to serve under civilian leaders.",
    );
    assert_any(&got, "CONCEDE MLI→", "2020-09");
}

#[test]
fn a_participle_with_its_date_between_commas_keeps_that_date_to_itself() {
    let got = events(
        "en",
        "2024-01-10",
        "On Dec. 28 Russia's embassy in Ouagadougou, shut in 1992, opened its doors again.",
    );
    assert_any(&got, "SUPPORT RUS", "2023-12-28");
    assert_none(&got, "", "1992");
}

#[test]
fn a_clitic_before_a_quote_keeps_its_construction() {
    let got = events(
        "fr",
        "2024-01-20",
        "Mardi, le Niger et la Russie avaient convenu d’« intensifier » leurs actions communes.",
    );
    assert_has(&got, "AGREE NER,RUS→ 2024-01-16");
}

#[test]
fn reserving_the_right_to_self_defence_is_a_threat() {
    let got = events(
        "en",
        "2022-08-17",
        "On Monday Mali said it reserved the right to self-defence against France.",
    );
    assert_any(&got, "THREATEN MLI→FRA", "");
}

#[test]
fn following_suit_repeats_the_act_before_by_others() {
    let got = events(
        "fr",
        "2024-07-08",
        "En mai 2022, Bamako avait claqué la porte du G5 Sahel ; Ouagadougou et Niamey l’ont imité en décembre 2023.",
    );
    assert_any(&got, "SANCTION BFA,NER→G5_SAHEL", "2023-12");
    let got = events(
        "en",
        "2024-07-08",
        "Mali quit the G5 Sahel in May 2022. Burkina Faso and Niger followed suit in December 2023.",
    );
    assert_any(&got, "SANCTION BFA,NER→G5_SAHEL", "2023-12");
    // A verb after the phrase says what was done, and is read instead.
    let got = events(
        "en",
        "2021-06-08",
        "ECOWAS demanded a civilian prime minister on May 30. The African Union followed suit on June 1, suspending Mali.",
    );
    assert_any(&got, "SANCTION AU→MLI", "");
    assert_none(&got, "REQUEST AU", "");
}

#[test]
fn the_items_of_a_list_take_the_subject_that_opens_it() {
    let article_text = "La CEDEAO s'est réunie samedi à Abuja.\n\n\
        Dans son communiqué final, la Conférence des chefs d'État et de gouvernement :\n\
        – décide de lever les sanctions économiques visant la Guinée ;\n\
        – décide de lever les restrictions au recrutement de ressortissants maliens ;";
    let got = events("fr", "2024-02-25", article_text);
    assert_any(&got, "RETREAT ECOWAS→GIN", "");
    assert_any(&got, "CONCEDE ECOWAS→MLI", "");
    assert_none(&got, "MOBILIZE", "");
}

#[test]
fn an_international_organisation_takes_no_part_in_a_state_s_own_act() {
    let got = events(
        "fr",
        "2022-10-01",
        "Au Burkina Faso, la CEDEAO a condamné vendredi cette prise de pouvoir, un coup de force qu’elle juge « inopportun ».",
    );
    assert_none(&got, "COERCE ECOWAS", "");
}

#[test]
fn attack_helicopters_and_combat_capacity_are_no_attack() {
    let got = events(
        "fr",
        "2023-02-08",
        "Le 9 août 2022, l'armée malienne avait reçu de la Russie des avions de chasse et des hélicoptères d'attaque.",
    );
    assert_none(&got, "ASSAULT", "");
    let got = events(
        "fr",
        "2023-02-08",
        "Mardi, la Russie a promis d'aider l'armée malienne à renforcer ses capacités de combat.",
    );
    assert_none(&got, "ASSAULT", "");
}

#[test]
fn an_embedded_clause_does_not_absorb_the_main_verb() {
    let got = events(
        "fr",
        "2020-08-21",
        "Le M5-RFP, qui a mené depuis juin la fronde contre le président malien, appelle ses partisans à se rassembler ce vendredi à Bamako.",
    );
    assert_any(&got, "PROTEST MLI", "2020-08-21");
}

#[test]
fn a_day_after_a_capitalised_noun_and_du_is_part_of_its_name() {
    let got = events(
        "fr",
        "2020-08-21",
        "Vendredi, le Mouvement du 5 juin a manifesté à Bamako. Le coup d'État du 18 août avait renversé le président malien.",
    );
    assert_none(&got, "", "2020-06-05");
    assert_any(&got, "COERCE MLI→MLI 2020-08-18", "");
}

#[test]
fn the_day_after_a_named_event_is_not_a_day_after_the_paragraph_date() {
    let got = events(
        "fr",
        "2023-09-17",
        "Le 16 septembre 2022, les ministres ont visité Niamey. Dès le lendemain du sommet d'Abuja, \
         Bamako et Ouagadougou avaient averti que toute intervention militaire contre le Niger serait une déclaration de guerre.",
    );
    assert_none(&got, "", "2022-09-17");
}

#[test]
fn a_rule_of_a_charter_is_no_happening() {
    let reported = reported_events(
        "fr",
        "2023-09-17",
        "Samedi, le Mali, le Burkina Faso et le Niger ont signé une charte. Toute atteinte à la souveraineté \
         d'une Partie sera considérée comme une agression contre les autres.",
    );
    assert_none(&reported, "ASSAULT", "");
    // A condition said inside the trigger's own words does not make the trigger hypothetical.
    let got = events(
        "fr",
        "2023-08-01",
        "Lundi, Bamako et Ouagadougou ont averti que toute intervention militaire contre le Niger serait une déclaration de guerre.",
    );
    assert_any(&got, "THREATEN", "2023-07-31");
}

#[test]
fn crediting_a_partnership_with_success_is_praise() {
    let got = events(
        "fr",
        "2023-07-29",
        "Vendredi, Assimi Goïta a attribué au partenariat militaire avec la Russie les succès de son armée.",
    );
    assert_any(&got, "SUPPORT MLI→RUS", "");
}

#[test]
fn a_protest_said_to_go_on_another_day_is_marked_as_that_days() {
    let fr = mentions(
        "fr",
        "2022-10-03",
        "Pour la deuxième journée consécutive, dimanche, des manifestants se sont rassemblés devant l'ambassade de France à Niamey.",
    );
    assert!(fr.iter().any(|m| m.repeated), "{fr:?}");
    let en = mentions(
        "en",
        "2022-10-03",
        "Protesters gathered outside the French embassy in Niamey on Sunday for a second straight day.",
    );
    assert!(en.iter().any(|m| m.repeated), "{en:?}");
    let once = mentions(
        "en",
        "2022-10-03",
        "Protesters gathered outside the French embassy in Niamey on Sunday.",
    );
    assert!(
        !once.is_empty() && once.iter().all(|m| !m.repeated),
        "{once:?}"
    );
}
