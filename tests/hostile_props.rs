//! Property: whatever bytes a knowledge-base file holds, loading never panics; and when it
//! loads, indexing, searching and drawing it never panic and never put a control character
//! on screen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use proptest::prelude::*;
use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::kb::load_bytes;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

/// Loads, and if that works, searches and draws; checks the screen holds no controls.
fn exercise(bytes: &[u8], query: &str, w: u16, h: u16) -> Result<(), TestCaseError> {
    let Ok(kb) = load_bytes(bytes, "prop.yaml") else {
        return Ok(());
    };
    let data = Arc::new(Loaded::new(kb));
    let _ = data.index().search(query, None);
    let mut app = App::new(data, Options::default(), (w, h)).with_query(query);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    for action in [
        Action::Down,
        Action::Confirm,
        Action::Back,
        Action::NextTab,
        Action::Confirm,
    ] {
        app.update(action);
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        for cell in terminal.backend().buffer().content() {
            prop_assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "a control character reached the screen: {:?}",
                cell.symbol()
            );
        }
    }
    Ok(())
}

/// Text made of YAML's building blocks, so the parser gets past the first line.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("meta:\n".to_string()),
        Just("sources:\n".to_string()),
        Just("timeline:\n".to_string()),
        Just("overview:\n".to_string()),
        Just("  - id: a\n".to_string()),
        Just("    title: ".to_string()),
        Just("    sources: [doc]\n".to_string()),
        Just("    date: 2025-04\n".to_string()),
        Just("  title: T\n  subject: S\n  as_of: 2026\n".to_string()),
        Just("&x ".to_string()),
        Just("*x ".to_string()),
        Just("<<: *x\n".to_string()),
        Just("\"\\e]52;c;aGk=\\a\" ".to_string()),
        Just("\"\\u202e\\u200b\" ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("|\n".to_string()),
        Just("---\n".to_string()),
        "[a-z0-9通义]{1,6}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600), query in "\\PC{0,6}") {
        exercise(&bytes, &query, 80, 24)?;
    }

    #[test]
    fn yaml_like_text(text in yamlish(), query in "[a-z ]{0,6}", w in 1u16..140, h in 1u16..50) {
        exercise(text.as_bytes(), &query, w, h)?;
    }

    #[test]
    fn a_valid_file_with_bytes_changed(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        query in "[a-z ]{0,6}",
    ) {
        let mut bytes = MINIMAL.as_bytes().to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        exercise(&bytes, &query, 100, 30)?;
    }

    #[test]
    fn a_valid_file_with_hostile_text_inserted(
        text in prop_oneof![
            Just("\u{1b}[2J".to_string()),
            Just("\u{1b}]0;title\u{7}".to_string()),
            Just("\u{9b}31m".to_string()),
            Just("\u{202e}\u{2066}\u{200b}\u{e0041}".to_string()),
            Just("\u{0}".to_string()),
            "\\PC{1,10}",
        ],
    ) {
        // Inside a double-quoted value, escapes become the characters themselves.
        let escaped: String = text.chars().map(|c| format!("\\U{:08x}", c as u32)).collect();
        let yaml = MINIMAL.replace("value: Springfield", &format!("value: \"Spring{escaped}field\""));
        exercise(yaml.as_bytes(), "spring", 100, 30)?;
        let kb = load_bytes(yaml.as_bytes(), "prop.yaml").unwrap();
        let text = qwen_tui::output::plain::entry_text(&kb, kb.entry("hq").unwrap());
        prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    }
}
