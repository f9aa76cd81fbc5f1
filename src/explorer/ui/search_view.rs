//! The search overlay: the query box, the hits of every tab best first — each labelled with
//! its tab, its title and the field that answers it highlighted — and a preview of the
//! selected hit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::text::{fit, titled_box, width};
use crate::explorer::app::layout::{Areas, inset};
use crate::explorer::app::{App, ResultRow};
use crate::explorer::theme::Theme;

pub fn render(app: &App, areas: &Areas, buf: &mut Buffer, theme: &Theme) {
    let s = &app.search;
    let title = match &s.title {
        Some(t) => format!(" {t} "),
        None => " Search all tabs ".to_string(),
    };
    // While a search runs the previous results stay, marked as about to change.
    let count = if s.pending() && !app.data.index_ready() {
        " indexing… ".to_string()
    } else if s.pending() {
        format!(" searching… {} hits ", s.hits.len())
    } else {
        format!(" {} hits ", s.hits.len())
    };
    let input = areas.search_input;
    super::framed(
        app,
        titled_box(&title, input.width, theme.border_focus, theme),
    )
    .title_bottom(Line::from(Span::styled(count, theme.dim)).right_aligned())
    .render(input, buf);
    let inner = inset(input);
    if inner.height > 0 && inner.width > 2 {
        let q = query_tail(&s.query, inner.width);
        // A query brought back by `/` is shown selected: typing replaces it.
        let q = if s.query_selected {
            Span::styled(q, theme.selected)
        } else {
            Span::raw(q)
        };
        let mut spans = vec![Span::styled("/ ", theme.key), q];
        // For a screen reader the terminal's own cursor is the caret (`ui::cursor`).
        if !super::plain(app) {
            spans.push(Span::styled("▏", theme.key));
        }
        Line::from(spans).render(Rect { height: 1, ..inner }, buf);
    }

    let results = areas.results;
    super::framed(app, Block::bordered())
        .border_style(theme.border)
        .render(results, buf);
    let body = inset(results);
    if body.height == 0 || body.width < 4 {
        return;
    }
    if s.rows.is_empty() {
        // A filter naming nothing says so (only asked when there is nothing to show).
        let problems = (app.data.index_if_ready())
            .map(|i| i.query_problems(&s.query))
            .unwrap_or_default();
        let msg = if s.query.trim().is_empty() {
            "type to search every tab"
        } else if s.pending() && !app.data.index_ready() {
            "indexing… the results follow when the index is built"
        } else if s.pending() {
            "searching…"
        } else {
            problems.first().map_or("no entry matches", String::as_str)
        };
        Line::from(Span::styled(fit(msg, body.width as usize), theme.dim))
            .render(Rect { height: 1, ..body }, buf);
    }
    let kb = app.kb();
    let max = body.width as usize;
    for (n, (i, row)) in s
        .rows
        .iter()
        .enumerate()
        .skip(s.offset)
        .take(body.height as usize)
        .enumerate()
    {
        let r = Rect {
            y: body.y + n as u16,
            height: 1,
            ..body
        };
        match row {
            ResultRow::Group(tab, count) => {
                Line::from(Span::styled(
                    fit(&format!("{} ({count})", tab.title()), max),
                    theme.group,
                ))
                .render(r, buf);
            }
            ResultRow::Hit(h) => {
                let Some(hit) = s.hits.get(*h) else { continue };
                let selected = s.selected == Some(i);
                let row_style = if selected {
                    theme.selected
                } else {
                    Style::new()
                };
                let spans =
                    super::hit_line::hit_line(app, hit, max, s.title.is_none(), selected, theme);
                buf.set_style(r, row_style);
                if selected {
                    super::on_selection(spans, row_style).render(r, buf);
                } else {
                    Line::from(spans).style(row_style).render(r, buf);
                }
            }
        }
    }
    if let Some(p) = areas.preview {
        let entry = s.selected_entry().and_then(|i| kb.entries.get(i));
        super::detail::render(app, entry, p, buf, theme, false, 0);
    }
}

/// The end of `query` that fits a search box whose inside is `inner_width` cells wide
/// (after `/ ` and before the caret).
pub(crate) fn query_tail(query: &str, inner_width: u16) -> String {
    let room = (inner_width as usize).saturating_sub(3);
    let mut used = 0;
    let mut tail: Vec<char> = query
        .chars()
        .rev()
        .take_while(|c| {
            used += width(c.encode_utf8(&mut [0; 4]));
            used <= room
        })
        .collect();
    tail.reverse();
    tail.into_iter().collect()
}
