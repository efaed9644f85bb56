//! `novelle act PROPOSAL`: the draft amending act for a proposal, with its
//! Änderungsbefehle and Begründung, as text, Markdown or an HTML page.

use std::io::{self, Write};
use std::path::Path;

use super::{Ctx, Outcome, Result, apply_diagnostic, with_law, write_output};
use crate::diag::Files;
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
    with_law(ctx, spec, |draft, law| {
        let act = match crate::act::build(&draft.proposal, law) {
            Ok(a) => a,
            Err(e) => {
                let d = apply_diagnostic(&draft.store, &draft.proposal, &e, false);
                return Ok(Outcome::problems(Files::default(), vec![d]));
            }
        };
        let text = match format {
            Format::Text => act_text::render(&act),
            Format::Md => act_md::render(&act),
            Format::Html => act_html::page(&act).map_err(io::Error::other)?,
        };
        write_output(ctx, output, text.as_bytes(), out)?;
        Ok(Outcome::ok())
    })
}
