//! `novelle apply PROPOSAL[@REV]`: the law as it would read after the proposal.

use std::io::Write;

use jiff::civil::Date;

use super::{Ctx, Draft, Outcome, Result, with_applied};
use crate::apply::Applied;
use crate::model::statute::Content;
use crate::model::statute::Law;

/// Output formats of `apply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The consolidated text of every section touched.
    Text,
    /// JSON for programs.
    Json,
}

/// Runs `novelle apply`.
pub fn run(ctx: &Ctx, spec: &str, at: Option<Date>, format: Format, out: &mut dyn Write) -> Result {
    with_applied(ctx, spec, at, |draft, law, applied| {
        write(draft, law, applied, format, out)
    })
}

/// Prints the sections `applied` holds.
fn write(
    draft: &Draft,
    law: &Law,
    applied: &Applied,
    format: Format,
    out: &mut dyn Write,
) -> Result {
    let proposal = &draft.proposal;
    match format {
        Format::Json => {
            let sections: Vec<_> = applied
                .sections
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "section": s.number,
                        "repealed": s.after.is_repealed(),
                        "title": s.after.title(),
                        "text": s.after.text(),
                        "new": s.before.is_none(),
                        "amendments": s.amendments.iter().map(|&i| &proposal.amendments[i].id).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let v = serde_json::json!({
                "proposal": proposal.id,
                "rev": draft.rev,
                "law": law.abbreviation,
                "base": applied.base,
                "sections": sections,
            });
            serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(
                out,
                "{} {} as amended by \"{}\" (law in force on {})",
                law.name,
                law.abbreviation,
                draft.label(),
                applied.base
            )?;
            if let Some(note) = &proposal.note {
                writeln!(out, "Note: {}", note.trim())?;
            }
            for s in &applied.sections {
                writeln!(out)?;
                match &s.after {
                    Content::Repealed => writeln!(out, "§ {} (weggefallen)", s.number)?,
                    Content::Text { title, text } => {
                        writeln!(out, "§ {} – {title}", s.number)?;
                        writeln!(out)?;
                        write!(out, "{text}")?;
                        if !text.ends_with('\n') {
                            writeln!(out)?;
                        }
                    }
                }
            }
        }
    }
    Ok(Outcome::ok())
}
