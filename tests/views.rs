//! The compare view (Space marks, `c` compares) and the disputed view (`D`), driven by keys
//! as a user presses them, with no terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::derive::compare::{compare, disputes};
use qwen_tui::explorer::action::Effect;
use qwen_tui::explorer::app::{App, Loaded, Options};
use qwen_tui::explorer::keymap::{Mode, action_for};
use qwen_tui::kb::{Tab, Value, load::load_str};

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

fn app() -> App {
    App::new(data(), Options::default(), (120, 40))
}

fn press(app: &mut App, keys: &str) -> Option<Effect> {
    let mut effect = None;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        if let Some(a) = action_for(KeyEvent::new(code, KeyModifiers::NONE), app.mode) {
            effect = app.update(a);
        }
    }
    effect
}

fn selected_id(app: &App) -> String {
    app.selected_entry()
        .map(|e| e.id.clone())
        .unwrap_or_default()
}

#[test]
fn space_marks_entries_and_c_compares_them() {
    let mut a = app();
    press(&mut a, "3");
    let first = a.pane(Tab::Models).selected_entry().unwrap();
    // Space marks and steps down, so three presses mark three rows.
    press(&mut a, "   ");
    assert_eq!(a.compared().len(), 3);
    assert_eq!(a.compared()[0], first);
    press(&mut a, "c");
    assert_eq!(a.mode, Mode::Compare);
    // The comparison has every field of every marked entry, sources last.
    let rows = compare(a.kb(), a.compared());
    for &e in a.compared() {
        for f in &a.kb().entries[e].fields {
            assert!(rows.iter().any(|r| r.label == f.label), "{}", f.label);
        }
    }
    assert_eq!(rows.last().unwrap().label, "Sources");
    // Y copies it as a Markdown table, one line per row plus the header.
    let Some(Effect::Copy(table)) = press(&mut a, "Y") else {
        panic!("Y copies");
    };
    assert_eq!(table.lines().count(), rows.len() + 2, "{table}");
    assert!(table.starts_with("| | Qwen"), "{table}");
    press(&mut a, "\x1b");
    assert_eq!(a.mode, Mode::Browse);
    // The marks stay until Esc clears them in the list.
    assert_eq!(a.compared().len(), 3);
    press(&mut a, "\x1b");
    assert!(a.compared().is_empty());
}

#[test]
fn compare_needs_two_marks_and_takes_at_most_four() {
    let mut a = app();
    press(&mut a, "3 c");
    assert_eq!(a.mode, Mode::Browse);
    assert!(
        a.status.as_deref().unwrap().contains("mark 2–4"),
        "{:?}",
        a.status
    );
    press(&mut a, "     ");
    assert_eq!(a.compared().len(), 4);
    assert!(a.status.as_deref().unwrap().contains("4 already marked"));
    // Space on a marked entry unmarks it.
    press(&mut a, "k ");
    assert_eq!(a.compared().len(), 3);
    // Marks belong to their tab.
    press(&mut a, "7");
    assert!(a.compared().is_empty());
    press(&mut a, "3");
    assert_eq!(a.compared().len(), 3);
}

#[test]
fn rows_where_entries_differ_are_marked() {
    let kb = load_str(
        "meta: {title: T, subject: S, as_of: 2026}\n\
         sources: [{id: s, title: S, publisher: P}]\n\
         models:\n\
         - {id: a, name: A, sources: [s], licence: MIT, params_total: 7B}\n\
         - {id: b, name: B, sources: [s], licence: mit, params_total: 9B,\n\
         \x20  facts: [{label: Extra, value: yes}]}\n",
        "t.yaml",
    )
    .unwrap();
    let a = kb.index_of("a").unwrap();
    let b = kb.index_of("b").unwrap();
    let rows = compare(&kb, &[a, b]);
    let row = |l: &str| rows.iter().find(|r| r.label == l).unwrap();
    assert!(!row("Licence").differs, "same ignoring case");
    assert!(row("Parameters (total)").differs);
    assert!(row("Extra").differs, "one lacks it");
    assert_eq!(row("Extra").cells[0], None);
    assert!(!row("Sources").differs);
}

#[test]
fn the_disputed_view_lists_every_disputed_value_and_goes_to_one() {
    let mut a = app();
    let list = disputes(a.kb());
    // Every disputed entry is there, through each of its disputed values.
    let disputed = a.kb().entries.iter().filter(|e| e.disputed).count();
    let mut entries: Vec<usize> = list.iter().map(|d| d.entry).collect();
    entries.dedup();
    assert_eq!(entries.len(), disputed);
    for d in &list {
        let f = &a.kb().entries[d.entry].fields[d.field];
        assert!(matches!(f.value, Value::Claims(_)) && f.value.is_disputed());
    }
    press(&mut a, "D");
    assert_eq!(a.mode, Mode::Disputed);
    press(&mut a, "jjj");
    let want = a.kb().entries[list[3].entry].id.clone();
    // y copies the selected value's entry.
    let Some(Effect::Copy(text)) = press(&mut a, "y") else {
        panic!("y copies");
    };
    assert!(text.contains(&a.kb().entries[list[3].entry].title));
    press(&mut a, "\n");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.tab, a.kb().entries[list[3].entry].tab);
    assert_eq!(selected_id(&a), want);
    // D again comes back to the same place.
    press(&mut a, "D");
    assert_eq!(a.disputed.selected, 3);
    press(&mut a, "GD");
    assert_eq!(a.mode, Mode::Browse);
    press(&mut a, "D");
    assert_eq!(a.disputed.selected, list.len() - 1);
}

#[test]
fn without_disputes_the_view_says_so_instead_of_opening() {
    let kb = load_str(
        "meta: {title: T, subject: S, as_of: 2026}\n\
         sources: [{id: s, title: S, publisher: P}]\n\
         models: [{id: a, name: A, sources: [s]}]\n",
        "t.yaml",
    )
    .unwrap();
    let mut a = App::new(Arc::new(Loaded::new(kb)), Options::default(), (120, 40));
    press(&mut a, "D");
    assert_eq!(a.mode, Mode::Browse);
    assert!(a.status.as_deref().unwrap().contains("no disputed values"));
}

#[test]
fn v_shows_a_chart_that_does_not_fit_in_the_details_place_and_hides_one_that_does() {
    let small = |a: &App| a.areas().unwrap();
    let mut a = App::new(data(), Options::default(), (80, 24));
    press(&mut a, "4");
    // 80×24: no room above the list, so no chart.
    assert!(small(&a).chart.is_none() && small(&a).detail.is_some());
    let rows = small(&a).list_rows();
    press(&mut a, "v");
    let areas = small(&a);
    assert_eq!(areas.chart, {
        let mut b = App::new(data(), Options::default(), (80, 24));
        press(&mut b, "4");
        b.areas().unwrap().detail
    });
    assert!(areas.detail.is_none());
    assert_eq!(areas.list_rows(), rows, "the list keeps its rows");
    assert!(a.status.as_deref().unwrap().contains("chart shown"));
    // Enter still opens the detail (the chart gives way).
    press(&mut a, "\n");
    assert!(small(&a).detail.is_some());
    press(&mut a, "\x1b");
    press(&mut a, "v");
    assert!(small(&a).chart.is_none() && small(&a).detail.is_some());

    // 120×40: shown above the list by default; v hides it and the list gets the rows.
    let mut a = App::new(data(), Options::default(), (120, 40));
    press(&mut a, "2");
    let with = small(&a);
    assert!(with.chart.is_some());
    press(&mut a, "v");
    assert!(small(&a).chart.is_none());
    assert!(small(&a).list_rows() > with.list_rows());
    assert!(a.status.as_deref().unwrap().contains("chart hidden"));
    // A tab without a chart says so.
    press(&mut a, "6v");
    assert!(
        a.status.as_deref().unwrap().contains("no chart"),
        "{:?}",
        a.status
    );
}

#[test]
fn marks_and_the_compare_view_survive_a_reload_by_id() {
    let mut a = app();
    press(&mut a, "3  c");
    assert_eq!(a.mode, Mode::Compare);
    let ids: Vec<String> = a
        .compared()
        .iter()
        .map(|&e| a.kb().entries[e].id.clone())
        .collect();
    // The same knowledge base with a model added at the top: every index moves.
    let yaml = include_str!("../assets/qwen.yaml").replacen(
        "models:\n",
        "models:\n  - id: model.new\n    name: New model\n    sources: [cxo-academy]\n",
        1,
    );
    let kb = load_str(&yaml, "qwen.yaml").unwrap();
    a.replace_data(Arc::new(Loaded::new(kb)));
    let after: Vec<String> = a
        .compared()
        .iter()
        .map(|&e| a.kb().entries[e].id.clone())
        .collect();
    assert_eq!(after, ids);
    assert_eq!(a.mode, Mode::Compare);
    // A reload that leaves fewer than two to compare closes the view.
    let yaml = yaml.replace(&format!("id: {}\n", ids[1]), "id: model.renamed\n");
    a.replace_data(Arc::new(Loaded::new(load_str(&yaml, "qwen.yaml").unwrap())));
    assert_eq!(a.compared().len(), 1);
    assert_eq!(a.mode, Mode::Browse);
}

#[test]
fn c_closes_the_compare_view_and_clicks_do_not_reach_the_list_beneath_a_view() {
    use qwen_tui::explorer::action::Action;
    let mut a = app();
    press(&mut a, "3  c");
    press(&mut a, "c");
    assert_eq!(a.mode, Mode::Browse);
    press(&mut a, "D");
    let before = a.pane(a.tab).selected;
    // A click where the list's rows are, beneath the disputed view.
    a.update(Action::Click(10, 8));
    assert_eq!(a.pane(a.tab).selected, before);
    assert_eq!(a.mode, Mode::Disputed);
}

/// The help explains the marks a list row can carry.
#[test]
fn the_help_explains_the_row_marks() {
    let lines = qwen_tui::explorer::page::help::help_lines();
    for (mark, word) in [("!", "disputed"), ("~", "stale"), ("+", "comparing")] {
        assert!(
            lines
                .iter()
                .any(|(k, what)| k.as_deref() == Some(mark) && what.contains(word)),
            "{mark}"
        );
    }
}
