//! Property: whatever the size (1×1 to 300×100), tab, query and keys, drawing never panics
//! and the selection stays on an entry row.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use qwen_tui::explorer::action::Action;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::theme::ThemeName;
use qwen_tui::kb::Tab;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Down),
        Just(Action::Up),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::PageDown),
        Just(Action::PageUp),
        Just(Action::HalfPageDown),
        Just(Action::NextTab),
        Just(Action::PrevTab),
        (0..Tab::ALL.len()).prop_map(|i| Action::GoTab(Tab::ALL[i])),
        Just(Action::OpenSearch),
        Just(Action::OpenFilter),
        any::<char>().prop_map(Action::Input),
        Just(Action::Backspace),
        Just(Action::DeleteWord),
        Just(Action::Confirm),
        Just(Action::Back),
        Just(Action::NextHit),
        Just(Action::PrevHit),
        Just(Action::SortNext),
        Just(Action::SortReverse),
        Just(Action::ToggleHelp),
        Just(Action::Copy),
        (0u16..320, 0u16..110).prop_map(|(x, y)| Action::Click(x, y)),
        Just(Action::ScrollDown),
        Just(Action::ToggleMark),
        Just(Action::OpenCompare),
        Just(Action::OpenDisputed),
        Just(Action::ToggleChart),
        Just(Action::Older),
        Just(Action::Newer),
        Just(Action::CopyMarkdown),
        (1u16..=300, 1u16..=100).prop_map(|(w, h)| Action::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn drawing_never_panics(
        w in 1u16..=300,
        h in 1u16..=100,
        theme in prop::sample::select(ThemeName::ALL.to_vec()),
        query in "\\PC{0,12}",
        actions in prop::collection::vec(action(), 0..40),
    ) {
        let mut app = App::new(data(), Options { theme, mouse: true , ..Default::default()}, (w, h));
        if !query.is_empty() {
            app = app.with_query(&query);
        }
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        for a in actions {
            if let Action::Resize(w, h) = a {
                terminal.backend_mut().resize(w, h);
                terminal.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            }
            app.update(a);
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
            let p = app.pane(app.tab);
            if let Some(s) = p.selected {
                prop_assert!(p.rows[s].entry().is_some(), "selection on a heading");
            }
        }
    }
}
