//! `novelle report PROPOSAL`: the hearing report, one self-contained HTML
//! page with the Synopse of every section the proposal touches.

use std::io::Write;
use std::path::Path;

use super::{Ctx, Failure, Outcome, Result, applied, apply_warnings, law, open, proposal};
use crate::redline;
use crate::render::labels::Lang;
use crate::render::report::{self, Input};

/// Runs `novelle report`.
pub fn run(
    ctx: &Ctx,
    id: &str,
    hearing: Option<&str>,
    lang: Lang,
    file: Option<&Path>,
    out: &mut dyn Write,
) -> Result {
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
    let input = Input {
        proposal,
        redline: &redline,
        law_name: &law.name,
        hearing: hearing.filter(|h| !h.trim().is_empty()),
        lang,
        // The amending act joins here once its renderer exists (issue 7).
        act_html: None,
    };
    let html = report::render(&input).map_err(|e| Failure::Io(std::io::Error::other(e)))?;
    super::write_output(ctx, file, html.as_bytes(), out)?;
    Ok(Outcome {
        problems: false,
        diagnostics: apply_warnings(&store, proposal, &applied),
        files: store.files.clone(),
    })
}
