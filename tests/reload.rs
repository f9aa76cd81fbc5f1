//! Swapping in a reloaded knowledge base keeps the user's place; a failed reload keeps the
//! old data and says why. (The file watching itself is tested in tests/pty.rs.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use qwen_tui::explorer::action::{Action, Effect};
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::kb::{Tab, load_str};

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

fn loaded(yaml: &str) -> Arc<Loaded> {
    Arc::new(Loaded::new(load_str(yaml, "kb.yaml").unwrap()))
}

fn selected(app: &App) -> String {
    app.selected_entry().unwrap().id.clone()
}

#[test]
fn the_tab_selection_filter_and_query_survive_a_reload() {
    let mut app = App::new(loaded(MINIMAL), Options::default(), (120, 40));
    app.update(Action::Down);
    assert_eq!(selected(&app), "staff");
    app.update(Action::GoTab(Tab::Timeline));
    app.update(Action::OpenFilter);
    app.update(Action::Input('l'));
    app.update(Action::Confirm);
    let timeline_sel = selected(&app);
    app.update(Action::OpenSearch);
    for c in "spring".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Back);

    // A new quick fact before the selected one moves every index.
    let edited = MINIMAL.replace(
        "overview:\n",
        "overview:\n  - id: motto\n    label: Motto\n    value: Onward\n    sources: [report]\n",
    );
    app.replace_data(loaded(&edited));
    assert!(app.status.as_deref().unwrap().starts_with("reloaded"));
    assert_eq!(app.tab, Tab::Timeline);
    assert_eq!(selected(&app), timeline_sel);
    assert_eq!(app.pane(Tab::Timeline).filter, "l");
    assert_eq!(app.search.query, "spring");
    assert!(
        !app.search.hits.is_empty(),
        "the query is run on the new data"
    );
    app.update(Action::GoTab(Tab::Overview));
    assert_eq!(
        selected(&app),
        "staff",
        "selection follows the id, not the row"
    );
    assert!(app.kb().entry("motto").is_some());
}

#[test]
fn a_selected_entry_that_disappears_falls_back_to_the_first() {
    let mut app = App::new(loaded(MINIMAL), Options::default(), (120, 40));
    app.update(Action::Down);
    let without_staff = {
        let start = MINIMAL.find("  - id: staff").unwrap();
        let end = start
            + MINIMAL[start..]
                .find("\ntimeline:")
                .unwrap_or(MINIMAL.len() - start);
        let rest = &MINIMAL[start..end];
        let next = rest[3..].find("\n  - id:").map_or(rest.len(), |i| i + 3);
        format!("{}{}", &MINIMAL[..start], &MINIMAL[start + next..])
    };
    app.replace_data(loaded(&without_staff));
    assert!(app.kb().entry("staff").is_none());
    assert!(app.selected_entry().is_some());
}

#[test]
fn r_asks_for_a_reload_and_a_failure_keeps_the_old_data_with_the_error() {
    let mut app = App::new(loaded(MINIMAL), Options::default(), (120, 40));
    assert_eq!(app.update(Action::Reload), Some(Effect::Reload));
    let before = app.kb().entries.len();
    app.reload_failed("kb.yaml:2:3: error: unknown key `titel`".into());
    assert_eq!(app.kb().entries.len(), before);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let shown = format!("{}", t.backend());
    assert!(
        shown.contains("reload failed, showing the last good data: kb.yaml:2:3"),
        "{shown}"
    );
    app.replace_data(loaded(MINIMAL));
    assert_eq!(app.reload_error, None);
}
