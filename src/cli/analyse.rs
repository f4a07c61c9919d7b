//! `vigie analyse`: what each stage finds in one file, sentence by sentence, without storing
//! anything — to see why an event was (or was not) extracted.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use vigie::ingest::{IngestOptions, read_source};
use vigie::model::{Analysis, Article, EventMention};
use vigie::pipeline::today;

use super::{Globals, load_pipeline};

/// Runs the pipeline on every article of `path` and prints what it found.
pub fn run(g: &Globals, path: &Path, json: bool) -> Result<ExitCode> {
    let pipeline = load_pipeline(g.kb.as_deref())?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = false;
    for article in read_source(path, &IngestOptions::default()) {
        let article = match article {
            Ok(a) => a,
            Err(e) => {
                eprintln!("vigie: {e}");
                failed = true;
                continue;
            }
        };
        let (analysis, mentions) = pipeline.analyse(&article, today());
        if json {
            let value = serde_json::json!({
                "article": article.name,
                "analysis": analysis,
                "event_mentions": mentions,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string(&value).context("serialising")?
            )?;
        } else {
            write_text(&mut out, &article, &analysis, &mentions)?;
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_text(
    out: &mut impl Write,
    article: &Article,
    analysis: &Analysis,
    mentions: &[EventMention],
) -> io::Result<()> {
    let text = article.text.as_str();
    writeln!(out, "# {} ({})", article.name, analysis.language)?;
    if let Some(title) = &article.title {
        writeln!(out, "title:    {title}")?;
    }
    let anchor = analysis
        .anchor
        .map_or("none".to_string(), |a| a.to_string());
    writeln!(out, "anchor:   {anchor}")?;
    for n in &analysis.noise {
        writeln!(out, "noise:    {:?} {:?}", n.kind, n.span.slice(text))?;
    }
    for s in &analysis.sentences {
        writeln!(
            out,
            "\n[{}-{} ¶{} {:?}] {}",
            s.span.start,
            s.span.end,
            s.paragraph,
            s.block,
            s.span.slice(text)
        )?;
        for a in analysis.actors.iter().filter(|a| s.span.contains(a.span)) {
            let code = a.code.as_deref().unwrap_or("-");
            let role = a
                .role
                .as_deref()
                .map(|r| format!(" role={r}"))
                .unwrap_or_default();
            writeln!(
                out,
                "   actor  {:?} → {} ({}) {:?}{role}",
                a.span.slice(text),
                a.entity,
                code,
                a.via
            )?;
        }
        for p in analysis.places.iter().filter(|p| s.span.contains(p.span)) {
            let loc = if p.locative { " locative" } else { "" };
            writeln!(
                out,
                "   place  {:?} → {} {}{loc}",
                p.span.slice(text),
                p.name,
                p.country
            )?;
        }
        for d in analysis.dates.iter().filter(|d| s.span.contains(d.span)) {
            let date = d.date.map_or("?".to_string(), |x| x.to_string());
            let wd = d
                .weekday
                .map(|w| format!(" weekday={w:?}"))
                .unwrap_or_default();
            let elapsed = d
                .elapsed
                .map(|e| {
                    let count = e.count.map_or("some".to_string(), |c| c.to_string());
                    format!(" elapsed={count} {:?} {:?}", e.unit, e.shift)
                })
                .unwrap_or_default();
            writeln!(
                out,
                "   date   {:?} → {date}{wd}{elapsed}",
                d.span.slice(text)
            )?;
        }
        for q in analysis
            .quantities
            .iter()
            .filter(|q| s.span.contains(q.span))
        {
            writeln!(
                out,
                "   qty    {:?} → {} {}",
                q.span.slice(text),
                q.value,
                q.unit.as_str()
            )?;
        }
        for m in mentions.iter().filter(|m| m.start == s.span.start) {
            let date = m.date.map_or("?".to_string(), |x| x.to_string());
            writeln!(
                out,
                "   EVENT  {} {} {} → {} date={date} {} [{}] trigger={:?}",
                m.event_type,
                m.cameo,
                m.actors.join(","),
                m.recipients.join(","),
                m.modality.as_str(),
                m.rule,
                m.trigger.slice(text)
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}
