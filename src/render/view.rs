//! A redline prepared for reading, shared by every output format: unchanged
//! paragraphs elided (context kept), neighbouring edits merged into readable
//! changes, each change tagged with the numbers of the notes behind it.
//!
//! The view never alters the statute text: the equal and deleted pieces of a
//! block still give its old text and the equal and inserted pieces its new
//! text, less white space at its ends (the blank line that separates it
//! from the block before, the line break at the end of the section). It
//! borrows that text from the redline wherever a piece is one segment's
//! text, whole or trimmed, and copies only what it joins.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use crate::model::text::{Label, UnitKind};
use crate::model::words::{self, TokenKind};
use crate::redline::{Block, BlockChange, Op, Redline, SectionStatus, Segment};

/// A redline ready for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View<'a> {
    /// The sections, in the redline's order.
    pub sections: Vec<SectionView<'a>>,
    /// Notes no change refers to (e.g. an amendment a later one overwrote),
    /// so their reasons can still be shown.
    pub unreferenced: Vec<usize>,
}

/// One section ready for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionView<'a> {
    /// "176"
    pub number: String,
    /// How the section fares.
    pub status: SectionStatus,
    /// The heading as a line of pieces.
    pub title: Line<'a>,
    /// Whether the heading changes.
    pub title_changed: bool,
    /// Notes whose reasons first come up at the heading.
    pub title_notes: Vec<usize>,
    /// The paragraphs shown and the runs left out.
    pub rows: Vec<Row<'a>>,
}

/// A shown paragraph or a run of unchanged ones left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row<'a> {
    /// A paragraph shown.
    Block(BlockView<'a>),
    /// Unchanged paragraphs left out.
    Elided(Elided),
}

/// A run of unchanged paragraphs left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elided {
    /// The first unit left out, without the section: "Abs. 2".
    pub first: String,
    /// The last unit left out.
    pub last: String,
    /// How many paragraphs.
    pub count: usize,
}

/// A paragraph ready for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockView<'a> {
    /// The unit it opens, without the section: "Abs. 1 S. 1 Nr. 3".
    pub unit: String,
    /// How it fares.
    pub change: BlockChange,
    /// Whether it is an unchanged paragraph kept as context.
    pub context: bool,
    /// List depth for indentation: 0 for an Absatz, 1 for a Nummer, ...
    pub depth: usize,
    /// Its text, without the white space before and after it.
    pub line: Line<'a>,
    /// Notes whose reasons first come up here (in document order).
    pub first_notes: Vec<usize>,
    /// Whether the paragraph starts a paragraph of the old text; when it
    /// does not, the blank line before it was inserted and it continues
    /// the paragraph before in the old text.
    pub opens_old: bool,
    /// Whether it starts a paragraph of the new text (the blank line before
    /// it was not deleted).
    pub opens_new: bool,
}

/// A line of text with its changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line<'a> {
    /// The pieces, in order.
    pub pieces: Vec<Piece<'a>>,
}

/// Text that stays, or a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text in both versions.
    Same(Cow<'a, str>),
    /// Words struck and words inserted at one place.
    Change(Change<'a>),
}

/// Words struck and inserted at one place, with the notes behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    /// The struck words ("" for a pure insertion).
    pub deleted: Cow<'a, str>,
    /// The inserted words ("" for a pure deletion).
    pub inserted: Cow<'a, str>,
    /// The note numbers to mark after this change (empty when the next
    /// change of the paragraph has the same notes: one mark serves both).
    pub marks: Vec<Mark>,
}

/// A reference from a change to a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The note's number.
    pub number: usize,
    /// Whether this is the first mark of that note (the note links back to it).
    pub first: bool,
}

impl<'a> Line<'a> {
    /// Every mark in the line, in order.
    pub fn marks(&self) -> Vec<Mark> {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Change(c) => Some(c.marks.iter().copied()),
                Piece::Same(_) => None,
            })
            .flatten()
            .collect()
    }

    /// The old text of the line.
    pub fn old_text(&self) -> String {
        self.text(Op::Delete)
    }

    /// The new text of the line.
    pub fn new_text(&self) -> String {
        self.text(Op::Insert)
    }

    /// The text of one side: the equal pieces with the struck
    /// ([`Op::Delete`]) or the inserted words.
    fn text(&self, side: Op) -> String {
        let pieces = self.pieces.iter().map(|p| match p {
            Piece::Same(t) => t.as_ref(),
            Piece::Change(c) if side == Op::Delete => c.deleted.as_ref(),
            Piece::Change(c) => c.inserted.as_ref(),
        });
        // Sized first: a paragraph has many pieces.
        let mut out = String::with_capacity(pieces.clone().map(str::len).sum());
        out.extend(pieces);
        out
    }

    /// Whether anything in the line changes.
    pub fn has_changes(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Change(_)))
    }
}

impl Change<'_> {
    /// The change cut before the white space it ends with: struck words,
    /// inserted words, then that white space and whether it is struck (or
    /// inserted). Marks go before the white space: `"[-Jahren-][1] wird"`.
    pub fn split_end(&self) -> (&str, &str, &str, Op) {
        let (last, op) = if self.inserted.is_empty() {
            (&self.deleted, Op::Delete)
        } else {
            (&self.inserted, Op::Insert)
        };
        let core = last.trim_end().len();
        let trail = &last[core..];
        match op {
            Op::Delete => (&self.deleted[..core], "", trail, op),
            _ => (&self.deleted, &self.inserted[..core], trail, op),
        }
    }
}

impl BlockView<'_> {
    /// Whether the paragraph is the old place of a moved paragraph.
    pub fn moved_away(&self) -> bool {
        matches!(self.change, BlockChange::Moved { .. }) && self.line.new_text().trim().is_empty()
    }
}

/// Builds the view of `redline`.
pub fn build(redline: &Redline) -> View<'_> {
    let numbers: HashMap<&str, usize> = redline
        .notes
        .iter()
        .map(|n| (n.id.as_str(), n.number))
        .collect();
    let mut seen = HashSet::new();
    let mut sections = Vec::new();
    for s in &redline.sections {
        let title = line(&s.title, &numbers, &mut seen);
        let title_changed = title.has_changes();
        let mut rows = Vec::new();
        // Unchanged paragraphs not kept as context are left out, a run at a
        // time; only the ends of a run are named.
        let left_out = |b: &Block| b.change == BlockChange::Unchanged && !b.context;
        for run in s.blocks.chunk_by(|a, b| left_out(a) == left_out(b)) {
            match (run.first(), run.last()) {
                (Some(first), Some(last)) if left_out(first) => rows.push(Row::Elided(Elided {
                    first: local_unit(&s.number, &first.unit),
                    last: local_unit(&s.number, &last.unit),
                    count: run.len(),
                })),
                _ => rows.extend(run.iter().map(|b| {
                    let unit = local_unit(&s.number, &b.unit);
                    Row::Block(block(b, unit, &numbers, &mut seen))
                })),
            }
        }
        sections.push(SectionView {
            number: s.number.clone(),
            status: s.status,
            title,
            title_changed,
            title_notes: Vec::new(),
            rows,
        });
    }
    // The notes each heading or paragraph brings up first, in document order.
    let mut announced = HashSet::new();
    let mut first = |line: &Line| -> Vec<usize> {
        line.marks()
            .into_iter()
            .map(|m| m.number)
            .filter(|n| announced.insert(*n))
            .collect()
    };
    for s in &mut sections {
        s.title_notes = first(&s.title);
        for row in &mut s.rows {
            if let Row::Block(b) = row {
                b.first_notes = first(&b.line);
            }
        }
    }
    let unreferenced = redline
        .notes
        .iter()
        .map(|n| n.number)
        .filter(|n| !announced.contains(n))
        .collect();
    View {
        sections,
        unreferenced,
    }
}

/// "§ 176 Abs. 1 Nr. 3" in section "176" → "Abs. 1 Nr. 3"; the section alone → "§ 176".
fn local_unit(section: &str, unit: &str) -> String {
    unit.strip_prefix("§ ")
        .and_then(|u| u.strip_prefix(section))
        .and_then(|u| u.strip_prefix(' '))
        .unwrap_or(unit)
        .to_owned()
}

fn block<'a>(
    b: &'a Block,
    unit: String,
    numbers: &HashMap<&str, usize>,
    seen: &mut HashSet<usize>,
) -> BlockView<'a> {
    // The blank line that separates a paragraph from the one before is the
    // start of its first segment; its fate says on which side it opens one.
    let lead = b
        .segments
        .first()
        .filter(|s| {
            let ws = &s.text[..s.text.len() - s.text.trim_start().len()];
            ws.matches('\n').count() >= 2
        })
        .map(|s| s.op);
    let line = line(&b.segments, numbers, seen);
    let new = line.new_text();
    let shown = if new.trim().is_empty() {
        line.old_text()
    } else {
        new
    };
    let depth = match Label::parse_prefix(shown.trim_start()).map(|l| l.kind) {
        Some(UnitKind::Nummer) => 1,
        Some(UnitKind::Buchstabe) => 2,
        Some(UnitKind::Doppelbuchstabe) => 3,
        _ => 0,
    };
    BlockView {
        unit,
        change: b.change.clone(),
        context: b.context,
        depth,
        line,
        first_notes: Vec::new(),
        opens_old: lead != Some(Op::Insert),
        opens_new: lead != Some(Op::Delete),
    }
}

/// Turns segments into a line: merged changes, trimmed, with marks.
fn line<'a>(
    segments: &'a [Segment],
    numbers: &HashMap<&str, usize>,
    seen: &mut HashSet<usize>,
) -> Line<'a> {
    let segs = merge_small_equalities(segments);
    // Group runs of changes; each change keeps the set of its notes.
    let mut pieces: Vec<(Piece, BTreeSet<usize>)> = Vec::with_capacity(segs.len());
    for s in &segs {
        let notes = s.amendments.iter().filter_map(|a| numbers.get(a.as_str()));
        match (s.op, pieces.last_mut()) {
            (Op::Equal, Some((Piece::Same(t), _))) => t.to_mut().push_str(s.text),
            (Op::Equal, _) => pieces.push((Piece::Same(s.text.into()), BTreeSet::new())),
            (op, Some((Piece::Change(c), set))) => {
                push_side(c, op, s.text);
                set.extend(notes);
            }
            (op, _) => {
                let mut c = Change {
                    deleted: Cow::default(),
                    inserted: Cow::default(),
                    marks: Vec::new(),
                };
                push_side(&mut c, op, s.text);
                pieces.push((Piece::Change(c), notes.copied().collect()));
            }
        }
    }
    let mut pieces = refine(pieces);
    trim(&mut pieces);
    // One mark serves a run of changes with the same notes.
    let sets: Vec<Option<BTreeSet<usize>>> = pieces
        .iter()
        .map(|(p, set)| matches!(p, Piece::Change(_)).then(|| set.clone()))
        .collect();
    let mut out = Vec::with_capacity(pieces.len());
    for (i, (mut piece, set)) in pieces.into_iter().enumerate() {
        if let Piece::Change(c) = &mut piece {
            let next = sets.iter().skip(i + 1).flatten().next();
            if next != Some(&set) {
                c.marks = set
                    .iter()
                    .map(|&number| Mark {
                        number,
                        first: seen.insert(number),
                    })
                    .collect();
            }
        }
        out.push(piece);
    }
    Line { pieces: out }
}

/// Moves the words a change strikes and inserts again out of it: an
/// amendment that replaces "an sich vornehmen lässt" by "an sich vornehmen
/// lässt, auch wenn ..." shows as the insertion of ", auch wenn ...".
fn refine<'a>(pieces: Vec<(Piece<'a>, BTreeSet<usize>)>) -> Vec<(Piece<'a>, BTreeSet<usize>)> {
    let mut out: Vec<(Piece, BTreeSet<usize>)> = Vec::with_capacity(pieces.len());
    let push_same = |out: &mut Vec<(Piece<'a>, BTreeSet<usize>)>, text: Cow<'a, str>| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((Piece::Same(t), _)) => t.to_mut().push_str(&text),
            _ => out.push((Piece::Same(text), BTreeSet::new())),
        }
    };
    for (piece, set) in pieces {
        let c = match piece {
            Piece::Same(t) => {
                push_same(&mut out, t);
                continue;
            }
            Piece::Change(c) => c,
        };
        // Tokenizing is the costly part, and most changes share no word at
        // either end: they cannot when their first and last characters differ.
        if !share_an_end(&c.deleted, &c.inserted) {
            out.push((Piece::Change(c), set));
            continue;
        }
        let old = words::tokens(&c.deleted);
        let new = words::tokens(&c.inserted);
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let rest = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(rest)
            .take_while(|(a, b)| a == b)
            .count();
        // Punctuation alone stays in the change: "[-(5)-]{+(6)+}" reads
        // better than "([-5-]{+6+})"; words and white space go.
        let wordy = |toks: &[&str]| toks.iter().any(|t| words::kind(t) != TokenKind::Punct);
        let prefix = if wordy(&old[..prefix]) { prefix } else { 0 };
        let suffix = if wordy(&old[old.len() - suffix..]) {
            suffix
        } else {
            0
        };
        let bytes = |toks: &[&str]| toks.iter().map(|t| t.len()).sum::<usize>();
        let head = bytes(&old[..prefix]);
        let (old_tail, new_tail) = (
            bytes(&old[old.len() - suffix..]),
            bytes(&new[new.len() - suffix..]),
        );
        push_same(&mut out, slice(&c.deleted, 0..head));
        let deleted = slice(&c.deleted, head..c.deleted.len() - old_tail);
        let inserted = slice(&c.inserted, head..c.inserted.len() - new_tail);
        if !(deleted.is_empty() && inserted.is_empty()) {
            out.push((
                Piece::Change(Change {
                    deleted,
                    inserted,
                    marks: Vec::new(),
                }),
                set,
            ));
        }
        push_same(
            &mut out,
            slice(&c.deleted, c.deleted.len() - old_tail..c.deleted.len()),
        );
    }
    out
}

/// Whether `a` and `b` start or end with the same character (two empty
/// texts do).
fn share_an_end(a: &str, b: &str) -> bool {
    a.chars().next() == b.chars().next() || a.chars().next_back() == b.chars().next_back()
}

fn push_side<'a>(c: &mut Change<'a>, op: Op, text: &'a str) {
    match op {
        Op::Delete => append(&mut c.deleted, text),
        Op::Insert => append(&mut c.inserted, text),
        Op::Equal => {}
    }
}

/// Appends `text`, still borrowing it while it is all there is.
fn append<'a>(to: &mut Cow<'a, str>, text: &'a str) {
    if to.is_empty() {
        *to = Cow::Borrowed(text);
    } else {
        to.to_mut().push_str(text);
    }
}

/// Part of `text`, still borrowing what it borrows.
fn slice<'a>(text: &Cow<'a, str>, range: Range<usize>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(&t[range]),
        Cow::Owned(t) => Cow::Owned(t[range].to_owned()),
    }
}

/// Drops the white space `text` starts with, still borrowing what it borrows.
fn trim_start(text: &mut Cow<'_, str>) {
    match text {
        Cow::Borrowed(t) => *t = t.trim_start(),
        Cow::Owned(t) => {
            let start = t.len() - t.trim_start().len();
            t.drain(..start);
        }
    }
}

/// Drops the white space `text` ends with, still borrowing what it borrows.
fn trim_end(text: &mut Cow<'_, str>) {
    match text {
        Cow::Borrowed(t) => *t = t.trim_end(),
        Cow::Owned(t) => t.truncate(t.trim_end().len()),
    }
}

/// Drops the white space before and after the paragraph.
fn trim(pieces: &mut Vec<(Piece, BTreeSet<usize>)>) {
    while let Some((first, _)) = pieces.first_mut() {
        match first {
            Piece::Same(t) => trim_start(t),
            Piece::Change(c) => {
                trim_start(&mut c.deleted);
                trim_start(&mut c.inserted);
            }
        }
        if is_empty(first) {
            pieces.remove(0);
        } else {
            break;
        }
    }
    while let Some((last, _)) = pieces.last_mut() {
        match last {
            Piece::Same(t) => trim_end(t),
            Piece::Change(c) => {
                trim_end(&mut c.deleted);
                trim_end(&mut c.inserted);
            }
        }
        if is_empty(last) {
            pieces.pop();
        } else {
            break;
        }
    }
}

fn is_empty(p: &Piece) -> bool {
    match p {
        Piece::Same(t) => t.is_empty(),
        Piece::Change(c) => c.deleted.is_empty() && c.inserted.is_empty(),
    }
}

/// A stretch of segments while merging: an equal segment, or a run of
/// changes with the characters it deletes and inserts.
#[derive(Debug, Clone, Copy)]
enum Stretch {
    Equal(usize),
    Changes {
        start: usize,
        end: usize,
        deleted: usize,
        inserted: usize,
    },
}

/// A segment as merging leaves it, borrowing the redline's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg<'a> {
    op: Op,
    text: &'a str,
    amendments: &'a [String],
}

impl<'a> From<&'a Segment> for Seg<'a> {
    fn from(s: &'a Segment) -> Self {
        Seg {
            op: s.op,
            text: &s.text,
            amendments: &s.amendments,
        }
    }
}

/// Absorbs an equal stretch into the changes around it when it is no longer
/// than the change on either side (the rule of diff-match-patch's semantic
/// cleanup): "[-vor-]{+an einer Person+} [-einem-]{+unter vierzehn Jahren+}"
/// reads better as one struck and one inserted stretch. Both texts stay the
/// same: the absorbed words are struck and inserted again.
fn merge_small_equalities(segments: &[Segment]) -> Vec<Seg<'_>> {
    let chars = |s: &Segment| s.text.chars().count();
    // A stack of stretches: each new run of changes absorbs the equal
    // segment before it while the rule allows, then checks again against
    // the stretch before that. Segments are only counted here, so the
    // merging stays linear in the length of the paragraph.
    let mut stack: Vec<Stretch> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        if segments[i].op == Op::Equal {
            stack.push(Stretch::Equal(i));
            i += 1;
            continue;
        }
        let start = i;
        let (mut deleted, mut inserted) = (0, 0);
        while let Some(s) = segments.get(i).filter(|s| s.op != Op::Equal) {
            match s.op {
                Op::Delete => deleted += chars(s),
                _ => inserted += chars(s),
            }
            i += 1;
        }
        let mut run = (start, i, deleted, inserted);
        while let [
            ..,
            Stretch::Changes {
                start: b_start,
                deleted: b_del,
                inserted: b_ins,
                ..
            },
            Stretch::Equal(e),
        ] = stack.as_slice()
        {
            let len = chars(&segments[*e]);
            if len > (*b_del).max(*b_ins) || len > run.2.max(run.3) {
                break;
            }
            run = (*b_start, run.1, b_del + len + run.2, b_ins + len + run.3);
            stack.truncate(stack.len() - 2);
        }
        stack.push(Stretch::Changes {
            start: run.0,
            end: run.1,
            deleted: run.2,
            inserted: run.3,
        });
    }
    // Write out: a merged run strikes its equal words and inserts them again,
    // deletions first, so both texts stay the same.
    let mut out = Vec::with_capacity(segments.len());
    for stretch in stack {
        match stretch {
            Stretch::Equal(e) => out.push(Seg::from(&segments[e])),
            Stretch::Changes { start, end, .. } => {
                let run = &segments[start..end];
                for (keep, op) in [(Op::Delete, Op::Delete), (Op::Insert, Op::Insert)] {
                    out.extend(
                        run.iter()
                            .filter(|s| s.op == keep || s.op == Op::Equal)
                            .map(|s| Seg { op, ..s.into() }),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::statute::Content;
    use crate::redline::compare_texts;
    use crate::render::test_redline;

    fn seg(op: Op, text: &str, ids: &[&str]) -> Segment {
        Segment {
            op,
            text: text.into(),
            amendments: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn text(t: &str) -> Content {
        Content::Text {
            title: "T".into(),
            text: t.into(),
        }
    }

    #[test]
    fn small_equalities_merge_and_both_texts_survive() {
        let segs = vec![
            seg(Op::Equal, "1. sexuelle Handlungen ", &[]),
            seg(Op::Delete, "vor", &["a"]),
            seg(Op::Insert, "an einer Person", &["a"]),
            seg(Op::Equal, " ", &[]),
            seg(Op::Delete, "einem", &["a"]),
            seg(Op::Insert, "unter vierzehn Jahren", &["a"]),
            seg(Op::Equal, " Kind vornimmt", &[]),
        ];
        let merged = merge_small_equalities(&segs);
        let side = |keep: Op| -> String {
            merged
                .iter()
                .filter(|s| s.op == Op::Equal || s.op == keep)
                .map(|s| s.text)
                .collect()
        };
        assert_eq!(
            side(Op::Delete),
            "1. sexuelle Handlungen vor einem Kind vornimmt"
        );
        assert_eq!(
            side(Op::Insert),
            "1. sexuelle Handlungen an einer Person unter vierzehn Jahren Kind vornimmt"
        );
        let mut numbers = HashMap::new();
        numbers.insert("a", 1);
        let l = line(&segs, &numbers, &mut HashSet::new());
        assert_eq!(l.pieces.len(), 3, "{l:?}");
        assert_eq!(
            l.pieces[1],
            Piece::Change(Change {
                deleted: "vor einem".into(),
                inserted: "an einer Person unter vierzehn Jahren".into(),
                marks: vec![Mark {
                    number: 1,
                    first: true
                }],
            })
        );
    }

    #[test]
    fn words_struck_and_inserted_again_stay_plain() {
        let segs = vec![
            seg(Op::Equal, "von einer dritten Person ", &[]),
            seg(Op::Delete, "an sich vornehmen lässt", &["a"]),
            seg(
                Op::Insert,
                "an sich vornehmen lässt, auch in Echtzeit",
                &["a"],
            ),
            seg(Op::Equal, ",", &[]),
        ];
        let mut numbers = HashMap::new();
        numbers.insert("a", 1);
        let l = line(&segs, &numbers, &mut HashSet::new());
        assert_eq!(
            l.pieces[0],
            Piece::Same("von einer dritten Person an sich vornehmen lässt".into())
        );
        assert!(
            matches!(&l.pieces[1], Piece::Change(c) if c.deleted.is_empty() && c.inserted == ", auch in Echtzeit")
        );
        assert_eq!(
            l.old_text(),
            "von einer dritten Person an sich vornehmen lässt,"
        );
    }

    #[test]
    fn pieces_of_one_segment_borrow_its_text() {
        let segs = vec![
            seg(Op::Equal, "\n\n(2) Wer ein ", &[]),
            seg(Op::Delete, "Kind", &[]),
            seg(Op::Insert, "Person unter vierzehn Jahren", &[]),
            seg(Op::Equal, " sexuell missbraucht, wird bestraft.\n", &[]),
        ];
        let l = line(&segs, &HashMap::new(), &mut HashSet::new());
        let borrowed = |t: &Cow<str>| matches!(t, Cow::Borrowed(_));
        assert!(l.pieces.iter().all(|p| match p {
            Piece::Same(t) => borrowed(t),
            Piece::Change(c) => borrowed(&c.deleted) && borrowed(&c.inserted),
        }));
        assert_eq!(
            l.old_text(),
            "(2) Wer ein Kind sexuell missbraucht, wird bestraft."
        );
    }

    #[test]
    fn long_equalities_stay() {
        let segs = vec![
            seg(Op::Delete, "3.", &["a"]),
            seg(Op::Insert, "4.", &["a"]),
            seg(Op::Equal, " ein Kind für eine Tat nach ", &[]),
            seg(Op::Delete, "Nummer 1 oder Nummer 2", &["b"]),
            seg(Op::Insert, "den Nummern 1 bis 3", &["b"]),
        ];
        let unmerged: Vec<Seg> = segs.iter().map(Seg::from).collect();
        assert_eq!(merge_small_equalities(&segs), unmerged);
    }

    #[test]
    fn one_mark_for_a_run_of_changes_with_the_same_notes() {
        let segs = vec![
            seg(Op::Delete, "alt", &["a"]),
            seg(Op::Insert, "neu", &["a"]),
            seg(Op::Equal, " und so weiter und so fort ", &[]),
            seg(Op::Delete, "eins", &["a"]),
            seg(Op::Insert, "zwei", &["a"]),
        ];
        let mut numbers = HashMap::new();
        numbers.insert("a", 1);
        let l = line(&segs, &numbers, &mut HashSet::new());
        let marks: Vec<usize> = l
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Change(c) => c.marks.len(),
                Piece::Same(_) => 0,
            })
            .collect();
        assert_eq!(marks, vec![0, 0, 1]);
    }

    #[test]
    fn units_lose_their_section() {
        assert_eq!(local_unit("176", "§ 176 Abs. 1 Nr. 3"), "Abs. 1 Nr. 3");
        assert_eq!(local_unit("176", "§ 176"), "§ 176");
        assert_eq!(local_unit("176", "§ 176a Abs. 1"), "§ 176a Abs. 1");
    }

    #[test]
    fn unchanged_runs_are_elided_and_context_kept() {
        let old = "(1) Eins wer\n\n1. a,\n\n2. b,\n\n3. c.\n\n(2) Zwei.\n\n(3) Drei.\n";
        let new = "(1) Eins wer\n\n1. a,\n\n2. b,\n\n3. d.\n\n(2) Zwei.\n\n(3) Drei.\n";
        let r = test_redline(vec![compare_texts("9", &text(old), &text(new))], &[]);
        let v = build(&r);
        let rows = &v.sections[0].rows;
        assert!(matches!(&rows[0], Row::Block(b) if b.context && b.unit == "Abs. 1"));
        assert!(matches!(&rows[1], Row::Elided(e) if e.count == 2 && e.first == "Abs. 1 Nr. 1"));
        assert!(matches!(&rows[2], Row::Block(b) if b.depth == 1 && b.line.old_text() == "3. c."));
        assert!(matches!(&rows[3], Row::Elided(e) if e.count == 2 && e.last == "Abs. 3"));
    }

    #[test]
    fn white_space_between_paragraphs_is_trimmed() {
        let r = compare_texts("9", &text("(1) A.\n\n(2) B.\n"), &text("(1) A.\n"));
        let r = test_redline(vec![r], &[]);
        let v = build(&r);
        let Row::Block(b) = &v.sections[0].rows[1] else {
            panic!("{:?}", v.sections[0].rows)
        };
        assert_eq!(b.line.old_text(), "(2) B.");
    }

    #[test]
    fn notes_without_changes_are_listed() {
        let r = compare_texts("9", &text("(1) A.\n"), &text("(1) B.\n"));
        let r = test_redline(vec![r], &["x"]);
        let v = build(&r);
        assert_eq!(v.unreferenced, vec![1]);
    }

    fn side<'a>(segs: impl IntoIterator<Item = Seg<'a>>, keep: Op) -> String {
        segs.into_iter()
            .filter(|s| s.op == Op::Equal || s.op == keep)
            .map(|s| s.text)
            .collect()
    }

    fn segment() -> impl proptest::strategy::Strategy<Value = Segment> {
        use proptest::prelude::*;
        (
            prop_oneof![Just(Op::Equal), Just(Op::Delete), Just(Op::Insert)],
            "[a-zäß ,.()0-9]{0,12}",
            proptest::option::of("[ab]"),
        )
            .prop_map(|(op, text, id)| Segment {
                op,
                text,
                amendments: id.into_iter().collect(),
            })
    }

    proptest::proptest! {
        #[test]
        fn the_view_keeps_both_texts(segs in proptest::collection::vec(segment(), 0..40)) {
            let merged = merge_small_equalities(&segs);
            let unmerged: Vec<Seg> = segs.iter().map(Seg::from).collect();
            let (old, new) = (side(unmerged.clone(), Op::Delete), side(unmerged, Op::Insert));
            proptest::prop_assert_eq!(&side(merged.clone(), Op::Delete), &old);
            proptest::prop_assert_eq!(&side(merged, Op::Insert), &new);
            let mut numbers = HashMap::new();
            numbers.insert("a", 1);
            numbers.insert("b", 2);
            let l = line(&segs, &numbers, &mut HashSet::new());
            let (view_old, view_new) = (l.old_text(), l.new_text());
            proptest::prop_assert_eq!(view_old.trim(), old.trim());
            proptest::prop_assert_eq!(view_new.trim(), new.trim());
        }
    }
}
