//! `novelle show CITATION`: a section or any unit of it, on a given day.

use std::io::Write;

use jiff::civil::Date;

use super::{Ctx, Outcome, Result, law, open};
use crate::model::citation::{self, Citation, Sections, Style};
use crate::resolve;

/// Output formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The text, with a heading.
    Text,
    /// JSON for programs.
    Json,
}

/// Runs `novelle show`.
pub fn run(
    ctx: &Ctx,
    cited: &str,
    at: Option<Date>,
    format: Format,
    out: &mut dyn Write,
) -> Result {
    let citation = match citation::parse(cited) {
        Ok(c) => c,
        Err(e) => {
            return Ok(Outcome::error(
                format!("cannot read the citation \"{cited}\": {}", e.message),
                e.hint,
            ));
        }
    };
    let store = match open(ctx) {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let law = match law(&store, citation.law.as_deref()) {
        Ok(l) => l,
        Err(o) => return Ok(o),
    };
    let day = at.unwrap_or_else(|| ctx.today.get());
    // A range shows each section in force on the day, one after the other.
    let citations: Vec<Citation> = match &citation.sections {
        Sections::One(_) => vec![citation.clone()],
        Sections::Range(from, to) => law
            .range(from, to)
            .filter(|s| s.at(day).is_some())
            .map(|s| Citation::unit(citation.law.as_deref(), &s.number, Vec::new()))
            .collect(),
    };
    if citations.is_empty() {
        return Ok(Outcome::error(
            format!(
                "no section of {} is in force on {day}",
                citation.format(Style::Short)
            ),
            "try another --at day",
        ));
    }
    let mut resolved = Vec::new();
    for c in &citations {
        match resolve::resolve(law, c, day) {
            Ok(r) => resolved.push(r),
            Err(e) => return Ok(Outcome::error(e.message, e.hint)),
        }
    }
    let mut json = Vec::new();
    for (n, r) in resolved.iter().enumerate() {
        if n > 0 && format == Format::Text {
            writeln!(out)?;
        }
        json.extend(show_one(law, r, day, format, out)?);
    }
    if format == Format::Json {
        let v = if json.len() == 1 {
            json.remove(0)
        } else {
            serde_json::Value::Array(json)
        };
        serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
        writeln!(out)?;
    }
    Ok(Outcome::ok())
}

/// Prints one section or unit as text, or returns it as JSON.
fn show_one(
    law: &crate::model::statute::Law,
    resolved: &resolve::Resolved<'_>,
    day: Date,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<Option<serde_json::Value>> {
    let full = crate::model::citation::Citation::unit(
        Some(&law.abbreviation),
        &resolved.section.number,
        resolved.short_path.clone(),
    );
    let version = resolved.version;
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "citation": full.format_with_law(Style::Short),
                "law": law.abbreviation,
                "section": resolved.section.number,
                "path": resolved.path,
                "at": day,
                "version": { "valid_from": version.valid_from, "source": version.source },
                "title": version.content.title(),
                "repealed": version.content.is_repealed(),
                "text": resolved.text(),
            });
            return Ok(Some(v));
        }
        Format::Text => {
            if resolved.path.is_empty() {
                writeln!(
                    out,
                    "§ {} – {}",
                    resolved.section.number,
                    version.content.title()
                )?;
            } else {
                writeln!(
                    out,
                    "{} – {}",
                    full.format_with_law(Style::Short),
                    version.content.title()
                )?;
            }
            writeln!(
                out,
                "in force since {} ({})",
                version.valid_from, version.source
            )?;
            writeln!(out)?;
            let text = resolved.text();
            write!(out, "{text}")?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    Ok(None)
}
