//! What a person sees at each supported size, driven by keys with no terminal: what is
//! typed is never hidden, and the value that answers is never cut.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::app::{App, Loaded, Options};
use qwen_tui::keymap::action_for;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The sizes the README promises.
const SIZES: [(u16, u16); 5] = [(200, 50), (120, 40), (100, 30), (80, 24), (40, 12)];

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn app(size: (u16, u16)) -> App {
    App::new(data(), Options::default(), size)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        if let Some(a) = action_for(KeyEvent::new(code, KeyModifiers::NONE), app.mode) {
            app.update(a);
        }
    }
}

fn screen(app: &App) -> Vec<String> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in 0..area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                skip = qwen_tui::ui::text::width(s).saturating_sub(1);
                row.push_str(s);
            }
            row
        })
        .collect()
}

#[test]
fn the_filter_box_wins_over_the_size_legend() {
    for size in SIZES {
        let mut a = app(size);
        press(&mut a, "3fqwen3");
        let rows = screen(&a);
        let bottom = rows
            .iter()
            .find(|r| r.contains("filter:"))
            .unwrap_or_else(|| panic!("{size:?}: no filter box\n{}", rows.join("\n")));
        assert!(bottom.contains("filter: qwen3▏"), "{size:?}: {bottom}");
        // Where both fit they stand apart; the legend never covers what is typed.
        if let (Some(f), Some(l)) = (bottom.find("qwen3▏"), bottom.find("█ active")) {
            assert!(l > f, "{size:?}: {bottom}");
        }
    }
}

#[test]
fn the_wheel_scrolls_what_is_under_the_pointer() {
    use qwen_tui::action::Action;
    let mut a = app((120, 24));
    // An entry whose detail is taller than its pane.
    press(&mut a, "1");
    for _ in 0..60 {
        if qwen_tui::ui::detail::max_scroll(&a) > 0 {
            break;
        }
        press(&mut a, "j");
    }
    let areas = a.areas().unwrap();
    let detail = areas.detail.expect("a detail beside the list at 120×24");
    let list = areas.list;
    let before = a.pane(a.tab).selected;
    let max = qwen_tui::ui::detail::max_scroll(&a);
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
