//! The compare view's rows as lines (`c`): the marked entries side by side, every field a
//! row wrapped in its column, the rows where they differ in bold and marked `≠`.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::derive::compare::compare;
use crate::explorer::theme::Theme;
use crate::kb::KnowledgeBase;
use crate::text::width::{pad, width, wrap};

/// Columns between the label and the values, and between values.
pub const GAP: usize = 2;

/// The widths of the labels' column and of each entry's column, in cells.
pub struct Widths {
    pub label: usize,
    pub column: usize,
}

fn widths(inner: usize, n: usize, labels: usize) -> Widths {
    // `≠ ` before each label.
    let label = labels.clamp(6, 22).min(inner / 4);
    let rest = inner.saturating_sub(label + 2 + GAP * n);
    Widths {
        label,
        column: (rest / n.max(1)).max(1),
    }
}

/// The column widths, and the rows below the titles, of `entries` compared `inner` cells
/// wide. `words`: a disputed value is marked `disputed:` (for a screen reader), not `!`.
pub fn lines(
    kb: &KnowledgeBase,
    entries: &[usize],
    inner: usize,
    words: bool,
    theme: &Theme,
) -> (Widths, Vec<Line<'static>>) {
    let rows = compare(kb, entries);
    let labels = rows.iter().map(|r| width(&r.label)).max().unwrap_or(0);
    let w = widths(inner, entries.len(), labels);
    let mut out = Vec::new();
    for r in &rows {
        let cells: Vec<Vec<String>> = r
            .cells
            .iter()
            .map(|c| match c {
                Some(c) if c.disputed && words => {
                    wrap(&format!("disputed: {}", c.text), w.column, 0)
                }
                Some(c) if c.disputed => wrap(&format!("! {}", c.text), w.column, 0),
                Some(c) => wrap(&c.text, w.column, 0),
                None => vec!["—".to_string()],
            })
            .collect();
        let label = wrap(&r.label, w.label, 0);
        let height = cells
            .iter()
            .map(Vec::len)
            .chain([label.len()])
            .max()
            .unwrap_or(1);
        let cell_style = if r.differs { theme.title } else { Style::new() };
        for line in 0..height {
            let mark = if r.differs && line == 0 { "≠ " } else { "  " };
            let mut spans = vec![
                Span::styled(mark, theme.disputed),
                Span::styled(
                    pad(label.get(line).map_or("", String::as_str), w.label),
                    theme.label,
                ),
            ];
            for (cell, c) in cells.iter().zip(&r.cells) {
                let text = cell.get(line).map_or("", String::as_str);
                let style = match c {
                    None => theme.dim,
                    Some(c) if c.disputed => theme.disputed,
                    Some(_) => cell_style,
                };
                spans.push(Span::raw(" ".repeat(GAP)));
                spans.push(Span::styled(pad(text, w.column), style));
            }
            out.push(Line::from(spans));
        }
    }
    (w, out)
}
