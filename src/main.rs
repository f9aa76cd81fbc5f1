use std::borrow::Cow;
use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use qwen_tui::cli::args::{Cli, Command, output_format};
use qwen_tui::cli::commands;
use qwen_tui::cli::config::{CommandLine, Environment, Settings};
use qwen_tui::explorer::app::{Loaded, Options};
use qwen_tui::explorer::term;
use qwen_tui::kb::load::EMBEDDED_ORIGIN;
use qwen_tui::kb::sanitize::sanitize;
use std::path::PathBuf;
use std::sync::Arc;

/// The explorer: the knowledge base is loaded and validated before the terminal changes.
fn explore(
    kb: Arc<qwen_tui::kb::KnowledgeBase>,
    pending: Option<qwen_tui::kb::cache::PendingWrite>,
    files: &[PathBuf],
    options: Options,
    query: &[String],
) -> u8 {
    let options = Options {
        // The terminal loop runs searches on a thread of their own.
        background_search: true,
        // tmux passes a copy (OSC 52) on only when told to: the status says so.
        in_tmux: std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
        ..options
    };
    let query = (!query.is_empty()).then(|| query.join(" "));
    // The search index is built on a thread of its own once the terminal is set up (see
    // `term::run`), unless a query from the command line needs it for the first screen.
    let loaded = {
        let _note = qwen_tui::cli::progress::Progress::start("preparing", files);
        Arc::new(Loaded::index_later(kb, options.stale_horizon))
    };
    match term::run(loaded, options, query, files, pending) {
        Ok(None) => 0,
        // Ended by a signal: the conventional 128 + its number.
        Ok(Some(sig)) => u8::try_from(128 + sig).unwrap_or(1),
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                qwen_tui::kb::sanitize::sanitize_line(&e)
            );
            commands::EXIT_FAILURE
        }
    }
}

/// `--format`/`--json`, whose conflict [`Cli::checked`] has already reported.
fn format_of(
    format: Option<qwen_tui::cli::args::Format>,
    json: bool,
) -> qwen_tui::cli::args::Format {
    output_format(format, json).unwrap_or(qwen_tui::cli::args::Format::Json)
}

/// Exits as clap does for a usage error, `--help` or `--version`, unless its text holds
/// something from outside that the sanitiser would change — an argument's value quoted in
/// an error, an environment variable's value shown by `--help`. Clap prints those as they
/// are, and on a terminal an escape sequence in them would run; then the same text is
/// printed sanitised, without clap's colours (whose own escapes the sanitiser would break).
fn exit_for(e: &clap::Error) -> ! {
    // The same error from a command without styles: any escape in it came from outside.
    let plain = Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches()
        .err()
        .map(|p| p.render().ansi().to_string());
    if let Some(Cow::Owned(clean)) = plain.as_deref().map(sanitize) {
        let _ = if e.use_stderr() {
            write!(std::io::stderr(), "{clean}")
        } else {
            write!(std::io::stdout(), "{clean}")
        };
        std::process::exit(e.exit_code());
    }
    e.exit()
}

fn main() -> ExitCode {
    let matches = Cli::command()
        .try_get_matches()
        .unwrap_or_else(|e| exit_for(&e));
    let cli = Cli::from_arg_matches(&matches)
        .unwrap_or_else(|e| exit_for(&e))
        .checked();
    let command_line = CommandLine::from_matches(&cli, &matches);
    let env = Environment::from_process();
    let code = match cli.command {
        Some(Command::Schema) => {
            let _ = writeln!(std::io::stdout(), "{}", qwen_tui::kb::schema::json_schema());
            0
        }
        Some(Command::Export { file, force }) => commands::export(file.as_deref(), force),
        Some(Command::Completions { shell }) => {
            commands::completions(shell);
            0
        }
        Some(Command::Man) => commands::man(),
        Some(Command::Config { path: true, .. }) => {
            qwen_tui::cli::config::print::path(&qwen_tui::cli::config::locate(&command_line, &env))
        }
        command => match Settings::load(&command_line, &env) {
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "{e}");
                commands::EXIT_FAILURE
            }
            Ok(settings) => run(command, &settings, &cli.query),
        },
    };
    ExitCode::from(code)
}

/// The commands that use the settings.
fn run(command: Option<Command>, settings: &Settings, query: &[String]) -> u8 {
    let data = settings.data.value.as_slice();
    match command {
        Some(Command::Config { .. }) => {
            let _ = write!(
                std::io::stdout(),
                "{}",
                qwen_tui::cli::config::print::render(settings)
            );
            0
        }
        Some(Command::Check { files }) => {
            let paths = if files.is_empty() {
                data
            } else {
                files.as_slice()
            };
            let origin = if paths.is_empty() {
                EMBEDDED_ORIGIN.to_string()
            } else {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                names.join(", ")
            };
            match commands::load(paths) {
                Ok((kb, pending)) => {
                    qwen_tui::kb::load::free_now();
                    let code = commands::check(Ok(&kb), &origin);
                    pending.into_iter().for_each(|p| p.write(&kb));
                    code
                }
                Err(e) => commands::check(Err(e), &origin),
            }
        }
        command => match commands::load(data) {
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "{e}");
                commands::EXIT_FAILURE
            }
            // Shared: the search index reads the entries in place.
            Ok((kb, mut pending)) => {
                // A command has no first frame to keep clear: what loading left is freed
                // at once, beside the index build (452 → 422 MB parsing 100,000 entries).
                if command.is_some() {
                    qwen_tui::kb::load::free_now();
                }
                let kb = Arc::new(kb);
                let code = match command {
                    Some(Command::Search {
                        tab,
                        limit,
                        format,
                        json,
                        query,
                    }) => {
                        let horizon = settings.options().stale_horizon;
                        let format = format_of(format, json);
                        commands::search(&kb, &query, tab, limit, format, horizon)
                    }
                    Some(Command::Show { id, format, json }) => {
                        commands::show(&kb, &id, format_of(format, json))
                    }
                    Some(Command::Brief { format, all }) => {
                        commands::brief(&kb, format, all, settings.options().stale_horizon)
                    }
                    // The explorer writes the cache file after its first frame.
                    _ => explore(
                        Arc::clone(&kb),
                        pending.take(),
                        data,
                        settings.options(),
                        query,
                    ),
                };
                // The cache file of a file just parsed, once the answer is out.
                pending.into_iter().for_each(|p| p.write(&kb));
                qwen_tui::kb::cache::finish_writing();
                code
            }
        },
    }
}
