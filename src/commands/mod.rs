//! The headless commands: each returns the process exit code.

mod check;
mod search;
mod show;

pub use check::check;
pub use search::search;
pub use show::show;

use std::path::Path;

use crate::kb::{self, KnowledgeBase, LoadError};

/// Exit code for a knowledge base that does not load, or a lookup that finds nothing.
pub const EXIT_FAILURE: u8 = 1;

/// Loads `--data` if given, else the embedded knowledge base.
pub fn load(data: Option<&Path>) -> Result<KnowledgeBase, LoadError> {
    match data {
        Some(p) => kb::load_path(p),
        None => kb::load_embedded(),
    }
}
