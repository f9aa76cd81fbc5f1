//! `qwen-tui config --print`: the settings in effect as TOML that can be pasted into a
//! config file, each line followed by a comment saying where its value came from.

use std::fmt::Write;
use std::path::Path;

use super::{Origin, Settings, absolute};
use crate::kb::sanitize::{is_plain, sanitize_line};

/// A TOML basic string: quotes, backslashes and every character the sanitiser would not
/// show as it is (controls, bidi overrides, invisible ones) escaped. Escaped rather than
/// sanitised away: the output stays a config file naming the same paths, and shows on a
/// terminal as plain text.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !is_plain(c) && u32::from(c) > 0xFFFF => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
            c if !is_plain(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn path_string(p: &Path) -> String {
    toml_string(&absolute(p).to_string_lossy())
}

/// Where the config file is and whether it was read, as comment lines.
fn file_lines(s: &Settings) -> String {
    let how = match &s.file.origin {
        Origin::Flag(f) => format!("given by {f}"),
        Origin::Env(v) => format!("given by {v}"),
        _ => "the default location".to_string(),
    };
    match &s.file.path {
        None => "# config file: none (neither XDG_CONFIG_HOME nor HOME is set)\n".to_string(),
        Some(p) => {
            let shown = sanitize_line(&absolute(p).display().to_string()).into_owned();
            if s.file.read {
                format!("# config file: {shown} ({how})\n")
            } else {
                format!("# config file: none at {shown} ({how}); defaults apply\n")
            }
        }
    }
}

/// The whole output of `config --print`.
pub fn render(s: &Settings) -> String {
    let data = match s.data.value.as_slice() {
        [] => "[]".to_string(),
        [one] => path_string(one),
        many => {
            let items: Vec<String> = many.iter().map(|p| path_string(p)).collect();
            format!("[{}]", items.join(", "))
        }
    };
    let data_origin = if s.data.value.is_empty() {
        format!("{}: the embedded knowledge base", s.data.origin)
    } else {
        s.data.origin.to_string()
    };
    let lines = [
        (format!("data = {data}"), data_origin),
        (
            format!("theme = {}", toml_string(s.theme.value.name())),
            s.theme.origin.to_string(),
        ),
        (
            format!("mouse = {}", s.mouse.value),
            s.mouse.origin.to_string(),
        ),
        (
            format!("screen_reader = {}", s.screen_reader.value),
            s.screen_reader.origin.to_string(),
        ),
        (
            format!("default_tab = {}", toml_string(s.default_tab.value.name())),
            s.default_tab.origin.to_string(),
        ),
        (
            format!(
                "stale_horizon = {}",
                toml_string(&s.stale_horizon.value.to_string())
            ),
            s.stale_horizon.origin.to_string(),
        ),
    ];
    let column = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .filter(|&n| n <= 40)
        .max()
        .unwrap_or(0);
    let mut out =
        String::from("# qwen-tui: the settings in effect (valid TOML for a config file)\n");
    out.push_str(&file_lines(s));
    for (line, origin) in lines {
        let pad = column.saturating_sub(line.chars().count());
        let _ = writeln!(out, "{line}{}  # {origin}", " ".repeat(pad));
    }
    out
}

/// `qwen-tui config --path`: the config file's path, whether or not it exists (exit 1
/// when there is no place for one).
pub fn path(file: &super::ConfigFile) -> u8 {
    use std::io::Write as _;
    match &file.path {
        Some(p) => {
            let shown = sanitize_line(&absolute(p).display().to_string()).into_owned();
            let _ = writeln!(std::io::stdout(), "{shown}");
            0
        }
        None => {
            let _ = writeln!(
                std::io::stderr(),
                "qwen-tui: no config file location: neither XDG_CONFIG_HOME nor HOME is set\n  hint: name one with --config PATH or QWEN_TUI_CONFIG"
            );
            crate::cli::commands::EXIT_FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(toml_string("plain"), "\"plain\"");
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(toml_string("tab\there\n"), "\"tab\\there\\n\"");
        assert_eq!(toml_string("esc\x1b[31m"), "\"esc\\u001B[31m\"");
        assert_eq!(toml_string("通义"), "\"通义\"");
        // Bidi overrides and invisible characters are escaped too: nothing in the output
        // would be changed by the sanitiser, and it still reads back as the same string.
        assert_eq!(
            toml_string("a\u{202e}b\u{e0041}"),
            "\"a\\u202Eb\\U000E0041\""
        );
        for s in [
            "a\"b\\c",
            "esc\x1b[31m\u{7f}\u{9b}",
            "tab\there\n",
            "通义",
            "rtl\u{202e}\u{2066}zw\u{200b}\u{feff}\u{2028}tag\u{e0041}",
        ] {
            let doc = format!("k = {}", toml_string(s));
            assert!(
                matches!(
                    crate::kb::sanitize::sanitize(&doc),
                    std::borrow::Cow::Borrowed(_)
                ),
                "{doc}"
            );
            let table: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(table["k"].as_str(), Some(s));
        }
    }
}
