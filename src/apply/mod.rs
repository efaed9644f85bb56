//! Stage 3, apply: carries out a proposal's amendments on the law in force,
//! recording for every inserted and deleted word which amendment did it.
//!
//! Each section is held as a sequence of attributed tokens. Deleting words
//! marks their tokens as deleted (tombstones) instead of removing them, so
//! after all amendments the sequence holds the old text (tokens not
//! inserted) and the new text (tokens not deleted) at once, with the
//! amendment behind each change. The redline stage reads it as it is.

mod engine;
mod tokens;

pub use engine::{ApplyError, Field, apply, apply_all};
pub use tokens::{AttributedText, Token};

use std::sync::Arc;

use jiff::civil::Date;

use crate::model::outline::Outline;
use crate::model::statute::Content;

/// Index of an amendment in its proposal's list.
pub type AmendmentIx = usize;

/// The result of applying a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The proposal's id.
    pub proposal: String,
    /// The day whose law was amended.
    pub base: Date,
    /// Every section the proposal touches, in the law's order.
    pub sections: Vec<SectionResult>,
    /// Things allowed but worth a look (e.g. deleting words an earlier amendment inserted).
    pub warnings: Vec<ApplyError>,
}

/// One section before and after the proposal, with provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionResult {
    /// "176"
    pub number: String,
    /// The section in force on the base day; `None` if the proposal creates it.
    pub before: Option<Content>,
    /// The section after the proposal.
    pub after: Content,
    /// The heading, attributed.
    pub title: AttributedText,
    /// The text, attributed.
    pub text: AttributedText,
    /// The amendments that touched the section, in order.
    pub amendments: Vec<AmendmentIx>,
    /// The units of `text`'s new text, when the engine has them from
    /// checking the last amendment, so the redline need not parse it again.
    pub outline: Option<Arc<Outline>>,
}
