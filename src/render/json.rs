//! Redlines as JSON for other tools: the whole [`Redline`] (sections,
//! paragraphs, segments with the amendments behind each change, notes) and
//! the proposals on either side with their notices.

use serde::Serialize;

use super::{Document, ProposalInfo};
use crate::redline::Redline;

#[derive(Serialize)]
struct Out<'a> {
    #[serde(flatten)]
    redline: &'a Redline,
    proposals: &'a [ProposalInfo],
}

/// Renders `doc` as pretty-printed JSON, ending with a newline.
pub fn render(doc: &Document<'_>) -> String {
    let out = Out {
        redline: doc.redline,
        proposals: &doc.proposals,
    };
    // Serialising plain data with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::labels::Lang;

    #[test]
    fn flattens_the_redline() {
        let r = crate::render::test_redline(Vec::new(), &[]);
        let doc = Document {
            redline: &r,
            proposals: Vec::new(),
            summary: false,
            lang: Lang::De,
        };
        let v: serde_json::Value = serde_json::from_str(&render(&doc)).unwrap();
        assert_eq!(v["law"], "StGB");
        assert_eq!(v["from"]["kind"], "law");
        assert_eq!(v["from"]["day"], "2021-01-01");
        assert!(v["proposals"].as_array().unwrap().is_empty());
    }
}
