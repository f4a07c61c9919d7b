//! `vigie eval`: the store's events (or a JSON Lines file of them) scored against gold.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use vigie::eval::{ScoreOptions, explain, read_gold, read_system, score};
use vigie::export::event_json;
use vigie::query::EventFilter;

use super::{Globals, open_existing};

/// What `vigie eval` was asked.
pub struct EvalArgs {
    /// The gold file.
    pub gold: PathBuf,
    /// A `vigie events --format jsonl` file to score instead of the store.
    pub events: Option<PathBuf>,
    /// Only articles in this language.
    pub lang: Option<String>,
    /// Ignore types.
    pub untyped: bool,
    /// Also print the JSON object.
    pub json: bool,
    /// List the unmatched pairs with their reasons first.
    pub explain: bool,
}

/// Scores and prints the figures as score.py does.
pub fn run(g: &Globals, args: &EvalArgs) -> Result<ExitCode> {
    let gold = read_gold(&args.gold)?;
    let store = match (&args.events, &args.lang) {
        (None, _) | (_, Some(_)) => Some(open_existing(g)?),
        _ => None,
    };
    let system: Vec<serde_json::Value> = match &args.events {
        Some(file) => read_system(file)?,
        None => {
            let Some(store) = &store else {
                bail!("no store to score");
            };
            store
                .events(&EventFilter::default())?
                .iter()
                .map(|e| serde_json::from_str(&event_json(e)).context("an event did not serialise"))
                .collect::<Result<_>>()?
        }
    };
    let articles = match (&args.lang, &store) {
        (Some(lang), Some(store)) => {
            let names: BTreeSet<String> =
                store.article_names_in_language(lang)?.into_iter().collect();
            if names.is_empty() {
                bail!(
                    "no article in language {lang:?} in {}: --lang reads each article's language from the store",
                    g.db.display()
                );
            }
            Some(names)
        }
        _ => None,
    };
    let options = ScoreOptions {
        untyped: args.untyped,
        articles,
    };
    let result = score(&gold, &system, &options);
    let mut out = io::stdout().lock();
    if args.explain {
        writeln!(out, "{}", explain(&gold, &system, &result, &options))?;
    }
    out.write_all(result.report(args.json).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
