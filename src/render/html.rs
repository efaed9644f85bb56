//! Redlines as a self-contained HTML page: inline CSS, no scripts, nothing
//! fetched from the network. Struck words in `<del>`, inserted words in
//! `<ins>`; each change links to its note and the note links back. Every
//! text goes through the template engine's HTML escaping.
//!
//! The spans built here are also the cells of the report's Synopse.

use askama::Template;

use super::labels::Labels;
use super::view::{self, BlockView, Line, Mark, Piece, Row, SectionView};
use super::{Document, paragraphs};
use crate::redline::{BlockChange, Note, Op, Redline, SectionStatus};

/// A run of text as a template shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// "same", "del", "ins", "mark" (a link to note `note`) or "info" (a
    /// remark of the tool such as "unverändert").
    pub kind: &'static str,
    /// The text (for "mark": the note's number).
    pub text: String,
    /// The note a mark links to.
    pub note: usize,
    /// Whether a mark is the first of its note (the note links back to it).
    pub first: bool,
}

impl Span {
    fn new(kind: &'static str, text: impl Into<String>) -> Span {
        Span {
            kind,
            text: text.into(),
            note: 0,
            first: false,
        }
    }
}

/// Which words of a line to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Struck and inserted words, marks after changes.
    Both,
    /// The old text with struck words (left column of a Synopse).
    Old,
    /// The new text with inserted words and marks (right column).
    New,
}

/// The spans of `line` on `side`.
pub fn spans(line: &Line, side: Side) -> Vec<Span> {
    let mut out = Vec::new();
    for p in &line.pieces {
        match p {
            Piece::Same(t) => out.push(Span::new("same", t.clone())),
            Piece::Change(c) => {
                let (deleted, inserted, trail, op) = c.split_end();
                let (deleted, inserted) = match side {
                    Side::Both => (deleted, inserted),
                    // One column shows its own side whole.
                    Side::Old => (c.deleted.as_ref(), ""),
                    Side::New => ("", c.inserted.trim_end()),
                };
                if !deleted.is_empty() {
                    out.push(Span::new("del", deleted));
                }
                if !inserted.is_empty() {
                    out.push(Span::new("ins", inserted));
                }
                if side != Side::Old {
                    out.extend(marks(&c.marks));
                }
                let trail = match (side, op) {
                    (Side::Both, Op::Delete) => Some(("del", trail)),
                    (Side::Both, _) => Some(("ins", trail)),
                    (Side::New, _) => Some(("ins", &c.inserted[c.inserted.trim_end().len()..])),
                    (Side::Old, _) => None,
                };
                if let Some((kind, text)) = trail.filter(|(_, t)| !t.is_empty()) {
                    out.push(Span::new(kind, text));
                }
            }
        }
    }
    out
}

/// Spans linking to notes.
pub fn marks(marks: &[Mark]) -> Vec<Span> {
    marks
        .iter()
        .map(|m| Span {
            kind: "mark",
            text: m.number.to_string(),
            note: m.number,
            first: m.first,
        })
        .collect()
}

/// A note as templates show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteView {
    /// Its number.
    pub number: usize,
    /// The amendment's id.
    pub id: String,
    /// Its place in the amending act, when it differs from the target.
    pub reference: Option<String>,
    /// The unit it targets.
    pub target: String,
    /// The verb, glossed for English.
    pub action: String,
    /// The reasons, by paragraph.
    pub rationale: Vec<String>,
    /// Whether a change in the text links to it (so it can link back).
    pub linked: bool,
}

impl NoteView {
    /// The view of `note`; `linked` says whether some change refers to it.
    pub fn new(note: &Note, l: &Labels, linked: bool) -> NoteView {
        NoteView {
            number: note.number,
            id: note.id.clone(),
            reference: (!note.reference.is_empty() && note.reference != note.target)
                .then(|| note.reference.clone()),
            target: note.target.clone(),
            action: l.verb(&note.action),
            rationale: paragraphs(&note.rationale),
            linked,
        }
    }
}

/// A proposal's title and notice as the page opens with them.
#[derive(Debug, Clone)]
struct Intro {
    id: String,
    title: String,
    note: Vec<String>,
}

/// One row of the summary of a whole-law comparison.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    /// Anchor of the section.
    pub anchor: String,
    /// "§ 176"
    pub section: String,
    /// Its heading.
    pub title: String,
    /// How it fares, in words.
    pub status: &'static str,
}

/// A section of the page.
#[derive(Debug, Clone)]
struct SectionHtml {
    number: String,
    anchor: String,
    heading: Vec<Span>,
    status: Option<&'static str>,
    rows: Vec<RowHtml>,
}

/// A paragraph (or a run left out) of the page.
#[derive(Debug, Clone)]
struct RowHtml {
    /// CSS class of the paragraph: its change.
    class: &'static str,
    depth: usize,
    spans: Vec<Span>,
}

#[derive(Template)]
#[template(path = "redline.html")]
struct Page {
    l: &'static Labels,
    heading: String,
    from: String,
    to: String,
    proposals: Vec<Intro>,
    summary: Vec<SummaryRow>,
    show_summary: bool,
    sections: Vec<SectionHtml>,
    notes: Vec<NoteView>,
}

/// Renders `doc` as a self-contained HTML page.
pub fn render(doc: &Document<'_>) -> Result<String, askama::Error> {
    let l = doc.labels();
    let v = view::build(doc.redline);
    let r = doc.redline;
    let page = Page {
        l,
        heading: format!("{} – {}", l.redline, r.law),
        from: doc.side(&r.from),
        to: doc.side(&r.to),
        proposals: doc
            .proposals
            .iter()
            .map(|p| Intro {
                id: p.id.clone(),
                title: p.title.clone(),
                note: p.note.as_deref().map(paragraphs).unwrap_or_default(),
            })
            .collect(),
        summary: summary(l, &v),
        show_summary: doc.summary,
        sections: v.sections.iter().map(|s| section(l, s)).collect(),
        notes: notes(r, &v, l),
    };
    page.render()
}

/// The anchor of a section: "s-176a".
pub fn anchor(number: &str) -> String {
    format!("s-{number}")
}

/// The heading a section is listed under: the new one, or the old one for
/// a repealed section.
pub fn title_text(s: &SectionView) -> String {
    if s.status == SectionStatus::Repealed {
        s.title.old_text()
    } else {
        s.title.new_text()
    }
}

/// The summary table's rows.
pub fn summary(l: &Labels, v: &view::View) -> Vec<SummaryRow> {
    v.sections
        .iter()
        .map(|s| SummaryRow {
            anchor: anchor(&s.number),
            section: format!("§ {}", s.number),
            title: title_text(s),
            status: l.section_status(s.status),
        })
        .collect()
}

/// The status shown beside a section's heading, if noteworthy.
pub fn status_label(l: &Labels, s: &SectionView) -> Option<&'static str> {
    match s.status {
        SectionStatus::Added | SectionStatus::Repealed => Some(l.section_status(s.status)),
        SectionStatus::Changed | SectionStatus::Unchanged => None,
    }
}

/// Every note of the redline.
fn notes(r: &Redline, v: &view::View, l: &Labels) -> Vec<NoteView> {
    r.notes
        .iter()
        .map(|n| NoteView::new(n, l, !v.unreferenced.contains(&n.number)))
        .collect()
}

fn section(l: &Labels, s: &SectionView) -> SectionHtml {
    let heading = if s.title_changed {
        spans(&s.title, Side::Both)
    } else {
        vec![Span::new("same", title_text(s))]
    };
    let mut rows: Vec<RowHtml> = s
        .rows
        .iter()
        .map(|row| match row {
            Row::Elided(e) => RowHtml {
                class: "elided",
                depth: 0,
                spans: vec![Span::new(
                    "info",
                    format!("… {}", l.elided(&e.first, &e.last, e.count)),
                )],
            },
            Row::Block(b) => RowHtml {
                class: class(&b.change),
                depth: b.depth,
                spans: inline(l, b),
            },
        })
        .collect();
    if rows.is_empty() {
        rows.push(RowHtml {
            class: "elided",
            depth: 0,
            spans: vec![Span::new("info", l.wording_unchanged)],
        });
    }
    SectionHtml {
        number: s.number.clone(),
        anchor: anchor(&s.number),
        heading,
        status: status_label(l, s),
        rows,
    }
}

/// The CSS class for a paragraph's fate.
pub fn class(change: &BlockChange) -> &'static str {
    match change {
        BlockChange::Unchanged => "unchanged",
        BlockChange::Changed => "changed",
        BlockChange::Inserted => "inserted",
        BlockChange::Deleted => "deleted",
        BlockChange::Renumbered { .. } => "renumbered",
        BlockChange::Moved { .. } => "moved",
    }
}

/// A paragraph in one column: renumbered and moved ones plainly.
fn inline(l: &Labels, b: &BlockView) -> Vec<Span> {
    match &b.change {
        BlockChange::Renumbered { from, to } => {
            let mut out = vec![
                Span::new("same", format!("{from} → {to}")),
                Span::new("info", format!(" {}", l.wording_unchanged)),
            ];
            out.extend(marks(&b.line.marks()));
            out
        }
        BlockChange::Moved { counterpart } if b.moved_away() => {
            let mut out = vec![
                Span::new("same", format!("{}: ", b.unit)),
                Span::new("info", l.moved_to(counterpart)),
            ];
            out.extend(marks(&b.line.marks()));
            out
        }
        BlockChange::Moved { counterpart } => {
            let mut out = vec![
                Span::new("same", b.line.new_text()),
                Span::new("info", format!(" ({})", l.moved_from(counterpart))),
            ];
            out.extend(marks(&b.line.marks()));
            out
        }
        _ => spans(&b.line, Side::Both),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::statute::Content;
    use crate::redline::compare_texts;
    use crate::render::labels::Lang;

    #[test]
    fn escapes_statute_text_and_titles() {
        let c = |title: &str, t: &str| Content::Text {
            title: title.into(),
            text: t.into(),
        };
        let r = crate::render::test_redline(
            vec![compare_texts(
                "1",
                &c("A & B", "(1) <b>alt</b>\n"),
                &c("A & B", "(1) \"neu\" <script>x</script>\n"),
            )],
            &[],
        );
        let doc = Document {
            redline: &r,
            proposals: Vec::new(),
            summary: true,
            lang: Lang::De,
        };
        let html = render(&doc).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>alt"), "{html}");
        assert!(
            html.contains("A &#38; B") || html.contains("A &amp; B"),
            "{html}"
        );
    }
}
