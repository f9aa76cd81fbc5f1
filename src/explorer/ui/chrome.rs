//! The header (what is loaded), the tab bar and the footer (key hints or a status message).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{fit, width};
use crate::explorer::app::App;
use crate::explorer::app::layout::tab_labels;
use crate::explorer::keymap::footer_hints;
use crate::explorer::theme::Theme;
use crate::kb::sanitize::sanitize_line;

pub fn header(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let kb = app.kb();
    let count = kb.entries.len() - kb.sources.len();
    let right = format!(
        "as of {} · {count} entries · {} disputed ",
        kb.meta.as_of,
        kb.disputed_count()
    );
    let room = (area.width as usize).saturating_sub(width(&right) + 1);
    let left = fit(&format!(" {}", kb.meta.title), room);
    let gap = (area.width as usize).saturating_sub(width(&left) + width(&right));
    let line = if room >= 8 {
        Line::from(vec![
            Span::styled(left, theme.header),
            Span::raw(" ".repeat(gap)),
            Span::styled(right, theme.dim),
        ])
    } else {
        Line::from(Span::styled(
            fit(&format!(" {}", kb.meta.title), area.width as usize),
            theme.header,
        ))
    };
    line.render(area, buf);
}

pub fn tab_bar(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    for l in tab_labels(area.width) {
        if l.x >= area.width {
            break;
        }
        let style = if l.tab == app.tab {
            theme.tab_active
        } else {
            theme.tab
        };
        let cell = Rect {
            x: area.x + l.x,
            width: l.width.min(area.width - l.x),
            ..area
        };
        // Reverse video is not read: for a screen reader the current tab is in brackets,
        // `[3 Models]`, in the spaces around its label.
        let text = match l.text.strip_prefix(' ').and_then(|t| t.strip_suffix(' ')) {
            Some(name) if l.tab == app.tab && super::plain(app) => format!("[{name}]"),
            _ => l.text,
        };
        Line::from(Span::styled(text, style)).render(cell, buf);
    }
}

/// The status line. Its messages may name files and quote what failed to load, so they
/// are sanitised here, where they are drawn, whatever built them: a bidi override is no
/// control character, and the terminal library would pass it on to the terminal.
/// Which of `hints` fit in `max` cells: how to get help, close and quit (`?`, `Esc`, `q`)
/// first — they are the last to go — then the others in their order. Shown in their order.
fn hints_that_fit(hints: &[(&str, &str)], max: usize) -> Vec<bool> {
    let essential = |key: &str| matches!(key, "?" | "q" | "Esc" | "Esc/?");
    let mut shown = vec![false; hints.len()];
    let mut used = 1;
    for pass_essential in [true, false] {
        for (i, (key, what)) in hints.iter().enumerate() {
            let w = width(key) + width(what) + 3;
            if essential(key) == pass_essential && used + w <= max {
                shown[i] = true;
                used += w;
            }
        }
    }
    shown
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let max = area.width as usize;
    let line = match (&app.reload_error, &app.status) {
        (Some(err), _) => Line::from(Span::styled(
            fit(
                &format!(
                    " ! reload failed, showing the last good data: {}",
                    sanitize_line(err)
                ),
                max,
            ),
            theme.disputed,
        )),
        (None, Some(msg)) => Line::from(Span::styled(
            fit(&format!(" {}", sanitize_line(msg)), max),
            theme.status,
        )),
        (None, None) => {
            let hints = footer_hints(app.mode);
            // A large knowledge base's first screen comes before its search index: until
            // the index is built, searches wait for it, and the footer says so.
            const INDEXING: &str = "indexing… ";
            let indexing = !app.data.index_ready();
            let room = if indexing {
                max.saturating_sub(INDEXING.chars().count())
            } else {
                max
            };
            let shown = hints_that_fit(hints, room);
            let mut spans = vec![Span::raw(" ")];
            if indexing {
                spans.push(Span::styled(INDEXING, theme.status));
            }
            for ((key, what), _) in hints.iter().zip(&shown).filter(|(_, s)| **s) {
                spans.push(Span::styled(*key, theme.key));
                spans.push(Span::styled(format!(" {what}  "), theme.dim));
            }
            Line::from(spans)
        }
    };
    line.render(area, buf);
}
