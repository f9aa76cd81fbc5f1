//! How far each view that scrolls can scroll at the current size: its lines (`page`)
//! counted at the width the drawing gives them, less the rows that show. The styles do not
//! change the count, so they are counted in the monochrome theme.

use super::App;
use super::layout::{help_area, inset};
use crate::explorer::page;
use crate::explorer::theme::Theme;

/// How far the selected entry's detail can scroll (0 when it fits or is not shown).
pub fn detail_max_scroll(app: &App) -> u16 {
    let (Some(areas), Some(e)) = (app.areas(), app.selected_entry()) else {
        return 0;
    };
    let Some(d) = areas.detail else {
        return 0;
    };
    let inner = inset(d);
    let n = page::detail::lines(
        app.kb(),
        e,
        inner.width as usize,
        &Theme::MONO,
        app.options.stale_horizon,
        app.options.screen_reader,
    )
    .len();
    n.saturating_sub(inner.height as usize) as u16
}

/// How far the help can scroll (0 when it fits).
pub fn help_max_scroll(app: &App) -> u16 {
    let Some(areas) = app.areas() else { return 0 };
    let inner = inset(help_area(areas.body));
    let n = page::help::lines(
        inner.width as usize,
        app.options.screen_reader,
        &Theme::MONO,
    )
    .len();
    n.saturating_sub(inner.height as usize) as u16
}

/// How far the compare view's rows can scroll (one line of its inside holds the titles).
pub fn compare_max_scroll(app: &App) -> u16 {
    let Some(a) = app.areas() else { return 0 };
    let inner = inset(a.body);
    let (_, lines) = page::compare::lines(
        app.kb(),
        app.compared(),
        inner.width as usize,
        app.options.screen_reader,
        &Theme::MONO,
    );
    lines
        .len()
        .saturating_sub(inner.height.saturating_sub(1) as usize) as u16
}
