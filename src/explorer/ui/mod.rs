//! Drawing the explorer from `&App` — state is only read here. Only what is on screen is
//! built: a frame costs the same with 100 entries as with 100,000.

pub mod backend;
pub mod chart;
mod chrome;
pub mod compare_view;
pub mod cursor;
pub mod detail;
pub mod disputed_view;
pub mod help;
pub mod hit_line;
pub mod list;
mod search_view;
pub mod table;
pub mod text;

use crate::explorer::app::layout;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::explorer::app::App;
use crate::explorer::keymap::Mode;
use crate::explorer::theme::Theme;

/// One frame of the explorer into `f`: the app, and — for a screen reader
/// ([`crate::explorer::app::Options::screen_reader`]) — the terminal's cursor where the selection is
/// ([`App::cursor_at`]). Without a cursor position ratatui hides the cursor.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    f.render_widget(app, area);
    if let Some(at) = app.cursor_at(area.width, area.height) {
        f.set_cursor_position(at);
    }
}

/// Whether the app draws for a screen reader or a plain terminal: no box lines, charts or
/// block glyphs, every mark a word.
pub(crate) fn plain(app: &App) -> bool {
    app.options.screen_reader
}

/// `block` as the mode draws panes: bordered, or (for a screen reader) with no box lines —
/// its titles on the rows the borders would take, the panes apart by those blank cells.
pub(crate) fn framed<'a>(app: &App, block: Block<'a>) -> Block<'a> {
    if plain(app) {
        block.borders(Borders::NONE)
    } else {
        block
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::named(self.options.theme);
        // The layout is computed for the whole terminal; draw into what we were given.
        let Some(areas) = self.areas_at(area.width, area.height) else {
            too_small(area, buf);
            return;
        };
        chrome::header(self, areas.header, buf, &theme);
        chrome::tab_bar(self, areas.tabs, buf, &theme);
        if self.mode == Mode::Search {
            search_view::render(self, &areas, buf, &theme);
        } else if self.mode == Mode::Disputed
            || (self.mode == Mode::Help && self.help_return == Mode::Disputed)
        {
            disputed_view::render(self, areas.body, buf, &theme);
        } else if self.mode == Mode::Compare
            || (self.mode == Mode::Help && self.help_return == Mode::Compare)
        {
            compare_view::render(self, areas.body, buf, &theme);
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

/// The two cells before an entry in a list, from the left: `!` when it is disputed, `+`
/// when it is marked for comparing (Space), `~` when it is older than the stale horizon
/// — the first two that apply (`!~`, `+~`, `~ `…; all three show `!+`, and the detail
/// still says it is stale). For a screen reader ([`plain`]) the row starts with `> ` when
/// `selected` (reverse video is not read), and the marks are words in a column of
/// [`MARK_WORDS`] cells: `disputed stale`, `marked`…; [`mark_width`] cells in all.
fn marks(app: &App, entry: usize, selected: bool, theme: &Theme) -> Vec<Span<'static>> {
    let e = &app.kb().entries[entry];
    let sr = plain(app);
    let on = [
        (e.disputed, "!", "disputed", theme.disputed),
        (
            app.pane(app.tab).marks.contains(&entry),
            "+",
            "marked",
            theme.key,
        ),
        (app.is_stale(e), "~", "stale", theme.stale),
    ]
    .into_iter()
    .filter(|(on, ..)| *on)
    .take(2);
    if sr {
        let mut spans = vec![Span::raw(if selected { "> " } else { "  " })];
        if inline_marks(app) {
            // Narrow: the words follow the row's name instead (`inline_mark_words`).
            return spans;
        }
        let mut used = 0;
        for (_, _, word, style) in on {
            if used > 0 {
                spans.push(Span::raw(" "));
                used += 1;
            }
            spans.push(Span::styled(word, style));
            used += word.len();
        }
        spans.push(Span::raw(" ".repeat(MARK_WORDS.saturating_sub(used))));
        return spans;
    }
    let mut spans: Vec<Span<'static>> = on
        .map(|(_, mark, _, style)| Span::styled(mark, style))
        .collect();
    while spans.len() < 2 {
        spans.push(Span::raw(" "));
    }
    spans
}

/// The cells of the marks' words for a screen reader: the widest two that can go together
/// (`disputed marked`) and a space.
pub const MARK_WORDS: usize = "disputed marked ".len();

/// The cells before a row's first column: [`list::MARK`], or for a screen reader the `> `
/// of the selection and the marks' words.
pub fn mark_width(app: &App) -> usize {
    match (plain(app), inline_marks(app)) {
        (true, false) => 2 + MARK_WORDS,
        _ => list::MARK,
    }
}

/// Below this many columns a screen reader's mark words follow the row's name rather than
/// taking a column of their own: the column would leave no room for the name.
const INLINE_MARKS_BELOW: u16 = 64;

fn inline_marks(app: &App) -> bool {
    plain(app) && app.size.0 < INLINE_MARKS_BELOW
}

/// For a screen reader on a narrow terminal, the words of the entry's marks to follow its
/// name (` (disputed, stale)`); empty otherwise or when none applies.
pub fn inline_mark_words(app: &App, entry: usize) -> String {
    if !inline_marks(app) {
        return String::new();
    }
    let e = &app.kb().entries[entry];
    let words: Vec<&str> = [
        (e.disputed, "disputed"),
        (app.pane(app.tab).marks.contains(&entry), "marked"),
        (app.is_stale(e), "stale"),
    ]
    .into_iter()
    .filter_map(|(on, w)| on.then_some(w))
    .collect();
    if words.is_empty() {
        String::new()
    } else {
        format!(" ({})", words.join(", "))
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

/// `spans` for a row drawn in `row` (the selection's colours): their own colours are
/// dropped, so every character is the selection's foreground on its background — a colour
/// chosen for the plain background (grey, yellow, magenta) can be unreadable on the
/// selection's — and they keep their bold and underline, which still mark what matched.
pub fn on_selection(spans: Vec<Span<'static>>, row: ratatui::style::Style) -> Line<'static> {
    let spans: Vec<Span<'static>> = spans
        .into_iter()
        .map(|mut s| {
            s.style.fg = None;
            s.style.bg = None;
            s
        })
        .collect();
    Line::from(spans).style(row)
}
