//! The hearing report: one self-contained HTML page (inline CSS, no
//! scripts, no network) that prints cleanly on A4. It opens with the
//! proposal's title block and notice, an index of the amendments and the
//! general rationale, includes the amending act where one is given, and then
//! sets out each section as a Synopse: the law in force on the left, the
//! law as proposed on the right, each change numbered and its reasons
//! printed beneath it.

use askama::Template;

use super::html::{self, NoteView, Side, Span, spans};
use super::labels::{Labels, Lang};
use super::paragraphs;
use super::view::{self, BlockView, Elided, Row, SectionView};
use crate::model::proposal::Proposal;
use crate::redline::{BlockChange, Redline};

/// What a report shows.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The proposal.
    pub proposal: &'a Proposal,
    /// Its redline (from [`crate::redline::for_proposal`]).
    pub redline: &'a Redline,
    /// The amended law's name ("Strafgesetzbuch").
    pub law_name: &'a str,
    /// The hearing the report is prepared for, if given.
    pub hearing: Option<&'a str>,
    /// The language of the labels.
    pub lang: Lang,
    /// The amending act (Entwurf with its Änderungsbefehle and Begründung)
    /// as [`crate::render::act_html::fragment`] renders it, placed before
    /// the Synopse. That renderer escapes every text; the fragment is
    /// included as it is. With the act, its Begründung carries the general
    /// rationale, which the report then does not repeat.
    pub act_html: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    l: &'static Labels,
    title: &'a str,
    law: String,
    facts: Vec<(&'static str, String)>,
    note: Vec<String>,
    rationale: Vec<String>,
    act_html: Option<&'a str>,
    act_style: &'static str,
    index: Vec<NoteView>,
    has_references: bool,
    sections: Vec<SynSection>,
    other_notes: Vec<NoteView>,
    running_head: String,
    running_date: String,
    page_of: String,
}

/// A section of the Synopse.
struct SynSection {
    anchor: String,
    number: String,
    title: String,
    status: Option<&'static str>,
    rows: Vec<SynRow>,
}

/// A row of the Synopse: paragraphs side by side (or a run left out), with
/// the reasons of the notes it brings up first.
struct SynRow {
    /// "title", "elided" or the paragraphs' change ("changed", "inserted", ...).
    class: &'static str,
    /// The text of an elided row.
    elided: String,
    /// The law in force: one or more paragraphs.
    old: Vec<Para>,
    /// The law as proposed.
    new: Vec<Para>,
    notes: Vec<NoteView>,
}

/// A paragraph in a cell of the Synopse.
struct Para {
    depth: usize,
    spans: Vec<Span>,
}

/// Renders the report.
pub fn render(input: &Input<'_>) -> Result<String, askama::Error> {
    let l = Labels::of(input.lang);
    let p = input.proposal;
    let r = input.redline;
    let v = view::build(r);
    let note_view = |n: usize| {
        r.notes
            .iter()
            .find(|x| x.number == n)
            .map(|x| NoteView::new(x, l, !v.unreferenced.contains(&n)))
    };
    let mut facts = vec![
        (l.law, format!("{} ({})", input.law_name, r.law)),
        (l.author, p.author.clone()),
        (l.date, l.day(p.date)),
        (l.status, l.proposal_status(p.status).to_owned()),
        (l.base, l.day(p.base)),
    ];
    if let Some(day) = p.entry_into_force {
        facts.push((l.entry_into_force, l.day(day)));
    }
    if let Some(h) = input.hearing {
        facts.insert(0, (l.hearing, h.trim().to_owned()));
    }
    facts.push((l.id, p.id.clone()));
    let page = Page {
        l,
        title: &p.title,
        law: r.law.clone(),
        facts,
        note: p.note.as_deref().map(paragraphs).unwrap_or_default(),
        rationale: paragraphs(&p.rationale),
        act_html: input.act_html,
        act_style: super::act_html::STYLE,
        index: r
            .notes
            .iter()
            .map(|n| NoteView::new(n, l, !v.unreferenced.contains(&n.number)))
            .collect(),
        has_references: r
            .notes
            .iter()
            .any(|n| !n.reference.is_empty() && n.reference != n.target),
        sections: v
            .sections
            .iter()
            .map(|s| section(l, s, &note_view))
            .collect(),
        other_notes: v
            .unreferenced
            .iter()
            .filter_map(|&n| note_view(n))
            .collect(),
        running_head: css_string(&format!("{} · {} · {}", l.report, r.law, p.id)),
        running_date: css_string(&format!(
            "{} {}",
            l.proposal_status(p.status),
            l.day(p.date)
        )),
        page_of: format!(
            "{} counter(page) {} counter(pages)",
            css_string(&format!("{} ", l.page)),
            css_string(&format!(" {} ", l.of))
        ),
    };
    page.render()
}

fn section(l: &Labels, s: &SectionView, note: &dyn Fn(usize) -> Option<NoteView>) -> SynSection {
    let notes = |numbers: &[usize]| numbers.iter().filter_map(|&n| note(n)).collect();
    let mut rows = Vec::new();
    if s.title_changed {
        rows.push(SynRow {
            class: "title",
            elided: String::new(),
            old: vec![para(0, spans(&s.title, Side::Old))],
            new: vec![para(0, spans(&s.title, Side::New))],
            notes: notes(&s.title_notes),
        });
    }
    for run in runs(&s.rows) {
        rows.push(match run {
            Run::Elided(e) => SynRow {
                class: "elided",
                elided: format!("… {}", l.elided(&e.first, &e.last, e.count)),
                old: Vec::new(),
                new: Vec::new(),
                notes: Vec::new(),
            },
            Run::Blocks(group) => synrow(l, &group, &notes),
        });
    }
    if s.rows.is_empty() {
        rows.push(SynRow {
            class: "elided",
            elided: l.wording_unchanged.to_owned(),
            old: Vec::new(),
            new: Vec::new(),
            notes: Vec::new(),
        });
    }
    SynSection {
        anchor: html::anchor(&s.number),
        number: s.number.clone(),
        title: html::title_text(s),
        status: html::status_label(l, s),
        rows,
    }
}

/// The rows of a Synopse before they are laid out: paragraphs that share a
/// row, or a run left out.
enum Run<'v> {
    Blocks(Vec<&'v BlockView<'v>>),
    Elided(&'v Elided),
}

/// Groups paragraphs into rows. Paragraphs the proposal joins or splits
/// share a row, so that each column shows whole paragraphs of its text: a
/// paragraph that continues the one before in the old (or new) text goes
/// into the row of the last paragraph with old (or new) text, and the rows
/// between are merged.
fn runs<'v>(rows: &'v [Row<'v>]) -> Vec<Run<'v>> {
    let mut out: Vec<Run<'_>> = Vec::new();
    // The run holding the last paragraph with old and with new text.
    let (mut last_old, mut last_new): (Option<usize>, Option<usize>) = (None, None);
    for row in rows {
        let b = match row {
            Row::Elided(e) => {
                out.push(Run::Elided(e));
                (last_old, last_new) = (None, None);
                continue;
            }
            Row::Block(b) => b,
        };
        let has_old = !b.line.old_text().trim().is_empty();
        let has_new = !b.line.new_text().trim().is_empty();
        let join = [
            last_old.filter(|_| has_old && !b.opens_old),
            last_new.filter(|_| has_new && !b.opens_new),
        ]
        .into_iter()
        .flatten()
        .min();
        let at = match join {
            Some(at) => {
                // Merge the runs from `at` on into one.
                let mut merged = Vec::new();
                for run in out.drain(at..) {
                    if let Run::Blocks(bs) = run {
                        merged.extend(bs);
                    }
                }
                merged.push(b);
                out.push(Run::Blocks(merged));
                at
            }
            None => {
                out.push(Run::Blocks(vec![b]));
                out.len() - 1
            }
        };
        // Merged runs now end at `at`.
        last_old = last_old.map(|i| i.min(at));
        last_new = last_new.map(|i| i.min(at));
        if has_old {
            last_old = Some(at);
        }
        if has_new {
            last_new = Some(at);
        }
    }
    out
}

fn para(depth: usize, spans: Vec<Span>) -> Para {
    Para { depth, spans }
}

/// One row from paragraphs that belong together.
fn synrow(l: &Labels, group: &[&BlockView], notes: &dyn Fn(&[usize]) -> Vec<NoteView>) -> SynRow {
    let mut old: Vec<Para> = Vec::new();
    let mut new: Vec<Para> = Vec::new();
    for b in group {
        let (o, n) = columns(l, b);
        add(&mut old, b.depth, o, b.opens_old);
        add(&mut new, b.depth, n, b.opens_new);
    }
    tidy_marks(&mut new);
    let has_text = |paras: &[Para]| {
        paras
            .iter()
            .flat_map(|p| &p.spans)
            .any(|s| s.kind != "mark" && !s.text.trim().is_empty())
    };
    if !has_text(&new) {
        // Everything in the row goes: say so, keeping the marks.
        let mut spans = vec![info(format!("– {} –", l.deleted))];
        spans.extend(new.into_iter().flat_map(|p| p.spans));
        new = vec![para(0, spans)];
    }
    let class = match group {
        [b] => html::class(&b.change),
        _ => "changed",
    };
    let numbers: Vec<usize> = group.iter().flat_map(|b| b.first_notes.clone()).collect();
    SynRow {
        class,
        elided: String::new(),
        old,
        new,
        notes: notes(&numbers),
    }
}

/// In the right-hand column a mark belongs after inserted words; the marks
/// of words only struck go to the end of the cell, and a note is marked once
/// per cell, at its last place (keeping the anchor its first mark had).
fn tidy_marks(cell: &mut [Para]) {
    let mut moved = Vec::new();
    for p in cell.iter_mut() {
        let mut kept = Vec::new();
        let mut after_insert = false;
        for s in std::mem::take(&mut p.spans) {
            match s.kind {
                "mark" if after_insert => kept.push(s),
                "mark" => moved.push(s),
                kind => {
                    after_insert = kind == "ins";
                    kept.push(s);
                }
            }
        }
        p.spans = kept;
    }
    if let Some(last) = cell.last_mut() {
        last.spans.extend(moved);
    }
    // Keep the last mark of each note; the first one's anchor moves there.
    let mut seen: Vec<usize> = Vec::new();
    let mut anchored: Vec<usize> = Vec::new();
    for p in cell.iter_mut().rev() {
        let mut spans = std::mem::take(&mut p.spans);
        spans.reverse();
        let mut kept = Vec::new();
        for s in spans {
            if s.kind == "mark" {
                if s.first {
                    anchored.push(s.note);
                }
                if seen.contains(&s.note) {
                    continue;
                }
                seen.push(s.note);
            }
            kept.push(s);
        }
        kept.reverse();
        p.spans = kept;
    }
    for p in cell.iter_mut() {
        for s in p.spans.iter_mut().filter(|s| s.kind == "mark") {
            s.first = anchored.contains(&s.note);
        }
    }
}

/// Adds a paragraph's spans to a cell: as a paragraph of its own, or
/// continuing the last one where the proposal joins them.
fn add(cell: &mut Vec<Para>, depth: usize, spans: Vec<Span>, opens: bool) {
    if spans.is_empty() {
        return;
    }
    match cell.last_mut() {
        Some(last) if !opens => {
            let ends_in_space = last
                .spans
                .iter()
                .rev()
                .find(|s| s.kind != "mark")
                .is_none_or(|s| s.text.ends_with(char::is_whitespace));
            let starts_with_space = spans
                .first()
                .is_some_and(|s| s.text.starts_with(char::is_whitespace));
            if !ends_in_space && !starts_with_space {
                last.spans.push(Span {
                    kind: "same",
                    text: " ".to_owned(),
                    note: 0,
                    first: false,
                });
            }
            last.spans.extend(spans);
        }
        _ => cell.push(para(depth, spans)),
    }
}

fn info(text: String) -> Span {
    Span {
        kind: "info",
        text,
        note: 0,
        first: false,
    }
}

/// A paragraph's two cells: the law in force with struck words, the law as
/// proposed with inserted words and the marks.
fn columns(l: &Labels, b: &BlockView) -> (Vec<Span>, Vec<Span>) {
    let old = spans(&b.line, Side::Old);
    let marks = html::marks(&b.line.marks());
    match &b.change {
        BlockChange::Renumbered { from, to } => {
            let mut new = vec![
                Span {
                    kind: "ins",
                    text: to.clone(),
                    note: 0,
                    first: false,
                },
                info(format!(" {} ({})", l.unchanged, l.formerly(from))),
            ];
            new.extend(marks);
            (old, new)
        }
        BlockChange::Moved { counterpart } if b.moved_away() => {
            let mut new = vec![info(l.moved_to(counterpart))];
            new.extend(marks);
            (old, new)
        }
        BlockChange::Moved { counterpart } => {
            let mut new = spans(&b.line, Side::New);
            new.push(info(format!(" ({})", l.moved_from(counterpart))));
            (Vec::new(), new)
        }
        _ => (old, spans(&b.line, Side::New)),
    }
}

/// `text` as a CSS string literal: every character other than ASCII letters,
/// digits and spaces is written as a six-digit escape, so nothing in it can
/// end the string or the style sheet.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // CSS eats one space after an escape; it is written for that.
            out.push_str(&format!("\\{:06X} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::render::view::{Change, Line, Piece};

    fn block<'a>(old: &'a str, new: &'a str, opens_old: bool, opens_new: bool) -> Row<'a> {
        Row::Block(BlockView {
            unit: String::new(),
            change: BlockChange::Changed,
            context: false,
            depth: 0,
            line: Line {
                pieces: vec![Piece::Change(Change {
                    deleted: old.into(),
                    inserted: new.into(),
                    marks: Vec::new(),
                })],
            },
            first_notes: Vec::new(),
            opens_old,
            opens_new,
        })
    }

    fn sizes(rows: &[Row]) -> Vec<usize> {
        runs(rows)
            .iter()
            .map(|r| match r {
                Run::Blocks(b) => b.len(),
                Run::Elided(_) => 0,
            })
            .collect()
    }

    #[test]
    fn rows_keep_whole_paragraphs_in_each_column() {
        // New paragraphs of a new section: one row each.
        let added = [
            block("", "(1) A", true, true),
            block("", "(2) B", false, true),
            block("", "(3) C", false, true),
        ];
        assert_eq!(sizes(&added), vec![1, 1, 1]);
        // Old Absätze 1 to 3 become the first words of a new Absatz 1: the
        // new text continues across them, so they share one row.
        let joined = [
            block("(1) Wer", "(1)", true, true),
            block("(2) Ebenso.", "", true, false),
            block("(3) In Fällen", "Mit Strafe", true, false),
            block("(4) Neu", "(2) Neu", true, true),
        ];
        assert_eq!(sizes(&joined), vec![3, 1]);
        // An old paragraph split in two: both halves in the old one's row.
        let split = [
            block("(1) A", "(1) A", true, true),
            block("und B", "(2) und B", false, true),
            block("(2) C", "(3) C", true, true),
        ];
        assert_eq!(sizes(&split), vec![2, 1]);
    }

    #[test]
    fn css_strings_cannot_break_out() {
        let s = css_string("a\"</style><script>ü");
        assert_eq!(
            s,
            "\"a\\000022 \\00003C \\00002F style\\00003E \\00003C script\\00003E \\0000FC \""
        );
    }
}
