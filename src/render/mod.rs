//! Stage 5, render: turns plain data from the earlier stages into text for
//! terminals, Markdown, HTML and JSON. One file per output format; the
//! display model they share is in [`view`], their words in [`labels`].

pub mod act_html;
pub mod act_md;
pub mod act_text;
pub mod html;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod report;
pub mod table;
pub mod term;
pub mod view;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::proposal::{Proposal, Status};
use crate::redline::{Redline, Side};
use labels::{Labels, Lang};

/// A redline with what its outputs show around it.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The redline.
    pub redline: &'a Redline,
    /// The proposals on either side, whose titles and notices are shown.
    pub proposals: Vec<ProposalInfo>,
    /// Whether to open with a table of the sections compared (whole-law diffs).
    pub summary: bool,
    /// The language of the labels.
    pub lang: Lang,
}

/// A proposal as outputs introduce it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalInfo {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who wrote it.
    pub author: String,
    /// The date of the draft.
    pub date: Date,
    /// Where it stands.
    pub status: Status,
    /// The notice every output shows prominently.
    pub note: Option<String>,
}

impl From<&Proposal> for ProposalInfo {
    fn from(p: &Proposal) -> Self {
        ProposalInfo {
            id: p.id.clone(),
            title: p.title.clone(),
            author: p.author.clone(),
            date: p.date,
            status: p.status,
            note: p.note.as_ref().map(|n| n.trim().to_owned()),
        }
    }
}

impl Document<'_> {
    /// The labels of the document's language.
    pub fn labels(&self) -> &'static Labels {
        Labels::of(self.lang)
    }

    /// One side of the comparison in words.
    pub fn side(&self, side: &Side) -> String {
        let l = self.labels();
        match side {
            Side::Law { day } => l.law_on(*day),
            Side::Proposal { id, base, rev } => l.proposal_side(id, *base, rev.as_deref()),
        }
    }

    /// The heading of a section: "§ 176 – Sexueller Missbrauch von Kindern".
    pub fn section_heading(number: &str, title: &str) -> String {
        if title.is_empty() {
            format!("§ {number}")
        } else {
            format!("§ {number} – {title}")
        }
    }
}

/// Text of a rationale or notice, split into its paragraphs (blank lines).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// A redline of `sections` from 1 January to 1 February 2021 with notes
/// for the amendment ids `notes`, for the renderers' tests.
#[cfg(test)]
pub(crate) fn test_redline(
    sections: Vec<crate::redline::SectionRedline>,
    notes: &[&str],
) -> Redline {
    use jiff::civil::date;
    Redline {
        law: "StGB".into(),
        from: Side::Law {
            day: date(2021, 1, 1),
        },
        to: Side::Law {
            day: date(2021, 2, 1),
        },
        sections,
        notes: notes
            .iter()
            .enumerate()
            .map(|(i, id)| crate::redline::Note {
                number: i + 1,
                id: id.to_string(),
                reference: String::new(),
                target: String::new(),
                action: String::new(),
                rationale: String::new(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rationale_paragraphs() {
        assert_eq!(
            paragraphs("Erster\nAbsatz.\n\nZweiter.\n"),
            vec!["Erster Absatz.".to_owned(), "Zweiter.".to_owned()]
        );
    }
}
