//! The headless commands: each returns the process exit code.

mod brief;
mod check;
mod export;
mod generated;
mod search;
mod show;

pub use brief::brief;
pub use check::check;
pub use export::export;
pub use generated::{completions, man};
pub use search::search;
pub use show::show;

use std::path::PathBuf;

use crate::kb::cache::PendingWrite;
use crate::kb::{self, KnowledgeBase, LoadError};

/// Exit code for a knowledge base that does not load, or a lookup that finds nothing.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage error: bad arguments, or a query filter that names nothing.
pub const EXIT_USAGE: u8 = 2;

/// Loads `--data` if given (one file, several, or directories of them: one knowledge
/// base), else the embedded knowledge base.
///
/// A large file just parsed comes with its cache file still to write: the caller writes it
/// once the user has what they asked for (the explorer, after its first frame; a command,
/// after its output).
pub fn load(data: &[PathBuf]) -> Result<(KnowledgeBase, Option<PendingWrite>), LoadError> {
    if data.is_empty() {
        return Ok((kb::load_embedded()?, None));
    }
    let _note = crate::cli::progress::Progress::start("loading", data);
    kb::cache::load_deferred(data, kb::cache::dir().as_deref())
}
