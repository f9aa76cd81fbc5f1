//! The real binary in a pseudo-terminal: keys in, the parsed screen out (vt100). Checks what
//! a person sees, what reaches the clipboard, and that the terminal is given back — out of
//! the alternate screen and out of raw mode — on quit and on SIGTERM.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use base64::Engine;
use common::session::{COLS, ROWS, Session};
use portable_pty::PtySize;

#[test]
fn browse_search_jump_copy_and_quit() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    assert!(s.screen().screen().alternate_screen());
    s.keys("3");
    s.wait_for("Models (");
    s.keys("/dingtalk");
    let screen = s.wait_for_results("dingtalk");
    // The hit line names its tab.
    assert!(screen.contains("product DingTalk"), "{screen}");
    s.keys("\r");
    let screen = s.wait_for("hit 1 of");
    assert!(screen.contains("DingTalk"), "{screen}");
    // y: an OSC 52 sequence carrying the citation.
    s.keys("y");
    s.wait_for("clipboard:");
    let raw = s.raw();
    let text = String::from_utf8_lossy(&raw);
    let start = text.find("\x1b]52;c;").expect("an OSC 52 sequence") + "\x1b]52;c;".len();
    let end = start + text[start..].find('\x07').unwrap();
    let copied = base64::engine::general_purpose::STANDARD
        .decode(&text[start..end])
        .unwrap();
    let copied = String::from_utf8(copied).unwrap();
    assert!(
        copied.contains("DingTalk") && copied.contains("Source"),
        "{copied}"
    );
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn a_query_on_the_command_line_opens_the_search_filled_in() {
    let mut s = Session::start(&["cloud", "rev"]);
    let screen = s.wait_for("/ cloud rev");
    assert!(screen.contains("Cloud revenue"), "{screen}");
    s.keys("\x1b");
    s.wait_for("Overview (");
    s.keys("\x03"); // Ctrl-C
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    let pid = s.child.process_id().unwrap();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert_eq!(s.wait_exit(), 128 + 15, "ended by SIGTERM");
    s.assert_terminal_restored();
}

#[test]
fn the_app_exits_when_its_terminal_goes_away() {
    // Closing the terminal (an SSH drop, a killed tmux pane) hangs up the pty: the app must
    // exit, not spin on a dead input (crossterm's poll never returns then).
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    // Close every handle on the master side: the reader's (after the redraw `j` causes),
    // the writer's, and the master itself. That is a hang-up.
    s.reading.store(false, std::sync::atomic::Ordering::SeqCst);
    let reader = s.reader_thread.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !reader.is_finished() {
        assert!(Instant::now() < deadline, "the reader never stopped");
        s.keys("j"); // a redraw wakes the reader, which then stops
    }
    reader.join().unwrap();
    s.writer = Box::new(std::io::sink());
    s.master = None;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            // SIGHUP (129), or the terminal error that reached the loop first (1); never a
            // panic (101: ratatui's Terminal used to print, and panic, from its Drop).
            let code = status.exit_code();
            assert!(code == 128 + 1 || code == 1, "exit code {code}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still running after its terminal was closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let mut s = Session::start(&[]);
    s.wait_for("Overview (");
    s.master
        .as_ref()
        .unwrap()
        .resize(PtySize {
            rows: 10,
            cols: 25,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    // The parser keeps its own size; the app's note names the size it was given.
    s.wait_for("have 25×10");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn escape_sequences_in_the_file_never_reach_the_terminal() {
    // Double-quoted YAML escapes turn into real control characters when parsed: a title
    // change (OSC 0/2), a clipboard write (OSC 52), a screen clear, a DCS, a cursor report
    // query, C1 CSI, and bidi overrides.
    let hostile = r#"Spring\e]0;pwned\afield\e]2;pwned2\e\\ \e]52;c;cHduZWQ=\a \e[2J\e[6n \ePq#0\e\\ \x9b31m \u202Egnp.exe\u2066"#;
    let yaml = include_str!("fixtures/valid/minimal.yaml")
        .replace("value: Springfield", &format!("value: \"{hostile}\""))
        .replace("label: Headquarters", &format!("label: \"HQ {hostile}\""));
    let path =
        std::env::temp_dir().join(format!("qwen-tui-pty-escapes-{}.yaml", std::process::id()));
    std::fs::write(&path, yaml).unwrap();

    let mut s = Session::start(&["--data", path.to_str().unwrap()]);
    s.wait_for("Overview (");
    s.keys("\r"); // the detail of the first quick fact: the hostile one
    s.wait_for("Detail");
    s.keys("\x1b"); // alone: Esc then `/` at once would read as Alt-/
    s.keys("/spring");
    s.wait_for_results("spring");
    s.keys("\r");
    s.keys("y");
    s.wait_for("clipboard:");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    std::fs::remove_file(&path).unwrap();

    // The payload's printable letters may show (inert, after a placeholder); its controls
    // must not.
    let raw = s.raw();
    let text = String::from_utf8_lossy(&raw);
    for (seq, what) in [
        ("\x1b]0;", "a window title change"),
        ("\x1b]2;", "a window title change"),
        ("\x1b[6n", "a cursor position query"),
        ("\x1bP", "a device control string"),
        ("\u{9b}", "a C1 control"),
        ("\u{202e}", "a bidi override"),
    ] {
        assert!(!text.contains(seq), "{what} reached the terminal");
    }
    // Exactly one clipboard write: ours, for `y`, and what it carries is clean.
    assert_eq!(text.matches("\x1b]52;").count(), 1, "one OSC 52, from y");
    let start = text.find("\x1b]52;c;").unwrap() + "\x1b]52;c;".len();
    let end = start + text[start..].find('\x07').unwrap();
    let copied = base64::engine::general_purpose::STANDARD
        .decode(&text[start..end])
        .unwrap();
    let copied = String::from_utf8(copied).unwrap();
    assert!(copied.contains("Spring"), "{copied}");
    assert!(
        !copied.chars().any(|c| c.is_control() && c != '\n'),
        "{copied:?}"
    );
    assert!(!copied.contains('\u{202e}'), "{copied:?}");
}

/// Saves `text` the way many editors do: a new file renamed over the old one.
fn save_by_rename(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn live_reload_keeps_the_place_and_survives_a_broken_save() {
    let dir = std::env::temp_dir().join(format!("qwen-tui-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("kb.yaml");
    let original = include_str!("fixtures/valid/minimal.yaml");
    std::fs::write(&path, original).unwrap();

    let mut s = Session::start(&["--data", path.to_str().unwrap()]);
    s.wait_for("Overview (");
    s.keys("j"); // select Employees, the second quick fact
    s.wait_for("overview · staff");

    // A valid edit, saved in place: the new figure shows, the selection stays.
    std::fs::write(&path, original.replace("~1,200", "~1,300")).unwrap();
    let screen = s.wait_for("~1,300");
    assert!(
        screen.contains("overview · staff"),
        "selection kept:\n{screen}"
    );
    assert!(screen.contains("reloaded"), "{screen}");

    // A broken edit, saved by rename: the old data stays, with the error and its position.
    let broken = original.replace("~1,200", "~1,400").replace(
        "  title: Example knowledge base",
        "  titel: Example knowledge base",
    );
    save_by_rename(&path, &broken);
    let screen = s.wait_for("reload failed");
    assert!(screen.contains("kb.yaml:2:3"), "{screen}");
    assert!(
        screen.contains("~1,300") && !screen.contains("~1,400"),
        "old data kept:\n{screen}"
    );

    // Fixed, again by rename: picked up, the banner goes.
    save_by_rename(&path, &original.replace("~1,200", "~1,500"));
    let screen = s.wait_for("~1,500");
    assert!(!screen.contains("reload failed"), "{screen}");
    assert!(screen.contains("overview · staff"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_large_file_shows_a_loading_note_that_is_erased_when_done() {
    // About 3 MB: over the size that gets a note, and in a debug build slow enough to
    // outlast the quarter second before it appears.
    let path = std::env::temp_dir().join(format!("qwen-tui-pty-large-{}.yaml", std::process::id()));
    std::fs::write(&path, qwen_tui::kb::synth::knowledge_base(12_000, 5)).unwrap();
    let mut s = Session::start(&["check", path.to_str().unwrap()]);
    s.wait_for("qwen-tui: loading qwen-tui-pty-large");
    assert_eq!(s.wait_exit(), 0);
    let screen = s.wait_for("valid");
    assert!(
        !screen.contains("loading"),
        "the note was left behind:\n{screen}"
    );
    let _ = std::fs::remove_file(&path);
}

/// Writes `text` as the config file under a fresh `XDG_CONFIG_HOME`; returns that folder.
fn config_home(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pty-config")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("qwen-tui")).unwrap();
    std::fs::write(dir.join("qwen-tui/config.toml"), text).unwrap();
    dir
}

#[test]
fn the_config_files_tab_and_theme_take_effect_and_beat_no_color() {
    let home = config_home(
        "light-models",
        "theme = \"light\"\ndefault_tab = \"models\"\n",
    );
    let mut s = Session::start_with(
        &[],
        &[
            ("XDG_CONFIG_HOME", home.as_os_str()),
            ("NO_COLOR", std::ffi::OsStr::new("1")),
        ],
    );
    s.wait_for("Models (");
    let p = s.screen();
    // The header is drawn in the light theme's blue: the colours got through NO_COLOR,
    // because the config file names a theme.
    let header = p.screen().cell(0, 2).unwrap();
    assert_eq!(header.fgcolor(), vt100::Color::Idx(4), "{header:?}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();

    // Without a config file, NO_COLOR means no colour at all, and the selection is shown
    // in reverse video.
    let mut s = Session::start_with(&[], &[("NO_COLOR", std::ffi::OsStr::new("1"))]);
    s.wait_for("Overview (");
    let p = s.screen();
    let coloured = (0..ROWS)
        .flat_map(|y| (0..COLS).map(move |x| (y, x)))
        .filter_map(|(y, x)| p.screen().cell(y, x))
        .filter(|c| c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default)
        .count();
    assert_eq!(coloured, 0);
    // The selected entry (the first, under the "Quick facts" heading) is reversed.
    let y = (0..ROWS)
        .find(|&y| {
            p.screen()
                .contents_between(y, 0, y, 12)
                .starts_with("│  Company")
        })
        .expect("the first entry is on screen");
    assert!(p.screen().cell(y, 10).unwrap().inverse());
    assert!(!p.screen().cell(y + 1, 10).unwrap().inverse());
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}
