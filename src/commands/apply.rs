//! `novelle apply PROPOSAL[@REV]`: the law as it would read after the proposal.

use std::io::Write;

use jiff::civil::Date;

use super::{Ctx, Outcome, ProposalSpec, Result, apply_diagnostic, draft, law};
use crate::apply::apply;
use crate::model::statute::Content;

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
    let spec = ProposalSpec::parse(spec)?;
    let draft = match draft(ctx, &spec) {
        Ok(d) => d,
        Err(o) => return Ok(o),
    };
    let (store, proposal) = (&draft.store, &draft.proposal);
    let law = match law(store, Some(&proposal.law)) {
        Ok(l) => l,
        Err(o) => return Ok(o),
    };
    let applied = match apply(law, proposal, at) {
        Ok(a) => a,
        Err(e) => {
            let d = apply_diagnostic(store, proposal, &e, false);
            return Ok(Outcome::problems(store.files.clone(), vec![d]));
        }
    };
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
    let mut notes = draft.notes.clone();
    notes.extend(
        applied
            .warnings
            .iter()
            .map(|w| apply_diagnostic(store, proposal, w, true)),
    );
    Ok(Outcome {
        problems: false,
        diagnostics: notes,
        files: store.files.clone(),
        summary: None,
    })
}
