use super::*;
use crate::model::{ActorMention, EventSummary, EventType, LinkVia, Span};
use crate::query::tests::{event, mention};
use proptest::prelude::*;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("vigie.db")).unwrap();
    (dir, store)
}

fn article(name: &str, text: &str) -> Article {
    Article {
        id: format!("id-{name}"),
        name: name.to_string(),
        source: format!("/tmp/{name}"),
        form: SourceForm::HeaderBlock,
        url: Some(format!("https://example.example/{name}")),
        title: Some("A title".to_string()),
        published: Some("2024-07-07".parse().unwrap()),
        language: Some("en".to_string()),
        outlet: Some(format!("Outlet of {name}")),
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

const TEXT: &str = "Mali and Russia signed an accord in Bamako. Lavrov praised the Malian partners. Mali \
                    welcomed it.";

fn analysis_of(text: &str) -> Analysis {
    Analysis {
        language: "en".to_string(),
        actors: vec![
            actor(text, "Mali", "MLI", EntityKind::State, "MLI"),
            actor(text, "Russia", "RUS", EntityKind::State, "RUS"),
            actor(text, "Lavrov", "sergey-lavrov", EntityKind::Person, "RUS"),
            actor(text, "Malian", "MLI", EntityKind::State, "MLI"),
            ActorMention {
                span: Span::new(text.rfind("Mali").unwrap(), text.rfind("Mali").unwrap() + 4),
                ..actor(text, "Mali", "MLI", EntityKind::State, "MLI")
            },
        ],
        ..Analysis::default()
    }
}

fn kb_names(id: &str) -> Option<String> {
    match id {
        "MLI" => Some("Mali".to_string()),
        "sergey-lavrov" => Some("Sergey Lavrov".to_string()),
        _ => None,
    }
}

fn store_article(store: &mut Store, name: &str, mentions: usize) -> Article {
    let a = article(name, TEXT);
    let ms: Vec<EventMention> = (0..mentions)
        .map(|_| {
            let mut m = mention(name, EventType::Support, Some("2024-07-06"));
            m.article_id = a.id.clone();
            m
        })
        .collect();
    assert!(
        store
            .insert_article(&a, &analysis_of(TEXT), &ms, kb_names)
            .unwrap()
    );
    a
}

#[test]
fn a_new_store_has_the_current_schema_in_wal_mode() {
    let (dir, store) = temp_store();
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    let mode: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert_eq!(store.counts().unwrap(), Counts::default());
    assert!(!store.events_dirty().unwrap());
    drop(store);
    // Opening again migrates nothing and keeps what is there.
    let store = Store::open(&dir.path().join("vigie.db")).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_error() {
    let (dir, store) = temp_store();
    store
        .conn
        .pragma_update(None, "user_version", CURRENT_VERSION + 1)
        .unwrap();
    drop(store);
    let err = Store::open(&dir.path().join("vigie.db")).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == CURRENT_VERSION + 1));
    assert!(err.to_string().contains("upgrade vigie"), "{err}");
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT);")
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    let not_sqlite = dir.path().join("notes.txt");
    std::fs::write(
        &not_sqlite,
        "just some words, not a database at all, long enough to check",
    )
    .unwrap();
    let err = Store::open(&not_sqlite).unwrap_err();
    assert!(
        err.to_string().contains("notes.txt"),
        "the error names the file: {err}"
    );
}

#[test]
fn an_ingest_writes_with_the_bulk_cache_and_gives_it_back() {
    let (_dir, mut store) = temp_store();
    let cache = |s: &Store| -> i64 {
        s.conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap()
    };
    let before = cache(&store);
    assert_ne!(before, BULK_CACHE_KIB);
    let (inside, stored) = store.with_ingest_cache(|s| (cache(s), store_article(s, "a.txt", 1)));
    assert_eq!(inside, BULK_CACHE_KIB);
    assert!(store.has_article(&stored.id).unwrap());
    assert_eq!(cache(&store), before);
}

#[test]
fn inserting_a_known_article_is_a_no_op() {
    let (_dir, mut store) = temp_store();
    let a = store_article(&mut store, "a.txt", 2);
    let before = store.counts().unwrap();
    let entities_before = store.entities(None).unwrap();
    assert!(store.has_article(&a.id).unwrap());
    assert!(
        !store
            .insert_article(&a, &analysis_of(TEXT), &[], kb_names)
            .unwrap()
    );
    assert_eq!(store.counts().unwrap(), before);
    assert_eq!(store.entities(None).unwrap(), entities_before);
    assert_eq!(
        before,
        Counts {
            articles: 1,
            event_mentions: 2,
            events: 0,
            entities: 3
        }
    );
}

#[test]
fn a_batch_counts_entities_as_articles_stored_one_at_a_time_do() {
    // The first article names Lavrov without a code, the second with one; "a" comes twice.
    let mut first = analysis_of(TEXT);
    first.actors[2].code = None;
    let mut second = analysis_of(TEXT);
    second.actors.truncate(3);
    let articles: Vec<Article> = ["a", "b", "a"].iter().map(|n| article(n, TEXT)).collect();
    let analyses = [&first, &second, &second];
    let records: Vec<ArticleRecord<'_>> = articles
        .iter()
        .zip(analyses)
        .map(|(article, analysis)| ArticleRecord {
            article,
            analysis,
            mentions: &[],
        })
        .collect();
    let (_dir, mut batched) = temp_store();
    batched.insert_articles(&records, kb_names).unwrap();
    let (_dir2, mut one_by_one) = temp_store();
    for r in &records {
        one_by_one
            .insert_article(r.article, r.analysis, r.mentions, kb_names)
            .unwrap();
    }
    let entities = batched.entities(None).unwrap();
    assert_eq!(entities, one_by_one.entities(None).unwrap());
    let mali = entities.iter().find(|e| e.id == "MLI").unwrap();
    assert_eq!((mali.mentions, mali.articles), (4, 2));
    let lavrov = entities.iter().find(|e| e.id == "sergey-lavrov").unwrap();
    assert_eq!(lavrov.code.as_deref(), Some("RUS"));
    assert_eq!((lavrov.mentions, lavrov.articles), (2, 2));
}

#[test]
fn entities_gather_their_aliases_over_articles() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 0);
    store_article(&mut store, "b.txt", 0);
    let entities = store.entities(None).unwrap();
    let mali = entities.iter().find(|e| e.id == "MLI").unwrap();
    assert_eq!(mali.name, "Mali");
    assert_eq!(mali.kind, EntityKind::State);
    assert_eq!((mali.mentions, mali.articles), (6, 2));
    assert_eq!(
        mali.aliases,
        vec![("Mali".to_string(), 4), ("Malian".to_string(), 2)]
    );
    assert_eq!(entities[0].id, "MLI", "most mentioned first");
    let persons = store.entities(Some(EntityKind::Person)).unwrap();
    assert_eq!(persons.len(), 1);
    assert_eq!(persons[0].name, "Sergey Lavrov");
    assert_eq!(persons[0].code.as_deref(), Some("RUS"));
    let russia = entities.iter().find(|e| e.id == "RUS").unwrap();
    assert_eq!(russia.name, "RUS", "no knowledge-base name: the id");
}

#[test]
fn an_article_is_stored_whole_or_not_at_all() {
    let (_dir, mut store) = temp_store();
    // Make the second mention's insert fail, after the article row and entities are written.
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER fail_second BEFORE INSERT ON event_mentions WHEN NEW.position = 1 \
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let a = article("a.txt", TEXT);
    let ms = vec![
        mention("a.txt", EventType::Support, None),
        mention("a.txt", EventType::Aid, None),
    ];
    let ms: Vec<EventMention> = ms
        .into_iter()
        .map(|m| EventMention {
            article_id: a.id.clone(),
            ..m
        })
        .collect();
    let err = store
        .insert_article(&a, &analysis_of(TEXT), &ms, kb_names)
        .unwrap_err();
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(store.counts().unwrap(), Counts::default());
    assert!(!store.has_article(&a.id).unwrap());
    assert!(
        !store.events_dirty().unwrap(),
        "the revision was not bumped either"
    );
    store
        .conn
        .execute_batch("DROP TRIGGER fail_second;")
        .unwrap();
    assert!(
        store
            .insert_article(&a, &analysis_of(TEXT), &ms, kb_names)
            .unwrap()
    );
    assert_eq!(store.counts().unwrap().event_mentions, 2);
}

#[test]
fn an_uncommitted_article_is_gone_after_the_process_dies() {
    let (dir, store) = temp_store();
    // A connection dropped mid-transaction is what a killed process leaves.
    store
        .conn
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO articles (id, name, source, form, text, ingested_at) \
             VALUES ('x', 'x.txt', 'x.txt', 'loose_text', 'text', 'now');",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("vigie.db")).unwrap();
    assert_eq!(store.counts().unwrap().articles, 0);
}

#[test]
fn the_dirty_flag_follows_mentions_and_resolves() {
    let (_dir, mut store) = temp_store();
    assert!(!store.events_dirty().unwrap());
    let a = store_article(&mut store, "a.txt", 1);
    assert!(store.events_dirty().unwrap());
    let (mentions, revision) = store.all_mentions().unwrap();
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].article_id, a.id);

    // Another article lands between reading the mentions and writing the events.
    let b = store_article(&mut store, "b.txt", 1);
    let mut e = event("ev-1", EventType::Support, Some("2024-07-06"), &[]);
    e.mentions = mentions;
    store.replace_events(&[e], revision).unwrap();
    assert!(
        store.events_dirty().unwrap(),
        "b.txt is not in the events yet"
    );

    let (mentions, revision) = store.all_mentions().unwrap();
    assert_eq!(mentions.len(), 2);
    let mut e = event("ev-1", EventType::Support, Some("2024-07-06"), &[]);
    e.mentions = mentions;
    store.replace_events(&[e.clone()], revision).unwrap();
    assert!(!store.events_dirty().unwrap());
    assert_eq!(store.counts().unwrap().events, 1);
    assert_eq!(store.event("ev-1").unwrap(), Some(e));
    assert_eq!(store.event("ev-2").unwrap(), None);
    let filter = EventFilter {
        article: Some(b.name.clone()),
        ..Default::default()
    };
    assert_eq!(store.events(&filter).unwrap().len(), 1);
}

#[test]
fn replacing_events_replaces_them_all() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 0);
    let (_, rev) = store.all_mentions().unwrap();
    let with_article = |id: &str| {
        let mut e = event(id, EventType::Consult, Some("2024-01-28"), &["a.txt"]);
        e.mentions[0].article_id = "id-a.txt".to_string();
        e
    };
    store
        .replace_events(&[with_article("e1"), with_article("e2")], rev)
        .unwrap();
    store.replace_events(&[with_article("e3")], rev).unwrap();
    let ids: Vec<String> = store
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, vec!["e3"]);
    let n: i64 = store
        .conn
        .query_row("SELECT count(*) FROM event_participants", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "participants of e1 and e2 are gone");
}

#[test]
fn replacing_events_rewrites_only_what_changed() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 0);
    let (_, rev) = store.all_mentions().unwrap();
    let with_article = |id: &str, date: &str| {
        let mut e = event(id, EventType::Consult, Some(date), &["a.txt"]);
        e.mentions[0].article_id = "id-a.txt".to_string();
        e
    };
    let rows = |store: &Store| -> Vec<(String, i64, Option<String>)> {
        store
            .conn
            .prepare("SELECT id, row, first_day FROM events ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let links = |store: &Store, table: &str| -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    let kept = with_article("kept", "2024-01-28");
    let changed = with_article("changed", "2024-01-28");
    store
        .replace_events(
            &[kept.clone(), changed, with_article("gone", "2024-01-28")],
            rev,
        )
        .unwrap();
    let before = rows(&store);
    // A marker only a rewrite would clear shows which rows were left alone.
    store
        .conn
        .execute("UPDATE events SET place = 'untouched'", [])
        .unwrap();
    let moved = with_article("changed", "2024-02-03");
    store
        .replace_events(
            &[
                kept.clone(),
                moved.clone(),
                with_article("new", "2024-03-01"),
            ],
            rev,
        )
        .unwrap();
    let after = rows(&store);
    let row_of = |rows: &[(String, i64, Option<String>)], id: &str| {
        rows.iter().find(|r| r.0 == id).map(|r| r.1)
    };
    assert_eq!(row_of(&after, "kept"), row_of(&before, "kept"));
    assert_eq!(row_of(&after, "changed"), row_of(&before, "changed"));
    assert_eq!(row_of(&after, "gone"), None);
    let place = |id: &str| -> Option<String> {
        store
            .conn
            .query_row("SELECT place FROM events WHERE id = ?1", [id], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(place("kept").as_deref(), Some("untouched"));
    assert_eq!(
        place("changed"),
        None,
        "the changed event was written again"
    );
    assert_eq!(store.event("changed").unwrap(), Some(moved));
    assert_eq!(store.event("kept").unwrap(), Some(kept));
    // Three events, each with its two participants and its one article, and nothing of "gone".
    assert_eq!(links(&store, "event_participants"), 6);
    assert_eq!(links(&store, "event_articles"), 3);
    let feb = EventFilter {
        actor: Some("MLI".into()),
        ..Default::default()
    }
    .since_point("2024-02".parse().unwrap());
    let ids: Vec<String> = store
        .events(&feb)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        ids,
        vec!["changed", "new"],
        "participant rows carry the new days"
    );
}

#[test]
fn events_sharing_an_id_are_all_kept() {
    let (_dir, mut store) = temp_store();
    let (_, rev) = store.all_mentions().unwrap();
    let e = event("dup", EventType::Consult, Some("2024-01-28"), &[]);
    store
        .replace_events(&[e.clone(), e.clone(), e], rev)
        .unwrap();
    let ids: Vec<String> = store
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, vec!["dup", "dup-2", "dup-3"]);
}

#[test]
fn articles_read_back() {
    let (_dir, mut store) = temp_store();
    let a = store_article(&mut store, "a.txt", 0);
    assert_eq!(store.article(&a.id).unwrap(), Some(a.clone()));
    assert_eq!(store.article("a.txt").unwrap(), Some(a.clone()));
    assert_eq!(store.article("nope.txt").unwrap(), None);
}

#[test]
fn actor_filter_goes_through_aliases_and_names() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 0);
    let (_, rev) = store.all_mentions().unwrap();
    let mut e = event("e1", EventType::Consult, Some("2024-02-01"), &[]);
    e.persons = vec!["sergey-lavrov".to_string()];
    let mut other = event("e2", EventType::Consult, Some("2024-02-01"), &[]);
    other.actors = vec!["FRA".to_string()];
    other.recipients = vec!["NER".to_string()];
    store.replace_events(&[e, other], rev).unwrap();
    let ids = |actor: &str| -> Vec<String> {
        let f = EventFilter {
            actor: Some(actor.to_string()),
            ..Default::default()
        };
        store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    };
    assert_eq!(ids("MLI"), vec!["e1"]);
    assert_eq!(ids("mli"), vec!["e1"], "codes ignore case");
    assert_eq!(ids("Malian"), vec!["e1"], "an alias seen in an article");
    assert_eq!(ids("Sergey Lavrov"), vec!["e1"], "a knowledge-base name");
    assert_eq!(ids("ner"), vec!["e2"]);
    assert!(ids("Wagner").is_empty());
}

#[test]
fn filtered_queries_use_indexes() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 0);
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let plans = [
        EventFilter {
            actor: Some("MLI".into()),
            ..Default::default()
        },
        EventFilter {
            since: Some(day("2024-01-01")),
            ..Default::default()
        },
        EventFilter {
            until: Some(day("2024-01-01")),
            ..Default::default()
        },
        EventFilter {
            event_type: Some(EventType::Assault),
            ..Default::default()
        },
        EventFilter {
            article: Some("a.txt".into()),
            ..Default::default()
        },
    ];
    for filter in plans {
        let plan = store.explain_events_query(&filter).unwrap().join("\n");
        // An actor's events are looked up from the list of their rows (`rarray`), read first
        // from the participants' index; the others are searched for on an index of theirs.
        assert!(
            plan.lines().any(|step| step.starts_with("SEARCH e USING")),
            "{filter:?}:\n{plan}"
        );
        if filter.actor.is_some() {
            assert!(
                plan.starts_with("SCAN a VIRTUAL TABLE"),
                "{filter:?}:\n{plan}"
            );
            assert!(
                plan.contains("SEARCH event_participants USING COVERING INDEX"),
                "{filter:?}:\n{plan}"
            );
        } else {
            assert!(plan.starts_with("SEARCH e USING"), "{filter:?}:\n{plan}");
        }
        assert!(
            !plan.contains("SCAN e\n") && !plan.ends_with("SCAN e"),
            "{filter:?}:\n{plan}"
        );
        assert!(
            !plan.contains("SCAN event_participants"),
            "{filter:?}:\n{plan}"
        );
        assert!(!plan.contains("SCAN articles"), "{filter:?}:\n{plan}");
        assert!(
            plan.contains("INDEX") || plan.contains("PRIMARY KEY"),
            "{filter:?}:\n{plan}"
        );
    }
}

/// The filters of the two commands `vigie bench --queries` times:
/// `vigie events --actor RUS --since 2025-01` and `vigie timeline --actor BFA`, plus an actor
/// given by name, which the store expands to several codes.
fn benchmarked_filters() -> [EventFilter; 3] {
    let [since, timeline] = crate::bench::queries::benchmarked_filters();
    let by_name = EventFilter {
        actor: Some("Mali".into()),
        ..Default::default()
    }
    .since_point(DatePoint::Month {
        year: 2025,
        month: 1,
    });
    [since, timeline, by_name]
}

/// The steps of `plan` that read a whole table of events or participants, or look events up
/// without an index.
fn unindexed_steps(plan: &[String]) -> Vec<&str> {
    plan.iter()
        .map(String::as_str)
        .filter(|step| {
            let on_events = step.starts_with("SCAN e") || step.starts_with("SEARCH e ");
            let on_participants = step.contains("event_participants");
            let indexed = step.starts_with("SEARCH ")
                && (step.contains(" INDEX ") || step.contains("PRIMARY KEY"));
            (on_events || on_participants) && !indexed
        })
        .collect()
}

/// True when the participants are searched by code and the date range on one index.
fn dates_on_the_participant_index(plan: &[String]) -> bool {
    plan.iter().any(|step| {
        step.starts_with("SEARCH event_participants USING ")
            && step.contains("INDEX")
            && step.contains("code=? AND last_day>?")
    })
}

#[test]
fn benchmarked_queries_look_events_up_through_indexes() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 1);
    let (_, rev) = store.all_mentions().unwrap();
    let events = [event("ev-1", EventType::Consult, Some("2025-02-03"), &[])];
    store.replace_events(&events, rev).unwrap();
    for filter in benchmarked_filters() {
        let plan = store.explain_events_query(&filter).unwrap();
        let shown = plan.join("\n");
        assert!(unindexed_steps(&plan).is_empty(), "{filter:?}:\n{shown}");
        assert!(
            plan.iter()
                .any(|s| s == "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)"),
            "events are looked up by their key: {filter:?}:\n{shown}"
        );
        if filter.since.is_some() {
            assert!(
                dates_on_the_participant_index(&plan),
                "the period narrows the index search, not each event: {filter:?}:\n{shown}"
            );
        }
    }
}

#[test]
fn the_plan_check_fails_when_the_participant_date_index_is_gone() {
    let (_dir, store) = temp_store();
    let [since, timeline, _] = benchmarked_filters();
    store
        .conn
        .execute_batch("DROP INDEX event_participants_by_code_last_day")
        .unwrap();
    assert!(!dates_on_the_participant_index(
        &store.explain_events_query(&since).unwrap()
    ));
    store
        .conn
        .execute_batch(
            "DROP TABLE event_participants; \
             CREATE TABLE event_participants (code TEXT, role TEXT, event_id TEXT, \
             event_row INTEGER, first_day TEXT, last_day TEXT)",
        )
        .unwrap();
    let plan = store.explain_events_query(&timeline).unwrap();
    assert!(!unindexed_steps(&plan).is_empty(), "{plan:?}");
}

#[test]
fn a_version_1_store_gets_dated_participants_keyed_by_event_then_is_resolved_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let e = event("ev-1", EventType::Consult, Some("2025-02"), &["a.txt"]);
    let mut conn = Connection::open(&path).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.execute(
        "INSERT INTO events (id, type, cameo, date, first_day, last_day, quad_class, \
         goldstein, place, mention_count, event) \
         VALUES ('ev-1', 'CONSULT', '036', '2025-02', '2025-02-01', '2025-02-28', 1, 1.0, \
         NULL, 1, ?1)",
        [to_json(&e, || "event".to_string()).unwrap()],
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO articles (id, name, source, form, text, analysis, ingested_at) \
         VALUES ('id-a.txt', 'a.txt', 'a.txt', 'header_block', '', '{}', '2025-03-01');
         INSERT INTO event_participants (code, role, event_id) VALUES ('RUS', 'actor', 'ev-1');
         INSERT INTO event_participants (code, role, event_id) \
         VALUES ('MLI', 'recipient', 'ev-1');
         INSERT INTO event_articles (article_id, event_id) VALUES ('id-a.txt', 'ev-1');",
    )
    .unwrap();
    // Versions 2 to 4 as `Store::open` applies them, one transaction each.
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for sql in &schema::MIGRATIONS[1..4] {
        let tx = conn.transaction().unwrap();
        tx.execute_batch(sql).unwrap();
        tx.commit().unwrap();
    }
    let rows: Vec<(String, i64, String, String)> = conn
        .prepare(
            "SELECT p.code, p.event_row - (SELECT row FROM events WHERE id = 'ev-1'), \
             p.first_day, p.last_day FROM event_participants p ORDER BY p.code",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let dated = |code: &str| {
        (
            code.to_string(),
            0,
            "2025-02-01".into(),
            "2025-02-28".into(),
        )
    };
    assert_eq!(rows, vec![dated("MLI"), dated("RUS")]);
    let count =
        |conn: &Connection, sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'v1_%' OR name LIKE 'v2_%'"
        ),
        0,
        "the tables of earlier versions are dropped"
    );
    {
        // Deleting the article still cascades to its event links in the rebuilt tables.
        let tx = conn.transaction().unwrap();
        tx.execute("DELETE FROM articles WHERE id = 'id-a.txt'", [])
            .unwrap();
        assert_eq!(count(&tx, "SELECT count(*) FROM event_articles"), 0);
    }
    conn.pragma_update(None, "user_version", 4).unwrap();
    drop(conn);

    // Version 5 drops the derived events and leaves the store due for a resolve, which
    // writes them again with their summaries.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    assert_eq!(store.event("ev-1").unwrap(), None);
    assert!(store.events_dirty().unwrap());
    for table in [
        "events",
        "event_summaries",
        "event_participants",
        "event_articles",
    ] {
        assert_eq!(
            count(&store.conn, &format!("SELECT count(*) FROM {table}")),
            0
        );
    }
}

#[test]
fn meta_values_round_trip() {
    let (_dir, store) = temp_store();
    assert_eq!(store.meta("demo").unwrap(), None);
    store.set_meta("demo", "1").unwrap();
    store.set_meta("demo", "2").unwrap();
    assert_eq!(store.meta("demo").unwrap().as_deref(), Some("2"));
}

#[test]
fn event_ids_can_be_found_by_prefix() {
    let (_dir, mut store) = temp_store();
    let (_, rev) = store.all_mentions().unwrap();
    let events: Vec<Event> = ["ev-aa1", "ev-aa2", "ev-b"]
        .iter()
        .map(|id| event(id, EventType::Consult, None, &[]))
        .collect();
    store.replace_events(&events, rev).unwrap();
    assert_eq!(
        store.event_ids_starting_with("ev-aa", 10).unwrap(),
        vec!["ev-aa1", "ev-aa2"]
    );
    assert_eq!(
        store.event_ids_starting_with("ev-aa", 1).unwrap(),
        vec!["ev-aa1"]
    );
    assert!(store.event_ids_starting_with("x", 10).unwrap().is_empty());
}

const TYPES: [EventType; 3] = [EventType::Consult, EventType::Assault, EventType::Sanction];
const CODES: [&str; 4] = ["MLI", "RUS", "FRA", "ECOWAS"];
const DATES: [&str; 6] = [
    "2023-12-22",
    "2024-01",
    "2024-01-28",
    "2024-07-06/2024-07-07",
    "2024",
    "none",
];
const DAYS: [&str; 4] = ["2023-12-31", "2024-01-28", "2024-07-07", "2024-12-31"];

fn arb_event(i: usize) -> impl Strategy<Value = Event> {
    (0..3usize, 0..6usize, 0..4usize, 0..4usize, 1..3usize).prop_map(move |(t, d, a, r, n)| {
        let date = (DATES[d] != "none").then_some(DATES[d]);
        let articles: Vec<&str> = ["a.txt", "b.txt"][..n].to_vec();
        let mut e = event(&format!("ev-{i:02}"), TYPES[t], date, &articles);
        e.actors = vec![CODES[a].to_string()];
        e.recipients = vec![CODES[r].to_string()];
        e
    })
}

fn arb_filter() -> impl Strategy<Value = EventFilter> {
    (
        proptest::option::of(0..4usize),
        proptest::option::of(0..3usize),
        proptest::option::of(0..4usize),
        proptest::option::of(0..4usize),
        proptest::option::of(0..2usize),
    )
        .prop_map(|(a, t, s, u, art)| EventFilter {
            actor: a.map(|i| CODES[i].to_lowercase()),
            event_type: t.map(|i| TYPES[i]),
            since: s.map(|i| DAYS[i].parse().unwrap()),
            until: u.map(|i| DAYS[i].parse().unwrap()),
            article: art.map(|i| ["a.txt", "id-b.txt"][i].to_string()),
            limit: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The SQL query and the in-memory filter agree on every combination of conditions.
    #[test]
    fn sql_filters_agree_with_the_filter_in_memory(
        events in (0..8usize).prop_flat_map(|n| (0..n).map(arb_event).collect::<Vec<_>>()),
        filter in arb_filter(),
        limit in proptest::option::of(0..4usize),
    ) {
        let (_dir, mut store) = temp_store();
        for name in ["a.txt", "b.txt"] {
            let a = article(name, "No actors here.");
            store.insert_article(&a, &Analysis::default(), &[], |_| None).unwrap();
        }
        let (_, rev) = store.all_mentions().unwrap();
        store.replace_events(&events, rev).unwrap();
        let mut expected: Vec<&Event> = events.iter().filter(|e| filter.matches(e)).collect();
        expected.sort_by(|a, b| crate::query::date_order(*a, *b));
        let expected: Vec<String> = expected.iter().map(|e| e.id.clone()).take(limit.unwrap_or(usize::MAX)).collect();
        // Every number of shards reads the same events.
        let mut all: Vec<&Event> = events.iter().filter(|e| filter.matches(e)).collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        let all: Vec<String> = all.iter().map(|e| e.id.clone()).collect();
        for shards in 1..=3 {
            let read_id = |r: &rusqlite::Row<'_>| -> Result<String, StoreError> { Ok(r.get(0)?) };
            let mut ids = store.found_events_in_shards(&filter, "e.id", "", &read_id, shards).unwrap();
            ids.sort();
            prop_assert_eq!(&ids, &all, "{} shards", shards);
        }
        let limited = EventFilter { limit, ..filter.clone() };
        let found = store.events(&limited).unwrap();
        let got: Vec<String> = found.iter().map(|e| e.id.clone()).collect();
        prop_assert_eq!(got, expected);
        // A list reads the same events, in the same order, from their summaries.
        let summaries: Vec<EventSummary> = found.iter().map(EventSummary::of).collect();
        prop_assert_eq!(&store.event_summaries(&limited, Evidence::Read).unwrap(), &summaries);
        let without: Vec<EventSummary> = summaries
            .into_iter()
            .map(|s| EventSummary { evidence: String::new(), ..s })
            .collect();
        prop_assert_eq!(store.event_summaries(&limited, Evidence::Left).unwrap(), without);
    }
}

#[test]
fn an_article_the_store_refuses_is_rolled_back_alone_and_the_batch_is_stored() {
    let (_dir, mut store) = temp_store();
    // A failure the store itself raises halfway through an article's rows (after its row in
    // `articles`, before its mentions), as a full disk or a constraint would.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER refuse AFTER INSERT ON event_mentions \
             WHEN NEW.article_id = 'id-b' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let names = ["a", "b", "c", "a"];
    let articles: Vec<Article> = names.iter().map(|n| article(n, TEXT)).collect();
    let mentions: Vec<Vec<EventMention>> = articles
        .iter()
        .map(|a| {
            let mut m = mention(&a.name, EventType::Support, Some("2024-07-06"));
            m.article_id = a.id.clone();
            vec![m.clone(), m]
        })
        .collect();
    let analysis = analysis_of(TEXT);
    let records: Vec<ArticleRecord<'_>> = articles
        .iter()
        .zip(&mentions)
        .map(|(article, mentions)| ArticleRecord {
            article,
            analysis: &analysis,
            mentions,
        })
        .collect();
    let results = store.insert_articles(&records, kb_names).unwrap();
    let outcome: Vec<Option<bool>> = results.iter().map(|r| r.as_ref().ok().copied()).collect();
    // The second "a" is the first one again: known, not stored twice.
    assert_eq!(outcome, [Some(true), None, Some(true), Some(false)]);
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.event_mentions), (2, 4));
    assert!(!store.has_article("id-b").unwrap());
    assert!(store.events_dirty().unwrap());
    // Without the failure, the same batch writes all three in one go.
    let (_dir, mut clean) = temp_store();
    let results = clean.insert_articles(&records, kb_names).unwrap();
    let outcome: Vec<Option<bool>> = results.iter().map(|r| r.as_ref().ok().copied()).collect();
    assert_eq!(outcome, [Some(true), Some(true), Some(true), Some(false)]);
    assert_eq!(clean.counts().unwrap().event_mentions, 6);
}

/// Every index the schema defines, as its SQL.
fn index_definitions(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_first_resolve_builds_the_link_indexes_after_its_rows_and_a_later_one_keeps_them() {
    let (_dir, mut store) = temp_store();
    store_article(&mut store, "a.txt", 2);
    let schema = index_definitions(&store);
    let resolve = |store: &mut Store, ids: &[&str]| {
        let plan = store.resolve_plan().unwrap();
        let kind = plan.kinds[0].clone();
        let resolved: Vec<Result<ResolvedEvent, StoreError>> = ids
            .iter()
            .map(|id| {
                let event = crate::query::tests::event(
                    id,
                    EventType::Support,
                    Some("2024-07-06"),
                    &["a.txt"],
                );
                Ok(ResolvedEvent {
                    kind: kind.clone(),
                    event,
                    mention_rows: vec![1],
                })
            })
            .collect();
        store.write_resolved(&plan, resolved).unwrap();
    };
    resolve(&mut store, &["e1", "e2"]);
    assert_eq!(index_definitions(&store), schema);
    let check: String = store
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "every index holds every row");
    let by_actor = EventFilter {
        actor: Some("MLI".into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .event_summaries(&by_actor, Evidence::Read)
            .unwrap()
            .len(),
        2
    );
    // Events stored already: the indexes are kept and written row by row.
    store_article(&mut store, "b.txt", 1);
    resolve(&mut store, &["e1", "e3"]);
    assert_eq!(index_definitions(&store), schema);
    let ids: Vec<String> = store
        .event_summaries(&by_actor, Evidence::Read)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, ["e1", "e3"]);
}

#[test]
fn a_version_6_store_keeps_its_mentions_under_their_rows_without_the_article_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let reports = [
        mention("a.txt", EventType::Consult, Some("2025-02-03")),
        mention("a.txt", EventType::Consult, None),
    ];
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for sql in &schema::MIGRATIONS[..6] {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(sql).unwrap();
            tx.commit().unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (id, name, source, form, text, ingested_at) \
             VALUES ('id-a.txt', 'a.txt', 'a.txt', 'header_block', '', '2025-03-01');",
        )
        .unwrap();
        for (row, (position, m)) in [(7, (0, &reports[0])), (9, (1, &reports[1]))] {
            conn.execute(
                "INSERT INTO event_mentions (id, article_id, position, type, cameo, modality, \
                 mention) VALUES (?1, 'id-a.txt', ?2, 'CONSULT', '036', 'asserted', ?3)",
                params![row, position, to_json(m, || "mention".to_string()).unwrap()],
            )
            .unwrap();
        }
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    assert_eq!(
        store.mentions_at(&[7, 9]).unwrap(),
        reports.to_vec(),
        "each mention stays under its row, which events refer to"
    );
    let indexes: Vec<String> = store
        .conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'event_mentions'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(indexes, vec!["event_mentions_by_kind"]);
    let old: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'v6_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0, "the table of version 6 is dropped");
}

proptest! {
    #[test]
    fn codes_read_without_a_json_parser_are_those_serde_json_reads(
        codes in proptest::collection::vec("\\PC{0,6}|[\",\\\\ \\[\\]]{0,4}|[A-Z]{2,6}", 0..4)
    ) {
        let json = serde_json::to_string(&codes).unwrap();
        match plain_codes(&json) {
            Some(read) => prop_assert_eq!(read, codes),
            None => prop_assert!(json.contains('\\'), "{json} is plain yet was not read"),
        }
    }
}

#[test]
fn plain_codes_leave_what_is_not_as_serde_json_writes_it_to_the_parser() {
    assert_eq!(
        plain_codes(r#"["MLI","RUS"]"#),
        Some(vec!["MLI".into(), "RUS".into()])
    );
    assert_eq!(plain_codes("[]"), Some(Vec::new()));
    assert_eq!(plain_codes(r#"["MLI", "RUS"]"#), None);
    assert_eq!(plain_codes(r#"["A\"B"]"#), None);
    assert_eq!(plain_codes("MLI"), None);
}
