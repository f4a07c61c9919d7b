//! `vigie plover-check`: how many PLOVER gold standard records Vigie codes, and how often with
//! the gold category (the logic is `vigie::eval::plover`).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use vigie::eval::plover::{PloverRenames, check, read_records};
use vigie::pipeline::today;

use super::{Globals, load_pipeline};

/// Where the gold records are when no file is given: the shared data beside the repository.
pub const DEFAULT_FILE: &str = "../shared/data/plover/PLOVER_GSR_CAMEO.json";

/// Reads the records, runs the pipeline on each and prints the report.
pub fn run(g: &Globals, file: &Path, json: bool, explain: bool) -> Result<ExitCode> {
    let pipeline = load_pipeline(g.kb.as_deref())?;
    let renames = PloverRenames::load(&pipeline.resources)
        .context("cannot load the PLOVER renames (kb/plover_renames.tsv)")?;
    let records = read_records(file, &renames).with_context(|| {
        if file == Path::new(DEFAULT_FILE) {
            "cannot read the PLOVER gold standard records; give the file: vigie plover-check PATH"
                .to_string()
        } else {
            "cannot read the PLOVER gold standard records".to_string()
        }
    })?;
    let source = file.display().to_string();
    let report = check(&pipeline, &records, &source, today());
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        let value = report.to_json(&source, &renames, explain);
        writeln!(
            out,
            "{}",
            serde_json::to_string(&value).context("serialising the report")?
        )?;
    } else {
        if explain {
            report.write_explain(&mut out)?;
        }
        report.write_text(&mut out, &source, &renames)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
