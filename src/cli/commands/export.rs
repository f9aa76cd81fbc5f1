//! `qwen-tui export [FILE]`: the knowledge base compiled into the binary, written out byte
//! for byte — a copy to edit (`e` in the explorer) or to start a knowledge base of one's
//! own from.

use std::io::Write;
use std::path::Path;

use super::EXIT_FAILURE;
use crate::kb::load::EMBEDDED_YAML;
use crate::kb::sanitize::sanitize_line;

/// Writes the embedded YAML to `file` (an existing file is kept unless `force`), or to
/// standard output when there is none or it is `-`. A closed pipe is not an error.
pub fn export(file: Option<&Path>, force: bool) -> u8 {
    let Some(path) = file.filter(|p| p.as_os_str() != "-") else {
        return match std::io::stdout().lock().write_all(EMBEDDED_YAML.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                let _ = writeln!(std::io::stderr(), "qwen-tui: cannot write: {e}");
                EXIT_FAILURE
            }
            _ => 0,
        };
    };
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    match write_file(path, force) {
        Ok(()) => {
            let _ = writeln!(
                std::io::stderr(),
                "qwen-tui: wrote the built-in knowledge base to {shown} ({} bytes); explore and edit it with `qwen-tui --data {shown}`",
                EMBEDDED_YAML.len()
            );
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                std::io::stderr(),
                "qwen-tui: {shown} already exists; it is kept (give --force to overwrite it)"
            );
            EXIT_FAILURE
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "qwen-tui: cannot write {shown}: {e}");
            EXIT_FAILURE
        }
    }
}

/// Creates `path` — only if it does not exist, unless `force` — and writes the YAML.
fn write_file(path: &Path, force: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // Refused by the system itself if the file exists, even if it appeared just now.
        options.create_new(true);
    }
    let mut f = options.open(path)?;
    f.write_all(EMBEDDED_YAML.as_bytes())?;
    f.flush()
}
