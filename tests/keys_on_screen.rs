//! Keys that do what a person expects, read off the screen with no terminal: the wheel,
//! the detail's end, the help, `q`, `Space`, `/`, the footer's hints and the selection's
//! colours.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::screen::{SIZES, app, cells, data, press, press_code, screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::explorer::app::{App, Options};
use qwen_tui::explorer::keymap::action_for;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

#[test]
fn the_wheel_scrolls_what_is_under_the_pointer() {
    use qwen_tui::explorer::action::Action;
    let mut a = app((120, 24));
    // An entry whose detail is taller than its pane.
    press(&mut a, "1");
    for _ in 0..60 {
        if qwen_tui::explorer::app::extent::detail_max_scroll(&a) > 0 {
            break;
        }
        press(&mut a, "j");
    }
    let areas = a.areas().unwrap();
    let detail = areas.detail.expect("a detail beside the list at 120×24");
    let list = areas.list;
    let before = a.pane(a.tab).selected;
    let max = qwen_tui::explorer::app::extent::detail_max_scroll(&a);
    assert!(max > 0, "the test needs a detail that scrolls");
    // Over the detail: the detail scrolls, the list's selection stays.
    a.update(Action::Wheel {
        x: detail.x + 3,
        y: detail.y + 3,
        down: true,
    });
    assert_eq!(a.pane(a.tab).selected, before);
    assert!(a.pane(a.tab).detail_scroll > 0, "the detail did not scroll");
    // Over the list: the selection moves, even while the detail has the focus.
    press(&mut a, "\n");
    a.update(Action::Wheel {
        x: list.x + 5,
        y: list.y + 5,
        down: true,
    });
    assert_ne!(a.pane(a.tab).selected, before, "the list did not move");
}

/// Scrolled to its end, the detail shows its last lines, down to the bottom row, and says
/// where it is (`35/35`) on its border.
#[test]
fn the_detail_scrolled_to_its_end_shows_its_last_lines() {
    use qwen_tui::explorer::theme::Theme;
    let mut a = app((120, 24));
    press(&mut a, "1");
    for _ in 0..60 {
        if qwen_tui::explorer::app::extent::detail_max_scroll(&a) > 2 {
            break;
        }
        press(&mut a, "j");
    }
    let max = qwen_tui::explorer::app::extent::detail_max_scroll(&a);
    assert!(max > 2, "the test needs a detail that scrolls");
    press(&mut a, "\n");
    for _ in 0..max + 5 {
        press(&mut a, "j");
    }
    assert_eq!(a.pane(a.tab).detail_scroll, max, "j stops at the end");
    let d = a.areas().unwrap().detail.unwrap();
    let (x, w, h) = (
        usize::from(d.x) + 1,
        usize::from(d.width) - 2,
        usize::from(d.height) - 2,
    );
    let all: Vec<String> = qwen_tui::explorer::page::detail::lines(
        a.kb(),
        a.selected_entry().unwrap(),
        w,
        &Theme::MONO,
        a.options.stale_horizon,
        false,
    )
    .iter()
    .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
    .collect();
    let rows = screen(&a);
    let shown: Vec<String> = rows[usize::from(d.y) + 1..][..h]
        .iter()
        .map(|r| cells(r, x, w).trim_end().to_string())
        .collect();
    let last: Vec<String> = all[all.len() - h..]
        .iter()
        .map(|l| l.trim_end().to_string())
        .collect();
    assert_eq!(shown, last);
    let border = &rows[usize::from(d.y + d.height) - 1];
    let n = all.len();
    assert!(border.contains(&format!(" {n}/{n} ")), "{border}");
}

#[test]
fn the_help_is_wrapped_not_cut_and_every_list_key_moves_it() {
    use qwen_tui::explorer::keymap::Mode;
    for size in SIZES {
        let mut a = app(size);
        press(&mut a, "?");
        assert_eq!(a.mode, Mode::Help);
        // Page through it all; the text of every screen, words joined.
        let mut seen = String::new();
        let mut last = None;
        // The help's box: centred in the body, at most 78 cells wide.
        let body = a.areas().unwrap().body;
        let w = body.width.min(78);
        let x = usize::from(body.x + (body.width - w) / 2);
        for _ in 0..200 {
            let rows: Vec<String> = screen(&a)
                .iter()
                .skip(usize::from(body.y))
                .take(usize::from(body.height))
                .map(|r| cells(r, x, usize::from(w)))
                .collect();
            for r in &rows {
                assert!(!r.contains('…'), "{size:?}: the help is cut: {r}");
            }
            seen.push_str(&rows.join(" "));
            seen.push(' ');
            if last == Some(a.help_scroll) {
                break;
            }
            last = Some(a.help_scroll);
            press_code(&mut a, KeyCode::PageDown, KeyModifiers::NONE);
        }
        let words = |t: &str| {
            t.split(|c: char| c.is_whitespace() || c == '│')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let seen = words(&seen);
        for (_, what) in qwen_tui::explorer::page::help::help_lines() {
            // Every word of every description is on some screen (wrapped lines split it).
            for w in what.split_whitespace() {
                assert!(seen.contains(w), "{size:?}: `{w}` of `{what}` never shown");
            }
        }
        // g/G, Home/End, Ctrl-d/u and PageUp move the help as they move a list.
        let max = qwen_tui::explorer::app::extent::help_max_scroll(&a);
        press(&mut a, "g");
        assert_eq!(a.help_scroll, 0);
        press(&mut a, "G");
        assert_eq!(a.help_scroll, max, "{size:?}");
        press_code(&mut a, KeyCode::Home, KeyModifiers::NONE);
        assert_eq!(a.help_scroll, 0);
        if max > 2 {
            press_code(&mut a, KeyCode::Char('d'), KeyModifiers::CONTROL);
            assert!(a.help_scroll > 0, "{size:?}: Ctrl-d");
            press_code(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
            assert_eq!(a.help_scroll, 0, "{size:?}: Ctrl-u");
            press_code(&mut a, KeyCode::End, KeyModifiers::NONE);
            press_code(&mut a, KeyCode::PageUp, KeyModifiers::NONE);
            assert!(a.help_scroll < max, "{size:?}: PageUp");
        }
    }
}

#[test]
fn q_closes_what_is_open_and_quits_only_from_the_lists() {
    use qwen_tui::explorer::keymap::Mode;
    let mut a = app((120, 40));
    press(&mut a, "\n");
    assert_eq!(a.mode, Mode::Detail);
    let quit = action_for(
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        a.mode,
    );
    assert_ne!(
        quit,
        Some(qwen_tui::explorer::action::Action::Quit),
        "q in the detail quits"
    );
    press(&mut a, "q");
    assert_eq!(a.mode, Mode::Browse, "q closes the detail");
    for open in ["?", "D"] {
        press(&mut a, open);
        assert_ne!(a.mode, Mode::Browse);
        press(&mut a, "q");
        assert_eq!(a.mode, Mode::Browse, "q closes `{open}`");
    }
    assert_eq!(
        action_for(
            KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
            Mode::Browse
        ),
        Some(qwen_tui::explorer::action::Action::Quit)
    );
}

#[test]
fn space_marks_and_steps_in_the_list_and_stays_in_the_detail() {
    use qwen_tui::explorer::keymap::Mode;
    let mut a = app((120, 40));
    press(&mut a, "3");
    let first = a.pane(a.tab).selected;
    press(&mut a, " ");
    assert_eq!(a.compared().len(), 1);
    assert_ne!(
        a.pane(a.tab).selected,
        first,
        "Space steps down in the list"
    );
    press(&mut a, "\n");
    assert_eq!(a.mode, Mode::Detail);
    let shown = a.pane(a.tab).selected;
    press(&mut a, " ");
    assert_eq!(a.compared().len(), 2);
    assert_eq!(a.pane(a.tab).selected, shown, "Space stays in the detail");
}

#[test]
fn slash_brings_the_last_query_back_selected_and_typing_replaces_it() {
    use qwen_tui::explorer::keymap::Mode;
    let mut a = app((120, 40));
    press(&mut a, "/cloud rev\n");
    assert_eq!(a.mode, Mode::Browse);
    press(&mut a, "/");
    assert_eq!(a.search.query, "cloud rev");
    assert!(a.search.query_selected);
    // Shown selected (reversed or coloured like the selection), and the help says so.
    press(&mut a, "qwen");
    assert_eq!(a.search.query, "qwen", "typing replaces the selected query");
    press(&mut a, "\n/");
    press_code(&mut a, KeyCode::End, KeyModifiers::NONE);
    press(&mut a, "3");
    assert_eq!(a.search.query, "qwen3", "End keeps it");
    press(&mut a, "\n/");
    press_code(&mut a, KeyCode::Right, KeyModifiers::NONE);
    press(&mut a, " max");
    assert_eq!(a.search.query, "qwen3 max", "→ keeps it");
    press(&mut a, "\n/");
    press_code(&mut a, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(a.search.query, "", "Backspace clears the selection");
    // A paste replaces it too.
    press(&mut a, "dingtalk\n/");
    a.paste("alibaba cloud");
    assert_eq!(a.search.query, "alibaba cloud");
}

#[test]
fn help_and_quit_are_the_last_hints_to_go() {
    for width in [200, 120, 80, 60, 40, 30] {
        let a = app((width, 24));
        let rows = screen(&a);
        let footer = rows.last().unwrap();
        assert!(footer.contains("? help"), "{width}: {footer}");
        assert!(footer.contains("q quit"), "{width}: {footer}");
    }
    let mut a = app((60, 24));
    press(&mut a, "\n");
    let footer = screen(&a).last().unwrap().clone();
    assert!(
        footer.contains("? help") && footer.contains("q close"),
        "{footer}"
    );
}

#[test]
fn the_selected_row_is_drawn_in_the_selections_colours_only() {
    use qwen_tui::explorer::theme::Theme;
    use qwen_tui::explorer::theme::ThemeName;
    for name in [ThemeName::Dark, ThemeName::Light] {
        let theme = Theme::named(name);
        let options = Options {
            theme: name,
            ..Options::default()
        };
        // A search whose selected hit has highlighted words and dim labels; then a list.
        for keys in ["/cloud revenue", "3"] {
            let mut a = App::new(data(), options, (120, 40));
            press(&mut a, keys);
            let area = Rect::new(0, 0, 120, 40);
            let mut buf = Buffer::empty(area);
            a.render(area, &mut buf);
            let selected_rows: Vec<u16> = (0..40)
                .filter(|&y| {
                    (0..120)
                        .filter(|&x| buf[(x, y)].bg == theme.selected.bg.unwrap())
                        .count()
                        > 20
                })
                .collect();
            assert!(
                !selected_rows.is_empty(),
                "{name:?} `{keys}`: no selected row"
            );
            for y in selected_rows {
                for x in 0..120 {
                    let c = &buf[(x, y)];
                    if c.bg == theme.selected.bg.unwrap() && c.symbol() != " " {
                        assert_eq!(
                            c.fg,
                            theme.selected.fg.unwrap(),
                            "{name:?} `{keys}`: `{}` at {x},{y}",
                            c.symbol()
                        );
                    }
                }
            }
        }
    }
}
