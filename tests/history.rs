//! Search history in the real binary: a query confirmed with Enter comes back with `↑` in
//! the next run, and a place where history cannot be written changes nothing else.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::session::Session;

const UP: &str = "\x1b[A";
const DOWN: &str = "\x1b[B";

fn data_home(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A session keeping its history under `data_home`.
fn session(data_home: &Path) -> Session {
    Session::start_with(
        &[],
        &[
            ("XDG_DATA_HOME", data_home.as_os_str()),
            ("QWEN_TUI_HISTORY", OsStr::new("on")),
        ],
    )
}

/// Searches for `query`, jumps with Enter, and quits.
fn search_and_quit(s: &mut Session, query: &str) {
    s.wait_for("Overview (");
    s.keys(&format!("/{query}"));
    s.wait_for_results(query);
    s.keys("\r");
    s.wait_for("hit 1 of");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_confirmed_query_is_recalled_with_up_in_the_next_run() {
    let home = data_home("history-recall");
    let mut s = session(&home);
    search_and_quit(&mut s, "dingtalk");
    let mut s = session(&home);
    search_and_quit(&mut s, "qwen3 moe");
    let saved = std::fs::read_to_string(home.join("qwen-tui/history")).unwrap();
    assert_eq!(saved, "dingtalk\nqwen3 moe\n");

    let mut s = session(&home);
    s.wait_for("Overview (");
    s.keys("/");
    s.wait_for("type to search every tab");
    // ↑ on the empty box: the newest, then the one before; ↓ comes back.
    s.keys(UP);
    s.wait_for_results("qwen3 moe");
    s.keys(UP);
    let screen = s.wait_for_results("dingtalk");
    // The hit line names its tab.
    assert!(screen.contains("product DingTalk"), "{screen}");
    s.keys(DOWN);
    s.wait_for_results("qwen3 moe");
    s.keys(DOWN);
    s.wait_for("type to search every tab");
    // Once the box is edited, ↑/↓ move through the results again.
    s.keys("dingtalk");
    s.wait_for_results("dingtalk");
    s.keys(UP);
    s.wait_for_results("dingtalk");
    s.keys("\x1b");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn an_unwritable_data_directory_does_not_fail_the_app() {
    // The data directory cannot be made: its parent is a file (refused even to root).
    let home = data_home("history-unwritable");
    let file = home.join("not-a-directory");
    std::fs::write(&file, "x").unwrap();
    let mut s = session(&file);
    search_and_quit(&mut s, "dingtalk");
    // And the next run starts as usual, with nothing to recall.
    let mut s = session(&file);
    s.wait_for("Overview (");
    s.keys("/");
    s.keys(UP);
    s.wait_for("type to search every tab");
    s.keys("\x1b");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// The same rules without a terminal: which key recalls and which moves, in both boxes.
#[test]
fn up_recalls_only_from_an_empty_box_or_while_recalling() {
    use qwen_tui::explorer::action::{Action, Effect};
    use qwen_tui::explorer::app::{App, Loaded, Options};
    use qwen_tui::explorer::keymap::Mode;
    use std::sync::Arc;

    let data = Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap()));
    let mut a = App::new(data, Options::default(), (120, 40))
        .with_history(vec!["dingtalk".into(), "qwen".into()]);
    a.update(Action::OpenSearch);
    a.update(Action::Older);
    assert_eq!(a.search.query, "qwen");
    let first = a.search.selected;
    // Ctrl-p/Ctrl-n always move through the results.
    a.update(Action::Down);
    assert_ne!(a.search.selected, first);
    assert_eq!(a.search.query, "qwen");
    a.update(Action::Older);
    assert_eq!(a.search.query, "dingtalk");
    // At the oldest, ↑ stays there.
    a.update(Action::Older);
    assert_eq!(a.search.query, "dingtalk");
    // An edit ends the recall: ↑ and ↓ move through the results.
    a.update(Action::Input(' '));
    let at = a.search.selected;
    a.update(Action::Newer);
    assert_eq!(a.search.query, "dingtalk ");
    assert_ne!(a.search.selected, at, "↓ moved to the next result");
    // Enter keeps the query as the newest (cleaned), and asks for the history to be saved.
    assert_eq!(a.update(Action::Confirm), Some(Effect::SaveHistory));
    assert_eq!(a.history.queries, ["qwen", "dingtalk"]);
    // The filter box shares the history.
    a.update(Action::OpenFilter);
    assert_eq!(a.mode, Mode::Filter);
    a.update(Action::Older);
    assert_eq!(a.pane(a.tab).filter, "dingtalk");
    a.update(Action::Newer);
    assert_eq!(a.pane(a.tab).filter, "");
}
