//! `novelle redline PROPOSAL[@REV]`: what a proposal strikes and inserts, section
//! by section, each change linked to the amendment and its reasons.

use std::io::Write;
use std::path::Path;

use super::{Ctx, Draft, Failure, Outcome, Result, with_applied};
use crate::apply::Applied;
use crate::redline::{self, Redline, Side};
use crate::render::labels::Lang;
use crate::render::{Document, html, json, markdown, term};

/// Output formats of `redline` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For the terminal: colour, or [-struck-] {+inserted+} without it.
    #[value(alias = "text")]
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

/// Runs `novelle redline` for the proposal `spec` ("ID" or "ID@REV").
pub fn run(ctx: &Ctx, spec: &str, output: &Output<'_>, out: &mut dyn Write) -> Result {
    with_applied(ctx, spec, None, |draft, law, applied| {
        let redline = proposal_redline(draft, applied, &law.abbreviation);
        let doc = Document {
            redline: &redline,
            proposals: vec![(&draft.proposal).into()],
            summary: false,
            lang: output.lang,
        };
        let text = render(ctx, &doc, output)?;
        super::write_output(ctx, output.file, text.as_bytes(), out)?;
        Ok(Outcome::ok())
    })
}

/// The redline of a draft, with the amendments' places in the amending act
/// and the revision it was read at.
pub fn proposal_redline(draft: &Draft, applied: &Applied, law: &str) -> Redline {
    let references = crate::act::references(&draft.proposal);
    let mut redline = redline::for_proposal(applied, &draft.proposal, &references, law);
    if let Side::Proposal { rev, .. } = &mut redline.to {
        rev.clone_from(&draft.rev);
    }
    redline
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
