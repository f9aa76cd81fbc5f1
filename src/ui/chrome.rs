//! The header (what is loaded), the tab bar and the footer (key hints or a status message).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::layout::tab_labels;
use super::text::{fit, width};
use super::theme::Theme;
use crate::app::App;
use crate::kb::sanitize::sanitize_line;
use crate::keymap::footer_hints;

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
        Line::from(Span::styled(l.text, style)).render(cell, buf);
    }
}

/// The status line. Its messages may name files and quote what failed to load, so they
/// are sanitised here, where they are drawn, whatever built them: a bidi override is no
/// control character, and the terminal library would pass it on to the terminal.
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
            let mut spans = vec![Span::raw(" ")];
            let mut used = 1;
            for (key, what) in footer_hints(app.mode) {
                let w = width(key) + width(what) + 3;
                if used + w > max {
                    break;
                }
                used += w;
                spans.push(Span::styled(*key, theme.key));
                spans.push(Span::styled(format!(" {what}  "), theme.dim));
            }
            Line::from(spans)
        }
    };
    line.render(area, buf);
}
