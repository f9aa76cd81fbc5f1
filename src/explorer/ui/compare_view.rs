//! The compare view (`c`): the marked entries side by side (`page::compare`), each entry's
//! sources at the bottom of its column. The titles stay at the top while the rows scroll.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::text::{draw_scrolled, fit, pad, titled_box};
use crate::explorer::app::App;
use crate::explorer::app::layout::inset;
use crate::explorer::page::compare::{GAP, lines};
use crate::explorer::theme::Theme;

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let kb = app.kb();
    let entries = app.compared();
    let title = format!(
        " Compare · {} {} · ≠ and bold where they differ ",
        entries.len(),
        app.tab.name()
    );
    Clear.render(body, buf);
    super::framed(
        app,
        titled_box(&title, body.width, theme.border_focus, theme),
    )
    .render(body, buf);
    let inner = inset(body);
    if inner.width < 12 || inner.height < 2 {
        return;
    }
    let (w, lines) = lines(kb, entries, inner.width as usize, super::plain(app), theme);
    let mut titles = vec![Span::raw(" ".repeat(w.label + 2))];
    for &e in entries {
        titles.push(Span::raw(" ".repeat(GAP)));
        let t = kb.entries.get(e).map_or("", |e| e.title.as_str());
        titles.push(Span::styled(
            pad(&fit(t, w.column), w.column),
            theme.column_title,
        ));
    }
    Line::from(titles).render(Rect { height: 1, ..inner }, buf);
    let rows = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    draw_scrolled(lines, app.compare_scroll as usize, rows, buf);
}
