//! Drawing the explorer from `&App` — state is only read here. Only what is on screen is
//! built: a frame costs the same with 100 entries as with 100,000.

pub mod chart;
mod chrome;
pub mod detail;
mod help;
pub mod layout;
mod list;
mod search_view;
pub mod text;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::app::App;
use crate::keymap::Mode;
use theme::Theme;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::for_options(self.options.monochrome);
        // The layout is computed for the whole terminal; draw into what we were given.
        let Some(areas) = self.areas_at(area.width, area.height) else {
            too_small(area, buf);
            return;
        };
        chrome::header(self, areas.header, buf, &theme);
        chrome::tab_bar(self, areas.tabs, buf, &theme);
        if self.mode == Mode::Search {
            search_view::render(self, &areas, buf, &theme);
        } else {
            if let Some(c) = areas.chart {
                chart::render(self, c, buf, &theme);
            }
            if areas.list.height > 0 {
                list::render(self, areas.list, buf, &theme);
            }
            if let Some(d) = areas.detail {
                let focused = self.mode == Mode::Detail;
                let scroll = self.pane(self.tab).detail_scroll;
                detail::render(self, self.selected_entry(), d, buf, &theme, focused, scroll);
            }
        }
        chrome::footer(self, areas.footer, buf, &theme);
        if self.mode == Mode::Help {
            help::render(self, areas.body, buf, &theme);
        }
    }
}

/// The note shown instead of the layout below the minimum size.
fn too_small(area: Rect, buf: &mut Buffer) {
    let lines = [
        "Terminal too small".to_string(),
        format!("need {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT),
        format!("have {}×{}", area.width, area.height),
    ];
    for (i, l) in lines.iter().enumerate() {
        if i as u16 >= area.height {
            break;
        }
        let text = text::fit(l, area.width as usize);
        Line::from(text).render(
            Rect {
                y: area.y + i as u16,
                height: 1,
                ..area
            },
            buf,
        );
    }
}
