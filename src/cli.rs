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

    /// Mouse support in the explorer: click a tab or row, wheel to scroll (off by default,
    /// so the terminal's own text selection keeps working)
    #[arg(long)]
    pub mouse: bool,

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
  QWEN_TUI_CACHE   `off` keeps large knowledge bases from being cached in
                   $XDG_CACHE_HOME/qwen-tui (else ~/.cache/qwen-tui)
  NO_COLOR         set and not empty: a monochrome explorer

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
