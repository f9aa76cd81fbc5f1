//! What every benchmark starts from: synthetic knowledge bases of a given size, built
//! once per process.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use qwen_tui::explorer::app::{App, Loaded, Options};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The four query shapes of issue 5: one character, short fuzzy, two terms, rare.
pub const SHAPES: &[&str] = &["e", "qwn3", "cloud rev", "zhipuqwen3", "alibba cloud cto"];

/// The same generator and seed as `cargo run --release --example synth -- N`.
pub fn yaml(entries: usize) -> String {
    qwen_tui::kb::synth::knowledge_base(entries, 1)
}

pub fn loaded(entries: usize) -> Arc<Loaded> {
    let kb = qwen_tui::kb::load::load_str(&yaml(entries), "synth.yaml").unwrap();
    Arc::new(Loaded::new(kb))
}

/// The explorer at 120×40, searching inline (as the terminal loop does below a frame).
pub fn app(data: &Arc<Loaded>) -> App {
    App::new(Arc::clone(data), Options::default(), (120, 40))
}

/// Draws a frame the way the terminal loop does, into a fresh buffer.
pub fn frame(app: &App) -> Buffer {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buf
}

/// The prefixes a person types on the way to `query`: `c`, `cl`, … `cloud rev`.
pub fn prefixes(query: &str) -> Vec<&str> {
    query
        .char_indices()
        .map(|(i, c)| &query[..i + c.len_utf8()])
        .collect()
}
