//! Each stage of the pipeline alone, on a few of the sample articles shipped in `samples/`:
//! `cargo bench --bench stages` (add `-- --quick` for a short run).
//!
//! Every benchmark's input is the previous stage's output, computed once before timing, so a
//! figure is the cost of that stage and nothing else.

use std::hint::black_box;
use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

use vigie::ingest::{self, IngestOptions};
use vigie::link::Linker;
use vigie::model::{Analysis, Article, EventMention, NoiseSpan, Sentence};
use vigie::pipeline::Pipeline;
use vigie::recognise::dates::DateContext;
use vigie::recognise::names::NameHit;
use vigie::resolve::resolve;
use vigie::store::Store;

/// One article of each form and language the samples show, two of them reporting the same
/// event (so resolve has mentions to merge).
const SAMPLES: [&str; 4] = [
    "fr-niamey-traite-confederation.txt",
    "en-sahel-juntas-sign-confederation.txt",
    "fr-barsalogho-attaque-jnim.txt",
    "en-barsalogho-toll-600.html",
];

/// The day the benchmarks pretend Vigie runs, fixed so every run reads the same dates.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("a valid day")
}

/// What every stage before the one timed produced, for one article.
struct Prepared {
    article: Article,
    lang: String,
    noise: Vec<NoiseSpan>,
    sentences: Vec<Sentence>,
    hits: Vec<NameHit>,
    analysis: Analysis,
    mentions: Vec<EventMention>,
}

fn sample_paths() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    SAMPLES.iter().map(|name| dir.join(name)).collect()
}

fn read_samples() -> Vec<Article> {
    let opts = IngestOptions::default();
    sample_paths()
        .iter()
        .flat_map(|p| ingest::read_source(p, &opts))
        .map(|a| a.expect("the sample articles read"))
        .collect()
}

fn prepare(pipeline: &Pipeline) -> Vec<Prepared> {
    read_samples()
        .into_iter()
        .map(|article| {
            let lang = pipeline.language_of(&article);
            let noise = pipeline.cleaner().clean(&article, &lang);
            let sentences = pipeline.segmenter().segment(&article.text, &noise, &lang);
            let hits = pipeline
                .name_finder()
                .find(&article.text, &sentences, &lang);
            let (analysis, mentions) = pipeline.analyse(&article, today());
            Prepared {
                article,
                lang,
                noise,
                sentences,
                hits,
                analysis,
                mentions,
            }
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::load(None).expect("the built-in data loads");
    let prepared = prepare(&pipeline);
    let all_mentions: Vec<EventMention> = prepared
        .iter()
        .flat_map(|p| p.mentions.iter().cloned())
        .collect();

    {
        let mut load = c.benchmark_group("load");
        // Loading compiles every automaton and takes long enough that ten samples suffice.
        load.sample_size(10);
        load.bench_function("Pipeline::load", |b| {
            b.iter(|| Pipeline::load(None).expect("the built-in data loads"))
        });
        load.finish();
    }

    let opts = IngestOptions::default();
    let paths = sample_paths();
    c.bench_function("ingest", |b| {
        b.iter(|| {
            for path in &paths {
                black_box(ingest::read_source(path, &opts));
            }
        })
    });

    c.bench_function("clean", |b| {
        b.iter(|| {
            for p in &prepared {
                black_box(pipeline.cleaner().clean(&p.article, &p.lang));
            }
        })
    });

    c.bench_function("segment", |b| {
        b.iter(|| {
            for p in &prepared {
                black_box(
                    pipeline
                        .segmenter()
                        .segment(&p.article.text, &p.noise, &p.lang),
                );
            }
        })
    });

    c.bench_function("recognise/names", |b| {
        b.iter(|| {
            for p in &prepared {
                black_box(
                    pipeline
                        .name_finder()
                        .find(&p.article.text, &p.sentences, &p.lang),
                );
            }
        })
    });

    c.bench_function("recognise/dates", |b| {
        b.iter(|| {
            for p in &prepared {
                let ctx = DateContext {
                    published: p.article.published,
                    earliest_year: None,
                    latest_year: None,
                    today: today(),
                };
                black_box(pipeline.date_finder().find(
                    &p.article.text,
                    &p.sentences,
                    &p.lang,
                    &ctx,
                ));
            }
        })
    });

    c.bench_function("link", |b| {
        let linker = Linker::new(&pipeline.kb);
        b.iter(|| {
            for p in &prepared {
                black_box(linker.link(&p.article.text, &p.hits, p.article.published));
            }
        })
    });

    c.bench_function("extract", |b| {
        b.iter(|| {
            for p in &prepared {
                black_box(pipeline.extractor().extract(
                    &p.article,
                    &p.analysis,
                    &pipeline.kb,
                    &pipeline.cameo,
                ));
            }
        })
    });

    c.bench_function("resolve", |b| {
        b.iter_batched(
            || all_mentions.clone(),
            |mentions| resolve(mentions, &pipeline.cameo),
            BatchSize::SmallInput,
        )
    });

    c.bench_function("store/insert_article", |b| {
        let entity_name = |id: &str| pipeline.kb.entity(id).map(|e| e.name);
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let store = Store::open(&dir.path().join("bench.db")).expect("a new store");
                (dir, store)
            },
            |(dir, mut store)| {
                for p in &prepared {
                    store
                        .insert_article(&p.article, &p.analysis, &p.mentions, entity_name)
                        .expect("the article is stored");
                }
                // Returned, so removing the folder is not timed.
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
