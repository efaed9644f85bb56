//! Redlines as Markdown (GitHub flavour): struck words as `~~…~~`, inserted
//! words as `<ins>…</ins>`, and a footnote `[^id]` after each change with the
//! amendment's reasons. Statute text is escaped (as the act's Markdown
//! escapes it) so that no word of it is read as Markdown: a Nummer "1." at
//! the start of a line stays text.

use super::act_md::escape;
use super::view::{self, BlockView, Line, Mark, Piece, Row, SectionView};
use super::{Document, paragraphs};
use crate::redline::{BlockChange, Redline, SectionStatus};

/// Renders `doc` as Markdown.
pub fn render(doc: &Document<'_>) -> String {
    let l = doc.labels();
    let v = view::build(doc.redline);
    let r = doc.redline;
    let mut out = String::new();
    out.push_str(&format!("# {} – {}\n\n", l.redline, escape(&r.law)));
    out.push_str(&format!(
        "- **{}:** {}\n- **{}:** {}\n",
        l.from,
        escape(&doc.side(&r.from)),
        l.into,
        escape(&doc.side(&r.to))
    ));
    for p in &doc.proposals {
        out.push_str(&format!(
            "\n**„{}“:** {}\n",
            escape(&p.id),
            escape(&p.title)
        ));
        if let Some(note) = &p.note {
            out.push('\n');
            for (i, para) in paragraphs(note).iter().enumerate() {
                if i > 0 {
                    out.push_str(">\n");
                }
                let head = if i == 0 {
                    format!("**{}:** ", l.note)
                } else {
                    String::new()
                };
                out.push_str(&format!("> {head}{}\n", escape(para)));
            }
        }
    }
    if doc.summary {
        out.push_str(&format!(
            "\n## {}\n\n| § | {} | {} |\n|---|---|---|\n",
            l.summary, l.heading, l.change
        ));
        for s in &v.sections {
            out.push_str(&format!(
                "| § {} | {} | {} |\n",
                escape(&s.number),
                escape(&title_text(s)),
                l.section_status(s.status)
            ));
        }
    }
    if v.sections.is_empty() {
        out.push_str(&format!("\n*{}*\n", l.no_changes));
    }
    for s in &v.sections {
        section(&mut out, doc, r, s);
    }
    if !r.notes.is_empty() {
        out.push('\n');
        for n in &r.notes {
            let mut head = String::new();
            if !n.reference.is_empty() && n.reference != n.target {
                head.push_str(&format!("{}, ", escape(&n.reference)));
            }
            head.push_str(&format!(
                "{} (`{}`), {}",
                escape(&n.target),
                n.id,
                l.verb(&n.action)
            ));
            out.push_str(&format!(
                "[^{}]: **\\[{}\\]** {head}",
                label(&n.id),
                n.number
            ));
            for p in paragraphs(&n.rationale) {
                // Continuation paragraphs of a footnote are indented.
                out.push_str(&format!("\n\n    {}", escape(&p)));
            }
            out.push('\n');
        }
    }
    out
}

fn title_text(s: &SectionView) -> String {
    if s.status == SectionStatus::Repealed {
        s.title.old_text()
    } else {
        s.title.new_text()
    }
}

fn section(out: &mut String, doc: &Document<'_>, r: &Redline, s: &SectionView) {
    let l = doc.labels();
    let title = if s.title_changed {
        line(r, &s.title)
    } else {
        escape(&title_text(s))
    };
    let status = match s.status {
        SectionStatus::Added | SectionStatus::Repealed => {
            format!(" *({})*", l.section_status(s.status))
        }
        SectionStatus::Changed | SectionStatus::Unchanged => String::new(),
    };
    out.push_str(&format!("\n## § {} – {title}{status}\n", escape(&s.number)));
    if s.rows.is_empty() {
        out.push_str(&format!("\n*{}*\n", l.wording_unchanged));
    }
    for row in &s.rows {
        out.push('\n');
        match row {
            Row::Elided(e) => out.push_str(&format!(
                "*… {}*\n",
                escape(&l.elided(&e.first, &e.last, e.count))
            )),
            Row::Block(b) => {
                out.push_str(&block(doc, r, b));
                out.push('\n');
            }
        }
    }
}

fn block(doc: &Document<'_>, r: &Redline, b: &BlockView) -> String {
    let l = doc.labels();
    let marks = marks(r, &b.line.marks());
    match &b.change {
        BlockChange::Renumbered { from, to } => format!(
            "{} → {} *{}*{marks}",
            escape(from),
            escape(to),
            l.wording_unchanged
        ),
        BlockChange::Moved { counterpart } if b.moved_away() => format!(
            "{}: *{}*{marks}",
            escape(&b.unit),
            escape(&l.moved_to(counterpart))
        ),
        BlockChange::Moved { counterpart } => format!(
            "{} *({})*{marks}",
            escape(&b.line.new_text()),
            escape(&l.moved_from(counterpart))
        ),
        _ => line(r, &b.line),
    }
}

/// A line with its marks; white space at the ends of a change goes outside
/// the markers, which Markdown needs to see them.
fn line(r: &Redline, line: &Line) -> String {
    let mut out = String::new();
    for p in &line.pieces {
        match p {
            Piece::Same(t) => out.push_str(&escape(t)),
            Piece::Change(c) => {
                let (deleted, inserted, trail, _) = c.split_end();
                if !deleted.is_empty() {
                    out.push_str(&wrapped(deleted, "~~", "~~"));
                }
                if !inserted.is_empty() {
                    out.push_str(&wrapped(inserted, "<ins>", "</ins>"));
                }
                out.push_str(&marks(r, &c.marks));
                out.push_str(trail);
            }
        }
    }
    out
}

fn wrapped(text: &str, open: &str, close: &str) -> String {
    let core = text.trim();
    if core.is_empty() {
        return text.to_owned();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{open}{}{close}{trail}", escape(core))
}

fn marks(r: &Redline, marks: &[Mark]) -> String {
    marks
        .iter()
        .filter_map(|m| r.notes.iter().find(|n| n.number == m.number))
        .map(|n| format!("[^{}]", label(&n.id)))
        .collect()
}

/// A footnote label: amendment ids are `[A-Za-z0-9._-]+`; anything else is
/// replaced so a label never breaks the syntax.
fn label(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::render::test_redline;
    use crate::render::view::Piece;

    #[test]
    fn statute_text_is_never_markdown() {
        let r = test_redline(Vec::new(), &[]);
        let same = |t: &'static str| Line {
            pieces: vec![Piece::Same(t.into())],
        };
        assert_eq!(
            line(&r, &same("3. sexuelle *x* [y]")),
            r"3\. sexuelle \*x\* \[y\]"
        );
        assert_eq!(line(&r, &same("(3) Der")), "(3) Der");
    }

    #[test]
    fn markers_sit_inside_white_space() {
        assert_eq!(wrapped(" wird mit ", "~~", "~~"), " ~~wird mit~~ ");
    }
}
