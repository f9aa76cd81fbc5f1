//! The current tab's list: a table whose columns come from `app::columns`, drawn row by row
//! for the rows on screen only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::chart::size_bar;
use super::table::Want;
use super::text::{fit, pad, titled_box, width};
use crate::explorer::app::columns::{ColumnKind, columns};
use crate::explorer::app::layout::inset;
use crate::explorer::app::{App, Row};
use crate::explorer::keymap::Mode;
use crate::explorer::theme::Theme;
use crate::kb::Tab;

/// Two cells before each row: `!` marks a disputed entry, `~` one older than the stale
/// horizon.
pub const MARK: usize = 2;

fn title(app: &App) -> String {
    let pane = app.pane(app.tab);
    if app.tab == Tab::Overview {
        // It shows entries of three tabs: say how many of each, so the count agrees with
        // `check`'s (which counts the overview's own).
        let kb = app.kb();
        let count = |t: Tab| {
            pane.rows
                .iter()
                .filter_map(Row::entry)
                .filter(|&e| kb.entries[e].tab == t)
                .count()
        };
        return format!(
            " {} ({} facts · {} events · {} products) ",
            app.tab.title(),
            count(Tab::Overview),
            count(Tab::Timeline),
            count(Tab::Products)
        );
    }
    let mut t = format!(" {} ({}", app.tab.title(), pane.entries);
    if !pane.filter.is_empty() || app.mode == Mode::Filter {
        let total = app.data.by_tab[app.tab as usize].len();
        if app.tab != Tab::Overview {
            t.push_str(&format!(" of {total}"));
        }
    }
    t.push_str(") ");
    if let Some(c) = columns(app.tab).get(pane.sort.0) {
        // Arrows for the eye; words for a screen reader.
        let order = match (pane.sort.1, super::plain(app)) {
            (true, false) => "↓",
            (false, false) => "↑",
            (true, true) => "descending",
            (false, true) => "ascending",
        };
        t.push_str(&format!("· by {} {order} ", c.title));
    }
    t
}

/// The widths of the current tab's columns in `avail` cells (see `ui::table`).
pub fn table_widths(app: &App, avail: u16) -> Vec<u16> {
    let natural = app.data.natural_widths(app.tab);
    let wants: Vec<Want> = columns(app.tab)
        .iter()
        .zip(natural)
        .map(|(c, n)| {
            // A size column is only worth its place with room for a bar and its figures.
            let min = if c.kind == ColumnKind::ModelSize {
                c.min.max(size_bar::min_width(app) as u16)
            } else {
                c.min
            };
            // Measured with a bar; for a screen reader, drawn as its figures alone.
            let n = if c.kind == ColumnKind::ModelSize && super::plain(app) {
                let text = size_bar::text_width(app) as u16;
                crate::explorer::app::columns::Natural {
                    whole: n.whole.min(text),
                    short: n.short.min(text),
                }
            } else {
                *n
            };
            Want {
                min,
                natural: n.whole.max(min),
                need: n.short.max(min),
                keep: c.keep,
            }
        })
        .collect();
    // The row's name (the first column) keeps up to a quarter of the width, when it needs
    // it: a value beside a name cut to a few letters answers nothing.
    let mut wants = wants;
    if let Some(first) = wants.first_mut() {
        first.min = first.min.max(first.need.min(avail / 4));
    }
    super::table::widths(&wants, avail)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let focused = matches!(app.mode, Mode::Browse | Mode::Filter);
    let pane = app.pane(app.tab);
    let border = if focused {
        theme.border_focus
    } else {
        theme.border
    };
    let mut block = super::framed(app, titled_box(&title(app), area.width, border, theme));
    // The bottom border: the filter box first; the size legend only in the room it leaves.
    let mut bottom_used = 0;
    if app.mode == Mode::Filter || !pane.filter.is_empty() {
        // For a screen reader the terminal's own cursor shows where typing goes.
        let cursor = if app.mode == Mode::Filter && !super::plain(app) {
            "▏"
        } else {
            ""
        };
        let text = fit(
            &format!(" filter: {}{cursor} ", pane.filter),
            area.width.saturating_sub(2) as usize,
        );
        bottom_used = width(&text);
        block = block.title_bottom(Span::styled(text, theme.key));
    }
    let inner = inset(area);
    let cols = columns(app.tab);
    let mark = super::mark_width(app);
    let widths = table_widths(app, inner.width.saturating_sub(mark as u16));
    // The size column's legend, when it is drawn as bars.
    let bars = cols
        .iter()
        .zip(&widths)
        .any(|(c, &w)| c.kind == ColumnKind::ModelSize && size_bar::drawn(app, w as usize));
    if bars {
        let legend = size_bar::legend(app);
        let gap = if bottom_used > 0 { 1 } else { 0 };
        if bottom_used + gap + width(legend) + 2 <= area.width as usize {
            block = block.title_bottom(Line::from(Span::styled(legend, theme.dim)).right_aligned());
        }
    }
    block.render(area, buf);
    if inner.height == 0 || inner.width as usize <= mark {
        return;
    }

    // Column titles.
    let mut spans = vec![Span::raw(" ".repeat(mark))];
    for (c, &w) in cols.iter().zip(&widths) {
        if w > 0 {
            let title = match c.kind {
                ColumnKind::Text => pad(c.title, w as usize),
                ColumnKind::ModelSize => size_bar::header(app, w as usize, c.title),
            };
            spans.push(Span::styled(title, theme.column_title));
            spans.push(Span::raw(" "));
        }
    }
    Line::from(spans).render(Rect { height: 1, ..inner }, buf);

    let body = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    if pane.rows.is_empty() {
        let problems = (app.data.index_if_ready())
            .map(|i| i.query_problems(&pane.filter))
            .unwrap_or_default();
        let msg = if pane.filter.is_empty() {
            "nothing here"
        } else {
            problems
                .first()
                .map_or("no entry matches the filter", String::as_str)
        };
        Line::from(Span::styled(fit(msg, body.width as usize), theme.dim))
            .render(Rect { height: 1, ..body }, buf);
        return;
    }
    let kb = app.kb();
    let group_metric = app.tab == Tab::Finances && pane.sort.0 == 0;
    let visible = pane
        .rows
        .iter()
        .enumerate()
        .skip(pane.offset)
        .take(body.height as usize);
    for (n, (i, row)) in visible.enumerate() {
        let r = Rect {
            y: body.y + n as u16,
            height: 1,
            ..body
        };
        match row {
            Row::Group(name) => {
                let text = fit(&format!("{name} "), body.width as usize);
                Line::from(Span::styled(text, theme.group)).render(r, buf);
            }
            Row::Entry(e) => {
                let entry = &kb.entries[*e];
                let selected = pane.selected == Some(i);
                let row_style = match (selected, focused) {
                    (true, true) => theme.selected,
                    (true, false) => theme.selected_dim,
                    _ => Style::new(),
                };
                let mut spans = super::marks(app, *e, selected, theme);
                // Filtered: the field that answers the filter takes the last column's
                // place, highlighted, when a word matched outside the title.
                let answer = pane
                    .hits
                    .get(e)
                    .and_then(|h| app.data.index_if_ready()?.snippet(h));
                let last = widths.iter().rposition(|&w| w > 0);
                // Finances grouped by metric: the metric once per run of rows.
                let same_metric = group_metric
                    && i > 0
                    && matches!(pane.rows.get(i - 1), Some(Row::Entry(p)) if kb.entries[*p].title == entry.title);
                // The text of each shown cell, once.
                let mut texts: Vec<String> = cols
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| {
                        if w == 0 {
                            String::new()
                        } else {
                            (c.cell)(kb, entry)
                        }
                    })
                    .collect();
                // A row with nothing after its first cell: its first cell runs on over the
                // empty ones instead of being cut beside them.
                let alone =
                    answer.is_none() && !same_metric && texts.iter().skip(1).all(String::is_empty);
                // A screen reader's mark words, on a narrow terminal, follow the name.
                let words = super::inline_mark_words(app, *e);
                if alone && let Some(name) = texts.first() {
                    let room = body.width as usize - mark;
                    let name = format!("{}{words}", fit(name, room.saturating_sub(width(&words))));
                    spans.push(Span::raw(pad(&name, room)));
                }
                for (ci, (c, &w)) in cols.iter().zip(&widths).enumerate() {
                    if w == 0 || alone {
                        continue;
                    }
                    if let Some(a) = answer.as_ref().filter(|_| Some(ci) == last && ci > 0) {
                        let room = w as usize;
                        let cells: Vec<Span<'static>> =
                            super::hit_line::answer(a, room, super::plain(app), theme);
                        let used: usize = cells.iter().map(|s| width(&s.content)).sum();
                        spans.extend(cells);
                        spans.push(Span::raw(" ".repeat(room.saturating_sub(used) + 1)));
                        continue;
                    }
                    let text = std::mem::take(&mut texts[ci]);
                    let text = if ci == 0 && same_metric {
                        String::new()
                    } else if ci == 0 && !words.is_empty() {
                        // The name cut to leave the words whole.
                        let room = (w as usize).saturating_sub(width(&words));
                        format!("{}{words}", fit(&text, room))
                    } else {
                        text
                    };
                    if c.kind == ColumnKind::ModelSize {
                        spans.extend(size_bar::cell(app, *e, &text, w as usize, selected, theme));
                        spans.push(Span::raw(" "));
                        continue;
                    }
                    let style = if app.tab == Tab::Risks && ci == 0 {
                        theme.severity(entry.severity)
                    } else {
                        Style::new()
                    };
                    let shown = if c.value {
                        crate::text::value_fit::fit_value(&text, w as usize)
                    } else {
                        text
                    };
                    spans.push(Span::styled(pad(&shown, w as usize), style));
                    spans.push(Span::raw(" "));
                }
                buf.set_style(r, row_style);
                if selected && focused {
                    super::on_selection(spans, row_style).render(r, buf);
                } else {
                    Line::from(spans).style(row_style).render(r, buf);
                }
            }
        }
    }
}
