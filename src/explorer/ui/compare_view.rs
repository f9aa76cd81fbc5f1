//! The compare view (`c`): the marked entries side by side, every field a row, the rows
//! where they differ in bold and marked `≠`, each entry's sources at the bottom of its
//! column. The titles stay at the top while the rows scroll.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::text::{fit, pad, titled_box, width};
use super::theme::Theme;
use crate::derive::compare::compare;
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::text::width::wrap;

/// Columns between the label and the values, and between values.
const GAP: usize = 2;

struct Widths {
    label: usize,
    column: usize,
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

/// The column widths, and the rows below the titles, each field wrapped in its column.
fn body_lines(app: &App, inner: usize, theme: &Theme) -> (Widths, Vec<Line<'static>>) {
    let rows = compare(app.kb(), app.compared());
    let labels = rows.iter().map(|r| width(&r.label)).max().unwrap_or(0);
    let w = widths(inner, app.compared().len(), labels);
    let mut out = Vec::new();
    for r in &rows {
        let cells: Vec<Vec<String>> = r
            .cells
            .iter()
            .map(|c| match c {
                Some(c) if c.disputed && crate::explorer::ui::plain(app) => {
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

/// How far the rows can scroll at the current size.
pub fn max_scroll(app: &App) -> u16 {
    let Some(a) = app.areas() else { return 0 };
    let inner = inset(a.body);
    let theme = Theme::named(app.options.theme);
    let lines = body_lines(app, inner.width as usize, &theme).1.len();
    // One line of the inside holds the titles.
    lines.saturating_sub(inner.height.saturating_sub(1) as usize) as u16
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let kb = app.kb();
    let entries = app.compared();
    let title = format!(
        " Compare · {} {} · ≠ and bold where they differ ",
        entries.len(),
        app.tab.name()
    );
    Clear.render(body, buf);
    super::framed(
        app,
        titled_box(&title, body.width, theme.border_focus, theme),
    )
    .render(body, buf);
    let inner = inset(body);
    if inner.width < 12 || inner.height < 2 {
        return;
    }
    let (w, lines) = body_lines(app, inner.width as usize, theme);
    let mut titles = vec![Span::raw(" ".repeat(w.label + 2))];
    for &e in entries {
        titles.push(Span::raw(" ".repeat(GAP)));
        let t = kb.entries.get(e).map_or("", |e| e.title.as_str());
        titles.push(Span::styled(
            pad(&fit(t, w.column), w.column),
            theme.column_title,
        ));
    }
    Line::from(titles).render(Rect { height: 1, ..inner }, buf);
    let room = inner.height as usize - 1;
    let skip = (app.compare_scroll as usize).min(lines.len().saturating_sub(room));
    for (n, line) in lines.into_iter().skip(skip).take(room).enumerate() {
        line.render(
            Rect {
                y: inner.y + 1 + n as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}
