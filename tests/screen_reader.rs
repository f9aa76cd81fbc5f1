//! `--screen-reader` (`screen_reader = true`): the explorer drawn for screen readers and
//! plain terminals. Drawn through the explorer's own backend (crossterm, via
//! `ui::backend::fixed_size_backend`) into bytes and read back with a terminal emulator
//! (vt100), as a screen reader reads the terminal: the cursor is shown and sits on the
//! selection, no box or block glyph is on screen, and every mark is a word.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::screen::{Captured, data};

use std::process::Command;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qwen_tui::explorer::app::layout::inset;
use qwen_tui::explorer::app::{App, Options};
use qwen_tui::explorer::keymap::{Mode, action_for};
use ratatui::Terminal;

/// The sizes the mode is checked at.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn app(size: (u16, u16), screen_reader: bool) -> App {
    let options = Options {
        screen_reader,
        ..Options::default()
    };
    App::new(data(), options, size)
}

/// Types `keys` (`\n` is Enter, `\x1b` Esc).
fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        press_code(app, code);
    }
}

fn press_code(app: &mut App, code: KeyCode) {
    if let Some(a) = action_for(KeyEvent::new(code, KeyModifiers::NONE), app.mode) {
        app.update(a);
    }
}

/// What a terminal shows after the app's frames are drawn through the explorer's backend,
/// as the explorer draws them (`ui::draw`). A frame per call of `step`, so the cursor's
/// moves are seen as a terminal sees them: each frame writes only what changed.
struct Screen {
    terminal: Terminal<
        qwen_tui::explorer::ui::backend::ClusterSafe<ratatui::backend::CrosstermBackend<Captured>>,
    >,
    captured: Captured,
    parser: vt100::Parser,
}

impl Screen {
    fn new(w: u16, h: u16) -> Screen {
        let captured = Captured::default();
        let backend = qwen_tui::explorer::ui::backend::fixed_size_backend(captured.clone(), w, h);
        let terminal = Terminal::new(backend).unwrap();
        Screen {
            terminal,
            captured,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(h).unwrap(),
                std::num::NonZeroU16::new(w).unwrap(),
                0,
            ),
        }
    }

    fn draw(&mut self, app: &App) -> &vt100::Screen {
        self.terminal
            .draw(|f| qwen_tui::explorer::ui::draw(f, app))
            .unwrap();
        let bytes = std::mem::take(&mut *self.captured.0.lock().unwrap());
        self.parser.process(&bytes);
        self.parser.screen()
    }
}

/// The screen's rows as text.
fn rows(screen: &vt100::Screen) -> Vec<String> {
    screen.rows(0, screen.size().1.get()).collect()
}

/// The row the cursor is on, from the cursor's column.
fn at_cursor(screen: &vt100::Screen) -> String {
    let (y, x) = screen.cursor_position();
    screen.contents_between(y, x, y, screen.size().1.get())
}

fn dump(screen: &vt100::Screen) -> String {
    let (y, x) = screen.cursor_position();
    let mut out = format!("cursor at row {y}, column {x}\n");
    for r in rows(screen) {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

/// No box drawing (U+2500–U+257F) nor block element (U+2580–U+259F) anywhere on screen.
fn assert_plain(screen: &vt100::Screen, what: &str) {
    for (y, row) in rows(screen).iter().enumerate() {
        if let Some(c) = row
            .chars()
            .find(|&c| matches!(u32::from(c), 0x2500..=0x259F))
        {
            panic!(
                "{what}: {c:?} (U+{:04X}) on row {y}\n{}",
                u32::from(c),
                dump(screen)
            );
        }
    }
}

/// The screen row of the current tab's selected row.
fn selected_list_row(app: &App) -> u16 {
    let p = app.pane(app.tab);
    let body = app.areas().unwrap().list_body();
    body.y + (p.selected.unwrap() - p.offset) as u16
}

#[test]
fn the_cursor_is_shown_on_the_selected_row_and_moves_with_j() {
    for (w, h) in SIZES {
        for tab in ["1", "3", "4", "6"] {
            let mut a = app((w, h), true);
            let mut s = Screen::new(w, h);
            press(&mut a, tab);
            let screen = s.draw(&a);
            assert!(!screen.hide_cursor(), "the cursor is shown at {w}×{h}");
            let (y, x) = screen.cursor_position();
            let body = a.areas().unwrap().list_body();
            assert_eq!(
                (y, x),
                (selected_list_row(&a), body.x),
                "tab {tab} at {w}×{h}\n{}",
                dump(screen)
            );
            assert!(at_cursor(screen).starts_with("> "), "{}", dump(screen));
            let before = y;
            // `j` moves the selection and the cursor with it, down the list.
            for _ in 0..3 {
                press(&mut a, "j");
                let screen = s.draw(&a);
                let (y, x) = screen.cursor_position();
                assert!(!screen.hide_cursor());
                assert_eq!((y, x), (selected_list_row(&a), body.x), "{}", dump(screen));
                assert!(at_cursor(screen).starts_with("> "), "{}", dump(screen));
                // One `>` on screen: the selection's.
                let pointers = rows(screen)
                    .iter()
                    .filter(|r| {
                        r.get(body.x as usize..)
                            .is_some_and(|r| r.starts_with("> "))
                    })
                    .count();
                assert_eq!(pointers, 1, "{}", dump(screen));
            }
            let (after, _) = s.draw(&a).cursor_position();
            assert!(after > before, "tab {tab}: the cursor went down the list");
            // `k` brings it back up.
            press(&mut a, "k");
            let (up, _) = s.draw(&a).cursor_position();
            assert!(up < after);
            assert_eq!(up, selected_list_row(&a));
        }
    }
}

#[test]
fn the_detail_with_the_focus_has_the_cursor_on_its_first_line() {
    for (w, h) in SIZES {
        let mut a = app((w, h), true);
        let mut s = Screen::new(w, h);
        press(&mut a, "3\n");
        assert_eq!(a.mode, Mode::Detail);
        let screen = s.draw(&a);
        let inner = inset(a.areas().unwrap().detail.unwrap());
        assert_eq!(screen.cursor_position(), (inner.y, inner.x));
        let title = &a.selected_entry().unwrap().title;
        assert!(
            at_cursor(screen).starts_with(title.as_str()),
            "{}",
            dump(screen)
        );
        assert!(!screen.hide_cursor());
        // Back in the list, the cursor is on the row again.
        press(&mut a, "\x1b");
        let screen = s.draw(&a);
        assert_eq!(screen.cursor_position().0, selected_list_row(&a));
    }
}

/// Every screen the explorer has, reached by keys from the start (a fresh app each).
const SCREENS: [(&str, &str); 16] = [
    ("overview", "1"),
    ("timeline", "2"),
    ("models", "3"),
    ("finances", "4"),
    ("risks", "5"),
    ("people", "6"),
    ("competitors", "7"),
    ("products", "8"),
    ("sources", "9"),
    ("the models' detail", "3jjj\n"),
    ("the search overlay", "/qwen context"),
    ("the filter box", "3fqwen"),
    ("the disputed view", "D"),
    ("the compare view", "3  c"),
    ("the help", "?"),
    ("a finance chart asked for with v", "4v"),
];

#[test]
fn no_box_or_block_glyph_is_on_any_screen() {
    for (w, h) in SIZES {
        for (what, keys) in SCREENS {
            let mut a = app((w, h), true);
            press(&mut a, keys);
            let mut s = Screen::new(w, h);
            let screen = s.draw(&a);
            assert_plain(screen, &format!("{what} at {w}×{h}"));
            assert!(!screen.hide_cursor(), "{what}: the cursor is shown");
        }
    }
}

#[test]
fn the_marks_are_words() {
    for (w, h) in SIZES {
        let mut a = app((w, h), true);
        let mut s = Screen::new(w, h);
        let screen = s.draw(&a);
        let all = rows(screen).join("\n");
        assert!(all.contains("  disputed  "), "{}", dump(screen));
        // The marks' column holds words only: no `!` or `~` before a row's first cell.
        let body = a.areas().unwrap().list_body();
        for r in rows(screen)
            .iter()
            .skip(body.y as usize)
            .take(body.height as usize)
        {
            let lead: String = r.chars().skip(body.x as usize).take(18).collect();
            assert!(!lead.contains(['!', '~', '+', '▸']), "{r:?}");
        }
        // The capex plan is older than the horizon: `stale`, beside `disputed` elsewhere.
        press(&mut a, "4");
        let screen = s.draw(&a);
        let all = rows(screen).join("\n");
        assert!(all.contains("> stale "), "{}", dump(screen));
        assert!(all.contains("disputed stale"), "{}", dump(screen));
        // The selected entry's detail says it in words too.
        assert!(all.contains("POSSIBLY STALE:"), "{}", dump(screen));
        assert!(!all.contains("~ POSSIBLY"), "{}", dump(screen));
        // Space marks a row for comparing: `marked`.
        press(&mut a, "3 ");
        let screen = s.draw(&a);
        let all = rows(screen).join("\n");
        assert!(all.contains("  marked  "), "{}", dump(screen));
        // The current tab is named in brackets, not by reverse video alone.
        assert!(rows(screen)[1].contains("[3 "), "{}", dump(screen));
        // Sorting is said in words.
        assert!(rows(screen)[2].contains("descending"), "{}", dump(screen));
        // The sizes are their figures, with no bar.
        assert!(all.contains("397B | 403B"), "{}", dump(screen));
        // The disputed entry's claims are a list, each claim a `- ` line.
        press(&mut a, "jj\n");
        assert_eq!(a.selected_entry().unwrap().id, "model.qwen3.5");
        let screen = s.draw(&a);
        let all = rows(screen).join("\n");
        assert!(
            all.contains("DISPUTED: the sources differ"),
            "{}",
            dump(screen)
        );
        assert!(!all.contains("! DISPUTED"), "{}", dump(screen));
        // (At 80×24 the claims are below the detail's fold: j scrolls it.)
        press(&mut a, "jj");
        let screen = s.draw(&a);
        let all = rows(screen).join("\n");
        assert!(all.contains("- 397 billion"), "{}", dump(screen));
    }
}

#[test]
fn the_search_overlay_puts_the_cursor_on_the_selected_hit_else_in_the_box() {
    for (w, h) in SIZES {
        let mut a = app((w, h), true);
        let mut s = Screen::new(w, h);
        // An empty box: the cursor where typing goes, after `/ `.
        press(&mut a, "/");
        let screen = s.draw(&a);
        let input = inset(a.areas().unwrap().search_input);
        assert_eq!(screen.cursor_position(), (input.y, input.x + 2));
        assert!(!screen.hide_cursor());
        // As a query is typed, the best hit is selected and the cursor is on it: its line
        // is read out without a key more.
        press(&mut a, "qwen context");
        let screen = s.draw(&a);
        let body = inset(a.areas().unwrap().results);
        let (y, x) = screen.cursor_position();
        assert_eq!(x, body.x, "{}", dump(screen));
        let row = at_cursor(screen);
        assert!(row.starts_with("> "), "{}", dump(screen));
        let best = a.current_entry().unwrap().title.clone();
        assert!(row.contains(&best), "{row:?} names {best}");
        // No caret glyph in the box: the cursor is the caret.
        assert!(!rows(screen)[input.y as usize].contains('▏'));
        // ↓ moves through the hits, and the cursor with them.
        press_code(&mut a, KeyCode::Down);
        let screen = s.draw(&a);
        let (y2, _) = screen.cursor_position();
        assert!(y2 > y, "{}", dump(screen));
        let next = a.current_entry().unwrap().title.clone();
        assert!(at_cursor(screen).contains(&next), "{}", dump(screen));
        assert_plain(screen, "search");
        // Nothing matches: the cursor goes back to the end of the query in the box.
        let mut a = app((w, h), true);
        press(&mut a, "/zqxjzqxj");
        let screen = s.draw(&a);
        let (y, x) = screen.cursor_position();
        assert_eq!(y, input.y, "{}", dump(screen));
        let before = screen.contents_between(y, 0, y, x);
        assert!(before.trim_end().ends_with("/ zqxjzqxj"), "{before:?}");
        assert_eq!(x, input.x + 2 + "zqxjzqxj".len() as u16);
    }
}

#[test]
fn the_filter_box_puts_the_cursor_on_the_selected_row_else_after_the_text() {
    for (w, h) in SIZES {
        let mut a = app((w, h), true);
        let mut s = Screen::new(w, h);
        press(&mut a, "3fqwen3");
        assert_eq!(a.mode, Mode::Filter);
        let screen = s.draw(&a);
        assert_eq!(screen.cursor_position().0, selected_list_row(&a));
        assert!(at_cursor(screen).starts_with("> "), "{}", dump(screen));
        assert_plain(screen, "filter");
        press(&mut a, "zqxj");
        let screen = s.draw(&a);
        let (y, x) = screen.cursor_position();
        let list = a.areas().unwrap().list;
        assert_eq!(y, list.y + list.height - 1, "{}", dump(screen));
        let before = screen.contents_between(y, 0, y, x);
        assert!(before.ends_with("filter: qwen3zqxj"), "{before:?}");
    }
}

#[test]
fn the_disputed_view_puts_the_cursor_on_the_selected_value() {
    for (w, h) in SIZES {
        let mut a = app((w, h), true);
        let mut s = Screen::new(w, h);
        press(&mut a, "D");
        let screen = s.draw(&a);
        let inner = inset(a.areas().unwrap().body);
        assert_eq!(screen.cursor_position(), (inner.y, inner.x));
        assert!(at_cursor(screen).starts_with("> "), "{}", dump(screen));
        let mut last = inner.y;
        for _ in 0..3 {
            press(&mut a, "j");
            let screen = s.draw(&a);
            let (y, x) = screen.cursor_position();
            assert!(y > last, "{}", dump(screen));
            assert_eq!(x, inner.x);
            let d = a.data.disputes[a.disputed.selected];
            let title = &a.kb().entries[d.entry].title;
            let row = at_cursor(screen);
            assert!(row.starts_with(&format!("> {title}")), "{row:?}");
            assert_plain(screen, "disputed view");
            last = y;
        }
    }
}

#[test]
fn without_the_option_the_cursor_stays_hidden_and_the_boxes_are_drawn() {
    for (w, h) in SIZES {
        let mut a = app((w, h), false);
        assert_eq!(a.cursor(), None);
        let mut s = Screen::new(w, h);
        let screen = s.draw(&a);
        assert!(screen.hide_cursor());
        let all = rows(screen).join("\n");
        assert!(all.contains('┌') && all.contains('│'), "{}", dump(screen));
        assert!(all.contains("! "), "the marks are the usual ones");
        press(&mut a, "/qwen");
        assert_eq!(a.cursor(), None);
        assert!(s.draw(&a).hide_cursor());
    }
}

/// The binary with its own `XDG_CONFIG_HOME` and `HOME` under `name`, and none of the
/// user's variables.
fn binary(name: &str, config: Option<&str>) -> Command {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("screen-reader-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("xdg/qwen-tui/config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    if let Some(text) = config {
        std::fs::write(&file, text).unwrap();
    }
    common::binary_in(&dir)
}

/// The `screen_reader = …` line of `config --print`.
fn printed_setting(cmd: &mut Command) -> String {
    let o = cmd.args(["config", "--print"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    toml::from_str::<toml::Table>(&out).expect("valid TOML");
    out.lines()
        .find(|l| l.starts_with("screen_reader = "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| panic!("no screen_reader line in\n{out}"))
}

#[test]
fn the_flag_and_the_config_key_turn_it_on_and_no_screen_reader_off_for_a_run() {
    assert_eq!(
        printed_setting(&mut binary("default", None)),
        "screen_reader = false # default"
    );
    assert_eq!(
        printed_setting(binary("flag", None).arg("--screen-reader")),
        "screen_reader = true # command line --screen-reader"
    );
    let on = "theme = \"light\"\nscreen_reader = true\n";
    assert_eq!(
        printed_setting(&mut binary("file", Some(on))),
        "screen_reader = true # config file, line 2"
    );
    assert_eq!(
        printed_setting(binary("off-for-a-run", Some(on)).arg("--no-screen-reader")),
        "screen_reader = false # command line --no-screen-reader"
    );
    // Of the two flags, the last one wins.
    assert_eq!(
        printed_setting(binary("last", None).args(["--no-screen-reader", "--screen-reader"])),
        "screen_reader = true # command line --screen-reader"
    );
    // A value that is not true or false is refused at its line, with a hint.
    let o = binary("bad", Some("screen_reader = \"yes\"\n"))
        .args(["config", "--print"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1:17: error: `screen_reader` must be true or false, not a string"),
        "{err}"
    );
    assert!(err.contains("write `screen_reader = true`"), "{err}");
}

#[test]
fn on_a_narrow_terminal_the_mark_words_follow_the_name() {
    // At 40 columns a column of mark words would leave no room for the rows' names: the
    // words follow the name instead, and the name is still there.
    let (w, h) = (40, 12);
    let mut a = app((w, h), true);
    let mut s = Screen::new(w, h);
    let all = rows(s.draw(&a)).join("\n");
    assert!(all.contains("Company"), "{all}");
    for _ in 0..6 {
        press(&mut a, "j");
    }
    let all = rows(s.draw(&a)).join("\n");
    let row = all.lines().find(|r| r.contains("(disputed)")).unwrap();
    // No `!` mark before the name: the word says it.
    assert!(row.starts_with("   ") || row.starts_with(" > "), "{row:?}");
    assert!(!row.contains('!'), "{row:?}");
}
