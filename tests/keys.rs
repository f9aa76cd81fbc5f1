//! Key handling without a terminal: key + mode → action → state, as a user would press them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use qwen_tui::explorer::action::{Action, Effect};
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::keymap::{BINDINGS, Mode, action_for};
use qwen_tui::kb::Tab;

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn app() -> App {
    App::new(data(), Options::default(), (120, 40))
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses keys the way the event loop does; returns the last effect.
fn press(app: &mut App, keys: &[KeyEvent]) -> Option<Effect> {
    let mut effect = None;
    for &k in keys {
        if let Some(a) = action_for(k, app.mode) {
            effect = app.update(a);
        }
    }
    effect
}

fn chars(s: &str) -> Vec<KeyEvent> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}

fn selected_id(app: &App) -> String {
    app.selected_entry()
        .map(|e| e.id.clone())
        .unwrap_or_default()
}

#[test]
fn letters_are_commands_when_browsing_and_input_when_searching() {
    assert_eq!(
        action_for(key(KeyCode::Char('j')), Mode::Browse),
        Some(Action::Down)
    );
    assert_eq!(
        action_for(key(KeyCode::Char('q')), Mode::Browse),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(key(KeyCode::Char('j')), Mode::Search),
        Some(Action::Input('j'))
    );
    assert_eq!(
        action_for(key(KeyCode::Char('q')), Mode::Filter),
        Some(Action::Input('q'))
    );
    assert_eq!(
        action_for(key(KeyCode::Char('?')), Mode::Search),
        Some(Action::Input('?'))
    );
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for mode in [
        Mode::Browse,
        Mode::Detail,
        Mode::Search,
        Mode::Filter,
        Mode::Help,
    ] {
        assert_eq!(action_for(ctrl_c, mode), Some(Action::Quit), "{mode:?}");
        assert_ne!(
            action_for(key(KeyCode::Esc), mode),
            Some(Action::Quit),
            "Esc never quits"
        );
    }
    // Shift is part of the character; releases do nothing.
    let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action_for(shift_g, Mode::Browse), Some(Action::Bottom));
    let mut release = key(KeyCode::Char('j'));
    release.kind = KeyEventKind::Release;
    assert_eq!(action_for(release, Mode::Browse), None);
}

#[test]
fn every_binding_is_reachable_in_its_modes() {
    // The first binding of a key in a mode wins: make sure none is shadowed entirely.
    for b in BINDINGS {
        for &mode in b.modes {
            let reachable = b.keys.iter().any(|k| {
                let event = KeyEvent::new(k.code, k.mods);
                action_for(event, mode) == Some(b.action)
            });
            assert!(reachable, "{:?} in {mode:?} is shadowed", b.action);
        }
    }
}

#[test]
fn moving_skips_group_headings_and_stops_at_the_ends() {
    let mut app = app();
    let first = selected_id(&app);
    press(&mut app, &[key(KeyCode::Char('k'))]);
    assert_eq!(selected_id(&app), first, "up at the top stays");
    press(&mut app, &[key(KeyCode::Char('j'))]);
    assert_ne!(selected_id(&app), first);
    press(&mut app, &[key(KeyCode::Char('G'))]);
    let last = selected_id(&app);
    press(&mut app, &[key(KeyCode::Char('j'))]);
    assert_eq!(selected_id(&app), last, "down at the bottom stays");
    press(&mut app, &[key(KeyCode::Char('g'))]);
    assert_eq!(selected_id(&app), first);
    // Every step lands on an entry, never on a heading.
    for _ in 0..80 {
        press(&mut app, &[key(KeyCode::Down)]);
        assert!(app.selected_entry().is_some());
    }
}

#[test]
fn each_tab_keeps_its_selection_and_scroll() {
    let mut app = app();
    press(&mut app, &chars("3"));
    assert_eq!(app.tab, Tab::Models);
    press(&mut app, &chars("jjjjj"));
    let models_sel = selected_id(&app);
    let models_offset = app.pane(Tab::Models).offset;
    press(
        &mut app,
        &[
            key(KeyCode::Tab),
            key(KeyCode::Char('j')),
            key(KeyCode::Char('j')),
        ],
    );
    assert_eq!(app.tab, Tab::Finances);
    let fin_sel = selected_id(&app);
    press(&mut app, &chars("2"));
    assert_eq!(app.tab, Tab::Timeline);
    press(
        &mut app,
        &[
            key(KeyCode::BackTab),
            key(KeyCode::Right),
            key(KeyCode::Char('l')),
        ],
    );
    assert_eq!(app.tab, Tab::Models);
    assert_eq!(selected_id(&app), models_sel);
    assert_eq!(app.pane(Tab::Models).offset, models_offset);
    press(&mut app, &[key(KeyCode::Right)]);
    assert_eq!(selected_id(&app), fin_sel);
    // Tabs wrap around.
    press(&mut app, &chars("1h"));
    assert_eq!(app.tab, Tab::Sources);
    press(&mut app, &chars("l"));
    assert_eq!(app.tab, Tab::Overview);
}

#[test]
fn search_covers_every_tab_and_enter_jumps_with_the_query_kept() {
    let mut app = app();
    press(&mut app, &chars("/"));
    assert_eq!(app.mode, Mode::Search);
    press(&mut app, &chars("dingtalk"));
    assert!(!app.search.hits.is_empty());
    let tabs: std::collections::HashSet<Tab> = app
        .search
        .hits
        .iter()
        .map(|h| app.kb().entries[h.entry].tab)
        .collect();
    assert!(tabs.len() > 1, "hits from several tabs: {tabs:?}");
    let target = app.current_entry().unwrap().id.clone();
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(selected_id(&app), target);
    assert_eq!(app.tab, app.kb().entry(&target).unwrap().tab);
    // The query is kept for the next `/`.
    press(&mut app, &chars("/"));
    assert_eq!(app.search.query, "dingtalk");
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.mode, Mode::Browse);
}

#[test]
fn n_and_shift_n_step_through_the_hits_after_closing() {
    let mut app = app();
    press(&mut app, &chars("/qwen3"));
    let order: Vec<usize> = app
        .search
        .rows
        .iter()
        .filter_map(|r| match r {
            qwen_tui::explorer::app::ResultRow::Hit(h) => Some(app.search.hits[*h].entry),
            _ => None,
        })
        .collect();
    assert!(order.len() >= 3);
    press(&mut app, &[key(KeyCode::Enter)]);
    let ids: Vec<String> = order
        .iter()
        .map(|&e| app.kb().entries[e].id.clone())
        .collect();
    let id = |i: usize| ids[i].clone();
    assert_eq!(selected_id(&app), id(0));
    press(&mut app, &chars("n"));
    assert_eq!(selected_id(&app), id(1));
    press(&mut app, &chars("n"));
    assert_eq!(selected_id(&app), id(2));
    press(&mut app, &chars("NN"));
    assert_eq!(selected_id(&app), id(0));
    press(&mut app, &chars("N"));
    assert_eq!(
        selected_id(&app),
        id(order.len() - 1),
        "N wraps to the last hit"
    );
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains(&format!("of {}", order.len()))
    );
}

#[test]
fn typing_edits_the_query_and_updates_the_hits() {
    let mut app = app();
    press(&mut app, &chars("/cloud rev"));
    let two_terms = app.search.hits.len();
    press(
        &mut app,
        &[KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL)],
    );
    assert_eq!(app.search.query, "cloud ");
    // The hits follow the edited query (a word fewer: the entries with `cloud`).
    assert_ne!(app.search.hits.len(), two_terms);
    assert_eq!(*app.search.hits, app.data.index().search("cloud ", None));
    press(
        &mut app,
        &[key(KeyCode::Backspace), key(KeyCode::Backspace)],
    );
    assert_eq!(app.search.query, "clou");
    press(
        &mut app,
        &[KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)],
    );
    assert_eq!(app.search.query, "");
    assert!(app.search.hits.is_empty());
    // Moving over the results skips the tab headings.
    press(&mut app, &chars("qwen"));
    for _ in 0..10 {
        press(&mut app, &[key(KeyCode::Down)]);
        assert!(app.search.selected_entry().is_some());
    }
}

#[test]
fn the_filter_narrows_the_tab_in_place_and_esc_clears_it() {
    let mut app = app();
    press(&mut app, &chars("3"));
    let all = app.pane(Tab::Models).rows.len();
    press(&mut app, &chars("fcoder"));
    assert_eq!(app.mode, Mode::Filter);
    let rows = &app.pane(Tab::Models).rows;
    assert!(
        !rows.is_empty() && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    for r in rows {
        let e = &app.kb().entries[r.entry().unwrap()];
        assert_eq!(e.tab, Tab::Models);
    }
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        app.pane(Tab::Models).filter,
        "coder",
        "Enter keeps the filter"
    );
    // Other tabs are not filtered.
    press(&mut app, &chars("2"));
    assert!(app.pane(Tab::Timeline).filter.is_empty());
    press(&mut app, &chars("3"));
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.pane(Tab::Models).rows.len(), all, "Esc clears it");
}

#[test]
fn sorting_the_models_table_by_each_column() {
    let mut app = app();
    press(&mut app, &chars("3"));
    let released = |app: &App| {
        app.pane(Tab::Models)
            .rows
            .iter()
            .filter_map(|r| app.kb().entries[r.entry().unwrap()].date_key)
            .collect::<Vec<_>>()
    };
    let dates = released(&app);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first by default"
    );
    press(&mut app, &chars("S"));
    let dates = released(&app);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "S reverses");
    press(&mut app, &chars("s"));
    assert!(app.status.as_deref().unwrap().contains("sorted by"));
    let sorts: std::collections::HashSet<usize> = (0..8)
        .map(|_| {
            press(&mut app, &chars("s"));
            app.pane(Tab::Models).sort.0
        })
        .collect();
    assert!(sorts.len() >= 5, "s cycles through the columns: {sorts:?}");
    // Sorting keeps the selected entry selected.
    let before = selected_id(&app);
    press(&mut app, &chars("s"));
    assert_eq!(selected_id(&app), before);
}

#[test]
fn enter_opens_the_detail_and_esc_goes_back_one_step_without_quitting() {
    let mut app = app();
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.mode, Mode::Detail);
    press(&mut app, &[key(KeyCode::Esc)]);
    assert_eq!(app.mode, Mode::Browse);
    let effect = press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Esc)]);
    assert_eq!(effect, None);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(press(&mut app, &chars("q")), Some(Effect::Quit));
}

#[test]
fn help_toggles_and_returns_to_where_it_was() {
    let mut app = app();
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Char('?'))]);
    assert_eq!(app.mode, Mode::Help);
    press(&mut app, &chars("jj"));
    assert_eq!(app.help_scroll, 2);
    press(&mut app, &chars("?"));
    assert_eq!(app.mode, Mode::Detail);
    press(&mut app, &chars("?"));
    assert_eq!(
        press(&mut app, &chars("q")),
        None,
        "q closes the help, it does not quit"
    );
    assert_eq!(app.mode, Mode::Detail);
}

#[test]
fn y_copies_a_citation_with_the_fact_its_date_and_its_sources() {
    let mut app = app();
    press(&mut app, &chars("/qwen3.5 params"));
    press(&mut app, &[key(KeyCode::Enter)]);
    let e = app.selected_entry().unwrap().clone();
    let Some(Effect::Copy(text)) = press(&mut app, &chars("y")) else {
        panic!("y should copy");
    };
    assert!(text.starts_with(&e.title), "{text}");
    for &s in &e.sources {
        assert!(
            text.contains(&format!("[{}]", app.kb().sources[s].id)),
            "{text}"
        );
    }
    if e.disputed {
        assert!(text.contains("sources differ"), "{text}");
    }
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .starts_with("sent to the terminal's clipboard: ")
    );
}

#[test]
fn shift_y_copies_the_citation_as_markdown() {
    let mut app = app();
    press(&mut app, &chars("/market cap"));
    press(&mut app, &[key(KeyCode::Enter)]);
    let e = app.selected_entry().unwrap().clone();
    let Some(Effect::Copy(text)) = press(&mut app, &chars("Y")) else {
        panic!("Y should copy");
    };
    assert!(text.starts_with(&format!("**{}**", e.title)), "{text}");
    assert!(text.contains("\nSources:\n\n- \\["), "{text}");
    if e.disputed {
        assert!(text.contains("sources differ:\n\n- "), "{text}");
    }
    assert!(app.status.as_deref().unwrap().contains(" as Markdown ("));
}

#[test]
fn sources_list_the_entries_that_cite_them() {
    let mut app = app();
    press(&mut app, &chars("9"));
    let source = app.selected_entry().unwrap().sources[0];
    let expected = app
        .kb()
        .entries
        .iter()
        .filter(|e| e.tab != Tab::Sources && e.sources.contains(&source))
        .count();
    assert_eq!(
        app.kb().citations(source),
        expected,
        "the precomputed count"
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.mode, Mode::Search);
    assert_eq!(app.search.hits.len(), expected);
    assert!(
        app.search
            .title
            .as_deref()
            .unwrap()
            .contains(&format!("{expected} entries cite"))
    );
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.selected_entry().unwrap().sources.contains(&source));
}

#[test]
fn a_resize_keeps_the_selection_on_screen() {
    let mut app = app();
    press(&mut app, &chars("G"));
    let sel = app.pane(Tab::Overview).selected.unwrap();
    for (w, h) in [(80, 24), (40, 12), (200, 50), (30, 8)] {
        app.update(Action::Resize(w, h));
        let p = app.pane(Tab::Overview);
        let rows = app.areas().unwrap().list_rows().max(1);
        assert!(
            p.offset <= sel && sel < p.offset + rows,
            "{w}x{h}: offset {} sel {sel}",
            p.offset
        );
    }
    app.update(Action::Resize(1, 1));
    assert!(app.areas().is_none());
}

#[test]
fn the_readme_keys_table_names_every_key() {
    let readme = include_str!("../README.md");
    let start = readme.find("## The explorer").unwrap();
    let end = readme[start..].find("\n## ").unwrap() + start;
    let section = &readme[start..end];
    for b in BINDINGS.iter().filter(|b| !b.help.is_empty()) {
        for k in b.keys {
            let label = k.label();
            assert!(
                section.contains(&format!("`{label}`")),
                "README lacks `{label}` ({})",
                b.help
            );
        }
    }
}

#[test]
fn mouse_clicks_pick_tabs_rows_and_the_detail() {
    use qwen_tui::explorer::app::layout::tab_labels;
    let mut app = App::new(
        data(),
        Options {
            mouse: true,
            ..Default::default()
        },
        (120, 40),
    );
    let models = tab_labels(120)
        .into_iter()
        .find(|l| l.tab == Tab::Models)
        .unwrap();
    app.update(Action::Click(models.x + 1, 1));
    assert_eq!(app.tab, Tab::Models);
    // The third data row of the list: below header, tab bar, border and column titles.
    let areas = app.areas().unwrap();
    let body = areas.list_body();
    app.update(Action::Click(body.x + 3, body.y + 2));
    assert_eq!(app.pane(Tab::Models).selected, Some(2));
    let detail = areas.detail.unwrap();
    app.update(Action::Click(detail.x + 2, detail.y + 2));
    assert_eq!(app.mode, Mode::Detail);
    // The wheel moves the selection by three rows.
    app.update(Action::Back);
    app.update(Action::ScrollDown);
    assert_eq!(app.pane(Tab::Models).selected, Some(5));
}

#[test]
fn the_boxes_stop_at_the_longest_query_and_say_so() {
    let mut app = app();
    press(&mut app, &[key(KeyCode::Char('/'))]);
    press(&mut app, &chars(&"a".repeat(300)));
    assert_eq!(app.search.query.chars().count(), 256);
    assert!(app.status.as_deref().unwrap().contains("256 characters"));
    // Room again after a Backspace: the next character is taken.
    press(&mut app, &[key(KeyCode::Backspace)]);
    press(&mut app, &chars("b"));
    assert!(app.search.query.ends_with('b'));
    assert_eq!(app.search.query.chars().count(), 256);
    press(&mut app, &[key(KeyCode::Esc)]);
    press(&mut app, &[key(KeyCode::Char('f'))]);
    press(&mut app, &chars(&"z".repeat(260)));
    assert_eq!(app.pane(app.tab).filter.chars().count(), 256);
    assert!(app.status.as_deref().unwrap().contains("256 characters"));
}

#[test]
fn a_paste_goes_into_the_box_with_the_focus_as_text() {
    let mut app = app();
    // Outside a box: nothing happens.
    assert!(app.paste("3q").is_none());
    assert_eq!(app.tab, qwen_tui::kb::Tab::Overview);
    press(&mut app, &[key(KeyCode::Char('/'))]);
    app.paste("alibaba cloud\nyq\x1b[31m\u{202e}");
    assert_eq!(app.search.query, "alibaba cloud yq[31m");
    assert_eq!(app.mode, qwen_tui::explorer::keymap::Mode::Search);
    // Cut at the longest query, and said so.
    app.paste(&"x".repeat(400));
    assert_eq!(app.search.query.chars().count(), 256);
    assert!(app.status.as_deref().unwrap().contains("cut"));
    press(&mut app, &[key(KeyCode::Esc), key(KeyCode::Char('f'))]);
    app.paste("cloud\trev");
    assert_eq!(app.pane(app.tab).filter, "cloud rev");
}

#[test]
fn inside_tmux_a_copy_says_what_tmux_needs() {
    let data = Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap()));
    let options = Options {
        in_tmux: true,
        ..Options::default()
    };
    let mut app = App::new(data, options, (120, 40));
    let Some(Effect::Copy(_)) = press(&mut app, &chars("y")) else {
        panic!("y should copy");
    };
    let status = app.status.as_deref().unwrap();
    assert!(
        status.starts_with("sent to the terminal's clipboard"),
        "{status}"
    );
    assert!(status.contains("set -g set-clipboard on"), "{status}");
}
