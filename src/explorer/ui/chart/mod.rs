//! Charts: the figures of the selected finance metric over its periods, the timeline's
//! events per year or quarter (both in a box above the list, when there is room — see
//! [`crate::explorer::app::layout::Areas::with_chart`]), and the size bars of the models table.
//! Drawn from data worked out at load ([`crate::derive::chart`]); a frame lays out only what is
//! on screen.

mod finance;
pub mod size_bar;
mod timeline;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::fit;
use crate::explorer::app::App;
use crate::explorer::theme::Theme;
use crate::kb::Tab;

/// Draws the current tab's chart into `area` (border included).
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    match app.tab {
        Tab::Finances => finance::render(app, area, buf, theme),
        Tab::Timeline => timeline::render(app, area, buf, theme),
        _ => {}
    }
}

/// Writes `text` at column `x` of row `y` of `area`, cut to the area's right edge.
fn put(buf: &mut Buffer, area: Rect, x: usize, y: usize, text: &str, style: Style) {
    if y >= area.height as usize || x >= area.width as usize {
        return;
    }
    let room = area.width as usize - x;
    buf.set_stringn(
        area.x + x as u16,
        area.y + y as u16,
        fit(text, room),
        room,
        style,
    );
}
