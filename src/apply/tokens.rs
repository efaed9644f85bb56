//! Attributed token sequences: text in which every token knows which
//! amendment inserted or deleted it.

use std::ops::Range;

use super::AmendmentIx;
use crate::model::words;

/// A token of text with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    /// The token's text, byte for byte.
    pub text: String,
    /// The amendment that inserted it; `None` if it was in the base text.
    pub inserted_by: Option<AmendmentIx>,
    /// The amendment that deleted it; `None` if it is in the result.
    pub deleted_by: Option<AmendmentIx>,
}

/// A text as a sequence of attributed tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AttributedText {
    /// The tokens in order; deleted ones stay in place as tombstones.
    pub tokens: Vec<Token>,
}

impl AttributedText {
    /// The base text, every token unattributed.
    pub fn new(text: &str) -> Self {
        AttributedText {
            tokens: words::tokens(text)
                .into_iter()
                .map(|t| Token {
                    text: t.to_owned(),
                    inserted_by: None,
                    deleted_by: None,
                })
                .collect(),
        }
    }

    /// The text before any amendment: every token not inserted.
    pub fn old_text(&self) -> String {
        self.tokens
            .iter()
            .filter(|t| t.inserted_by.is_none())
            .map(|t| t.text.as_str())
            .collect()
    }

    /// The text after all amendments so far: every token not deleted.
    pub fn new_text(&self) -> String {
        self.tokens
            .iter()
            .filter(|t| t.deleted_by.is_none())
            .map(|t| t.text.as_str())
            .collect()
    }

    /// Splits tokens so that live offset `at` falls on a token boundary and
    /// returns the index of the first token at or after it (after any
    /// tombstones that sit exactly there).
    fn boundary(&mut self, at: usize) -> usize {
        let mut pos = 0;
        let mut i = 0;
        while i < self.tokens.len() {
            let t = &self.tokens[i];
            if t.deleted_by.is_some() {
                i += 1;
                continue;
            }
            let len = t.text.len();
            if pos == at {
                return i;
            }
            if at < pos + len {
                let cut = at - pos;
                let tail = Token {
                    text: t.text[cut..].to_owned(),
                    ..t.clone()
                };
                self.tokens[i].text.truncate(cut);
                self.tokens.insert(i + 1, tail);
                return i + 1;
            }
            pos += len;
            i += 1;
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
            if t.deleted_by.is_some() {
                continue;
            }
            remaining = remaining.saturating_sub(t.text.len());
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
        while i < self.tokens.len() && self.tokens[i].deleted_by.is_some() {
            i += 1;
        }
        let new: Vec<Token> = words::tokens(text)
            .into_iter()
            .map(|t| Token {
                text: t.to_owned(),
                inserted_by: Some(by),
                deleted_by: None,
            })
            .collect();
        self.tokens.splice(i..i, new);
    }
}

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
        let first_ins = t
            .tokens
            .iter()
            .position(|t| t.inserted_by.is_some())
            .unwrap();
        let last_del = t
            .tokens
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
}
