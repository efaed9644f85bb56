//! Structured statute text: Absatz → Satz → Nummer → Buchstabe → Doppelbuchstabe.
//!
//! The tree is lossless: every byte of the input (labels, the white space
//! between units, the text after the last unit) is kept in some node, so
//! [`Body::render`] gives back the input exactly. Statute text is never
//! normalised, not even its white space.

use std::fmt;
use std::ops::Range;

use super::sentence;
use super::words;

/// The kinds of unit a section's text is divided into, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum UnitKind {
    /// "(1)"
    Absatz,
    /// A sentence; Sätze carry no label and are counted.
    Satz,
    /// "1."
    Nummer,
    /// "a)"
    Buchstabe,
    /// "aa)"
    Doppelbuchstabe,
}

impl UnitKind {
    /// The German name in the singular ("Absatz").
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::Absatz => "Absatz",
            UnitKind::Satz => "Satz",
            UnitKind::Nummer => "Nummer",
            UnitKind::Buchstabe => "Buchstabe",
            UnitKind::Doppelbuchstabe => "Doppelbuchstabe",
        }
    }

    /// The German name in the plural ("Absätze").
    pub fn plural(self) -> &'static str {
        match self {
            UnitKind::Absatz => "Absätze",
            UnitKind::Satz => "Sätze",
            UnitKind::Nummer => "Nummern",
            UnitKind::Buchstabe => "Buchstaben",
            UnitKind::Doppelbuchstabe => "Doppelbuchstaben",
        }
    }

    /// The abbreviation used in short citations ("Abs.").
    pub fn abbreviation(self) -> &'static str {
        match self {
            UnitKind::Absatz => "Abs.",
            UnitKind::Satz => "S.",
            UnitKind::Nummer => "Nr.",
            UnitKind::Buchstabe => "Buchst.",
            UnitKind::Doppelbuchstabe => "Doppelbuchst.",
        }
    }

    /// The kind of list item nested directly inside an item of this kind.
    fn child_item(self) -> Option<UnitKind> {
        match self {
            UnitKind::Absatz | UnitKind::Satz => Some(UnitKind::Nummer),
            UnitKind::Nummer => Some(UnitKind::Buchstabe),
            UnitKind::Buchstabe => Some(UnitKind::Doppelbuchstabe),
            UnitKind::Doppelbuchstabe => None,
        }
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The label that opens an Absatz or a list item, exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Which kind of unit the label opens.
    pub kind: UnitKind,
    /// The label as written: "(1)", "2a.", "b)", "cc)".
    pub raw: String,
}

impl Label {
    /// Recognises a label at the start of `block`, returning it and its length.
    pub fn parse_prefix(block: &str) -> Option<Label> {
        let bytes = block.as_bytes();
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let lowers = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_lowercase())
                .count()
        };
        let (kind, len) = if bytes.first() == Some(&b'(') {
            let d = digits(1);
            let l = lowers(1 + d);
            if d == 0 || bytes.get(1 + d + l) != Some(&b')') {
                return None;
            }
            (UnitKind::Absatz, d + l + 2)
        } else if bytes.first().is_some_and(u8::is_ascii_digit) {
            let d = digits(0);
            let l = lowers(d);
            if bytes.get(d + l) != Some(&b'.') {
                return None;
            }
            (UnitKind::Nummer, d + l + 1)
        } else {
            let l = lowers(0);
            if bytes.get(l) != Some(&b')') {
                return None;
            }
            let letters = &block[..l];
            match l {
                1 => (UnitKind::Buchstabe, 2),
                2 if letters.as_bytes()[0] == letters.as_bytes()[1] => {
                    (UnitKind::Doppelbuchstabe, 3)
                }
                _ => return None,
            }
        };
        // A label stands alone: white space or the end of the block follows.
        match block[len..].chars().next() {
            None => {}
            Some(c) if c.is_whitespace() => {}
            Some(_) => return None,
        }
        Some(Label {
            kind,
            raw: block[..len].to_owned(),
        })
    }

    /// The number or letter without brackets and dots: "1", "2a", "b", "cc".
    pub fn number(&self) -> &str {
        self.raw.trim_matches(|c| c == '(' || c == ')' || c == '.')
    }
}

/// The text of a section version, as a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The Absätze; a section without numbered Absätze has one unlabelled Absatz.
    pub absaetze: Vec<Absatz>,
    /// White space after the last unit (usually one newline).
    pub tail: String,
}

/// An Absatz: an optional label and its Sätze.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absatz {
    /// White space before the Absatz (empty for the first).
    pub lead: String,
    /// "(1)"; `None` in a section without numbered Absätze.
    pub label: Option<Label>,
    /// The Sätze, in order.
    pub saetze: Vec<Satz>,
}

/// A Satz: running text, possibly with a list (Eingangsteil, items, Schlussteil).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Satz {
    /// White space before the Satz (after the label, or between Sätze).
    pub lead: String,
    /// Text and list items in order.
    pub parts: Vec<Part>,
}

/// A piece of a Satz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Running text: the Eingangsteil, the Schlussteil or a whole plain Satz.
    Text {
        /// White space before the text.
        lead: String,
        /// The text itself.
        text: String,
    },
    /// A list item (Nummer, Buchstabe or Doppelbuchstabe).
    Item(Item),
}

/// A list item: a Nummer, Buchstabe or Doppelbuchstabe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// White space before the item.
    pub lead: String,
    /// "1.", "a)", "aa)".
    pub label: Label,
    /// The item's Sätze (usually one, which may hold a nested list).
    pub saetze: Vec<Satz>,
}

/// A reason the text could not be read as a structured statute text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// Byte range in the text the problem concerns.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TextError {}

impl Body {
    /// Parses a version's text into its structure.
    ///
    /// Fails on texts that break the official layout: "(2)" before "(1)", a
    /// gap in numbering, a Buchstabe outside a Nummer.
    pub fn parse(text: &str) -> Result<Body, TextError> {
        Parser {
            text,
            fragment: false,
        }
        .parse()
    }

    /// Parses a piece of a text, such as a unit an amendment inserts: like
    /// [`Body::parse`], but the first unit may carry any number ("(3)", "4.").
    pub fn parse_fragment(text: &str) -> Result<Body, TextError> {
        Parser {
            text,
            fragment: true,
        }
        .parse()
    }

    /// Writes the tree back as text, byte for byte as it was parsed.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    /// Appends the rendered text to `out`.
    pub fn render_into(&self, out: &mut String) {
        for absatz in &self.absaetze {
            out.push_str(&absatz.lead);
            if let Some(label) = &absatz.label {
                out.push_str(&label.raw);
            }
            render_saetze(&absatz.saetze, out);
        }
        out.push_str(&self.tail);
    }
}

fn render_saetze(saetze: &[Satz], out: &mut String) {
    for satz in saetze {
        satz.render_into(out);
    }
}

impl Satz {
    /// Appends the rendered Satz, with its lead, to `out`.
    pub fn render_into(&self, out: &mut String) {
        out.push_str(&self.lead);
        for part in &self.parts {
            match part {
                Part::Text { lead, text } => {
                    out.push_str(lead);
                    out.push_str(text);
                }
                Part::Item(item) => item.render_into(out),
            }
        }
    }

    /// The list items directly in this Satz.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.parts.iter().filter_map(|p| match p {
            Part::Item(item) => Some(item),
            Part::Text { .. } => None,
        })
    }

    /// The last text of the Satz, looking into its last item if it ends in one.
    fn last_text(&self) -> Option<&str> {
        match self.parts.last()? {
            Part::Text { text, .. } => Some(text),
            Part::Item(item) => item.saetze.last()?.last_text(),
        }
    }
}

impl Item {
    /// Appends the rendered item, with its lead, to `out`.
    pub fn render_into(&self, out: &mut String) {
        out.push_str(&self.lead);
        out.push_str(&self.label.raw);
        render_saetze(&self.saetze, out);
    }
}

/// A paragraph of the text: the bytes between blank lines.
struct Block<'a> {
    /// White space before the block.
    lead: &'a str,
    /// Offset of the block's first byte.
    start: usize,
    text: &'a str,
}

/// Splits `text` at blank lines: runs of white space holding two or more
/// newlines. White space at the end of the text is the tail.
fn blocks(text: &str) -> (Vec<Block<'_>>, &str) {
    let body_end = text.trim_end().len();
    if body_end == 0 {
        return (Vec::new(), text);
    }
    let mut out = Vec::new();
    let mut lead_start = 0;
    let mut start = text.len() - text.trim_start().len();
    for blank in words::blank_lines(&text[..body_end]) {
        // A blank line before the first block leads it.
        if blank.end <= start {
            continue;
        }
        out.push(Block {
            lead: &text[lead_start..start],
            start,
            text: &text[start..blank.start],
        });
        lead_start = blank.start;
        start = blank.end;
    }
    out.push(Block {
        lead: &text[lead_start..start],
        start,
        text: &text[start..body_end],
    });
    (out, &text[body_end..])
}

/// One open list on the way down from the Absatz to the current item.
#[derive(Clone, Copy)]
struct Open {
    kind: UnitKind,
}

struct Parser<'a> {
    text: &'a str,
    /// A piece of a text: its first unit need not be numbered 1.
    fragment: bool,
}

impl Parser<'_> {
    fn parse(self) -> Result<Body, TextError> {
        let (blocks, tail) = blocks(self.text);
        let mut absaetze: Vec<Absatz> = Vec::new();
        // The kinds of the lists currently open in the last Satz, outermost first.
        let mut open: Vec<Open> = Vec::new();
        // In a fragment that starts with a Buchstabe, Buchstaben are the outer list.
        let mut depth_offset = 0;
        for (i, block) in blocks.iter().enumerate() {
            let label = Label::parse_prefix(block.text);
            let span = block.start..block.start + block.text.len();
            match label {
                Some(label) if label.kind == UnitKind::Absatz => {
                    check_sequence(
                        absaetze.last().and_then(|a| a.label.as_ref()),
                        &label,
                        absaetze.is_empty() && !self.fragment,
                        block.start,
                    )?;
                    if absaetze.last().is_some_and(|a| a.label.is_none()) {
                        return Err(TextError {
                            span,
                            message: format!(
                                "Absatz {} follows text that has no Absatz number",
                                label.raw
                            ),
                            hint: "number every Absatz of a section, starting with \"(1)\"".into(),
                        });
                    }
                    let rest = &block.text[label.raw.len()..];
                    let saetze = sentences(rest);
                    absaetze.push(Absatz {
                        lead: block.lead.to_owned(),
                        label: Some(label),
                        saetze,
                    });
                    open.clear();
                }
                Some(label) => {
                    if absaetze.is_empty() && self.fragment {
                        // A fragment may be a bare list item: hang it on an empty Satz.
                        absaetze.push(Absatz {
                            lead: String::new(),
                            label: None,
                            saetze: vec![Satz {
                                lead: String::new(),
                                parts: Vec::new(),
                            }],
                        });
                        depth_offset = item_depth(label.kind);
                    }
                    let Some(absatz) = absaetze.last_mut() else {
                        return Err(TextError {
                            span,
                            message: format!(
                                "{} {} stands before any text that could introduce it",
                                label.kind, label.raw
                            ),
                            hint: "a list follows the words that introduce it, e.g. \"... wird bestraft, wer\"".into(),
                        });
                    };
                    push_item(absatz, &mut open, label, block, self.fragment, depth_offset)?;
                }
                None => {
                    let saetze = sentences(block.text);
                    match absaetze.last_mut() {
                        None => absaetze.push(Absatz {
                            lead: block.lead.to_owned(),
                            label: None,
                            saetze,
                        }),
                        Some(absatz) => {
                            let rest = blocks.get(i + 1..).unwrap_or_default();
                            let depth = attach_depth(absatz, &open, rest, depth_offset);
                            push_plain(absatz, &mut open, depth, block.lead, saetze);
                        }
                    }
                }
            }
        }
        Ok(Body {
            absaetze,
            tail: tail.to_owned(),
        })
    }
}

/// Splits running text into Sätze; the first Satz's lead is the white space
/// before the text.
fn sentences(text: &str) -> Vec<Satz> {
    let ws = text.len() - text.trim_start().len();
    let (lead, rest) = text.split_at(ws);
    let mut out: Vec<Satz> = Vec::new();
    let mut prev_lead = lead;
    for piece in sentence::split(rest) {
        out.push(Satz {
            lead: prev_lead.to_owned(),
            parts: vec![Part::Text {
                lead: String::new(),
                text: piece.text.to_owned(),
            }],
        });
        prev_lead = piece.trailing;
    }
    if out.is_empty() {
        // A label with nothing after it: keep its white space in an empty Satz.
        out.push(Satz {
            lead: lead.to_owned(),
            parts: Vec::new(),
        });
    } else if !prev_lead.is_empty() {
        // White space inside a block's end cannot occur (blocks are trimmed),
        // but keep it rather than lose a byte.
        if let Some(Part::Text { text, .. }) = out.last_mut().and_then(|s| s.parts.last_mut()) {
            text.push_str(prev_lead);
        }
    }
    out
}

/// Checks that `label` may follow `prev` in the same list.
fn check_sequence(
    prev: Option<&Label>,
    label: &Label,
    first: bool,
    at: usize,
) -> Result<(), TextError> {
    let span = at..at + label.raw.len();
    let expected = match prev {
        None if first => None,
        None => return Ok(()),
        Some(prev) => Some(prev),
    };
    match expected {
        None => {
            if is_first_number(label) {
                Ok(())
            } else {
                Err(TextError {
                    span,
                    message: format!("the first {} is numbered {}", label.kind.name(), label.raw),
                    hint: format!(
                        "a list of {} starts at {}",
                        label.kind.plural(),
                        first_label(label.kind)
                    ),
                })
            }
        }
        Some(prev) => {
            if follows(prev.number(), label.number()) {
                Ok(())
            } else if order_key(label.number()) <= order_key(prev.number()) {
                Err(TextError {
                    span,
                    message: format!(
                        "{} {} follows {} {}",
                        label.kind.name(),
                        label.raw,
                        prev.kind.name(),
                        prev.raw
                    ),
                    hint: format!(
                        "{} must be numbered in ascending order",
                        label.kind.plural()
                    ),
                })
            } else {
                Err(TextError {
                    span,
                    message: format!(
                        "gap in the numbering: {} {} follows {}",
                        label.kind.name(),
                        label.raw,
                        prev.raw
                    ),
                    hint: format!(
                        "number {} without gaps; a repealed unit stays as \"{} (weggefallen)\"",
                        label.kind.plural(),
                        successor_label(prev)
                    ),
                })
            }
        }
    }
}

fn is_first_number(label: &Label) -> bool {
    matches!(label.number(), "1" | "a" | "aa")
}

fn first_label(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Absatz => "(1)",
        UnitKind::Satz => "Satz 1",
        UnitKind::Nummer => "1.",
        UnitKind::Buchstabe => "a)",
        UnitKind::Doppelbuchstabe => "aa)",
    }
}

fn successor_label(prev: &Label) -> String {
    let next = crate::model::numbering::successor(prev.number());
    match prev.kind {
        UnitKind::Absatz => format!("({next})"),
        UnitKind::Nummer => format!("{next}."),
        _ => format!("{next})"),
    }
}

/// Whether `next` may directly follow `prev`: the successor, or an inserted
/// unit ("2a" after "2", "2b" after "2a").
fn follows(prev: &str, next: &str) -> bool {
    use crate::model::numbering::{successor, suffix_successor};
    next == successor(prev) || Some(next.to_owned()) == suffix_successor(prev)
}

fn order_key(n: &str) -> (u64, &str) {
    crate::model::numbering::order_key(n)
}

/// Adds a list item to the current Absatz, nesting it under the right parent.
fn push_item(
    absatz: &mut Absatz,
    open: &mut Vec<Open>,
    label: Label,
    block: &Block<'_>,
    fragment: bool,
    depth_offset: usize,
) -> Result<(), TextError> {
    let span = block.start..block.start + block.text.len();
    let kind = item_kind(absatz, open, label.kind);
    let label = Label { kind, ..label };
    // Close lists deeper than (or as deep as) this item's level.
    let depth = item_depth(kind)
        .checked_sub(depth_offset)
        .unwrap_or(usize::MAX);
    if depth > open.len() {
        let parent = match kind {
            UnitKind::Buchstabe => "Nummer",
            _ => "Buchstabe",
        };
        return Err(TextError {
            span,
            message: format!("{} {} stands outside a {}", kind.name(), label.raw, parent),
            hint: format!(
                "a {} belongs to a {}; check the label or add the {} it belongs to",
                kind.name(),
                parent,
                parent
            ),
        });
    }
    let same_level_prev = if depth < open.len() && open[depth].kind == kind {
        last_item_at(absatz, depth + 1).map(|i| i.label.clone())
    } else {
        None
    };
    if depth < open.len() && open[depth].kind != kind {
        return Err(TextError {
            span,
            message: format!(
                "{} {} in a list of {}",
                kind.name(),
                label.raw,
                open[depth].kind.plural()
            ),
            hint: "items of one list have labels of one kind".into(),
        });
    }
    let first = same_level_prev.is_none() && !fragment;
    check_sequence(same_level_prev.as_ref(), &label, first, block.start)?;
    open.truncate(depth);
    let rest = &block.text[label.raw.len()..];
    let item = Item {
        lead: block.lead.to_owned(),
        label,
        saetze: sentences(rest),
    };
    let parent = satz_at(absatz, depth).ok_or_else(|| TextError {
        span: span.clone(),
        message: "a list item with nothing to attach to".into(),
        hint: "a list follows the words that introduce it".into(),
    })?;
    parent.parts.push(Part::Item(item));
    open.push(Open { kind });
    Ok(())
}

/// The kind of the item a label of `kind` opens: "aa)" after "z)" continues
/// a list of Buchstaben rather than opening Doppelbuchstaben.
fn item_kind(absatz: &Absatz, open: &[Open], kind: UnitKind) -> UnitKind {
    if kind == UnitKind::Doppelbuchstabe
        && open.last().is_some_and(|o| o.kind == UnitKind::Buchstabe)
        && last_item_at(absatz, open.len()).is_some_and(|i| i.label.number() == "z")
    {
        UnitKind::Buchstabe
    } else {
        kind
    }
}

/// How deep items of `kind` nest: Nummer 0, Buchstabe 1, Doppelbuchstabe 2.
fn item_depth(kind: UnitKind) -> usize {
    match kind {
        UnitKind::Absatz | UnitKind::Satz | UnitKind::Nummer => 0,
        UnitKind::Buchstabe => 1,
        UnitKind::Doppelbuchstabe => 2,
    }
}

/// The Satz that holds the list at `depth` (0: the Absatz's last Satz).
fn satz_at(absatz: &mut Absatz, depth: usize) -> Option<&mut Satz> {
    let mut satz = absatz.saetze.last_mut()?;
    for _ in 0..depth {
        let item = match satz.parts.last_mut()? {
            Part::Item(item) => item,
            Part::Text { .. } => return None,
        };
        satz = item.saetze.last_mut()?;
    }
    Some(satz)
}

/// The last item of the list at nesting level `level` (1: the outermost).
fn last_item_at(absatz: &Absatz, level: usize) -> Option<&Item> {
    let mut satz = absatz.saetze.last()?;
    let mut item = None;
    for _ in 0..level {
        let i = satz.items().last()?;
        item = Some(i);
        satz = i.saetze.last()?;
    }
    item
}

/// Where an unlabelled block after a list item belongs, as the depth of the
/// Satz it continues (0: the Absatz's Satz; `open.len()`: the last item's own
/// Satz). The next labelled block decides: if it continues the list at level
/// `j`, the block ends the item above that list ("2. solange dem Verurteilten
/// a) ... c) ... bewilligt ist, 3. ..."); if it opens a list inside the last
/// item, the block is that item's own text ("1. Angehöriger: wer zu den
/// folgenden Personen gehört: a) ..."). An item ending in a colon is
/// continued by the block ("9. Entgelt: jede ... Gegenleistung."). Otherwise
/// the block is the Schlussteil of the outermost list, or new Sätze.
fn attach_depth(absatz: &Absatz, open: &[Open], rest: &[Block<'_>], depth_offset: usize) -> usize {
    if open.is_empty() {
        return 0;
    }
    let next = rest.iter().find_map(|b| Label::parse_prefix(b.text));
    if let Some(label) = next.filter(|l| l.kind != UnitKind::Absatz) {
        let kind = item_kind(absatz, open, label.kind);
        if let Some(depth) = item_depth(kind).checked_sub(depth_offset) {
            let continues_list = depth < open.len()
                && open[depth].kind == kind
                && last_item_at(absatz, depth + 1)
                    .is_some_and(|prev| follows(prev.label.number(), label.number()));
            if continues_list {
                return depth + 1;
            }
            if depth == open.len() && is_first_number(&label) {
                return open.len();
            }
        }
    }
    let introduces = last_item_at(absatz, open.len())
        .and_then(|item| item.saetze.last())
        .and_then(Satz::last_text)
        .is_some_and(|t| t.trim_end().ends_with(':'));
    // Definitions lists continue every item the same way (§ 184h StGB).
    let like_siblings = list_satz(absatz, open.len()).is_some_and(|satz| {
        satz.items().any(|item| {
            item.saetze
                .first()
                .is_some_and(|s| matches!(s.parts.get(1), Some(Part::Text { .. })))
        })
    });
    if introduces || like_siblings {
        open.len()
    } else {
        0
    }
}

/// The Satz that holds the list at nesting level `level` (1: the outermost).
fn list_satz(absatz: &Absatz, level: usize) -> Option<&Satz> {
    match level {
        0 => None,
        1 => absatz.saetze.last(),
        _ => last_item_at(absatz, level - 1)?.saetze.last(),
    }
}

/// Adds a block without a label at `depth` (see [`attach_depth`]): the text
/// that completes the Satz there, or new Sätze there. Lists nested deeper
/// are closed.
fn push_plain(
    absatz: &mut Absatz,
    open: &mut Vec<Open>,
    depth: usize,
    lead: &str,
    mut saetze: Vec<Satz>,
) {
    let after_list = !open.is_empty();
    let depth = depth.min(open.len());
    open.truncate(depth);
    let container = match last_item_at_mut(absatz, depth) {
        Some(item) if depth > 0 => &mut item.saetze,
        _ => &mut absatz.saetze,
    };
    let continues = after_list
        && container
            .last()
            .and_then(Satz::last_text)
            .is_some_and(|t| !sentence::ends_sentence(t));
    if continues && !saetze.is_empty() {
        // The first Satz of the block ends the Satz it continues.
        let first = saetze.remove(0);
        if let Some(last) = container.last_mut() {
            let mut parts = first.parts.into_iter();
            if let Some(Part::Text { text, .. }) = parts.next() {
                last.parts.push(Part::Text {
                    lead: lead.to_owned(),
                    text,
                });
            }
            last.parts.extend(parts);
        }
    } else if let Some(first) = saetze.first_mut() {
        first.lead = format!("{lead}{}", first.lead);
    }
    container.extend(saetze);
}

/// The last item of the list at nesting level `level` (1: the outermost).
fn last_item_at_mut(absatz: &mut Absatz, level: usize) -> Option<&mut Item> {
    let mut satz = absatz.saetze.last_mut()?;
    for l in 1..=level {
        let item = satz.parts.iter_mut().rev().find_map(|p| match p {
            Part::Item(item) => Some(item),
            Part::Text { .. } => None,
        })?;
        if l == level {
            return Some(item);
        }
        satz = item.saetze.last_mut()?;
    }
    None
}

/// What a structured text holds, for `list`-style overviews.
impl Absatz {
    /// The Absatz number, if it has one.
    pub fn number(&self) -> Option<&str> {
        self.label.as_ref().map(Label::number)
    }
}

/// The kind of item that may nest inside a unit of `kind`.
pub fn child_item_kind(kind: UnitKind) -> Option<UnitKind> {
    kind.child_item()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The block splitter as first written, reading the white space between
    /// words: the oracle for the one that goes from line break to line break.
    fn blocks_by_words(text: &str) -> (Vec<Block<'_>>, &str) {
        let mut out = Vec::new();
        let mut pos = 0;
        let mut lead_start = 0;
        let bytes = text.as_bytes();
        while pos < text.len() {
            // Skip the separator.
            let ws_end = text[pos..]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(text.len(), |(i, _)| pos + i);
            if ws_end == text.len() {
                break;
            }
            let start = ws_end;
            // Find the end of the block: the next white-space run with two newlines.
            let end;
            let mut i = start;
            loop {
                // Straight to the next white space: most of a text is words.
                let Some(ws) = text[i..].find(char::is_whitespace).map(|k| i + k) else {
                    end = text.len();
                    break;
                };
                let run_end = text[ws..]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(text.len(), |j| ws + j);
                let newlines = bytes[ws..run_end].iter().filter(|&&b| b == b'\n').count();
                if newlines >= 2 || run_end == text.len() {
                    end = ws;
                    break;
                }
                i = run_end;
            }
            out.push(Block {
                lead: &text[lead_start..start],
                start,
                text: &text[start..end],
            });
            pos = end;
            lead_start = end;
        }
        (out, &text[lead_start..])
    }

    fn block_parts<'a>(
        (blocks, tail): &(Vec<Block<'a>>, &'a str),
    ) -> Vec<(&'a str, usize, &'a str)> {
        blocks
            .iter()
            .map(|b| (b.lead, b.start, b.text))
            .chain([(*tail, usize::MAX, "")])
            .collect()
    }

    #[test]
    fn blocks_of_the_real_texts_are_those_of_the_word_reader() {
        for text in &crate::model::real_texts() {
            for piece in text.split("\n\n\n") {
                assert_eq!(
                    block_parts(&blocks(piece)),
                    block_parts(&blocks_by_words(piece))
                );
            }
            assert_eq!(
                block_parts(&blocks(text)),
                block_parts(&blocks_by_words(text))
            );
        }
    }

    proptest! {
        #[test]
        fn blocks_are_those_of_the_word_reader(
            text in proptest::collection::vec(
                proptest::sample::select(vec!["(1)", "Satz", " ", "\n", "\n\n", "\t", ".", "1.", "a)", "\u{a0}", "ä"]),
                0..40,
            )
            .prop_map(|parts| parts.concat())
        ) {
            prop_assert_eq!(block_parts(&blocks(&text)), block_parts(&blocks_by_words(&text)));
        }
    }

    fn roundtrip(text: &str) -> Body {
        let body = Body::parse(text).unwrap_or_else(|e| panic!("{e}: {}", e.hint));
        assert_eq!(body.render(), text);
        body
    }

    #[test]
    fn labels() {
        let l = Label::parse_prefix("(1) Wer").unwrap();
        assert_eq!((l.kind, l.number()), (UnitKind::Absatz, "1"));
        let l = Label::parse_prefix("2a. wer").unwrap();
        assert_eq!((l.kind, l.number()), (UnitKind::Nummer, "2a"));
        let l = Label::parse_prefix("b) das").unwrap();
        assert_eq!((l.kind, l.number()), (UnitKind::Buchstabe, "b"));
        let l = Label::parse_prefix("cc) das").unwrap();
        assert_eq!((l.kind, l.number()), (UnitKind::Doppelbuchstabe, "cc"));
        assert!(Label::parse_prefix("1.1 Wer").is_none());
        assert!(Label::parse_prefix("ab) x").is_none());
        assert!(Label::parse_prefix("Wer").is_none());
        assert!(Label::parse_prefix("(weggefallen)").is_none());
    }

    #[test]
    fn list_with_schlussteil_and_more_saetze() {
        let text = "(1) Bestraft wird, wer an einer Person, die Opfer\n\n1. eines A oder\n\n2. einer Tat nach den Absätzen 1 bis 5\n\ngeworden ist, ausnutzt. Verkennt er das, so gilt Satz 1. Nach den Sätzen 1 und 2 nicht.\n";
        let body = roundtrip(text);
        let abs = &body.absaetze[0];
        assert_eq!(abs.saetze.len(), 3);
        let s1 = &abs.saetze[0];
        assert_eq!(s1.items().count(), 2);
        assert!(
            matches!(s1.parts.last(), Some(Part::Text { text, .. }) if text == "geworden ist, ausnutzt.")
        );
    }

    #[test]
    fn new_satz_after_list_ending_in_full_stop() {
        let text = "(1) Bestraft wird, wer\n\n1. a tut,\n\n2. b tut.\n\nAusbeutung im Sinne des Satzes 1 Nummer 1 liegt vor.";
        let body = roundtrip(text);
        assert_eq!(body.absaetze[0].saetze.len(), 2);
        assert_eq!(body.absaetze[0].saetze[1].lead, "\n\n");
    }

    #[test]
    fn nested_lists() {
        let text = "(1) Wer\n\n1. x\n\na) y,\n\nb) z,\n\n2. w.";
        let body = roundtrip(text);
        let s = &body.absaetze[0].saetze[0];
        let items: Vec<_> = s.items().collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].saetze[0].items().count(), 2);
    }

    #[test]
    fn section_without_absatz_numbers() {
        let body = roundtrip("Verursacht der Täter den Tod, so ist die Strafe lebenslang.\n");
        assert_eq!(body.absaetze.len(), 1);
        assert!(body.absaetze[0].label.is_none());
    }

    #[test]
    fn defects() {
        let err = Body::parse("(2) a.\n\n(1) b.").unwrap_err();
        assert!(err.message.contains("the first Absatz"), "{}", err.message);
        let err = Body::parse("(1) a.\n\n(3) b.").unwrap_err();
        assert!(err.message.contains("gap"), "{}", err.message);
        let err = Body::parse("(1) a.\n\n(2) b.\n\n(2) c.").unwrap_err();
        assert!(err.message.contains("follows"), "{}", err.message);
        let err = Body::parse("(1) Wer\n\na) x.").unwrap_err();
        assert!(err.message.contains("outside a Nummer"), "{}", err.message);
        assert_eq!(err.span.start, 9);
    }

    #[test]
    fn inserted_units_are_in_sequence() {
        roundtrip("(1) a.\n\n(1a) b.\n\n(2) c.");
        roundtrip("(1) Wer\n\n1. x,\n\n1a. y,\n\n1b. z,\n\n2. w.");
    }

    #[test]
    fn fragments_may_start_anywhere() {
        let b = Body::parse_fragment("3. ein Kind anbietet,\n\na) x,\n\nb) y").unwrap();
        assert_eq!(b.render(), "3. ein Kind anbietet,\n\na) x,\n\nb) y");
        assert_eq!(
            Body::parse_fragment("b) das Kind").unwrap().render(),
            "b) das Kind"
        );
        assert_eq!(
            Body::parse_fragment("(4) Der Versuch.").unwrap().render(),
            "(4) Der Versuch."
        );
        assert!(Body::parse("3. x").is_err());
    }

    /// The Satz texts and item labels of a unit, as "label[...]" strings.
    fn shape(saetze: &[Satz]) -> String {
        let mut out = Vec::new();
        for satz in saetze {
            for part in &satz.parts {
                match part {
                    Part::Text { text, .. } => {
                        out.push(format!("{:?}", text.split(' ').next().unwrap_or("")))
                    }
                    Part::Item(item) => {
                        out.push(format!("{}[{}]", item.label.raw, shape(&item.saetze)))
                    }
                }
            }
            out.push("|".into());
        }
        out.join(" ")
    }

    /// Parses `text` (which must round-trip) and compares its first Absatz's shape.
    fn assert_shape(text: &str, expected: &str) {
        assert_eq!(shape(&roundtrip(text).absaetze[0].saetze), expected);
    }

    #[test]
    fn text_between_items_belongs_to_the_item_above_the_list() {
        // § 79a StGB: "bewilligt ist," ends Nummer 2, whose Buchstaben it closes.
        assert_shape(
            "Die Verjährung ruht,\n\n1. solange x,\n\n2. solange dem Verurteilten\n\na) Aufschub,\n\nb) Aussetzung oder\n\nc) Zahlungserleichterung\n\nbewilligt ist,\n\n3. solange y.\n",
            r#""Die" 1.["solange" |] 2.["solange" a)["Aufschub," |] b)["Aussetzung" |] c)["Zahlungserleichterung" |] "bewilligt" |] 3.["solange" |] |"#,
        );
        // § 265b StGB: a Schlussteil inside Nummer 1, then one for the whole list.
        assert_shape(
            "(1) Wer\n\n1. über Verhältnisse\n\na) Unterlagen vorlegt oder\n\nb) Angaben macht,\n\ndie erheblich sind, oder\n\n2. nicht mitteilt,\n\nwird bestraft.\n\n(2) Ende.\n",
            r#""Wer" 1.["über" a)["Unterlagen" |] b)["Angaben" |] "die" |] 2.["nicht" |] "wird" |"#,
        );
    }

    #[test]
    fn an_item_may_continue_in_its_own_paragraph() {
        // § 11 Abs. 1 StGB: "1. Angehöriger:" is continued by the next paragraph,
        // which introduces the Buchstaben.
        assert_shape(
            "(1) Im Sinne dieses Gesetzes ist\n\n1. Angehöriger:\n\nwer dazu gehört:\n\na) Verwandte,\n\nb) Pflegeeltern;\n\n2. Richter:\n\nwer Richter ist;\n\n3. Entgelt:\n\njede Gegenleistung.\n",
            r#""Im" 1.["Angehöriger:" "wer" a)["Verwandte," |] b)["Pflegeeltern;" |] |] 2.["Richter:" "wer" |] 3.["Entgelt:" "jede" |] |"#,
        );
        // § 184h StGB: no colon, but the next Nummer shows the paragraph is Nummer 1's.
        assert_shape(
            "Im Sinne dieses Gesetzes sind\n\n1. sexuelle Handlungen\n\nnur solche, die erheblich sind,\n\n2. sexuelle Handlungen vor einer Person\n\nnur solche, die vorgenommen werden.\n",
            r#""Im" 1.["sexuelle" "nur" |] 2.["sexuelle" "nur" |] |"#,
        );
    }

    #[test]
    fn odd_whitespace_is_kept() {
        roundtrip("  (1) a.  B.\n \n\n(2)  c.\n\n\n");
        roundtrip("(1)\n\n(2) c.");
        roundtrip("");
        roundtrip("\n");
    }
}
