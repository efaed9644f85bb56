//! Reads `statutes/<law>/law.toml` and one `<section>.toml` per section.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::toml_util::{date, parse, text_origin};
use super::{Source, Store, read_file};
use crate::diag::{Diagnostic, Location};
use crate::model::citation::is_section_number;
use crate::model::statute::{Content, Law, Section, Version};
use crate::model::text::Body;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    name: String,
    abbreviation: String,
    citation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    section: Spanned<String>,
    #[serde(rename = "version", default)]
    versions: Vec<Spanned<RawVersion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    valid_from: Spanned<Datetime>,
    source: String,
    title: Option<String>,
    text: Option<Spanned<String>>,
    #[serde(default)]
    repealed: bool,
}

/// Loads every law under `statutes/`.
pub fn load_all(source: &dyn Source, store: &mut Store) {
    let entries = match source.list("statutes") {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list statutes/: {e}")));
            return;
        }
    };
    for entry in entries.into_iter().filter(|e| e.is_dir) {
        if let Some(law) = load_law(source, &entry.name, store) {
            store.laws.push(law);
        }
    }
}

fn load_law(source: &dyn Source, key: &str, store: &mut Store) -> Option<Law> {
    let dir = format!("statutes/{key}");
    let law_path = format!("{dir}/law.toml");
    let (file, text) = read_file(source, &law_path, store)?;
    let raw: RawLaw = match parse(file, &text) {
        Ok(r) => r,
        Err(d) => {
            store.diagnostics.push(d);
            return None;
        }
    };
    let mut law = Law {
        key: key.to_owned(),
        name: raw.name,
        abbreviation: raw.abbreviation,
        citation: raw.citation,
        sections: Vec::new(),
    };
    let entries = match source.list(&dir) {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list {dir}/: {e}")));
            Vec::new()
        }
    };
    // A whole code has hundreds of sections: find duplicates by hash, not by scanning.
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        let Some(stem) = entry.name.strip_suffix(".toml") else {
            continue;
        };
        if entry.is_dir || stem == "law" {
            continue;
        }
        let path = format!("{dir}/{}", entry.name);
        if let Some(section) = load_section(source, &path, stem, &law, store) {
            if !seen.insert(section.number.clone()) {
                store.diagnostics.push(Diagnostic::error(format!(
                    "§ {} is stored twice in {dir}/",
                    section.number
                )));
                continue;
            }
            law.sections.push(section);
        }
    }
    law.sort();
    Some(law)
}

pub(super) fn load_section(
    source: &dyn Source,
    path: &str,
    stem: &str,
    law: &Law,
    store: &mut Store,
) -> Option<Section> {
    let (file, text) = read_file(source, path, store)?;
    let raw: RawSection = match parse(file, &text) {
        Ok(r) => r,
        Err(d) => {
            store.diagnostics.push(d);
            return None;
        }
    };
    let number = raw.section.get_ref().clone();
    if !is_section_number(&number) {
        // Citations could never name it, and it becomes a file name on import.
        store.diagnostics.push(
            Diagnostic::error(format!("\"{number}\" is not a section number"))
                .at(file, raw.section.span())
                .label("not a section number")
                .hint("a section number is digits with up to two lowercase letters: \"176\", \"176a\""),
        );
        return None;
    }
    if number != stem {
        store.diagnostics.push(
            Diagnostic::error(format!(
                "the file {stem}.toml holds `section = \"{number}\"`"
            ))
            .at(file, raw.section.span())
            .label("does not match the file name")
            .hint(format!(
                "rename the file to {number}.toml or fix the section number"
            )),
        );
    }
    store
        .origins
        .sections
        .insert((law.key.clone(), number.clone()), file);
    if raw.versions.is_empty() {
        store.diagnostics.push(
            Diagnostic::error(format!("§ {number} has no versions"))
                .at(file, raw.section.span())
                .hint("add a [[version]] table with valid_from, source, title and text"),
        );
    }
    let mut versions: Vec<Version> = Vec::new();
    let mut previous: Option<(jiff::civil::Date, std::ops::Range<usize>)> = None;
    for raw_version in raw.versions {
        let span = raw_version.span();
        let rv = raw_version.into_inner();
        let Ok(valid_from) =
            date(file, &rv.valid_from, "valid_from").map_err(|d| store.diagnostics.push(d))
        else {
            continue;
        };
        if let Some((prev, prev_span)) = &previous {
            if valid_from == *prev {
                store.diagnostics.push(
                    Diagnostic::error(format!("§ {number} has two versions on {valid_from}"))
                        .at(file, rv.valid_from.span())
                        .label("second version on this day")
                        .related(file, prev_span.clone(), "first version on this day")
                        .hint("a day has one version; merge them or correct the date"),
                );
                continue;
            }
            if valid_from < *prev {
                store.diagnostics.push(
                    Diagnostic::error(format!(
                        "the versions of § {number} are out of order: {valid_from} follows {prev}"
                    ))
                    .at(file, rv.valid_from.span())
                    .label("earlier than the version before it")
                    .related(file, prev_span.clone(), "previous version")
                    .hint("list versions oldest first"),
                );
                continue;
            }
        }
        previous = Some((valid_from, rv.valid_from.span()));
        let content = match (rv.repealed, rv.title, rv.text) {
            (true, None, None) => Content::Repealed,
            (true, _, _) => {
                store.diagnostics.push(
                    Diagnostic::error(format!(
                        "the version of § {number} of {valid_from} is repealed but has a title or text"
                    ))
                    .at(file, span.clone())
                    .hint("a repealed version reads \"(weggefallen)\"; remove its title and text"),
                );
                continue;
            }
            (false, Some(title), Some(text_value)) => {
                let origin = text_origin(file, &text, text_value.span(), text_value.get_ref());
                let body_text = text_value.into_inner();
                if let Err(e) = Body::parse(&body_text) {
                    store.diagnostics.push(
                        Diagnostic::error(format!("§ {number} ({valid_from}): {}", e.message))
                            .at(file, origin.map(e.span.clone()))
                            .label("here")
                            .hint(e.hint),
                    );
                }
                let idx = versions.len();
                store
                    .origins
                    .texts
                    .insert((law.key.clone(), number.clone(), idx), origin);
                Content::Text {
                    title,
                    text: body_text,
                }
            }
            (false, title, text_value) => {
                let missing = match (title.is_none(), text_value.is_none()) {
                    (true, true) => "`title` and `text`",
                    (true, false) => "`title`",
                    _ => "`text`",
                };
                store.diagnostics.push(
                    Diagnostic::error(format!(
                        "the version of § {number} of {valid_from} lacks {missing}"
                    ))
                    .at(file, span.clone())
                    .hint("a version in force has a title and a text; a repealed one has `repealed = true`"),
                );
                continue;
            }
        };
        store.origins.versions.insert(
            (law.key.clone(), number.clone(), versions.len()),
            Location { file, span },
        );
        versions.push(Version {
            valid_from,
            source: rv.source,
            content,
        });
    }
    Some(Section { number, versions })
}
