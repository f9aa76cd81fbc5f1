//! The config file: where it is, reading it, and checking every key with its `line:col`.
//! The file is only ever read, never written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::explorer::theme::ThemeName;
use crate::kb::age::{HORIZON_FORMS, Horizon};
use crate::kb::diagnostic::nearest;
use crate::kb::node::Pos;
use crate::kb::{Diagnostic, LoadError, Tab};

/// The keys a config file may hold, in the order `config --print` shows them.
pub const KEYS: [&str; 6] = [
    "data",
    "theme",
    "mouse",
    "screen_reader",
    "default_tab",
    "stale_horizon",
];

/// Largest config file read, in bytes (a config file is a few lines).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A value from the config file and the line it is on.
#[derive(Clone, Debug, PartialEq)]
pub struct AtLine<T> {
    pub value: T,
    pub line: u32,
}

/// What a config file sets; `None` for each key it leaves out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileSettings {
    /// Paths resolved: `~` expanded, relative ones against the file's folder.
    pub data: Option<AtLine<Vec<PathBuf>>>,
    pub theme: Option<AtLine<ThemeName>>,
    pub mouse: Option<AtLine<bool>>,
    pub screen_reader: Option<AtLine<bool>>,
    pub default_tab: Option<AtLine<Tab>>,
    pub stale_horizon: Option<AtLine<Horizon>>,
}

/// `$XDG_CONFIG_HOME/qwen-tui/config.toml`, else `~/.config/qwen-tui/config.toml` (on
/// macOS too). `None` when neither variable gives a place. A relative `XDG_CONFIG_HOME`
/// is ignored, as the XDG specification says.
pub fn default_path(xdg_config_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let base = xdg_config_home
        .filter(|d| d.is_absolute())
        .map(Path::to_path_buf)
        .or_else(|| {
            home.filter(|h| !h.as_os_str().is_empty())
                .map(|h| h.join(".config"))
        })?;
    Some(base.join("qwen-tui").join("config.toml"))
}

fn whole(path: &Path, message: String, hint: &str) -> LoadError {
    LoadError::single(
        Diagnostic::new(&path.display().to_string(), Pos::UNKNOWN, message).hint(hint),
    )
}

/// Reads the config file. `Ok(None)`: it does not exist and `must_exist` is false (the
/// default location).
pub fn read(path: &Path, must_exist: bool) -> Result<Option<String>, LoadError> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => return Ok(None),
        Err(e) => {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            return Err(whole(
                path,
                format!("cannot read the config file: {reason}"),
                "check the path given by --config or QWEN_TUI_CONFIG",
            ));
        }
        Ok(meta) => meta,
    };
    if !meta.is_file() {
        return Err(whole(
            path,
            "the config file is not a regular file".into(),
            "the config file is a TOML file such as ~/.config/qwen-tui/config.toml",
        ));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(whole(
            path,
            format!(
                "the config file is {} bytes, over the limit of 1 MiB",
                meta.len()
            ),
            "check the path: a config file is a few lines",
        ));
    }
    // Read from a handle checked again once open: a FIFO swapped in after the check above
    // is refused instead of hanging the start, and a file grown since is cut at the limit.
    let unreadable = |e: std::io::Error| {
        whole(
            path,
            format!("cannot read the config file: {e}"),
            "check the file's permissions",
        )
    };
    let file = match crate::kb::read::open_regular(path) {
        Ok((file, _)) => file,
        Err(crate::kb::read::OpenError::Io(e)) => return Err(unreadable(e)),
        Err(crate::kb::read::OpenError::NotRegular(_)) => {
            return Err(whole(
                path,
                "the config file is not a regular file".into(),
                "the config file is a TOML file such as ~/.config/qwen-tui/config.toml",
            ));
        }
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_CONFIG_BYTES + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(whole(
            path,
            "the config file is over the limit of 1 MiB".into(),
            "check the path: a config file is a few lines",
        ));
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let pos = pos_at(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            e.utf8_error().valid_up_to(),
        );
        LoadError::single(
            Diagnostic::new(
                &path.display().to_string(),
                pos,
                "the config file is not UTF-8",
            )
            .hint("save it as UTF-8 text"),
        )
    })
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: before.matches('\n').count() as u32 + 1,
        col: before[line_start..].chars().count() as u32 + 1,
    }
}

/// What a user would call a TOML value's type.
fn describe(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "a number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// Checks the text of a config file. `path` names it in messages; `home` expands `~` in
/// `data`. Every problem is reported, in file order.
pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<FileSettings, LoadError> {
    let name = path.display().to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| {
            let pos = e.span().map_or(Pos::UNKNOWN, |s| pos_at(text, s.start));
            let message = e.message().lines().next().unwrap_or("invalid TOML").trim();
            let hint = if message.contains("duplicate") {
                "each key may be set once: delete one of them"
            } else if message.contains("quote") || message.contains("string") {
                "strings need quotes: `theme = \"light\"`, `data = \"~/kb.yaml\"`"
            } else {
                "the config file is TOML: lines of `key = value`, e.g. `theme = \"light\"`, `mouse = true`"
            };
            LoadError::single(
                Diagnostic::new(&name, pos, format!("invalid TOML: {message}")).hint(hint),
            )
        })?;
    let mut settings = FileSettings::default();
    let mut problems = Vec::new();
    for (key, value) in &table {
        let at = |span: std::ops::Range<usize>| pos_at(text, span.start);
        let line = at(value.span()).line;
        let bad = |message: String, hint: String| {
            Diagnostic::new(&name, at(value.span()), message).hint(hint)
        };
        let result = match key.get_ref().as_str() {
            "data" => data_paths(value.get_ref(), path, home)
                .map(|v| settings.data = Some(AtLine { value: v, line }))
                .map_err(|(m, h)| bad(m, h)),
            "theme" => string(value.get_ref(), "theme", "\"light\"")
                .and_then(|s| {
                    ThemeName::parse(s).ok_or_else(|| {
                        let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.name()).collect();
                        let guess = nearest(s, &names)
                            .map(|n| format!("did you mean `{n}`? "))
                            .unwrap_or_default();
                        (
                            format!("unknown theme `{}`", shown(s)),
                            format!("{guess}the themes are: {}", names.join(", ")),
                        )
                    })
                })
                .map(|t| settings.theme = Some(AtLine { value: t, line }))
                .map_err(|(m, h)| bad(m, h)),
            "mouse" => boolean(value.get_ref(), "mouse")
                .map(|b| settings.mouse = Some(AtLine { value: b, line }))
                .map_err(|(m, h)| bad(m, h)),
            "screen_reader" => boolean(value.get_ref(), "screen_reader")
                .map(|b| settings.screen_reader = Some(AtLine { value: b, line }))
                .map_err(|(m, h)| bad(m, h)),
            "default_tab" => string(value.get_ref(), "default_tab", "\"models\"")
                .and_then(|s| Tab::parse(s).ok_or_else(|| unknown_tab(s)))
                .map(|t| settings.default_tab = Some(AtLine { value: t, line }))
                .map_err(|(m, h)| bad(m, h)),
            "stale_horizon" => string(value.get_ref(), "stale_horizon", "\"12 months\"")
                .and_then(|s| {
                    Horizon::parse(s).map_err(|m| {
                        (
                            format!("`stale_horizon`: {}", shown(&m)),
                            format!("write {HORIZON_FORMS}"),
                        )
                    })
                })
                .map(|h| settings.stale_horizon = Some(AtLine { value: h, line }))
                .map_err(|(m, h)| bad(m, h)),
            other => {
                let hint = match nearest(other, &KEYS) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("the keys are: {}", KEYS.join(", ")),
                };
                Err(Diagnostic::new(
                    &name,
                    at(key.span()),
                    format!("unknown key `{}`", shown(other)),
                )
                .hint(hint))
            }
        };
        if let Err(d) = result {
            problems.push(d);
        }
    }
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(LoadError::from_diagnostics(problems))
    }
}

/// The message and hint for a `default_tab` that names no tab, or more than one.
fn unknown_tab(s: &str) -> (String, String) {
    let names: Vec<&str> = Tab::ALL.iter().map(|t| t.name()).collect();
    let lower = s.to_ascii_lowercase();
    let starting: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !lower.is_empty() && n.starts_with(&lower))
        .collect();
    if starting.len() > 1 {
        return (
            format!(
                "ambiguous tab `{}`: it could be {}",
                shown(s),
                starting.join(" or ")
            ),
            "type more of the name".into(),
        );
    }
    let guess = nearest(s, &names)
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    (
        format!("unknown tab `{}`", shown(s)),
        format!(
            "{guess}the tabs are: {} (a unique prefix works)",
            names.join(", ")
        ),
    )
}

/// A boolean value, or the message for another type.
fn boolean(v: &toml::Value, key: &str) -> Result<bool, (String, String)> {
    match v {
        toml::Value::Boolean(b) => Ok(*b),
        other => Err((
            format!("`{key}` must be true or false, not {}", describe(other)),
            format!("write `{key} = true` or `{key} = false`, without quotes"),
        )),
    }
}

/// A string value, or the message for another type.
fn string<'v>(v: &'v toml::Value, key: &str, example: &str) -> Result<&'v str, (String, String)> {
    match v {
        toml::Value::String(s) => Ok(s),
        other => Err((
            format!("`{key}` must be a string, not {}", describe(other)),
            format!("write `{key} = {example}`, in quotes"),
        )),
    }
}

/// `data = "kb.yaml"` or `data = ["a.yaml", "more/"]`: `~` expanded, relative paths
/// resolved against the config file's folder.
fn data_paths(
    v: &toml::Value,
    config: &Path,
    home: Option<&Path>,
) -> Result<Vec<PathBuf>, (String, String)> {
    let hint =
        || "write `data = \"~/kb/qwen.yaml\"` or `data = [\"a.yaml\", \"more/\"]`".to_string();
    let items: Vec<&toml::Value> = match v {
        toml::Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    let mut paths = Vec::new();
    for item in items {
        let toml::Value::String(s) = item else {
            return Err((
                format!(
                    "`data` must be a path or a list of paths, not {}",
                    describe(item)
                ),
                hint(),
            ));
        };
        if s.trim().is_empty() {
            return Err(("`data` has an empty path".into(), hint()));
        }
        paths.push(resolve(s, config, home).ok_or_else(|| {
            (
                format!("cannot expand `~` in `{}`: HOME is not set", shown(s)),
                "write the full path".to_string(),
            )
        })?);
    }
    Ok(paths)
}

/// `~` and `~/…` become the home folder; a relative path is taken from the config file's
/// folder.
fn resolve(s: &str, config: &Path, home: Option<&Path>) -> Option<PathBuf> {
    let path = if s == "~" {
        home?.to_path_buf()
    } else if let Some(rest) = s.strip_prefix("~/") {
        home?.join(rest)
    } else {
        PathBuf::from(s)
    };
    if path.is_absolute() {
        return Some(path);
    }
    Some(config.parent().unwrap_or(Path::new("")).join(path))
}

/// A value from the config file as an error message quotes it: whole when short, else its
/// start and an ellipsis (a 900 KB value must not fill the terminal).
fn shown(text: &str) -> String {
    const MOST: usize = 80;
    match text.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}… ({} characters)", &text[..at], text.chars().count()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_location_follows_xdg_then_home() {
        let p = |x: Option<&str>, h: Option<&str>| default_path(x.map(Path::new), h.map(Path::new));
        assert_eq!(
            p(Some("/x"), Some("/h")),
            Some(PathBuf::from("/x/qwen-tui/config.toml"))
        );
        assert_eq!(
            p(None, Some("/h")),
            Some(PathBuf::from("/h/.config/qwen-tui/config.toml"))
        );
        // A relative XDG_CONFIG_HOME is ignored (XDG Base Directory specification).
        assert_eq!(
            p(Some("rel"), Some("/h")),
            Some(PathBuf::from("/h/.config/qwen-tui/config.toml"))
        );
        assert_eq!(p(None, None), None);
    }

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "a = 1\nthéme = \"x\"\n";
        assert_eq!(pos_at(text, 0), Pos { line: 1, col: 1 });
        let at = text.find('=').unwrap();
        assert_eq!(pos_at(text, at), Pos { line: 1, col: 3 });
        let at = text.rfind('=').unwrap();
        assert_eq!(pos_at(text, at), Pos { line: 2, col: 7 });
        assert_eq!(pos_at(text, 10_000).line, 3);
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let text = "theme = \"Light\"\n\nmouse = false\ndefault_tab = \"comp\"\nstale_horizon = \"2 years\"\ndata = \"kb.yaml\"\nscreen_reader = true\n";
        let s = parse(text, Path::new("/cfg/qwen-tui/config.toml"), None).unwrap();
        assert_eq!(
            s.theme,
            Some(AtLine {
                value: ThemeName::Light,
                line: 1
            })
        );
        assert_eq!(
            s.mouse,
            Some(AtLine {
                value: false,
                line: 3
            })
        );
        assert_eq!(
            s.screen_reader,
            Some(AtLine {
                value: true,
                line: 7
            })
        );
        assert_eq!(s.default_tab.map(|t| t.value), Some(Tab::Competitors));
        assert_eq!(
            s.stale_horizon.map(|h| h.value.to_string()),
            Some("2 years".to_string())
        );
        assert_eq!(
            s.data.map(|d| d.value),
            Some(vec![PathBuf::from("/cfg/qwen-tui/kb.yaml")])
        );
        assert_eq!(
            parse("", Path::new("c.toml"), None),
            Ok(FileSettings::default())
        );
    }

    #[test]
    fn data_paths_expand_the_home_folder_and_keep_absolute_ones() {
        let config = Path::new("/etc/qwen-tui/config.toml");
        let home = Some(Path::new("/home/me"));
        assert_eq!(
            resolve("~/kb.yaml", config, home),
            Some(PathBuf::from("/home/me/kb.yaml"))
        );
        assert_eq!(resolve("~", config, home), Some(PathBuf::from("/home/me")));
        assert_eq!(
            resolve("/abs.yaml", config, home),
            Some(PathBuf::from("/abs.yaml"))
        );
        assert_eq!(
            resolve("sub/", config, home),
            Some(PathBuf::from("/etc/qwen-tui/sub/"))
        );
        // `~user` is not expanded: it is a relative name like any other.
        assert_eq!(
            resolve("~bob/kb.yaml", config, home),
            Some(PathBuf::from("/etc/qwen-tui/~bob/kb.yaml"))
        );
        assert_eq!(resolve("~/kb.yaml", config, None), None);
        // A config file named without a folder: paths are relative to the current one.
        assert_eq!(
            resolve("kb.yaml", Path::new("config.toml"), home),
            Some(PathBuf::from("kb.yaml"))
        );
    }

    #[test]
    fn an_empty_list_of_data_means_the_embedded_knowledge_base() {
        let s = parse("data = []", Path::new("c.toml"), None).unwrap();
        assert_eq!(s.data.map(|d| d.value), Some(vec![]));
    }
}
