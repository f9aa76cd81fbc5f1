//! Text generated from the command-line definitions themselves, so it cannot drift from
//! them: shell completion scripts and the manual page.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

/// The program's name, as the completion scripts register it.
const BIN: &str = "qwen-tui";

/// Prints the completion script for `shell`. A closed pipe is not an error.
pub fn completions(shell: clap_complete::Shell) {
    let _ = std::io::stdout().write_all(completion_script(shell).as_bytes());
}

/// The completion script for `shell`.
fn completion_script(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    let script = String::from_utf8_lossy(&out).into_owned();
    if shell == clap_complete::Shell::Bash {
        fix_bash_states(&script)
    } else {
        script
    }
}

/// clap_complete's bash script (up to 4.6.12 at least; clap issue #6421) spells the state
/// of a subcommand two ways when the program's name has a hyphen: the loop that reads the
/// words sets `qwen__tui__subcmd__search`, but the `case` arms that complete are labelled
/// `qwen__subcmd__tui__subcmd__search` (the hyphen replaced by the subcommand separator),
/// so no arm matched and nothing after a subcommand completed. The arms are respelled the
/// loop's way; once clap_complete spells them alike there is nothing left to replace.
fn fix_bash_states(script: &str) -> String {
    const SEP: &str = "__subcmd__";
    let wrong = format!("{}{SEP}", BIN.replace('-', SEP));
    let right = format!("{}{SEP}", BIN.replace('-', "__"));
    script.replace(&wrong, &right)
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
