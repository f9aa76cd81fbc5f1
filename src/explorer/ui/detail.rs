//! The detail pane: the selected entry's lines (`page::detail`), from the scroll offset
//! down, and where it is in them when they do not fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::text::{draw_scrolled, width};
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::explorer::page::detail::lines;
use crate::explorer::theme::Theme;
use crate::kb::Entry;

#[allow(clippy::too_many_arguments)]
pub fn render(
    app: &App,
    entry: Option<&Entry>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    focused: bool,
    scroll: u16,
) {
    let block = super::framed(app, Block::bordered())
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(" Detail ", theme.title));
    block.render(area, buf);
    let inner = inset(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some(e) = entry else {
        Line::from(Span::styled("nothing selected", theme.dim))
            .render(Rect { height: 1, ..inner }, buf);
        return;
    };
    let all = lines(
        app.kb(),
        e,
        inner.width as usize,
        theme,
        app.options.stale_horizon,
        super::plain(app),
    );
    let max = all.len().saturating_sub(inner.height as usize);
    let scroll = draw_scrolled(all, scroll as usize, inner, buf);
    if max > 0 {
        let more = format!(
            " {}/{} ",
            scroll + inner.height as usize,
            max + inner.height as usize
        );
        let x = area.x + area.width.saturating_sub(width(&more) as u16 + 1);
        Line::from(Span::styled(more, theme.dim)).render(
            Rect {
                x,
                y: area.y + area.height - 1,
                width: area.width.saturating_sub(x - area.x),
                height: 1,
            },
            buf,
        );
    }
}
