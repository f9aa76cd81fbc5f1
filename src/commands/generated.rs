//! Text generated from the command-line definitions themselves, so it cannot drift from
//! them: shell completion scripts and the manual page.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

/// Prints the completion script for `shell`. A closed pipe is not an error.
pub fn completions(shell: clap_complete::Shell) {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "qwen-tui", &mut out);
    let _ = std::io::stdout().write_all(&out);
}

/// Prints the manual page (roff). Returns the exit code.
pub fn man() -> u8 {
    let mut out = Vec::new();
    if clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .is_err()
    {
        return super::EXIT_FAILURE;
    }
    let _ = std::io::stdout().write_all(&out);
    0
}
