//! Stage 4, redline: struck and inserted words, grouped by unit, each change
//! linked to the amendment(s) that caused it.
//!
//! The input is either the engine's provenance ([`crate::apply::Applied`])
//! or two texts without provenance (two versions, two proposals, two
//! drafts), compared word by word and aligned by structure. The output is
//! plain data for the renderers.

use jiff::civil::Date;
use serde::Serialize;

/// What a redline compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Side {
    /// The law in force on a day.
    Law {
        /// The day.
        day: Date,
    },
    /// The law as a proposal would make it.
    Proposal {
        /// The proposal's id.
        id: String,
        /// The day whose law it amends.
        base: Date,
        /// The git revision the proposal was read from, if not the working tree.
        rev: Option<String>,
    },
}

/// A redline of one or more sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redline {
    /// The law's abbreviation ("StGB").
    pub law: String,
    /// The old side.
    pub from: Side,
    /// The new side.
    pub to: Side,
    /// The sections compared, in the law's order (unchanged ones left out).
    pub sections: Vec<SectionRedline>,
    /// The amendments the changes refer to, numbered for notes; empty
    /// without provenance.
    pub notes: Vec<Note>,
}

/// An amendment as a redline refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The note's number (1, 2, ...): the amendment's place in the proposal.
    pub number: usize,
    /// The amendment's id.
    pub id: String,
    /// Its place in the amending act: "Art. 1 Nr. 2 Buchst. a".
    pub reference: String,
    /// The unit it targets: "§ 176 Abs. 1 Nr. 2".
    pub target: String,
    /// The Handbuch verb: "einfügen".
    pub action: String,
    /// Its rationale (Besonderer Teil).
    pub rationale: String,
}

/// How a section fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionStatus {
    /// Some words change.
    Changed,
    /// The section is new.
    Added,
    /// The section is repealed.
    Repealed,
    /// Nothing changes.
    Unchanged,
}

/// The redline of one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRedline {
    /// "176"
    pub number: String,
    /// How the section fares.
    pub status: SectionStatus,
    /// The heading, word by word.
    pub title: Vec<Segment>,
    /// The text's paragraphs (Absätze, list items, Schlussteile) in order.
    pub blocks: Vec<Block>,
}

/// How a paragraph fares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockChange {
    /// Same words, same number.
    Unchanged,
    /// Some words change.
    Changed,
    /// The paragraph is new.
    Inserted,
    /// The paragraph goes.
    Deleted,
    /// Same words under a new number: "(3)" became "(4)".
    Renumbered {
        /// The old label.
        from: String,
        /// The new label.
        to: String,
    },
    /// The paragraph moved; this is its old or new place.
    Moved {
        /// The unit at the other place.
        counterpart: String,
    },
}

/// One paragraph of a section's text: an Absatz's first lines, a list item
/// or a Schlussteil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The unit the paragraph opens, short form: "Abs. 1 Nr. 3" (new
    /// numbering; old numbering for deleted paragraphs).
    pub unit: String,
    /// How it fares.
    pub change: BlockChange,
    /// Whether an unchanged paragraph is kept as context for a change
    /// next to it (e.g. the words that introduce a changed list item).
    pub context: bool,
    /// Its words. The first segments hold the white space that separates
    /// the paragraph from the one before.
    pub segments: Vec<Segment>,
}

/// What happens to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text (struck).
    Delete,
    /// Only in the new text (inserted).
    Insert,
}

/// A run of text with its fate and the amendments behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Equal, deleted or inserted.
    pub op: Op,
    /// The text, byte for byte.
    pub text: String,
    /// Ids of the amendments that made the change (empty for equal text
    /// and for diffs without provenance).
    pub amendments: Vec<String>,
}

impl SectionRedline {
    /// The old text: equal and deleted runs.
    pub fn old_text(&self) -> String {
        collect(&self.blocks, Op::Delete)
    }

    /// The new text: equal and inserted runs.
    pub fn new_text(&self) -> String {
        collect(&self.blocks, Op::Insert)
    }
}

fn collect(blocks: &[Block], keep: Op) -> String {
    blocks
        .iter()
        .flat_map(|b| &b.segments)
        .filter(|s| s.op == Op::Equal || s.op == keep)
        .map(|s| s.text.as_str())
        .collect()
}

mod blocks;
mod compare;
mod provenance;

pub use compare::{compare_sections, compare_texts};
pub use provenance::{
    Draft, against_other_text, back_to_text, between_applied, for_proposal, notes, referenced_notes,
};

/// A run of text with its fate, before it is cut into paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    op: Op,
    text: String,
    amendments: Vec<String>,
}

impl Run {
    fn new(op: Op, text: impl Into<String>, amendments: Vec<String>) -> Self {
        Run {
            op,
            text: text.into(),
            amendments,
        }
    }
}

/// Appends a run, merging it into the last one when fate and amendments match.
fn push_run(runs: &mut Vec<Run>, run: Run) {
    if run.text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.op == run.op && last.amendments == run.amendments => {
            last.text.push_str(&run.text)
        }
        _ => runs.push(run),
    }
}

/// Turns runs into segments for a heading (no paragraphs).
fn segments(runs: Vec<Run>) -> Vec<Segment> {
    runs.into_iter()
        .map(|r| Segment {
            op: r.op,
            text: r.text,
            amendments: r.amendments,
        })
        .collect()
}
