//! The help overlay (`?`): the keys, the marks and the search syntax (`page::help`),
//! centred over the body, from its scroll offset down.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Widget};

use super::text::draw_scrolled;
use crate::explorer::app::App;
use crate::explorer::app::layout::{help_area, inset};
use crate::explorer::page::help::lines;
use crate::explorer::theme::Theme;

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let area = help_area(body);
    Clear.render(area, buf);
    super::framed(app, Block::bordered())
        .border_style(theme.border_focus)
        .title(Span::styled(" Keys — Esc closes ", theme.title))
        .render(area, buf);
    let inner = inset(area);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let lines = lines(inner.width as usize, super::plain(app), theme);
    draw_scrolled(lines, app.help_scroll as usize, inner, buf);
}
