//! Proposals: amending instructions (Änderungsbefehle) with their reasons.
//!
//! The verbs are those of the Handbuch der Rechtsförmlichkeit, Teil D:
//! ersetzen, einfügen, anfügen, voranstellen, streichen, aufheben, fassen.

use std::fmt;

use jiff::civil::Date;

use super::citation::Citation;

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written.
    Draft,
    /// Sent to the committee or ministry.
    Submitted,
    /// Became law.
    Adopted,
    /// Turned down.
    Rejected,
    /// Taken back by its author.
    Withdrawn,
}

impl Status {
    /// Every status, for messages that list them.
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Submitted,
        Status::Adopted,
        Status::Rejected,
        Status::Withdrawn,
    ];

    /// The name used in proposal files.
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Adopted => "adopted",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// Reads a status name.
    pub fn from_name(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.name() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A proposal to amend one law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Stable id, the file name without ".toml".
    pub id: String,
    /// "Gesetz zur ..."
    pub title: String,
    /// The organisation behind it.
    pub author: String,
    /// The date of this draft.
    pub date: Date,
    /// Where it stands.
    pub status: Status,
    /// The abbreviation of the law it amends ("StGB").
    pub law: String,
    /// The day whose law in force it amends.
    pub base: Date,
    /// The day it would enter into force, if it says.
    pub entry_into_force: Option<Date>,
    /// A notice every output shows prominently (e.g. that it is an illustration).
    pub note: Option<String>,
    /// The general part of the rationale (Allgemeiner Teil der Begründung).
    pub rationale: String,
    /// The amending instructions, in the order they apply.
    pub amendments: Vec<Amendment>,
}

/// One amending instruction with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// Stable id that reports refer to.
    pub id: String,
    /// The unit or section it changes.
    pub target: Citation,
    /// What it does.
    pub action: Action,
    /// Its rationale (Besonderer Teil der Begründung).
    pub rationale: String,
}

/// Which occurrences of some words an instruction changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Occurrence {
    /// The words must occur exactly once.
    Only,
    /// The n-th occurrence (1-based).
    Nth(u32),
    /// Every occurrence ("jeweils").
    Every,
}

/// Where inserted words go relative to the words they are anchored to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// "nach dem Wort „X“ wird ... eingefügt"
    After,
    /// "vor dem Wort „X“ wird ... eingefügt"
    Before,
}

/// How a replaced unit is introduced in the act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplaceForm {
    /// "wird wie folgt gefasst"
    Fassen,
    /// "wird durch den folgenden ... ersetzt"
    Ersetzen,
}

/// A section that an instruction creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSection {
    /// "176c"
    pub number: String,
    /// Its heading.
    pub title: String,
    /// Its text, in the official layout.
    pub text: String,
}

/// What an amending instruction does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// ersetzen: "die Wörter „X“ werden durch die Wörter „Y“ ersetzt".
    ReplaceWords {
        /// The words to find.
        words: String,
        /// What replaces them.
        by: String,
        /// Which occurrences.
        occurrence: Occurrence,
    },
    /// einfügen: "nach dem Wort „X“ werden die Wörter „Y“ eingefügt".
    InsertWords {
        /// The words the new ones are placed next to.
        anchor: String,
        /// After or before the anchor.
        position: Position,
        /// The new words.
        words: String,
        /// Which occurrences of the anchor.
        occurrence: Occurrence,
    },
    /// streichen: "die Wörter „X“ werden gestrichen".
    DeleteWords {
        /// The words to remove.
        words: String,
        /// Which occurrences.
        occurrence: Occurrence,
    },
    /// fassen / ersetzen: the target unit (or a section's whole text) gets a new text.
    ReplaceUnit {
        /// The new text, label included.
        text: String,
        /// The wording the act uses.
        form: ReplaceForm,
    },
    /// einfügen: a new unit of the target's kind after the target.
    InsertUnit {
        /// The new unit, label included (a Satz has none).
        text: String,
        /// Whether the following units of that kind are renumbered.
        renumber: bool,
    },
    /// anfügen: a new unit at the end of the target.
    AppendUnit {
        /// The new unit, label included.
        text: String,
    },
    /// voranstellen: a new unit at the start of the target.
    PrependUnit {
        /// The new unit, label included.
        text: String,
    },
    /// aufheben: the target unit is repealed.
    RepealUnit {
        /// Whether the following units are renumbered (otherwise the unit
        /// stays as "(weggefallen)"; a Satz simply goes).
        renumber: bool,
    },
    /// fassen: a section gets a new heading.
    ReplaceTitle {
        /// The new heading.
        title: String,
    },
    /// einfügen: a new section.
    InsertSection(NewSection),
    /// ersetzen: "die §§ 176 bis 176b werden durch die folgenden §§ 176 bis 176d ersetzt".
    ReplaceSections {
        /// The new sections, in order.
        sections: Vec<NewSection>,
    },
    /// aufheben: the section is repealed and reads "(weggefallen)".
    RepealSection,
}

impl Action {
    /// The Handbuch verb for the action, as proposal files spell it.
    pub fn verb(&self) -> &'static str {
        match self {
            Action::ReplaceWords { .. } | Action::ReplaceSections { .. } => "ersetzen",
            Action::ReplaceUnit {
                form: ReplaceForm::Ersetzen,
                ..
            } => "ersetzen",
            Action::ReplaceUnit {
                form: ReplaceForm::Fassen,
                ..
            }
            | Action::ReplaceTitle { .. } => "fassen",
            Action::InsertWords { .. } | Action::InsertUnit { .. } | Action::InsertSection(_) => {
                "einfügen"
            }
            Action::DeleteWords { .. } => "streichen",
            Action::AppendUnit { .. } => "anfügen",
            Action::PrependUnit { .. } => "voranstellen",
            Action::RepealUnit { .. } | Action::RepealSection => "aufheben",
        }
    }
}
