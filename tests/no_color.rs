//! `NO_COLOR`: the monochrome theme must still show the selection (REVERSED) and the search
//! highlights (underline) on a real terminal.
//!
//! Regression: with crossterm 0.29 and `NO_COLOR` set, every colour change — even a reset
//! to the default colour — is written as `ESC [ m`, a full attribute reset, which cancels
//! REVERSED. This test draws through the real crossterm backend into bytes, under
//! `NO_COLOR`, and reads them back with a terminal emulator (vt100).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::screen::Captured;

use std::sync::Arc;

use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::theme::Theme;
use qwen_tui::explorer::theme::ThemeName;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const W: u16 = 100;
const H: u16 = 30;

/// The screen a terminal shows after the app is drawn through crossterm.
fn screen(app: &App) -> vt100::Parser {
    let captured = Captured::default();
    let backend = CrosstermBackend::new(captured.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
        },
    )
    .unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let rows = std::num::NonZeroU16::new(H).unwrap();
    let cols = std::num::NonZeroU16::new(W).unwrap();
    let mut parser = vt100::Parser::new(rows, cols, 0);
    parser.process(&captured.0.lock().unwrap());
    parser
}

fn selected_row(app: &App) -> u16 {
    let p = app.pane(app.tab);
    (4 + p.selected.unwrap() - p.offset) as u16
}

#[test]
fn the_monochrome_theme_uses_no_colour_at_all() {
    for style in Theme::MONO.all() {
        assert_eq!(style.fg, None, "{style:?}");
        assert_eq!(style.bg, None, "{style:?}");
        assert!(!style.add_modifier.is_empty() || style == ratatui::style::Style::new());
    }
}

#[test]
fn under_no_color_the_selection_and_highlights_survive() {
    crossterm::style::Colored::set_ansi_color_disabled(true);
    let data = Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap()));

    let mono = App::new(
        data.clone(),
        Options {
            theme: ThemeName::Monochrome,
            mouse: false,
            ..Default::default()
        },
        (W, H),
    );
    let parser = screen(&mono);
    let y = selected_row(&mono);
    let cell = parser.screen().cell(y, 10).unwrap();
    assert!(
        cell.inverse(),
        "the selected row is reversed: {:?}",
        parser.screen().contents_between(y, 0, y, W)
    );
    let next = parser.screen().cell(y + 1, 10).unwrap();
    assert!(!next.inverse(), "only the selected row");

    // Search highlights are underlined.
    let mut searching = App::new(
        data.clone(),
        Options {
            theme: ThemeName::Monochrome,
            mouse: false,
            ..Default::default()
        },
        (W, H),
    );
    searching.update(Action::OpenSearch);
    for c in "qwen".chars() {
        searching.update(Action::Input(c));
    }
    let parser = screen(&searching);
    let underlined = (0..H)
        .flat_map(|y| (0..W).map(move |x| (y, x)))
        .filter(|&(y, x)| parser.screen().cell(y, x).is_some_and(|c| c.underline()))
        .count();
    assert!(underlined >= 4, "matched characters are underlined");

    // The hazard is real: the colour theme, drawn under NO_COLOR, loses its selection.
    let colour = App::new(
        data,
        Options {
            theme: ThemeName::Dark,
            mouse: false,
            ..Default::default()
        },
        (W, H),
    );
    let parser = screen(&colour);
    let y = selected_row(&colour);
    let shows = parser.screen().cell(y, 10).unwrap().inverse();
    assert!(
        !shows,
        "the colour theme relies on colours, which NO_COLOR strips"
    );
}
