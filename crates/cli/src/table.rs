//! Plain-text tables for the query commands: columns padded to their
//! widest cell, long cells cut with an ellipsis.

use std::fmt::Write;

/// Cells wider than this are cut.
const MAX_CELL: usize = 72;

#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Table {
        Table {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.into_iter().map(|c| cut(&c)).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let width = |i: usize| {
            self.rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .chain([self.header[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.header.len()).map(width).collect();
        let mut out = String::new();
        let mut line = |cells: &mut dyn Iterator<Item = &str>| {
            let mut text = String::new();
            for (i, cell) in cells.enumerate() {
                if i + 1 == widths.len() {
                    text.push_str(cell);
                } else {
                    let pad = widths[i].saturating_sub(cell.chars().count());
                    let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&mut self.header.iter().map(String::as_str));
        for row in &self.rows {
            line(&mut row.iter().map(String::as_str));
        }
        out
    }
}

/// One line, at most [`MAX_CELL`] characters.
fn cut(cell: &str) -> String {
    let flat: String = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX_CELL {
        flat
    } else {
        let mut s: String = flat.chars().take(MAX_CELL - 1).collect();
        s.push('…');
        s
    }
}

/// An optional value as a cell.
pub fn opt(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_and_long_cells_are_cut() {
        let mut t = Table::new(&["id", "title"]);
        t.row(vec!["7".into(), "MP rallies\non Pentagon stake".into()]);
        t.row(vec!["1234".into(), "x".repeat(100)]);
        let out = t.render();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "id    title");
        assert_eq!(lines[1], "7     MP rallies on Pentagon stake");
        assert!(lines[2].starts_with("1234  xxx"));
        assert!(lines[2].ends_with('…'));
        assert_eq!(lines[2].chars().count(), 6 + MAX_CELL);
    }
}
