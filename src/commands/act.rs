//! `novelle act PROPOSAL`: the draft amending act for a proposal, with its
//! Änderungsbefehle and Begründung, as text, Markdown or an HTML page.

use std::io::{self, Write};
use std::path::Path;

use super::{Ctx, Outcome, ProposalSpec, Result, apply_diagnostic, draft, law};
use crate::render::{act_html, act_md, act_text};

/// Output formats of `act`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, laid out as a draft law.
    Text,
    /// Markdown.
    Md,
    /// A self-contained HTML page that prints on A4.
    Html,
}

/// Runs `novelle act` for the proposal `spec` ("ID" or "ID@REV"): writes
/// the act to `output` (atomically) or to `out`.
pub fn run(
    ctx: &Ctx,
    spec: &str,
    format: Format,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result {
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
    let act = match crate::act::build(proposal, law) {
        Ok(a) => a,
        Err(e) => {
            let d = apply_diagnostic(store, proposal, &e, false);
            return Ok(Outcome::problems(store.files.clone(), vec![d]));
        }
    };
    let text = match format {
        Format::Text => act_text::render(&act),
        Format::Md => act_md::render(&act),
        Format::Html => act_html::page(&act).map_err(io::Error::other)?,
    };
    let done = Outcome {
        diagnostics: draft.notes.clone(),
        files: store.files.clone(),
        ..Outcome::ok()
    };
    // The one writer of output files: atomic, and never into the store.
    super::write_output(ctx, output, text.as_bytes(), out)?;
    Ok(done)
}
