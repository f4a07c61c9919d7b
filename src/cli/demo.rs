//! `vigie demo`: the sample articles shipped in the binary, ingested into a fresh store, shown
//! as a timeline.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};

use vigie::export::terminal;
use vigie::query::EventFilter;
use vigie::store::{Evidence, Store};

use super::Globals;
use super::ingest::{exit_status, ingest_into, report};

/// The sample articles, embedded so the demo works from any directory.
static SAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/samples");

/// Where the demo store goes unless `--db` is typed.
const DEMO_DB: &str = "vigie-demo.db";

/// The `meta` key that marks a store as the demo's, so the demo only ever replaces its own.
const DEMO_MARK: &str = "demo";

/// Ingests the samples into a fresh store, then prints the timeline and the summary.
pub fn run(g: &Globals) -> Result<ExitCode> {
    // VIGIE_DB names the user's own store: the demo, which deletes its store first, must not
    // take it.
    let db = if g.db_on_command_line {
        g.db.clone()
    } else {
        PathBuf::from(DEMO_DB)
    };
    replace_demo_store(&db)?;
    let samples = unpack_samples()?;
    let result = (|| {
        let mut store = Store::open(&db)?;
        store.set_meta(DEMO_MARK, "1")?;
        let demo_globals = Globals {
            db: db.clone(),
            db_on_command_line: true,
            kb: g.kb.clone(),
        };
        let summary = ingest_into(
            &demo_globals,
            &mut store,
            std::slice::from_ref(&samples),
            false,
            None,
        )?;
        let events = store.event_summaries(&EventFilter::default(), Evidence::Left)?;
        let mut out = BufWriter::new(io::stdout().lock());
        terminal::write_timeline(&mut out, &events)?;
        writeln!(out)?;
        out.flush()?;
        drop(out);
        report(&summary, &db)?;
        println!(
            "Explore it: vigie --db {} events | entities | show EVENT-ID",
            db.display()
        );
        Ok(exit_status(&summary))
    })();
    let _ = fs::remove_dir_all(samples.parent().unwrap_or(&samples));
    result
}

/// Deletes the store at `db` (and its WAL files) when it is a demo store; refuses anything
/// else.
fn replace_demo_store(db: &Path) -> Result<()> {
    if db.exists() {
        let is_demo = Store::open(db)
            .ok()
            .and_then(|s| s.meta(DEMO_MARK).ok().flatten())
            .is_some_and(|v| v == "1");
        if !is_demo {
            bail!(
                "{} exists and is not a vigie demo store; give the demo another --db PATH, or \
                 delete the file yourself",
                db.display()
            );
        }
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        if path.exists() {
            fs::remove_file(&path).with_context(|| format!("cannot replace {}", path.display()))?;
        }
    }
    Ok(())
}

/// Writes the embedded samples to a fresh temporary folder and returns its `samples` folder.
fn unpack_samples() -> Result<PathBuf> {
    let root = std::env::temp_dir().join(format!("vigie-demo-{}", std::process::id()));
    let dir = root.join("samples");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for file in SAMPLES.files() {
        let name = file.path();
        // The README describes the samples; it is not an article.
        if name.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let target = dir.join(name);
        fs::write(&target, file.contents())
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(dir)
}
