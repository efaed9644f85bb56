//! `novelle act PROPOSAL`: the draft amending act for a proposal, with its
//! Änderungsbefehle and Begründung, as text, Markdown or an HTML page.

use std::io::{self, Write};
use std::path::Path;

use super::{Ctx, Outcome, ProposalSpec, Result, apply_diagnostic, draft, law, write_atomic};
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
    let Some(path) = output else {
        out.write_all(text.as_bytes())?;
        return Ok(done);
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir.filter(|d| !d.is_dir()) {
        return Ok(Outcome::error(
            format!(
                "cannot write {}: there is no directory {}",
                path.display(),
                dir.display()
            ),
            "create the directory first, or give -o a path in an existing one",
        ));
    }
    if let Err(e) = write_atomic(path, text.as_bytes()) {
        return Ok(Outcome::error(
            format!("cannot write {}: {e}", path.display()),
            "check that the directory is writable and the path is not a directory",
        ));
    }
    Ok(done)
}
