//! Stage 5, render: turns plain data from the earlier stages into text for
//! terminals, Markdown, HTML and JSON. One file per output format.

pub mod act_html;
pub mod act_md;
pub mod act_text;
pub mod table;
