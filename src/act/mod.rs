//! The amending act (Änderungsgesetz) in the form of the Handbuch der
//! Rechtsförmlichkeit, Teil D: the draft's heading, Artikel 1 with the
//! Eingangssatz and the numbered Änderungsbefehle, Artikel 2 on entry into
//! force, and the Begründung (A. Allgemeiner Teil, B. Besonderer Teil).
//!
//! [`build`] gives plain data; the renderers in [`crate::render`] print it.
//! The places of the instructions (Nummer, Buchstabe, Doppelbuchstabe) come
//! from [`numbering::plan`], the same plan [`references`] reads.

mod context;
pub mod numbering;
mod phrase;
mod wording;

pub use numbering::references;

use jiff::civil::Date;
use serde::Serialize;

use crate::apply::{ApplyError, Field, apply};
use crate::model::proposal::{Proposal, Status};
use crate::model::statute::Law;
use numbering::{BuchstabeBody, NummerBody, Place};
use wording::{Frame, instruction, sections_name};

/// An amending act, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Act {
    /// The proposal's id.
    pub proposal: String,
    /// "Entwurf eines Gesetzes zur ..."
    pub heading: String,
    /// Who drafted it.
    pub author: String,
    /// The date of the draft.
    pub date: Date,
    /// Where the proposal stands.
    pub status: Status,
    /// The notice every output shows prominently, if the proposal has one.
    pub note: Option<String>,
    /// Artikel 1 (the amendments) and, if the proposal names a day, Artikel 2.
    pub articles: Vec<Article>,
    /// The Begründung.
    pub rationale: Rationale,
}

/// One Artikel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// 1, 2
    pub number: usize,
    /// "Änderung des Strafgesetzbuches", "Inkrafttreten"
    pub title: String,
    /// The Eingangssatz ("Das Strafgesetzbuch ... wird wie folgt geändert:")
    /// or the article's whole text.
    pub intro: String,
    /// The numbered instructions (empty for Artikel 2).
    pub instructions: Vec<Instruction>,
}

/// A numbered instruction: a Nummer, Buchstabe or Doppelbuchstabe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// "1.", "a)", "aa)"
    pub label: String,
    /// Its place: "Art. 1 Nr. 1 Buchst. a".
    pub reference: String,
    /// The amendment it carries out (for instructions without children).
    pub amendment: Option<String>,
    /// The sentence: "§ 176 wird wie folgt geändert:", "Absatz 2 wird aufgehoben."
    pub text: String,
    /// The new text it quotes.
    pub quote: Option<Quote>,
    /// The instructions it is divided into.
    pub children: Vec<Instruction>,
}

/// Quoted new text: „ before the first paragraph, “ after the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The paragraphs, byte for byte as the proposal has them.
    pub paragraphs: Vec<String>,
    /// Whether a full stop follows the closing mark (the quoted text does
    /// not end a sentence itself: „Zwangsprostitution“.).
    pub period: bool,
}

impl Quote {
    /// Quotes `paragraphs`.
    pub fn new(paragraphs: Vec<String>) -> Quote {
        let period = !paragraphs
            .last()
            .is_some_and(|p| p.trim_end().ends_with(['.', '!', '?']));
        Quote { paragraphs, period }
    }
}

/// The Begründung.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rationale {
    /// A. Allgemeiner Teil, in paragraphs.
    pub general: Vec<String>,
    /// B. Besonderer Teil: "Zu Artikel 1", "Zu Artikel 2".
    pub special: Vec<Zu>,
}

/// A part of the Besonderer Teil: "Zu Nummer 1 (§ 176)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Zu {
    /// "Zu Artikel 1", "Zu Nummer 1 (§ 176)", "Zu Buchstabe a", "Zu Doppelbuchstabe aa"
    pub heading: String,
    /// The instruction it explains ("Art. 1 Nr. 1 Buchst. a").
    pub reference: String,
    /// The amendment whose reasons these are.
    pub amendment: Option<String>,
    /// The reasons, in paragraphs.
    pub paragraphs: Vec<String>,
    /// The parts below.
    pub children: Vec<Zu>,
}

/// Writes the act for `proposal`, which amends `law`, as of the proposal's
/// base day. Fails where the proposal cannot be applied, with the engine's
/// error, or when it has no amendments.
pub fn build(proposal: &Proposal, law: &Law) -> Result<Act, ApplyError> {
    if proposal.amendments.is_empty() {
        return Err(ApplyError {
            amendment: None,
            field: Field::Amendment,
            message: format!(
                "the proposal \"{}\" has no amendments, so there is no act to write",
                proposal.id
            ),
            hint: "add [[amendment]] tables to the proposal (see proposals/README.md)".into(),
            other: None,
        });
    }
    apply(law, proposal, None)?;
    let plan = numbering::plan(proposal);
    let mut instructions = Vec::new();
    let mut zu_nummern = Vec::new();
    for n in &plan.nummern {
        let place = |b: Option<&str>, d: Option<&str>| Place {
            nummer: n.number,
            buchstabe: b.map(str::to_owned),
            doppelbuchstabe: d.map(str::to_owned),
        };
        let label = format!("{}.", n.number);
        let sections = sections_name(&n.sections);
        let zu_heading = format!("Zu Nummer {} ({sections})", n.number);
        match &n.body {
            NummerBody::Single(ix) => {
                let frame = Frame {
                    names_section: true,
                    consumed: 0,
                };
                instructions.push(leaf(proposal, law, *ix, frame, label, place(None, None))?);
                zu_nummern.push(zu_leaf(proposal, *ix, zu_heading, place(None, None)));
            }
            NummerBody::Letters(letters) => {
                let consumed = usize::from(n.absatz.is_some());
                let intro = match (&n.sections, &n.absatz) {
                    (crate::model::citation::Sections::Range(..), _) => {
                        format!("Die {sections} werden wie folgt geändert:")
                    }
                    (_, Some(absatz)) => {
                        format!("{sections} Absatz {absatz} wird wie folgt geändert:")
                    }
                    (_, None) => format!("{sections} wird wie folgt geändert:"),
                };
                let mut children = Vec::new();
                let mut zu_children = Vec::new();
                for b in letters {
                    let b_label = format!("{})", b.letter);
                    let b_zu = format!("Zu Buchstabe {}", b.letter);
                    match &b.body {
                        BuchstabeBody::Single(ix) => {
                            let frame = Frame {
                                names_section: false,
                                consumed,
                            };
                            let p = place(Some(&b.letter), None);
                            children.push(leaf(proposal, law, *ix, frame, b_label, p.clone())?);
                            zu_children.push(zu_leaf(proposal, *ix, b_zu, p));
                        }
                        BuchstabeBody::Absatz { absatz, items } => {
                            let frame = Frame {
                                names_section: false,
                                consumed: 1,
                            };
                            let mut grand = Vec::new();
                            let mut zu_grand = Vec::new();
                            for (dl, ix) in items {
                                let p = place(Some(&b.letter), Some(dl));
                                grand.push(leaf(
                                    proposal,
                                    law,
                                    *ix,
                                    frame,
                                    format!("{dl})"),
                                    p.clone(),
                                )?);
                                zu_grand.push(zu_leaf(
                                    proposal,
                                    *ix,
                                    format!("Zu Doppelbuchstabe {dl}"),
                                    p,
                                ));
                            }
                            let first = items.first().map(|(_, ix)| *ix).unwrap_or_default();
                            let text = absatz_intro(proposal, law, first, absatz)?;
                            let reference = place(Some(&b.letter), None).reference();
                            children.push(node(b_label, reference.clone(), text, grand));
                            zu_children.push(zu_node(b_zu, reference, zu_grand));
                        }
                    }
                }
                instructions.push(node(label, place(None, None).reference(), intro, children));
                zu_nummern.push(zu_node(
                    zu_heading,
                    place(None, None).reference(),
                    zu_children,
                ));
            }
        }
    }
    let mut articles = vec![Article {
        number: 1,
        title: format!("Änderung {}", genitive(&law.name)),
        intro: format!(
            "{} {} wird wie folgt geändert:",
            nominative(&law.name),
            law.citation
        ),
        instructions,
    }];
    let mut special = vec![zu_node("Zu Artikel 1".into(), "Art. 1".into(), zu_nummern)];
    if let Some(day) = proposal.entry_into_force {
        articles.push(Article {
            number: 2,
            title: "Inkrafttreten".into(),
            intro: format!(
                "Dieses Gesetz tritt am {} in Kraft.",
                crate::model::date::german(day)
            ),
            instructions: Vec::new(),
        });
        special.push(Zu {
            heading: "Zu Artikel 2".into(),
            reference: "Art. 2".into(),
            amendment: None,
            paragraphs: vec!["Die Vorschrift regelt das Inkrafttreten.".into()],
            children: Vec::new(),
        });
    }
    Ok(Act {
        proposal: proposal.id.clone(),
        heading: heading(&proposal.title),
        author: proposal.author.clone(),
        date: proposal.date,
        status: proposal.status,
        note: proposal.note.as_ref().map(|n| n.trim().to_owned()),
        articles,
        rationale: Rationale {
            general: paragraphs(&proposal.rationale),
            special,
        },
    })
}

fn leaf(
    proposal: &Proposal,
    law: &Law,
    ix: usize,
    frame: Frame,
    label: String,
    place: Place,
) -> Result<Instruction, ApplyError> {
    let Some(a) = proposal.amendments.get(ix) else {
        return Ok(node(label, place.reference(), String::new(), Vec::new()));
    };
    let before = context::Before::at(law, proposal, ix)?;
    let w = instruction(a, frame, &before);
    Ok(Instruction {
        label,
        reference: place.reference(),
        amendment: Some(a.id.clone()),
        text: w.text,
        quote: w.quote,
        children: Vec::new(),
    })
}

fn node(label: String, reference: String, text: String, children: Vec<Instruction>) -> Instruction {
    Instruction {
        label,
        reference,
        amendment: None,
        text,
        quote: None,
        children,
    }
}

/// "Absatz 1 wird wie folgt geändert:", or "Der neue Absatz 7 ..." when an
/// earlier instruction renumbered it.
fn absatz_intro(
    proposal: &Proposal,
    law: &Law,
    first: usize,
    absatz: &str,
) -> Result<String, ApplyError> {
    let new = match proposal.amendments.get(first) {
        Some(a) => {
            let number = a.target.section().unwrap_or_default();
            context::Before::at(law, proposal, first)?.first_new(number, &a.target.path) == Some(0)
        }
        None => false,
    };
    Ok(if new {
        format!("Der neue Absatz {absatz} wird wie folgt geändert:")
    } else {
        format!("Absatz {absatz} wird wie folgt geändert:")
    })
}

fn zu_leaf(proposal: &Proposal, ix: usize, heading: String, place: Place) -> Zu {
    let a = proposal.amendments.get(ix);
    Zu {
        heading,
        reference: place.reference(),
        amendment: a.map(|a| a.id.clone()),
        paragraphs: a.map_or_else(Vec::new, |a| paragraphs(&a.rationale)),
        children: Vec::new(),
    }
}

fn zu_node(heading: String, reference: String, children: Vec<Zu>) -> Zu {
    Zu {
        heading,
        reference,
        amendment: None,
        paragraphs: Vec::new(),
        children,
    }
}

/// Paragraphs of a rationale: the blocks between blank lines, trimmed.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "Entwurf eines Gesetzes zur ..." from the title "Gesetz zur ...";
/// "Zweites Gesetz zur ..." becomes "Entwurf eines Zweiten Gesetzes zur ...",
/// "Strafrechtsänderungsgesetz" "Entwurf eines Strafrechtsänderungsgesetzes".
pub fn heading(title: &str) -> String {
    let title = title.trim();
    let (first, rest) = title.split_once(' ').unwrap_or((title, ""));
    let rest = if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    };
    if first == "Gesetz" {
        return format!("Entwurf eines Gesetzes{rest}");
    }
    if first.ends_with("gesetz") {
        return format!("Entwurf eines {first}es{rest}");
    }
    if let (Some(stem), Some(("Gesetz", tail))) =
        (first.strip_suffix("es"), rest.trim_start().split_once(' '))
    {
        return format!("Entwurf eines {stem}en Gesetzes {tail}");
    }
    format!("Entwurf: {title}")
}

/// Whether a law's name is feminine ("Strafprozessordnung"); the others
/// the store can hold are neuter ("Strafgesetzbuch", "Gesetz").
fn feminine(name: &str) -> bool {
    name.ends_with("ordnung")
}

/// "des Strafgesetzbuches", "der Strafprozessordnung"
fn genitive(name: &str) -> String {
    if feminine(name) {
        format!("der {name}")
    } else if name.ends_with('s') {
        format!("des {name}")
    } else {
        format!("des {name}es")
    }
}

/// "Das", "Die": the article the Eingangssatz opens with.
fn nominative(name: &str) -> &'static str {
    if feminine(name) { "Die" } else { "Das" }
}

#[cfg(test)]
mod tests;
