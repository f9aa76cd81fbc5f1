//! `qwen-tui brief`.

use std::io::Write;

use crate::cli::args::BriefFormat;
use crate::kb::KnowledgeBase;
use crate::output::brief::{Brief, markdown, plain};

/// Prints the brief of `kb`. A closed pipe (`| head`) is not an error.
pub fn brief(
    kb: &KnowledgeBase,
    format: BriefFormat,
    all: bool,
    horizon: crate::kb::age::Horizon,
) -> u8 {
    let brief = Brief::new(kb, all, horizon);
    let text = match format {
        BriefFormat::Plain => plain(&brief),
        BriefFormat::Markdown => markdown(&brief),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    0
}
