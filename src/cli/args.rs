//! Command-line interface (clap definitions).

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Look things up about Alibaba, Alibaba Cloud and Qwen, fast: a terminal explorer over a
/// sourced YAML knowledge base, with headless commands for scripts.
#[derive(Debug, Parser)]
#[command(name = "qwen-tui", version, about, long_about = None)]
#[command(subcommand_precedence_over_arg = true)]
#[command(after_long_help = ENVIRONMENT)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArg,

    /// Config file to read instead of $XDG_CONFIG_HOME/qwen-tui/config.toml (it must exist)
    #[arg(long, global = true, value_name = "PATH", env = "QWEN_TUI_CONFIG")]
    pub config: Option<PathBuf>,

    /// Mouse support in the explorer: click a tab or row, wheel to scroll (off by default,
    /// so the terminal's own text selection keeps working)
    #[arg(long, overrides_with = "no_mouse")]
    pub mouse: bool,

    /// No mouse support, even if the config file turns it on
    #[arg(long, overrides_with = "mouse")]
    pub no_mouse: bool,

    /// For screen readers and plain terminals: the terminal's cursor shown on the
    /// selection, no box lines or charts, and every mark a word (`disputed`, `stale`)
    #[arg(long, overrides_with = "no_screen_reader")]
    pub screen_reader: bool,

    /// The usual drawing, even if the config file sets `screen_reader = true`
    #[arg(long, overrides_with = "screen_reader")]
    pub no_screen_reader: bool,

    /// Colours: dark, light (for light terminal backgrounds) or monochrome
    #[arg(long, value_name = "THEME", value_parser = theme_parser())]
    pub theme: Option<crate::explorer::theme::ThemeName>,

    /// The tab the explorer opens on (a name or a unique prefix)
    #[arg(long, value_name = "TAB", value_parser = tab_parser())]
    pub tab: Option<crate::kb::Tab>,

    /// Open the explorer with the search box filled in with these words. A query whose
    /// first word is a command's name goes after `--`: `qwen-tui -- check point`
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Shown by `--help` and in the manual page.
const ENVIRONMENT: &str = "\
Environment:
  QWEN_TUI_DATA    the knowledge base to use, as --data
  QWEN_TUI_CONFIG  the config file to read, as --config
  QWEN_TUI_CACHE   `off` keeps large knowledge bases from being cached in
                   $XDG_CACHE_HOME/qwen-tui (else ~/.cache/qwen-tui)
  QWEN_TUI_HISTORY `off` keeps no search history (else kept in
                   $XDG_DATA_HOME/qwen-tui/history, else ~/.local/share/qwen-tui)
  NO_COLOR         set and not empty: a monochrome explorer, unless the config file
                   or --theme names a theme
  VISUAL, EDITOR   the editor `e` opens the selected entry's file in, at its line
                   (else vi)

Config file: $XDG_CONFIG_HOME/qwen-tui/config.toml, else ~/.config/qwen-tui/config.toml
(TOML; every key optional: data, theme, mouse, screen_reader, default_tab,
stale_horizon). A flag wins over an environment variable, which wins over the file.
`qwen-tui config --print` shows the settings in effect and where each came from.

In the explorer, `?` lists every key. Exit codes: 0 success; 1 an invalid knowledge base,
or nothing found; 2 bad arguments; 128+N ended by signal N.";

#[derive(Debug, Args, Clone)]
pub struct DataArg {
    /// Knowledge-base YAML file to use instead of the embedded one; repeat it, or give a
    /// directory, to merge several files into one knowledge base
    #[arg(long, global = true, value_name = "PATH", env = "QWEN_TUI_DATA", action = clap::ArgAction::Append)]
    pub data: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a knowledge base and print its counts (exit 1 if invalid)
    Check {
        /// Files or directories to check as one knowledge base (default: --data, else the
        /// embedded knowledge base)
        files: Vec<PathBuf>,
    },
    /// Search every entry; one line per hit, best first (exit 1 if nothing matches)
    Search {
        /// Only this tab (a unique prefix works)
        #[arg(long, value_name = "TAB", value_parser = tab_parser())]
        tab: Option<crate::kb::Tab>,
        /// At most this many hits
        #[arg(long, short = 'n', value_name = "N", default_value_t = 20)]
        limit: usize,
        /// Output: plain lines, a JSON array of hits, or a Markdown list
        #[arg(long, value_name = "FORMAT")]
        format: Option<Format>,
        /// The same as `--format json`
        #[arg(long)]
        json: bool,
        /// Search terms: all must match, in any order, each fuzzily. Operators as in fzf
        /// ('exact ^prefix suffix$ !exclude) and filters (tab:models year:2025 tag:open
        /// source:ID is:disputed; `!` negates one) — quote them for the shell
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Show one entry in full, with its sources spelled out
    Show {
        /// The entry's id (as printed by `search`)
        id: String,
        /// Output: plain text, a JSON object, or Markdown
        #[arg(long, value_name = "FORMAT")]
        format: Option<Format>,
        /// The same as `--format json`
        #[arg(long)]
        json: bool,
    },
    /// A one-page briefing to paste into meeting notes, every fact with its sources
    ///
    /// Quick facts (the first overview entries), the latest events, key figures (the first
    /// finance entries), the most severe risks and every disputed fact with each claim; a
    /// legend spells out each source cited.
    Brief {
        /// Output: plain text (fits 80 columns) or Markdown
        #[arg(long, value_name = "FORMAT", default_value = "plain")]
        format: BriefFormat,
        /// Every entry of each section instead of the first few
        #[arg(long)]
        all: bool,
    },
    /// Write the built-in knowledge base out as YAML, byte for byte, to edit it or start
    /// one's own (`qwen-tui export kb.yaml`, then `qwen-tui --data kb.yaml`)
    Export {
        /// The file to write (default, or `-`: standard output); an existing file is kept
        /// unless --force is given
        #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        file: Option<PathBuf>,
        /// Overwrite FILE if it exists
        #[arg(long, short = 'f')]
        force: bool,
    },
    /// Print the knowledge-base format as JSON Schema (for editors' YAML language servers)
    Schema,
    /// Print a shell completion script (for example `qwen-tui completions bash >
    /// ~/.local/share/bash-completion/completions/qwen-tui`)
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff (`qwen-tui man > qwen-tui.1; man ./qwen-tui.1`)
    Man,
    /// Show the settings in effect (as TOML, each with where it came from) or the config
    /// file's path
    // One of the two is needed: without it clap says so, naming both, with exit code 2.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["print", "path"])))]
    Config {
        /// Print the settings in effect, each followed by where it came from
        #[arg(long, conflicts_with = "path")]
        print: bool,
        /// Print the path of the config file that is read (whether or not it exists)
        #[arg(long)]
        path: bool,
    },
}

/// A value parser that also lists the values it accepts, so that `--help` shows them and
/// the completion scripts offer them (a plain function parser lists none, and the scripts
/// then complete file names). Parsing stays the function's: any case, unique prefixes.
#[derive(Clone)]
struct Listed<T: Clone + Send + Sync + 'static> {
    parse: fn(&str) -> Result<T, String>,
    names: fn() -> Vec<&'static str>,
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Listed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        clap::builder::TypedValueParser::parse_ref(&self.parse, cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.names)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

fn tab_parser() -> Listed<crate::kb::Tab> {
    Listed {
        parse: parse_tab,
        names: || crate::kb::Tab::ALL.iter().map(|t| t.name()).collect(),
    }
}

fn theme_parser() -> Listed<crate::explorer::theme::ThemeName> {
    Listed {
        parse: parse_theme,
        names: || {
            crate::explorer::theme::ThemeName::ALL
                .iter()
                .map(|t| t.name())
                .collect()
        },
    }
}

fn parse_theme(s: &str) -> Result<crate::explorer::theme::ThemeName, String> {
    crate::explorer::theme::ThemeName::parse(s)
        .ok_or_else(|| format!("unknown theme `{s}`; use one of: dark, light, monochrome"))
}

/// How `show` and `search` print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Plain,
    Json,
    #[value(alias = "md")]
    Markdown,
}

/// How `brief` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Plain,
    #[value(alias = "md")]
    Markdown,
}

/// `--format`, with `--json` as its shorthand; None when the two disagree (a usage error,
/// reported by [`Cli::checked`]).
pub fn output_format(format: Option<Format>, json: bool) -> Option<Format> {
    match (format, json) {
        (Some(f), true) if f != Format::Json => None,
        (_, true) => Some(Format::Json),
        (f, false) => Some(f.unwrap_or(Format::Plain)),
    }
}

impl Cli {
    /// The parsed command line, after exiting with a usage error (status 2) when flags
    /// contradict each other.
    pub fn checked(self) -> Cli {
        let cli = self;
        let (name, format, json) = match &cli.command {
            Some(Command::Search { format, json, .. }) => ("search", *format, *json),
            Some(Command::Show { format, json, .. }) => ("show", *format, *json),
            _ => return cli,
        };
        if output_format(format, json).is_none() {
            // Reported with the subcommand's usage line.
            let mut command = Cli::command();
            command.build();
            if let Some(sub) = command.find_subcommand_mut(name) {
                sub.error(
                    clap::error::ErrorKind::ArgumentConflict,
                    "`--json` is short for `--format json`; it cannot be combined with another `--format`",
                )
                .exit();
            }
        }
        cli
    }
}

fn parse_tab(s: &str) -> Result<crate::kb::Tab, String> {
    crate::kb::Tab::parse(s).ok_or_else(|| {
        let names: Vec<&str> = crate::kb::Tab::ALL.iter().map(|t| t.name()).collect();
        format!(
            "unknown or ambiguous tab `{s}`; use one of: {}",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_after_dashes_may_start_with_a_command_name() {
        let cli = Cli::try_parse_from(["qwen-tui", "--", "check", "point"]).unwrap();
        assert!(cli.command.is_none(), "{:?}", cli.command);
        assert_eq!(cli.query, ["check", "point"]);
        // Without the dashes it is the command.
        let cli = Cli::try_parse_from(["qwen-tui", "check", "point"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Check { .. })));
    }

    #[test]
    fn tab_and_theme_list_their_values_and_still_take_prefixes() {
        let cli = Cli::try_parse_from(["qwen-tui", "--tab", "FIN", "--theme", "Light"]).unwrap();
        assert_eq!(cli.tab, Some(crate::kb::Tab::Finances));
        assert_eq!(cli.theme, Some(crate::explorer::theme::ThemeName::Light));
        let command = Cli::command();
        let values = |name: &str| -> Vec<String> {
            let arg = command
                .get_arguments()
                .find(|a| a.get_id() == name)
                .unwrap();
            arg.get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect()
        };
        assert_eq!(values("theme"), ["dark", "light", "monochrome"]);
        assert_eq!(values("tab").len(), crate::kb::Tab::ALL.len());
        let err = Cli::try_parse_from(["qwen-tui", "--tab", "bogus"]).unwrap_err();
        assert!(
            err.to_string().contains("unknown or ambiguous tab `bogus`"),
            "{err}"
        );
    }
}
