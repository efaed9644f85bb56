//! Reads `proposals/<id>.toml`.
//!
//! This checks what can be checked from the file alone (keys, types, dates,
//! citations, which arguments each action takes); whether targets exist and
//! words are found is the engine's job, run by `novelle check`.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::toml_util::{date, parse, text_origin};
use super::{AmendmentOrigin, ProposalOrigin, Source, Store, read_file};
use crate::diag::{Diagnostic, FileId};
use crate::model::citation::{self, Sections};
use crate::model::proposal::{
    Action, Amendment, NewSection, Occurrence, Position, Proposal, ReplaceForm, Status,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProposal {
    id: Spanned<String>,
    title: String,
    author: String,
    date: Spanned<Datetime>,
    status: Spanned<String>,
    law: Spanned<String>,
    base: Spanned<Datetime>,
    entry_into_force: Option<Spanned<Datetime>>,
    note: Option<String>,
    rationale: String,
    #[serde(rename = "amendment", default)]
    amendments: Vec<Spanned<RawAmendment>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmendment {
    id: Spanned<String>,
    target: Spanned<String>,
    action: Spanned<String>,
    rationale: String,
    words: Option<Spanned<String>>,
    by: Option<Spanned<String>>,
    after: Option<Spanned<String>>,
    before: Option<Spanned<String>>,
    insert: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    jeweils: Option<Spanned<bool>>,
    occurrence: Option<Spanned<u32>>,
    renumber: Option<Spanned<bool>>,
    #[serde(rename = "section", default)]
    sections: Vec<Spanned<RawNewSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNewSection {
    number: String,
    title: String,
    text: String,
}

/// The actions a proposal file may name.
const VERBS: &str = "ersetzen, einfügen, anfügen, voranstellen, streichen, aufheben, fassen";

/// Loads every proposal under `proposals/`.
pub fn load_all(source: &dyn Source, store: &mut Store) {
    let entries = match source.list("proposals") {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list proposals/: {e}")));
            return;
        }
    };
    for entry in entries {
        let Some(stem) = entry.name.strip_suffix(".toml") else {
            continue;
        };
        if entry.is_dir {
            continue;
        }
        let path = format!("proposals/{}", entry.name);
        let Some((file, text)) = read_file(source, &path, store) else {
            continue;
        };
        let mut diags = Vec::new();
        let loaded = load_proposal(file, &text, stem, &mut diags);
        store.diagnostics.extend(diags);
        if let Some((proposal, origin)) = loaded {
            store.origins.proposals.insert(proposal.id.clone(), origin);
            store.proposals.push(proposal);
        }
    }
}

/// Reads one proposal file; problems go to `diags`. Returns the proposal if
/// it is usable (it may still carry warnings).
pub fn load_proposal(
    file: FileId,
    text: &str,
    stem: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Proposal, ProposalOrigin)> {
    let raw: RawProposal = match parse(file, text) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.iter().filter(|d| d.is_error()).count();
    let id = raw.id.get_ref().clone();
    if id != stem {
        diags.push(
            Diagnostic::error(format!("the proposal in {stem}.toml has id \"{id}\""))
                .at(file, raw.id.span())
                .label("does not match the file name")
                .hint(format!(
                    "rename the file to {id}.toml or set id = \"{stem}\""
                )),
        );
    }
    let status = Status::from_name(raw.status.get_ref()).unwrap_or_else(|| {
        diags.push(
            Diagnostic::error(format!("unknown status \"{}\"", raw.status.get_ref()))
                .at(file, raw.status.span())
                .label("not a status")
                .hint("status is one of: draft, submitted, adopted, rejected, withdrawn"),
        );
        Status::Draft
    });
    let mut day =
        |v: &Spanned<Datetime>, key: &str| date(file, v, key).map_err(|d| diags.push(d)).ok();
    let proposal_date = day(&raw.date, "date");
    let base = day(&raw.base, "base");
    let entry_into_force = raw
        .entry_into_force
        .as_ref()
        .and_then(|v| day(v, "entry_into_force"));
    let mut amendments = Vec::new();
    let mut origins = Vec::new();
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    for raw_amendment in raw.amendments {
        let header = header_span(text, raw_amendment.span());
        let ra = raw_amendment.into_inner();
        let aid = ra.id.get_ref().clone();
        if aid.is_empty()
            || !aid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            || aid.starts_with('.')
        {
            diags.push(
                Diagnostic::error(format!("invalid amendment id \"{aid}\""))
                    .at(file, ra.id.span())
                    .label("not a valid id")
                    .hint("ids use letters, digits, '-', '_' and '.', e.g. \"176-nr3\""),
            );
        }
        if let Some(first) = seen.get(&aid) {
            diags.push(
                Diagnostic::error(format!("two amendments have the id \"{aid}\""))
                    .at(file, ra.id.span())
                    .label("second use")
                    .related(file, first.clone(), "first use")
                    .hint("reports refer to amendments by id; give each its own"),
            );
        } else {
            seen.insert(aid.clone(), ra.id.span());
        }
        let target_span = ra.target.span();
        let target = match citation::parse(ra.target.get_ref()) {
            Ok(c) => c,
            Err(e) => {
                let inner = text_origin(file, text, target_span.clone(), ra.target.get_ref());
                diags.push(
                    Diagnostic::error(format!("invalid target citation: {}", e.message))
                        .at(file, inner.map(e.span.clone()))
                        .label("here")
                        .hint(e.hint),
                );
                continue;
            }
        };
        let words_span = [&ra.words, &ra.after, &ra.before]
            .into_iter()
            .flatten()
            .next()
            .map(Spanned::span);
        let text_span = ra
            .text
            .as_ref()
            .map(|t| text_origin(file, text, t.span(), t.get_ref()));
        let action = match action(&ra, &target, file) {
            Ok(a) => a,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        origins.push(AmendmentOrigin {
            header,
            id: ra.id.span(),
            target: target_span,
            words: words_span,
            text: text_span,
        });
        amendments.push(Amendment {
            id: aid,
            target,
            action,
            rationale: ra.rationale,
        });
    }
    if diags.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    let proposal = Proposal {
        id,
        title: raw.title,
        author: raw.author,
        date: proposal_date?,
        status,
        law: raw.law.get_ref().clone(),
        base: base?,
        entry_into_force,
        note: raw.note,
        rationale: raw.rationale,
        amendments,
    };
    let origin = ProposalOrigin {
        file,
        base: raw.base.span(),
        law: raw.law.span(),
        amendments: origins,
    };
    Some((proposal, origin))
}

/// The `[[amendment]]` line that opens a table whose first key is at `span`.
fn header_span(text: &str, span: Range<usize>) -> Range<usize> {
    let before = &text[..span.start.min(text.len())];
    match before.rfind("[[amendment]]") {
        Some(i) => i..i + "[[amendment]]".len(),
        None => span,
    }
}

/// Builds the action from the arguments present, or explains which are wrong.
fn action(
    ra: &RawAmendment,
    target: &citation::Citation,
    file: FileId,
) -> Result<Action, Diagnostic> {
    let verb = ra.action.get_ref().as_str();
    let at_action = |msg: String, hint: &str| {
        Diagnostic::error(msg)
            .at(file, ra.action.span())
            .label("this action")
            .hint(hint)
    };
    // Which optional keys are present, to reject ones the action does not take.
    let present: Vec<(&str, Range<usize>)> = [
        ("words", ra.words.as_ref().map(Spanned::span)),
        ("by", ra.by.as_ref().map(Spanned::span)),
        ("after", ra.after.as_ref().map(Spanned::span)),
        ("before", ra.before.as_ref().map(Spanned::span)),
        ("insert", ra.insert.as_ref().map(Spanned::span)),
        ("text", ra.text.as_ref().map(Spanned::span)),
        ("title", ra.title.as_ref().map(Spanned::span)),
        ("jeweils", ra.jeweils.as_ref().map(Spanned::span)),
        ("occurrence", ra.occurrence.as_ref().map(Spanned::span)),
        ("renumber", ra.renumber.as_ref().map(Spanned::span)),
        ("section", ra.sections.first().map(Spanned::span)),
    ]
    .into_iter()
    .filter_map(|(k, s)| s.map(|s| (k, s)))
    .collect();
    let allow = |keys: &[&str], what: &str| -> Result<(), Diagnostic> {
        match present.iter().find(|(k, _)| !keys.contains(k)) {
            Some((k, span)) => Err(
                Diagnostic::error(format!("`{k}` does not belong to {what}"))
                    .at(file, span.clone())
                    .label("not used by this action")
                    .hint(format!(
                        "{what} takes: {}",
                        if keys.is_empty() {
                            "no further keys".to_owned()
                        } else {
                            keys.join(", ")
                        }
                    )),
            ),
            None => Ok(()),
        }
    };
    let occurrence = || -> Result<Occurrence, Diagnostic> {
        match (&ra.jeweils, &ra.occurrence) {
            (Some(j), Some(_)) if *j.get_ref() => Err(Diagnostic::error(
                "`jeweils` and `occurrence` exclude each other",
            )
            .at(file, j.span())
            .hint("`jeweils = true` changes every occurrence; `occurrence = n` only the n-th")),
            (Some(j), _) if *j.get_ref() => Ok(Occurrence::Every),
            (_, Some(n)) if *n.get_ref() == 0 => {
                Err(Diagnostic::error("`occurrence` counts from 1")
                    .at(file, n.span())
                    .hint("write `occurrence = 1` for the first occurrence"))
            }
            (_, Some(n)) => Ok(Occurrence::Nth(*n.get_ref())),
            _ => Ok(Occurrence::Only),
        }
    };
    let s = |v: &Option<Spanned<String>>| v.as_ref().map(|x| x.get_ref().clone());
    let nonempty = |v: &Option<Spanned<String>>, key: &str| -> Result<(), Diagnostic> {
        match v {
            Some(x) if x.get_ref().trim().is_empty() => {
                Err(Diagnostic::error(format!("`{key}` is empty"))
                    .at(file, x.span())
                    .label("empty")
                    .hint(match key {
                        "by" => "to remove words use `action = \"streichen\"`".to_owned(),
                        "insert" | "text" | "title" => format!("write the new words in `{key}`"),
                        _ => format!("`{key}` names words of the text as it stands"),
                    }))
            }
            _ => Ok(()),
        }
    };
    nonempty(&ra.words, "words")?;
    nonempty(&ra.after, "after")?;
    nonempty(&ra.before, "before")?;
    nonempty(&ra.by, "by")?;
    nonempty(&ra.insert, "insert")?;
    nonempty(&ra.text, "text")?;
    nonempty(&ra.title, "title")?;
    let whole_section = target.is_whole_section();
    let range = matches!(target.sections, Sections::Range(..));
    if range && verb != "ersetzen" {
        return Err(at_action(
            format!("a range of sections can only be replaced, not \"{verb}\""),
            "use `action = \"ersetzen\"` with [[amendment.section]] tables, or one amendment per section",
        ));
    }
    let renumber = ra.renumber.as_ref().is_some_and(|r| *r.get_ref());
    match verb {
        "ersetzen" if range || !ra.sections.is_empty() => {
            allow(&["section"], "replacing sections")?;
            if !range {
                return Err(at_action(
                    "[[amendment.section]] tables need a range target".into(),
                    "write the target as \"§§ 176 bis 176b\"",
                ));
            }
            if ra.sections.is_empty() {
                return Err(at_action(
                    "replacing sections needs the new sections".into(),
                    "add one [[amendment.section]] table (number, title, text) per new section",
                ));
            }
            let sections = ra
                .sections
                .iter()
                .map(|s| {
                    let s = s.get_ref();
                    NewSection {
                        number: s.number.clone(),
                        title: s.title.clone(),
                        text: s.text.clone(),
                    }
                })
                .collect();
            Ok(Action::ReplaceSections { sections })
        }
        "ersetzen" if ra.words.is_some() || ra.by.is_some() => {
            allow(&["words", "by", "jeweils", "occurrence"], "replacing words")?;
            let (Some(words), Some(by)) = (s(&ra.words), s(&ra.by)) else {
                return Err(at_action(
                    "replacing words needs both `words` and `by`".into(),
                    "write `words = \"old words\"` and `by = \"new words\"`",
                ));
            };
            Ok(Action::ReplaceWords {
                words,
                by,
                occurrence: occurrence()?,
            })
        }
        "ersetzen" | "fassen" if ra.text.is_some() => {
            allow(&["text"], "replacing a unit")?;
            let form = if verb == "fassen" {
                ReplaceForm::Fassen
            } else {
                ReplaceForm::Ersetzen
            };
            Ok(Action::ReplaceUnit {
                text: s(&ra.text).unwrap_or_default(),
                form,
            })
        }
        "fassen" if ra.title.is_some() => {
            allow(&["title"], "a new heading")?;
            if !whole_section {
                return Err(at_action(
                    "only a section has a heading".into(),
                    "cite the section alone, e.g. target = \"§ 176\"",
                ));
            }
            Ok(Action::ReplaceTitle {
                title: s(&ra.title).unwrap_or_default(),
            })
        }
        "ersetzen" | "fassen" => Err(at_action(
            format!("\"{verb}\" needs `words` and `by`, a new `text`, or a new `title`"),
            "e.g. `words = \"X\"`, `by = \"Y\"`; or `text = \"(3) ...\"` for a whole unit",
        )),
        "einfügen" if ra.after.is_some() || ra.before.is_some() || ra.insert.is_some() => {
            allow(
                &["after", "before", "insert", "jeweils", "occurrence"],
                "inserting words",
            )?;
            let (anchor, position) = match (s(&ra.after), s(&ra.before)) {
                (Some(a), None) => (a, Position::After),
                (None, Some(b)) => (b, Position::Before),
                _ => {
                    return Err(at_action(
                        "inserting words needs exactly one of `after` and `before`".into(),
                        "e.g. `after = \"Kind\"`, `insert = \"oder einen Jugendlichen\"`",
                    ));
                }
            };
            let Some(words) = s(&ra.insert) else {
                return Err(at_action(
                    "inserting words needs `insert`, the new words".into(),
                    "e.g. `insert = \"oder einen Jugendlichen\"`",
                ));
            };
            Ok(Action::InsertWords {
                anchor,
                position,
                words,
                occurrence: occurrence()?,
            })
        }
        "einfügen" if whole_section && ra.title.is_some() => {
            allow(&["title", "text"], "inserting a section")?;
            let (Some(title), Some(text)) = (s(&ra.title), s(&ra.text)) else {
                return Err(at_action(
                    "a new section needs `title` and `text`".into(),
                    "e.g. `title = \"...\"` and `text = \"\"\"(1) ...\"\"\"`",
                ));
            };
            let number = target.section().unwrap_or_default().to_owned();
            Ok(Action::InsertSection(NewSection {
                number,
                title,
                text,
            }))
        }
        "einfügen" => {
            allow(&["text", "renumber"], "inserting a unit")?;
            let Some(text) = s(&ra.text) else {
                return Err(at_action(
                    "\"einfügen\" needs `text` (a new unit or section) or `after`/`before` with `insert` (new words)".into(),
                    "e.g. target = \"§ 176 Abs. 1 Nr. 2\", text = \"3. ...\", renumber = true",
                ));
            };
            if whole_section {
                return Err(at_action(
                    "to insert a section, give its `title` and `text`".into(),
                    "target names the new section, e.g. \"§ 176f\"; to add a unit at the end of a section use `anfügen`",
                ));
            }
            Ok(Action::InsertUnit { text, renumber })
        }
        "anfügen" | "voranstellen" => {
            allow(&["text"], "adding a unit")?;
            let Some(text) = s(&ra.text) else {
                return Err(at_action(
                    format!("\"{verb}\" needs `text`, the new unit"),
                    "e.g. `text = \"Der Versuch ist strafbar.\"`",
                ));
            };
            Ok(if verb == "anfügen" {
                Action::AppendUnit { text }
            } else {
                Action::PrependUnit { text }
            })
        }
        "streichen" => {
            allow(&["words", "jeweils", "occurrence"], "deleting words")?;
            let Some(words) = s(&ra.words) else {
                return Err(at_action(
                    "\"streichen\" needs `words`".into(),
                    "to remove a whole unit or section use `aufheben`",
                ));
            };
            Ok(Action::DeleteWords {
                words,
                occurrence: occurrence()?,
            })
        }
        "aufheben" => {
            allow(&["renumber"], "repealing")?;
            if whole_section {
                if renumber {
                    return Err(at_action(
                        "sections are never renumbered".into(),
                        "a repealed section stays as \"(weggefallen)\"; remove `renumber`",
                    ));
                }
                Ok(Action::RepealSection)
            } else {
                Ok(Action::RepealUnit { renumber })
            }
        }
        other => Err(at_action(
            format!("unknown action \"{other}\""),
            &format!("actions are the Handbuch's verbs: {VERBS}"),
        )),
    }
}
