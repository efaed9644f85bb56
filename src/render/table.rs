//! Tables for the terminal, fitted to its width.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

/// Renders a table with `header` and `rows`, wrapping cells to fit `width`
/// columns when output goes to a terminal.
pub fn render(header: &[&str], rows: &[Vec<String>], width: Option<u16>) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    match width {
        Some(w) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    for row in rows {
        table.add_row(row.clone());
    }
    if rows.is_empty() {
        table.add_row(vec!["(none)".to_owned()]);
    }
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_the_width() {
        let rows = vec![vec![
            "176".to_owned(),
            "Sexueller Missbrauch von Kindern ohne Körperkontakt mit dem Kind".to_owned(),
        ]];
        let out = render(&["§", "Title"], &rows, Some(30));
        for line in out.lines() {
            assert!(line.chars().count() <= 30, "{line}");
        }
    }
}
