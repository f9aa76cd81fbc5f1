//! Where the terminal's own cursor goes for a screen reader
//! ([`crate::explorer::app::Options::screen_reader`]). Screen readers follow the cursor and read the
//! line it is on, and reverse video says nothing to them, so the cursor is put where the
//! selection is, worked out from the same layout the frame is drawn with:
//!
//! - a list (Browse, Filter): the start of the selected row (its `> `);
//! - the detail with the focus (Enter): the start of its first line on screen;
//! - the search overlay and the filter box, while typing: the selected hit or row — the
//!   best one as a query is typed, so the answer is read out without a key more, and the
//!   one `↓`/`↑` move to — or, when nothing is selected (an empty query, no match), the
//!   end of the text typed, in its box;
//! - the disputed view: the start of the selected value's heading (its `>`);
//! - the compare view and the help: the start of their first line.
//!
//! Without the option there is no cursor position, and ratatui keeps the cursor hidden.

use ratatui::layout::Rect;

use super::text::width as cells;
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::explorer::keymap::Mode;

impl App {
    /// The cursor's place (column, row) at the current size; see [`App::cursor_at`].
    pub fn cursor(&self) -> Option<(u16, u16)> {
        self.cursor_at(self.size.0, self.size.1)
    }

    /// Where the terminal's cursor goes, (column, row), in a frame of `width` × `height`:
    /// always somewhere for a screen reader, `None` (hidden) otherwise.
    pub fn cursor_at(&self, width: u16, height: u16) -> Option<(u16, u16)> {
        if !super::plain(self) {
            return None;
        }
        let origin = Some((0, 0));
        let Some(areas) = self.areas_at(width, height) else {
            return origin;
        };
        let top_left = |r: Rect| Some((r.x, r.y));
        let at = match self.mode {
            Mode::Help => top_left(inset(crate::explorer::app::layout::help_area(areas.body))),
            Mode::Search => {
                let s = &self.search;
                let body = areas.results_body();
                match s.selected.and_then(|i| row_in(body, i, s.offset)) {
                    Some(y) => Some((body.x, y)),
                    None => {
                        let inner = inset(areas.search_input);
                        let typed =
                            width_of(&super::search_view::query_tail(&s.query, inner.width));
                        Some((inner.x + 2 + typed, inner.y))
                    }
                }
            }
            Mode::Disputed => {
                let inner = inset(areas.body);
                let d = self.disputed;
                let above: usize = (d.offset..d.selected)
                    .map(|i| crate::explorer::app::layout::disputed_item_lines(self, i))
                    .sum();
                let y = inner.y as usize + above;
                (y < (inner.y + inner.height) as usize).then_some((inner.x, y as u16))
            }
            Mode::Compare => top_left(inset(areas.body)),
            Mode::Detail => areas.detail.map(inset).and_then(top_left),
            Mode::Browse | Mode::Filter => {
                let pane = self.pane(self.tab);
                let body = areas.list_body();
                match pane.selected.and_then(|i| row_in(body, i, pane.offset)) {
                    Some(y) => Some((body.x, y)),
                    None if self.mode == Mode::Filter => {
                        // The filter box on the list's bottom line, ` filter: TEXT `.
                        let list = areas.list;
                        let end = list.x as usize
                            + 1
                            + "filter: ".len()
                            + width_of(&pane.filter) as usize;
                        let last = (list.x + list.width).saturating_sub(1) as usize;
                        Some((end.min(last) as u16, list.y + list.height.saturating_sub(1)))
                    }
                    None => top_left(body),
                }
            }
        };
        // Somewhere on screen whatever happens: a hidden cursor is what the mode avoids.
        at.filter(|&(x, y)| x < width && y < height).or(origin)
    }
}

/// The screen row of row `i` of a list drawn in `body` from row `offset`, if on screen.
fn row_in(body: Rect, i: usize, offset: usize) -> Option<u16> {
    let n = i.checked_sub(offset)?;
    (n < body.height as usize).then(|| body.y + n as u16)
}

fn width_of(s: &str) -> u16 {
    u16::try_from(cells(s)).unwrap_or(u16::MAX)
}
