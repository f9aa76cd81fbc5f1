//! Command-line interface (clap definitions).

use clap::{Args, Parser, Subcommand};
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

    /// Colours: dark, light (for light terminal backgrounds) or monochrome
    #[arg(long, value_name = "THEME", value_parser = parse_theme)]
    pub theme: Option<crate::ui::theme::ThemeName>,

    /// The tab the explorer opens on (a name or a unique prefix)
    #[arg(long, value_name = "TAB", value_parser = parse_tab)]
    pub tab: Option<crate::kb::Tab>,

    /// Open the explorer with the search box filled in with these words
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
  NO_COLOR         set and not empty: a monochrome explorer, unless the config file
                   or --theme names a theme

Config file: $XDG_CONFIG_HOME/qwen-tui/config.toml, else ~/.config/qwen-tui/config.toml
(TOML; every key optional: data, theme, mouse, default_tab, stale_horizon). A flag wins
over an environment variable, which wins over the file. `qwen-tui config --print` shows
the settings in effect and where each came from.

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
        /// Only this tab (overview, timeline, models, finances, risks, people, competitors,
        /// products, sources; a unique prefix works)
        #[arg(long, value_name = "TAB", value_parser = parse_tab)]
        tab: Option<crate::kb::Tab>,
        /// At most this many hits
        #[arg(long, short = 'n', value_name = "N", default_value_t = 20)]
        limit: usize,
        /// Print a JSON array of hits instead of lines
        #[arg(long)]
        json: bool,
        /// Search terms: all must match, in any order, each fuzzily
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Show one entry in full, with its sources spelled out
    Show {
        /// The entry's id (as printed by `search`)
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
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
    Config {
        /// Print the settings in effect, each followed by where it came from
        #[arg(long, conflicts_with = "path", required_unless_present = "path")]
        print: bool,
        /// Print the path of the config file that is read (whether or not it exists)
        #[arg(long)]
        path: bool,
    },
}

fn parse_theme(s: &str) -> Result<crate::ui::theme::ThemeName, String> {
    crate::ui::theme::ThemeName::parse(s)
        .ok_or_else(|| format!("unknown theme `{s}`; use one of: dark, light, monochrome"))
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
