//! Redlines of two texts without provenance, aligned by structure.
//!
//! Paragraphs are matched on their words without their label first, so an
//! inserted Absatz shows as one inserted paragraph and the ones after it as
//! renumbered, not as a cascade of edits. Paragraphs that do not match are
//! paired by similarity and compared word by word; the rest are inserted or
//! deleted, and a paragraph deleted in one place and inserted in another
//! shows as moved.

use std::ops::Range;

use jiff::civil::Date;
use similar::DiffTag;

use super::blocks::into_blocks;
use super::{Op, Redline, Run, SectionRedline, SectionStatus, Side, push_run, segments};
use crate::model::statute::{Content, Law};
use crate::model::text::Label;
use crate::model::words::{self, NumberedTokens, Numbering, TokenCounts, TokenId, WordOp};
use crate::parallel;

/// Paired paragraphs must share at least this share of their bytes.
const PAIRING_THRESHOLD: f32 = 0.5;

/// Says which amendments a deleted (old text) or inserted (new text) range
/// stems from, piece by piece: each piece a part of the range and the
/// amendments behind it. Parts of the range no piece covers stem from none.
pub(super) type Attribute<'a> = &'a dyn Fn(Op, &Range<usize>) -> Vec<(Range<usize>, Vec<String>)>;

/// A paragraph: the white space before it and its text.
struct Para {
    lead: Range<usize>,
    body: Range<usize>,
    /// Length of the label ("(3)", "2.") and the white space after it.
    label: usize,
}

impl Para {
    fn all(&self) -> Range<usize> {
        self.lead.start..self.body.end
    }
}

/// Splits a text into paragraphs at blank lines, plus the trailing white space.
fn paragraphs(text: &str) -> (Vec<Para>, Range<usize>) {
    let mut paras = Vec::new();
    let mut lead_start = 0;
    // Where the paragraph being read starts: its first character that is
    // not white space.
    let first = text.len() - text.trim_start().len();
    let mut body_start = (first < text.len()).then_some(first);
    for blank in words::blank_lines(text) {
        // A blank line before the first paragraph leads it.
        if let Some(start) = body_start.filter(|&s| s < blank.start) {
            paras.push(para(text, lead_start..start, start..blank.start));
            lead_start = blank.start;
            body_start = (blank.end < text.len()).then_some(blank.end);
        }
    }
    let end_of_body = text.trim_end().len().max(body_start.unwrap_or(0));
    if let Some(start) = body_start {
        paras.push(para(text, lead_start..start, start..end_of_body));
        lead_start = end_of_body;
    }
    (paras, lead_start..text.len().max(lead_start))
}

fn para(text: &str, lead: Range<usize>, body: Range<usize>) -> Para {
    let b = &text[body.clone()];
    let label = Label::parse_prefix(b).map_or(0, |l| {
        let rest = &b[l.raw.len()..];
        l.raw.len() + (rest.len() - rest.trim_start().len())
    });
    Para { lead, body, label }
}

/// Builds runs while keeping track of where each stands in both texts.
struct Runs<'a> {
    old: &'a str,
    new: &'a str,
    attribute: Attribute<'a>,
    out: Vec<Run>,
}

impl<'a> Runs<'a> {
    fn new(old: &'a str, new: &'a str, attribute: Attribute<'a>) -> Self {
        Runs {
            old,
            new,
            attribute,
            out: Vec::new(),
        }
    }

    fn equal(&mut self, old: Range<usize>) {
        push_run(
            &mut self.out,
            Run::new(Op::Equal, &self.old[old], Vec::new()),
        );
    }

    fn delete(&mut self, old: Range<usize>) {
        self.changed(Op::Delete, old);
    }

    fn insert(&mut self, new: Range<usize>) {
        self.changed(Op::Insert, new);
    }

    /// Runs for the deleted (old text) or inserted (new text) `range`, one
    /// per piece the attribution gives, in order.
    fn changed(&mut self, op: Op, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let text = if op == Op::Delete { self.old } else { self.new };
        let mut pieces = (self.attribute)(op, &range);
        pieces.sort_by_key(|(r, _)| r.start);
        let mut at = range.start;
        for (piece, ids) in pieces {
            // Clipped to the range and to what earlier pieces left; a piece
            // that would cut a character counts as no piece, so that every
            // byte is still shown, unattributed.
            let piece = piece.start.max(at)..piece.end.min(range.end);
            if piece.is_empty()
                || !text.is_char_boundary(piece.start)
                || !text.is_char_boundary(piece.end)
            {
                continue;
            }
            if at < piece.start {
                push_run(
                    &mut self.out,
                    Run::new(op, &text[at..piece.start], Vec::new()),
                );
            }
            push_run(&mut self.out, Run::new(op, &text[piece.clone()], ids));
            at = piece.end;
        }
        if at < range.end {
            push_run(
                &mut self.out,
                Run::new(op, &text[at..range.end], Vec::new()),
            );
        }
    }

    /// Word diff of two ranges. Only paragraphs that changed are cut into
    /// words: most of a changed section is not.
    fn words(&mut self, old: Range<usize>, new: Range<usize>) {
        self.ops(words::diff_within(self.old, old, self.new, new));
    }

    /// Runs for the ops of a word diff.
    fn ops(&mut self, ops: Vec<WordOp>) {
        for op in ops {
            let (o, n) = (op.old, op.new);
            match op.tag {
                DiffTag::Equal => self.equal(o),
                DiffTag::Delete => self.delete(o),
                DiffTag::Insert => self.insert(n),
                DiffTag::Replace => {
                    self.delete(o);
                    self.insert(n);
                }
            }
        }
    }

    /// Two paragraphs with the same words: only lead and label may differ.
    fn same_words(&mut self, a: &Para, b: &Para) {
        let (old, new) = (self.old, self.new);
        if old[a.lead.clone()] == new[b.lead.clone()] {
            self.equal(a.lead.clone());
        } else {
            self.delete(a.lead.clone());
            self.insert(b.lead.clone());
        }
        let la = a.body.start..a.body.start + a.label;
        let lb = b.body.start..b.body.start + b.label;
        if old[la.clone()] == new[lb.clone()] {
            self.equal(la);
        } else {
            self.words(la, lb);
        }
        self.equal(a.body.start + a.label..a.body.end);
    }
}

/// The share of the bytes of `a` and `b` that `equal` bytes in each make.
fn share(equal: usize, a: &str, b: &str) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    (2 * equal) as f32 / (a.len() + b.len()) as f32
}

/// A paragraph of a replaced stretch cut into words, numbered with the
/// others it may pair with: cut once, for the pairing and the word diff.
struct Words<'t> {
    /// Where the paragraph, lead included, starts in its text.
    start: usize,
    /// The paragraph, lead included.
    tokens: NumberedTokens<'t>,
    /// The tokens of its body: all but the lead's.
    body: Range<usize>,
    /// How often each token of the body occurs.
    counts: TokenCounts,
}

impl<'t> Words<'t> {
    fn of(numbering: &mut Numbering<'t>, text: &'t str, p: &Para) -> Words<'t> {
        let tokens = numbering.number(&text[p.all()]);
        let lead = p.lead.len();
        let body = tokens.ranges().partition_point(|r| r.start < lead)..tokens.ranges().len();
        let counts = tokens.counts(body.clone());
        Words {
            start: p.lead.start,
            tokens,
            body,
            counts,
        }
    }

    fn body_text(&self) -> &'t str {
        let start = self
            .tokens
            .ranges()
            .get(self.body.start)
            .map_or(self.tokens.text().len(), |r| r.start);
        &self.tokens.text()[start..]
    }

    /// The word diff of the two paragraphs' bodies, if they are similar
    /// enough to pair: they share at least [`PAIRING_THRESHOLD`] of their
    /// bytes, by words. Their token counts bound that share from above,
    /// which rules out most pairs of a rewritten section without a word
    /// diff; the result is the same, as the share grows with the bytes in
    /// common.
    fn pairs_with(&self, other: &Words<'_>) -> Option<Vec<WordOp>> {
        let (a, b) = (self.body_text(), other.body_text());
        if share(self.counts.shared_bytes(&other.counts), a, b) < PAIRING_THRESHOLD {
            return None;
        }
        let ops = words::diff_numbered(
            &self.tokens,
            self.body.clone(),
            &other.tokens,
            other.body.clone(),
        );
        let equal: usize = ops
            .iter()
            .filter(|op| op.tag == DiffTag::Equal)
            .map(|op| op.old.len())
            .sum();
        (share(equal, a, b) >= PAIRING_THRESHOLD).then_some(ops)
    }

    /// The white space that leads the paragraph.
    fn lead(&self) -> &'t str {
        &self.tokens.text()[..self.tokens.text().len() - self.body_text().len()]
    }

    /// The word diff of two whole paragraphs, in bytes of their texts,
    /// given the diff of their bodies.
    fn diff(&self, other: &Words<'_>, bodies: Vec<WordOp>) -> Vec<WordOp> {
        let lead = self.lead();
        // A blank line is one token found in no body, so where both leads
        // are the same blank line, the word diff anchors on it and compares
        // the bodies as they were compared already.
        let blank = lead.matches('\n').nth(1).is_some();
        let ops = if lead.is_empty() && other.lead().is_empty() {
            bodies
        } else if blank && lead == other.lead() {
            let lead = WordOp {
                tag: DiffTag::Equal,
                old: 0..lead.len(),
                new: 0..lead.len(),
            };
            std::iter::once(lead).chain(bodies).collect()
        } else {
            let all = |w: &Words<'_>| 0..w.tokens.ranges().len();
            words::diff_numbered(&self.tokens, all(self), &other.tokens, all(other))
        };
        ops.into_iter()
            .map(|op| WordOp {
                tag: op.tag,
                old: op.old.start + self.start..op.old.end + self.start,
                new: op.new.start + other.start..op.new.end + other.start,
            })
            .collect()
    }
}

/// The runs of `old` against `new`, aligned by paragraphs.
fn runs(old: &str, new: &str, attribute: Attribute<'_>) -> Vec<Run> {
    let (old_p, old_tail) = paragraphs(old);
    let (new_p, new_tail) = paragraphs(new);
    let mut numbering = Numbering::default();
    let old_k: Vec<TokenId> = old_p
        .iter()
        .map(|p| numbering.id(words_of(old, p)))
        .collect();
    let new_k: Vec<TokenId> = new_p
        .iter()
        .map(|p| numbering.id(words_of(new, p)))
        .collect();
    let mut r = Runs::new(old, new, attribute);
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &old_k, &new_k) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (a, b) in old_p[o].iter().zip(&new_p[n]) {
                    r.same_words(a, b);
                }
            }
            DiffTag::Delete => old_p[o].iter().for_each(|a| r.delete(a.all())),
            DiffTag::Insert => new_p[n].iter().for_each(|b| r.insert(b.all())),
            DiffTag::Replace => pair_up(&mut r, &old_p[o], &new_p[n]),
        }
    }
    if old[old_tail.clone()] == new[new_tail.clone()] {
        r.equal(old_tail);
    } else {
        r.delete(old_tail);
        r.insert(new_tail);
    }
    r.out
}

/// A paragraph's words without its label: the key paragraphs match on.
fn words_of<'t>(text: &'t str, p: &Para) -> &'t str {
    &text[p.body.start + p.label..p.body.end]
}

/// Pairs paragraphs of a replaced stretch by similarity, in order.
fn pair_up(r: &mut Runs<'_>, olds: &[Para], news: &[Para]) {
    let (old, new) = (r.old, r.new);
    let bytes = |text: &str, ps: &[Para]| ps.iter().map(|p| text[p.all()].len()).sum::<usize>();
    let mut numbering = Numbering::for_bytes(bytes(old, olds) + bytes(new, news));
    let old_words: Vec<Words<'_>> = olds
        .iter()
        .map(|a| Words::of(&mut numbering, old, a))
        .collect();
    let new_words: Vec<Words<'_>> = news
        .iter()
        .map(|b| Words::of(&mut numbering, new, b))
        .collect();
    let mut j = 0;
    for (a, a_words) in olds.iter().zip(&old_words) {
        let found = new_words
            .iter()
            .enumerate()
            .skip(j)
            .find_map(|(k, b_words)| Some((k, b_words, a_words.pairs_with(b_words)?)));
        match found {
            Some((k, b_words, bodies)) => {
                for b in &news[j..k] {
                    r.insert(b.all());
                }
                r.ops(a_words.diff(b_words, bodies));
                j = k + 1;
            }
            None => r.delete(a.all()),
        }
    }
    for b in &news[j..] {
        r.insert(b.all());
    }
}

/// Compares two versions of a section's text and heading, without provenance.
pub fn compare_texts(section: &str, old: &Content, new: &Content) -> SectionRedline {
    section_with(section, old, new, &|_, _| Vec::new())
}

/// Compares two versions of a section, attributing each change with `attribute`.
pub(super) fn section_with(
    section: &str,
    old: &Content,
    new: &Content,
    attribute: Attribute<'_>,
) -> SectionRedline {
    let status = match (old, new) {
        (Content::Repealed, Content::Text { .. }) => SectionStatus::Added,
        (Content::Text { .. }, Content::Repealed) => SectionStatus::Repealed,
        _ if old == new => SectionStatus::Unchanged,
        _ => SectionStatus::Changed,
    };
    let (old_text, new_text) = (old.text(), new.text());
    let text_runs = runs(old_text, new_text, attribute);
    let mut title = Runs::new(old.title(), new.title(), &|_, _| Vec::new());
    title.words(0..old.title().len(), 0..new.title().len());
    SectionRedline {
        number: section.to_owned(),
        status,
        title: segments(title.out),
        blocks: into_blocks(section, &text_runs, (old_text, None), (new_text, None)),
    }
}

/// A section whose text differs between two days.
struct ChangedSection<'a> {
    number: &'a str,
    old: &'a Content,
    new: &'a Content,
    /// Whether the section is not yet in force on the older day.
    added: bool,
}

/// The whole-law diff: every section whose text differs between two days
/// (new, repealed or changed), in the law's order.
pub fn compare_sections(law: &Law, from: Date, to: Date) -> Redline {
    let repealed = Content::Repealed;
    let changed: Vec<ChangedSection<'_>> = law
        .sections
        .iter()
        .filter_map(|s| {
            let (a, b) = (s.index_at(from), s.index_at(to));
            if a == b {
                return None;
            }
            let content = |i: Option<usize>| {
                i.and_then(|i| s.versions.get(i))
                    .map_or(&repealed, |v| &v.content)
            };
            let (old, new) = (content(a), content(b));
            (old != new).then_some(ChangedSection {
                number: &s.number,
                old,
                new,
                added: a.is_none(),
            })
        })
        .collect();
    // Sections are compared independently of each other, the longest
    // first: the last to be handed out are then among the quickest, and
    // neither thread waits long for the other at the end.
    let mut order: Vec<usize> = (0..changed.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(changed[i].old.text().len() + changed[i].new.text().len())
    });
    let compared = parallel::map(&order, |&i| {
        let c = &changed[i];
        let mut redline = compare_texts(c.number, c.old, c.new);
        if c.added {
            redline.status = SectionStatus::Added;
        }
        redline
    });
    // Back in the law's order.
    let mut sections: Vec<(usize, SectionRedline)> = order.into_iter().zip(compared).collect();
    sections.sort_unstable_by_key(|&(i, _)| i);
    let sections = sections.into_iter().map(|(_, redline)| redline).collect();
    Redline {
        law: law.abbreviation.clone(),
        from: Side::Law { day: from },
        to: Side::Law { day: to },
        sections,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redline::BlockChange;
    use proptest::prelude::*;

    #[test]
    fn attributed_pieces_keep_every_byte_and_their_own_links() {
        let text = |t: &str| Content::Text {
            title: "T".into(),
            text: t.into(),
        };
        let (old, new) = (text("Das Kind"), text("Das Kind läßt Täter"));
        // " läßt Täter" is inserted (bytes 8..22). Pieces out of order, one
        // overlapping the one before and ending inside "ß" (bytes 12..14).
        let attribute = |op: Op, _: &Range<usize>| -> Vec<(Range<usize>, Vec<String>)> {
            if op != Op::Insert {
                return Vec::new();
            }
            let piece = |r: Range<usize>, id: &str| (r, vec![id.to_owned()]);
            vec![piece(16..22, "b"), piece(10..12, "a"), piece(11..13, "x")]
        };
        let redline = section_with("1", &old, &new, &attribute);
        assert_eq!(redline.new_text(), "Das Kind läßt Täter");
        assert_eq!(redline.old_text(), "Das Kind");
        let inserted: Vec<(&str, Vec<&str>)> = redline
            .blocks
            .iter()
            .flat_map(|b| &b.segments)
            .filter(|s| s.op == Op::Insert)
            .map(|s| {
                (
                    s.text.as_str(),
                    s.amendments.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            inserted,
            [
                (" l", vec![]),
                ("ä", vec!["a"]),
                ("ßt ", vec![]),
                ("Täter", vec!["b"])
            ]
        );
    }

    /// Paragraphs as the tokens define them: cut at every white-space token
    /// with two line breaks or more.
    fn paragraphs_by_tokens(text: &str) -> (Vec<Para>, Range<usize>) {
        let mut paras = Vec::new();
        let mut lead_start = 0;
        let mut body_start: Option<usize> = None;
        for r in words::token_ranges(text) {
            let tok = &text[r.clone()];
            let ws = tok.chars().all(char::is_whitespace);
            if ws && tok.matches('\n').count() >= 2 {
                if let Some(start) = body_start.take() {
                    paras.push(para(text, lead_start..start, start..r.start));
                    lead_start = r.start;
                }
            } else if !ws && body_start.is_none() {
                body_start = Some(r.start);
            }
        }
        let end_of_body = text.trim_end().len().max(body_start.unwrap_or(0));
        if let Some(start) = body_start {
            paras.push(para(text, lead_start..start, start..end_of_body));
            lead_start = end_of_body;
        }
        (paras, lead_start..text.len().max(lead_start))
    }

    fn ranges(p: &(Vec<Para>, Range<usize>)) -> Vec<(Range<usize>, Range<usize>, usize)> {
        p.0.iter()
            .map(|p| (p.lead.clone(), p.body.clone(), p.label))
            .chain([(p.1.clone(), 0..0, 0)])
            .collect()
    }

    proptest! {
        #[test]
        fn paragraphs_are_cut_where_the_tokens_say(
            text in proptest::collection::vec(
                proptest::sample::select(vec!["(1)", "Satz", " ", "\n", "\n\n", "\t", ".", "2.", "a)", "\u{a0}"]),
                0..40,
            )
            .prop_map(|parts| parts.concat())
        ) {
            prop_assert_eq!(ranges(&paragraphs(&text)), ranges(&paragraphs_by_tokens(&text)));
        }
    }

    /// Ops as the runs take them: adjacent equal ops make one run.
    fn merged(ops: Vec<WordOp>) -> Vec<(DiffTag, Range<usize>, Range<usize>)> {
        let mut out: Vec<(DiffTag, Range<usize>, Range<usize>)> = Vec::new();
        for op in ops {
            match out.last_mut() {
                Some((DiffTag::Equal, o, n)) if op.tag == DiffTag::Equal => {
                    o.end = op.old.end;
                    n.end = op.new.end;
                }
                _ => out.push((op.tag, op.old, op.new)),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn a_shared_blank_line_leaves_the_bodies_to_their_own_diff(
            lead in proptest::sample::select(vec!["", "\n\n", "\n\n\n", " \n \n"]),
            bodies in proptest::array::uniform2(proptest::collection::vec(
                (
                    proptest::sample::select(vec!["(1)", "Satz", "1", ".", "Abs.", "oder", "wird", "2."]),
                    proptest::sample::select(vec!["", " ", "\n"]),
                ),
                1..30,
            )),
        ) {
            // A body starts and ends with a word.
            let body = |words: &[(&str, &str)]| words.iter().map(|(w, s)| format!("{w}{s}")).collect::<String>();
            let (a, b) = (body(&bodies[0]), body(&bodies[1]));
            let (a, b) = (format!("{lead}{}", a.trim()), format!("{lead}{}", b.trim()));
            let (a, b) = (a.as_str(), b.as_str());
            let para = |text: &str| Para { lead: 0..lead.len(), body: lead.len()..text.len(), label: 0 };
            // Bodies hold no blank line: there the paragraph would end.
            for body in [&a[lead.len()..], &b[lead.len()..]] {
                prop_assume!(!body.is_empty() && words::blank_lines(body).is_empty());
            }
            let mut numbering = Numbering::default();
            let (wa, wb) = (Words::of(&mut numbering, a, &para(a)), Words::of(&mut numbering, b, &para(b)));
            let bodies = words::diff_numbered(&wa.tokens, wa.body.clone(), &wb.tokens, wb.body.clone());
            let whole = words::diff(a, b);
            prop_assert_eq!(merged(wa.diff(&wb, bodies)), merged(whole));
        }
    }

    #[test]
    fn paragraphs_of_the_real_texts() {
        for text in &crate::model::real_texts() {
            assert_eq!(
                ranges(&paragraphs(text)),
                ranges(&paragraphs_by_tokens(text))
            );
        }
    }

    fn text(t: &str) -> Content {
        Content::Text {
            title: "T".into(),
            text: t.into(),
        }
    }

    #[test]
    fn inserted_absatz_renumbers_the_rest() {
        let old = "(1) Eins.\n\n(2) Zwei.\n\n(3) Drei.\n";
        let new = "(1) Eins.\n\n(2) Neu eingefügt.\n\n(3) Zwei.\n\n(4) Drei.\n";
        let r = compare_texts("1", &text(old), &text(new));
        assert_eq!(r.old_text(), old);
        assert_eq!(r.new_text(), new);
        let changes: Vec<&BlockChange> = r.blocks.iter().map(|b| &b.change).collect();
        assert_eq!(changes[0], &BlockChange::Unchanged);
        assert_eq!(changes[1], &BlockChange::Inserted);
        assert!(
            matches!(changes[2], BlockChange::Renumbered { from, to } if from == "(2)" && to == "(3)")
        );
        assert!(
            matches!(changes[3], BlockChange::Renumbered { from, to } if from == "(3)" && to == "(4)")
        );
    }

    #[test]
    fn moved_paragraph_shows_as_moved() {
        let old = "(1) Alpha beta gamma.\n\n(2) Delta epsilon zeta.\n\n(3) Eta theta iota.\n";
        let new = "(1) Delta epsilon zeta.\n\n(2) Eta theta iota.\n\n(3) Alpha beta gamma.\n";
        let r = compare_texts("1", &text(old), &text(new));
        assert_eq!(r.old_text(), old);
        assert_eq!(r.new_text(), new);
        assert!(
            r.blocks
                .iter()
                .any(|b| matches!(b.change, BlockChange::Moved { .. })),
            "{:#?}",
            r.blocks
        );
    }

    #[test]
    fn changed_words_inside_a_paragraph() {
        let old = "(1) Nach Satz 1 wird nicht bestraft.\n";
        let new = "(1) Nach den Sätzen 1 und 2 wird nicht bestraft.\n";
        let r = compare_texts("1", &text(old), &text(new));
        assert_eq!(r.blocks.len(), 1);
        assert_eq!(r.blocks[0].change, BlockChange::Changed);
        let deleted: String = r.blocks[0]
            .segments
            .iter()
            .filter(|s| s.op == Op::Delete)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(deleted, "Satz");
    }
}
