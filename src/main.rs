use std::process::ExitCode;

use clap::Parser;

use qwen_tui::cli::{Cli, Command};
use qwen_tui::commands;
use qwen_tui::kb::load::EMBEDDED_ORIGIN;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data = cli.data.data.as_deref();
    let code = match cli.command {
        Some(Command::Schema) => {
            println!("{}", qwen_tui::kb::schema::json_schema());
            0
        }
        Some(Command::Check { file }) => {
            let path = file.as_deref().or(data);
            let origin = path.map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
            commands::check(commands::load(path), &origin)
        }
        command => match commands::load(data) {
            Err(e) => {
                eprintln!("{e}");
                commands::EXIT_FAILURE
            }
            Ok(kb) => match command {
                Some(Command::Search {
                    tab,
                    limit,
                    json,
                    query,
                }) => commands::search(&kb, &query, tab, limit, json),
                Some(Command::Show { id, json }) => commands::show(&kb, &id, json),
                _ => commands::summary(&kb),
            },
        },
    };
    ExitCode::from(code)
}
