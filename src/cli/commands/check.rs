//! `qwen-tui check`, and the summary printed when no command is given.

use std::io::Write;

use crate::kb::sanitize::sanitize_line;
use crate::kb::{KnowledgeBase, LoadError, Tab};

fn counts(kb: &KnowledgeBase, out: &mut impl Write) -> std::io::Result<()> {
    for tab in Tab::ALL {
        writeln!(out, "  {:<12} {:>5}", tab.name(), kb.count(tab))?;
    }
    let entries = kb.entries.len() - kb.count(Tab::Sources);
    writeln!(out, "  {:<12} {:>5}", "entries", entries)?;
    writeln!(out, "  {:<12} {:>5}", "disputed", kb.disputed_count())
}

/// Prints what `check` found; the exit code says whether the file is valid. `origin`
/// names the files as the user gave them: a file name may hold escape sequences (a window
/// title, a clipboard write), so it is sanitised like the diagnostics are.
pub fn check(result: Result<&KnowledgeBase, LoadError>, origin: &str) -> u8 {
    let origin = sanitize_line(origin);
    match result {
        Ok(kb) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{origin}: valid");
            let _ = counts(kb, &mut out);
            0
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            let n = e.diagnostics.len() + e.omitted;
            let _ = writeln!(
                std::io::stderr(),
                "{origin}: {n} error{}",
                if n == 1 { "" } else { "s" }
            );
            super::EXIT_FAILURE
        }
    }
}
