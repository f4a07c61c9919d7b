//! Ingest against bad input, large input and the shared corpora, through the library API.
//!
//! Every failure must be one `IngestError` whose message is one line naming the file and the
//! reason; large inputs must be refused clearly or streamed; every form of the development
//! corpus and the seeds must ingest (those tests skip when `../shared` is absent).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use vigie::clean::Cleaner;
use vigie::ingest::{IngestError, IngestOptions, discover, open_source, read_source};
use vigie::model::{Article, SourceForm};
use vigie::resources::Resources;

/// The one result of reading a single-article file.
fn read_one(path: &Path) -> Result<Article, IngestError> {
    let mut out = read_source(path, &IngestOptions::default());
    assert_eq!(out.len(), 1, "one result for {}", path.display());
    out.remove(0)
}

/// Checks that `err` prints as one line that names `path` and contains `reason`.
fn assert_one_line(err: &IngestError, path: &Path, reason: &str) {
    let msg = err.to_string();
    assert_eq!(msg.lines().count(), 1, "one line: {msg:?}");
    assert!(
        msg.contains(&path.display().to_string()),
        "names the file: {msg}"
    );
    assert!(msg.contains(reason), "says {reason:?}: {msg}");
}

#[test]
fn an_empty_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in [("empty.txt", &b""[..]), ("blank.txt", b" \n\n\t \n")] {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        let err = read_one(&p).unwrap_err();
        assert!(matches!(err, IngestError::Empty { .. }), "{err:?}");
        assert_one_line(&err, &p, "empty file");
    }
}

#[test]
fn a_binary_file_is_refused_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("photo.txt");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..2048u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&p, &bytes).unwrap();
    let err = read_one(&p).unwrap_err();
    assert!(matches!(err, IngestError::Binary { .. }), "{err:?}");
    assert_one_line(&err, &p, "binary file");

    // The same in a JSON Lines file fails once for the whole file.
    let p = dir.path().join("dump.jsonl");
    std::fs::write(&p, &bytes).unwrap();
    let out = read_source(&p, &IngestOptions::default());
    assert_eq!(out.len(), 1);
    assert_one_line(out[0].as_ref().unwrap_err(), &p, "binary file");
}

#[test]
fn invalid_utf8_gives_the_byte_offset_and_is_not_converted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    // "Le général" written in Latin-1: é is the single byte 0xE9, at offset 6.
    std::fs::write(&p, b"Le gen\xE9ral a parl\xE9 hier.").unwrap();
    let err = read_one(&p).unwrap_err();
    match &err {
        IngestError::NotUtf8 {
            offset, line: None, ..
        } => assert_eq!(*offset, 6),
        other => panic!("{other:?}"),
    }
    assert_one_line(&err, &p, "not valid UTF-8 at byte 6");
}

#[test]
fn a_50_mb_article_file_is_refused_as_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.txt");
    let line = "Le conseil des ministres s'est réuni mercredi pour examiner le projet de loi de finances.\n";
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    let mut written = 0;
    while written < 50 * 1024 * 1024 {
        f.write_all(line.as_bytes()).unwrap();
        written += line.len();
    }
    f.flush().unwrap();
    drop(f);
    let start = Instant::now();
    let err = read_one(&p).unwrap_err();
    assert!(
        matches!(err, IngestError::TooLarge { limit, .. } if limit == 16 * 1024 * 1024),
        "{err:?}"
    );
    assert_one_line(&err, &p, "too large");
    assert!(
        start.elapsed().as_secs() < 5,
        "refused without reading it whole"
    );
}

#[test]
fn a_50_mb_json_lines_file_is_streamed_and_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("feed.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    let body = "Les ministres de la Défense se sont réunis dans la capitale pour discuter de la sécurité régionale et de la coopération militaire. ".repeat(8);
    let mut written = 0;
    let mut lines = 0usize;
    while written < 50 * 1024 * 1024 {
        let l = format!(
            "{{\"text\": \"Dépêche {lines}. {body}\", \"language\": \"fr\", \"published\": \"2024-05-0{}\"}}\n",
            lines % 9 + 1
        );
        f.write_all(l.as_bytes()).unwrap();
        written += l.len();
        lines += 1;
    }
    f.flush().unwrap();
    drop(f);
    assert!(std::fs::metadata(&p).unwrap().len() > 50 * 1024 * 1024);

    let mut count = 0;
    let mut last_name = String::new();
    for r in open_source(&p, &IngestOptions::default()) {
        let a = r.unwrap();
        assert_eq!(a.form, SourceForm::JsonLines);
        count += 1;
        last_name = a.name;
    }
    assert_eq!(count, lines);
    assert_eq!(last_name, format!("feed.jsonl:{lines}"));
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let (files, errors) = discover(std::slice::from_ref(&missing));
    assert!(files.is_empty());
    assert_eq!(errors.len(), 1);
    assert_one_line(&errors[0], &missing, "no such file or folder");
    let err = read_one(&missing.join("a.txt")).unwrap_err();
    assert_one_line(&err, &missing.join("a.txt"), "no such file or folder");
}

#[test]
fn a_folder_of_10000_small_files_is_discovered_and_read() {
    let dir = tempfile::tempdir().unwrap();
    for d in 0..100 {
        let sub = dir.path().join(format!("batch-{d:03}"));
        std::fs::create_dir(&sub).unwrap();
        for i in 0..100 {
            let text = format!(
                "title: Dépêche {d}-{i}\nlanguage: fr\n\nLe ministre a signé l'accord numéro {d}-{i} mardi à Niamey.\n"
            );
            std::fs::write(sub.join(format!("a-{i:03}.txt")), text).unwrap();
        }
    }
    std::fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
    let start = Instant::now();
    let (files, errors) = discover(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty());
    assert_eq!(files.len(), 10_000);
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "stable, sorted order");
    let mut ids = std::collections::HashSet::new();
    for f in &files {
        let a = read_one(f).unwrap();
        assert_eq!(a.form, SourceForm::HeaderBlock);
        ids.insert(a.id);
    }
    assert_eq!(ids.len(), 10_000, "distinct articles, distinct ids");
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

#[test]
fn every_failure_is_one_error_per_source_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a-good.txt"),
        "Le gouvernement a annoncé mardi un nouveau plan de sécurité.",
    )
    .unwrap();
    std::fs::write(d.join("b-empty.txt"), "").unwrap();
    std::fs::write(d.join("c-bad.txt"), b"caf\xE9").unwrap();
    std::fs::write(
        d.join("d-header.txt"),
        "title: x\npublished: someday\n\nTexte de l'article.",
    )
    .unwrap();
    std::fs::write(
        d.join("e-page.html"),
        "<html><body><nav><a href='/'>Accueil</a></nav></body></html>",
    )
    .unwrap();
    std::fs::write(
        d.join("f.jsonl"),
        "{\"text\": \"Premier article du flux.\"}\n[1, 2]\n{\"text\": \"Troisième article.\"}\n",
    )
    .unwrap();
    let (files, errors) = discover(&[d.to_path_buf()]);
    assert!(errors.is_empty());
    let results: Vec<(PathBuf, Result<Article, IngestError>)> = files
        .iter()
        .flat_map(|f| {
            read_source(f, &IngestOptions::default())
                .into_iter()
                .map(move |r| (f.clone(), r))
        })
        .collect();
    let oks = results.iter().filter(|(_, r)| r.is_ok()).count();
    assert_eq!(oks, 3);
    for (f, r) in &results {
        if let Err(e) = r {
            assert_one_line(e, f, "");
        }
    }
    let msgs: Vec<String> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("b-empty.txt") && m.contains("empty"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("c-bad.txt") && m.contains("UTF-8"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("d-header.txt:2") && m.contains("malformed header"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("e-page.html") && m.contains("no article text"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("f.jsonl:2") && m.contains("malformed JSON line"))
    );
}

/// `../shared/corpus/NAME`, or `None` (with a message) when the shared folder is absent.
fn corpus(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// The `key: value` header of a file, read here independently of the library.
fn header_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

#[test]
fn every_dev_corpus_file_ingests_with_its_header_fields() {
    let Some(dev) = corpus("dev") else { return };
    let (files, errors) = discover(&[dev]);
    assert!(errors.is_empty());
    assert!(
        files.len() >= 30,
        "the dev corpus has its articles ({})",
        files.len()
    );
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "txt" || e == "html")),
        "README.md is passed over"
    );
    for f in &files {
        let raw = std::fs::read_to_string(f).unwrap();
        let a = read_one(f).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.name, f.file_name().unwrap().to_string_lossy());
        assert!(
            a.language.as_deref() == Some("fr") || a.language.as_deref() == Some("en"),
            "{}: {:?}",
            a.name,
            a.language
        );
        let name_lang = if a.name.contains("-fr-") { "fr" } else { "en" };
        assert_eq!(a.language.as_deref(), Some(name_lang), "{}", a.name);
        if f.extension().is_some_and(|e| e == "html") {
            assert_eq!(a.form, SourceForm::Html, "{}", a.name);
        } else if raw.starts_with(|c: char| c.is_ascii_lowercase())
            && raw.lines().next().is_some_and(|l| l.contains(": "))
        {
            assert_eq!(a.form, SourceForm::HeaderBlock, "{}", a.name);
            for (k, v) in header_of(&raw) {
                let got = match k.as_str() {
                    "url" => a.url.clone(),
                    "title" => a.title.clone(),
                    "outlet" => a.outlet.clone(),
                    "language" => a.language.clone(),
                    "published" => {
                        assert_eq!(
                            a.published.map(|p| p.to_string()).as_deref(),
                            v.get(..10),
                            "{}",
                            a.name
                        );
                        continue;
                    }
                    _ => continue,
                };
                assert_eq!(got.as_deref(), Some(v.as_str()), "{}: {k}", a.name);
            }
            assert!(
                raw.ends_with(&a.text),
                "{}: the body is stored as in the file",
                a.name
            );
            assert!(!a.text.contains("\ntitle: ") && !a.text.starts_with("url:"));
        } else {
            assert_eq!(a.form, SourceForm::LooseText, "{}", a.name);
            assert_eq!(a.text, raw, "{}: loose text is stored whole", a.name);
            assert!(a.published.is_none());
        }
    }
}

#[test]
fn dev_html_pages_keep_the_article_and_drop_the_furniture() {
    let Some(dev) = corpus("dev") else { return };
    let (files, _) = discover(&[dev]);
    let pages: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(!pages.is_empty());
    let furniture = [
        "cookie",
        "Accueil",
        "Newsletter",
        "S’abonner",
        "Subscribe",
        "Mentions légales",
        "Tous droits réservés",
        "All rights reserved",
        "Partager",
        "WhatsApp",
        "Publicité",
        "PUBLICITÉ",
        "commentaires",
        "Most read",
        "À lire aussi",
        "Lire aussi",
        "Mots-clés",
        "Tags :",
        "min de lecture",
        "Lecture",
    ];
    for p in pages {
        let a = read_one(p).unwrap();
        let title = a
            .title
            .clone()
            .unwrap_or_else(|| panic!("{}: no title", a.name));
        assert!(
            a.text.starts_with(&format!("{title}\n\n")),
            "{}: headline first",
            a.name
        );
        assert!(
            a.published.is_some() && a.url.is_some() && a.outlet.is_some(),
            "{}: metadata",
            a.name
        );
        for word in furniture {
            assert!(
                !a.text.contains(word),
                "{}: furniture {word:?} left in the text",
                a.name
            );
        }
        assert!(
            a.text.split_whitespace().count() > 300,
            "{}: the body is there",
            a.name
        );
        assert!(
            !a.text.contains("\n\n\n") && !a.text.contains("  "),
            "{}: white space normalised",
            a.name
        );
        // Every paragraph of the page's body is kept: the longest <p> of the source is in the text.
        let raw = std::fs::read_to_string(p).unwrap();
        let longest = raw
            .split("<p")
            .skip(1)
            .filter_map(|s| {
                s.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</p>"))
                    .map(|(inner, _)| inner)
            })
            .filter(|inner| !inner.contains('<') && !inner.contains('&'))
            .max_by_key(|inner| inner.len())
            .unwrap();
        assert!(
            a.text.contains(longest.trim()),
            "{}: longest paragraph kept",
            a.name
        );
    }
}

#[test]
fn the_seeds_ingest_as_loose_text_and_clean_marks_their_furniture() {
    let Some(seeds) = corpus("seeds") else { return };
    let (files, errors) = discover(&[seeds]);
    assert!(errors.is_empty());
    assert_eq!(files.len(), 5);
    let cleaner = Cleaner::load(&Resources::builtin()).unwrap();
    for f in &files {
        let raw = std::fs::read_to_string(f).unwrap();
        let a = read_one(f).unwrap();
        assert_eq!(a.form, SourceForm::LooseText);
        assert_eq!(a.text, raw);
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert!(a.published.is_none(), "ingest reads no French dates");
        let noise = cleaner.clean(&a, "fr");
        // The first line of every seed is a headline, caption, date or breadcrumb line, and a
        // short last line is a signature.
        let first = raw.lines().find(|l| !l.trim().is_empty()).unwrap().trim();
        let last = raw
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap()
            .trim();
        let marked = |line: &str| noise.iter().any(|n| n.span.slice(&a.text) == line);
        assert!(marked(first), "{}: first line {first:?} marked", a.name);
        if last.split_whitespace().count() <= 5 {
            assert!(marked(last), "{}: last line {last:?} marked", a.name);
        }
    }
}

#[test]
fn the_same_article_re_saved_keeps_its_id() {
    let Some(dev) = corpus("dev") else { return };
    let (files, _) = discover(&[dev]);
    let f = files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    let a = read_one(f).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.txt");
    let raw = std::fs::read_to_string(f)
        .unwrap()
        .replace("\n\n", "\r\n\r\n  ");
    std::fs::write(&copy, raw).unwrap();
    assert_eq!(read_one(&copy).unwrap().id, a.id);
}
