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
        vec![(
            Kind::Bold,
            format!("{} – {}", l.redline, doc.redline.law).into(),
        )],
    );
    w.para(
        0,
        vec![
            (Kind::Dim, format!("{}: ", l.from).into()),
            (Kind::Plain, doc.side(&doc.redline.from).into()),
        ],
    );
    w.para(
        0,
        vec![
            (Kind::Dim, format!("{}: ", l.into).into()),
            (Kind::Plain, doc.side(&doc.redline.to).into()),
        ],
    );
    for p in &doc.proposals {
        w.blank();
        w.para(
            0,
            vec![
                (Kind::Bold, format!("„{}“", p.id).into()),
                (Kind::Plain, format!(": {}", p.title).into()),
            ],
        );
        if let Some(note) = &p.note {
            for (i, text) in paragraphs(note).into_iter().enumerate() {
                let head = if i == 0 {
                    format!("{}: ", l.note)
                } else {
                    String::new()
                };
                w.para(
                    2,
                    vec![(Kind::Bold, head.into()), (Kind::Plain, text.into())],
                );
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
        w.para(0, vec![(Kind::Dim, l.no_changes.into())]);
    }
    for s in &v.sections {
        w.blank();
        section(&mut w, doc, s);
    }
    if !doc.redline.notes.is_empty() {
        w.blank();
        w.para(0, vec![(Kind::Bold, l.notes.into())]);
        for n in &doc.redline.notes {
            w.blank();
            let mut head = vec![(Kind::Mark, format!("[{}]", n.number).into())];
            let mut what = String::new();
            if n.reference != n.target && !n.reference.is_empty() {
                what.push_str(&n.reference);
                what.push_str(", ");
            }
            what.push_str(&format!("{} ({}), {}", n.target, n.id, l.verb(&n.action)));
            head.push((Kind::Plain, format!(" {what}").into()));
            w.para(0, head);
            for p in paragraphs(&n.rationale) {
                w.para(4, vec![(Kind::Plain, p.into())]);
            }
        }
    }
    w.out
}

/// The legend, styled like the marks it explains.
fn legend(l: &Labels, notes: bool) -> Vec<Frag<'static>> {
    let mut out = vec![
        (Kind::Del, l.struck.into()),
        (Kind::Dim, " ".into()),
        (Kind::Ins, l.inserted.into()),
    ];
    if notes {
        out.push((Kind::Dim, " ".into()));
        out.push((Kind::Mark, "[1]".into()));
        out.push((Kind::Dim, format!(" {}", l.rationale).into()));
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
    let mut head = vec![(Kind::Bold, format!("§ {} – ", s.number).into())];
    if s.title_changed {
        push_line(&mut head, &s.title, Kind::Bold);
    } else {
        head.push((Kind::Bold, title_text(s).into()));
    }
    match s.status {
        SectionStatus::Added | SectionStatus::Repealed => head.push((
            Kind::Dim,
            format!(" ({})", l.section_status(s.status)).into(),
        )),
        SectionStatus::Changed | SectionStatus::Unchanged => {}
    }
    w.para(0, head);
    if s.rows.is_empty() {
        w.para(2, vec![(Kind::Dim, l.wording_unchanged.into())]);
    }
    for row in &s.rows {
        match row {
            Row::Elided(e) => w.para(
                2,
                vec![(
                    Kind::Dim,
                    format!("… {}", l.elided(&e.first, &e.last, e.count)).into(),
                )],
            ),
            Row::Block(b) => {
                let frags = block(doc, b);
                w.para(2 + 2 * b.depth, frags);
            }
        }
    }
}

fn block<'a>(doc: &Document<'_>, b: &'a BlockView) -> Vec<Frag<'a>> {
    let l = doc.labels();
    let mut frags = Vec::new();
    match &b.change {
        BlockChange::Renumbered { from, to } => {
            frags.push((Kind::Plain, format!("{from} → {to}").into()));
            frags.push((Kind::Dim, format!(" {}", l.wording_unchanged).into()));
            push_marks(&mut frags, &b.line.marks());
        }
        BlockChange::Moved { counterpart } if b.moved_away() => {
            frags.push((Kind::Plain, format!("{}: ", b.unit).into()));
            frags.push((Kind::Dim, l.moved_to(counterpart).into()));
            push_marks(&mut frags, &b.line.marks());
        }
        BlockChange::Moved { counterpart } => {
            frags.push((Kind::Plain, b.line.new_text().into()));
            frags.push((
                Kind::Dim,
                format!(" ({})", l.moved_from(counterpart)).into(),
            ));
            push_marks(&mut frags, &b.line.marks());
        }
        _ => push_line(&mut frags, &b.line, Kind::Plain),
    }
    frags
}

fn push_line<'a>(frags: &mut Vec<Frag<'a>>, line: &'a Line, same: Kind) {
    for p in &line.pieces {
        match p {
            Piece::Same(t) => frags.push((same, t.as_ref().into())),
            Piece::Change(c) => {
                let (deleted, inserted, trail, op) = c.split_end();
                if !deleted.is_empty() {
                    frags.push((Kind::Del, deleted.into()));
                }
                if !inserted.is_empty() {
                    frags.push((Kind::Ins, inserted.into()));
                }
                push_marks(frags, &c.marks);
                let kind = if op == Op::Delete {
                    Kind::Del
                } else {
                    Kind::Ins
                };
                frags.push((kind, trail.into()));
            }
        }
    }
}

fn push_marks(frags: &mut Vec<Frag<'_>>, marks: &[Mark]) {
    if marks.is_empty() {
        return;
    }
    let numbers: Vec<String> = marks.iter().map(|m| m.number.to_string()).collect();
    frags.push((Kind::Mark, format!("[{}]", numbers.join(",")).into()));
}

/// A piece of a paragraph with its look. Statute text is borrowed from the
/// view; only labels and marks are formatted.
type Frag<'a> = (Kind, Cow<'a, str>);

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

/// A word or the white space between words, with its look (in a paragraph
/// that is not wrapped, the words of a fragment with the space between).
struct Atom<'a> {
    kind: Kind,
    text: &'a str,
    /// Its width in characters.
    width: usize,
    /// Whether it is white space.
    space: bool,
}

impl Writer {
    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes one paragraph, indented by `indent` and wrapped to the width.
    fn para(&mut self, indent: usize, frags: Vec<Frag<'_>>) {
        let room = self
            .opts
            .width
            .map(|w| usize::from(w).saturating_sub(indent).max(20));
        let atoms = atoms(&frags, self.opts.colour, room.is_some());
        // The line being filled is the atoms from `start` on: a line is
        // always a run of neighbouring atoms.
        let mut start = 0;
        let mut len = 0;
        let mut i = 0;
        while i < atoms.len() {
            // A word is a run of atoms without white space ("{+4.+}[1]").
            let end = atoms[i..]
                .iter()
                .position(|a| a.space)
                .map_or(atoms.len(), |n| i + n);
            let word_len: usize = atoms[i..end].iter().map(|a| a.width).sum();
            if word_len == 0 {
                // White space: kept unless it starts a line.
                if len > 0 {
                    len += atoms[i].width;
                } else {
                    start = i + 1;
                }
                i += 1;
                continue;
            }
            if let Some(room) = room
                && len > 0
                && len + word_len > room
            {
                self.emit(indent, &atoms[start..i]);
                start = i;
                len = 0;
            }
            len += word_len;
            i = end;
        }
        self.emit(indent, &atoms[start..]);
    }

    /// Writes one line, without the white space it ends with.
    fn emit(&mut self, indent: usize, line: &[Atom]) {
        let words = line.iter().rposition(|a| !a.space).map_or(0, |n| n + 1);
        self.out.extend(std::iter::repeat_n(' ', indent));
        // One style sequence per run of atoms that look alike.
        for run in line[..words].chunk_by(|a, b| a.kind == b.kind) {
            let style = run
                .first()
                .map(|a| a.kind)
                .filter(|&kind| self.opts.colour && kind != Kind::Plain)
                .map(Kind::style);
            if let Some(style) = style {
                let _ = write!(self.out, "{style}");
            }
            for a in run {
                if a.text.contains('\n') {
                    // Line breaks inside a paragraph read as spaces.
                    self.out.push_str(&a.text.replace('\n', " "));
                } else {
                    self.out.push_str(a.text);
                }
            }
            if let Some(style) = style {
                let _ = write!(self.out, "{style:#}");
            }
        }
        self.out.push('\n');
    }
}

/// Splits fragments into words and white space. Without colour, struck and
/// inserted text get their brackets around the words, outside any white
/// space at their ends; a bracket is an atom of its own, so that it joins
/// the word it touches. A paragraph that is not wrapped needs no words, only
/// the white space at its ends dropped: its fragments' words stay whole.
fn atoms<'a>(frags: &'a [Frag<'_>], colour: bool, wrap: bool) -> Vec<Atom<'a>> {
    // Room for white space, words and white space of each fragment: all
    // that a paragraph that is not wrapped needs but for brackets.
    let mut out = Vec::with_capacity(3 * frags.len());
    for (kind, text) in frags {
        let kind = *kind;
        let core = text.trim();
        if core.is_empty() {
            // White space alone, or nothing.
            if !text.is_empty() {
                out.push(atom(kind, text, true));
            }
            continue;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[lead.len() + core.len()..];
        let brackets = match kind {
            Kind::Del if !colour => Some(("[-", "-]")),
            Kind::Ins if !colour => Some(("{+", "+}")),
            _ => None,
        };
        if !lead.is_empty() {
            out.push(atom(kind, lead, true));
        }
        if let Some((open, _)) = brackets {
            out.push(atom(kind, open, false));
        }
        if wrap {
            split(&mut out, kind, core);
        } else {
            out.push(atom(kind, core, false));
        }
        if let Some((_, close)) = brackets {
            out.push(atom(kind, close, false));
        }
        if !trail.is_empty() {
            out.push(atom(kind, trail, true));
        }
    }
    out
}

/// Appends the words of `core` and the white space between them (it
/// starts and ends with a word).
fn split<'a>(out: &mut Vec<Atom<'a>>, kind: Kind, core: &'a str) {
    let mut start = 0;
    let mut space = false;
    // Characters are counted on the way: the width of the atom being read.
    let mut width = 0;
    for (i, c) in core.char_indices() {
        if c.is_whitespace() != space {
            out.push(Atom {
                kind,
                text: &core[start..i],
                width,
                space,
            });
            start = i;
            space = !space;
            width = 0;
        }
        width += 1;
    }
    out.push(Atom {
        kind,
        text: &core[start..],
        width,
        space,
    });
}

fn atom(kind: Kind, text: &str, space: bool) -> Atom<'_> {
    Atom {
        kind,
        text,
        width: text.chars().count(),
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

    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let token = prop_oneof![
            Just("(1) "),
            Just("Mißbrauch"),
            Just("Kind,"),
            Just("§\u{a0}176"),
            Just(" "),
            Just("  "),
            Just("\n"),
            Just("\n\n(2) "),
            Just("1. "),
        ];
        proptest::collection::vec(token, 0..30).prop_map(|t| t.concat())
    }

    proptest::proptest! {
        /// A paragraph that is not wrapped keeps its fragments' words whole;
        /// it must read exactly as one wrapped to a width it never reaches.
        #[test]
        fn unwrapped_reads_as_wrapped_to_no_limit(old in text(), new in text(), colour: bool) {
            let r = doc_of(&old, &new);
            proptest::prop_assert_eq!(
                render_plain(&r, None, colour),
                render_plain(&r, Some(u16::MAX), colour)
            );
        }
    }
}
