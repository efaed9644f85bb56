//! Redlines for the terminal: struck words red and crossed out, inserted
//! words green and underlined; without colour `[-struck-]` and
//! `{+inserted+}`, so the redline reads in plain text too. Each change is
//! followed by the numbers of its notes (`[1]`); the notes with their
//! reasons close the output.

use std::borrow::Cow;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Effects, Style};

use super::labels::Labels;
use super::view::{self, BlockView, Line, Mark, Piece, Row, SectionView};
use super::{Document, paragraphs, table};
use crate::redline::{BlockChange, Op, SectionStatus};

/// How to print.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Whether to use colour (decided by the caller: NO_COLOR, --color, terminal).
    pub colour: bool,
    /// The width to wrap to, if output goes to a terminal.
    pub width: Option<u16>,
}

/// Renders `doc` for a terminal or a plain-text file.
pub fn render(doc: &Document<'_>, opts: &Options) -> String {
    let l = doc.labels();
    let v = view::build(doc.redline);
    let mut w = Writer {
        out: String::new(),
        opts: *opts,
    };
    w.para(
        0,
        vec![(Kind::Bold, format!("{} – {}", l.redline, doc.redline.law))],
    );
    w.para(
        0,
        vec![
            (Kind::Dim, format!("{}: ", l.from)),
            (Kind::Plain, doc.side(&doc.redline.from)),
        ],
    );
    w.para(
        0,
        vec![
            (Kind::Dim, format!("{}: ", l.into)),
            (Kind::Plain, doc.side(&doc.redline.to)),
        ],
    );
    for p in &doc.proposals {
        w.blank();
        w.para(
            0,
            vec![
                (Kind::Bold, format!("„{}“", p.id)),
                (Kind::Plain, format!(": {}", p.title)),
            ],
        );
        if let Some(note) = &p.note {
            for (i, text) in paragraphs(note).into_iter().enumerate() {
                let head = if i == 0 {
                    format!("{}: ", l.note)
                } else {
                    String::new()
                };
                w.para(2, vec![(Kind::Bold, head), (Kind::Plain, text)]);
            }
        }
    }
    w.blank();
    w.para(0, legend(l, !doc.redline.notes.is_empty()));
    if doc.summary {
        w.blank();
        w.out.push_str(&summary(doc, &v, opts.width));
        w.out.push('\n');
    }
    if v.sections.is_empty() {
        w.blank();
        w.para(0, vec![(Kind::Dim, l.no_changes.to_owned())]);
    }
    for s in &v.sections {
        w.blank();
        section(&mut w, doc, s);
    }
    if !doc.redline.notes.is_empty() {
        w.blank();
        w.para(0, vec![(Kind::Bold, l.notes.to_owned())]);
        for n in &doc.redline.notes {
            w.blank();
            let mut head = vec![(Kind::Mark, format!("[{}]", n.number))];
            let mut what = String::new();
            if n.reference != n.target && !n.reference.is_empty() {
                what.push_str(&n.reference);
                what.push_str(", ");
            }
            what.push_str(&format!("{} ({}), {}", n.target, n.id, l.verb(&n.action)));
            head.push((Kind::Plain, format!(" {what}")));
            w.para(0, head);
            for p in paragraphs(&n.rationale) {
                w.para(4, vec![(Kind::Plain, p)]);
            }
        }
    }
    w.out
}

/// The legend, styled like the marks it explains.
fn legend(l: &Labels, notes: bool) -> Vec<(Kind, String)> {
    let mut out = vec![
        (Kind::Del, l.struck.to_owned()),
        (Kind::Dim, " ".to_owned()),
        (Kind::Ins, l.inserted.to_owned()),
    ];
    if notes {
        out.push((Kind::Dim, " ".to_owned()));
        out.push((Kind::Mark, "[1]".to_owned()));
        out.push((Kind::Dim, format!(" {}", l.rationale)));
    }
    out
}

fn summary(doc: &Document<'_>, v: &view::View, width: Option<u16>) -> String {
    let l = doc.labels();
    let rows: Vec<Vec<String>> = v
        .sections
        .iter()
        .map(|s| {
            vec![
                format!("§ {}", s.number),
                title_text(s),
                l.section_status(s.status).to_owned(),
            ]
        })
        .collect();
    table::render(&["§", l.heading, l.change], &rows, width)
}

/// The new heading, or the old one for a repealed section.
fn title_text(s: &SectionView) -> String {
    if s.status == SectionStatus::Repealed {
        s.title.old_text()
    } else {
        s.title.new_text()
    }
}

fn section(w: &mut Writer, doc: &Document<'_>, s: &SectionView) {
    let l = doc.labels();
    let mut head = vec![(Kind::Bold, format!("§ {} – ", s.number))];
    if s.title_changed {
        push_line(&mut head, &s.title, Kind::Bold);
    } else {
        head.push((Kind::Bold, title_text(s)));
    }
    match s.status {
        SectionStatus::Added | SectionStatus::Repealed => {
            head.push((Kind::Dim, format!(" ({})", l.section_status(s.status))))
        }
        SectionStatus::Changed | SectionStatus::Unchanged => {}
    }
    w.para(0, head);
    if s.rows.is_empty() {
        w.para(2, vec![(Kind::Dim, l.wording_unchanged.to_owned())]);
    }
    for row in &s.rows {
        match row {
            Row::Elided(e) => w.para(
                2,
                vec![(
                    Kind::Dim,
                    format!("… {}", l.elided(&e.first, &e.last, e.count)),
                )],
            ),
            Row::Block(b) => {
                let frags = block(doc, b);
                w.para(2 + 2 * b.depth, frags);
            }
        }
    }
}

fn block(doc: &Document<'_>, b: &BlockView) -> Vec<(Kind, String)> {
    let l = doc.labels();
    let mut frags = Vec::new();
    match &b.change {
        BlockChange::Renumbered { from, to } => {
            frags.push((Kind::Plain, format!("{from} → {to}")));
            frags.push((Kind::Dim, format!(" {}", l.wording_unchanged)));
            push_marks(&mut frags, &b.line.marks());
        }
        BlockChange::Moved { counterpart } if b.moved_away() => {
            frags.push((Kind::Plain, format!("{}: ", b.unit)));
            frags.push((Kind::Dim, l.moved_to(counterpart)));
            push_marks(&mut frags, &b.line.marks());
        }
        BlockChange::Moved { counterpart } => {
            frags.push((Kind::Plain, b.line.new_text()));
            frags.push((Kind::Dim, format!(" ({})", l.moved_from(counterpart))));
            push_marks(&mut frags, &b.line.marks());
        }
        _ => push_line(&mut frags, &b.line, Kind::Plain),
    }
    frags
}

fn push_line(frags: &mut Vec<(Kind, String)>, line: &Line, same: Kind) {
    for p in &line.pieces {
        match p {
            Piece::Same(t) => frags.push((same, t.clone())),
            Piece::Change(c) => {
                let (deleted, inserted, trail, op) = c.split_end();
                if !deleted.is_empty() {
                    frags.push((Kind::Del, deleted.to_owned()));
                }
                if !inserted.is_empty() {
                    frags.push((Kind::Ins, inserted.to_owned()));
                }
                push_marks(frags, &c.marks);
                let kind = if op == Op::Delete {
                    Kind::Del
                } else {
                    Kind::Ins
                };
                frags.push((kind, trail.to_owned()));
            }
        }
    }
}

fn push_marks(frags: &mut Vec<(Kind, String)>, marks: &[Mark]) {
    if marks.is_empty() {
        return;
    }
    let numbers: Vec<String> = marks.iter().map(|m| m.number.to_string()).collect();
    frags.push((Kind::Mark, format!("[{}]", numbers.join(","))));
}

/// How a fragment looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Del,
    Ins,
    Mark,
    Dim,
    Bold,
}

impl Kind {
    fn style(self) -> Style {
        match self {
            Kind::Plain => Style::new(),
            Kind::Del => Style::new()
                .fg_color(Some(AnsiColor::Red.into()))
                .effects(Effects::STRIKETHROUGH),
            Kind::Ins => Style::new()
                .fg_color(Some(AnsiColor::Green.into()))
                .effects(Effects::UNDERLINE),
            Kind::Mark => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            Kind::Dim => Style::new().effects(Effects::DIMMED),
            Kind::Bold => Style::new().effects(Effects::BOLD),
        }
    }
}

/// Collects paragraphs, wrapped and styled.
struct Writer {
    out: String,
    opts: Options,
}

/// A word or the white space between words, with its look.
struct Atom<'a> {
    kind: Kind,
    text: Cow<'a, str>,
    /// Its width in characters.
    width: usize,
    space: bool,
}

impl Writer {
    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes one paragraph, indented by `indent` and wrapped to the width.
    fn para(&mut self, indent: usize, frags: Vec<(Kind, String)>) {
        let marked = marked(frags, self.opts.colour);
        let atoms = atoms(&marked);
        let room = self
            .opts
            .width
            .map(|w| usize::from(w).saturating_sub(indent).max(20));
        let pad = " ".repeat(indent);
        let mut line: Vec<&Atom> = Vec::new();
        let mut len = 0;
        let mut i = 0;
        while i < atoms.len() {
            // A word is a run of atoms without white space ("{+4.+}[1]").
            let end = (i..atoms.len())
                .find(|&k| atoms[k].space)
                .unwrap_or(atoms.len());
            let word_len: usize = atoms[i..end].iter().map(|a| a.width).sum();
            if word_len == 0 {
                // White space: kept unless it starts a line.
                if len > 0 {
                    line.push(&atoms[i]);
                    len += atoms[i].width;
                }
                i += 1;
                continue;
            }
            if let Some(room) = room
                && len > 0
                && len + word_len > room
            {
                while line.last().is_some_and(|a| a.space) {
                    line.pop();
                }
                self.emit(&pad, &line);
                line.clear();
                len = 0;
            }
            line.extend(&atoms[i..end]);
            len += word_len;
            i = end;
        }
        while line.last().is_some_and(|a| a.space) {
            line.pop();
        }
        self.emit(&pad, &line);
    }

    fn emit(&mut self, pad: &str, line: &[&Atom]) {
        self.out.push_str(pad);
        // One style sequence per run of atoms that look alike.
        for run in line.chunk_by(|a, b| a.kind == b.kind) {
            let style = run
                .first()
                .map(|a| a.kind)
                .filter(|&kind| self.opts.colour && kind != Kind::Plain)
                .map(Kind::style);
            if let Some(style) = style {
                let _ = write!(self.out, "{style}");
            }
            for a in run {
                self.out.push_str(&a.text);
            }
            if let Some(style) = style {
                let _ = write!(self.out, "{style:#}");
            }
        }
        self.out.push('\n');
    }
}

/// Drops empty fragments; without colour, struck and inserted text get
/// their brackets (outside any white space at their ends).
fn marked(frags: Vec<(Kind, String)>, colour: bool) -> Vec<(Kind, String)> {
    frags
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(kind, text)| {
            let (open, close) = match kind {
                Kind::Del if !colour => ("[-", "-]"),
                Kind::Ins if !colour => ("{+", "+}"),
                _ => return (kind, text),
            };
            let core = text.trim();
            if core.is_empty() {
                return (kind, text);
            }
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let marked = format!("{lead}{open}{core}{close}{trail}");
            (kind, marked)
        })
        .collect()
}

/// Splits fragments into words and white space.
fn atoms(frags: &[(Kind, String)]) -> Vec<Atom<'_>> {
    let mut out = Vec::new();
    for (kind, text) in frags {
        let mut start = 0;
        let mut in_space = None;
        for (i, c) in text.char_indices() {
            let space = c.is_whitespace();
            if in_space.is_some_and(|s| s != space) {
                out.push(atom(*kind, &text[start..i], !space));
                start = i;
            }
            in_space = Some(space);
        }
        if let Some(space) = in_space {
            out.push(atom(*kind, &text[start..], space));
        }
    }
    out
}

fn atom(kind: Kind, text: &str, space: bool) -> Atom<'_> {
    let text = if space && text.contains('\n') {
        // Line breaks inside a paragraph read as spaces when wrapping.
        Cow::Owned(text.replace('\n', " "))
    } else {
        Cow::Borrowed(text)
    };
    Atom {
        kind,
        width: text.chars().count(),
        text,
        space,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::statute::Content;
    use crate::redline::{Redline, compare_texts};
    use crate::render::labels::Lang;
    use crate::render::test_redline;

    fn doc_of(old: &str, new: &str) -> Redline {
        let c = |t: &str| Content::Text {
            title: "Titel".into(),
            text: t.into(),
        };
        test_redline(vec![compare_texts("1", &c(old), &c(new))], &[])
    }

    fn render_plain(r: &Redline, width: Option<u16>, colour: bool) -> String {
        let doc = Document {
            redline: r,
            proposals: Vec::new(),
            summary: false,
            lang: Lang::De,
        };
        render(&doc, &Options { colour, width })
    }

    #[test]
    fn plain_text_marks() {
        let r = doc_of(
            "(1) Nach Satz 1 wird nicht bestraft.\n",
            "(1) Nach den Sätzen 1 und 2 wird nicht bestraft.\n",
        );
        let out = render_plain(&r, None, false);
        assert!(
            out.contains("(1) Nach [-Satz 1-]{+den Sätzen 1 und 2+} wird nicht bestraft."),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn colour_uses_styles_not_brackets() {
        let r = doc_of("(1) Alt.\n", "(1) Neu.\n");
        let out = render_plain(&r, None, true);
        assert!(out.contains('\u{1b}'));
        assert!(!out.contains("[-"), "{out}");
        let del = Kind::Del.style();
        assert!(out.contains(&format!("{del}Alt.{del:#}")), "{out:?}");
    }

    #[test]
    fn wraps_to_the_width() {
        let r = doc_of(
            "(1) Mit Freiheitsstrafe von sechs Monaten bis zu zehn Jahren wird bestraft, wer eine andere Person unter Ausnutzung ihrer persönlichen Zwangslage ausbeutet.\n",
            "(1) Mit Freiheitsstrafe von einem Jahr bis zu zehn Jahren wird bestraft, wer eine andere Person unter Ausnutzung ihrer persönlichen Zwangslage ausbeutet.\n",
        );
        let out = render_plain(&r, Some(40), false);
        for line in out.lines() {
            assert!(line.chars().count() <= 40, "{line:?}\n{out}");
        }
        let words: Vec<&str> = out.split_whitespace().collect();
        assert!(words.contains(&"ausbeutet."), "{out}");
    }
}
