//! Text built of several code points per glyph — emoji joined by U+200D, flags, Indic
//! conjuncts, Persian with U+200C — and invisible characters a terminal may draw with a
//! width of its own (U+00AD, U+3164). Scrolling over them must leave the screen exactly as a
//! full redraw of the same frame would: no stale glyph, no shifted row.
//!
//! The app is drawn through the real crossterm backend into bytes, frame after frame as in
//! the explorer (only changed cells are sent), and the bytes are read back by a terminal
//! emulator (vt100), whose idea of a character's width is per code point — as in tmux and most
//! terminals, and unlike ratatui's, which is per grapheme cluster. The same last frame drawn
//! on a fresh screen must read the same.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::screen::Captured;

use std::sync::Arc;

use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const W: u16 = 100;
const H: u16 = 20;

/// Texts that have damaged the screen or the text itself.
const TRICKY: &[&str] = &[
    "Lab head 👩\u{200d}🔬 since 2024",
    "Office in Singapore 🇸🇬 opened",
    "Jun🇸2025 lone indicator",
    "Hindi क्षमता and मित्र",
    "Persian می\u{200c}خواهم text",
    "Soft\u{ad}hyphen inside",
    "Hangul\u{3164}filler and \u{115f}choseong",
    "Mongolian\u{180e}separator",
    "Red heart ❤\u{fe0f} with VS16",
    "Family 👨\u{200d}👩\u{200d}👧 emoji",
    "Thumbs 👍🏽 with a skin tone",
];

fn knowledge_base() -> String {
    let mut yaml = String::from(
        "meta:\n  title: Graphemes\n  subject: Tests\n  as_of: 2026-06\n\nsources:\n  - id: s\n    title: A source\n    publisher: P\n\ntimeline:\n",
    );
    // Enough rows that the list scrolls by several screens.
    for round in 0..4 {
        for (i, text) in TRICKY.iter().enumerate() {
            yaml.push_str(&format!(
                "  - id: e{round}-{i}\n    date: {}-01\n    title: \"{text} {round}\"\n    summary: \"{text}\"\n    sources: [s]\n",
                2000 + round * 20 + i
            ));
        }
    }
    yaml
}

fn app() -> App {
    let kb = qwen_tui::kb::load_str(&knowledge_base(), "graphemes.yaml").unwrap();
    let mut app = App::new(Arc::new(Loaded::new(kb)), Options::default(), (W, H));
    app.update(Action::GoTab(qwen_tui::kb::Tab::Timeline));
    app
}

type Backend =
    qwen_tui::explorer::ui::backend::ClusterSafe<ratatui::backend::CrosstermBackend<Captured>>;

/// A terminal drawing through the backend the explorer uses.
fn terminal(out: Captured) -> Terminal<Backend> {
    Terminal::with_options(
        qwen_tui::explorer::ui::backend::fixed_size_backend(out, W, H),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
        },
    )
    .unwrap()
}

fn read_back(bytes: &[u8]) -> Vec<String> {
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(H).unwrap(),
        std::num::NonZeroU16::new(W).unwrap(),
        0,
    );
    parser.process(bytes);
    parser.screen().rows(0, W).collect()
}

#[test]
fn scrolling_over_clusters_leaves_what_a_full_redraw_shows() {
    let mut app = app();
    let incremental = Captured::default();
    let mut term = terminal(incremental.clone());
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let mut steps = 0;
    for action in std::iter::repeat_n(Action::Down, 30)
        .chain(std::iter::repeat_n(Action::PageDown, 3))
        .chain(std::iter::repeat_n(Action::Up, 17))
    {
        app.update(action);
        term.draw(|f| f.render_widget(&app, f.area())).unwrap();
        steps += 1;

        let fresh = Captured::default();
        terminal(fresh.clone())
            .draw(|f| f.render_widget(&app, f.area()))
            .unwrap();
        let seen = read_back(&incremental.0.lock().unwrap());
        let redrawn = read_back(&fresh.0.lock().unwrap());
        for (y, (a, b)) in seen.iter().zip(&redrawn).enumerate() {
            assert_eq!(
                a, b,
                "after {steps} steps, row {y} differs from a full redraw"
            );
        }
    }
}

#[test]
fn joined_glyphs_keep_their_joiners_and_invisible_fillers_go() {
    let kb = qwen_tui::kb::load_str(&knowledge_base(), "graphemes.yaml").unwrap();
    let titles: Vec<&str> = kb.entries.iter().map(|e| e.title.as_str()).collect();
    let has = |s: &str| titles.iter().any(|t| t.contains(s));
    // Emoji sequences and Persian words keep their joiners.
    assert!(has("👩\u{200d}🔬"), "{titles:?}");
    assert!(has("👨\u{200d}👩\u{200d}👧"), "{titles:?}");
    assert!(has("می\u{200c}خواهم"), "{titles:?}");
    assert!(has("❤\u{fe0f}"), "{titles:?}");
    // Invisible characters that could hide or spoof text do not survive.
    for c in ['\u{ad}', '\u{3164}', '\u{115f}', '\u{180e}'] {
        assert!(!titles.iter().any(|t| t.contains(c)), "{c:?} kept");
    }
    assert!(has("Softhyphen inside"), "{titles:?}");
}

#[test]
fn words_with_marks_and_joiners_are_found_whole() {
    let kb = qwen_tui::kb::load_str(&knowledge_base(), "graphemes.yaml").unwrap();
    let index = qwen_tui::search::SearchIndex::new(&kb);
    // A conjunct's virama does not split the word; a Persian word is found typed with its
    // zero-width non-joiner or without it.
    for query in ["क्षमता", "میخواهم", "می\u{200c}خواهم"] {
        let hits = index.search(query, None);
        let first = hits.first().map(|h| kb.entries[h.entry].title.as_str());
        let wanted = if query.starts_with('क') {
            "Hindi"
        } else {
            "Persian"
        };
        assert!(
            first.is_some_and(|t| t.starts_with(wanted)),
            "`{query}` → {first:?}"
        );
    }
}
