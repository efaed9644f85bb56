//! `novelle redline PROPOSAL`: what a proposal strikes and inserts, section
//! by section, each change linked to the amendment and its reasons.

use std::io::Write;
use std::path::Path;

use super::{Ctx, Failure, Outcome, Result, applied, apply_warnings, law, open, proposal};
use crate::redline;
use crate::render::labels::Lang;
use crate::render::{Document, html, json, markdown, term};

/// Output formats of `redline` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For the terminal: colour, or [-struck-] {+inserted+} without it.
    Term,
    /// Markdown with footnotes.
    Md,
    /// A self-contained HTML page.
    Html,
    /// JSON for programs.
    Json,
}

/// Where and how to write a redline.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    /// The format.
    pub format: Format,
    /// The language of the labels.
    pub lang: Lang,
    /// The file to write (atomically) instead of standard output.
    pub file: Option<&'a Path>,
}

/// Runs `novelle redline`.
pub fn run(ctx: &Ctx, id: &str, output: &Output<'_>, out: &mut dyn Write) -> Result {
    let store = match open(ctx) {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let proposal = match proposal(&store, id) {
        Ok(p) => p,
        Err(o) => return Ok(o),
    };
    let law = match law(&store, Some(&proposal.law)) {
        Ok(l) => l,
        Err(o) => return Ok(o),
    };
    let applied = match applied(&store, law, proposal, None) {
        Ok(a) => a,
        Err(o) => return Ok(o),
    };
    let redline = redline::for_proposal(&applied, proposal, &[], &law.abbreviation);
    let doc = Document {
        redline: &redline,
        proposals: vec![proposal.into()],
        summary: false,
        lang: output.lang,
    };
    let text = render(ctx, &doc, output)?;
    super::write_output(ctx, output.file, text.as_bytes(), out)?;
    Ok(Outcome {
        problems: false,
        diagnostics: apply_warnings(&store, proposal, &applied),
        files: store.files.clone(),
    })
}

/// Renders a redline document in the format asked for; colour and wrapping
/// only for a terminal, never for a file.
pub fn render(ctx: &Ctx, doc: &Document<'_>, output: &Output<'_>) -> Result<String> {
    Ok(match output.format {
        Format::Term => {
            let opts = term::Options {
                colour: ctx.colour && output.file.is_none(),
                width: ctx.width.filter(|_| output.file.is_none()),
            };
            term::render(doc, &opts)
        }
        Format::Md => markdown::render(doc),
        Format::Html => html::render(doc).map_err(|e| Failure::Io(std::io::Error::other(e)))?,
        Format::Json => json::render(doc),
    })
}
