//! Text from outside the knowledge base — file and directory names, command-line words,
//! environment values, config values, history lines — never reaches a terminal with an
//! escape sequence, a control character or a bidi override in it (issue 14): each command
//! is run on a knowledge base whose file name holds an OSC 0 (window title), an OSC 52
//! (clipboard write) and a right-to-left override.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, OnceLock};

use qwen_tui::explorer::app::{App, Loaded, Options};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// What an attacker puts in a name: a window title, a clipboard write, a bidi override.
const HOSTILE: &str = "\x1b]0;pwned\x07\x1b]52;c;Y3VybCB4IHwgc2g=\x07\u{202e}";

/// Fails if `text` holds an ESC, a BEL or a bidi override (what the sanitiser removes).
fn assert_clean(what: &str, text: &str) {
    for bad in ['\x1b', '\x07', '\u{202e}'] {
        assert!(
            !text.contains(bad),
            "{what}: U+{:04X} reached the output:\n{}",
            u32::from(bad),
            text.escape_debug()
        );
    }
}

/// Runs the binary and checks both of its streams; returns the output.
fn run_clean(args: &[&str], env: &[(&str, &str)]) -> Output {
    let o = common::run_with(args, env);
    let what = format!("{args:?}");
    assert_clean(
        &format!("stdout of {what}"),
        &String::from_utf8_lossy(&o.stdout),
    );
    assert_clean(
        &format!("stderr of {what}"),
        &String::from_utf8_lossy(&o.stderr),
    );
    o
}

/// A folder of this test binary's own, holding a valid knowledge base, an invalid one and
/// a folder, each with [`HOSTILE`] in its name (made afresh by each run, so runs do not
/// pile up).
fn place() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("outside-text");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(format!("dir{HOSTILE}"))).unwrap();
        let valid = std::fs::read_to_string(common::fixture("valid/minimal.yaml")).unwrap();
        std::fs::write(dir.join(format!("kb{HOSTILE}.yaml")), &valid).unwrap();
        std::fs::write(dir.join(format!("dir{HOSTILE}/kb{HOSTILE}.yaml")), &valid).unwrap();
        std::fs::write(dir.join(format!("bad{HOSTILE}.yaml")), "meta: [\n").unwrap();
        dir
    })
}

fn path(name: &str) -> String {
    place().join(name).display().to_string()
}

fn valid() -> String {
    path(&format!("kb{HOSTILE}.yaml"))
}

#[test]
fn check_names_the_file_without_its_escapes() {
    let o = run_clean(&["check", &valid()], &[]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("kb\u{fffd}]0;pwned\u{fffd}"), "{out}");
    assert!(
        out.lines().next().unwrap().ends_with(".yaml: valid"),
        "{out}"
    );
    let dir = path(&format!("dir{HOSTILE}"));
    assert!(run_clean(&["check", &dir], &[]).status.success());
    assert!(run_clean(&["--data", &dir, "check"], &[]).status.success());
}

#[test]
fn check_of_an_invalid_or_missing_file_reports_it_without_its_escapes() {
    let bad = path(&format!("bad{HOSTILE}.yaml"));
    let missing = path(&format!("missing{HOSTILE}.yaml"));
    for file in [&bad, &missing] {
        let o = run_clean(&["check", file], &[]);
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stderr).contains(": 1 error"));
    }
}

#[test]
fn every_command_on_such_a_file_prints_no_escape() {
    let kb = valid();
    let bad = path(&format!("bad{HOSTILE}.yaml"));
    let missing = path(&format!("missing{HOSTILE}.yaml"));
    for args in [
        &["search", "example"][..],
        &["search", "--json", "example"],
        &["search", "--format", "markdown", "example"],
        &["show", "ceo"],
        &["show", "--json", "ceo"],
        &["show", "--format", "markdown", "ceo"],
        &["brief"],
        &["brief", "--format", "markdown"],
    ] {
        let o = run_clean(&[&["--data", kb.as_str()][..], args].concat(), &[]);
        assert!(o.status.success(), "{args:?}");
    }
    for file in [&bad, &missing] {
        for args in [&["search", "x"][..], &["show", "ceo"], &["brief"]] {
            let o = run_clean(&[&["--data", file.as_str()][..], args].concat(), &[]);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
        }
    }
}

#[test]
fn json_output_escapes_control_characters() {
    // What `--json` relies on: serde_json writes ESC and BEL as `\u001b` and `\u0007`.
    let json = serde_json::to_string("\x1b]0;x\x07").unwrap();
    assert_eq!(json, "\"\\u001b]0;x\\u0007\"");
}

#[test]
fn query_words_and_ids_are_shown_without_their_escapes() {
    let kb = valid();
    for args in [
        &["search", "exa\u{202e}mple", "\x1b[31m"][..],
        &["search", "\x1b]0;pwned\x07"],
        &["search", "tag:\u{202e}\x1b[31m"],
        &["search", "--json", "\u{202e}\x1b[31mzzz"],
        &["show", "c\u{202e}eo\x1b]0;pwned\x07"],
    ] {
        run_clean(&[&["--data", kb.as_str()][..], args].concat(), &[]);
    }
}

#[test]
fn usage_errors_and_help_show_outside_text_without_its_escapes() {
    // Forced colours stand for a terminal: clap strips escapes only from a pipe.
    let colour = [("CLICOLOR_FORCE", "1")];
    for args in [
        &["--tab", HOSTILE, "check"][..],
        &["search", "--tab", HOSTILE, "x"],
        &["--theme", HOSTILE],
        &["check", &format!("--bogus{HOSTILE}")],
        &["brief", "--format", HOSTILE],
    ] {
        let o = run_clean(args, &colour);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("error:"));
    }
    // `--help` shows the values of the environment variables it reads.
    let data = format!("/kb{HOSTILE}.yaml");
    let o = run_clean(&["--help"], &[("QWEN_TUI_DATA", &data), colour[0]]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("QWEN_TUI_DATA=/kb"));
    // Without anything from outside, clap's colours stay.
    let o = common::run_with(&["--tab", "nope"], &colour);
    assert!(String::from_utf8_lossy(&o.stderr).contains('\x1b'));
}

#[test]
fn config_print_echoes_no_escape_from_the_config_file_or_the_command_line() {
    let config = place().join("config.toml");
    // TOML escapes, so the file itself is plain text.
    std::fs::write(
        &config,
        "data = [\"a\\u202Eb.yaml\", \"c\\u001B]0;pwned\\u0007.yaml\", \"d\\u2066e\\u200Bf.yaml\"]\n",
    )
    .unwrap();
    let config = config.display().to_string();
    let o = run_clean(&["--config", &config, "config", "--print"], &[]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    // Still valid TOML for the same paths: the characters are written as escapes.
    let data_line = out.lines().find(|l| l.starts_with("data = ")).unwrap();
    let table: toml::Table = toml::from_str(data_line.split("  #").next().unwrap()).unwrap();
    let paths: Vec<&str> = table["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(paths[0].ends_with("a\u{202e}b.yaml"), "{paths:?}");
    assert!(paths[2].ends_with("d\u{2066}e\u{200b}f.yaml"), "{paths:?}");
    let o = run_clean(&["--data", &valid(), "config", "--print"], &[]);
    assert!(o.status.success());
    // A value the file may not hold, and a config file named with escapes.
    std::fs::write(
        place().join("theme.toml"),
        "theme = \"\\u202E\\u001B]0;x\\u0007\"\n",
    )
    .unwrap();
    let theme = place().join("theme.toml").display().to_string();
    assert_eq!(
        run_clean(&["--config", &theme, "config", "--print"], &[])
            .status
            .code(),
        Some(1)
    );
    let named = path(&format!("c{HOSTILE}.toml"));
    assert_eq!(
        run_clean(&["--config", &named, "config", "--print"], &[])
            .status
            .code(),
        Some(1)
    );
    assert!(
        run_clean(&["--config", &named, "config", "--path"], &[])
            .status
            .success()
    );
}

fn data() -> Arc<Loaded> {
    static DATA: OnceLock<Arc<Loaded>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(Loaded::new(qwen_tui::kb::load_embedded().unwrap())))
        .clone()
}

/// Every cell's symbol of `app` drawn at 100×30, in one string.
fn drawn(app: &App) -> String {
    let area = Rect::new(0, 0, 100, 30);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buf.content.iter().map(|c| c.symbol()).collect()
}

#[test]
fn the_search_box_shows_command_line_words_without_their_escapes() {
    let app =
        App::new(data(), Options::default(), (100, 30)).with_query("qw\u{202e}en \x1b]0;pwned\x07");
    assert!(!app.search.query.contains(['\u{202e}', '\x1b', '\x07']));
    assert_clean("the screen", &drawn(&app));
}

#[test]
fn the_status_line_draws_no_bidi_override() {
    let mut app = App::new(data(), Options::default(), (100, 30));
    app.status = Some(format!("reloaded kb{HOSTILE}.yaml"));
    assert_clean("the status line", &drawn(&app));
    app.reload_error = Some(format!("kb{HOSTILE}.yaml: error: unclosed bracket"));
    assert_clean("the reload banner", &drawn(&app));
}

#[cfg(unix)]
#[test]
fn the_explorer_opened_with_such_words_on_such_a_file_writes_none_to_the_terminal() {
    let kb = valid();
    let mut s = common::session::Session::start(&["--data", &kb, "exa\u{202e}mple", HOSTILE]);
    s.wait_for("/ exa");
    s.keys("\x1b");
    s.keys("q");
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    // The explorer writes escape sequences of its own: look for the hostile ones only.
    for bad in ["\u{202e}", "\x1b]0;pwned", "\x1b]52;c;Y3Vy"] {
        assert!(!raw.contains(bad), "{:?} reached the terminal", bad);
    }
}
