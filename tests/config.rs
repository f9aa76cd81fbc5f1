//! The config file through the real binary: where it is looked for, what `config --print`
//! shows, which setting wins, and one fixture per way a config file can be wrong
//! (`tests/invalid_configs/`, each declaring the message it must produce:
//! `# expect: LINE:COL: message` — several allowed — and `# hint: text`).
//!
//! Every run gets its own `XDG_CONFIG_HOME` and `HOME`, so the user's real config file is
//! never read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("config-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

mod common;

use common::binary_in as binary;

/// Writes the config file at the default location under `dir`; returns its path.
fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("xdg/qwen-tui/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// `config --print`'s output: (key, value as TOML, the comment saying where it came
/// from), after checking that the whole output is valid TOML.
fn printed(o: &Output) -> Vec<(String, toml::Value, String)> {
    assert!(o.status.success(), "{}", stderr(o));
    let out = stdout(o);
    let table: toml::Table = toml::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    out.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (setting, origin) = l.split_once("  # ").unwrap();
            let key = setting.split(" = ").next().unwrap().trim().to_string();
            (key.clone(), table[&key].clone(), origin.to_string())
        })
        .collect()
}

/// The value and origin of one key in `config --print`'s output.
fn setting(o: &Output, key: &str) -> (toml::Value, String) {
    printed(o)
        .into_iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, v, origin)| (v, origin))
        .unwrap_or_else(|| panic!("no `{key}` in\n{}", stdout(o)))
}

fn s(v: &str) -> toml::Value {
    toml::Value::String(v.into())
}

fn minimal_kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.yaml")
}

#[test]
fn without_a_config_file_print_shows_the_defaults_and_where_it_looked() {
    let dir = scratch("defaults");
    let o = run(binary(&dir).args(["config", "--print"]));
    let all = printed(&o);
    let keys: Vec<&str> = all.iter().map(|(k, _, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "data",
            "theme",
            "mouse",
            "screen_reader",
            "default_tab",
            "stale_horizon"
        ]
    );
    for (key, _, origin) in &all {
        assert!(origin.starts_with("default"), "{key}: {origin}");
    }
    assert_eq!(setting(&o, "data").0, toml::Value::Array(vec![]));
    assert!(
        setting(&o, "data")
            .1
            .contains("the embedded knowledge base")
    );
    assert_eq!(setting(&o, "theme").0, s("dark"));
    assert_eq!(setting(&o, "mouse").0, toml::Value::Boolean(false));
    assert_eq!(setting(&o, "default_tab").0, s("overview"));
    assert_eq!(setting(&o, "stale_horizon").0, s("12 months"));
    let expected = dir.join("xdg/qwen-tui/config.toml");
    assert!(
        stdout(&o).contains(&format!(
            "# config file: none at {} (the default location); defaults apply",
            expected.display()
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn without_xdg_config_home_the_file_is_under_home() {
    let dir = scratch("home");
    let path = dir.join("home/.config/qwen-tui/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "theme = \"light\"\n").unwrap();
    let o = run(binary(&dir)
        .env_remove("XDG_CONFIG_HOME")
        .args(["config", "--print"]));
    assert_eq!(
        setting(&o, "theme"),
        (s("light"), "config file, line 1".into())
    );
    let o = run(binary(&dir)
        .env_remove("XDG_CONFIG_HOME")
        .args(["config", "--path"]));
    assert_eq!(stdout(&o).trim_end(), path.display().to_string());
}

#[test]
fn print_shows_each_setting_from_the_config_file_with_its_line() {
    let dir = scratch("from-file");
    let config = write_config(
        &dir,
        "# my settings\n\
         theme = \"light\"\n\
         mouse = true\n\
         default_tab = \"fin\"\n\
         stale_horizon = \"90 days\"\n\
         data = [\"kb/one.yaml\", \"~/two.yaml\"]\n",
    );
    let o = run(binary(&dir).args(["config", "--print"]));
    assert_eq!(
        setting(&o, "theme"),
        (s("light"), "config file, line 2".into())
    );
    assert_eq!(
        setting(&o, "mouse"),
        (toml::Value::Boolean(true), "config file, line 3".into())
    );
    assert_eq!(
        setting(&o, "default_tab"),
        (s("finances"), "config file, line 4".into())
    );
    assert_eq!(
        setting(&o, "stale_horizon"),
        (s("90 days"), "config file, line 5".into())
    );
    // A relative path is taken from the config file's folder; `~` is the home folder.
    let folder = config.parent().unwrap();
    assert_eq!(
        setting(&o, "data"),
        (
            toml::Value::Array(vec![
                s(&folder.join("kb/one.yaml").display().to_string()),
                s(&dir.join("home/two.yaml").display().to_string()),
            ]),
            "config file, line 6".into()
        )
    );
    assert!(
        stdout(&o).contains(&format!(
            "# config file: {} (the default location)",
            config.display()
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file() {
    let dir = scratch("precedence");
    write_config(
        &dir,
        "data = \"/from/file.yaml\"\ntheme = \"light\"\nmouse = true\ndefault_tab = \"models\"\n",
    );
    // The file alone.
    let o = run(binary(&dir).args(["config", "--print"]));
    assert_eq!(setting(&o, "data").0, s("/from/file.yaml"));
    // The environment over the file.
    let o = run(binary(&dir)
        .env("QWEN_TUI_DATA", "/from/env.yaml")
        .args(["config", "--print"]));
    assert_eq!(
        setting(&o, "data"),
        (
            s("/from/env.yaml"),
            "environment variable QWEN_TUI_DATA".into()
        )
    );
    // The flag over both.
    let o = run(binary(&dir).env("QWEN_TUI_DATA", "/from/env.yaml").args([
        "--data",
        "/from/flag.yaml",
        "config",
        "--print",
    ]));
    assert_eq!(
        setting(&o, "data"),
        (s("/from/flag.yaml"), "command line --data".into())
    );
    // --theme, --no-mouse and --tab over the file.
    let o = run(binary(&dir).args([
        "--theme",
        "monochrome",
        "--no-mouse",
        "--tab",
        "risks",
        "config",
        "--print",
    ]));
    assert_eq!(
        setting(&o, "theme"),
        (s("monochrome"), "command line --theme".into())
    );
    assert_eq!(
        setting(&o, "mouse"),
        (
            toml::Value::Boolean(false),
            "command line --no-mouse".into()
        )
    );
    assert_eq!(
        setting(&o, "default_tab"),
        (s("risks"), "command line --tab".into())
    );
    // Of --mouse and --no-mouse, the last one given wins.
    let o = run(binary(&dir).args(["--no-mouse", "--mouse", "config", "--print"]));
    assert_eq!(
        setting(&o, "mouse"),
        (toml::Value::Boolean(true), "command line --mouse".into())
    );
}

#[test]
fn no_color_means_monochrome_unless_the_config_file_or_a_flag_names_a_theme() {
    let dir = scratch("no-color");
    let o = run(binary(&dir)
        .env("NO_COLOR", "1")
        .args(["config", "--print"]));
    assert_eq!(
        setting(&o, "theme"),
        (s("monochrome"), "environment variable NO_COLOR".into())
    );
    // Empty is the same as unset (no-color.org).
    let o = run(binary(&dir).env("NO_COLOR", "").args(["config", "--print"]));
    assert_eq!(setting(&o, "theme"), (s("dark"), "default".into()));
    // User-level configuration overrides NO_COLOR.
    write_config(&dir, "theme = \"dark\"\n");
    let o = run(binary(&dir)
        .env("NO_COLOR", "1")
        .args(["config", "--print"]));
    assert_eq!(
        setting(&o, "theme"),
        (s("dark"), "config file, line 1".into())
    );
    std::fs::remove_file(dir.join("xdg/qwen-tui/config.toml")).unwrap();
    let o = run(binary(&dir)
        .env("NO_COLOR", "1")
        .args(["--theme", "light", "config", "--print"]));
    assert_eq!(
        setting(&o, "theme"),
        (s("light"), "command line --theme".into())
    );
}

#[test]
fn the_printed_settings_are_a_config_file_that_gives_the_same_settings() {
    let dir = scratch("round-trip");
    let o = run(binary(&dir)
        .env("NO_COLOR", "1")
        .args(["--data", "some \"odd\" name\\.yaml", "--mouse"])
        .args(["--tab", "peo", "config", "--print"]));
    let first = printed(&o);
    let saved = dir.join("saved.toml");
    std::fs::write(&saved, stdout(&o)).unwrap();
    let o = run(binary(&dir).args(["--config", saved.to_str().unwrap(), "config", "--print"]));
    let second = printed(&o);
    for ((k1, v1, _), (k2, v2, origin)) in first.iter().zip(&second) {
        assert_eq!((k1, v1), (k2, v2));
        assert!(origin.starts_with("config file, line"), "{k2}: {origin}");
    }
    assert!(
        stdout(&o).contains(&format!(
            "# config file: {} (given by --config)",
            saved.display()
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_config_files_data_is_what_the_commands_load() {
    let dir = scratch("data");
    let kb = dir.join("xdg/qwen-tui/kb.yaml");
    std::fs::create_dir_all(kb.parent().unwrap()).unwrap();
    std::fs::copy(minimal_kb(), &kb).unwrap();
    write_config(&dir, "data = \"kb.yaml\"\n");
    let o = run(binary(&dir).args(["search", "springfield"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Headquarters — Springfield"),
        "{}",
        stdout(&o)
    );
    let o = run(binary(&dir).args(["check"]));
    assert!(
        stdout(&o).starts_with(&format!("{}: valid", kb.display())),
        "{}",
        stdout(&o)
    );
}

#[test]
fn config_and_its_environment_variable_choose_the_file() {
    let dir = scratch("choose");
    let mine = dir.join("mine.toml");
    std::fs::write(&mine, "\n\ndefault_tab = \"people\"\n").unwrap();
    let o = run(binary(&dir)
        .env("QWEN_TUI_CONFIG", &mine)
        .args(["config", "--print"]));
    assert_eq!(
        setting(&o, "default_tab"),
        (s("people"), "config file, line 3".into())
    );
    assert!(stdout(&o).contains("(given by QWEN_TUI_CONFIG)"));
    let o = run(binary(&dir)
        .env("QWEN_TUI_CONFIG", &mine)
        .args(["config", "--path"]));
    assert_eq!(stdout(&o).trim_end(), mine.display().to_string());
    let o = run(binary(&dir).args(["config", "--path"]));
    assert_eq!(
        stdout(&o).trim_end(),
        dir.join("xdg/qwen-tui/config.toml").display().to_string()
    );
}

#[test]
fn a_missing_named_config_file_is_an_error_but_a_missing_default_one_is_not() {
    let dir = scratch("missing");
    let gone = dir.join("gone.toml");
    let o = run(binary(&dir).args(["--config", gone.to_str().unwrap(), "config", "--print"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{}: error: cannot read the config file: no such file",
            gone.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("hint:"));
    let o = run(binary(&dir)
        .env("QWEN_TUI_CONFIG", &gone)
        .args(["search", "qwen"]));
    assert_eq!(o.status.code(), Some(1));
    let o = run(binary(&dir).args(["--config", dir.to_str().unwrap(), "config", "--print"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    let o = run(binary(&dir).args(["search", "qwen"]));
    assert!(o.status.success(), "{}", stderr(&o));
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The values of `# key: …` lines at the top of a fixture.
fn header(text: &str, key: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix(&format!("# {key}: ")).map(str::to_string))
        .collect()
}

#[test]
fn every_invalid_config_fails_with_its_message_position_and_hint() {
    let dir = scratch("invalid");
    let files = fixtures();
    assert!(files.len() >= 15, "found {}", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expects = header(&text, "expect");
        let hint = header(&text, "hint");
        assert!(!expects.is_empty() && hint.len() == 1, "{}", path.display());
        let o = run(binary(&dir).args(["--config", path.to_str().unwrap(), "config", "--print"]));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", path.display());
        assert!(o.stdout.is_empty(), "{}", path.display());
        for expect in expects {
            let wanted = format!(
                "{}:{}",
                path.display(),
                expect.replacen(": ", ": error: ", 1)
            );
            assert!(err.contains(&wanted), "wanted: {wanted}\n   got: {err}");
        }
        assert!(
            err.contains(&format!("  hint: {}", hint[0]))
                || err
                    .lines()
                    .any(|l| l.starts_with("  hint: ") && l.contains(&hint[0])),
            "{}: wanted hint {:?}\n got: {err}",
            path.display(),
            hint[0]
        );
    }
}

#[test]
fn a_bad_config_file_stops_every_command_that_uses_it_before_it_starts() {
    let dir = scratch("stops");
    let config = write_config(&dir, "theme = \"drak\"\n");
    let wanted = format!("{}:1:9: error: unknown theme `drak`", config.display());
    for args in [
        vec![],
        vec!["search", "qwen"],
        vec!["show", "ov.ceo"],
        vec!["check"],
    ] {
        let o = run(binary(&dir).args(&args));
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(&wanted), "{args:?}: {}", stderr(&o));
        // Nothing was drawn: the terminal was not touched.
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // What does not need the settings still works, so the file can be found and fixed.
    for args in [vec!["config", "--path"], vec!["schema"], vec!["man"]] {
        let o = run(binary(&dir).args(&args));
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_config_file_that_is_not_utf8_is_reported_where_it_goes_wrong() {
    let dir = scratch("not-utf8");
    let path = dir.join("latin1.toml");
    std::fs::write(&path, b"theme = \"light\"\n# caf\xe9\n").unwrap();
    let o = run(binary(&dir).args(["--config", path.to_str().unwrap(), "config", "--print"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{}:2:6: error: the config file is not UTF-8",
            path.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_oversized_value_is_quoted_cut_in_the_error() {
    let dir = scratch("oversized");
    let path = dir.join("config.toml");
    let huge = "x".repeat(900_000);
    std::fs::write(&path, format!("theme = \"{huge}\"\n")).unwrap();
    let o = run(binary(&dir).args(["--config", path.to_str().unwrap(), "config", "--print"]));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("unknown theme `xxxx"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(
        err.contains("… (900000 characters)"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(err.len() < 2_000, "the error is {} bytes", err.len());
}
