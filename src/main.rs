use std::io::Write as _;
use std::process::ExitCode;

use qwen_tui::app::{Loaded, Options};
use qwen_tui::cli::{Cli, Command, output_format};
use qwen_tui::commands;
use qwen_tui::kb::load::EMBEDDED_ORIGIN;
use qwen_tui::term;
use std::path::PathBuf;
use std::sync::Arc;

/// The explorer: the knowledge base is loaded and validated before the terminal changes.
fn explore(
    kb: qwen_tui::kb::KnowledgeBase,
    files: &[PathBuf],
    mouse: bool,
    query: &[String],
) -> u8 {
    let options = Options {
        // https://no-color.org: present and not empty.
        monochrome: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        mouse,
        // The terminal loop runs searches on a thread of their own.
        background_search: true,
    };
    let query = (!query.is_empty()).then(|| query.join(" "));
    let loaded = {
        let _note = qwen_tui::progress::Progress::start("indexing", files);
        Arc::new(Loaded::new(kb))
    };
    match term::run(loaded, options, query, files) {
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

/// `--format`/`--json`, whose conflict [`Cli::parse_checked`] has already reported.
fn format_of(format: Option<qwen_tui::cli::Format>, json: bool) -> qwen_tui::cli::Format {
    output_format(format, json).unwrap_or(qwen_tui::cli::Format::Json)
}

fn main() -> ExitCode {
    let cli = Cli::parse_checked();
    let data = cli.data.data.as_slice();
    let code = match cli.command {
        Some(Command::Schema) => {
            let _ = writeln!(std::io::stdout(), "{}", qwen_tui::kb::schema::json_schema());
            0
        }
        Some(Command::Completions { shell }) => {
            commands::completions(shell);
            0
        }
        Some(Command::Man) => commands::man(),
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
            commands::check(commands::load(paths), &origin)
        }
        command => match commands::load(data) {
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "{e}");
                commands::EXIT_FAILURE
            }
            Ok(kb) => match command {
                Some(Command::Search {
                    tab,
                    limit,
                    format,
                    json,
                    query,
                }) => commands::search(&kb, &query, tab, limit, format_of(format, json)),
                Some(Command::Show { id, format, json }) => {
                    commands::show(&kb, &id, format_of(format, json))
                }
                Some(Command::Brief { format, all }) => commands::brief(&kb, format, all),
                _ => explore(kb, data, cli.mouse, &cli.query),
            },
        },
    };
    ExitCode::from(code)
}
