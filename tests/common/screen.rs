//! Driving the explorer by keys with no terminal and reading what a person would see:
//! the app drawn into a buffer at the sizes the README promises, as text rows.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::keymap::action_for;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// Bytes written through a terminal backend, kept for reading back (with vt100).
#[derive(Clone, Default)]
pub struct Captured(pub Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The sizes the README promises.
pub const SIZES: [(u16, u16); 5] = [(200, 50), (120, 40), (100, 30), (80, 24), (40, 12)];

/// The shipped knowledge base, loaded once.
pub fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

pub fn app(size: (u16, u16)) -> App {
    App::new(data(), Options::default(), size)
}

/// Types `keys` (`\n` is Enter, `\x1b` Esc).
pub fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        press_code(app, code, KeyModifiers::NONE);
    }
}

pub fn press_code(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(a) = action_for(KeyEvent::new(code, mods), app.mode) {
        app.update(a);
    }
}

/// The screen as text rows (a wide character once, not followed by its hidden cell).
pub fn screen(app: &App) -> Vec<String> {
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
                skip = qwen_tui::explorer::ui::text::width(s).saturating_sub(1);
                row.push_str(s);
            }
            row
        })
        .collect()
}

/// The text of a screen row from cell `x`, `w` cells wide.
pub fn cells(row: &str, x: usize, w: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for ch in row.chars() {
        let cw = qwen_tui::explorer::ui::text::width(&ch.to_string()).max(1);
        if at >= x && at + cw <= x + w {
            out.push(ch);
        }
        at += cw;
    }
    out
}
