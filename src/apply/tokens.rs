//! Attributed token sequences: text in which every token knows which
//! amendment inserted or deleted it.
//!
//! The tokens do not own their text: each one is a byte range of one
//! buffer, which holds the base text followed by every text inserted since.
//! Splitting a token or copying the whole sequence (to undo a failed
//! amendment) then allocates no string per token.

use std::ops::Range;

use super::AmendmentIx;
use crate::model::words;

/// A token of text with its provenance, as [`AttributedText::tokens`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Token<'a> {
    /// The token's text, byte for byte.
    pub text: &'a str,
    /// The amendment that inserted it; `None` if it was in the base text.
    pub inserted_by: Option<AmendmentIx>,
    /// The amendment that deleted it; `None` if it is in the result.
    pub deleted_by: Option<AmendmentIx>,
}

/// A token as stored: its text is `buffer[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stored {
    start: usize,
    end: usize,
    inserted_by: Option<AmendmentIx>,
    deleted_by: Option<AmendmentIx>,
}

impl Stored {
    fn len(&self) -> usize {
        self.end - self.start
    }

    fn is_live(&self) -> bool {
        self.deleted_by.is_none()
    }
}

/// A text as a sequence of attributed tokens.
#[derive(Debug, Clone, Default)]
pub struct AttributedText {
    /// The base text, then each inserted text after it; tokens point into it.
    buffer: String,
    /// The tokens in order; deleted ones stay in place as tombstones.
    tokens: Vec<Stored>,
}

impl AttributedText {
    /// The base text, every token unattributed.
    pub fn new(text: &str) -> Self {
        AttributedText {
            buffer: text.to_owned(),
            tokens: words::token_ranges(text)
                .into_iter()
                .map(|r| Stored {
                    start: r.start,
                    end: r.end,
                    inserted_by: None,
                    deleted_by: None,
                })
                .collect(),
        }
    }

    /// The tokens in order, tombstones included.
    pub fn tokens(&self) -> impl Iterator<Item = Token<'_>> {
        self.tokens.iter().map(|t| self.view(t))
    }

    fn view(&self, t: &Stored) -> Token<'_> {
        Token {
            text: self.buffer.get(t.start..t.end).unwrap_or_default(),
            inserted_by: t.inserted_by,
            deleted_by: t.deleted_by,
        }
    }

    /// The text before any amendment: every token not inserted.
    pub fn old_text(&self) -> String {
        self.joined(|t| t.inserted_by.is_none())
    }

    /// The text after all amendments so far: every token not deleted.
    pub fn new_text(&self) -> String {
        self.joined(Stored::is_live)
    }

    /// The length in bytes of [`Self::new_text`], without building it.
    pub fn new_len(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.is_live())
            .map(Stored::len)
            .sum()
    }

    /// The text of the tokens `keep` picks. Tokens that lie next to each
    /// other in the buffer (most of the base text) are copied as one slice.
    fn joined(&self, keep: impl Fn(&Stored) -> bool) -> String {
        let mut out = String::new();
        let mut slice: Option<Range<usize>> = None;
        for t in self.tokens.iter().filter(|t| keep(t)) {
            match &mut slice {
                Some(s) if s.end == t.start => s.end = t.end,
                _ => {
                    if let Some(s) = slice.replace(t.start..t.end) {
                        out.push_str(self.buffer.get(s).unwrap_or_default());
                    }
                }
            }
        }
        if let Some(s) = slice {
            out.push_str(self.buffer.get(s).unwrap_or_default());
        }
        out
    }

    /// Splits tokens so that live offset `at` falls on a token boundary and
    /// returns the index of the first token at or after it (after any
    /// tombstones that sit exactly there).
    fn boundary(&mut self, at: usize) -> usize {
        let mut pos = 0;
        for i in 0..self.tokens.len() {
            let t = self.tokens[i];
            if !t.is_live() {
                continue;
            }
            if pos == at {
                return i;
            }
            if at < pos + t.len() {
                let cut = t.start + (at - pos);
                self.tokens[i].end = cut;
                self.tokens.insert(i + 1, Stored { start: cut, ..t });
                return i + 1;
            }
            pos += t.len();
        }
        self.tokens.len()
    }

    /// Marks the live bytes `range` as deleted by `by`. Returns the
    /// amendments that had inserted any of the deleted tokens.
    pub fn delete(&mut self, range: Range<usize>, by: AmendmentIx) -> Vec<AmendmentIx> {
        if range.is_empty() {
            return Vec::new();
        }
        // Split at the end first: splitting at the start shifts indices, not offsets.
        self.boundary(range.end);
        let start = self.boundary(range.start);
        let mut touched = Vec::new();
        let mut remaining = range.len();
        for t in self.tokens[start..].iter_mut() {
            if remaining == 0 {
                break;
            }
            if !t.is_live() {
                continue;
            }
            remaining = remaining.saturating_sub(t.len());
            t.deleted_by = Some(by);
            if let Some(ins) = t.inserted_by.filter(|&ins| ins != by)
                && !touched.contains(&ins)
            {
                touched.push(ins);
            }
        }
        touched
    }

    /// Inserts `text` at live offset `at`, attributed to `by`.
    pub fn insert(&mut self, at: usize, text: &str, by: AmendmentIx) {
        if text.is_empty() {
            return;
        }
        let mut i = self.boundary(at);
        // New words go after the tombstones at this place, so a redline reads
        // "struck, then inserted".
        while i < self.tokens.len() && !self.tokens[i].is_live() {
            i += 1;
        }
        let offset = self.buffer.len();
        self.buffer.push_str(text);
        let new = words::token_ranges(text).into_iter().map(|r| Stored {
            start: offset + r.start,
            end: offset + r.end,
            inserted_by: Some(by),
            deleted_by: None,
        });
        self.tokens.splice(i..i, new);
    }
}

/// Two texts are equal when their tokens are: same words, same provenance,
/// wherever in the buffer they are kept.
impl PartialEq for AttributedText {
    fn eq(&self, other: &Self) -> bool {
        self.tokens.len() == other.tokens.len() && self.tokens().eq(other.tokens())
    }
}

impl Eq for AttributedText {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_and_insert_keep_both_texts() {
        let mut t = AttributedText::new("Nach Satz 1 wird nicht bestraft");
        t.delete(5..11, 0);
        t.insert(5, "den Sätzen 1 und 2", 0);
        assert_eq!(t.old_text(), "Nach Satz 1 wird nicht bestraft");
        assert_eq!(t.new_text(), "Nach den Sätzen 1 und 2 wird nicht bestraft");
        assert_eq!(t.new_len(), t.new_text().len());
        let first_ins = t.tokens().position(|t| t.inserted_by.is_some()).unwrap();
        let last_del = t
            .tokens()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|t| t.deleted_by.is_some())
            .unwrap();
        assert!(last_del < first_ins, "struck before inserted");
    }

    #[test]
    fn splits_tokens_at_odd_offsets() {
        let mut t = AttributedText::new("Missbrauch");
        t.delete(4..6, 1);
        assert_eq!(t.new_text(), "Missauch");
        assert_eq!(t.old_text(), "Missbrauch");
        let texts: Vec<&str> = t.tokens().map(|t| t.text).collect();
        assert_eq!(texts, ["Miss", "br", "auch"]);
    }

    #[test]
    fn reports_deleting_inserted_words() {
        let mut t = AttributedText::new("a b");
        t.insert(1, " x", 0);
        assert_eq!(t.new_text(), "a x b");
        let touched = t.delete(1..3, 1);
        assert_eq!(touched, vec![0]);
        assert_eq!(t.new_text(), "a b");
        assert_eq!(t.old_text(), "a b");
    }

    #[test]
    fn equal_tokens_make_equal_texts_whatever_the_buffer() {
        let mut inserted = AttributedText::default();
        inserted.insert(0, "x", 0);
        inserted.insert(0, "a ", 0);
        let mut direct = AttributedText::default();
        direct.insert(0, "a x", 0);
        assert_eq!(inserted, direct);
        direct.delete(0..1, 1);
        assert_ne!(inserted, direct);
    }
}
