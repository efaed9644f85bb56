//! `novelle report PROPOSAL[@REV]`: the hearing report, one self-contained HTML
//! page with the Synopse of every section the proposal touches.

use std::io::Write;
use std::path::Path;

use super::redline::proposal_redline;
use super::{
    Ctx, Failure, Outcome, ProposalSpec, Result, applied, apply_diagnostic, apply_warnings, draft,
    law,
};
use crate::render::act_html;
use crate::render::labels::Lang;
use crate::render::report::{self, Input};

/// Runs `novelle report` for the proposal `spec` ("ID" or "ID@REV").
pub fn run(
    ctx: &Ctx,
    spec: &str,
    hearing: Option<&str>,
    lang: Lang,
    file: Option<&Path>,
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
    let applied = match applied(store, law, proposal, None) {
        Ok(a) => a,
        Err(o) => return Ok(o),
    };
    let mut diagnostics = draft.notes.clone();
    diagnostics.extend(apply_warnings(store, proposal, &applied));
    let redline = proposal_redline(&draft, &applied, &law.abbreviation);
    // The amending act goes before the Synopse; without it the report is
    // still whole, so a failure is a warning.
    let act = match crate::act::build(proposal, law) {
        Ok(act) => act_html::fragment(&act)
            .map_err(|e| Failure::Io(std::io::Error::other(e)))
            .map(Some)?,
        Err(e) => {
            diagnostics.push(apply_diagnostic(store, proposal, &e, true));
            None
        }
    };
    let input = Input {
        proposal,
        redline: &redline,
        law_name: &law.name,
        hearing: hearing.filter(|h| !h.trim().is_empty()),
        lang,
        act_html: act.as_deref(),
    };
    let html = report::render(&input).map_err(|e| Failure::Io(std::io::Error::other(e)))?;
    super::write_output(ctx, file, html.as_bytes(), out)?;
    Ok(Outcome {
        diagnostics,
        files: store.files.clone(),
        ..Outcome::ok()
    })
}
