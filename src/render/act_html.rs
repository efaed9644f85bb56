//! The amending act as HTML: a self-contained page ([`page`]) and the
//! fragment inside it ([`fragment`]) that other reports embed together with
//! [`STYLE`]. Every text goes through askama's HTML escaping.
//!
//! Instructions carry `id="act-<amendment id>"` and their place in
//! `data-reference`; the Begründung's parts `id="act-zu-<amendment id>"`,
//! so redlines can link to both.

use askama::Template;

use crate::act::{Act, Instruction, Quote, Zu};

/// The stylesheet of the act, scoped to `.act`; prints on A4.
pub const STYLE: &str = r#".act { font-family: "Times New Roman", "Liberation Serif", Georgia, serif; font-size: 12pt; line-height: 1.45; color: #000; max-width: 44em; margin: 0 auto; padding: 1.5em; }
.act h1 { font-size: 1.4em; text-align: center; margin: 0 0 .4em; }
.act .byline { text-align: center; font-style: italic; margin: 0 0 1em; }
.act .note { border: 2px solid #a40000; background: #fff4f4; padding: .6em .8em; margin: 1em 0; }
.act h2 { font-size: 1.15em; text-align: center; margin: 1.8em 0 .8em; }
.act .article-title { display: block; font-size: .95em; }
.act h3 { font-size: 1.05em; margin: 1.4em 0 .6em; }
.act h4, .act h5, .act h6 { font-size: 1em; margin: 1.1em 0 .4em; }
.act h4 { text-decoration: underline; }
.act h6 { font-style: italic; }
.act p { margin: .45em 0; text-align: justify; hyphens: auto; }
.act .instruction { margin: .5em 0; }
.act .instruction > p { padding-left: 2.4em; text-indent: -2.4em; }
.act .depth-1 { margin-left: 2.4em; }
.act .depth-2 { margin-left: 4.8em; }
.act .label { display: inline-block; width: 2.4em; text-indent: 0; }
.act blockquote.quote { margin: .3em 0 .6em 2.4em; }
.act blockquote.quote p { margin: .3em 0; }
@media print {
  @page { size: A4; margin: 2cm 2cm 2.2cm 2.5cm; }
  .act { max-width: none; padding: 0; font-size: 11pt; }
  .act h1, .act h2, .act h3, .act h4, .act h5, .act h6 { break-after: avoid; }
  .act .note, .act blockquote.quote p { break-inside: avoid; }
}
"#;

/// An instruction as one row of the flat list the template prints.
struct Row<'a> {
    depth: usize,
    label: &'a str,
    reference: &'a str,
    amendment: Option<&'a str>,
    text: &'a str,
    quote: Option<&'a Quote>,
}

/// A part of the Besonderer Teil with its heading level.
struct ZuRow<'a> {
    level: usize,
    heading: &'a str,
    amendment: Option<&'a str>,
    paragraphs: &'a [String],
}

#[derive(Template)]
#[template(path = "act_fragment.html")]
struct Fragment<'a> {
    act: &'a Act,
    date: String,
    article_rows: Vec<Vec<Row<'a>>>,
    zu_rows: Vec<ZuRow<'a>>,
}

#[derive(Template)]
#[template(path = "act_page.html")]
struct Page<'a> {
    title: &'a str,
    style: &'a str,
    fragment: &'a str,
}

/// The act as an `<article class="act">` element, to embed in a page that
/// includes [`STYLE`].
pub fn fragment(act: &Act) -> Result<String, askama::Error> {
    let article_rows = act
        .articles
        .iter()
        .map(|a| {
            let mut rows = Vec::new();
            for i in &a.instructions {
                rows_of(i, 0, &mut rows);
            }
            rows
        })
        .collect();
    let mut zu_rows = Vec::new();
    for zu in &act.rationale.special {
        zu_rows_of(zu, 4, &mut zu_rows);
    }
    Fragment {
        act,
        date: crate::model::date::german(act.date),
        article_rows,
        zu_rows,
    }
    .render()
}

/// The act as a self-contained HTML page.
pub fn page(act: &Act) -> Result<String, askama::Error> {
    let fragment = fragment(act)?;
    Page {
        title: &act.heading,
        style: STYLE,
        fragment: &fragment,
    }
    .render()
}

fn rows_of<'a>(i: &'a Instruction, depth: usize, rows: &mut Vec<Row<'a>>) {
    rows.push(Row {
        depth,
        label: &i.label,
        reference: &i.reference,
        amendment: i.amendment.as_deref(),
        text: &i.text,
        quote: i.quote.as_ref(),
    });
    for c in &i.children {
        rows_of(c, depth + 1, rows);
    }
}

fn zu_rows_of<'a>(zu: &'a Zu, level: usize, rows: &mut Vec<ZuRow<'a>>) {
    rows.push(ZuRow {
        level: level.min(6),
        heading: &zu.heading,
        amendment: zu.amendment.as_deref(),
        paragraphs: &zu.paragraphs,
    });
    for c in &zu.children {
        zu_rows_of(c, level + 1, rows);
    }
}
