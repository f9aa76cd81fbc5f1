//! Bytes → load → index → search → draw at a fuzzed size (in a test buffer, and through
//! the explorer's own backend into a sink). Must never panic, hang or put a
//! control character on screen. Run: see the README's "Fuzzing" section.

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fuzz_target!(|data: &[u8]| {
    // The first three bytes choose the size and a query length; the rest is the file.
    let (head, file) = data.split_at(data.len().min(3));
    let w = head.first().map_or(80, |&b| u16::from(b) % 200 + 1);
    let h = head.get(1).map_or(24, |&b| u16::from(b) % 60 + 1);
    let qlen = head.get(2).map_or(0, |&b| usize::from(b) % 8);
    let Ok(kb) = qwen_tui::kb::load_bytes(file, "fuzz.yaml") else {
        return;
    };
    let query: String = String::from_utf8_lossy(&file[..qlen.min(file.len())]).into_owned();
    let data = Arc::new(Loaded::new(kb));
    let mut app = App::new(data, Options::default(), (w, h)).with_query(&query);
    let Ok(mut terminal) = Terminal::new(TestBackend::new(w, h));
    // The backend the explorer draws through, frame after frame, into a sink.
    let Ok(mut real) = Terminal::with_options(
        qwen_tui::explorer::ui::backend::fixed_size_backend(std::io::sink(), w, h),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
        },
    ) else {
        return;
    };
    for action in [
        Action::Confirm,
        Action::Down,
        Action::NextTab,
        Action::Confirm,
        Action::ToggleHelp,
    ] {
        app.update(action);
        if terminal.draw(|f| f.render_widget(&app, f.area())).is_err()
            || real.draw(|f| f.render_widget(&app, f.area())).is_err()
        {
            return;
        }
        for cell in terminal.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "control on screen"
            );
        }
    }
});
