//! Cuts a section's runs into paragraphs and says how each paragraph fares.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;

use super::{Block, BlockChange, Op, Run, Segment};
use crate::model::citation::{Citation, Style};
use crate::model::outline::Outline;
use crate::model::text::{Body, Label, UnitKind};
use crate::model::words;

/// A paragraph being cut out of the runs: where it starts in the old and
/// new text, and its segments.
struct Draft {
    old_start: usize,
    new_start: usize,
    segments: Vec<Segment>,
}

/// The paragraphs cut so far and the one being drafted.
struct Drafts {
    done: Vec<Draft>,
    current: Draft,
    old_pos: usize,
    new_pos: usize,
}

impl Drafts {
    fn new() -> Self {
        Drafts {
            done: Vec::new(),
            current: Draft {
                old_start: 0,
                new_start: 0,
                segments: Vec::new(),
            },
            old_pos: 0,
            new_pos: 0,
        }
    }

    /// Appends `text`, a piece of `run`, to the current paragraph.
    fn append(&mut self, run: &Run, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.current.segments.last_mut() {
            Some(s) if s.op == run.op && s.amendments == run.amendments => s.text.push_str(text),
            _ => self.current.segments.push(Segment {
                op: run.op,
                text: text.to_owned(),
                amendments: run.amendments.clone(),
            }),
        }
        if run.op != Op::Insert {
            self.old_pos += text.len();
        }
        if run.op != Op::Delete {
            self.new_pos += text.len();
        }
    }

    /// Starts a new paragraph here, unless the current one is still empty.
    fn open(&mut self) {
        if self.current.segments.is_empty() {
            return;
        }
        let next = Draft {
            old_start: self.old_pos,
            new_start: self.new_pos,
            segments: Vec::new(),
        };
        self.done.push(std::mem::replace(&mut self.current, next));
    }

    fn finish(mut self) -> Vec<Draft> {
        self.done.push(self.current);
        self.done
    }
}

/// Cuts `runs` into paragraphs, classifies them and names the unit each opens.
/// Each side is a text and, if the caller has it, its outline.
pub(super) fn into_blocks(
    section: &str,
    runs: &[Run],
    (old_text, old_known): (&str, Option<&Outline>),
    (new_text, new_known): (&str, Option<&Outline>),
) -> Vec<Block> {
    let mut drafts = Drafts::new();
    for run in runs {
        // A run's text goes to its paragraph whole, up to each blank line.
        let mut from = 0;
        for start in words::blank_lines(&run.text).into_iter().map(|r| r.start) {
            drafts.append(run, &run.text[from..start]);
            drafts.open();
            from = start;
        }
        drafts.append(run, &run.text[from..]);
    }
    // Parsed only when a paragraph is named after that side: most
    // paragraphs have new text, so the old text is rarely needed.
    let outline_of = |text: &str| {
        Body::parse(text)
            .map(|b| Outline::of(&b))
            .unwrap_or_default()
    };
    let (old_outline, new_outline) = (known(old_known), known(new_known));
    let mut blocks: Vec<Block> = drafts
        .finish()
        .into_iter()
        .filter(|d| !d.segments.is_empty())
        .map(|d| {
            let change = classify(&d.segments);
            let has_new = d.segments.iter().any(|s| s.op != Op::Delete);
            let (outline, start, text) = if has_new {
                (&new_outline, d.new_start, new_text)
            } else {
                (&old_outline, d.old_start, old_text)
            };
            let outline = outline.get_or_init(|| Cow::Owned(outline_of(text)));
            let lead = text[start.min(text.len())..].len()
                - text[start.min(text.len())..].trim_start().len();
            Block {
                unit: unit_name(section, outline, start + lead),
                change,
                context: false,
                segments: d.segments,
            }
        })
        .collect();
    mark_moves(&mut blocks);
    mark_context(&mut blocks);
    blocks
}

/// A side's outline, filled already if the caller had it.
fn known(outline: Option<&Outline>) -> OnceCell<Cow<'_, Outline>> {
    let cell = OnceCell::new();
    if let Some(o) = outline {
        let _ = cell.set(Cow::Borrowed(o));
    }
    cell
}

/// Names the unit that starts at (or contains) byte `at`. Text after a
/// list that belongs to the unit around the list (its Schlussteil) is
/// named as the Handbuch der Rechtsförmlichkeit cites it: "Abs. 4
/// Satzteil nach Nr. 3".
fn unit_name(section: &str, outline: &Outline, at: usize) -> String {
    let units = &outline.units;
    let found = units
        .iter()
        .rposition(|u| u.range.start == at && u.label.is_some())
        .or_else(|| {
            units
                .iter()
                .rposition(|u| u.range.start <= at && at < u.range.end.max(u.range.start + 1))
        });
    let Some(i) = found else {
        return format!("§ {section}");
    };
    let u = &units[i];
    let name = Citation::unit(None, section, outline.short_path(&u.path)).format(Style::Short);
    // The last item of a list directly in the unit that ends before `at`:
    // `at` lies after the list, in the unit's own text. Units come in the
    // order of the text, so those inside the unit before `at` follow it.
    let item_before = units
        .get(i + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.range.start < at)
        .filter(|c| {
            c.path.len() == u.path.len() + 1
                && c.path.starts_with(&u.path)
                && c.kind() != UnitKind::Satz
                && c.range.end <= at
        })
        .last();
    match item_before {
        Some(item) => format!(
            "{name} Satzteil nach {} {}",
            item.kind().abbreviation(),
            item.number()
        ),
        None => name,
    }
}

fn classify(segments: &[Segment]) -> BlockChange {
    let visible = |s: &&Segment| !s.text.trim().is_empty();
    let ops: Vec<Op> = segments.iter().filter(visible).map(|s| s.op).collect();
    if ops.iter().all(|&o| o == Op::Equal) {
        return BlockChange::Unchanged;
    }
    if ops.iter().all(|&o| o == Op::Insert) {
        return BlockChange::Inserted;
    }
    if ops.iter().all(|&o| o == Op::Delete) {
        return BlockChange::Deleted;
    }
    let old: String = segments
        .iter()
        .filter(|s| s.op != Op::Insert)
        .map(|s| s.text.as_str())
        .collect();
    let new: String = segments
        .iter()
        .filter(|s| s.op != Op::Delete)
        .map(|s| s.text.as_str())
        .collect();
    let (old, new) = (old.trim_start(), new.trim_start());
    if let (Some(a), Some(b)) = (Label::parse_prefix(old), Label::parse_prefix(new))
        && a.kind == b.kind
        && a.raw != b.raw
        && old[a.raw.len()..] == new[b.raw.len()..]
    {
        return BlockChange::Renumbered {
            from: a.raw,
            to: b.raw,
        };
    }
    BlockChange::Changed
}

/// A deleted paragraph whose words reappear as an inserted one moved there.
fn mark_moves(blocks: &mut [Block]) {
    // Compare words without the label: a moved paragraph usually gets a new number.
    let text = |b: &Block| -> String {
        let all: String = b.segments.iter().map(|s| s.text.as_str()).collect();
        let all = all.trim();
        let rest = Label::parse_prefix(all).map_or(all, |l| &all[l.raw.len()..]);
        rest.trim().to_owned()
    };
    for i in 0..blocks.len() {
        if blocks[i].change != BlockChange::Deleted {
            continue;
        }
        let gone = text(&blocks[i]);
        let found = (0..blocks.len())
            .find(|&j| blocks[j].change == BlockChange::Inserted && text(&blocks[j]) == gone);
        if let Some(j) = found {
            let (from, to) = (blocks[i].unit.clone(), blocks[j].unit.clone());
            blocks[i].change = BlockChange::Moved { counterpart: to };
            blocks[j].change = BlockChange::Moved { counterpart: from };
        }
    }
}

/// Keeps the first paragraph of an Absatz (its number and the words that
/// introduce a list) as context when another paragraph of it changes.
fn mark_context(blocks: &mut [Block]) {
    let absaetze: Vec<&str> = blocks.iter().map(|b| absatz_of(&b.unit)).collect();
    let changed: HashSet<&str> = blocks
        .iter()
        .zip(&absaetze)
        .filter(|(b, _)| b.change != BlockChange::Unchanged)
        .map(|(_, &a)| a)
        .collect();
    let context: Vec<bool> = blocks
        .iter()
        .zip(&absaetze)
        .enumerate()
        .map(|(i, (block, &absatz))| {
            let first_of_absatz = i == 0 || absaetze.get(i - 1) != Some(&absatz);
            block.change == BlockChange::Unchanged && first_of_absatz && changed.contains(absatz)
        })
        .collect();
    for (block, context) in blocks.iter_mut().zip(context) {
        block.context = context;
    }
}

/// The Absatz a unit's name names: the name up to its first Satz, Nummer
/// or Satzteil ("§ 176 Abs. 1" of "§ 176 Abs. 1 S. 2 Nr. 3" and of
/// "§ 176 Abs. 1 Satzteil nach Nr. 3").
fn absatz_of(unit: &str) -> &str {
    // Found at the spaces, without a substring search set up per name.
    unit.match_indices(' ')
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = &unit[i + 1..];
            rest.starts_with("S. ") || rest.starts_with("Nr. ") || rest.starts_with("Satzteil ")
        })
        .map_or(unit, |i| &unit[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name of the unit at the first occurrence of `word` in `text`.
    fn name_at(text: &str, word: &str) -> String {
        let outline = Outline::of(&Body::parse(text).unwrap());
        unit_name("1", &outline, text.find(word).unwrap())
    }

    #[test]
    fn text_after_a_list_is_the_satzteil_after_its_last_item() {
        let text = "(1) Wer\n\n1. eins,\n\n2. zwei,\n\nwird bestraft.\n\n(2) Zwei.\n";
        assert_eq!(name_at(text, "Wer"), "§ 1 Abs. 1");
        assert_eq!(name_at(text, "2."), "§ 1 Abs. 1 Nr. 2");
        assert_eq!(name_at(text, "wird"), "§ 1 Abs. 1 Satzteil nach Nr. 2");
        assert_eq!(name_at(text, "(2)"), "§ 1 Abs. 2");
        // Without Absätze the section itself holds the list.
        let text = "Wer\n\n1. eins oder\n\n2. zwei\n\nbegeht, wird bestraft.\n";
        assert_eq!(name_at(text, "begeht"), "§ 1 Satzteil nach Nr. 2");
        // Text after an inner list belongs to the item that holds it.
        let text =
            "(1) Wer\n\n1. so\n\na) x,\n\nb) y,\n\nhandelt oder\n\n2. z tut,\n\nwird bestraft.\n";
        assert_eq!(
            name_at(text, "handelt"),
            "§ 1 Abs. 1 Nr. 1 Satzteil nach Buchst. b"
        );
        assert_eq!(name_at(text, "wird"), "§ 1 Abs. 1 Satzteil nach Nr. 2");
    }

    #[test]
    fn the_absatz_of_a_unit_is_its_name_up_to_a_satz_or_nummer() {
        // As first written: cut at the first " S. ", then at the first " Nr. ".
        let by_splitting = |unit: &str| {
            let before_satz = unit.split(" S. ").next().unwrap_or(unit);
            before_satz.split(" Nr. ").next().unwrap_or(unit).to_owned()
        };
        for unit in [
            "§ 176 Abs. 1",
            "§ 176 Abs. 1 S. 2",
            "§ 176 Abs. 1 S. 2 Nr. 3",
            "§ 232a Abs. 6 Nr. 1 Buchst. a",
            "§ 176",
            "§ 176 S. 1",
            "Abs. 3 Nr. 1",
            "§ 5 Nr. 8",
            "",
            " S. ",
            "Nr. 1",
        ] {
            assert_eq!(absatz_of(unit), by_splitting(unit), "{unit:?}");
        }
        assert_eq!(
            absatz_of("§ 176 Abs. 4 Satzteil nach Nr. 3"),
            "§ 176 Abs. 4"
        );
        assert_eq!(absatz_of("§ 140 Satzteil nach Nr. 3"), "§ 140");
    }
}
