//! Settings: the config file, the environment and the command line, resolved once at start
//! into what the explorer and the commands use, each setting with where it came from.
//!
//! Precedence: a command-line flag, then an environment variable, then the config file,
//! then the default. `NO_COLOR` (https://no-color.org) selects the monochrome theme unless
//! the config file or `--theme` names a theme: user-level configuration overrides it.

pub mod file;
pub mod print;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::explorer::app::Options;
use crate::explorer::theme::ThemeName;
use crate::kb::age::Horizon;
use crate::kb::{LoadError, Tab};
use file::{AtLine, FileSettings};

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// The config file, at this line.
    File(u32),
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag.
    Flag(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(line) => write!(f, "config file, line {line}"),
            Origin::Env(name) => write!(f, "environment variable {name}"),
            Origin::Flag(name) => write!(f, "command line {name}"),
        }
    }
}

/// A setting's value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn new(value: T, origin: Origin) -> Setting<T> {
        Setting { value, origin }
    }
}

/// The process environment that settings depend on (passed in, so tests need not change
/// the real one).
#[derive(Clone, Debug, Default)]
pub struct Environment {
    pub xdg_config_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
}

impl Environment {
    pub fn from_process() -> Environment {
        let path = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Environment {
            xdg_config_home: path("XDG_CONFIG_HOME"),
            home: path("HOME"),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// What the command line (and the variables clap reads for it) says.
#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    /// `--config` or `QWEN_TUI_CONFIG`, with its origin.
    pub config: Option<(PathBuf, Origin)>,
    /// `--data` or `QWEN_TUI_DATA`, with its origin.
    pub data: Option<(Vec<PathBuf>, Origin)>,
    pub theme: Option<ThemeName>,
    /// `--mouse` (true) or `--no-mouse` (false), whichever came last.
    pub mouse: Option<bool>,
    /// `--screen-reader` (true) or `--no-screen-reader` (false), whichever came last.
    pub screen_reader: Option<bool>,
    pub tab: Option<Tab>,
}

/// The config file looked for.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigFile {
    /// `None`: no place for one (neither `XDG_CONFIG_HOME` nor `HOME` is set).
    pub path: Option<PathBuf>,
    /// `--config`, `QWEN_TUI_CONFIG`, or the default location.
    pub origin: Origin,
    /// It exists and was read.
    pub read: bool,
}

/// Every setting in effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub file: ConfigFile,
    /// Knowledge-base files or folders; empty for the embedded knowledge base.
    pub data: Setting<Vec<PathBuf>>,
    pub theme: Setting<ThemeName>,
    pub mouse: Setting<bool>,
    pub screen_reader: Setting<bool>,
    pub default_tab: Setting<Tab>,
    pub stale_horizon: Setting<Horizon>,
}

impl Settings {
    /// Reads the config file (if any) and resolves every setting.
    pub fn load(cli: &CommandLine, env: &Environment) -> Result<Settings, LoadError> {
        let file = locate(cli, env);
        let from_file = match &file.path {
            None => None,
            Some(path) => {
                let must_exist = file.origin != Origin::Default;
                match file::read(path, must_exist)? {
                    None => None,
                    Some(text) => Some(file::parse(&text, path, env.home.as_deref())?),
                }
            }
        };
        let file = ConfigFile {
            read: from_file.is_some(),
            ..file
        };
        Ok(Settings::resolve(
            file,
            cli,
            env,
            &from_file.unwrap_or_default(),
        ))
    }

    /// Combines the sources: flag, then environment, then file, then default.
    pub fn resolve(
        file: ConfigFile,
        cli: &CommandLine,
        env: &Environment,
        from_file: &FileSettings,
    ) -> Settings {
        fn pick<T: Clone>(
            flag: Option<(T, Origin)>,
            file: &Option<AtLine<T>>,
            default: T,
        ) -> Setting<T> {
            match (flag, file) {
                (Some((v, origin)), _) => Setting::new(v, origin),
                (None, Some(at)) => Setting::new(at.value.clone(), Origin::File(at.line)),
                (None, None) => Setting::new(default, Origin::Default),
            }
        }
        let theme = match (cli.theme, &from_file.theme) {
            (Some(t), _) => Setting::new(t, Origin::Flag("--theme")),
            (None, Some(at)) => Setting::new(at.value, Origin::File(at.line)),
            (None, None) if env.no_color => {
                Setting::new(ThemeName::Monochrome, Origin::Env("NO_COLOR"))
            }
            (None, None) => Setting::new(ThemeName::default(), Origin::Default),
        };
        Settings {
            file,
            data: pick(cli.data.clone(), &from_file.data, Vec::new()),
            theme,
            mouse: pick(
                cli.mouse
                    .map(|m| (m, Origin::Flag(if m { "--mouse" } else { "--no-mouse" }))),
                &from_file.mouse,
                false,
            ),
            screen_reader: pick(
                cli.screen_reader.map(|on| {
                    let flag = if on {
                        "--screen-reader"
                    } else {
                        "--no-screen-reader"
                    };
                    (on, Origin::Flag(flag))
                }),
                &from_file.screen_reader,
                false,
            ),
            default_tab: pick(
                cli.tab.map(|t| (t, Origin::Flag("--tab"))),
                &from_file.default_tab,
                Tab::Overview,
            ),
            stale_horizon: pick(None, &from_file.stale_horizon, Horizon::DEFAULT),
        }
    }

    /// The explorer's options.
    pub fn options(&self) -> Options {
        Options {
            theme: self.theme.value,
            mouse: self.mouse.value,
            screen_reader: self.screen_reader.value,
            default_tab: self.default_tab.value,
            stale_horizon: self.stale_horizon.value,
            ..Options::default()
        }
    }
}

/// Which config file to read: `--config`, `QWEN_TUI_CONFIG`, else the default location.
pub fn locate(cli: &CommandLine, env: &Environment) -> ConfigFile {
    match &cli.config {
        Some((path, origin)) => ConfigFile {
            path: Some(path.clone()),
            origin: origin.clone(),
            read: false,
        },
        None => ConfigFile {
            path: file::default_path(env.xdg_config_home.as_deref(), env.home.as_deref()),
            origin: Origin::Default,
            read: false,
        },
    }
}

/// `path` as an absolute path (from the current folder), for output a user may paste
/// into a config file elsewhere.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

impl CommandLine {
    /// What the parsed command line says, with each value's origin: clap reads
    /// `QWEN_TUI_DATA` and `QWEN_TUI_CONFIG` for `--data` and `--config`, and its matches
    /// tell which it was.
    pub fn from_matches(cli: &crate::cli::args::Cli, matches: &clap::ArgMatches) -> CommandLine {
        let origin = |id: &str, flag: &'static str, var: &'static str| {
            // A global flag given after the subcommand is in the subcommand's matches.
            let source = matches.value_source(id).or_else(|| {
                matches
                    .subcommand()
                    .and_then(|(_, sub)| sub.value_source(id))
            });
            match source {
                Some(clap::parser::ValueSource::EnvVariable) => Origin::Env(var),
                _ => Origin::Flag(flag),
            }
        };
        let data = &cli.data.data;
        CommandLine {
            config: cli
                .config
                .clone()
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| (p, origin("config", "--config", "QWEN_TUI_CONFIG"))),
            data: (!data.is_empty())
                .then(|| (data.clone(), origin("data", "--data", "QWEN_TUI_DATA"))),
            theme: cli.theme,
            mouse: match (cli.mouse, cli.no_mouse) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            screen_reader: match (cli.screen_reader, cli.no_screen_reader) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            tab: cli.tab,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<T>(value: T, line: u32) -> Option<AtLine<T>> {
        Some(AtLine { value, line })
    }

    fn none_read() -> ConfigFile {
        ConfigFile {
            path: None,
            origin: Origin::Default,
            read: false,
        }
    }

    #[test]
    fn with_nothing_set_every_setting_is_its_default() {
        let s = Settings::resolve(
            none_read(),
            &CommandLine::default(),
            &Environment::default(),
            &FileSettings::default(),
        );
        assert_eq!(s.data, Setting::new(vec![], Origin::Default));
        assert_eq!(s.theme, Setting::new(ThemeName::Dark, Origin::Default));
        assert_eq!(s.mouse, Setting::new(false, Origin::Default));
        assert_eq!(s.screen_reader, Setting::new(false, Origin::Default));
        assert!(!s.options().screen_reader);
        assert_eq!(s.default_tab, Setting::new(Tab::Overview, Origin::Default));
        assert_eq!(
            s.stale_horizon,
            Setting::new(Horizon::DEFAULT, Origin::Default)
        );
    }

    #[test]
    fn the_command_line_wins_over_the_file_and_the_file_over_no_color() {
        let file = FileSettings {
            data: at(vec![PathBuf::from("/f.yaml")], 1),
            theme: at(ThemeName::Light, 2),
            mouse: at(true, 3),
            screen_reader: at(true, 6),
            default_tab: at(Tab::Models, 4),
            stale_horizon: at(Horizon::new(6, crate::kb::age::Unit::Weeks).unwrap(), 5),
        };
        let env = Environment {
            no_color: true,
            ..Environment::default()
        };
        let s = Settings::resolve(none_read(), &CommandLine::default(), &env, &file);
        assert_eq!(s.theme, Setting::new(ThemeName::Light, Origin::File(2)));
        assert_eq!(s.mouse, Setting::new(true, Origin::File(3)));
        assert_eq!(s.screen_reader, Setting::new(true, Origin::File(6)));
        assert_eq!(s.stale_horizon.origin, Origin::File(5));
        let options = s.options();
        assert!(options.screen_reader);
        assert_eq!(options.default_tab, Tab::Models);
        assert_eq!(options.stale_horizon.to_string(), "6 weeks");

        let cli = CommandLine {
            data: Some((vec![PathBuf::from("e.yaml")], Origin::Env("QWEN_TUI_DATA"))),
            theme: Some(ThemeName::Monochrome),
            mouse: Some(false),
            screen_reader: Some(false),
            tab: Some(Tab::Risks),
            config: None,
        };
        let s = Settings::resolve(none_read(), &cli, &env, &file);
        assert_eq!(s.data.origin, Origin::Env("QWEN_TUI_DATA"));
        assert_eq!(
            s.theme,
            Setting::new(ThemeName::Monochrome, Origin::Flag("--theme"))
        );
        assert_eq!(s.mouse, Setting::new(false, Origin::Flag("--no-mouse")));
        assert_eq!(
            s.screen_reader,
            Setting::new(false, Origin::Flag("--no-screen-reader"))
        );
        assert!(!s.options().screen_reader);
        assert_eq!(
            s.default_tab,
            Setting::new(Tab::Risks, Origin::Flag("--tab"))
        );
    }

    #[test]
    fn no_color_picks_monochrome_only_when_nothing_names_a_theme() {
        let env = Environment {
            no_color: true,
            ..Environment::default()
        };
        let s = Settings::resolve(
            none_read(),
            &CommandLine::default(),
            &env,
            &FileSettings::default(),
        );
        assert_eq!(
            s.theme,
            Setting::new(ThemeName::Monochrome, Origin::Env("NO_COLOR"))
        );
        assert!(!s.options().theme.has_colour());
    }

    #[test]
    fn a_missing_file_at_the_default_place_means_defaults() {
        let dir = std::env::temp_dir().join(format!("qwen-tui-config-unit-{}", std::process::id()));
        let env = Environment {
            xdg_config_home: Some(dir.clone()),
            ..Environment::default()
        };
        let s = Settings::load(&CommandLine::default(), &env).unwrap();
        assert!(!s.file.read);
        assert_eq!(s.file.path, Some(dir.join("qwen-tui/config.toml")));
        let named = CommandLine {
            config: Some((dir.join("none.toml"), Origin::Flag("--config"))),
            ..CommandLine::default()
        };
        let err = Settings::load(&named, &env).unwrap_err().to_string();
        assert!(
            err.contains("cannot read the config file: no such file"),
            "{err}"
        );
    }
}
