use super::*;

fn builtin() -> Kb {
    Kb::load(&Resources::builtin()).expect("built-in knowledge base loads")
}

fn day(s: &str) -> Option<DatePoint> {
    Some(s.parse().unwrap())
}

#[test]
fn builtin_kb_has_every_state_and_the_sahel_towns() {
    let kb = builtin();
    assert_eq!(kb.states().len(), 250);
    let mli = kb.state("MLI").unwrap();
    assert_eq!(mli.name_fr, "Mali");
    assert!(mli.dem_fr_fp.iter().any(|d| d == "maliennes"));
    assert!(mli.un_member);
    let rus = kb.state("RUS").unwrap();
    assert_eq!(rus.capital_fr.as_deref(), Some("Moscou"));
    assert!(rus.aliases.iter().any(|a| a == "Fédération de Russie"));
    let bfa = kb.state("BFA").unwrap();
    assert!(bfa.demonyms("fr").contains(&"burkinabè") || bfa.demonyms("fr").contains(&"burkinabé"));
    assert_eq!(kb.capital_place("RUS").unwrap().name, "Moscow");
    assert_eq!(kb.capital_place("BFA").unwrap().name, "Ouagadougou");
    let timbuktu = kb.places().iter().find(|p| p.name == "Timbuktu").unwrap();
    assert!(timbuktu.alternates.iter().any(|a| a == "Tombouctou"));
    assert_eq!(timbuktu.country, "MLI");
    let djibo = kb.place(2361177).unwrap();
    assert_eq!(
        (djibo.name.as_str(), djibo.country.as_str()),
        ("Djibo", "BFA")
    );
}

#[test]
fn entities_say_what_they_count_as() {
    let kb = builtin();
    let code = |id: &str| kb.entity(id).and_then(|e| e.code);
    assert_eq!(code("sergey-lavrov").as_deref(), Some("RUS"));
    assert_eq!(code("FAMA").as_deref(), Some("MLI"));
    assert_eq!(code("BARKHANE").as_deref(), Some("FRA"));
    assert_eq!(code("VDP").as_deref(), Some("BFA"));
    assert_eq!(code("KREMLIN").as_deref(), Some("RUS"));
    assert_eq!(code("ECOWAS").as_deref(), Some("ECOWAS"));
    assert_eq!(code("CMA").as_deref(), Some("FLA"));
    assert_eq!(code("MLI").as_deref(), Some("MLI"));
    assert_eq!(kb.entity("JNIM").unwrap().kind, EntityKind::ArmedGroup);
    assert_eq!(kb.entity("MLI").unwrap().kind, EntityKind::State);
    assert_eq!(kb.entity("assimi-goita").unwrap().kind, EntityKind::Person);
    assert!(kb.entity("nobody-at-all").is_none());
    // A person's other id leads to the same person.
    assert_eq!(
        kb.entity("jean-emmanuel-ouedraogo").unwrap().id,
        "rimtalba-jean-emmanuel-ouedraogo"
    );
}

#[test]
fn every_gold_slug_is_a_known_person() {
    let slugs = "abdoulaye-diop abdoulaye-maiga abdourahamane-tiani adam-nere akodah-ayewouadan \
        alexander-fomin alexey-likhachev alexey-saltykov ali-mahaman-lamine-zeine alousseni-sanou \
        alpha-conde amadou-toumani-toure andrei-belousov anne-claire-legendre antonio-guterres \
        assimi-goita bah-ndaw bassirou-diomaye-faye bola-tinubu boubou-cisse celestin-simpore \
        charles-michel choguel-kokalla-maiga dmitry-patrushev el-ghassim-wane emmanuel-macron \
        fatoumata-kaba faure-gnassingbe goodluck-jonathan ibrahim-boubacar-keita ibrahim-traore \
        igor-gromyko ismael-wague issa-konfourou j-peter-pham jean-emmanuel-ouedraogo \
        jean-yves-le-drian jeppe-kofod joel-meyer karamoko-jean-marie-traore louis-lecacheur \
        luc-hallade macky-sall mahamadou-issoufou mahamadou-sana mahmoud-dicko mamady-doumbouya \
        maria-zakharova mike-pompeo moctar-ouane mohamed-bazoum moussa-faki-mahamat moussa-timbine \
        nana-akufo-addo nandy-some-diallo olivia-rouamba omar-alieu-touray ousmane-dicko \
        patrice-talon paul-henri-sandaogo-damiba rimtalba-jean-emmanuel-ouedraogo \
        robert-lucien-jean-claude-kargougou roch-marc-christian-kabore sadio-camara salifou-mody \
        sebastien-lecornu sergey-lavrov shirley-ayorkor-botchwey sidsore-kader-ouedraogo \
        simon-pierre-boussim souleymane-doucoure vladimir-putin yakubu-gowon yunus-bek-yevkurov";
    let kb = builtin();
    for s in slugs.split_whitespace() {
        assert!(kb.person(s).is_some(), "{s} missing");
    }
}

#[test]
fn holders_change_with_the_date() {
    let kb = builtin();
    let holder = |role: &str, state: &str, d: &str| kb.holder(role, state, day(d)).map(|e| e.id);
    assert_eq!(
        holder("defence_minister", "BFA", "2022-05-10").as_deref(),
        Some("barthelemy-simpore")
    );
    assert_eq!(
        holder("defence_minister", "BFA", "2024-03-01").as_deref(),
        Some("kassoum-coulibaly")
    );
    assert_eq!(
        holder("defence_minister", "BFA", "2025-03-01").as_deref(),
        Some("celestin-simpore")
    );
    assert_eq!(
        holder("defence_minister", "RUS", "2023-06-01").as_deref(),
        Some("sergei-shoigu")
    );
    assert_eq!(
        holder("defence_minister", "RUS", "2025-04-03").as_deref(),
        Some("andrei-belousov")
    );
    assert_eq!(
        holder("foreign_minister", "RUS", "2025-04-03").as_deref(),
        Some("sergey-lavrov")
    );
    assert_eq!(
        holder("head_of_state", "NER", "2023-01-01").as_deref(),
        Some("mohamed-bazoum")
    );
    assert_eq!(
        holder("head_of_state", "NER", "2024-01-01").as_deref(),
        Some("abdourahamane-tiani")
    );
    assert_eq!(
        holder("head_of_state", "MLI", "2021-01-10").as_deref(),
        Some("bah-ndaw")
    );
    assert_eq!(
        holder("ecowas_commission_president", "ECOWAS", "2024-02-24").as_deref(),
        Some("omar-alieu-touray")
    );
    // The day of a hand-over goes to the newcomer; a year to whoever held most of it.
    assert_eq!(
        holder("defence_minister", "MLI", "2021-05-24").as_deref(),
        Some("souleymane-doucoure")
    );
    let year = kb
        .holder("defence_minister", "RUS", Some(DatePoint::Year(2024)))
        .map(|e| e.id);
    assert_eq!(year.as_deref(), Some("andrei-belousov"));
    // Without a date, whoever is in office now; unknown offices give nothing.
    assert_eq!(
        kb.holder("foreign_minister", "RUS", None).unwrap().id,
        "sergey-lavrov"
    );
    assert!(
        kb.holder("foreign_minister", "XXX", day("2024-01-01"))
            .is_none()
    );
    assert!(
        kb.holder("defence_minister", "RUS", day("1990-01-01"))
            .is_none()
    );
}

#[test]
fn active_years_bound_organisations_and_persons() {
    let kb = builtin();
    assert_eq!(kb.active_years("AES"), Some((Some(2023), None)));
    assert_eq!(kb.active_years("MINUSMA"), Some((Some(2013), Some(2023))));
    assert_eq!(kb.active_years("andrei-belousov"), Some((Some(2020), None)));
    assert_eq!(
        kb.active_years("mohamed-bazoum"),
        Some((Some(2021), Some(2023)))
    );
    assert_eq!(kb.active_years("MLI"), None);
    assert_eq!(kb.active_years("issa-konfourou"), None);
}

#[test]
fn name_indexes_fold_case_and_accents() {
    let kb = builtin();
    let ids = |v: Vec<&Person>| v.into_iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(kb.persons_named("serguei lavrov")), ["sergey-lavrov"]);
    assert_eq!(ids(kb.persons_named("ibk")), ["ibrahim-boubacar-keita"]);
    assert_eq!(ids(kb.persons_with_surname("goita")), ["assimi-goita"]);
    assert_eq!(
        ids(kb.persons_with_surname("le drian")),
        ["jean-yves-le-drian"]
    );
    assert!(
        kb.persons_with_surname("traore").len() >= 2,
        "several Traorés"
    );
    assert!(kb.given_names().iter().any(|g| g == "Sergueï"));
    assert!(kb.given_names().iter().any(|g| g == "Moussa"));
}

#[test]
fn a_user_folder_adds_persons_aliases_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("kb")).unwrap();
    std::fs::write(
        dir.path().join("kb/persons.toml"),
        r#"
[[person]]
id = "sergey-lavrov"
aliases = ["S. V. Lavrov"]

[[person]]
id = "amina-toure-test"
name = "Amina Touré-Test"
code = "SEN"
roles = [{ role = "foreign_minister", state = "SEN", start = "2031-01-01" }]
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kb/organisations.toml"),
        "[[organisation]]\nid = \"ECOWAS\"\nnames = [\"Communauté ouest-africaine\"]\n",
    )
    .unwrap();
    let res = Resources::builtin().with_user_dir(dir.path()).unwrap();
    let kb = Kb::load(&res).unwrap();
    let lavrov = kb.person("sergey-lavrov").unwrap();
    assert!(lavrov.aliases.iter().any(|a| a == "S. V. Lavrov"));
    assert_eq!(
        lavrov.name, "Sergueï Lavrov",
        "an entry without a name keeps the old one"
    );
    assert_eq!(lavrov.roles.len(), 1);
    assert_eq!(
        kb.holder("foreign_minister", "SEN", day("2031-06-01"))
            .unwrap()
            .id,
        "amina-toure-test"
    );
    let ecowas = kb.organisation("ECOWAS").unwrap();
    assert!(
        ecowas
            .names
            .iter()
            .any(|n| n == "Communauté ouest-africaine")
    );
    assert!(ecowas.names.iter().any(|n| n == "CEDEAO"));
    assert_eq!(ecowas.founded, Some("1975-05-28".parse().unwrap()));
}

#[test]
fn errors_name_the_file_and_line() {
    let res = Resources::empty().with_file("kb/persons.toml", "[[person]]\nid = \"x-y\"\nname = \"X Y\"\nroles = [\n  { role = \"r\", state = \"MLI\", start = \"2020-13\" },\n]\n");
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(err.starts_with("kb/persons.toml (added):5:"), "{err}");

    let res = Resources::empty().with_file(
        "kb/persons.toml",
        "[[person]]\nid = \"Not A Slug\"\nname = \"X\"\n",
    );
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(err.contains(":2:") && err.contains("slug"), "{err}");

    let res = Resources::empty().with_file(
        "kb/organisations.toml",
        "[[organisation]]\nid = \"FOO\"\nkind = \"club\"\n",
    );
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(err.contains(":3:") && err.contains("club"), "{err}");

    let res = Resources::empty().with_file(
        "kb/organisations.toml",
        "[[organisation]]\nid = \"FOO\"\nkind = \"state_body\"\n",
    );
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(err.contains("counts_as"), "{err}");

    let res = Resources::empty().with_file("kb/states.tsv", "id\tname_fr\nmali\tMali\n");
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(err.starts_with("kb/states.tsv (added):2:"), "{err}");

    let res = Resources::empty().with_file(
        "kb/places.tsv",
        "geonameid\tname\tcountry\tlat\tlon\n12\tX\tMLI\tnorth\t1\n",
    );
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(err.contains(":2:") && err.contains("lat"), "{err}");

    let res = Resources::empty().with_file(
        "kb/persons.toml",
        "[[person]]\nid = \"a-b\"\nname = \"A B\"\ncolour = \"red\"\n",
    );
    let err = Kb::load(&res).unwrap_err().to_string();
    assert!(
        err.contains("kb/persons.toml") && err.contains("colour"),
        "{err}"
    );
}

#[test]
fn organisations_know_when_they_existed() {
    let kb = builtin();
    let mali_cnsp = kb.organisation("CNSP_MLI").unwrap();
    let niger_cnsp = kb.organisation("CNSP_NER").unwrap();
    let d = "2023-08-10".parse().unwrap();
    assert!(!mali_cnsp.active_at(d));
    assert!(niger_cnsp.active_at(d));
    assert!(mali_cnsp.active_at(DatePoint::Year(2020)));
}

/// The generated files are what the script makes of the shared data: re-running it must not
/// change them (skipped when ../shared or python3 is absent).
#[test]
fn generated_files_match_the_build_script() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/countries/countries.json");
    if !shared.exists() {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(root.join("scripts/build_kb.py"))
        .arg("--out")
        .arg(out.path())
        .status();
    let Ok(status) = status else {
        eprintln!("skipped: python3 is not available");
        return;
    };
    assert!(status.success());
    for f in ["states.tsv", "places.tsv"] {
        let made = std::fs::read_to_string(out.path().join(f)).unwrap();
        let kept = std::fs::read_to_string(root.join("data/kb").join(f)).unwrap();
        assert!(
            made == kept,
            "data/kb/{f} differs from what scripts/build_kb.py makes: re-run it"
        );
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a user's file holds, loading gives a knowledge base or an error, never a
        /// panic.
        #[test]
        fn loading_any_user_text_is_safe(text in "(\\PC|\t|\n){0,200}", which in 0usize..5) {
            let path = ["kb/states.tsv", "kb/places.tsv", "kb/organisations.toml", "kb/persons.toml", "kb/given_names.txt"][which];
            let res = Resources::empty().with_file(path, text);
            let _ = Kb::load(&res);
        }

        #[test]
        fn loading_tsv_rows_of_fields_is_safe(rows in proptest::collection::vec(proptest::collection::vec("[A-Za-z0-9.|é -]{0,8}", 0..9), 0..6)) {
            let body: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
            for header in ["id\tname_fr\tname_en\taliases\tun_member", "geonameid\tname\tcountry\tpopulation\tlat\tlon\talternate_names"] {
                let text = format!("{header}\n{}\n", body.join("\n"));
                let res = Resources::empty().with_file("kb/states.tsv", text.clone()).with_file("kb/places.tsv", text);
                let _ = Kb::load(&res);
            }
        }
    }
}
