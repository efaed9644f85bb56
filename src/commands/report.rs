//! `novelle report PROPOSAL[@REV]`: the hearing report, one self-contained HTML
//! page with the Synopse of every section the proposal touches.

use std::io::Write;
use std::path::Path;

use super::redline::proposal_redline;
use super::{Ctx, Outcome, Result, apply_diagnostic, with_applied};
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
    with_applied(ctx, spec, None, |draft, law, applied| {
        let (store, proposal) = (&draft.store, &draft.proposal);
        let mut diagnostics = Vec::new();
        let redline = proposal_redline(draft, applied, &law.abbreviation);
        // The amending act goes before the Synopse; without it the report
        // is still whole, so a failure is a warning.
        let act = match crate::act::build(proposal, law) {
            Ok(act) => Some(act_html::fragment(&act).map_err(std::io::Error::other)?),
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
        let html = report::render(&input).map_err(std::io::Error::other)?;
        super::write_output(ctx, file, html.as_bytes(), out)?;
        Ok(Outcome {
            diagnostics,
            ..Outcome::ok()
        })
    })
}
